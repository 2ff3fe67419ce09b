#!/usr/bin/env python3
"""Plots an RL run's curves from its metrics.jsonl (one JSON line per step, as `reasoner rl` and
`reasoner demo` write it): reward and accuracy, penalty rates, entropy, KL, response length.

    python3 scripts/plot_rl_metrics.py runs/rl/metrics.jsonl --out docs/rl-curves.png --title "…"
"""
import argparse
import json

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def load(path):
    rows = []
    try:
        f = open(path)
    except OSError as error:
        raise SystemExit(f"{path}: cannot read the metrics ({error.strerror})")
    with f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise SystemExit(f"{path}:{number}: not JSON ({error})")
    if not rows:
        raise SystemExit(f"{path}: no metrics lines")
    return rows


def series(rows, key):
    return [r["step"] for r in rows if r.get(key) is not None], [r[key] for r in rows if r.get(key) is not None]


def smooth(values, width=5):
    out = []
    for i in range(len(values)):
        window = values[max(0, i - width + 1): i + 1]
        out.append(sum(window) / len(window))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("metrics")
    parser.add_argument("--out", required=True)
    parser.add_argument("--title", default="")
    args = parser.parse_args()
    rows = load(args.metrics)
    panels = [
        ("reward and accuracy (sampled, training prompts)", ["reward_mean", "accuracy"]),
        ("penalty rates", ["truncated_rate", "repetitive_rate", "garbled_rate"]),
        ("entropy (nats per token)", ["entropy"]),
        ("KL (per response, nats)", ["kl_ref", "kl_init"]),
        ("response length (tokens)", ["response_length_mean"]),
    ]
    if any(r.get("eval_pass_at_1") is not None for r in rows):
        panels.append(("held-out pass@1 (every eval_every steps)", ["eval_pass_at_1"]))
    fig, axes = plt.subplots(2, 3, figsize=(13, 6.5))
    for ax, (title, keys) in zip(axes.flat, panels):
        for key in keys:
            xs, ys = series(rows, key)
            if not xs:
                continue
            if len(ys) > 8 and key != "eval_pass_at_1":
                ax.plot(xs, ys, alpha=0.25)
                ax.plot(xs, smooth(ys), label=key, color=ax.lines[-1].get_color())
            else:
                ax.plot(xs, ys, marker="o", label=key)
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("RL step")
        ax.legend(fontsize=8)
        ax.grid(alpha=0.3)
    for ax in list(axes.flat)[len(panels):]:
        ax.axis("off")
    if args.title:
        fig.suptitle(args.title)
    fig.tight_layout()
    fig.savefig(args.out, dpi=110)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
