#!/usr/bin/env python3
"""Writes hf_warpers.json: kept token sets and final probabilities of temperature + top-k + top-p as the Hugging Face
logits warpers compute them (TemperatureLogitsWarper, TopKLogitsWarper, TopPLogitsWarper, re-implemented here in
their documented form with torch), on random rows. An outside oracle for org.seqlab.lm.sampling.Sampler.

Rows are float32 values (exact in a Java float), with distinct values (so HF's keep-all-ties top-k and our
lower-id tie-break agree), and no case whose top-p boundary lies within 1e-5 of p (where rounding decides).
Run: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 gen_hf_warpers.py > hf_warpers.json (Debian python3-torch 1.13)."""
import json

import torch


def warp(logits, temperature, top_k, top_p):
    x = logits / temperature
    if top_k > 0:
        kth = torch.topk(x, top_k).values[-1]
        x = x.masked_fill(x < kth, float("-inf"))
    if top_p < 1.0:
        sorted_x, order = torch.sort(x, descending=False)
        cumulative = sorted_x.softmax(dim=-1).cumsum(dim=-1)
        remove = cumulative <= (1 - top_p)
        remove[-1] = False  # min_tokens_to_keep = 1
        x = x.masked_fill(remove.scatter(0, order, remove), float("-inf"))
    return x.softmax(dim=-1)


def boundary_is_close(logits, temperature, top_k, top_p):
    x = logits / temperature
    if top_k > 0:
        x = torch.topk(x, top_k).values
    p = torch.sort(x.softmax(dim=-1), descending=True).values.cumsum(dim=-1)
    return bool(((p - top_p).abs() < 1e-5).any())


def main():
    g = torch.Generator().manual_seed(20261126)
    cases = []
    settings = [(1.0, 0, 0.5), (1.0, 0, 0.9), (0.7, 0, 0.8), (1.0, 10, 1.0), (1.3, 5, 1.0), (0.7, 20, 0.9),
                (1.0, 10, 0.5), (2.0, 0, 0.95)]
    while len(cases) < 40:
        spread = [0.5, 2.0, 4.0][len(cases) % 3]
        row = (torch.randn(50, generator=g) * spread).float()
        if len(set(row.tolist())) < 50:
            continue
        t, k, p = settings[len(cases) % len(settings)]
        row64 = row.double()
        if p < 1.0 and boundary_is_close(row64, t, k, p):
            continue
        probs = warp(row64, t, k, p)
        cases.append({"logits": row.tolist(), "temperature": t, "topK": k, "topP": p,
                      "kept": [i for i in range(50) if probs[i] > 0], "probabilities": probs.tolist()})
    print(json.dumps({"meta": {"torch": torch.__version__, "what": __doc__.split("\n")[0]}, "cases": cases}))


if __name__ == "__main__":
    main()
