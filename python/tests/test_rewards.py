# The ready reward functions (reasoner_swift.rewards) and the weighted list form, through the Swift
# reward path (evaluate_reward) as the trainer calls them.
import pytest

import reasoner_swift as rs
from reasoner_swift import rewards

PROMPTS = ["2+2?", "2+2?", "2+2?", "2+2?"]
COMPLETIONS = ["so \\boxed{4}", "I think \\boxed{5}", "\\boxed{4} 答案答案 ответ ответ", "The answer is 4. " * 40]
ANSWERS = ["4"] * 4


def test_builtin_rewards_score_known_cases():
    assert rewards.correctness(PROMPTS, COMPLETIONS, ANSWERS) == [1.0, 0.0, 1.0, 1.0]
    assert rewards.garbled_penalty(PROMPTS, COMPLETIONS, ANSWERS) == [0.0, 0.0, -1.0, 0.0]
    assert rewards.repetition_penalty(PROMPTS, COMPLETIONS, ANSWERS) == [0.0, 0.0, 0.0, -1.0]
    assert rewards.truncation_penalty(PROMPTS, COMPLETIONS, ANSWERS, truncated=[0, 1, 0, 0]) == [0.0, -1.0, 0.0, 0.0]


def test_weighted_list_through_the_swift_path():
    terms = [(rewards.correctness, 1.0), (rewards.garbled_penalty, 0.5), (rewards.repetition_penalty, 2.0),
             (rewards.truncation_penalty, 1.0)]
    got = rs.evaluate_reward(terms, PROMPTS, COMPLETIONS, ANSWERS, truncated=[False, True, False, False])
    assert got == [1.0, -1.0, 0.5, -1.0]


def test_weighted_unscorable_and_errors():
    def sometimes_none(prompts, completions, answers):
        return [None if "5" in c else 0.25 for c in completions]

    got = rs.evaluate_reward([rewards.correctness, (sometimes_none, 4.0)], PROMPTS, COMPLETIONS, ANSWERS)
    assert got == [2.0, None, 2.0, 2.0]
    with pytest.raises(rs.CallbackError, match="returned 1 values for 4"):
        rs.evaluate_reward([(lambda p, c, a: [1.0], 1.0)], PROMPTS, COMPLETIONS, ANSWERS)
    with pytest.raises(TypeError, match="reward term 0"):
        rewards.weighted([("not callable", 1.0)])


def test_columns_and_truncated_reach_a_custom_reward():
    seen = {}

    def custom(prompts, completions, answers, truncated, level, **other_columns):
        seen["truncated"], seen["level"] = list(truncated), list(level)
        return [float(lv) for lv in level]

    records = [{"problem": "2+2?", "answer": "4", "level": 3}, {"problem": "1+1?", "answer": "2", "level": 1}]
    got = rs.evaluate_reward(custom, ["p", "p"], ["a", "b"], ["4", "2"], records=records, truncated=[True, False])
    assert got == [3.0, 1.0] and seen == {"truncated": [True, False], "level": [3, 1]}
