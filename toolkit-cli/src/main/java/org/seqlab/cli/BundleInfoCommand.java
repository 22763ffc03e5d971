package org.seqlab.cli;

import java.util.Map;
import java.util.concurrent.Callable;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.bundle.BundleManifest;
import org.seqlab.bundle.ModelBundle;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Summarises a model bundle; loading it verifies every entry's SHA-256, so a tampered bundle fails here. */
@Command(name = "bundle-info", mixinStandardHelpOptions = true,
        header = "Show and verify a model bundle's manifest and entries.",
        description = "Print the manifest of a model bundle (kind, versions, metrics, training data, entries with"
                + " sizes and storage types) after verifying every entry's checksum; exit 1 if verification fails.",
        footer = "%nExample: seqlab bundle-info ner   (or seqlab bundle-info models/tagger-en.zip)")
public final class BundleInfoCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME|MODEL.zip", description = "a bundled model's name (ner, pos) or a bundle file")
    String file;

    @Override
    public Integer call() {
        ModelBundle b = org.seqlab.bundle.BundledModels.read(file);
        BundleManifest m = b.manifest();
        System.out.println("bundle " + file);
        System.out.println("kind " + m.kind());
        System.out.println("format_version " + m.formatVersion() + " (this seqlab reads up to "
                + ModelBundle.FORMAT_VERSION + ")");
        System.out.println("seqlab_version " + m.seqlabVersion());
        System.out.println("created " + m.created());
        m.metrics().forEach((k, v) -> System.out.println("metric " + k + " " + v));
        for (BundleManifest.TrainingData d : m.trainingData()) {
            System.out.println("training_data " + d.name() + " " + d.bytes() + " bytes sha256 " + d.sha256());
        }
        m.provenance().forEach((k, v) -> System.out.println("provenance " + k + " = " + v.replace('\n', ' ')));
        for (BundleManifest.Entry e : m.entries()) {
            StringBuilder line = new StringBuilder("entry ").append(e.path()).append(' ').append(e.type());
            if (e.storage() != null) {
                line.append(' ').append(e.storage());
            }
            line.append(' ').append(e.bytes()).append(" bytes");
            if (e.type().equals("tensors")) {
                Map<String, INDArray> t = b.tensors(e.path().substring(ModelBundle.TENSORS.length()));
                long values = t.values().stream().mapToLong(INDArray::length).sum();
                line.append(" (").append(t.size()).append(" tensors, ").append(values).append(" values)");
            }
            System.out.println(line);
        }
        System.out.println("verified " + (m.entries().size() + 1) + " entries (SHA-256 of each matches the manifest)");
        return 0;
    }
}
