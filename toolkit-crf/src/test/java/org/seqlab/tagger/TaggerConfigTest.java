package org.seqlab.tagger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.seqlab.SeqlabException;
import org.seqlab.train.OptimizerConfig;
import org.seqlab.train.TrainerConfig;

class TaggerConfigTest {
    @Test
    void emptyJsonGivesTheDocumentedDefaults() {
        TaggerConfig c = TaggerConfig.fromJson("{}", "c.json");
        assertThat(c.wordDim()).isEqualTo(50);
        assertThat(c.lowercaseWords()).isTrue();
        assertThat(c.casingDim()).isEqualTo(8);
        assertThat(c.charEncoder()).isEqualTo("cnn");
        assertThat(c.charDim()).isEqualTo(30);
        assertThat(c.charFilters()).isEqualTo(50);
        assertThat(c.charWidth()).isEqualTo(3);
        assertThat(c.dropout()).isEqualTo(0.5);
        assertThat(c.lstmLayers()).isEqualTo(1);
        assertThat(c.lstmHidden()).isEqualTo(200);
        assertThat(c.output()).isEqualTo("crf");
        assertThat(c.batchSize()).isEqualTo(32);
        assertThat(c.trainer().optimizer().kind()).isEqualTo(OptimizerConfig.Kind.SGD);
        assertThat(c.trainer().optimizer().momentum()).isEqualTo(0.9);
        assertThat(c.trainer().schedule().learningRate()).isEqualTo(0.015);
    }

    @Test
    void writtenJsonReadsBackEqual() {
        TaggerConfig c = TaggerConfig.fromJson("{\"charEncoder\":\"lstm\",\"lstmLayers\":2,\"output\":\"softmax\"}", "c");
        assertThat(TaggerConfig.fromJson(c.toJson(), "again")).isEqualTo(c);
        assertThat(c.lstmLayers()).isEqualTo(2);
    }

    @Test
    void aBadSettingIsAnErrorNamingTheFileAndTheField() {
        assertThatThrownBy(() -> TaggerConfig.fromJson("{\"lstmLayers\":3}", "my.json"))
                .isInstanceOf(SeqlabException.class).hasMessageContaining("my.json").hasMessageContaining("lstmLayers");
        assertThatThrownBy(() -> TaggerConfig.fromJson("{\"charEncoder\":\"gru\"}", "my.json"))
                .isInstanceOf(SeqlabException.class).hasMessageContaining("charEncoder");
    }

