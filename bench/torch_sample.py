#!/usr/bin/env python3
"""Peer for `seqlab bench-sample`: one generation step's sampling with PyTorch, in the style of Hugging Face's logits
warpers (repetition penalty by gather/where/scatter, temperature, top-k by topk, top-p by sort + cumsum, then
softmax + multinomial), on one row at a time (batch 1, as in interactive generation). Random Gaussian logits with
standard deviation 3, 64 rows cycled, a history of 32 tokens. Prints `key value` lines; torch_us_per_step is the
median over the timed passes. Run as OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/torch_sample.py ..."""
import argparse
import statistics
import time

import torch


def sample(logits, history, temperature, top_k, top_p, penalty):
    logits = logits.clone()
    if penalty != 1.0:
        seen = logits.gather(0, history)
        logits.scatter_(0, history, torch.where(seen < 0, seen * penalty, seen / penalty))
    logits = logits / temperature
    if top_k > 0:
        kth = torch.topk(logits, top_k).values[-1]
        logits = logits.masked_fill(logits < kth, float("-inf"))
    if top_p < 1.0:
        sorted_logits, order = torch.sort(logits, descending=False)
        cumulative = sorted_logits.softmax(dim=-1).cumsum(dim=-1)
        remove = cumulative <= (1 - top_p)
        remove[-1] = False
        logits = logits.masked_fill(remove.scatter(0, order, remove), float("-inf"))
    return int(torch.multinomial(logits.softmax(dim=-1), 1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vocab", type=int, default=10000)
    ap.add_argument("--steps", type=int, default=2000)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--passes", type=int, default=7)
    ap.add_argument("--temperature", type=float, default=0.8)
    ap.add_argument("--top-k", type=int, default=50)
    ap.add_argument("--top-p", type=float, default=0.9)
    ap.add_argument("--penalty", type=float, default=1.2)
    a = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    rows = torch.randn(64, a.vocab) * 3
    history = torch.randint(0, a.vocab, (32,))
    per_pass = []
    with torch.no_grad():
        for p in range(a.warmup + a.passes):
            start = time.perf_counter()
            for s in range(a.steps):
                sample(rows[s % 64], history, a.temperature, a.top_k, a.top_p, a.penalty)
            if p >= a.warmup:
                per_pass.append((time.perf_counter() - start) * 1e6 / a.steps)
    print(f"torch_us_per_step {statistics.median(per_pass):.2f}")
    print(f"torch_version {torch.__version__}")


if __name__ == "__main__":
    main()
