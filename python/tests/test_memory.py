# Resident memory must stay flat over 10k bridge calls (successes, None, and every error path).
import math

import pytest

import reasoner_swift as rs


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096


def test_no_memory_growth_over_10k_calls():
    prompts, completions, answers = ["p ü"] * 4, ["c ß", "4", "x", "y"], ["4"] * 4
    batch = lambda p, c, a: [1.0, None, 0.5, 0.0]  # noqa: E731
    each = rs.per_response(lambda p, c, a: 1.0 if c == a else None)
    nan = lambda p, c, a: [math.nan] * 4  # noqa: E731

    def boom(p, c, a):
        raise RuntimeError("boom")

    def round_of_calls(k):
        for i in range(k):
            kind = i % 5
            if kind <= 1:
                rs.evaluate_reward(batch, prompts, completions, answers)
            elif kind == 2:
                rs.evaluate_reward(each, prompts, completions, answers, threads=2)
            elif kind == 3:
                with pytest.raises(rs.NumericalError):
                    rs.evaluate_reward(nan, prompts, completions, answers)
            else:
                with pytest.raises(RuntimeError):
                    rs.evaluate_reward(boom, prompts, completions, answers)

    round_of_calls(2000)  # warm-up: numpy import, allocator pools, Dispatch threads
    before = rss_bytes()
    round_of_calls(10000)
    growth = rss_bytes() - before
    assert growth < 2 * 1024 * 1024, f"RSS grew by {growth / 1024:.0f} KiB over 10k calls"
