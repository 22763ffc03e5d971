#!/usr/bin/env python3
"""PyTorch peer of `seqlab bench-lm`: the same character language model (embedding -> LSTM -> linear -> softmax
cross-entropy), the same data split (the text cut into `streams` parallel streams, truncated BPTT in windows of
`window` steps with the state carried and detached between windows), the same per-window work (zero grads, forward,
backward, global-norm clipping, Adam step), the same keys: train_chars_per_s (wall clock over the timed windows) and
valid_bpc (validation bits per character after training, state carried over windows of `window` steps).

Run as: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/torch_char_lm.py --train F --valid F [--hidden 256 ...] [--minutes 20]
"""
import argparse
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def alphabet_of(text):
    # Id 0: a character unseen in training; known code points follow in ascending order (as CharAlphabet).
    return {c: i + 1 for i, c in enumerate(sorted(set(text)))}


def streams_of(text, ids, streams):
    x = torch.tensor([ids.get(c, 0) for c in text], dtype=torch.long)
    length = len(x) // streams
    return x[: length * streams].view(streams, length).t().contiguous()  # [length, streams], time-major


class CharLm(nn.Module):
    def __init__(self, vocab, emb, hidden, layers):
        super().__init__()
        self.embedding = nn.Embedding(vocab, emb)
        self.rnn = nn.LSTM(emb, hidden, layers)
        self.output = nn.Linear(hidden, vocab)

    def forward(self, x, state):
        h, state = self.rnn(self.embedding(x), state)
        return self.output(h), state


def detach(state):
    return None if state is None else tuple(s.detach() for s in state)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--train", required=True)
    p.add_argument("--valid", required=True)
    p.add_argument("--embedding", type=int, default=64)
    p.add_argument("--hidden", type=int, default=256)
    p.add_argument("--layers", type=int, default=1)
    p.add_argument("--window", type=int, default=100)
    p.add_argument("--streams", type=int, default=32)
    p.add_argument("--valid-streams", type=int, default=10)
    p.add_argument("--warmup", type=int, default=10)
    p.add_argument("--chunks", type=int, default=50)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--clip", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--minutes", type=float, default=0,
                   help="train for this long over the whole text (again and again, the state reset at its start) "
                        "instead of timing --chunks windows")
    a = p.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(a.seed)
    train_text = open(a.train, encoding="utf-8").read()
    valid_text = open(a.valid, encoding="utf-8").read()
    ids = alphabet_of(train_text)
    vocab = len(ids) + 1
    train = streams_of(train_text, ids, a.streams)
    valid = streams_of(valid_text, ids, a.valid_streams)
    model = CharLm(vocab, a.embedding, a.hidden, a.layers)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    steps = train.size(0) - 1
    all_starts = list(range(0, steps, a.window))
    starts = all_starts[: a.warmup + a.chunks]
    state = None
    chars = 0
    began = None

    def train_window(s, state):
        e = min(s + a.window, steps)
        opt.zero_grad()
        logits, state = model(train[s:e], detach(state))
        loss = F.cross_entropy(logits.view(-1, vocab), train[s + 1:e + 1].reshape(-1), reduction="sum")
        loss.backward()
        if a.clip > 0:
            nn.utils.clip_grad_norm_(model.parameters(), a.clip)
        opt.step()
        return (e - s) * a.streams, state

    if a.minutes > 0:
        # the time-budget comparison: passes over the whole text until the time is up (checked after each window)
        began = time.perf_counter()
        deadline = began + a.minutes * 60
        i = 0
        while time.perf_counter() < deadline:
            if i == 0:
                state = None
            n, state = train_window(all_starts[i], state)
            chars += n
            i = (i + 1) % len(all_starts)
    else:
        for i, s in enumerate(starts):
            if i == a.warmup:
                began = time.perf_counter()
            n, state = train_window(s, state)
            if i >= a.warmup:
                chars += n
    seconds = time.perf_counter() - began
    with torch.no_grad():
        total, count, state = 0.0, 0, None
        vsteps = valid.size(0) - 1
        for s in range(0, vsteps, a.window):
            e = min(s + a.window, vsteps)
            logits, state = model(valid[s:e], state)
            total += F.cross_entropy(logits.view(-1, vocab), valid[s + 1:e + 1].reshape(-1), reduction="sum").item()
            count += (e - s) * a.valid_streams
    print(f"train_chars_per_s {chars / seconds:.1f}")
    print(f"valid_bpc {total / count / math.log(2):.4f}")


if __name__ == "__main__":
    main()
