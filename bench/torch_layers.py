#!/usr/bin/env python3
"""PyTorch peer of `seqlab bench-layers`: the same layers, shapes and keys (median thread CPU ms, forward + backward,
float32; one intra-op thread, so all work runs on the calling thread, and CPU time is steadier than wall time on a
shared machine).

Run as: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/torch_layers.py [--repeats 30]
The char CNN here is the BiLSTM-CRF peer's (pad to the longest word, max over all positions); seqlab's max skips
padding positions, which does the same work on fewer rows.
"""
import argparse
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

ROWS = 1280


def median_ms(fn, warmup, repeats):
    for _ in range(warmup):
        fn()
    ms = []
    for _ in range(repeats):
        t0 = time.thread_time()
        fn()
        ms.append((time.thread_time() - t0) * 1e3)
    ms.sort()
    return ms[repeats // 2]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--repeats", type=int, default=30)
    a = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(1)
    w, r = a.warmup, a.repeats
    out = {}

    lin = nn.Linear(400, 200)
    x = torch.randn(ROWS, 400, requires_grad=True)
    gy = torch.randn(ROWS, 200)
    out["linear_fwdbwd_ms"] = median_ms(lambda: lin(x).backward(gy), w, r)

    emb = nn.Embedding(20000, 100, padding_idx=0)
    ids = torch.randint(0, 20000, (ROWS,))
    ge = torch.randn(ROWS, 100)
    out["embedding_fwdbwd_ms"] = median_ms(lambda: emb(ids).backward(ge), w, r)

    drop = nn.Dropout(0.5)
    drop.train()
    out["dropout_fwdbwd_ms"] = median_ms(lambda: drop(x).backward(x.detach()), w, r)

    # Locked dropout over [T=40, B=32, 400]: one mask per sequence, broadcast over time.
    xt = torch.randn(40, 32, 400, requires_grad=True)

    def locked():
        m = torch.empty(1, 32, 400).bernoulli_(0.5) / 0.5
        (xt * m).backward(xt.detach())

    out["locked_dropout_fwdbwd_ms"] = median_ms(locked, w, r)

    cemb = nn.Embedding(100, 30, padding_idx=0)
    conv = nn.Conv1d(30, 50, 3, padding=1)
    lengths = torch.randint(1, 13, (ROWS,))
    chars = torch.zeros(ROWS, 12, dtype=torch.long)
    for i, n in enumerate(lengths.tolist()):
        chars[i, :n] = torch.randint(1, 100, (n,))
    gc = torch.randn(ROWS, 50)

    def cnn():
        return conv(cemb(chars).transpose(1, 2)).max(2).values

    with torch.no_grad():
        out["charcnn_fwd_ms"] = median_ms(cnn, w, r)
    out["charcnn_fwdbwd_ms"] = median_ms(lambda: cnn().backward(gc), w, r)

    logits = torch.randn(ROWS, 8000, requires_grad=True)
    targets = torch.randint(0, 8000, (ROWS,))
    out["softmax_ce_fwdbwd_ms"] = median_ms(
        lambda: F.cross_entropy(logits, targets, label_smoothing=0.1).backward(), w, r)

    for k, v in out.items():
        print(f"{k} {v:.3f}")


if __name__ == "__main__":
    main()
