#!/usr/bin/env python3
"""Times Hugging Face math-verify (PyPI `math-verify`) on a JSONL of {"gold", "response"} lines, one core,
so its verifications/s can be set beside `reasoner bench verify --jsonl FILE` on the same cases.

  python3 -m venv /tmp/mv-venv && /tmp/mv-venv/bin/pip install math-verify
  /tmp/mv-venv/bin/python scripts/bench_math_verify.py --make-cases ../shared/data/math500.jsonl /tmp/verify_cases.jsonl
  /tmp/mv-venv/bin/python scripts/bench_math_verify.py /tmp/verify_cases.jsonl [--json]

--make-cases writes, per MATH-style record, its solution against its own answer (should be correct) and
against the next record's answer (should be wrong). Not used by the Swift tests.
"""
import argparse
import json
import sys
import time


def make_cases(source, target):
    records = [json.loads(line) for line in open(source, encoding="utf-8") if line.strip()]
    records = [r for r in records if r.get("solution") and r.get("answer")]
    with open(target, "w", encoding="utf-8") as out:
        for k, r in enumerate(records):
            other = records[(k + 1) % len(records)]
            out.write(json.dumps({"gold": r["answer"], "response": r["solution"], "expected": True}) + "\n")
            out.write(json.dumps({"gold": other["answer"], "response": r["solution"], "expected": False}) + "\n")
    print(f"wrote {2 * len(records)} cases to {target}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("jsonl", nargs="?")
    ap.add_argument("--make-cases", nargs=2, metavar=("SOURCE", "TARGET"))
    ap.add_argument("--json", action="store_true", help="print one JSON line")
    ap.add_argument("--verdicts", metavar="FILE", help="also write math-verify's verdict per line")
    args = ap.parse_args()
    if args.make_cases:
        make_cases(*args.make_cases)
        return
    if not args.jsonl:
        ap.error("give a JSONL file")
    from math_verify import parse, verify  # imported late so --make-cases works without it

    pairs = []
    for n, line in enumerate(open(args.jsonl, encoding="utf-8"), 1):
        if not line.strip():
            continue
        obj = json.loads(line)
        if not isinstance(obj.get("gold"), str) or not isinstance(obj.get("response"), str):
            sys.exit(f"{args.jsonl}:{n}: expected string fields \"gold\" and \"response\"")
        pairs.append((obj["gold"], obj["response"]))
    verdicts = []
    start = time.perf_counter()
    for gold, response in pairs:
        g = parse("$" + gold + "$")
        r = parse(response)
        verdicts.append(bool(verify(g, r)))
    elapsed = time.perf_counter() - start
    rate = len(pairs) / elapsed
    if args.verdicts:
        with open(args.verdicts, "w") as f:
            for v in verdicts:
                f.write(json.dumps({"correct": v}) + "\n")
    if args.json:
        print(json.dumps({"verifications_per_s": rate, "pairs": len(pairs), "correct_fraction": sum(verdicts) / len(pairs)}))
    else:
        print(f"math-verify: {rate:.1f} verifications/s ({len(pairs)} pairs, {100 * sum(verdicts) / len(pairs):.1f}% correct, {elapsed:.2f} s)")


if __name__ == "__main__":
    main()
