"""Reference logits of the real SmolLM2-135M-Instruct GGUF, from an independent ~50-line numpy forward.

The numpy forward reads the GGUF with the `gguf` PyPI package (which dequantizes Q8_0/Q4_1 itself) and
rotates ADJACENT PAIRS (llama.cpp's convention for GGUF's permuted q/k rows), so it shares no code and no
convention with the Swift loader (which un-permutes to Hugging Face's rotate-halves). The script also
checks itself against transformers' own GGUF loading when transformers is importable.

Writes Tests/ReasonerCoreTests/Fixtures/smollm2_logits.json: for each prompt, the token ids, the logits of
ids 0..1023 at every position, and the last position's top-20 (id, logit). Measured when made: numpy vs
transformers max |Δlogit| 4e-5 to 9e-5 on the three prompts.

Run: python3 scripts/golden/make_smollm2_logits.py models/SmolLM2-135M-Instruct.gguf
"""
import json, os, sys

import numpy as np
from gguf import GGUFReader
from gguf.quants import dequantize

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "ReasonerCoreTests", "Fixtures",
                   "smollm2_logits.json")


def load(path):
    r = GGUFReader(path)
    f = lambda k: r.fields[k].parts[r.fields[k].data[0]]
    cfg = dict(layers=int(f("llama.block_count")[0]), heads=int(f("llama.attention.head_count")[0]),
               kv=int(f("llama.attention.head_count_kv")[0]), theta=float(f("llama.rope.freq_base")[0]),
               eps=float(f("llama.attention.layer_norm_rms_epsilon")[0]))
    w = {}
    for t in r.tensors:
        a = dequantize(t.data, t.tensor_type).astype(np.float64)
        w[t.name] = a.reshape([int(x) for x in reversed(t.shape)]) if a.ndim > 1 else a
    return cfg, w


def forward(cfg, w, ids):
    def rms(x, g):
        return x / np.sqrt((x * x).mean(-1, keepdims=True) + cfg["eps"]) * g

    T = len(ids)
    x = w["token_embd.weight"][ids]  # [T, C]
    H, KVH = cfg["heads"], cfg["kv"]
    D = x.shape[1] // H
    inv = cfg["theta"] ** (-np.arange(0, D, 2) / D)  # [D/2]
    ang = np.arange(T)[:, None] * inv[None, :]  # [T, D/2]
    cos, sin = np.cos(ang), np.sin(ang)

    def rope_pairs(q):  # q [T, h, D]: rotate (q[2i], q[2i+1])
        a, b = q[..., 0::2], q[..., 1::2]
        out = np.empty_like(q)
        out[..., 0::2] = a * cos[:, None] - b * sin[:, None]
        out[..., 1::2] = a * sin[:, None] + b * cos[:, None]
        return out

    mask = np.triu(np.full((T, T), -np.inf), 1)
    for l in range(cfg["layers"]):
        p = f"blk.{l}."
        h = rms(x, w[p + "attn_norm.weight"])
        q = rope_pairs((h @ w[p + "attn_q.weight"].T).reshape(T, H, D))
        k = rope_pairs((h @ w[p + "attn_k.weight"].T).reshape(T, KVH, D))
        v = (h @ w[p + "attn_v.weight"].T).reshape(T, KVH, D)
        k = np.repeat(k, H // KVH, axis=1)
        v = np.repeat(v, H // KVH, axis=1)
        s = np.einsum("thd,shd->hts", q, k) / np.sqrt(D) + mask
        s = np.exp(s - s.max(-1, keepdims=True))
        s /= s.sum(-1, keepdims=True)
        o = np.einsum("hts,shd->thd", s, v).reshape(T, H * D)
        x = x + o @ w[p + "attn_output.weight"].T
        h = rms(x, w[p + "ffn_norm.weight"])
        g = h @ w[p + "ffn_gate.weight"].T
        u = h @ w[p + "ffn_up.weight"].T
        x = x + ((g / (1 + np.exp(-g))) * u) @ w[p + "ffn_down.weight"].T
    x = rms(x, w["output_norm.weight"])
    head = w.get("output.weight", w["token_embd.weight"])
    return x @ head.T  # [T, V]


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "models/SmolLM2-135M-Instruct.gguf"
    cfg, w = load(path)
    # Token ids of three short texts (no digits, so every byte-level BPE agrees on them):
    # "The capital of France is", "<|im_start|>user\nWhat is a prime number?<|im_end|>\n<|im_start|>assistant\n",
    # "Let x be the sum of the squares of the roots. Then"
    texts = ["The capital of France is",
             "<|im_start|>user\nWhat is a prime number?<|im_end|>\n<|im_start|>assistant\n",
             "Let x be the sum of the squares of the roots. Then"]
    try:
        from transformers import AutoTokenizer, AutoModelForCausalLM
        import torch
        d, f = os.path.split(os.path.abspath(path))
        tok = AutoTokenizer.from_pretrained(d, gguf_file=f)
        prompts = [tok(t, add_special_tokens=False)["input_ids"] for t in texts]
        hf = AutoModelForCausalLM.from_pretrained(d, gguf_file=f, dtype=torch.float32)
    except ImportError:
        sys.exit("needs transformers+torch to tokenize the texts and cross-check")
    records = []
    for text, ids in zip(texts, prompts):
        logits = forward(cfg, w, np.array(ids))
        with torch.no_grad():
            ref = hf(input_ids=torch.tensor([ids])).logits[0].double().numpy()
        diff = np.abs(logits - ref).max()
        print(f"{len(ids)} tokens, numpy vs transformers max |Δlogit| = {diff:.2e}")
        assert diff < 1e-3, diff
        last = logits[-1]
        top = np.argsort(-last)[:20]
        records.append({"text": text, "ids": [int(i) for i in ids],
                        "logits_first1024": [[round(float(v), 5) for v in row[:1024]] for row in logits],
                        "last_top20": [[int(i), round(float(last[i]), 5)] for i in top]})
    json.dump({"model": os.path.basename(path), "reference": "numpy float64 forward, adjacent-pair RoPE",
               "prompts": records}, open(OUT, "w"))
    print("wrote", os.path.abspath(OUT))


if __name__ == "__main__":
    main()
