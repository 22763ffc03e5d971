package org.seqlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.seq2seq.TranslationTrainingConfig;

/** Config file errors read {@code FILE:LINE:COLUMN: problem} in plain words, located at the field concerned. */
class ConfigFilesTest {
    @TempDir
    Path dir;

    private Path config(String json) throws Exception {
        return Files.writeString(dir.resolve("c.json"), json, StandardCharsets.UTF_8);
    }

    private void assertRefused(String json, String locatedProblem) throws Exception {
        Path file = config(json);
        assertThatThrownBy(() -> TranslationTrainingConfig.read(file)).isInstanceOf(SeqlabException.class)
                .hasMessage(file + ":" + locatedProblem);
    }

    @Test
    void anUnknownFieldIsNamedWithItsSectionTheKnownFieldsAndItsOwnLine() throws Exception {
        // Jackson notices the unknown field at the end of "training" (line 8); the message points at the field
        assertRefused("""
                {
                  "model": {
                    "bpeMerges": 2
                  },
                  "training": {
                    "seed": 3,
                    "maxEpoch": 2
                  }
                }
                """, "7:5: unknown field \"maxEpoch\" in \"training\" (known: checkpointEverySteps, clipNorm, clipValue,"
                + " maxEpochs, optimizer, patience, progressBar, restoreBest, schedule, seed)");
        assertRefused("{\"bogus\": 3}", "1:2: unknown field \"bogus\" (known: averageCheckpoints, batchSize, model,"
                + " training)");
    }

    @Test
    void aValueOfTheWrongKindSaysWhatIsExpectedAndWhatWasGiven() throws Exception {
        assertRefused("{\"model\": {\"bpeMerges\": \"many\"}}",
                "1:12: \"model.bpeMerges\" must be a whole number, not \"many\"");
        // Jackson would quietly cut 2.5 to 2
        assertRefused("{\"model\": {\"bpeMerges\": 2.5}}", "1:12: \"model.bpeMerges\" must be a whole number, not 2.5");
        assertRefused("{\"model\": {\"inputFeeding\": \"yes\"}}",
                "1:12: \"model.inputFeeding\" must be true or false, not \"yes\"");
        assertRefused("{\"training\": {\"optimizer\": \"adam\"}}", "1:15: \"training.optimizer\" must be an object"
                + " like {\"kind\": ...} (fields: kind, momentum, nesterov, beta1, beta2, epsilon, weightDecay), not \"adam\"");
        assertRefused("[1, 2]", "1:1: the config must be an object like {\"model\": ...} (fields: model, training,"
                + " batchSize, averageCheckpoints), not a list");
        assertRefused("{\"training\": {\"optimizer\": {\"kind\": \"adamm\"}}}",
                "1:29: \"training.optimizer.kind\": unknown optimizer 'adamm' (sgd, adam, adamw)");
    }

    @Test
    void jsonSyntaxErrorsAreLocatedWithoutJacksonsSourceReferences() throws Exception {
        assertRefused("{\n  \"model\": {\"bpeMerges\": 2,, }\n}", "2:28: JSON syntax error: Unexpected character"
                + " (',' (code 44)): was expecting double-quote to start field name");
        assertRefused("{\"batchSize\": 1, \"batchSize\": 2}", "1:29: JSON syntax error: Duplicate field 'batchSize'");
        assertRefused("{\"batchSize\": 1} {}",
                "1:18: JSON syntax error: more text after the end of the config (a config is one JSON object)");
        assertRefused("{\"batchSize\": 1}}", "1:17: JSON syntax error: Unexpected close marker '}': expected ']'"
                + " (for root starting at line: 1)");
        Path empty = config(" \n");
        assertThatThrownBy(() -> TranslationTrainingConfig.read(empty))
                .hasMessage(empty + ": empty file: a config is a JSON object, at least {}");
        Path missing = dir.resolve("missing.json");
        assertThatThrownBy(() -> TranslationTrainingConfig.read(missing)).hasMessage(missing + ": no such file");
    }

    @Test
    void eachValidationFailureHasItsOwnMessageAtItsField() throws Exception {
        assertRefused("{\"batchSize\": 0}", "1:2: batchSize must be ≥ 1, got 0");
        assertRefused("{\"averageCheckpoints\": -1}", "1:2: averageCheckpoints must be ≥ 0, got -1");
        assertRefused("{\n  \"training\": {\"patience\": -1}\n}", "2:16: \"training\": patience must be ≥ 0, got -1");
        assertRefused("{\n  \"model\": {\n    \"dropout\": 1.5\n  }\n}",
                "3:5: \"model\": dropout must be in [0, 1), got 1.5");
        // a check of two fields points at the first one the message names
        assertRefused("{\"model\": {\"decoderHidden\": 8, \"tieEmbeddings\": true}}",
                "1:32: \"model\": tieEmbeddings needs embeddingSize (256) == decoderHidden (8)");
    }

    @Test
    void aValidFileReadsWithDefaultsForWhatItLeavesOut() throws Exception {
        TranslationTrainingConfig c = TranslationTrainingConfig.read(config("{\"model\": {\"bpeMerges\": 2},"
                + " \"training\": {\"maxEpochs\": 3}, \"batchSize\": 4}"));
        assertThat(c.model().bpeMerges()).isEqualTo(2);
        assertThat(c.model().dropout()).isEqualTo(TranslationTrainingConfig.defaults().model().dropout());
        assertThat(c.training().maxEpochs()).isEqualTo(3);
        assertThat(c.batchSize()).isEqualTo(4);
        // the shipped recipe reads under the stricter rules (a whole number for clipNorm is a number)
        TranslationTrainingConfig recipe = TranslationTrainingConfig.read(Path.of("../scripts/translate-en-de.json"));
        assertThat(recipe.model().bpeMerges()).isEqualTo(7000);
        assertThat(recipe.training().clipNorm()).isEqualTo(5.0);
        assertThat(recipe.averageCheckpoints()).isEqualTo(5);
    }
}
