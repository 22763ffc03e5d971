package org.seqlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.seqlab.bundle.BundledModels;
import org.seqlab.bundle.ModelBundle;
import org.seqlab.seq2seq.Translator;
import org.seqlab.tagger.TaggedSentence;
import org.seqlab.tagger.TaggedSpan;
import org.seqlab.tagger.Tagger;
import picocli.CommandLine;

/**
 * The bundled default models (resources/models/ner.zip and pos.zip, built by scripts/build-default-models.sh, and
 * en-de.zip, built by scripts/build-en-de.sh): real outputs, manifests and sizes. Each test is skipped with a message
 * while its model is absent.
 */
class DefaultModelsTest {
    private static final long MAX_BYTES = 15L * 1024 * 1024;

    private static void require(String name) {
        Assumptions.assumeTrue(BundledModels.isAvailable(name), () -> "skipped: resources/models/" + name
                + ".zip is absent (scripts/build-default-models.sh or scripts/build-en-de.sh builds it)");
    }

    private static long resourceBytes(String name) throws Exception {
        var url = Thread.currentThread().getContextClassLoader().getResource(BundledModels.RESOURCE_DIR + name + ".zip");
        return url.openConnection().getContentLengthLong();
    }

    @Test
    void nerFindsPersonsAndPlacesAndItsManifestGivesScoreDataAndRecipe() throws Exception {
        require("ner");
        Tagger ner = Tagger.load("ner");
        List<TaggedSentence> s = ner.tag("Angela Merkel visited Paris.");
        assertThat(s).hasSize(1);
        assertThat(s.get(0).spans()).extracting(TaggedSpan::label, TaggedSpan::text, TaggedSpan::begin)
                .contains(org.assertj.core.groups.Tuple.tuple("PER", "Angela Merkel", 0),
                        org.assertj.core.groups.Tuple.tuple("LOC", "Paris", 22));
        assertThat(ner.devScore()).isGreaterThan(90.0);
        assertThat(ner.info().provenance()).containsEntry("format", "conll2003").containsKey("shrink");
        assertThat(ner.info().file("train").name()).isEqualTo("eng.train");
        assertThat(resourceBytes("ner")).isLessThanOrEqualTo(MAX_BYTES);
    }

    @Test
    void posTagsASimpleSentenceWithUniversalTags() throws Exception {
        require("pos");
        Tagger pos = Tagger.load("pos");
        assertThat(pos.tag(List.of("The", "cat", "sat", "on", "the", "mat", ".")).tags())
                .containsExactly("DET", "NOUN", "VERB", "ADP", "DET", "NOUN", "PUNCT");
        assertThat(pos.devScore()).isGreaterThan(90.0);
        assertThat(pos.info().provenance()).containsEntry("format", "conllu");
        assertThat(resourceBytes("pos")).isLessThanOrEqualTo(MAX_BYTES);
    }

    @Test
    void theQuickStartCommandMarksEntitiesWithTheDefaultModel() {
        require("ner");
        StringWriter out = new StringWriter();
        CommandLine cl = SeqlabCommand.newCommandLine();
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute("tag", "--text", "Angela Merkel visited Paris.")).isZero();
        assertThat(out.toString()).isEqualTo("[Angela Merkel PER] visited [Paris LOC].\n");
    }

    @Test
    void enDeTranslatesPictureCaptionsAndFitsTheSizeLimit() throws Exception {
        require("en-de");
        Translator enDe = Translator.load("en-de");
        assertThat(enDe.translate(List.of("A man is riding a bike.", "", "Two dogs are playing in the snow.")))
                .containsExactly(EN_DE_BIKE, "", EN_DE_DOGS);
        ModelBundle bundle = ModelBundle.read(Thread.currentThread().getContextClassLoader()
                .getResourceAsStream(BundledModels.RESOURCE_DIR + "en-de.zip"), "en-de.zip");
        assertThat(bundle.manifest().metrics().get("val_bleu")).isGreaterThan(35.0);
        assertThat(resourceBytes("en-de")).isLessThanOrEqualTo(25_000_000L);

        CliRun.Result r = CliRun.run("translate", "--model", "en-de", "--beam", "5", "--text",
                "A man is riding a bike.");
        assertThat(r.rc()).isZero();
        assertThat(r.out()).isEqualTo(EN_DE_BIKE_BEAM5 + "\n");
    }

    @Test
    void enDeTranslatesTheSameSentencesWithInt8Products() {
        require("en-de");
        Assumptions.assumeTrue(org.seqlab.nn.kernel.Int8Matrix.supported(),
                "skipped: no int8 products on this machine (oneDNN with VNNI)");
        Translator int8 = Translator.load("en-de").withInt8(true);
        assertThat(int8.int8()).isTrue();
        assertThat(int8.translate(List.of("A man is riding a bike.", "", "Two dogs are playing in the snow.")))
                .containsExactly(EN_DE_BIKE, "", EN_DE_DOGS);
        CliRun.Result r = CliRun.run("translate", "--model", "en-de", "--beam", "5", "--int8", "--text",
                "A man is riding a bike.");
        assertThat(r.rc()).isZero();
        assertThat(r.out()).isEqualTo(EN_DE_BIKE_BEAM5 + "\n");
    }

    private static final String EN_DE_BIKE = "Ein Mann fährt auf einem Fahrrad.";
    private static final String EN_DE_DOGS = "Zwei Hunde spielen im Schnee.";
    private static final String EN_DE_BIKE_BEAM5 = "Ein Mann fährt Fahrrad.";
}
