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


def test_no_memory_growth_in_model_and_text_wrappers(tiny_model):
    """10k calls of every new wrapper (strings and arrays the library hands out are all freed)."""
    import numpy as np
    tok = tiny_model.tokenizer
    ids = np.array([[5, 6, 7, 8]], dtype=np.int32)
    logits = np.zeros((1, 3, 7), dtype=np.float32)

    def round_of_calls(k):
        for i in range(k):
            kind = i % 6
            if kind == 0:
                rs.verify("so \\boxed{4}", "4")
                rs.extract_answer("the answer is 5")
            elif kind == 1:
                rs.repetition("a b c " * 10)
                rs.garbled("plain text")
            elif kind == 2:
                tok.decode(tok.encode("hello ü"))
            elif kind == 3:
                tiny_model.logits(ids)
            elif kind == 4:
                rs.policy_loss(logits, [[1, 2, 3]], [0.5], [[1, 1, 0]])
            else:
                tiny_model.generate([[5, 6]], n=2, max_new_tokens=3, seed=i)
                with pytest.raises(rs.InvalidArgumentError):
                    tiny_model.logits(np.array([[1, 999]]))

    round_of_calls(2000)
    before = rss_bytes()
    round_of_calls(10000)
    growth = rss_bytes() - before
    assert growth < 4 * 1024 * 1024, f"RSS grew by {growth / 1024:.0f} KiB over 10k calls"
