package org.seqlab;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/**
 * Locates {@code ../shared} (research-only data, outside oracles) for tests. Where a file is absent the calling test is
 * skipped with a message naming the path; it never passes silently.
 */
public final class SharedData {
    private SharedData() {
    }

    /** The shared folder: system property {@code seqlab.shared} (set by the build), else {@code ../shared}. */
    public static Path root() {
        String p = System.getProperty("seqlab.shared");
        return Path.of(p != null ? p : "../shared").toAbsolutePath().normalize();
    }

    /** {@code shared/data/<relative>}, or skips the test if it is missing. */
    public static Path data(String relative) {
        return require(root().resolve("data").resolve(relative));
    }

    /** {@code shared/fixtures/<relative>}, or skips the test if it is missing. */
    public static Path fixture(String relative) {
        return require(root().resolve("fixtures").resolve(relative));
    }

    /** {@code shared/bench/<relative>}, or skips the test if it is missing. */
    public static Path bench(String relative) {
        return require(root().resolve("bench").resolve(relative));
    }

    private static Path require(Path p) {
        Assumptions.assumeTrue(Files.exists(p), () -> "skipped: " + p + " is absent (tests read ../shared beside the repository)");
        return p;
    }
}
