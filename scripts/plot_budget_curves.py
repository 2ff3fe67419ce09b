#!/usr/bin/env python3
"""Plots inference-scaling curves: pass@1 against the generation budget, one line per `reasoner eval
--budgets` run (a response counts at budget b only if it finished within b tokens and is correct).

    python3 scripts/plot_budget_curves.py base=runs/x/budget_base/results.json rl=runs/x/budget_rl/results.json \
        --out curves.png [--title TEXT]
"""
import argparse
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after the backend is chosen)


def load_curve(path):
    """[(budget, pass@1, finished rate)] of one results.json; exits naming the file when it has none."""
    try:
        with open(path) as f:
            results = json.load(f)["results"]
    except (OSError, json.JSONDecodeError, KeyError) as error:
        sys.exit(f"error: {path}: not a `reasoner eval` results.json ({error})")
    points = results.get("budgets") or []
    if not points:
        sys.exit(f"error: {path}: no budget curve (run `reasoner eval` with --budgets)")
    return [(p["budget"], p["pass_at_1"], p["finished_rate"]) for p in points], results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("runs", nargs="+", help="LABEL=PATH/results.json")
    parser.add_argument("--out", required=True)
    parser.add_argument("--title", default="pass@1 against the generation budget")
    args = parser.parse_args()
    fig, (acc, done) = plt.subplots(1, 2, figsize=(10, 3.8))
    for run in args.runs:
        label, sep, path = run.partition("=")
        if not sep:
            sys.exit(f"error: {run!r}: expected LABEL=PATH")
        curve, results = load_curve(path)
        budgets = [b for b, _, _ in curve]
        k = results.get("samples_per_problem", 1)
        acc.plot(budgets, [100 * a for _, a, _ in curve], marker="o", label=f"{label} (k={k})")
        done.plot(budgets, [100 * f for _, _, f in curve], marker="o", label=label)
        print(f"{label}: " + ", ".join(f"{b}: {100 * a:.1f}%" for b, a, _ in curve))
    for ax, name in ((acc, "pass@1 (%)"), (done, "finished within the budget (%)")):
        ax.set_xscale("log", base=2)
        ax.set_xlabel("generation budget (tokens)")
        ax.set_ylabel(name)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle(args.title)
    fig.tight_layout()
    fig.savefig(args.out, dpi=110)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
