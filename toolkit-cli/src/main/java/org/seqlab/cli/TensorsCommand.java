package org.seqlab.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.bundle.TensorFile;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Lists what a tensor file (checkpoint, parameter file) holds; reading it also verifies every checksum. */
@Command(name = "tensors", mixinStandardHelpOptions = true,
        header = "List and verify the tensors of a seqlab tensor file.",
        description = "List the metadata and tensors (name, type, shape) of a seqlab tensor file such as a checkpoint;"
                + " reading verifies its checksums.",
        footer = "%nExample: seqlab tensors runs/tagger/checkpoint.sqlt")
public final class TensorsCommand implements Callable<Integer> {
    private static final int MAX_VALUE_CHARS = 120;

    @Parameters(index = "0", paramLabel = "FILE", description = "the tensor file")
    Path file;

    @Override
    public Integer call() {
        TensorFile.Contents c = TensorFile.read(file);
        for (Map.Entry<String, String> e : c.metadata().entrySet()) {
            String v = e.getValue().replace('\n', ' ');
            System.out.println("meta " + e.getKey() + " = "
                    + (v.length() > MAX_VALUE_CHARS ? v.substring(0, MAX_VALUE_CHARS) + "... (" + v.length() + " chars)" : v));
        }
        long values = 0;
        for (Map.Entry<String, INDArray> e : c.tensors().entrySet()) {
            INDArray t = e.getValue();
            values += t.length();
            System.out.println(e.getKey() + " " + t.dataType() + " " + Arrays.toString(t.shape()));
        }
        System.out.println("tensors " + c.tensors().size());
        System.out.println("values " + values);
        return 0;
    }
}
