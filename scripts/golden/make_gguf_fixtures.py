#!/usr/bin/env python3
"""Golden fixtures for the Swift GGUF reader, produced with the `gguf` PyPI package (pip install gguf numpy).

Writes into scripts/golden/fixtures/:
  quant_types.gguf / quant_types.json  one 2x256 tensor per supported type (F32, F16, BF16, Q8_0, Q4_0, Q4_1,
                                       Q4_K, Q6_K) and metadata of every GGUF value type; the JSON holds the
                                       values gguf.quants.dequantize gives for each tensor.
  smollm2_rows.json                    (if the real model is present) a few dequantized rows of real tensors of
                                       SmolLM2-135M-Instruct.gguf, in GGUF row order (no RoPE un-permutation).
Usage: python3 scripts/golden/make_gguf_fixtures.py [path/to/SmolLM2-135M-Instruct.gguf]
"""
import json, os, sys
import numpy as np
import gguf
from gguf import GGMLQuantizationType as T

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "fixtures")
os.makedirs(OUT, exist_ok=True)
rng = np.random.default_rng(1234)
ROWS, COLS = 2, 256


def random_kquant_blocks(qtype, n_blocks):
    """Random K-quant super-blocks whose f16 scale fields hold sane values (random bytes could be NaN/inf)."""
    _, type_size = gguf.GGML_QUANT_SIZES[qtype]
    blocks = rng.integers(0, 256, size=(n_blocks, type_size), dtype=np.uint8)
    halves = rng.uniform(-0.05, 0.05, size=(n_blocks, 2)).astype(np.float16).view(np.uint8)
    if qtype == T.Q4_K:  # d, dmin at bytes 0..3
        blocks[:, 0:4] = halves
    else:  # Q6_K: d at bytes 208..209
        blocks[:, 208:210] = halves[:, 0:2]
    return blocks


def main():
    path = os.path.join(OUT, "quant_types.gguf")
    w = gguf.GGUFWriter(path, arch="llama")
    # Metadata of every value type, including arrays of integers and of strings.
    w.add_uint8("test.u8", 200); w.add_int8("test.i8", -100)
    w.add_uint16("test.u16", 60000); w.add_int16("test.i16", -30000)
    w.add_uint32("test.u32", 4000000000); w.add_int32("test.i32", -2000000000)
    w.add_float32("test.f32", 1.5); w.add_bool("test.bool", True)
    w.add_string("test.string", "héllo ✓")
    w.add_uint64("test.u64", 2**40 + 3); w.add_int64("test.i64", -(2**40)); w.add_float64("test.f64", 0.1)
    w.add_array("test.array_i32", [1, -2, 3]); w.add_array("test.array_str", ["a", "bc", ""])
    expected = {}
    for qtype in [T.F32, T.F16, T.BF16, T.Q8_0, T.Q4_0, T.Q4_1, T.Q4_K, T.Q6_K]:
        name = f"t_{qtype.name.lower()}"
        if qtype in (T.Q4_K, T.Q6_K):
            block_size, _ = gguf.GGML_QUANT_SIZES[qtype]
            raw = random_kquant_blocks(qtype, ROWS * COLS // block_size).reshape(ROWS, -1)
        else:
            x = rng.normal(0, 1, size=(ROWS, COLS)).astype(np.float32)
            raw = gguf.quants.quantize(x, qtype)
        w.add_tensor(name, raw, raw_dtype=qtype)
        values = gguf.quants.dequantize(raw, qtype).astype(np.float32)
        assert values.shape == (ROWS, COLS), values.shape
        expected[name] = {"type": qtype.name, "shape": [ROWS, COLS], "values": values.reshape(-1).tolist()}
    w.write_header_to_file(); w.write_kv_data_to_file(); w.write_tensors_to_file(); w.close()
    with open(os.path.join(OUT, "quant_types.json"), "w") as f:
        json.dump({"tensors": expected}, f)
    print("wrote", path)

    model = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "../../models/SmolLM2-135M-Instruct.gguf")
    if not os.path.exists(model):
        model = "/work/main/models/SmolLM2-135M-Instruct.gguf"
    if os.path.exists(model):
        r = gguf.GGUFReader(model)
        picks = {"token_embd.weight": [0, 1, 12345, 49151], "blk.0.attn_q.weight": [0, 63, 575],
                 "blk.0.attn_k.weight": [0, 1, 191], "blk.29.ffn_down.weight": [0, 575], "output_norm.weight": None}
        rows = {}
        for t in r.tensors:
            if t.name not in picks:
                continue
            full = gguf.quants.dequantize(t.data, t.tensor_type).astype(np.float32)
            full = full.reshape(list(reversed([int(d) for d in t.shape])))
            idx = picks[t.name]
            sel = full.reshape(1, -1) if idx is None else full[idx]
            rows[t.name] = {"type": t.tensor_type.name, "rows": idx, "values": sel.tolist()}
        with open(os.path.join(OUT, "smollm2_rows.json"), "w") as f:
            json.dump(rows, f)
        print("wrote smollm2_rows.json from", model)


if __name__ == "__main__":
    main()
