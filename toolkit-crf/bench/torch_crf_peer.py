#!/usr/bin/env python3
"""Peer for CrfBenchmark: the PyTorch CRF of ../shared/bench/torch_bilstm_crf.py on the same workload.

32 sentences of length 8-20 (mean 14), padded, float32 emissions, one thread; NLL + backward (gradients w.r.t. the
emissions and the transition/start/end scores) and Viterbi decoding, for 9 and 20 tags. Prints the same keys as
org.seqlab.crf.CrfBenchmark (median of ROUNDS timed rounds of ROUND_S seconds each, after one warm-up round; per wall-clock second and per second
of this thread's CPU time).

Run from the repository root: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 toolkit-crf/bench/torch_crf_peer.py [ROUND_S] [ROUNDS]
"""
import os, random, statistics, sys, time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "bench"))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "bench"))
from torch_bilstm_crf import CRF  # noqa: E402

torch.set_num_threads(1)


def batches(tags, n, rng):
    out = []
    for _ in range(n):
        lengths = [rng.randint(8, 20) for _ in range(32)]
        T = max(lengths)
        em = torch.randn(32, T, tags) * 3
        gold = torch.randint(0, tags, (32, T))
        mask = torch.zeros(32, T, dtype=torch.bool)
        for b, L in enumerate(lengths):
            mask[b, :L] = True
        out.append((em, gold, mask, sum(lengths)))
    return out


def measure(task, round_s, rounds):
    end = time.perf_counter() + round_s
    i = 0
    while time.perf_counter() < end:
        task(i)
        i += 1
    wall, cpu = [], []
    for _ in range(rounds):
        tokens = 0
        c0 = time.thread_time()
        t0 = time.perf_counter()
        while True:
            tokens += task(i)
            i += 1
            now = time.perf_counter()
            if now - t0 >= round_s:
                break
        c1 = time.thread_time()
        wall.append(tokens / (now - t0))
        cpu.append(tokens / max(c1 - c0, 1e-9))
    return statistics.median(wall), statistics.median(cpu)


def main():
    round_s = float(sys.argv[1]) if len(sys.argv) > 1 else 0.5
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    rng = random.Random(1234)
    torch.manual_seed(1234)
    for tags in (9, 20):
        crf = CRF(tags)
        with torch.no_grad():
            crf.trans.normal_(0, 0.5)
            crf.start.normal_(0, 0.5)
            crf.end.normal_(0, 0.5)
        data = batches(tags, 16, rng)

        def nll(i):
            em, gold, mask, tokens = data[i % len(data)]
            em = em.clone().requires_grad_(True)
            crf.zero_grad()
            crf.nll(em, gold, mask).backward()
            return tokens

        def viterbi(i):
            em, gold, mask, tokens = data[i % len(data)]
            with torch.no_grad():
                crf.decode(em, mask)
            return tokens

        n_wall, n_cpu = measure(nll, round_s, rounds)
        v_wall, v_cpu = measure(viterbi, round_s, rounds)
        print(f"crf_nll_grad_tokens_per_s_{tags}tags {n_wall:.0f}")
        print(f"viterbi_tokens_per_s_{tags}tags {v_wall:.0f}")
        print(f"crf_nll_grad_tokens_per_cpu_s_{tags}tags {n_cpu:.0f}")
        print(f"viterbi_tokens_per_cpu_s_{tags}tags {v_cpu:.0f}", flush=True)


if __name__ == "__main__":
    main()
