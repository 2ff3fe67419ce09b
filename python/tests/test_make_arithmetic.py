# scripts/make_arithmetic.py (the SmolLM2 run's data): every answer recomputed from the problem text,
# every worked solution's box accepted by the real verifier, each step's arithmetic right, the splits
# disjoint, and the prompt exactly the user turn `reasoner rl` renders.
import importlib.util
import json
import re
import subprocess
import sys

import reasoner_swift
from conftest import REPO

spec = importlib.util.spec_from_file_location("make_arithmetic", REPO / "scripts" / "make_arithmetic.py")
make_arithmetic = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_arithmetic)


def generate(tmp_path, train=600, held_out=150):
    subprocess.run([sys.executable, str(REPO / "scripts" / "make_arithmetic.py"), "--out", str(tmp_path),
                    "--train", str(train), "--held-out", str(held_out), "--seed", "3"], check=True,
                   capture_output=True)
    load = lambda name: [json.loads(line) for line in open(tmp_path / f"{name}.jsonl")]
    return load("train"), load("held_out")


def test_answers_solutions_and_splits(tmp_path):
    train, held_out = generate(tmp_path)
    assert len(train) == 600 and len(held_out) == 150
    assert not {r["problem"] for r in train} & {r["problem"] for r in held_out}
    operators = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "×": lambda a, b: a * b}
    for record in train + held_out:
        a, op, b = re.fullmatch(r"What is (\d+) ([+\-×]) (\d+)\?", record["problem"]).groups()
        assert record["answer"] == str(operators[op](int(a), int(b))), record
        assert record["prompt"] == record["problem"] + "\n\n" + make_arithmetic.BOX_INSTRUCTION
        assert reasoner_swift.verify(record["solution"], record["answer"]), record["solution"]
        for x, o, y, z in re.findall(r"(\d+) ([+\-×]) (\d+) = (\d+)", record["solution"]):
            assert operators[o](int(x), int(y)) == int(z), record["solution"]
    assert {r["subject"] for r in train} == {"add", "sub", "mul"}


def test_held_out_share():
    shares = [make_arithmetic.is_held_out(f"What is {a} + {b}?") for a in range(10, 100) for b in range(10, 100)]
    assert abs(sum(shares) / len(shares) - 0.2) < 0.02
