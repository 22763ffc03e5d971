package org.seqlab.conll;

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
import org.seqlab.SeqlabException;

class ConllReaderTest {
    @TempDir
    Path dir;

    private static final String CONLL2003 = String.join("\n",
            "-DOCSTART- -X- O O",
            "",
            "EU NNP I-NP I-ORG",
            "rejects VBZ I-VP O",
            "German JJ I-NP I-MISC",
            "",
            "Peter NNP I-NP I-PER",
            "Blackburn NNP I-NP I-PER",
            "",
            "-DOCSTART- -X- O O",
            "",
            "BRUSSELS NNP I-NP I-LOC",
            "1996-08-22 CD I-NP O",
            "",
            "");

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    private static ConllReader reader(ConllFormat format) {
        return ConllReader.builder().setFormat(format).build();
    }

    @Test
    void conll2003ReadsSentencesDocumentsLineNumbersAndTheNerColumn() throws IOException {
        Path f = write("eng.txt", CONLL2003);
        Dataset d = reader(ConllFormat.CONLL2003).read(f);
        assertThat(d.scheme()).isEqualTo(TagScheme.IOB1);
        assertThat(d.tagColumn()).isEqualTo(4);
        List<ConllSentence> s = d.sentences();
        assertThat(s).hasSize(3);
        assertThat(s.get(0).words()).containsExactly("EU", "rejects", "German");
        assertThat(s.get(0).tags()).containsExactly("I-ORG", "O", "I-MISC");
        assertThat(s.get(0).field(1, 2)).isEqualTo("VBZ");
        assertThat(s.get(0).line(0)).isEqualTo(3);
        assertThat(s.get(1).firstLine()).isEqualTo(7);
        assertThat(s.get(2).line(1)).isEqualTo(13);
        assertThat(s.stream().map(ConllSentence::document)).containsExactly(0, 0, 1);
        assertThat(s.get(0).documentStart()).isEqualTo("-DOCSTART- -X- O O");
        assertThat(s.get(1).documentStart()).isNull();
        assertThat(s.get(2).documentStart()).isEqualTo("-DOCSTART- -X- O O");
        assertThat(d.tokenCount()).isEqualTo(7);
    }

    @Test
    void columnOptionReadsChunkOrPosTagsInstead() throws IOException {
        Path f = write("eng.txt", CONLL2003);
        Dataset chunks = ConllReader.builder().setFormat(ConllFormat.CONLL2003).optColumn("chunk").build().read(f);
        assertThat(chunks.scheme()).isEqualTo(TagScheme.IOB1);
        assertThat(chunks.sentences().get(0).tags()).containsExactly("I-NP", "I-VP", "I-NP");
        Dataset pos = ConllReader.builder().setFormat(ConllFormat.CONLL2003).optColumn(2).build().read(f);
        assertThat(pos.scheme()).isNull();
        assertThat(pos.sentences().get(2).tags()).containsExactly("NNP", "CD");
        assertThatThrownBy(() -> ConllReader.builder().setFormat(ConllFormat.CONLL2003).optColumn("upos").build())
                .isInstanceOf(SeqlabException.class)
                .hasMessage("column 'upos' does not exist in conll2003 (choose word, pos, chunk, ner or a column "
                        + "number)");
        assertThatThrownBy(() -> ConllReader.builder().setFormat(ConllFormat.CONLL2003).optColumn(5).build())
                .isInstanceOf(SeqlabException.class)
                .hasMessage("column 5 does not exist in conll2003 (columns 1 to 4)");
    }

    @Test
    void conll2002DocstartWithoutBlankLineStartsADocumentAndLatin1IsReadWithTheEncodingOption() throws IOException {
        String text = "-DOCSTART- -DOCSTART- O\nDe Art O\nkoning N B-PER\n\nIn Prep O\nBelgi\u00eb N B-LOC\n";
        Path f = dir.resolve("ned.latin1");
        Files.write(f, text.getBytes(StandardCharsets.ISO_8859_1));
        Dataset d = ConllReader.builder().setFormat(ConllFormat.CONLL2002)
                .optEncoding(StandardCharsets.ISO_8859_1).build().read(f);
        assertThat(d.scheme()).isEqualTo(TagScheme.IOB2);
        assertThat(d.sentences()).hasSize(2);
        assertThat(d.sentences().get(0).words()).containsExactly("De", "koning");
        assertThat(d.sentences().get(0).firstLine()).isEqualTo(2);
        assertThat(d.sentences().get(1).words()).containsExactly("In", "Belgi\u00eb");
        assertThat(d.sentences().get(1).tags()).containsExactly("O", "B-LOC");
        // The same Latin-1 bytes are not UTF-8: 0xEB starts a multi-byte sequence that the newline breaks.
        assertThatThrownBy(() -> reader(ConllFormat.CONLL2002).read(f))
                .isInstanceOf(InputFormatException.class)
                .hasMessage(f + ":6: bytes EB at byte offset " + text.indexOf('\u00eb')
                        + " are not valid UTF-8 (is the file in another encoding? e.g. ISO-8859-1)");
    }

