package org.seqlab.bundle;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.seqlab.SeqlabException;

/**
 * Model references as the command line and the APIs take them: a bundled name ({@code ner}, {@code pos},
 * {@code en-de}), read from the classpath under {@value #RESOURCE_DIR} (the {@code resources} artifact, built from the
 * repository's {@code resources/models/NAME.zip}) straight into memory, or a path to a bundle file.
 *
 * <p>A reference is a bundled name when it is one of {@link #NAMES}; anything else is a path. A bare word that is
 * neither (no such file, no path separator, no {@code .zip}) is answered with the bundled names that are available,
 * a missing path with the path.
 */
public final class BundledModels {
    /** Where bundled models live on the classpath. */
    public static final String RESOURCE_DIR = "org/seqlab/resources/models/";
    /** The names a bundled model may have, in the order they are listed. */
    public static final List<String> NAMES = List.of("ner", "pos", "en-de");
    /** The bundled names that are taggers (a tagger command lists only these). */
    public static final List<String> TAGGER_NAMES = List.of("ner", "pos");

    private BundledModels() {
    }

    /** The bundled names whose bundle is on the classpath, in {@link #NAMES} order. */
    public static List<String> available() {
        List<String> out = new ArrayList<>();
        for (String name : NAMES) {
            if (resource(name) != null) {
                out.add(name);
            }
        }
        return out;
    }

    /** Whether {@code name} is a bundled model present on the classpath. */
    public static boolean isAvailable(String name) {
        return NAMES.contains(name) && resource(name) != null;
    }

    private static URL resource(String name) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        URL url = cl == null ? null : cl.getResource(RESOURCE_DIR + name + ".zip");
        return url != null ? url : BundledModels.class.getClassLoader().getResource(RESOURCE_DIR + name + ".zip");
    }

    /**
     * Reads and verifies the bundle a reference names.
     *
     * @throws SeqlabException for a bundled name not in this build, an unknown name, or a missing path, each saying
     *                         which, and for anything {@link ModelBundle#read(Path)} refuses
     */
    public static ModelBundle read(String reference) {
        return read(reference, NAMES);
    }

    /** As {@link #read(String)}, for a command that takes taggers: its messages list only the bundled taggers. */
    public static ModelBundle readTagger(String reference) {
        return read(reference, TAGGER_NAMES);
    }

    private static ModelBundle read(String reference, List<String> listed) {
        if (reference == null || reference.isBlank()) {
            throw new SeqlabException("no model given: name a bundled model (" + listing(listed) + ") or a bundle "
                    + "file");
        }
        if (NAMES.contains(reference)) {
            URL url = resource(reference);
            if (url == null) {
                throw new SeqlabException("bundled model '" + reference + "' is not in this build (resources/models/"
                        + reference + ".zip is absent; scripts/build-default-models.sh makes ner and pos, scripts/build-en-de.sh "
                        + "en-de); "
                        + listing(listed));
            }
            try (InputStream in = new BufferedInputStream(url.openStream(), 1 << 16)) {
                return ModelBundle.read(in, "bundled model '" + reference + "'");
            } catch (IOException e) {
                throw new BundleException("bundled model '" + reference + "': cannot read: " + e.getMessage(), e);
            }
        }
        Path path = Path.of(reference);
        if (!Files.exists(path)) {
            boolean looksLikeAName = !reference.contains("/") && !reference.contains(java.io.File.separator)
                    && !reference.endsWith(".zip");
            if (looksLikeAName) {
                throw new SeqlabException("unknown model '" + reference + "': not a bundled model name nor a file; "
                        + listing(listed));
            }
            throw new SeqlabException(reference + ": no such file");
        }
        return ModelBundle.read(path);
    }

    /** "bundled models: ner, pos" or a line saying there are none. */
    public static String listing() {
        return listing(NAMES);
    }

    /** As {@link #listing()}, for the available ones among {@code names}. */
    private static String listing(List<String> names) {
        List<String> present = new ArrayList<>(available());
        present.retainAll(names);
        return present.isEmpty() ? "this build has no bundled models"
                : "bundled models: " + String.join(", ", present);
    }
}
