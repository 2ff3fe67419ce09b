# scripts/make_gsm8k_sft.py (the GSM8K stretch's SFT data): on every record of the real GSM8K train and
# test files, the calculator notes are gone, the box holds the record's answer and the real verifier
# accepts it, the prompt is the user turn `reasoner rl` renders; bad records are named by file and line.
import importlib.util
import json
import pathlib
import subprocess
import sys

import pytest
import reasoner_swift
from conftest import REPO

spec = importlib.util.spec_from_file_location("make_gsm8k_sft", REPO / "scripts" / "make_gsm8k_sft.py")
make_gsm8k_sft = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_gsm8k_sft)


def shared_file(name):
    for base in (REPO.parent / "shared" / "data", pathlib.Path("/work/shared/data")):
        if (base / name).exists():
            return base / name
    pytest.skip("shared data absent")


@pytest.mark.parametrize("name", ["gsm8k_train.jsonl", "gsm8k_test.jsonl"])
def test_every_converted_solution_boxes_its_answer(name, tmp_path):
    source = shared_file(name)
    out = tmp_path / "out.jsonl"
    subprocess.run([sys.executable, str(REPO / "scripts" / "make_gsm8k_sft.py"), "--data", str(source),
                    "--out", str(out)], check=True, capture_output=True)
    originals = [json.loads(line) for line in source.open()]
    records = [json.loads(line) for line in out.open()]
    assert len(records) == len(originals)
    for original, record in zip(originals, records):
        assert "<<" not in record["solution"] and "####" not in record["solution"], record["solution"]
        assert record["solution"].endswith(f"\\boxed{{{original['answer']}}}.")
        assert record["prompt"] == original["problem"] + "\n\n" + make_gsm8k_sft.BOX_INSTRUCTION
        assert reasoner_swift.verify(record["solution"], record["answer"]), record["solution"]
        # The box also matches the plain number, as a model's unformatted answer would be written.
        assert reasoner_swift.verify(record["solution"], str(original["answer_number"])), record["answer"]


def test_bad_records_name_file_and_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"problem": "p", "solution": "s\n#### 1", "answer": "1"}) + "\n"
                   + json.dumps({"problem": "p", "solution": "no final line", "answer": "1"}) + "\n")
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "make_gsm8k_sft.py"), "--data", str(bad),
                           "--out", str(tmp_path / "out.jsonl")], capture_output=True, text=True)
    assert done.returncode != 0 and f"{bad}:2" in done.stderr and "####" in done.stderr
    with pytest.raises(ValueError, match="x.jsonl:7: field 'answer'"):
        make_gsm8k_sft.convert({"problem": "p", "solution": "s\n#### 1"}, "x.jsonl:7")
