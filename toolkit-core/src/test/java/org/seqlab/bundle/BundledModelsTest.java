package org.seqlab.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.SeqlabException;

/** Model references: a bundled name read from the classpath in memory, else a path; clear errors for both. */
class BundledModelsTest {
    @TempDir
    Path dir;

    private static void writeBundle(Path file, String marker) throws IOException {
        ModelBundle.writer("tagger").setConfig(Map.of("marker", marker)).addText("note.txt", marker).write(file);
    }

    /** Runs {@code body} with a class loader that sees {@code root} as a classpath folder. */
    private static void withClasspath(Path root, ThrowingRunnable body) throws Exception {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        try (URLClassLoader cl = new URLClassLoader(new URL[] {root.toUri().toURL()}, before)) {
            t.setContextClassLoader(cl);
            body.run();
        } finally {
            t.setContextClassLoader(before);
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void aBundledNameIsReadFromTheClasspathAndAnythingElseIsAPath() throws Exception {
        Path cp = dir.resolve("cp");
        Files.createDirectories(cp.resolve(BundledModels.RESOURCE_DIR));
        writeBundle(cp.resolve(BundledModels.RESOURCE_DIR + "pos.zip"), "bundled pos");
        Path file = dir.resolve("mine.zip");
        writeBundle(file, "a file");
        withClasspath(cp, () -> {
            assertThat(BundledModels.available()).containsExactly("pos");
            ModelBundle pos = BundledModels.read("pos");
            assertThat(pos.text("note.txt")).isEqualTo("bundled pos");
            assertThat(pos.source()).isEqualTo("bundled model 'pos'");
            assertThat(BundledModels.read(file.toString()).text("note.txt")).isEqualTo("a file");
            assertThatThrownBy(() -> BundledModels.read("ner")).isInstanceOf(SeqlabException.class)
                    .hasMessage("bundled model 'ner' is not in this build (resources/models/ner.zip is absent; "
                            + "scripts/build-default-models.sh makes ner and pos, scripts/build-en-de.sh en-de); "
                            + "bundled models: pos");
            assertThatThrownBy(() -> BundledModels.read("nerr")).isInstanceOf(SeqlabException.class)
                    .hasMessage("unknown model 'nerr': not a bundled model name nor a file; bundled models: pos");
        });
    }

    @Test
    void aTaggerReferenceListsOnlyTheBundledTaggers() throws Exception {
        Path cp = dir.resolve("cp2");
        Files.createDirectories(cp.resolve(BundledModels.RESOURCE_DIR));
        writeBundle(cp.resolve(BundledModels.RESOURCE_DIR + "pos.zip"), "bundled pos");
        ModelBundle.writer("translator").setConfig(Map.of("marker", "en-de")).addText("note.txt", "en-de")
                .write(cp.resolve(BundledModels.RESOURCE_DIR + "en-de.zip"));
        withClasspath(cp, () -> {
            assertThatThrownBy(() -> BundledModels.read("xx"))
                    .hasMessage("unknown model 'xx': not a bundled model name nor a file; bundled models: pos, en-de");
            assertThatThrownBy(() -> BundledModels.readTagger("xx"))
                    .hasMessage("unknown model 'xx': not a bundled model name nor a file; bundled models: pos");
            assertThat(BundledModels.readTagger("pos").text("note.txt")).isEqualTo("bundled pos");
        });
    }

    @Test
    void aMissingPathIsNamedAndNoBundledModelsIsSaidPlainly() throws Exception {
        Path missing = dir.resolve("gone.zip");
        assertThatThrownBy(() -> BundledModels.read(missing.toString())).isInstanceOf(SeqlabException.class)
                .hasMessage(missing + ": no such file");
        withClasspath(dir, () -> assertThatThrownBy(() -> BundledModels.read("xx")).hasMessageEndingWith(
                BundledModels.available().isEmpty() ? "this build has no bundled models"
                        : "bundled models: " + String.join(", ", BundledModels.available())));
        assertThatThrownBy(() -> BundledModels.read(" ")).hasMessageStartingWith("no model given");
    }
}
