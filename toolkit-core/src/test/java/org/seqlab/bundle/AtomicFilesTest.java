package org.seqlab.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void replacesTheTargetAndLeavesNoTemporaryFile() throws IOException {
        Path f = dir.resolve("sub/ckpt.bin");
        AtomicFiles.writeBytes(f, "old".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.writeBytes(f, "new content".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(f)).isEqualTo("new content");
        try (Stream<Path> s = Files.list(f.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("ckpt.bin");
        }
    }

    @Test
    void theFileGetsTheSamePermissionsAsAnOrdinaryNewFile() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path plain = Files.createFile(dir.resolve("plain.txt"));
        Path atomic = dir.resolve("model.zip");
        AtomicFiles.writeBytes(atomic, new byte[] {1});
        assertThat(Files.getPosixFilePermissions(atomic)).isEqualTo(Files.getPosixFilePermissions(plain));
    }

    @Test
    void aWriterThatFailsHalfwayLeavesTheOldFileIntact() throws IOException {
        Path f = dir.resolve("ckpt.bin");
        AtomicFiles.writeBytes(f, "complete old checkpoint".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> AtomicFiles.write(f, out -> {
            out.write("half of the new".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(Files.readString(f)).isEqualTo("complete old checkpoint");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s).hasSize(1);
        }
    }
}
