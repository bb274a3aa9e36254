#!/usr/bin/python3
"""PyTorch CPU peer for albert-ts benchmarks: an ALBERT written with plain torch ops.

The module tree and parameter names follow Hugging Face's AlbertForPreTraining, so
`--check-fixture DIR` can load a fixture's model.safetensors and compare against its
cases.json (proves this peer computes ALBERT, not something cheaper).

Modes (each prints one JSON object on stdout):
  forward     AlbertModel forward (last_hidden_state + pooler), no grad, batch x seq.
  train       one pretraining step: forward, MLM loss on --mlm-positions gathered positions
              per sequence + SOP loss, backward, AdamW step.
  export-onnx write the AlbertModel forward as ONNX (dynamic batch/sequence) for the
              onnxruntime-node peer.
  check       compare with a fixture directory (config.json, model.safetensors, cases.json).

Run with Debian's /usr/bin/python3 (python3-torch), not a pyenv python.
"""

import argparse
import json
import math
import os
import platform
import resource
import statistics
import struct
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


def act_fn(name):
    if name == "gelu_new":
        c = math.sqrt(2.0 / math.pi)
        return lambda x: 0.5 * x * (1.0 + torch.tanh(c * (x + 0.044715 * torch.pow(x, 3.0))))
    if name == "gelu":
        return F.gelu
    if name == "relu":
        return F.relu
    if name in ("gelu_fast",):
        return lambda x: 0.5 * x * (1.0 + torch.tanh(x * 0.7978845608 * (1.0 + 0.044715 * x * x)))
    raise SystemExit(f"unsupported hidden_act {name!r}")


class Embeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.word_embeddings = nn.Embedding(c["vocab_size"], c["embedding_size"], padding_idx=c.get("pad_token_id", 0))
        self.position_embeddings = nn.Embedding(c["max_position_embeddings"], c["embedding_size"])
        self.token_type_embeddings = nn.Embedding(c["type_vocab_size"], c["embedding_size"])
        self.LayerNorm = nn.LayerNorm(c["embedding_size"], eps=c["layer_norm_eps"])

    def forward(self, input_ids, token_type_ids):
        s = input_ids.shape[1]
        pos = torch.arange(s, device=input_ids.device).unsqueeze(0)
        e = self.word_embeddings(input_ids) + self.token_type_embeddings(token_type_ids) + self.position_embeddings(pos)
        return self.LayerNorm(e)


class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        h = c["hidden_size"]
        self.heads = c["num_attention_heads"]
        self.head_dim = h // self.heads
        self.query = nn.Linear(h, h)
        self.key = nn.Linear(h, h)
        self.value = nn.Linear(h, h)
        self.dense = nn.Linear(h, h)
        self.LayerNorm = nn.LayerNorm(h, eps=c["layer_norm_eps"])

    def split(self, x):
        b, s, _ = x.shape
        return x.view(b, s, self.heads, self.head_dim).transpose(1, 2)

    def forward(self, x, mask):
        q, k, v = self.split(self.query(x)), self.split(self.key(x)), self.split(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_dim) + mask
        probs = torch.softmax(scores, dim=-1)
        ctx = torch.matmul(probs, v).transpose(1, 2).flatten(2)
        return self.LayerNorm(x + self.dense(ctx))


class Layer(nn.Module):
    def __init__(self, c):
        super().__init__()
        h, i = c["hidden_size"], c["intermediate_size"]
        self.attention = Attention(c)
        self.ffn = nn.Linear(h, i)
        self.ffn_output = nn.Linear(i, h)
        self.full_layer_layer_norm = nn.LayerNorm(h, eps=c["layer_norm_eps"])
        self.act = act_fn(c["hidden_act"])

    def forward(self, x, mask):
        a = self.attention(x, mask)
        return self.full_layer_layer_norm(a + self.ffn_output(self.act(self.ffn(a))))


