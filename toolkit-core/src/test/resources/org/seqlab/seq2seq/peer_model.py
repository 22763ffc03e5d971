"""Writes peer_model.json: the PyTorch peer's own model class (../shared/bench/torch_seq2seq.py, Seq2Seq) at a small
size in float64, dropout 0, one teacher-forced batch of three pairs with label-smoothed cross-entropy (its training
loss): the weights under seqlab's parameter names, the loss and every gradient. Seq2SeqPeerModelTest loads the weights
into a Seq2SeqModel and requires the same loss and gradients. The peer's LSTMCell has two gate biases; seqlab's
decoder has one, so the file carries their sum (the gradient of each equals the gradient of the sum).

Usage: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 peer_model.py SHARED_BENCH_DIR > peer_model.json
"""
import importlib.util, json, sys
import torch
import torch.nn.functional as F

spec = importlib.util.spec_from_file_location("peer", sys.argv[1] + "/torch_seq2seq.py")
peer = importlib.util.module_from_spec(spec)
spec.loader.exec_module(peer)

torch.set_default_dtype(torch.float64)
torch.manual_seed(11)
VOCAB, EMB, ENC, DEC = 20, 8, 6, 10
model = peer.Seq2Seq(VOCAB, emb=EMB, enc_hidden=ENC, dec_hidden=DEC, dropout=0.0).double()
# sources without </s>, targets without <s> / </s>, as Seq2SeqModel.Pair holds them; lengths differ on both sides
pairs = [([15, 14, 15, 4, 9], [11, 18, 15]), ([15, 13], [9, 19, 5, 8, 17, 15]), ([5, 14, 18, 5], [14, 5, 16, 15]),
         ([7, 7, 12], [6])]

names = {  # seqlab name -> peer name
    "src_emb.weight": "src_emb.weight", "tgt_emb.weight": "tgt_emb.weight",
    "encoder.weight_ih_l0": "encoder.weight_ih_l0", "encoder.weight_hh_l0": "encoder.weight_hh_l0",
    "encoder.bias_ih_l0": "encoder.bias_ih_l0", "encoder.bias_hh_l0": "encoder.bias_hh_l0",
    "encoder.weight_ih_l0_reverse": "encoder.weight_ih_l0_reverse",
    "encoder.weight_hh_l0_reverse": "encoder.weight_hh_l0_reverse",
    "encoder.bias_ih_l0_reverse": "encoder.bias_ih_l0_reverse", "encoder.bias_hh_l0_reverse": "encoder.bias_hh_l0_reverse",
    "bridge_h.weight": "bridge_h.weight", "bridge_h.bias": "bridge_h.bias",
    "bridge_c.weight": "bridge_c.weight", "bridge_c.bias": "bridge_c.bias",
    "decoder.ih.weight": "decoder.weight_ih", "decoder.ih.bias": "decoder.bias_ih", "decoder.hh.weight": "decoder.weight_hh",
    "attention.W": "attn.weight", "combine.weight": "combine.weight", "out.weight": "out.weight", "out.bias": "out.bias",
}
params = dict(model.named_parameters())
batch = sorted(((s + [peer.EOS], t) for s, t in pairs), key=lambda p: -len(p[0]))
src, src_len, tgt_in, tgt_out = peer.train_tensors(batch)
model.train()
loss = F.cross_entropy(model(src, src_len, tgt_in, tgt_out), tgt_out[tgt_out != peer.PAD], label_smoothing=0.1)
loss.backward()

def values(ours, peer_name):
    v = params[peer_name].detach()
    if ours == "decoder.ih.bias":
        v = v + params["decoder.bias_hh"].detach()
    return v.reshape(-1).tolist()

json.dump({
    "generator": "peer_model.py (torch %s, torch_seq2seq.Seq2Seq)" % torch.__version__,
    "vocab": VOCAB, "embeddingSize": EMB, "encoderHidden": ENC, "decoderHidden": DEC, "labelSmoothing": 0.1,
    "pairs": [{"source": s, "target": t} for s, t in pairs],
    "loss": loss.item(),
    "weights": {o: {"shape": list(params[p].shape), "values": values(o, p)} for o, p in names.items()},
    "grads": {o: params[p].grad.reshape(-1).tolist() for o, p in names.items()},
}, sys.stdout)
