package org.seqlab.bundle;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that a reader (or a run resumed after a crash) sees either the complete old content or the complete
 * new content, never a half-written file: the content goes to a temporary file in the same directory (same file
 * system, so the rename is atomic), is forced to disk, and is then renamed over the target; the directory is forced
 * too, so that the rename itself survives a power loss where the platform allows it.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes the content that {@code writer} produces; the stream it gets is buffered and must not be closed by it. */
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    public static void write(Path target, Writer writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path tmp = createTemporary(dir, absolute.getFileName().toString());
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                writer.write(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException(absolute + ": the file system cannot rename atomically", e);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        forceDirectory(dir);
    }

    /**
     * Files.createTempFile would make the file owner-only (0600), and the rename would carry that over to models and
     * checkpoints meant to be shared; a plain createFile gets the usual permissions (the umask's).
     */
    private static Path createTemporary(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            long nonce = java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 1;
            Path tmp = dir.resolve("." + name + "." + Long.toString(nonce, 36) + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }

    /** The names {@link #createTemporary} gives: a dot, the target's name, a dot, a base-36 nonce, {@code .tmp}. */
    private static final java.util.regex.Pattern TEMPORARY_NAME = java.util.regex.Pattern.compile(
            "\\..+\\.[0-9a-z]{1,13}\\.tmp");

    /**
     * Deletes the temporary files that writes into {@code dir} left behind when their process was killed (each as
     * large as the file it was to become); only files named as this class names them, only in {@code dir} itself.
     * Call it where no other write into {@code dir} can be under way. Returns how many were deleted.
     */
    public static int deleteStaleTemporaries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int deleted = 0;
        try (java.nio.file.DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (TEMPORARY_NAME.matcher(f.getFileName().toString()).matches()
                        && Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(f)) {
                    deleted++;
                }
            }
        }
        return deleted;
    }

    public static void writeBytes(Path target, byte[] content) throws IOException {
        write(target, out -> out.write(content));
    }

    private static void forceDirectory(Path dir) {
        // Opening a directory for reading works on Linux and makes the rename durable; other platforms refuse it, and
        // there the rename is still atomic, only perhaps not yet durable.
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort, see above
        }
    }
}
