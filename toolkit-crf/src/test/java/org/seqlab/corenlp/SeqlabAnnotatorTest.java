package org.seqlab.corenlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import edu.stanford.nlp.ling.CoreAnnotations;
import edu.stanford.nlp.ling.CoreLabel;
import edu.stanford.nlp.pipeline.Annotation;
import edu.stanford.nlp.pipeline.StanfordCoreNLP;
import edu.stanford.nlp.util.CoreMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.SeqlabException;

/**
 * The annotator in a real {@code tokenize,ssplit,seqlab} pipeline (no CoreNLP model files needed), with the tiny
 * tagger fixtures of {@code org.seqlab.tagger.TinyTaggerFixtures}: a synthetic language in which every word always
 * has the same tag, so the expected output is known by construction.
 */
class SeqlabAnnotatorTest {
    @TempDir
    static Path dir;
    static Path ner;
    static Path pos;

    @BeforeAll
    static void copyFixtures() throws IOException {
        ner = copy("tiny-ner.zip");
        pos = copy("tiny-pos.zip");
    }

    static Path copy(String name) throws IOException {
        Path out = dir.resolve(name);
        try (InputStream in = SeqlabAnnotatorTest.class.getResourceAsStream("/org/seqlab/tagger/" + name)) {
            Files.copy(in, out);
        }
        return out;
    }

    /** The README's CoreNLP properties block, verbatim, with only the model path replaced by the fixture's. */
    static Properties readmeProperties(Path model) throws IOException {
        String readme = Files.readString(Path.of("..", "README.md")); // surefire runs in the module folder
        int section = readme.indexOf("\n## CoreNLP\n");
        assertThat(section).as("README section ## CoreNLP").isPositive();
        int begin = readme.indexOf("```properties\n", section) + "```properties\n".length();
        String block = readme.substring(begin, readme.indexOf("```", begin));
        Properties props = new Properties();
        props.load(new StringReader(block));
        assertThat(props.getProperty("seqlab.model")).isEqualTo("ner.zip");
        props.setProperty("seqlab.model", model.toString());
        return props;
    }

    static StanfordCoreNLP pipeline(Path model, String annotation) {
        Properties props = new Properties();
        props.setProperty("annotators", "tokenize,ssplit,seqlab");
        props.setProperty("customAnnotatorClass.seqlab", SeqlabAnnotator.class.getName());
        props.setProperty("seqlab.model", model.toString());
        if (annotation != null) {
            props.setProperty("seqlab.annotation", annotation);
        }
        return new StanfordCoreNLP(props);
    }

    static List<String> column(Annotation doc, java.util.function.Function<CoreLabel, String> f) {
        List<String> out = new ArrayList<>();
        for (CoreLabel t : doc.get(CoreAnnotations.TokensAnnotation.class)) {
            out.add(t.word() + "/" + f.apply(t));
        }
        return out;
    }

    @Test
    void theReadmePropertiesFillNerTagsAndEntityMentions() throws IOException {
        StanfordCoreNLP pipeline = new StanfordCoreNLP(readmeProperties(ner));
        String text = "Alice visited New Rome. Bob saw the dog and Carol.";
        Annotation doc = new Annotation(text);
        pipeline.annotate(doc);

        assertThat(column(doc, CoreLabel::ner)).containsExactly("Alice/PER", "visited/O", "New/LOC", "Rome/LOC",
                "./O", "Bob/PER", "saw/O", "the/O", "dog/O", "and/O", "Carol/PER", "./O");
        Annotation hyphenated = new Annotation("Alice-Bob saw Rome.");
        pipeline.annotate(hyphenated);
        assertThat(column(hyphenated, CoreLabel::ner).get(0)).startsWith("Alice-Bob/");
        List<CoreMap> mentions = doc.get(CoreAnnotations.MentionsAnnotation.class);
        assertThat(mentions).extracting(m -> m.get(CoreAnnotations.TextAnnotation.class),
                m -> m.get(CoreAnnotations.EntityTypeAnnotation.class),
                m -> m.get(CoreAnnotations.CharacterOffsetBeginAnnotation.class),
                m -> m.get(CoreAnnotations.CharacterOffsetEndAnnotation.class),
                m -> m.get(CoreAnnotations.TokenBeginAnnotation.class),
                m -> m.get(CoreAnnotations.TokenEndAnnotation.class),
                m -> m.get(CoreAnnotations.SentenceIndexAnnotation.class),
                m -> m.get(CoreAnnotations.EntityMentionIndexAnnotation.class))
                .containsExactly(tuple("Alice", "PER", 0, 5, 0, 1, 0, 0), tuple("New Rome", "LOC", 14, 22, 2, 4, 0, 1),
                        tuple("Bob", "PER", 24, 27, 5, 6, 1, 2), tuple("Carol", "PER", 44, 49, 10, 11, 1, 3));
        for (CoreMap m : mentions) {
            assertThat(text.substring(m.get(CoreAnnotations.CharacterOffsetBeginAnnotation.class),
                    m.get(CoreAnnotations.CharacterOffsetEndAnnotation.class)))
                    .isEqualTo(m.get(CoreAnnotations.TextAnnotation.class));
            String type = m.get(CoreAnnotations.NamedEntityTagAnnotation.class);
            assertThat(m.get(CoreAnnotations.NamedEntityTagProbsAnnotation.class).get(type)).isBetween(0.5, 1.0);
            for (CoreLabel t : m.get(CoreAnnotations.TokensAnnotation.class)) {
                assertThat(t.get(CoreAnnotations.EntityMentionIndexAnnotation.class))
                        .isEqualTo(m.get(CoreAnnotations.EntityMentionIndexAnnotation.class));
            }
        }
        List<CoreMap> sentences = doc.get(CoreAnnotations.SentencesAnnotation.class);
        assertThat(sentences.get(0).get(CoreAnnotations.MentionsAnnotation.class)).hasSize(2);
        assertThat(sentences.get(1).get(CoreAnnotations.MentionsAnnotation.class)).hasSize(2);
        CoreLabel visited = doc.get(CoreAnnotations.TokensAnnotation.class).get(1);
        assertThat(visited.get(CoreAnnotations.NamedEntityTagProbsAnnotation.class)).containsOnlyKeys("O");
        assertThat(visited.get(CoreAnnotations.PartOfSpeechAnnotation.class)).isNull();
    }

