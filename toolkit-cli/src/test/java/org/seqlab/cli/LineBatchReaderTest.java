package org.seqlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.seqlab.InputFormatException;

class LineBatchReaderTest {

    /** A stream that hands out its chunks one read at a time and reports none available between them, as a pipe does. */
    private static final class Chunks extends InputStream {
        private final Deque<byte[]> chunks = new ArrayDeque<>();
        private final Deque<Boolean> readyAfter = new ArrayDeque<>();
        private boolean nextReady = true;
        private int reads;

        /** @param ready per chunk whether the next one is already there when it has been read */
        Chunks(List<String> chunks, List<Boolean> ready) {
            chunks.forEach(c -> this.chunks.add(c.getBytes(StandardCharsets.UTF_8)));
            readyAfter.addAll(ready);
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            reads++;
            if (chunks.isEmpty()) {
                return -1;
            }
            byte[] c = chunks.poll();
            System.arraycopy(c, 0, b, off, c.length);
            nextReady = readyAfter.poll();
            return c.length;
        }

        @Override
        public int available() {
            return nextReady && !chunks.isEmpty() ? chunks.peek().length : 0;
        }
    }

    private static LineBatchReader reader(String text) {
        return new LineBatchReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "<stdin>");
    }

    /** All lines, batch after batch. */
    private static List<String> all(LineBatchReader r) throws IOException {
        List<String> lines = new ArrayList<>();
        for (List<String> batch = r.next(10); !batch.isEmpty(); batch = r.next(10)) {
            lines.addAll(batch);
        }
        return lines;
    }

    @Test
    void aBatchTakesTheLinesAlreadyThereAndStopsWhereMoreWouldMeanWaiting() throws IOException {
        // "a" and "b" arrive together, "c" only later; "d" and "e" together with "c"
        Chunks in = new Chunks(List.of("a\nb\n", "c\nd", "\ne\n"), List.of(false, true, true));
        LineBatchReader r = new LineBatchReader(in, "<stdin>");
        assertThat(r.next(10)).containsExactly("a", "b");
        assertThat(in.reads).isEqualTo(1); // not waiting for "c"
        assertThat(r.next(10)).containsExactly("c", "d", "e");
        assertThat(r.next(10)).isEmpty();
    }

    @Test
    void aBatchHoldsAtMostTheMaximum() throws IOException {
        LineBatchReader r = reader("1\n2\n3\n4\n5\n");
        assertThat(r.next(2)).containsExactly("1", "2");
        assertThat(r.next(2)).containsExactly("3", "4");
        assertThat(r.next(2)).containsExactly("5");
        assertThat(r.next(2)).isEmpty();
    }

    @Test
    void linesEndAsInFilesAndAByteOrderMarkIsDroppedOnlyAtTheStart() throws IOException {
        assertThat(all(reader("\uFEFFa\r\n\r\n\n\uFEFFb\nlast"))).containsExactly("a", "", "", "\uFEFFb", "last");
        assertThat(all(reader(""))).isEmpty();
        assertThat(all(reader("\n"))).containsExactly("");
    }

    @Test
    void aLineLongerThanTheBufferIsReadWhole() throws IOException {
        String longLine = "x".repeat(200_000);
        assertThat(all(reader("a\n" + longLine + "\nb\n"))).containsExactly("a", longLine, "b");
    }

    @Test
    void invalidUtf8NamesTheSourceAndTheLineOfTheStream() throws IOException {
        byte[] bytes = {'o', 'k', '\n', '\n', 'b', (byte) 0xc3, '\n'};
        LineBatchReader r = new LineBatchReader(new ByteArrayInputStream(bytes), "<stdin>");
        assertThatThrownBy(() -> r.next(10)).isInstanceOf(InputFormatException.class)
                .hasMessage("<stdin>:3: invalid UTF-8 (byte 0xC3 at byte 2 of the line)");
    }
}
