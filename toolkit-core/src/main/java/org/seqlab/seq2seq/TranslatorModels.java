package org.seqlab.seq2seq;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.seqlab.SeqlabException;

/**
 * Finds a translator bundle given as a path or as the name of a bundled model: {@code en-de} is
 * {@code resources/models/en-de.zip} under the seqlab home (the system property {@code seqlab.home}, which the
 * {@code seqlab} launcher sets to the repository root; the working directory otherwise).
 */
public final class TranslatorModels {
    /** Where bundled models live, relative to the seqlab home. */
    public static final String DIRECTORY = "resources/models";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    private TranslatorModels() {
    }

    /** {@code model} itself when it is an existing file, else the bundled model of that name. */
    public static Path resolve(String model) {
        return resolve(model, Path.of(System.getProperty("seqlab.home", ".")));
    }

    static Path resolve(String model, Path home) {
        Path asPath = Path.of(model);
        if (Files.isRegularFile(asPath)) {
            return asPath;
        }
        if (NAME.matcher(model).matches()) {
            Path bundled = home.resolve(DIRECTORY).resolve(model + ".zip");
            if (Files.isRegularFile(bundled)) {
                return bundled;
            }
            throw new SeqlabException("no model file " + model + " and no bundled model '" + model + "' in "
                    + home.resolve(DIRECTORY) + " (bundled: " + String.join(", ", bundled(home)) + ")");
        }
        throw new SeqlabException(model + ": no such model file");
    }

    /** Names of the bundled models (zip files in the models directory), sorted; "none" when there are none. */
    static List<String> bundled(Path home) {
        Path dir = home.resolve(DIRECTORY);
        if (!Files.isDirectory(dir)) {
            return List.of("none");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".zip"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
            return names.isEmpty() ? List.of("none") : names;
        } catch (IOException e) {
            return List.of("none");
        }
    }
}
