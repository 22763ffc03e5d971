#!/usr/bin/env python3
"""Peer for ConllReadBenchmark: times read_conll of ../shared/bench/torch_bilstm_crf.py (a plain Python CoNLL reader)
on one file. Prints the same `key value` lines: the first read, then medians of the others, wall and CPU.
Usage: python3 toolkit-crf/bench/conll_read_peer.py FILE [READS]"""
import os, statistics, sys, time

here = os.path.dirname(os.path.abspath(__file__))
peer = os.path.join(here, "..", "..", "..", "shared", "bench", "torch_bilstm_crf.py")
src = open(peer, encoding="utf-8").read()
# Only the reader: the rest of the script imports torch, which the timing does not need.
namespace = {}
exec(src[src.index("def read_conll"):src.index("def iob1_to_iobes")], namespace)
read_conll = namespace["read_conll"]

path = sys.argv[1]
reads = max(int(sys.argv[2]) if len(sys.argv) > 2 else 10, 2)
wall, cpu = [], []
for _ in range(reads):
    w0, c0 = time.perf_counter(), time.process_time()
    sents = read_conll(path)
    cpu.append((time.process_time() - c0) * 1e3)
    wall.append((time.perf_counter() - w0) * 1e3)
print("sentences %d" % len(sents))
print("tokens %d" % sum(len(w) for w, _ in sents))
print("first_read_ms %.1f" % wall[0])
print("first_read_cpu_ms %.1f" % cpu[0])
print("read_ms %.1f" % statistics.median(wall[1:]))
print("read_cpu_ms %.1f" % statistics.median(cpu[1:]))
