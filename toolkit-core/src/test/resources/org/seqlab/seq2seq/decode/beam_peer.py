"""Peer of BeamSearchBenchmark: times the PyTorch peer's own beam_batch / greedy_batch (../shared/bench/torch_seq2seq.py)
on the same synthetic model (log-prob row of token y at step t = pool[(31 y + t + 7 i) mod 256] for sentence i, the pool built from the same
integer hash), so that only the search itself is timed.  Prints key value lines.

Usage: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 beam_peer.py SHARED_BENCH_DIR [beam] [batch] [vocab] [src_len] [passes]
"""
import importlib.util, statistics, sys, time
import torch

bench_dir = sys.argv[1]
beam, batch, vocab, src_len, passes = (int(a) for a in (sys.argv[2:] + ["5", "64", "8000", "12", "7"][len(sys.argv) - 2:]))
torch.set_num_threads(1)
spec = importlib.util.spec_from_file_location("peer", bench_dir + "/torch_seq2seq.py")
peer = importlib.util.module_from_spec(spec)
spec.loader.exec_module(peer)

POOL = 256
r = torch.arange(POOL, dtype=torch.int64).view(-1, 1)
v = torch.arange(vocab, dtype=torch.int64).view(1, -1)
h = ((r * 8191 + v) * 2654435761) & 0xffffffff
logits = 8.0 * h.double() / 4294967296.0
logits[:, peer.EOS] += torch.where(r.view(-1) % 8 == 0, 4.0, -4.0).double()
logits[:, peer.PAD] = float("-inf")
logits[:, peer.BOS] = float("-inf")
pool = torch.log_softmax(logits, 1).float()


class PoolModel:
    """State: the step number in h; the pool row index travels in feed (which the peer reorders with the beams)."""
    dec_hidden = 1

    class out:
        out_features = vocab

    def __init__(self):
        self.steps = 0

    def encode(self, src, src_len):
        B = src.size(0)
        z = torch.zeros(B, 1, 1)
        return z, z, src != peer.PAD, ((7 * torch.arange(B)).float().view(-1, 1), torch.zeros(B, 1))

    def next_input(self, y):
        return y

    def step(self, y, feed, state, memory, keys, mask):
        self.steps += 1
        h, c = state
        idx = (31 * y + h[:, 0].long()) % POOL
        return idx.float().view(-1, 1), (h + 1, c)


peer._log_probs = lambda model, feed: pool[feed[:, 0].long()]   # the peer masks its own copy only at the limit

src = torch.full((batch, src_len + 1), 5, dtype=torch.long)
src_len_t = torch.full((batch,), src_len + 1, dtype=torch.long)
max_len = [2 * src_len + 10] * batch
rates = []
for p in range(-3, passes):
    model = PoolModel()
    t0 = time.perf_counter()
    out = (peer.beam_batch(model, src, src_len_t, max_len, beam, 0.6) if beam > 1
           else peer.greedy_batch(model, src, src_len_t, max_len))
    el = time.perf_counter() - t0
    if p >= 0:
        rates.append(batch / el)
print("peer_search_sents_per_s %.1f" % statistics.median(rates))
print("peer_model_steps %d" % model.steps)
print("peer_mean_length %.2f" % (sum(len(o) for o in out) / len(out)))
