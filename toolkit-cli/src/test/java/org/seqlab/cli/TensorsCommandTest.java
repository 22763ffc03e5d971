package org.seqlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.seqlab.nn.Parameter;
import org.seqlab.nn.ParameterSet;
import org.seqlab.train.Checkpoint;

class TensorsCommandTest {
    @TempDir
    Path dir;

    /** {status, stdout, stderr} */
    private static String[] run(String... args) {
        CliRun.Result r = CliRun.run(args);
        return new String[] {String.valueOf(r.rc()), r.out(), r.err()};
    }

    @Test
    void listsNamesTypesAndShapes() {
        ParameterSet s = new ParameterSet();
        s.add(Parameter.zeros("emb.weight", DataType.FLOAT, 100, 8));
        s.add(Parameter.zeros("out.bias", DataType.DOUBLE, 5));
        Path f = dir.resolve("p.sqlt");
        Checkpoint.saveParameters(f, s);
        String[] r = run("tensors", f.toString());
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[1]).contains("meta format = seqlab-parameters", "emb.weight FLOAT [100, 8]", "out.bias DOUBLE [5]",
                "tensors 2", "values 805");
    }

    @Test
    void aTruncatedFileFailsWithOneLineNamingFileAndTensor() throws Exception {
        ParameterSet s = new ParameterSet();
        s.add(Parameter.zeros("emb.weight", DataType.FLOAT, 100, 8));
        Path f = dir.resolve("p.sqlt");
        Checkpoint.saveParameters(f, s);
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, 100));
        String[] r = run("tensors", f.toString());
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[2]).contains("seqlab: " + f + ": tensor 'emb.weight': file is truncated");
    }
}
