#!/usr/bin/env python3
"""Procedurally generated arithmetic for the SmolLM2 T1 run: two-digit sums and differences and
one-digit-times-two-digit products, with a short place-value chain of thought ending in \\boxed{}.

Writes JSONL records with `problem`, `answer` (for `reasoner rl` / `eval`), `prompt` and `solution`
(for `reasoner sft`: the prompt is exactly the user turn that `rl`'s chat template renders), `subject`
(add/sub/mul) and `level` (1: no carry or borrow, 2: with one). Train and held-out problems are disjoint
by construction: a problem's split is a hash of its text.

    python3 scripts/make_arithmetic.py --out runs/arith --train 4000 --held-out 256 --seed 0
"""
import argparse
import hashlib
import json
import os
import random

# The instruction `reasoner rl` appends to each problem (RLTextCodec.boxInstruction).
BOX_INSTRUCTION = "Please reason step by step, and put your final answer within \\boxed{}."


def make(kind, a, b):
    """(problem, answer, solution, level) for a op b."""
    if kind == "add":
        tens, units = (a // 10 + b // 10) * 10, a % 10 + b % 10
        steps = f"{a // 10 * 10} + {b // 10 * 10} = {tens}, {a % 10} + {b % 10} = {units}, {tens} + {units} = {a + b}."
        return f"What is {a} + {b}?", a + b, steps, 2 if units >= 10 else 1
    if kind == "sub":
        first = a - b // 10 * 10
        steps = f"{a} - {b // 10 * 10} = {first}, {first} - {b % 10} = {a - b}."
        return f"What is {a} - {b}?", a - b, steps, 2 if a % 10 < b % 10 else 1
    tens, units = a * (b // 10 * 10), a * (b % 10)
    steps = f"{a} × {b // 10 * 10} = {tens}, {a} × {b % 10} = {units}, {tens} + {units} = {a * b}."
    return f"What is {a} × {b}?", a * b, steps, 2 if units >= 10 else 1


def draw(rng):
    kind = rng.choice(["add", "sub", "mul"])
    if kind == "add":
        return kind, rng.randint(10, 99), rng.randint(10, 99)
    if kind == "sub":
        a, b = rng.randint(10, 99), rng.randint(10, 99)
        return kind, max(a, b), min(a, b)
    return kind, rng.randint(2, 9), rng.randint(10, 99)


def is_held_out(problem, fraction=0.2):
    digest = hashlib.sha256(problem.encode()).digest()
    return int.from_bytes(digest[:4], "little") / 2**32 < fraction


def records(rng, count, held_out):
    seen, out = set(), []
    attempts = 0
    while len(out) < count:
        attempts += 1
        if attempts > 100 * count:
            raise SystemExit(f"make_arithmetic: could not draw {count} distinct problems")
        kind, a, b = draw(rng)
        problem, answer, steps, level = make(kind, a, b)
        if problem in seen or is_held_out(problem) != held_out:
            continue
        seen.add(problem)
        out.append({
            "problem": problem, "answer": str(answer), "prompt": problem + "\n\n" + BOX_INSTRUCTION,
            "solution": f"{steps}\n\\boxed{{{answer}}}", "subject": kind, "level": level})
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="directory for train.jsonl and held_out.jsonl")
    parser.add_argument("--train", type=int, default=4000)
    parser.add_argument("--held-out", type=int, default=256)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    for name, count, held_out in [("train", args.train, False), ("held_out", args.held_out, True)]:
        path = os.path.join(args.out, f"{name}.jsonl")
        with open(path + ".part", "w") as f:
            for record in records(rng, count, held_out):
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
        os.replace(path + ".part", path)
        print(f"{path}: {count} records")


if __name__ == "__main__":
    main()
