package org.seqlab.text.bpe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Learns BPE merges from word frequencies, as subword-nmt's {@code learn_bpe} does: each word is its characters (code
 * points) with {@code </w>} glued to the last; repeatedly the most frequent adjacent pair is merged everywhere, ties going
 * to the pair that is larger as (left, right) strings compared by code point (Python's {@code max} on
 * {@code (count, pair)}); learning stops after the requested number of merges or when no pair is frequent enough.
 *
 * <p>Learning is incremental: an index from each pair to the words containing it says which words a merge changes, only
 * those words' pair counts are updated, and an indexed max-heap keeps the most frequent pair on top. Counts are exact;
 * subword-nmt prunes rare pairs from its table for speed and can, in rare cases where a merged symbol is spelled the same
 * as an earlier one, undercount a pair it pruned: there our codes can differ from its codes.
 *
 * <p>Builder: {@code BpeLearner.builder().setMerges(10000).optMinFrequency(2).build()}. Instances are immutable.
 */
public final class BpeLearner {
    private final int merges;
    private final int minFrequency;

    private BpeLearner(int merges, int minFrequency) {
        this.merges = merges;
        this.minFrequency = minFrequency;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private int merges = -1;
        private int minFrequency = 2;

        /** Required: the number of merge operations to learn (subword-nmt's {@code --symbols}). */
        public Builder setMerges(int merges) {
            if (merges < 0) {
                throw new IllegalArgumentException("the number of merges must be >= 0, got " + merges);
            }
            this.merges = merges;
            return this;
        }

        /** Optional, default 2: stop when no pair occurs at least this often. */
        public Builder optMinFrequency(int minFrequency) {
            if (minFrequency < 1) {
                throw new IllegalArgumentException("the minimum frequency must be >= 1, got " + minFrequency);
            }
            this.minFrequency = minFrequency;
            return this;
        }

        public BpeLearner build() {
            if (merges < 0) {
                throw new IllegalStateException("setMerges(n) is required");
            }
            return new BpeLearner(merges, minFrequency);
        }
    }

    public int merges() {
        return merges;
    }

    public int minFrequency() {
        return minFrequency;
    }

    /** Learns codes (version 0.2) from the word counts; no words give no merges. */
    public BpeCodes learn(WordCounts counts) {
        return BpeCodes.of(new Run(counts).learn(merges, minFrequency));
    }

    /**
     * The state of one learning run. Words, symbols and pairs are numbered and kept in primitive arrays: the run touches
     * millions of pair counts, and boxed maps would spend most of the time allocating.
     */
    private static final class Run {
        // Symbols: id -> string; string -> id. A merged symbol spelled like an existing one shares its id, as it does
        // in subword-nmt, which works on the strings.
        private final List<String> symbolNames = new ArrayList<>();
        private final Map<String, Integer> symbolIds = new HashMap<>();

        // Words: current symbol sequence (shrinks in place as merges apply), its length, and its frequency.
        private final int[][] wordSymbols;
        private final int[] wordLength;
        private final long[] wordFreq;
        private final int[] wordVisited;
        private int visitStamp;

        // Pairs: packed (left, right) -> pair id; per pair its symbols, count, words containing it, heap position.
        private final LongIntMap pairIds;
        private int pairCount;
        private int[] pairLeft = new int[1024];
        private int[] pairRight = new int[1024];
        private long[] pairFreq = new long[1024];
        private long[] pairDelta = new long[1024];
        private IntList[] pairWords = new IntList[1024];
        private int[] pairLastWord = new int[1024];
        private int[] pairTouched = new int[1024];
        private int[] heapPos = new int[1024];

        // Indexed binary max-heap of pair ids with a positive count.
        private int[] heap = new int[1024];
        private int heapSize;

        private final IntList touched = new IntList(1024);
        private int touchStamp;

