"""Greedy continuations of the real SmolLM2-135M-Instruct GGUF from the independent numpy float64 forward.

Reuses `load` and `forward` of make_smollm2_logits.py (numpy, adjacent-pair RoPE, shares no code with the
Swift loader). For each prompt of smollm2_logits.json it appends the argmax token 30 times, recomputing the
whole sequence each step (no KV cache), and records each step's top-1 minus top-2 logit margin so a test can
tell a near-tie (where fp32 may legitimately pick the other token) from a real disagreement.

Writes Tests/ReasonerCoreTests/Fixtures/smollm2_greedy.json.
Run: python3 scripts/golden/make_smollm2_greedy.py models/SmolLM2-135M-Instruct.gguf
"""
import json, os, sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from make_smollm2_logits import load, forward  # noqa: E402

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "ReasonerCoreTests", "Fixtures")
STEPS = 30


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "models/SmolLM2-135M-Instruct.gguf"
    cfg, w = load(path)
    prompts = json.load(open(os.path.join(FIXTURES, "smollm2_logits.json")))["prompts"]
    records = []
    for p in prompts:
        ids = list(p["ids"])
        chain, margins = [], []
        for _ in range(STEPS):
            last = forward(cfg, w, np.array(ids))[-1]
            top2 = np.argsort(-last)[:2]
            chain.append(int(top2[0]))
            margins.append(round(float(last[top2[0]] - last[top2[1]]), 5))
            ids.append(int(top2[0]))
        print(p["text"][:40].replace("\n", " "), "->", chain[:10], "min margin", min(margins))
        records.append({"text": p["text"], "ids": p["ids"], "greedy": chain, "margins": margins})
    out = os.path.join(FIXTURES, "smollm2_greedy.json")
    json.dump({"model": os.path.basename(path), "reference": "numpy float64 forward, full recompute per step",
               "steps": STEPS, "prompts": records}, open(out, "w"))
    print("wrote", os.path.abspath(out))


if __name__ == "__main__":
    main()