    @Test
    void posFillsPartOfSpeechTagsAndIsInferredForALabelModel() {
        for (String annotation : new String[] {"pos", null}) {
            Annotation doc = new Annotation("Alice saw the dog. Bob visited Paris.");
            pipeline(pos, annotation).annotate(doc);
            assertThat(column(doc, CoreLabel::tag)).containsExactly("Alice/PROPN", "saw/VERB", "the/DET",
                    "dog/NOUN", "./PUNCT", "Bob/PROPN", "visited/VERB", "Paris/PROPN", "./PUNCT");
            assertThat(doc.get(CoreAnnotations.TokensAnnotation.class).get(0).ner()).isNull();
            assertThat(doc.get(CoreAnnotations.MentionsAnnotation.class)).isNull();
        }
    }

    @Test
    void anEnsembleBundleServesAsTheModel() {
        Path ensemble = dir.resolve("pos-ensemble.zip");
        org.seqlab.tagger.TaggerEnsemble.write(ensemble, List.of(org.seqlab.bundle.ModelBundle.read(pos),
                org.seqlab.bundle.ModelBundle.read(pos)), java.util.Map.of(), java.util.Map.of());
        Annotation doc = new Annotation("Alice saw the dog. Bob visited Paris.");
        pipeline(ensemble, null).annotate(doc);
        assertThat(column(doc, CoreLabel::tag)).containsExactly("Alice/PROPN", "saw/VERB", "the/DET",
                "dog/NOUN", "./PUNCT", "Bob/PROPN", "visited/VERB", "Paris/PROPN", "./PUNCT");
    }

    @Test
    void requirementsAreTokensAndSentencesAndWhatItFillsIsDeclared() {
        SeqlabAnnotator n = new SeqlabAnnotator("seqlab", props(ner, "ner"));
        assertThat(n.requires()).contains(CoreAnnotations.TokensAnnotation.class,
                CoreAnnotations.SentencesAnnotation.class).doesNotContain(CoreAnnotations.PartOfSpeechAnnotation.class);
        assertThat(n.requirementsSatisfied()).contains(CoreAnnotations.NamedEntityTagAnnotation.class,
                CoreAnnotations.MentionsAnnotation.class).doesNotContain(CoreAnnotations.PartOfSpeechAnnotation.class);
        SeqlabAnnotator p = new SeqlabAnnotator("seqlab", props(pos, null));
        assertThat(p.requirementsSatisfied()).containsExactly(CoreAnnotations.PartOfSpeechAnnotation.class);
    }

    @Test
    void aPipelineWithoutTokenizeIsRefusedByCoreNlpsRequirementCheck() {
        Properties props = props(ner, "ner");
        props.setProperty("annotators", "seqlab");
        props.setProperty("customAnnotatorClass.seqlab", SeqlabAnnotator.class.getName());
        assertThatThrownBy(() -> new StanfordCoreNLP(props)).hasMessageContaining("seqlab")
                .hasMessageContaining("requires annotation");
    }