class LayerGroup(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.albert_layers = nn.ModuleList([Layer(c) for _ in range(c["inner_group_num"])])

    def forward(self, x, mask):
        for layer in self.albert_layers:
            x = layer(x, mask)
        return x


class Encoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.embedding_hidden_mapping_in = nn.Linear(c["embedding_size"], c["hidden_size"])
        self.albert_layer_groups = nn.ModuleList([LayerGroup(c) for _ in range(c["num_hidden_groups"])])

    def forward(self, e, mask):
        x = self.embedding_hidden_mapping_in(e)
        n, g = self.c["num_hidden_layers"], self.c["num_hidden_groups"]
        for i in range(n):
            x = self.albert_layer_groups[int(i / (n / g))](x, mask)
        return x


class AlbertModel(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.embeddings = Embeddings(c)
        self.encoder = Encoder(c)
        self.pooler = nn.Linear(c["hidden_size"], c["hidden_size"])

    def forward(self, input_ids, attention_mask, token_type_ids):
        mask = (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * -10000.0
        h = self.encoder(self.embeddings(input_ids, token_type_ids), mask)
        return h, torch.tanh(self.pooler(h[:, 0]))


class MLMHead(nn.Module):
    def __init__(self, c, word_embeddings):
        super().__init__()
        self.dense = nn.Linear(c["hidden_size"], c["embedding_size"])
        self.LayerNorm = nn.LayerNorm(c["embedding_size"], eps=c["layer_norm_eps"])
        self.bias = nn.Parameter(torch.zeros(c["vocab_size"]))
        self.act = act_fn(c["hidden_act"])
        self.word_embeddings = word_embeddings  # tied decoder

    def forward(self, h):
        return F.linear(self.LayerNorm(self.act(self.dense(h))), self.word_embeddings.weight, self.bias)


class SOPHead(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.classifier = nn.Linear(c["hidden_size"], 2)

    def forward(self, pooled):
        return self.classifier(pooled)


class AlbertForPreTraining(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.albert = AlbertModel(c)
        self.predictions = MLMHead(c, self.albert.embeddings.word_embeddings)
        self.sop_classifier = SOPHead(c)
        self.apply(lambda m: init_weights(m, c["initializer_range"]))

    def forward(self, input_ids, attention_mask, token_type_ids, mlm_positions=None):
        h, pooled = self.albert(input_ids, attention_mask, token_type_ids)
        if mlm_positions is not None:  # Google ALBERT style: the head only sees masked positions
            h = torch.gather(h, 1, mlm_positions[:, :, None].expand(-1, -1, h.shape[-1]))
        return self.predictions(h), self.sop_classifier(pooled)


def init_weights(m, std):
    if isinstance(m, nn.Linear):
        nn.init.normal_(m.weight, 0.0, std)
        nn.init.zeros_(m.bias)
    elif isinstance(m, nn.Embedding):
        nn.init.normal_(m.weight, 0.0, std)
        if m.padding_idx is not None:
            with torch.no_grad():
                m.weight[m.padding_idx].zero_()
    elif isinstance(m, nn.LayerNorm):
        nn.init.ones_(m.weight)
        nn.init.zeros_(m.bias)


# ---------------------------------------------------------------- helpers


def load_config(path, overrides):
    with open(path) as f:
        c = json.load(f)
    for kv in overrides or []:
        k, v = kv.split("=", 1)
        c[k] = json.loads(v) if v[:1].isdigit() or v[:1] in "-[{" else v
    return c


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    base = 8 + n
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        if meta["dtype"] != "F32":
            raise SystemExit(f"{path}: tensor {name} has dtype {meta['dtype']}, expected F32")
        b, e = meta["data_offsets"]
        arr = np.frombuffer(data[base + b : base + e], dtype="<f4").reshape(meta["shape"])
        out[name] = torch.from_numpy(arr.copy())
    return out


def make_inputs(c, batch, seq, seed, pad_frac):
    g = torch.Generator().manual_seed(seed)
    ids = torch.randint(5, c["vocab_size"], (batch, seq), generator=g)
    types = torch.zeros(batch, seq, dtype=torch.long)
    types[:, seq // 2 :] = 1
    mask = torch.ones(batch, seq, dtype=torch.long)
    if pad_frac > 0:
        for b in range(batch):
            n = int(seq * pad_frac * (b % 2))
            if n:
                mask[b, seq - n :] = 0
                ids[b, seq - n :] = c.get("pad_token_id", 0)
    return ids, mask, types


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def timed(fn, warmup, iters):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(iters):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000.0)
    return times


def forward_flops(c, batch, seq):
    """Multiply-adds x 2 of the encoder matmuls (the work any engine must do)."""
    h, e, i, n = c["hidden_size"], c["embedding_size"], c["intermediate_size"], c["num_hidden_layers"]
    per_layer = 4 * h * h + 2 * h * i  # q, k, v, dense, ffn, ffn_output (per token)
    attn = 2 * seq * h  # QK^T and PV (per token)
    layers = n * c["inner_group_num"]
    tokens = batch * seq
    return 2.0 * tokens * (e * h + layers * (per_layer + attn)) + 2.0 * batch * h * h


def env_info():
    return {
        "engine": "pytorch",
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", "default"),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }


# ---------------------------------------------------------------- modes


def run_forward(c, a):
    torch.manual_seed(a.seed)
    model = AlbertForPreTraining(c).albert.eval()
    ids, mask, types = make_inputs(c, a.batch, a.seq, a.seed, a.pad_frac)
    with torch.inference_mode():
        times = timed(lambda: model(ids, mask, types), a.warmup, a.iters)
    med = statistics.median(times)
    flops = forward_flops(c, a.batch, a.seq)
    return {
        "mode": "forward",
        "batch": a.batch,
        "seq": a.seq,
        "iters": a.iters,
        "median_ms": med,
        "times_ms": times,
        "seq_per_s": a.batch / (med / 1000.0),
        "gflop": flops / 1e9,
        "gflops_effective": flops / 1e9 / (med / 1000.0),
        "peak_rss_mb": peak_rss_mb(),
    }


def run_train(c, a):
    torch.manual_seed(a.seed)
    model = AlbertForPreTraining(c).train()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=0.01)
    ids, mask, types = make_inputs(c, a.batch, a.seq, a.seed, a.pad_frac)
    g = torch.Generator().manual_seed(a.seed + 1)
    p = a.mlm_positions
    pos = torch.stack([torch.randperm(a.seq - 1, generator=g)[:p] + 1 for _ in range(a.batch)])
    mlm_labels = torch.randint(5, c["vocab_size"], (a.batch, p), generator=g)
    sop = torch.randint(0, 2, (a.batch,), generator=g)

    def step():
        opt.zero_grad(set_to_none=True)
        if a.mlm_full:
            labels = torch.full((a.batch, a.seq), -100, dtype=torch.long)
            labels.scatter_(1, pos, mlm_labels)
            logits, sop_logits = model(ids, mask, types)
            mlm = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), labels.reshape(-1), ignore_index=-100)
        else:
            logits, sop_logits = model(ids, mask, types, pos)
            mlm = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), mlm_labels.reshape(-1))
        loss = mlm + F.cross_entropy(sop_logits, sop)
        loss.backward()
        opt.step()
        return loss

    times = timed(step, a.warmup, a.iters)
    med = statistics.median(times)
    n_params = sum(x.numel() for x in model.parameters())
    return {
        "mode": "train",
        "batch": a.batch,
        "seq": a.seq,
        "mlm_positions": p,
        "mlm_full": a.mlm_full,
        "iters": a.iters,
        "median_ms": med,
        "times_ms": times,
        "steps_per_s": 1000.0 / med,
        "params": n_params,
        "loss_last": float(step().item()),
        "peak_rss_mb": peak_rss_mb(),
    }


class _ExportWrapper(nn.Module):
    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.m(input_ids, attention_mask, token_type_ids)


def run_export(c, a):
    torch.manual_seed(a.seed)
    model = _ExportWrapper(AlbertForPreTraining(c).albert.eval())
    ids, mask, types = make_inputs(c, 2, 16, a.seed, 0.0)
    axes = {"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"},
            "token_type_ids": {0: "batch", 1: "seq"}, "last_hidden_state": {0: "batch", 1: "seq"},
            "pooler_output": {0: "batch"}}
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(model, (ids, mask, types), a.out, opset_version=14,
                          input_names=["input_ids", "attention_mask", "token_type_ids"],
                          output_names=["last_hidden_state", "pooler_output"], dynamic_axes=axes,
                          do_constant_folding=True)
    return {"mode": "export-onnx", "out": a.out, "bytes": os.path.getsize(a.out)}