    @Test
    void conll2000ChunksAreIob2() throws IOException {
        Path f = write("train.txt", "Confidence NN B-NP\nin IN B-PP\nthe DT B-NP\npound NN I-NP\n");
        Dataset d = reader(ConllFormat.CONLL2000).read(f);
        assertThat(d.scheme()).isEqualTo(TagScheme.IOB2);
        assertThat(d.sentences().get(0).tags()).containsExactly("B-NP", "B-PP", "B-NP", "I-NP");
        assertThat(d.summary().chunkCounts()).containsExactly(
                java.util.Map.entry("NP", 2L), java.util.Map.entry("PP", 1L));
    }

    @Test
    void wnutIsTabSeparatedAndTabOnlyLinesSeparateSentences() throws IOException {
        Path f = write("wnut.conll", "@paul walk\tO\nNew\tB-location\nYork\tI-location\n\t\nhi\tO\n");
        Dataset d = reader(ConllFormat.WNUT).read(f);
        assertThat(d.sentences()).hasSize(2);
        assertThat(d.sentences().get(0).words()).containsExactly("@paul walk", "New", "York");
        assertThat(d.sentences().get(0).tags()).containsExactly("O", "B-location", "I-location");
        Path bad = write("bad.conll", "hi\tO\nNew York B-location\n");
        assertThatThrownBy(() -> reader(ConllFormat.WNUT).read(bad))
                .isInstanceOf(InputFormatException.class)
                .hasMessage(bad + ":2: expected 2 tab-separated columns (word ner), found 1");
    }

    static final String CONLLU = String.join("\n",
            "# newdoc id = d1",
            "# sent_id = 1",
            "# text = I don't know.",
            "1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t3:nsubj\t_",
            "2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_",
            "2\tdo\tdo\tAUX\tVBP\t_\t3\taux\t3:aux\t_",
            "3\tn't\tnot\tPART\tRB\t_\t0\troot\t0:root\t_",
            "3.1\tknow\tknow\tVERB\tVB\t_\t_\t_\t0:root\t_",
            "4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t3:punct\tSpaceAfter=No",
            "",
            "# sent_id = 2",
            "1\tYes\tyes\tINTJ\tUH\t_\t0\troot\t0:root\t_",
            "",
            "# newdoc id = d2",
            "# sent_id = 3",
            "1\tNo\tno\tINTJ\tUH\t_\t0\troot\t0:root\t_",
            "",
            "");