        Run(WordCounts counts) {
            int n = counts.size();
            wordSymbols = new int[n][];
            wordLength = new int[n];
            wordFreq = new long[n];
            wordVisited = new int[n];
            pairIds = new LongIntMap(Math.max(1024, n * 4));
            for (int w = 0; w < n; w++) {
                String word = counts.word(w);
                int[] cps = word.codePoints().toArray();
                int[] syms = new int[cps.length];
                for (int i = 0; i < cps.length - 1; i++) {
                    syms[i] = intern(new String(cps, i, 1));
                }
                syms[cps.length - 1] = intern(new String(cps, cps.length - 1, 1) + BpeCodes.END_OF_WORD);
                wordSymbols[w] = syms;
                wordLength[w] = syms.length;
                wordFreq[w] = counts.count(w);
            }
            Arrays.fill(pairLastWord, -1);
            for (int w = 0; w < n; w++) {
                int[] syms = wordSymbols[w];
                for (int i = 0; i + 1 < syms.length; i++) {
                    int p = pairId(syms[i], syms[i + 1]);
                    pairFreq[p] += wordFreq[w];
                    indexWord(p, w);
                }
            }
            for (int p = 0; p < pairCount; p++) {
                if (pairFreq[p] > 0) {
                    heapInsert(p);
                }
            }
        }

        List<BpeMerge> learn(int merges, int minFrequency) {
            List<BpeMerge> out = new ArrayList<>(merges);
            while (out.size() < merges && heapSize > 0) {
                int best = heap[0];
                if (pairFreq[best] < minFrequency) {
                    break;
                }
                String left = symbolNames.get(pairLeft[best]);
                String right = symbolNames.get(pairRight[best]);
                out.add(new BpeMerge(left, right));
                apply(best, intern(left + right));
            }
            return out;
        }

        /** Merges pair {@code p} into symbol {@code joined} in every word containing it, updating the pair counts. */
        private void apply(int p, int joined) {
            int a = pairLeft[p];
            int b = pairRight[p];
            IntList words = pairWords[p];
            pairWords[p] = null;
            pairLastWord[p] = -1;
            visitStamp++;
            touchStamp++;
            touched.clear();
            for (int k = 0; k < words.size(); k++) {
                int w = words.get(k);
                if (wordVisited[w] == visitStamp) {
                    continue; // listed twice
                }
                wordVisited[w] = visitStamp;
                int[] s = wordSymbols[w];
                int len = wordLength[w];
                if (!contains(s, len, a, b)) {
                    continue; // the pair was merged away from this word by an earlier merge
                }
                long f = wordFreq[w];
                // Take the old word's pairs out, merge, put the new word's pairs in: simpler than patching around each
                // merge site and as exact; pairs whose count comes back unchanged cost no heap work (fixed once below).
                for (int i = 0; i + 1 < len; i++) {
                    addFreq(pairId(s[i], s[i + 1]), -f);
                }
                int out = 0;
                for (int i = 0; i < len; i++) {
                    if (i + 1 < len && s[i] == a && s[i + 1] == b) {
                        s[out++] = joined;
                        i++;
                    } else {
                        s[out++] = s[i];
                    }
                }
                wordLength[w] = out;
                for (int i = 0; i + 1 < out; i++) {
                    int q = pairId(s[i], s[i + 1]);
                    addFreq(q, f);
                    // Only pairs with the new symbol are new to this word; the others already list it.
                    if (s[i] == joined || s[i + 1] == joined) {
                        indexWord(q, w);
                    }
                }
            }
            // Count changes were collected apart and are applied one pair at a time, each followed by its heap repair:
            // a binary heap is only repaired reliably when a single key changed since it was last valid.
            pairDelta[p] = -pairFreq[p];
            markTouched(p);
            for (int k = 0; k < touched.size(); k++) {
                int q = touched.get(k);
                pairFreq[q] += pairDelta[q];
                pairDelta[q] = 0;
                heapFix(q);
            }
        }

        private static boolean contains(int[] s, int len, int a, int b) {
            for (int i = 0; i + 1 < len; i++) {
                if (s[i] == a && s[i + 1] == b) {
                    return true;
                }
            }
            return false;
        }

        private void addFreq(int p, long delta) {
            pairDelta[p] += delta;
            markTouched(p);
        }

        private void markTouched(int p) {
            if (pairTouched[p] != touchStamp) {
                pairTouched[p] = touchStamp;
                touched.add(p);
            }
        }

        private void indexWord(int p, int w) {
            if (pairLastWord[p] == w) {
                return;
            }
            pairLastWord[p] = w;
            IntList list = pairWords[p];
            if (list == null) {
                list = new IntList(4);
                pairWords[p] = list;
            }
            list.add(w);
        }

