# The figure scripts of scripts/ on small inputs written here: they write a PNG, and a file that is not
# what they expect gives an error naming it (no traceback, no empty plot).
import json
import subprocess
import sys

from conftest import REPO


def run(script, *args):
    return subprocess.run([sys.executable, str(REPO / "scripts" / script), *map(str, args)],
                          capture_output=True, text=True)


def test_budget_curves(tmp_path):
    results = {"results": {"samples_per_problem": 4, "budgets": [
        {"budget": 16, "pass_at_1": 0.0, "finished_rate": 0.1},
        {"budget": 64, "pass_at_1": 0.5, "finished_rate": 0.9}]}}
    good = tmp_path / "results.json"
    good.write_text(json.dumps(results))
    done = run("plot_budget_curves.py", f"rl={good}", "--out", tmp_path / "curve.png")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "curve.png").stat().st_size > 1000 and "64: 50.0%" in done.stdout
    bad = tmp_path / "no_budgets.json"
    bad.write_text(json.dumps({"results": {"budgets": []}}))
    done = run("plot_budget_curves.py", f"x={bad}", "--out", tmp_path / "x.png")
    assert done.returncode != 0 and str(bad) in done.stderr and "--budgets" in done.stderr
    done = run("plot_budget_curves.py", str(good), "--out", tmp_path / "x.png")
    assert done.returncode != 0 and "LABEL=PATH" in done.stderr


def test_rl_metrics(tmp_path):
    metrics = tmp_path / "metrics.jsonl"
    keys = ("reward_mean", "accuracy", "truncated_rate", "repetitive_rate", "garbled_rate", "entropy", "kl_ref",
            "response_length_mean")
    metrics.write_text("".join(json.dumps({"step": s, **{k: 0.1 * s for k in keys}}) + "\n" for s in range(1, 6)))
    done = run("plot_rl_metrics.py", metrics, "--out", tmp_path / "rl.png")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "rl.png").stat().st_size > 1000
    missing = tmp_path / "missing.jsonl"
    done = run("plot_rl_metrics.py", missing, "--out", tmp_path / "rl2.png")
    assert done.returncode != 0 and str(missing) in done.stderr and "Traceback" not in done.stderr
