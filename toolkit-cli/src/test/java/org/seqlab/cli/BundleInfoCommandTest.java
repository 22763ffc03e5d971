package org.seqlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.bundle.ModelBundle;
import org.seqlab.bundle.TensorStorage;

class BundleInfoCommandTest {
    @TempDir
    Path dir;

    /** {status, stdout, stderr} */
    private static String[] run(String... args) {
        CliRun.Result r = CliRun.run(args);
        return new String[] {String.valueOf(r.rc()), r.out(), r.err()};
    }

    private Path bundle() throws Exception {
        Path f = dir.resolve("m.zip");
        ModelBundle.writer("tagger").setConfig(Map.of("hidden", 8))
                .addText("tags.txt", "O\nB-PER\n")
                .addTensors("emb", Map.of("e", Nd4j.create(DataType.FLOAT, 10, 4)), TensorStorage.INT8_ROWS)
                .optMetric("dev_f1", 0.875)
                .optCreated(Instant.parse("2026-01-02T03:04:05Z"))
                .optSeqlabVersion("9.9.9")
                .write(f);
        return f;
    }

    @Test
    void printsKindVersionsMetricsAndEntriesWithSizesAndStorage() throws Exception {
        String[] r = run("bundle-info", bundle().toString());
        assertThat(r[0]).isEqualTo("0");
        // 10 rows x 4 values as int8 rows: 10 scales x 4 bytes + 40 bytes of data, plus the TensorFile framing
        assertThat(r[1]).contains("kind tagger", "format_version 1", "seqlab_version 9.9.9",
                "created 2026-01-02T03:04:05Z", "metric dev_f1 0.875", "entry texts/tags.txt text 8 bytes",
                "entry tensors/emb tensors int8_rows", "(1 tensors, 40 values)", "verified 4 entries");
        assertThat(r[2]).isEmpty();
    }

    @Test
    void aTamperedBundleFailsWithOneLineNamingBundleAndEntry() throws Exception {
        Path f = bundle();
        byte[] all = Files.readAllBytes(f);
        // tensor entries are stored uncompressed right after their local header's name (the manifest is deflated,
        // so the first plain occurrence of the name is that header): flip a byte 40 bytes into the tensor file
        byte[] name = "tensors/emb".getBytes(StandardCharsets.US_ASCII);
        all[indexOf(all, name, 0) + name.length + 40] ^= 0x01;
        Files.write(f, all);
        String[] r = run("bundle-info", f.toString());
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[2]).startsWith("seqlab: " + f).contains("tensors/emb");
        assertThat(r[2].strip().lines()).hasSize(1);
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