def run_check(a):
    c = load_config(os.path.join(a.fixture, "config.json"), a.set)
    model = AlbertForPreTraining(c).eval()
    sd = read_safetensors(os.path.join(a.fixture, "model.safetensors"))
    missing, unexpected = model.load_state_dict(sd, strict=False)
    missing = [k for k in missing if k != "predictions.word_embeddings.weight"]
    if missing or unexpected:
        raise SystemExit(f"state_dict mismatch: missing={missing} unexpected={unexpected}")
    with open(os.path.join(a.fixture, "cases.json")) as f:
        cases = json.load(f)["cases"]
    worst = {}
    with torch.no_grad():
        for case in cases:
            ids = torch.tensor(case["input_ids"])
            mask = torch.tensor(case["attention_mask"]) if case["attention_mask"] is not None else torch.ones_like(ids)
            types = torch.tensor(case["token_type_ids"]) if case["token_type_ids"] is not None else torch.zeros_like(ids)
            h, pooled = model.albert(ids, mask, types)
            logits, sop = model.predictions(h), model.sop_classifier(pooled)
            for name, got in (("last_hidden_state", h), ("pooler_output", pooled),
                              ("prediction_logits", logits), ("sop_logits", sop)):
                if name in case["outputs"]:
                    d = float((got - torch.tensor(case["outputs"][name])).abs().max())
                    worst[name] = max(worst.get(name, 0.0), d)
    ok = all(v < 1e-4 for v in worst.values())
    return {"mode": "check", "fixture": a.fixture, "max_abs_diff": worst, "ok": ok}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", choices=["forward", "train", "export-onnx", "check"])
    p.add_argument("--config", help="HF config.json")
    p.add_argument("--set", action="append", help="override a config key, e.g. --set hidden_size=256")
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--seq", type=int, default=128)
    p.add_argument("--iters", type=int, default=7)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--pad-frac", type=float, default=0.0, help="pad this fraction of every other row")
    p.add_argument("--mlm-positions", type=int, default=20, help="masked positions per sequence (train)")
    p.add_argument("--mlm-full", action="store_true", help="MLM logits for every position (HF style)")
    p.add_argument("--out", help="ONNX output path (export-onnx)")
    p.add_argument("--fixture", help="fixture dir (check)")
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    if a.mode == "check":
        res = run_check(a)
    else:
        if not a.config:
            raise SystemExit("--config is required")
        c = load_config(a.config, a.set)
        if a.mode == "forward":
            res = run_forward(c, a)
        elif a.mode == "train":
            res = run_train(c, a)
        else:
            if not a.out:
                raise SystemExit("--out is required for export-onnx")
            res = run_export(c, a)
        res["config"] = {k: c[k] for k in ("vocab_size", "embedding_size", "hidden_size", "num_hidden_layers",
                                           "num_hidden_groups", "inner_group_num", "num_attention_heads",
                                           "intermediate_size", "hidden_act")}
    res.update(env_info())
    json.dump(res, sys.stdout)
    sys.stdout.write("\n")
    return 0 if res.get("ok", True) else 1


if __name__ == "__main__":
    sys.exit(main())
