"""Writes sacrebleu_random.json: sacreBLEU 2.6.0's own results on random adversarial corpora, the outside oracle that
holds org.seqlab.seq2seq.bleu beyond the shared fixtures (13a corner cases, Unicode whitespace, entities, lowercasing,
every smoothing method, zero-match orders, empty hypotheses, whitespace-only references).

sacreBLEU 2.6.0 is not a project dependency. Install its wheel into a scratch virtual environment, then run from this
directory:
    /usr/bin/python3 -m venv --system-site-packages /tmp/sb-venv
    /tmp/sb-venv/bin/pip install sacrebleu==2.6.0        # or --no-index --find-links DIR with the wheel
    /tmp/sb-venv/bin/python gen_sacrebleu_random.py
The text is generated here (seeded), so the file holds no third-party data. Deterministic: re-running gives the same file.
"""
import json
import random

import sacrebleu
from sacrebleu.metrics import BLEU
from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a

OUT = "../resources/org/seqlab/seq2seq/bleu/sacrebleu_random.json"

WORDS = ["the", "The", "a", "man", "Mann", "ein", "Ein", "dog", "läuft", "Straße", "ÄRGER", "İstanbul", "ΟΔΟΣ",
         "don't", "e-mail", "3-4", "120,5", "ca.120", "U.S.A.", "1.5", "x,y", "...", "--", "5-", "-5", "a-", "AT&T",
         "&quot;hi&quot;", "&amp;", "&lt;b&gt;", "&amp;quot;", "<skipped>", "„Zitat“", "(ok)", "[x]", "{y}", "50%",
         "$3", "#1", "@me", "a/b", "~", "`q`", "^", "|", "\\", "_", "*", "+", "=", "?!", ";", ":", "'", "\"",
         "😀", "x😀.", "😀,9", "٣-", "１,", "é.", "9.", ",", ".", ".a", "a.", "0.", ".0", "0,0", "cm", "120\u00a0cm"]
SPACES = [" ", " ", " ", " ", "  ", "\t", "\u00a0", "\u2007", "\u202f", "\u3000", "\u0085", "\u001c", "\u2028",
          "\u200b", "\u180e", "\r", "\n", "-\n", "\u000b"]


def segment(rng, max_words):
    n = rng.randint(0, max_words)
    out = []
    for i in range(n):
        if i:
            out.append(rng.choice(SPACES) if rng.random() < 0.3 else " ")
        out.append(rng.choice(WORDS))
    s = "".join(out)
    if rng.random() < 0.2:
        s = rng.choice(SPACES) + s
    if rng.random() < 0.2:
        s += rng.choice(SPACES)
    return s


def perturb(rng, ref):
    words = ref.split(" ")
    r = rng.random()
    if r < 0.2:
        return ref
    if r < 0.4:
        rng.shuffle(words)
    elif r < 0.6:
        words = [w for w in words if rng.random() < 0.7]
    elif r < 0.8:
        words = [rng.choice(WORDS) if rng.random() < 0.3 else w for w in words]
    else:
        return segment(rng, 8)
    return " ".join(words)


def nonempty_ref(rng, max_words):
    s = segment(rng, max_words)
    return s if s != "" else " "  # sacreBLEU refuses "" references; whitespace-only ones count 0 tokens


def score_json(s):
    return {
        "score": s.score, "counts": list(s.counts), "totals": list(s.totals), "precisions": list(s.precisions),
        "bp": s.bp, "ratio": s.ratio, "sys_len": s.sys_len, "ref_len": s.ref_len,
    }


def main():
    rng = random.Random(20261126)
    option_sets = [
        {}, {"lowercase": True},
        {"smooth_method": "none"}, {"smooth_method": "floor"}, {"smooth_method": "floor", "smooth_value": 0.25},
        {"smooth_method": "add-k"}, {"smooth_method": "add-k", "smooth_value": 0.5},
        {"smooth_method": "exp", "lowercase": True},
    ]
    corpora = []
    for i in range(64):
        options = option_sets[i % len(option_sets)]
        size = rng.randint(1, 12)
        max_words = rng.choice([3, 6, 14])
        refs = [nonempty_ref(rng, max_words) for _ in range(size)]
        hyps = [perturb(rng, r) if rng.random() < 0.9 else "" for r in refs]
        bleu = BLEU(**options)
        s = bleu.corpus_score(hyps, [refs])
        entry = {"options": options, "hyps": hyps, "refs": refs, "signature": str(bleu.get_signature()),
                 "formatted": s.format(signature=str(bleu.get_signature()))}
        entry.update(score_json(s))
        corpora.append(entry)
    tok = Tokenizer13a()
    lines = [segment(rng, 10) for _ in range(400)]
    tokenization = [{"line": line, "13a": tok(line)} for line in lines]
    doc = {
        "meta": {"generator": "toolkit-core/src/test/python/gen_sacrebleu_random.py", "sacrebleu": sacrebleu.__version__,
                 "seed": 20261126,
                 "what": "corpora: BLEU(**options).corpus_score(hyps, [refs]); tokenization: Tokenizer13a()(line)"},
        "corpora": corpora,
        "tokenization_13a": tokenization,
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=True, indent=0)
        f.write("\n")


if __name__ == "__main__":
    main()
