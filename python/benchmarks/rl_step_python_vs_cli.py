"""Compares one RL step driven from Python (RLTrainer.step, wall time around the call) with the same step
run by the CLI (`reasoner rl`, the step's own seconds_total from metrics.jsonl), on the golden tiny Llama
with identical settings; every response runs to max_new_tokens so both do the same work. Also times the
step with the reward written in Python (a verifier call per completion) instead of the native one.
Prints figures only.

    python3 python/benchmarks/rl_step_python_vs_cli.py [--steps 10] [--reasoner .build/release/reasoner]
"""
import argparse
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

import reasoner_swift as rs

REPO = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "python" / "tests"))
from conftest import write_tiny_tokenizer  # noqa: E402

CONFIG = dict(k=8, batch_size=8, max_new_tokens=48, prompt_template="{problem}=", track_initial_kl=False,
              penalty_truncated=False, skip_equal_groups=False, lr=1e-4, seed=1, micro_batch_size=16)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--reasoner", default=str(REPO / ".build" / "release" / "reasoner"))
    args = parser.parse_args()
    work = pathlib.Path(tempfile.mkdtemp())
    model_dir = work / "tiny"
    shutil.copytree(REPO / "Tests/ReasonerCoreTests/Fixtures/golden_tiny_llama", model_dir)
    write_tiny_tokenizer(model_dir, 300)
    records = [{"problem": f"{a}+{b}", "answer": str(a + b)} for a in range(10) for b in range(10)]
    (work / "data.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    config = dict(CONFIG, model=str(model_dir), data=str(work / "data.jsonl"), out=str(work / "run"), steps=args.steps)
    (work / "config.json").write_text(json.dumps(config))
    subprocess.run([args.reasoner, "rl", "--config", str(work / "config.json")], check=True, capture_output=True)
    cli = [json.loads(line)["seconds_total"] for line in (work / "run" / "metrics.jsonl").read_text().splitlines()]

    def python_steps(reward):
        trainer = rs.RLTrainer(rs.Model.load(model_dir), rs.RLConfig(**CONFIG), reward=reward)
        walls = []
        for s in range(args.steps):
            batch = records[(s * 8) % len(records):][:8]
            t0 = time.perf_counter()
            trainer.step(batch)
            walls.append(time.perf_counter() - t0)
        return walls

    native = python_steps(None)
    py_reward = python_steps(lambda p, c, a, **kw: [float(rs.verify(x, y)) for x, y in zip(c, a)])
    # The fastest step of each mode: the least disturbed by other load on the machine.
    best = min
    print(f"RL step, tiny Llama, B=8 K=8, 48 new tokens, fastest of {args.steps} steps (median in brackets):")
    med = lambda xs: sorted(xs)[len(xs) // 2]  # noqa: E731
    for label, xs in (("CLI (reasoner rl, in-step seconds_total)", cli),
                      ("Python RLTrainer.step, native reward", native),
                      ("Python RLTrainer.step, Python reward", py_reward)):
        print(f"  {label:44} {best(xs) * 1e3:8.1f} ms  ({best(xs) / best(cli) - 1:+.1%})  [{med(xs) * 1e3:.1f} ms]")


if __name__ == "__main__":
    main()