    @Test
    void documentsAnnotatedOnFourThreadsEqualOneByOne() throws Exception {
        SeqlabAnnotator annotator = new SeqlabAnnotator("seqlab", props(ner, "ner"));
        StanfordCoreNLP tokenizer = tokenizeSsplit();
        String[] names = {"Alice", "Bob", "Carol", "Dave"};
        String[] places = {"Paris", "London", "New Rome", "Rome"};
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            texts.add(names[i % 4] + " visited " + places[(i / 4) % 4] + ". " + names[(i + 1) % 4] + " saw the dog"
                    + (i % 3 == 0 ? " and " + names[(i + 2) % 4] : "") + ".");
        }
        List<List<String>> expected = new ArrayList<>();
        for (String t : texts) {
            Annotation doc = new Annotation(t);
            tokenizer.annotate(doc);
            annotator.annotate(doc);
            expected.add(column(doc, CoreLabel::ner));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<List<String>>>> futures = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                futures.add(pool.submit(() -> {
                    List<List<String>> out = new ArrayList<>();
                    for (String t : texts) {
                        Annotation doc = new Annotation(t);
                        tokenizer.annotate(doc);
                        annotator.annotate(doc);
                        out.add(column(doc, CoreLabel::ner));
                    }
                    return out;
                }));
            }
            for (Future<List<List<String>>> f : futures) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(expected.get(2)).startsWith("Carol/PER", "visited/O", "Paris/LOC");
    }

    @Test
    void badPropertiesGetMessagesNamingTheProperty() {
        assertThatThrownBy(() -> new SeqlabAnnotator("seqlab", new Properties()))
                .isInstanceOf(SeqlabException.class).hasMessageContaining("seqlab.model is not set");
        assertThatThrownBy(() -> new SeqlabAnnotator("seqlab", props(dir.resolve("missing.zip"), "ner")))
                .isInstanceOf(SeqlabException.class).hasMessageContaining("seqlab.model")
                .hasMessageContaining("missing.zip").hasMessageContaining("no such file");
        assertThatThrownBy(() -> new SeqlabAnnotator("seqlab", props(ner, "pos")))
                .isInstanceOf(SeqlabException.class).hasMessageContaining("seqlab.annotation = pos")
                .hasMessageContaining("use ner");
        assertThatThrownBy(() -> new SeqlabAnnotator("seqlab", props(ner, "lemma")))
                .isInstanceOf(SeqlabException.class).hasMessageContaining("must be ner or pos");
        assertThatThrownBy(() -> new SeqlabAnnotator("seqlab", props(Path.of("nosuchmodel"), null)))
                .isInstanceOf(SeqlabException.class).hasMessageContaining("seqlab.model = nosuchmodel").hasMessageContaining("not a bundled model name");
    }

    @Test
    void nullArgumentsAreNamed() {
        // were NPEs about Properties.getProperty, Tagger.spanTask and Annotation.get
        assertThatThrownBy(() -> new SeqlabAnnotator("seqlab", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("seqlab annotator: the properties are null");
        assertThatThrownBy(() -> new SeqlabAnnotator((org.seqlab.tagger.Tagger) null, SeqlabAnnotator.NER))
                .isInstanceOf(NullPointerException.class).hasMessage("seqlab annotator: the tagger is null");
        SeqlabAnnotator annotator = new SeqlabAnnotator("seqlab", props(ner, null));
        assertThatThrownBy(() -> annotator.annotate(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("seqlab annotator: the annotation is null");
    }

    @Test
    void aTokenOfWhiteSpaceOnlyIsRefusedNamingItsSentenceAndPosition() {
        Properties props = new Properties();
        props.setProperty("annotators", "tokenize,ssplit");
        Annotation doc = new Annotation("Alice saw Rome. Bob saw Paris.");
        new StanfordCoreNLP(props).annotate(doc);
        // CoreNLP's tokenizer makes no such token; one built by hand is refused, not tagged O
        CoreLabel saw = doc.get(CoreAnnotations.SentencesAnnotation.class).get(1)
                .get(CoreAnnotations.TokensAnnotation.class).get(1);
        saw.setOriginalText("\u00A0");
        SeqlabAnnotator annotator = new SeqlabAnnotator("seqlab", props(ner, null));
        assertThatThrownBy(() -> annotator.annotate(doc)).isInstanceOf(SeqlabException.class)
                .hasMessage("sentence 2, token 2 is white space only (U+00A0)");
    }

    @Test
    void propertiesAreReadUnderTheAnnotatorsOwnName() {
        Properties props = new Properties();
        props.setProperty("annotators", "tokenize,ssplit,tagpos");
        props.setProperty("customAnnotatorClass.tagpos", SeqlabAnnotator.class.getName());
        props.setProperty("tagpos.model", pos.toString());
        Annotation doc = new Annotation("Dave wrote the letter.");
        new StanfordCoreNLP(props).annotate(doc);
        assertThat(column(doc, CoreLabel::tag)).containsExactly("Dave/PROPN", "wrote/VERB", "the/DET",
                "letter/NOUN", "./PUNCT");
    }

    static Properties props(Path model, String annotation) {
        Properties p = new Properties();
        p.setProperty("seqlab.model", model.toString());
        if (annotation != null) {
            p.setProperty("seqlab.annotation", annotation);
        }
        return p;
    }

    static StanfordCoreNLP tokenizeSsplit() {
        Properties p = new Properties();
        p.setProperty("annotators", "tokenize,ssplit");
        return new StanfordCoreNLP(p);
    }
}
