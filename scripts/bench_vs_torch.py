#!/usr/bin/env python3
"""Runs `reasoner bench` and the PyTorch anchor (../shared/bench/torch_bench.py) one after the other, on
the same machine in the same run, and prints the ratios the engine and training issues ask for.

  scripts/bench_vs_torch.py --torch-python VENV/bin/python [--model models/SmolLM2-135M-Instruct.gguf]
                            [--cases prefill,decode16,decode64,train] [--out bench.json]

The torch venv needs `torch transformers gguf` (see ../shared/notes/perf-anchors.md). Cases run one at a
time so they never share the 2 cores. OPENBLAS_CORETYPE is removed from the reasoner runs' environment
unless --keep-coretype, so they measure what a user gets without setting anything (the CLI chooses
SKYLAKEX on AVX-512 CPUs); the line printed for each run names the OpenBLAS kernels that ran.
llama.cpp is not built here: its prefill anchor (737 tok/s, F32) comes from the notes.
"""

import argparse
import json
import os
import subprocess
import sys

LLAMA_CPP_F32_PREFILL_512 = 737.0  # ../shared/notes/perf-anchors.md, same machine


def run_json_lines(command, env=None):
    """Runs a command and returns its stdout's JSON lines (other lines are echoed to stderr)."""
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        sys.exit(f"error: {' '.join(command)} exited {done.returncode}:\n{done.stderr[-2000:]}")
    if done.stderr.strip():
        print(done.stderr.strip(), file=sys.stderr)
    rows = []
    for line in done.stdout.splitlines():
        line = line.strip()
        if line.startswith("{"):
            rows.append(json.loads(line))
    if not rows:
        sys.exit(f"error: {' '.join(command)} printed no JSON line; stdout was:\n{done.stdout[-2000:]}")
    return rows


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--torch-python", required=True, help="python of a venv with torch, transformers, gguf")
    ap.add_argument("--torch-bench", default=os.path.join(repo, "..", "shared", "bench", "torch_bench.py"))
    ap.add_argument("--reasoner", default=os.path.join(repo, ".build", "release", "reasoner"))
    ap.add_argument("--model", default=os.path.join(repo, "models", "SmolLM2-135M-Instruct.gguf"))
    ap.add_argument("--cases", default="prefill,decode16,decode64,train")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--keep-coretype", action="store_true", help="keep OPENBLAS_CORETYPE for reasoner runs")
    ap.add_argument("--out", help="write every measurement as JSON here")
    args = ap.parse_args()
    for path, what in ((args.reasoner, "--reasoner"), (args.model, "--model"), (args.torch_bench, "--torch-bench"),
                       (args.torch_python, "--torch-python")):
        if not os.path.exists(path):
            sys.exit(f"error: {what} {path} does not exist")

    ours_env = dict(os.environ)
    if not args.keep_coretype:
        ours_env.pop("OPENBLAS_CORETYPE", None)
    ours = [args.reasoner, "bench"]
    torch = [args.torch_python, args.torch_bench]
    reps = str(args.reps)
    results, table = {}, []

    def log(case, ours_row, torch_row):
        results[case] = {"reasoner": ours_row, "torch": torch_row}
        print(f"{case}: reasoner {json.dumps(ours_row)}\n{case}: torch {json.dumps(torch_row)}", flush=True)

    for case in args.cases.split(","):
        if case == "prefill":
            mine = run_json_lines(ours + ["generate", "--model", args.model, "--batch", "1", "--prompt-tokens", "512",
                                          "--new-tokens", "2", "--reps", "5", "--json"], ours_env)[0]
            theirs = run_json_lines(torch + ["prefill", "--reps", "5"])[0]
            log(case, mine, theirs)
            rate = mine["prefill_tokens_per_s"]
            table.append(("prefill 1 × 512", rate, theirs["tok_per_s"], f"{rate / LLAMA_CPP_F32_PREFILL_512:.2f}× "
                          f"llama.cpp F32 anchor ({LLAMA_CPP_F32_PREFILL_512:.0f}); target ≥ 1.2×"))
        elif case.startswith("decode"):
            batch = case[len("decode"):]
            mine = run_json_lines(ours + ["generate", "--model", args.model, "--batch", batch, "--prompt-tokens", "32",
                                          "--new-tokens", "128", "--reps", reps, "--json"], ours_env)[0]
            rows = run_json_lines(torch + ["batched", "--batch", batch, "--reps", reps])
            theirs = {r["method"]: r for r in rows}
            log(case, mine, theirs)
            rate = mine["decode_tokens_per_s"]
            best = max(r["decode_only_tok_per_s"] for r in rows)
            table.append((f"decode {batch} seqs × 128", rate, best, "target ≥ 2.5× (PyTorch: its faster method, "
                          "decode only)"))
        elif case == "train":
            mine = run_json_lines(ours + ["train", "--model", args.model, "--batch", "8", "--seq-len", "256",
                                          "--steps", reps, "--json"], ours_env)[0]
            theirs = run_json_lines(torch + ["train", "--steps", reps])[0]
            log(case, mine, theirs)
            table.append(("train fwd+bwd+AdamW 8 × 256", mine["tokens_per_s"], theirs["tok_per_s"],
                          f"target ≥ 1.5×; peak RSS {mine['peak_rss_mb'] / 1024:.1f} vs "
                          f"{theirs['peak_rss_mb'] / 1024:.1f} GiB"))
        else:
            sys.exit(f"error: unknown case {case!r} in --cases (prefill, decode16, decode64, train)")

    print("\n| case | reasoner tok/s | PyTorch tok/s | ratio | note |\n|---|---:|---:|---:|---|")
    for name, mine, theirs, note in table:
        print(f"| {name} | {mine:.0f} | {theirs:.0f} | {mine / theirs:.2f}× | {note} |")
    if args.out:
        with open(args.out, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
