#!/usr/bin/env python3
"""Prints HF `tokenizers` ids for the strings hard-coded in Tests/ReasonerCoreTests/TokenizerTests.swift.

The reference is built from the SmolLM2 GGUF's vocabulary/merges with SmolLM2's pre-tokenizer
(Digits(individual_digits=True) then ByteLevel), exactly as python/tests/test_tokenizer_matches_hf.py does.
Usage: python3 scripts/golden/tokenizer_expectations.py [path/to/SmolLM2-135M-Instruct.gguf]
"""
import json, os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../python/tests"))
import test_tokenizer_matches_hf as t

if len(sys.argv) > 1:
    t.MODEL = sys.argv[1]
elif not os.path.exists(t.MODEL):
    t.MODEL = "/work/main/models/SmolLM2-135M-Instruct.gguf"
tok = t._reference_tokenizer()
for s in ["Hello world", "  15", "\n\n17", "What is 123+4567?", "<|im_start|>user\nHi<|im_end|>", "naïve 😀 中文"]:
    print(json.dumps(s, ensure_ascii=False), tok.encode(s, add_special_tokens=False).ids)
