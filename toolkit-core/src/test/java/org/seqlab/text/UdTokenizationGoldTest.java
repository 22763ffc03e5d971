package org.seqlab.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.InputFormatException;
import org.seqlab.SharedData;

class UdTokenizationGoldTest {

    @TempDir
    Path dir;

    private static final String CONLLU = String.join("\n",
            "# newdoc id = d1",
            "# sent_id = 1",
            "# newpar id = p1",
            "# text = I don't know.",
            "1\tI\tI\tPRON\tPRP\t_\t4\tnsubj\t_\t_",
            "2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_",
            "2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_",
            "3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_",
            "4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No",
            "5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_",
            "",
            "# sent_id = 2",
            "# text = Its tail",
            "1-2\tIts\t_\t_\t_\t_\t_\t_\t_\t_",
            "1\tIt\tit\tPRON\tPRP\t_\t3\tnsubj\t_\t_",
            "2\tis\tbe\tAUX\tVBZ\t_\t3\tcop\t_\t_",
            "3\ttail\ttail\tNOUN\tNN\t_\t0\troot\t_\t_",
            "",
            "# sent_id = 3",
            "# newpar id = p2",
            "# text = Go!",
            "1\tGo\tgo\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No",
            "1.1\tyou\tyou\tPRON\tPRP\t_\t_\t_\t_\t_",
            "2\t!\t!\tPUNCT\t.\t_\t1\tpunct\t_\t_",
            "", "");

    @Test
    void buildsTheDocumentAndGoldSpansLikeUdTokensPy() throws IOException {
        Path f = dir.resolve("tiny.conllu");
        Files.writeString(f, CONLLU);
        UdTokenizationGold gold = UdTokenizationGold.read(f);
        // sentences joined by a space, a blank line at # newpar (none before the first)
        assertThat(gold.text()).isEqualTo("I don't know. Its tail\n\nGo!");
        // "do"+"n't" spell "don't": split; "It"+"is" do not spell "Its": the surface span; 1.1 is skipped
        assertThat(gold.tokenSpans()).containsExactly(
                UdTokenizationGold.span(0, 1), UdTokenizationGold.span(2, 4), UdTokenizationGold.span(4, 7),
                UdTokenizationGold.span(8, 12), UdTokenizationGold.span(12, 13), UdTokenizationGold.span(14, 17),
                UdTokenizationGold.span(18, 22), UdTokenizationGold.span(24, 26), UdTokenizationGold.span(26, 27));
        assertThat(gold.sentenceEnds()).containsExactly(13, 22, 27);
    }

    @Test
    void scoresTokensByOffsetsAndSentencesByEnds() throws IOException {
        Path f = dir.resolve("tiny.conllu");
        Files.writeString(f, CONLLU);
        UdTokenizationGold gold = UdTokenizationGold.read(f);
        // the standard tokenizer: I do n't know . | Its tail | Go !  -> all 9 gold tokens match, 3 of 3 ends
        TokenizationScore all = gold.score(SentenceSplitter.standard().split(gold.text()));
        assertThat(all.tokenF1()).isEqualTo(100.0);
        assertThat(all.sentenceF1()).isEqualTo(100.0);
        // whitespace tokens I, don't, know., Its, tail, Go!: I, Its, tail match, so P = 3/6, R = 3/9, F1 = 40;
        // one sentence a line: ends {22, 27} against gold {13, 22, 27}: P = 1, R = 2/3, F1 = 80
        TokenizationScore ws = gold.score(new SentenceSplitter(WordTokenizer.pretokenized()).split(gold.text()));
        assertThat(ws.tokenF1()).isCloseTo(40.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ws.sentenceF1()).isCloseTo(80.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void invalidUtf8IsReportedWithFileAndLine() throws IOException {
        Path f = dir.resolve("bad.conllu");
        byte[] head = "# text = ok\n1\tok\tok\tADJ\tJJ\t_\t0\troot\t_\t_\n# text = ".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[head.length + 2];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xC3;
        bytes[head.length + 1] = (byte) 0x28;
        Files.write(f, bytes);
        assertThatThrownBy(() -> UdTokenizationGold.read(f))
                .isInstanceOf(InputFormatException.class)
                .hasMessage(f + ":3: invalid UTF-8 (byte 0xC3 at byte 10 of the line)");
    }

    @Test
    void emptyPredictionsScoreZero() throws IOException {
        Path f = dir.resolve("tiny.conllu");
        Files.writeString(f, CONLLU);
        TokenizationScore s = UdTokenizationGold.read(f).score(List.of());
        assertThat(s.tokenF1()).isZero();
        assertThat(s.sentenceF1()).isZero();
    }

    /** The quality target of the issue, on UD English-EWT dev (CoreNLP 4.5.10: 98.73 and 92.22). */
    @Test
    void standardTokenizerMeetsTheTargetOnUdEwtDev() throws IOException {
        Path dev = SharedData.data("ud-ewt/en_ewt-ud-dev.conllu");
        UdTokenizationGold gold = UdTokenizationGold.read(dev);
        assertThat(gold.tokenSpans()).hasSize(25147); // the gold count ud_tokens.py reports
        TokenizationScore score = gold.score(SentenceSplitter.standard().split(gold.text()));
        assertThat(score.tokenF1()).isGreaterThanOrEqualTo(98.5);
        assertThat(score.sentenceF1()).isGreaterThanOrEqualTo(92.0);
    }
}