        private int intern(String symbol) {
            Integer id = symbolIds.get(symbol);
            if (id == null) {
                id = symbolNames.size();
                symbolIds.put(symbol, id);
                symbolNames.add(symbol);
            }
            return id;
        }

        private int pairId(int left, int right) {
            int p = pairIds.putIfAbsent(LongIntMap.pack(left, right), pairCount);
            if (p == pairCount) {
                if (pairCount == pairLeft.length) {
                    growPairs();
                }
                pairLeft[p] = left;
                pairRight[p] = right;
                pairLastWord[p] = -1;
                heapPos[p] = -1;
                pairCount++;
            }
            return p;
        }

        private void growPairs() {
            int cap = pairLeft.length * 2;
            pairLeft = Arrays.copyOf(pairLeft, cap);
            pairRight = Arrays.copyOf(pairRight, cap);
            pairFreq = Arrays.copyOf(pairFreq, cap);
            pairDelta = Arrays.copyOf(pairDelta, cap);
            pairWords = Arrays.copyOf(pairWords, cap);
            pairLastWord = Arrays.copyOf(pairLastWord, cap);
            pairTouched = Arrays.copyOf(pairTouched, cap);
            heapPos = Arrays.copyOf(heapPos, cap);
            heap = Arrays.copyOf(heap, cap);
        }

        // ---- indexed max-heap ----

        /** True if pair x should be merged before pair y: higher count, then the larger (left, right) by code point. */
        private boolean before(int x, int y) {
            if (pairFreq[x] != pairFreq[y]) {
                return pairFreq[x] > pairFreq[y];
            }
            int c = compareCodePoints(symbolNames.get(pairLeft[x]), symbolNames.get(pairLeft[y]));
            if (c == 0) {
                c = compareCodePoints(symbolNames.get(pairRight[x]), symbolNames.get(pairRight[y]));
            }
            return c > 0;
        }

        private void heapFix(int p) {
            int pos = heapPos[p];
            if (pairFreq[p] <= 0) {
                if (pos >= 0) {
                    heapRemoveAt(pos);
                }
            } else if (pos < 0) {
                heapInsert(p);
            } else {
                siftUp(pos);
                siftDown(heapPos[p]);
            }
        }

        private void heapInsert(int p) {
            heap[heapSize] = p;
            heapPos[p] = heapSize;
            heapSize++;
            siftUp(heapSize - 1);
        }

        private void heapRemoveAt(int pos) {
            int removed = heap[pos];
            heapPos[removed] = -1;
            heapSize--;
            if (pos == heapSize) {
                return;
            }
            int last = heap[heapSize];
            heap[pos] = last;
            heapPos[last] = pos;
            siftUp(pos);
            siftDown(heapPos[last]);
        }

        private void siftUp(int pos) {
            int p = heap[pos];
            while (pos > 0) {
                int parent = (pos - 1) >>> 1;
                int q = heap[parent];
                if (!before(p, q)) {
                    break;
                }
                heap[pos] = q;
                heapPos[q] = pos;
                pos = parent;
            }
            heap[pos] = p;
            heapPos[p] = pos;
        }

        private void siftDown(int pos) {
            int p = heap[pos];
            while (true) {
                int child = 2 * pos + 1;
                if (child >= heapSize) {
                    break;
                }
                if (child + 1 < heapSize && before(heap[child + 1], heap[child])) {
                    child++;
                }
                int q = heap[child];
                if (!before(q, p)) {
                    break;
                }
                heap[pos] = q;
                heapPos[q] = pos;
                pos = child;
            }
            heap[pos] = p;
            heapPos[p] = pos;
        }
    }

    /** Compares strings by code point, as Python compares str (String.compareTo compares UTF-16 units). */
    static int compareCodePoints(String x, String y) {
        int i = 0;
        int j = 0;
        while (i < x.length() && j < y.length()) {
            int a = x.codePointAt(i);
            int b = y.codePointAt(j);
            if (a != b) {
                return Integer.compare(a, b);
            }
            i += Character.charCount(a);
            j += Character.charCount(b);
        }
        return Integer.compare(x.length() - i, y.length() - j);
    }
}
