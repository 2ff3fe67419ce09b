#!/usr/bin/env python3
"""GSM8K as SFT data for the T1 recipe: each worked solution without its calculator notes (`<<48/2=24>>`)
and with the closing `#### 72` turned into `\\boxed{72}`, the answer format the verifier reads.

Writes JSONL records with `problem`, `answer` (for `reasoner rl` / `eval`), `prompt` (exactly the user
turn `reasoner rl`'s chat template renders) and `solution` (for `reasoner sft`), plus `id`.

    python3 scripts/make_gsm8k_sft.py --data ../shared/data/gsm8k_train.jsonl --out runs/gsm8k/train.jsonl
"""
import argparse
import json
import re
import sys

# The instruction `reasoner rl` appends to each problem (RLTextCodec.boxInstruction).
BOX_INSTRUCTION = "Please reason step by step, and put your final answer within \\boxed{}."
CALCULATOR_NOTE = re.compile(r"<<[^<>]*>>")
FINAL_LINE = re.compile(r"\n?####\s*(.+?)\s*$")


def convert(record, where):
    """One GSM8K record → an SFT/RL record; raises ValueError naming `where` when a field is missing."""
    for field in ("problem", "solution", "answer"):
        if not isinstance(record.get(field), str):
            raise ValueError(f"{where}: field '{field}' missing or not a string")
    final = FINAL_LINE.search(record["solution"])
    if final is None:
        raise ValueError(f"{where}: solution has no '#### answer' line")
    steps = CALCULATOR_NOTE.sub("", record["solution"][:final.start()]).strip()
    answer = record["answer"]
    return {"id": record.get("id"), "problem": record["problem"], "answer": answer,
            "prompt": record["problem"] + "\n\n" + BOX_INSTRUCTION,
            "solution": f"{steps}\nThe answer is \\boxed{{{answer}}}."}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, help="a GSM8K JSONL of ../shared/data")
    parser.add_argument("--out", required=True)
    parser.add_argument("--limit", type=int, help="only the first N records")
    args = parser.parse_args()
    out = []
    with open(args.data) as f:
        for number, line in enumerate(f, 1):
            if args.limit is not None and len(out) >= args.limit:
                break
            try:
                out.append(convert(json.loads(line), f"{args.data}:{number}"))
            except json.JSONDecodeError as error:
                sys.exit(f"error: {args.data}:{number}: not JSON ({error})")
            except ValueError as error:
                sys.exit(f"error: {error}")
    with open(args.out, "w") as f:
        for record in out:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(out)} records → {args.out}")


if __name__ == "__main__":
    main()