    @Test
    void aConfigFileErrorNamesFileLineAndColumnInWords(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("typo.json"),
                "{\n  \"lstmHidden\": 32,\n  \"trainer\": {\n    \"maxEpoch\": 3\n  }\n}\n");
        assertThatThrownBy(() -> TaggerConfig.read(file)).isInstanceOf(SeqlabException.class)
                .hasMessageStartingWith(file + ":4:")
                .hasMessageContaining("unknown field \"maxEpoch\"").hasMessageNotContaining("org.seqlab");
        // the shipped recipes read, their trainer blocks as written
        for (String recipe : List.of("ner", "pos", "es")) {
            java.nio.file.Path path = java.nio.file.Path.of("..", "scripts", recipe + ".json");
            assertThat(TaggerConfig.read(path).trainer().optimizer().kind()).as(recipe).isEqualTo(OptimizerConfig.Kind.SGD);
        }
    }

    @Test
    void recipeOptionsReadFromJsonWithTheirDefaults() {
        TaggerConfig d = TaggerConfig.fromJson("{}", "c.json");
        assertThat(d.extraWordTables()).isEmpty();
        assertThat(d.averageCheckpoints()).isZero();
        assertThat(d.averageOf()).isEqualTo("best");
        assertThat(d.variationalDropout()).isFalse();
        TaggerConfig c = TaggerConfig.fromJson("{\"extraWordTables\":[{\"lookup\":\"cased\"},"
                + "{\"lookup\":\"lowercase\",\"dim\":20,\"fineTune\":false}],\"averageCheckpoints\":5,"
                + "\"averageOf\":\"last\",\"variationalDropout\":true}", "c.json");
        assertThat(c.variationalDropout()).isTrue();
        assertThat(c.extraWordTables()).containsExactly(new TaggerConfig.WordTable("cased", 50),
                new TaggerConfig.WordTable("lowercase", 20, false));
        assertThat(c.extraWordTables().get(0).fineTune()).isTrue();
        assertThat(c.averageCheckpoints()).isEqualTo(5);
        assertThat(c.averageOf()).isEqualTo("last");
        assertThat(TaggerConfig.fromJson(c.toJson(), "again")).isEqualTo(c);
        assertThatThrownBy(() -> TaggerConfig.fromJson("{\"extraWordTables\":[{\"lookup\":\"upper\"}]}", "my.json"))
                .isInstanceOf(SeqlabException.class).hasMessageContaining("my.json").hasMessageContaining("lookup");
        assertThatThrownBy(() -> TaggerConfig.fromJson("{\"averageOf\":\"first\"}", "my.json"))
                .isInstanceOf(SeqlabException.class).hasMessageContaining("averageOf");
        assertThatThrownBy(() -> TaggerConfig.fromJson("{\"averageCheckpoints\":-1}", "my.json"))
                .isInstanceOf(SeqlabException.class).hasMessageContaining("averageCheckpoints");
    }

    @Test
    void auxiliaryTagTasksReadFromJsonWithTheirDefaultsAndAreDroppedForInference() {
        TaggerConfig c = TaggerConfig.fromJson("{\"auxiliaryTags\":[{\"column\":\"xpos\"},"
                + "{\"column\":\"deprel\",\"weight\":0.5}]}", "c.json");
        assertThat(c.auxiliaryTags()).containsExactly(new TaggerConfig.AuxiliaryTagTask("xpos", 1.0, 0),
                new TaggerConfig.AuxiliaryTagTask("deprel", 0.5, 0));
        assertThat(TaggerConfig.fromJson("{}", "c.json").auxiliaryTags()).isEmpty();
        TaggerConfig counted = c.withAuxiliaryTags(List.of(c.auxiliaryTags().get(0).withLabels(50)));
        assertThat(TaggerConfig.fromJson(counted.toJson(), "again")).isEqualTo(counted);
        assertThat(counted.forInference().auxiliaryTags()).isEmpty();
        assertThat(counted.forInference().withAuxiliaryTags(counted.auxiliaryTags())).isEqualTo(counted);
        assertThatThrownBy(() -> TaggerConfig.fromJson("{\"auxiliaryTags\":[{\"column\":\"xpos\",\"weight\":0}]}",
                "my.json")).hasMessageContaining("my.json").hasMessageContaining("auxiliaryTags weight must be > 0");
        assertThatThrownBy(() -> TaggerConfig.fromJson("{\"auxiliaryTags\":[{\"weight\":1}]}", "my.json"))
                .hasMessageContaining("auxiliaryTags: each task needs a column");
    }

    @Test
    void adversarialTrainingIsOffByDefaultReadFromJsonAndKeptForInference() {
        assertThat(TaggerConfig.defaults().adversarial()).isZero();
        assertThat(TaggerConfig.fromJson("{}", "c.json").adversarial()).isZero();
        TaggerConfig c = TaggerConfig.fromJson("{\"adversarial\": 0.05}", "c.json");
        assertThat(c.adversarial()).isEqualTo(0.05);
        assertThat(TaggerConfig.fromJson(c.toJson(), "again")).isEqualTo(c);
        // it adds no layers, so a bundle's config keeps it as a record of how the model was trained
        assertThat(c.forInference().adversarial()).isEqualTo(0.05);
        assertThat(c.withSeed(3).withMaxEpochs(2).adversarial()).isEqualTo(0.05);
        assertThatThrownBy(() -> TaggerConfig.fromJson("{\"adversarial\": -0.1}", "my.json"))
                .hasMessageContaining("my.json").hasMessageContaining("adversarial must be ≥ 0");
    }

    @Test
    void aPartialTrainerBlockTakesTheTaggersDefaultsForItsAbsentFields() {
        TaggerConfig c = TaggerConfig.fromJson("{\"lstmHidden\":32,\"trainer\":{\"maxEpochs\":1}}", "c.json");
        TrainerConfig d = TaggerConfig.defaultTrainer();
        assertThat(c.trainer()).isEqualTo(new TrainerConfig(1, d.patience(), d.clipNorm(), d.clipValue(), d.seed(),
                d.checkpointEverySteps(), d.progressBar(), d.restoreBest(), d.optimizer(), d.schedule()));
        assertThat(c.trainer().patience()).isEqualTo(8);
        assertThat(c.trainer().optimizer()).isEqualTo(OptimizerConfig.sgd(0.9, false));
        TaggerConfig adam = TaggerConfig.fromJson("{\"trainer\":{\"patience\":0,\"optimizer\":{\"kind\":\"adam\"}}}",
                "c.json");
        assertThat(adam.trainer().patience()).isZero();
        assertThat(adam.trainer().optimizer().kind()).isEqualTo(OptimizerConfig.Kind.ADAM);
        assertThat(adam.trainer().schedule()).isEqualTo(d.schedule());
        assertThat(adam.trainer().maxEpochs()).isEqualTo(50);
    }

    @Test
    void seedAndEarlyStoppingOverridesKeepTheRestOfTheTrainer() {
        TaggerConfig d = TaggerConfig.defaults();
        TaggerConfig c = d.withSeed(42).withoutEarlyStopping();
        assertThat(c.trainer().seed()).isEqualTo(42);
        assertThat(c.trainer().patience()).isZero();
        assertThat(c.trainer().restoreBest()).isFalse();
        assertThat(c.trainer().maxEpochs()).isEqualTo(d.trainer().maxEpochs());
        assertThat(c.trainer().schedule()).isEqualTo(d.trainer().schedule());
    }

    @Test
    void casingClassesFollowTheDocumentedOrder() {
        assertThat(Casing.of("1,000.5")).isEqualTo(Casing.NUMERIC);
        assertThat(Casing.of("A4")).isEqualTo(Casing.CONTAINS_DIGIT);
        assertThat(Casing.of("house")).isEqualTo(Casing.ALL_LOWER);
        assertThat(Casing.of("EU")).isEqualTo(Casing.ALL_UPPER);
        assertThat(Casing.of("Paris")).isEqualTo(Casing.INITIAL_UPPER);
        assertThat(Casing.of("McDonald")).isEqualTo(Casing.MIXED);
        assertThat(Casing.of("iPhone")).isEqualTo(Casing.MIXED);
        assertThat(Casing.of("--")).isEqualTo(Casing.OTHER);
    }
}
