package org.seqlab.tagger;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.seqlab.bundle.ModelBundle;

/**
 * Ensemble bundles: several taggers of one task in one file, loaded by {@link Tagger#load} as one tagger that averages
 * its members' tag probabilities ({@link Tagger#ensemble}). The bundle (kind {@code tagger-ensemble}) holds each
 * member's entries unchanged under a prefix {@code m1.}, {@code m2.}, ... (shrunk members stay shrunk); layout in
 * {@code docs/bundle-format.md}.
 */
public final class TaggerEnsemble {
    /** The bundle kind of an ensemble. */
    public static final String KIND = TaggerArchive.ENSEMBLE_KIND;

    private TaggerEnsemble() {
    }

    /**
     * Writes an ensemble bundle of the given tagger bundles (at least two, single taggers of one tag set), atomically.
     *
     * @param metrics    the ensemble's own scores (such as {@code dev_f1}), for the manifest
     * @param provenance how it was made (members, command), for the manifest
     * @throws org.seqlab.SeqlabException where a member is not a single tagger or the members do not share a tag set
     */
    public static void write(Path file, List<ModelBundle> members, Map<String, Double> metrics,
            Map<String, String> provenance) {
        // Loading them as one ensemble checks what the members must share before anything is written.
        Tagger.ensemble(members.stream().map(TaggerArchive::load).toList());
        TaggerArchive.saveEnsemble(file, members, metrics, provenance);
    }
}