    @Test
    void conlluReadsUposOrXposAndSetsRangesEmptyNodesAndCommentsAside() throws IOException {
        Path f = write("ud.conllu", CONLLU);
        Dataset d = reader(ConllFormat.CONLLU).read(f);
        assertThat(d.scheme()).isNull();
        ConllSentence s = d.sentences().get(0);
        assertThat(s.words()).containsExactly("I", "do", "n't", ".");
        assertThat(s.tags()).containsExactly("PRON", "AUX", "PART", "PUNCT");
        assertThat(s.line(3)).isEqualTo(9);
        assertThat(s.keptLines()).extracting(ConllSentence.KeptLine::beforeWord, ConllSentence.KeptLine::line)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0, 1L), org.assertj.core.groups.Tuple.tuple(0, 2L),
                        org.assertj.core.groups.Tuple.tuple(0, 3L), org.assertj.core.groups.Tuple.tuple(1, 5L),
                        org.assertj.core.groups.Tuple.tuple(3, 8L));
        assertThat(d.sentences().stream().map(ConllSentence::document)).containsExactly(0, 0, 1);
        Dataset xpos = ConllReader.builder().setFormat(ConllFormat.CONLLU).optColumn("xpos").build().read(f);
        assertThat(xpos.sentences().get(0).tags()).containsExactly("PRP", "VBP", "RB", ".");
    }

    @Test
    void conlluWordIdsOutOfSequenceOrEmptyFieldsAreErrors() throws IOException {
        Path f = write("skip.conllu", "1\tA\ta\tDET\tDT\t_\t0\troot\t0:root\t_\n3\tB\tb\tX\tX\t_\t1\tdep\t1:dep\t_\n");
        assertThatThrownBy(() -> reader(ConllFormat.CONLLU).read(f))
                .isInstanceOf(InputFormatException.class)
                .hasMessageStartingWith(f + ":2: word ID '3' where 2 was expected");
        Path g = write("empty.conllu", "1\tA\ta\t\tDT\t_\t0\troot\t0:root\t_\n");
        assertThatThrownBy(() -> reader(ConllFormat.CONLLU).read(g))
                .isInstanceOf(InputFormatException.class)
                .hasMessage(g + ":1: column 4 is empty");
        Path h = write("nine.conllu", "# sent_id = 1\n1\tA\ta\tDET\tDT\t_\t0\troot\t0:root\n");
        assertThatThrownBy(() -> reader(ConllFormat.CONLLU).read(h))
                .isInstanceOf(InputFormatException.class)
                .hasMessage(h + ":2: expected 10 tab-separated columns (id form lemma upos xpos feats head deprel "
                        + "deps misc), found 9");
    }

    @Test
    void genericColumnsTakeTheTagFromTheChosenOrLastColumnAndKeepTheFirstLinesCount() throws IOException {
        Path f = write("cols.txt", "a\tx 1 B-A\nb y 2 I-A\n\nc z 3 O\n");
        Dataset last = reader(ConllFormat.COLUMNS).read(f);
        assertThat(last.tagColumn()).isEqualTo(4);
        assertThat(last.scheme()).isNull();
        assertThat(last.sentences().get(0).tags()).containsExactly("B-A", "I-A");
        Dataset second = ConllReader.builder().setFormat(ConllFormat.COLUMNS).optColumn(2)
                .optScheme(null).build().read(f);
        assertThat(second.sentences().get(1).tags()).containsExactly("z");
        Dataset iob2 = ConllReader.builder().setFormat(ConllFormat.COLUMNS).optScheme(TagScheme.IOB2).build()
                .read(f);
        assertThat(iob2.summary().chunkCounts()).containsExactly(java.util.Map.entry("A", 1L));
        Path bad = write("bad.txt", "a x 1 O\nb y O\n");
        assertThatThrownBy(() -> reader(ConllFormat.COLUMNS).read(bad))
                .isInstanceOf(InputFormatException.class)
                .hasMessage(bad + ":2: expected 4 columns like the first word line, found 3");
        Path tooFew = write("few.txt", "a x\n");
        assertThatThrownBy(() -> ConllReader.builder().setFormat(ConllFormat.COLUMNS).optColumn(3).build()
                .read(tooFew))
                .isInstanceOf(InputFormatException.class)
                .hasMessage(tooFew + ":1: found 2 columns, but the tag is read from column 3");
        Path one = write("one.txt", "a\n");
        assertThatThrownBy(() -> reader(ConllFormat.COLUMNS).read(one))
                .isInstanceOf(InputFormatException.class)
                .hasMessage(one + ":1: found 1 column; a word line needs a word and a tag");
    }

    @Test
    void wrongColumnCountNamesFileLineAndExpectedColumns() throws IOException {
        Path f = write("eng.txt", "EU NNP I-NP I-ORG\nrejects VBZ I-VP\n");
        assertThatThrownBy(() -> reader(ConllFormat.CONLL2003).read(f))
                .isInstanceOf(InputFormatException.class)
                .hasMessage(f + ":2: expected 4 columns (word pos chunk ner), found 3");
    }

    @Test
    void tagOutsideTheSchemeNamesFileLineTagAndScheme() throws IOException {
        Path f = write("eng.txt", "EU NNP I-NP I-ORG\n\nrejects VBZ I-VP S-PER\n");
        assertThatThrownBy(() -> reader(ConllFormat.CONLL2003).read(f))
                .isInstanceOf(InputFormatException.class)
                .hasMessage(f + ":3: tag 'S-PER' in ner (column 4) is not valid in the IOB1 scheme (allowed: O, "
                        + "B-TYPE, I-TYPE)");
        Path g = write("esp.txt", "Madrid NP LOC\n");
        assertThatThrownBy(() -> reader(ConllFormat.CONLL2002).read(g))
                .isInstanceOf(InputFormatException.class)
                .hasMessageStartingWith(g + ":1: tag 'LOC' in ner (column 3) is not valid in the IOB2 scheme");
    }

    @Test
    void missingFinalBlankLineCrlfAndByteOrderMarkReadLikeTheCleanFile() throws IOException {
        Dataset clean = reader(ConllFormat.CONLL2003).read(write("clean.txt", CONLL2003));
        String noFinalBlank = CONLL2003.stripTrailing();
        String crlf = CONLL2003.replace("\n", "\r\n");
        String bom = "\uFEFF" + crlf.stripTrailing();
        for (String variant : List.of(noFinalBlank, crlf, bom)) {
            Dataset d = reader(ConllFormat.CONLL2003).read(write("variant.txt", variant));
            assertThat(d.sentences()).hasSize(3);
            for (int i = 0; i < 3; i++) {
                ConllSentence a = clean.sentences().get(i);
                ConllSentence b = d.sentences().get(i);
                assertThat(b.words()).isEqualTo(a.words());
                assertThat(b.tags()).isEqualTo(a.tags());
                assertThat(b.column(2)).isEqualTo(a.column(2));
                assertThat(b.line(0)).isEqualTo(a.line(0));
                assertThat(b.document()).isEqualTo(a.document());
                assertThat(b.documentStart()).isEqualTo(a.documentStart());
            }
        }
    }

    @Test
    void invalidUtf8NamesTheLineOfTheBadBytes() throws IOException {
        Path f = dir.resolve("bad.txt");
        byte[] head = "EU NNP I-NP I-ORG\n\nrej".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "ects VBZ I-VP O\n".getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + 2 + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        all[head.length] = (byte) 0xC3; // a lead byte followed by another lead byte: malformed
        all[head.length + 1] = (byte) 0xC3;
        System.arraycopy(tail, 0, all, head.length + 2, tail.length);
        Files.write(f, all);
        assertThatThrownBy(() -> reader(ConllFormat.CONLL2003).read(f))
                .isInstanceOf(InputFormatException.class)
                .hasMessage(f + ":3: bytes C3 at byte offset 22 are not valid UTF-8 (is the file in another "
                        + "encoding? e.g. ISO-8859-1)");
    }

    @Test
    void emptyFilesAndFilesWithoutWordsAreErrors() throws IOException {
        Path empty = write("empty.txt", "");
        assertThatThrownBy(() -> reader(ConllFormat.CONLL2003).read(empty))
                .isInstanceOf(InputFormatException.class)
                .hasMessage(empty + ": the file is empty");
        Path bomOnly = write("bom.txt", "\uFEFF");
        assertThatThrownBy(() -> reader(ConllFormat.WNUT).read(bomOnly))
                .isInstanceOf(InputFormatException.class)
                .hasMessage(bomOnly + ": the file is empty");
        Path blank = write("blank.txt", "\n-DOCSTART- -X- O O\n\n\n");
        assertThatThrownBy(() -> reader(ConllFormat.CONLL2003).read(blank))
                .isInstanceOf(InputFormatException.class)
                .hasMessage(blank + ": no sentences found (the file has only blank or -DOCSTART- lines)");
        Path comments = write("c.conllu", "# sent_id = 1\n# text = nothing\n");
        assertThatThrownBy(() -> reader(ConllFormat.CONLLU).read(comments))
                .isInstanceOf(InputFormatException.class)
                .hasMessage(comments + ":1: comment or multiword/empty-node lines without a sentence after them");
    }

    @Test
    void formatNamesParseCaseInsensitively() {
        assertThat(ConllFormat.parse("CoNLL2003")).isEqualTo(ConllFormat.CONLL2003);
        assertThat(ConllFormat.parse("conll-u")).isEqualTo(ConllFormat.CONLLU);
        assertThat(ConllFormat.parse("wnut17")).isEqualTo(ConllFormat.WNUT);
        assertThatThrownBy(() -> ConllFormat.parse("tsv"))
                .isInstanceOf(SeqlabException.class)
                .hasMessage("unknown data format 'tsv' (choose conll2003, conll2002, conll2000, wnut, conllu, "
                        + "columns)");
    }
}
