# verify / extract_answer / repetition / garbled: the Swift verifier and detectors through the
# extension, on cases whose answers are known and on the shared data's own solutions.
import json
import pathlib

import numpy as np
import pytest

import reasoner_swift as rs
from conftest import REPO


def test_verify_verdicts():
    v = rs.verify("so $x = \\boxed{\\dfrac{1}{2}}$.", "0.5")
    assert bool(v) and v.correct and v.extracted == "\\dfrac{1}{2}" and "boxed" in v.reason
    wrong = rs.verify("The answer is \\boxed{3}.", "4")
    assert not wrong and wrong.extracted == "3"
    none = rs.verify("I do not know.", "4")
    assert not none and none.extracted is None and none.reason
    assert rs.verify("Final answer: (1, 2]", "(1,2]")
    with pytest.raises(TypeError, match="gold"):
        rs.verify("x", 4)


def test_extract_answer():
    assert rs.extract_answer("... so the answer is \\boxed{42}.") == "42"
    assert rs.extract_answer("\\boxed{x^2+1} and then") == "x^2+1"
    assert rs.extract_answer("no answer here at all, just words and more words") is None


def test_shared_data_solutions_verify_against_their_answers():
    path = REPO.parent / "shared" / "data" / "math_train12k.jsonl"
    if not path.exists():
        path = pathlib.Path("/work/shared/data/math_train12k.jsonl")
    if not path.exists():
        pytest.skip("shared data absent")
    rows = [json.loads(line) for _, line in zip(range(200), path.open())]
    rows = [r for r in rows if r.get("solution") and r.get("answer")]
    correct = sum(bool(rs.verify(r["solution"], r["answer"])) for r in rows)
    assert correct / len(rows) > 0.95, f"only {correct}/{len(rows)} reference solutions verify"


def test_repetition_on_text_and_ids():
    loop = rs.repetition("The answer is 4. " * 40)
    assert loop and loop.rule in ("periodic_run", "repeated_tail", "repeated_ngrams") and loop.location
    clean = rs.repetition("We add the two numbers: 2 + 2 = 4, so the answer is \\boxed{4}.")
    assert not clean and clean.rule is None and clean.location is None
    ids = np.tile(np.arange(7, dtype=np.int64), 30)
    assert rs.repetition(ids) and rs.repetition(ids.tolist())
    assert not rs.repetition(ids, min_run_repeats=100, min_tail_repeats=100, max_repeated_fraction=1.0)
    with pytest.raises(TypeError, match="text_or_ids"):
        rs.repetition([0.5, 1.5])


def test_garbled():
    assert not rs.garbled("The answer is $\\alpha + \\beta = 4$.")
    mixed = rs.garbled("答案 is 四 and ответ here")
    assert mixed and mixed.findings[0]["rule"] == "mixedScripts" and mixed.script_letters
    assert rs.garbled("ok \ufffd")
    assert not rs.garbled("ok \ufffd", max_replacement_characters=1)
