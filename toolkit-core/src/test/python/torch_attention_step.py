"""Peer for AttentionStepBench: the same decoded batch through PyTorch masked attention (float32, one thread).

Memory-side projection once, T steps of scores / masked softmax / context (bmm, like the torch_seq2seq.py peer's
decoder), then one backward of L = sum_t sum(context_t * G_t). Prints `key value` lines with medians.
Usage: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 torch_attention_step.py general 64 20 512 512 256 20 30
"""
import sys
import time

import torch


def main():
    a = sys.argv[1:]
    kind = a[0] if a else "general"
    b, s, k, q, att, steps, repeats = [int(x) for x in (a[1:8] if len(a) > 1 else [64, 20, 512, 512, 256, 20, 30])]
    torch.set_num_threads(1)
    torch.manual_seed(1)
    qd = k if kind == "dot" else q
    enc0 = torch.randn(b, s, k)
    lengths = torch.tensor([max(1, s - (i * s) // (2 * b)) for i in range(b)])
    mask = torch.arange(s)[None, :] < lengths[:, None]
    queries0 = [torch.randn(b, qd) for _ in range(steps)]
    grads = [torch.randn(b, k) for _ in range(steps)]
    W = (torch.rand(qd, k) - 0.5).requires_grad_()
    Wq = (torch.rand(att, q) - 0.5).requires_grad_()
    Wk = (torch.rand(att, k) - 0.5).requires_grad_()
    v = (torch.rand(att) - 0.5).requires_grad_()
    fwd, total = [], []
    for r in range(repeats + 5):
        enc = enc0.clone().requires_grad_()
        queries = [x.clone().requires_grad_() for x in queries0]
        t0 = time.perf_counter()
        if kind == "general":
            keys = enc @ W.t()
        elif kind == "additive":
            keys = enc @ Wk.t()
        else:
            keys = enc
        loss = 0
        for t in range(steps):
            qt = queries[t]
            if kind == "additive":
                scores = torch.tanh((qt @ Wq.t())[:, None, :] + keys) @ v
            else:
                scores = torch.bmm(keys, qt[:, :, None]).squeeze(2)
            w = torch.softmax(scores.masked_fill(~mask, float("-inf")), dim=1)
            ctx = torch.bmm(w[:, None, :], enc).squeeze(1)
            loss = loss + (ctx * grads[t]).sum()
        t1 = time.perf_counter()
        loss.backward()
        t2 = time.perf_counter()
        if r >= 5:
            fwd.append((t1 - t0) * 1e3)
            total.append((t2 - t0) * 1e3)
    fwd.sort()
    total.sort()
    print("kind", kind)
    print(f"shape B{b}_S{s}_K{k}_Q{qd}_A{att}_T{steps}")
    print(f"fwd_ms {fwd[len(fwd) // 2]:.3f}")
    print(f"fwdbwd_ms {total[len(total) // 2]:.3f}")
    print(f"fwdbwd_ms_per_step {total[len(total) // 2] / steps:.4f}")


if __name__ == "__main__":
    main()
