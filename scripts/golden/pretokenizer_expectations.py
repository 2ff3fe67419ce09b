#!/usr/bin/env python3
"""Prints HF `tokenizers` pre-tokenization pieces (byte-level alphabet) for the strings hard-coded in
Tests/ReasonerCoreTests/TokenizerPreTokenizerTests.swift, for the GPT-2, SmolLM, Llama-3 and Qwen2 rules.
Usage: python3 scripts/golden/pretokenizer_expectations.py   (pip install tokenizers)
"""
import json
from tokenizers import pre_tokenizers as pt, Regex

LLAMA3 = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
QWEN2 = LLAMA3.replace(r"\p{N}{1,3}", r"\p{N}")
RULES = {
    "gpt2": pt.ByteLevel(add_prefix_space=False),
    "smollm": pt.Sequence([pt.Digits(individual_digits=True), pt.ByteLevel(add_prefix_space=False)]),
    "llama-bpe": pt.Sequence([pt.Split(Regex(LLAMA3), "isolated"), pt.ByteLevel(add_prefix_space=False, use_regex=False)]),
    "qwen2": pt.Sequence([pt.Split(Regex(QWEN2), "isolated"), pt.ByteLevel(add_prefix_space=False, use_regex=False)]),
}
STRINGS = ["Hello  world's 12345!!\n\n  x", "I'LL go\t\tnow ... ok?\r\n\r\nyes", "  中文 é😀 ٣٤ 1.5e-3 \n "]
out = {name: [[p for p, _ in rule.pre_tokenize_str(s)] for s in STRINGS] for name, rule in RULES.items()}
print(json.dumps({"strings": STRINGS, "pieces": out}, ensure_ascii=False, indent=1))
