#!/usr/bin/env python3
"""PyTorch peer of `seqlab bench-optimizer`: one optimizer step and clip_grad_norm_ over the same tagger shapes.

Run as: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/torch_optimizer.py --optimizer adam --steps 200
Prints `key value` lines: params, step_ms, clip_norm_ms (single thread, float32).
"""
import argparse
import time

import torch

SHAPES = [(20000, 100), (100, 30), (30, 90), (30,),
          (800, 130), (800, 200), (800,), (800, 130), (800, 200), (800,),
          (17, 400), (17,), (17, 17)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--optimizer", default="adam", choices=["sgd", "adam", "adamw"])
    ap.add_argument("--steps", type=int, default=200)
    a = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(1)
    params = []
    for s in SHAPES:
        p = torch.nn.Parameter(0.1 * torch.randn(*s))
        p.grad = 0.01 * torch.randn(*s)
        params.append(p)
    if a.optimizer == "sgd":
        opt = torch.optim.SGD(params, lr=1e-3, momentum=0.9)
    elif a.optimizer == "adam":
        opt = torch.optim.Adam(params, lr=1e-3)
    else:
        opt = torch.optim.AdamW(params, lr=1e-3, weight_decay=0.01)
    warm = max(5, a.steps // 5)
    for _ in range(warm):
        opt.step()
        torch.nn.utils.clip_grad_norm_(params, 1e9)
    t0 = time.perf_counter()
    for _ in range(a.steps):
        opt.step()
    t1 = time.perf_counter()
    for _ in range(a.steps):
        torch.nn.utils.clip_grad_norm_(params, 1e9)
    t2 = time.perf_counter()
    print("params", sum(p.numel() for p in params))
    print("step_ms %.4f" % ((t1 - t0) * 1e3 / a.steps))
    print("clip_norm_ms %.4f" % ((t2 - t1) * 1e3 / a.steps))


if __name__ == "__main__":
    main()
