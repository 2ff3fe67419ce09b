"""Measures the per-response overhead of a Python reward called through the Swift bridge
(reasoner_swift.evaluate_reward → rs_reward_eval → C trampoline → Python), for 1 and 2 threads, per-response
and batch forms, against calling the same trivial reward in a plain Python loop. Prints figures only.

    python3 python/benchmarks/reward_overhead.py [--n 20000] [--repeats 5]
"""
import argparse
import time

import reasoner_swift as rs


def best_of(repeats, fn):
    """(wall, cpu) seconds, each the best of `repeats` runs. CPU time (all threads of this process)
    is the cost that does not depend on how busy the machine is."""
    walls, cpus = [], []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return min(walls), min(cpus)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20000, help="completions per evaluation")
    parser.add_argument("--repeats", type=int, default=5, help="runs per figure; the best is shown")
    args = parser.parse_args()
    n = args.n
    prompts = [f"What is {i} + {i}?" for i in range(n)]
    completions = [f"The answer is \\boxed{{{2 * i}}}." for i in range(n)]
    answers = [str(2 * i) for i in range(n)]

    def each(prompt, completion, answer):
        return 1.0

    def batch(prompts, completions, answers):
        return [1.0] * len(completions)

    per_each = rs.per_response(each)
    rs.evaluate_reward(per_each, prompts[:10], completions[:10], answers[:10])  # warm-up (numpy import)
    us = 1e6 / n
    print(f"n={n} completions (~{sum(map(len, completions)) // n} bytes each), best of {args.repeats}; "
          "us per response, wall / CPU")
    wall, cpu = best_of(args.repeats, lambda: [each(p, c, a) for p, c, a in zip(prompts, completions, answers)])
    print(f"  plain Python loop calling the reward        {wall * us:6.2f} / {cpu * us:6.2f}")
    for label, fn in (("per-response", per_each), ("batch", batch)):
        for threads in (1, 2):
            wall, cpu = best_of(args.repeats, lambda: rs.evaluate_reward(fn, prompts, completions, answers,
                                                                         threads=threads))
            print(f"  {label:12} reward via Swift, {threads} thread(s)   {wall * us:6.2f} / {cpu * us:6.2f}")


if __name__ == "__main__":
    main()
