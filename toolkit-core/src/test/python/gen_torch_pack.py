"""Writes torch_pack.json: PyTorch's own packing of random batches, the outside oracle for PackedBatch/SequenceLayout.

Run from this directory:  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 gen_torch_pack.py
Lengths within a batch are distinct, because torch.sort does not promise a tie order.
"""
import json
import random

import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

OUT = "../resources/org/seqlab/batch/torch_pack.json"


def case(rng, batch, max_len, dim):
    lengths = rng.sample(range(1, max_len + 1), batch)
    t = max(lengths)
    ids = torch.zeros(batch, t, dtype=torch.long)
    seqs = []
    for b, n in enumerate(lengths):
        seq = [rng.randrange(1, 1000) for _ in range(n)]
        seqs.append(seq)
        ids[b, :n] = torch.tensor(seq)
    packed = pack_padded_sequence(ids, torch.tensor(lengths), batch_first=True, enforce_sorted=False)
    # A packed float buffer [N, dim] with distinct entries, scattered back to [B, T, dim] by torch.
    values = torch.arange(packed.data.shape[0] * dim, dtype=torch.float64).reshape(-1, dim) + 1
    padded, _ = pad_packed_sequence(packed._replace(data=values), batch_first=True, total_length=t)
    return {
        "lengths": lengths,
        "sequences": seqs,
        "packed_ids": packed.data.tolist(),
        "batch_sizes": packed.batch_sizes.tolist(),
        "sorted_indices": packed.sorted_indices.tolist(),
        "dim": dim,
        "packed_values": values.flatten().tolist(),
        "padded_values": padded.flatten().tolist(),
    }


def main():
    rng = random.Random(8008)
    cases = [case(rng, 1, 1, 1), case(rng, 1, 6, 2)]
    for _ in range(30):
        cases.append(case(rng, rng.randint(2, 12), 20, rng.randint(1, 3)))
    with open(OUT, "w") as f:
        json.dump({"generator": "src/test/python/gen_torch_pack.py", "torch": torch.__version__,
                   "cases": cases}, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
