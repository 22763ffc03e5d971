package org.seqlab.tagger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.SeqlabException;
import org.seqlab.bundle.ModelBundle;
import org.seqlab.conll.ConllFormat;

class TokenizerSettingsTest {
    @TempDir
    Path dir;

    Path fixture(String name) throws IOException {
        Path out = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream(name)) {
            Files.copy(in, out);
        }
        return out;
    }

    @Test
    void aBundleFromBeforeTokenizerSettingsLoadsWithTheUdConventions() throws IOException {
        Path old = fixture("tiny-ner.zip");
        assertThat(ModelBundle.read(old).text("tagger.json")).contains("\"tokenizer\" : \"standard\"");
        Tagger tagger = Tagger.load(old);
        assertThat(tagger.info().tokenizer()).isEqualTo(TokenizerSettings.UD);
        assertThat(tagger.tag("Alice-Bob saw Rome.").get(0).tokens()).containsExactly("Alice", "-", "Bob", "saw",
                "Rome", ".");
    }

    @Test
    void settingsAreSavedInTheBundleAndTagStringCutsTextWithThem() throws IOException {
        Tagger old = Tagger.load(fixture("tiny-ner.zip"));
        TaggerInfo info = old.info();
        Tagger penn = new Tagger(old.model(), old.lexicon(),
                new TaggerInfo(info.dataScheme(), info.metrics(), info.data(), TokenizerSettings.PENN));
        Path saved = dir.resolve("penn.zip");
        penn.save(saved);
        assertThat(ModelBundle.read(saved).text("tagger.json")).contains("\"keepHyphenated\" : true");
        Tagger loaded = Tagger.load(saved);
        assertThat(loaded.info().tokenizer()).isEqualTo(TokenizerSettings.PENN);
        TaggedSentence s = loaded.tag("Alice saw Paris-Rome on 1996-08-28.").get(0);
        assertThat(s.tokens()).containsExactly("Alice", "saw", "Paris-Rome", "on", "1996-08-28", ".");
        assertThat(s.spans().get(0).text()).isEqualTo("Alice");
        assertThat(s.spans().get(0).endChar()).isEqualTo(5);
    }

    @Test
    void eachTrainingFormatGetsItsCorporasConventions() {
        assertThat(TokenizerSettings.forFormat(ConllFormat.CONLL2003)).isEqualTo(TokenizerSettings.PENN);
        assertThat(TokenizerSettings.forFormat(ConllFormat.CONLL2002)).isEqualTo(TokenizerSettings.PENN);
        assertThat(TokenizerSettings.forFormat(ConllFormat.CONLL2000)).isEqualTo(TokenizerSettings.PENN);
        assertThat(TokenizerSettings.forFormat(ConllFormat.WNUT)).isEqualTo(TokenizerSettings.PENN);
        assertThat(TokenizerSettings.forFormat(ConllFormat.CONLLU)).isEqualTo(TokenizerSettings.UD);
        assertThat(TokenizerSettings.PENN.tokenizer().tokenize("German-born").get(0).text()).isEqualTo("German-born");
        assertThat(TokenizerSettings.UD.tokenizer().tokenize("German-born")).hasSize(3);
    }

    @Test
    void anUnknownTokenizerOrABadValueIsRefusedNamingTheFile() throws IOException {
        ObjectMapper json = new ObjectMapper();
        assertThat(TokenizerSettings.fromJson(json.readTree("{\"name\":\"standard\",\"keepHyphenated\":true}"), "f"))
                .isEqualTo(TokenizerSettings.PENN);
        assertThat(TokenizerSettings.fromJson(null, "f")).isEqualTo(TokenizerSettings.UD);
        assertThatThrownBy(() -> TokenizerSettings.fromJson(json.readTree("\"sentencepiece\""), "m.zip: tagger.json"))
                .isInstanceOf(SeqlabException.class).hasMessageContaining("m.zip: tagger.json")
                .hasMessageContaining("sentencepiece");
        assertThatThrownBy(() -> TokenizerSettings.fromJson(
                json.readTree("{\"name\":\"standard\",\"keepHyphenated\":\"yes\"}"), "m.zip: tagger.json"))
                .isInstanceOf(SeqlabException.class).hasMessageContaining("keepHyphenated");
    }
}
