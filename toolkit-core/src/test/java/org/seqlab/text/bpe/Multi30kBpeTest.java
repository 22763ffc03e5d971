package org.seqlab.text.bpe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.seqlab.SharedData;

/**
 * Compatibility with subword-nmt on real text (Multi30k, ../shared). The expected values were produced by subword-nmt's
 * own learn/apply code (the functions of learn_bpe.py and apply_bpe.py, run unchanged under Python 3.11; Debian has no
 * subword-nmt package) on train.en + train.de with 10,000 merges, counted jointly: the whole codes file's SHA-256, a few
 * of its lines, the SHA-256 of val.de encoded, and the segmentation of two sentences written for this test.
 */
class Multi30kBpeTest {

    @Test
    void learnsTheSameCodesAsSubwordNmtAndSegmentsAsItDoes() throws Exception {
        Path en = SharedData.data("multi30k/train.en");
        Path de = SharedData.data("multi30k/train.de");
        BpeCodes codes = BpeLearner.builder().setMerges(10000).build().learn(WordCounts.ofFiles(List.of(en, de)));
        assertThat(codes.size()).isEqualTo(10000);
        assertThat(codes.merges().subList(0, 4)).containsExactly(new BpeMerge("i", "n"), new BpeMerge("e", "n</w>"),
                new BpeMerge("i", "n</w>"), new BpeMerge("e", "r</w>"));
        assertThat(codes.merges().get(9999)).isEqualTo(new BpeMerge("mil", "itä"));
        StringWriter w = new StringWriter();
        codes.write(w);
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(w.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(HexFormat.of().formatHex(sha)).isEqualTo("44d753877c05059605781fe9b4f23649990f5dbee8eeb6a5a8aa6aa5157d23b7");

        BpeEncoder e = BpeEncoder.builder().setCodes(codes).build();
        assertThat(e.encodeLine("Two skateboarders are sitting near a wooden playhouse."))
                .isEqualTo("Two skateboar@@ ders are sitting near a wooden play@@ house.");
        assertThat(e.encodeLine("Zwei Skateboarderinnen sitzen neben einem hölzernen Spielhaus."))
                .isEqualTo("Zwei Skateboar@@ der@@ innen sitzen neben einem hölzernen Spiel@@ h@@ aus.");

        // The whole validation text, encoded as a stream on two threads: subword-nmt's output has this SHA-256.
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (var in = Files.newInputStream(SharedData.data("multi30k/val.de"))) {
            e.encode(in, out, "val.de", 2);
        }
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(out.toByteArray())))
                .isEqualTo("0ae2e052a9c1c0ca2595791c3686278e9c35b76222c5ab181767924a6f8f8820");

        // Round trip on the validation text (lines there have single spaces and no spaces at the ends).
        BpeDecoder d = new BpeDecoder();
        for (String line : Files.readAllLines(SharedData.data("multi30k/val.de"))) {
            assertThat(d.decode(e.encodeLine(line))).isEqualTo(line);
        }
    }
}
