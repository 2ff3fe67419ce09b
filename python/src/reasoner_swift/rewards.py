"""Ready reward functions in the TRL contract ``fn(prompts, completions, answers, **columns) ->
list[float | None]``: the built-in verifier's correctness and the T1 penalties, plus :func:`weighted` for
``[(fn, weight), ...]``. Pass them to ``evaluate_reward`` or ``RLTrainer(reward=...)``, alone or mixed
with your own. Tested by python/tests/test_rewards.py.

Worked example::

    >>> from reasoner_swift import rewards
    >>> rewards.correctness(["2+2?", "2+2?"], ["so \\\\boxed{4}", "I think 5"], ["4", "4"])
    [1.0, 0.0]
    >>> rewards.weighted([(rewards.correctness, 1.0), (rewards.garbled_penalty, 0.5)])(
    ...     ["q"], ["\\\\boxed{4} 答案答案 ответ"], ["4"])
    [0.5]
"""
from __future__ import annotations

import inspect
from typing import Any, Callable, Optional, Sequence, Tuple, Union

from ._verifier import garbled, repetition, verify

RewardFn = Callable[..., Sequence[Optional[float]]]


def _builtin(name: str):
    def mark(fn):
        fn.__reasoner_builtin__ = name  # the trainer runs these natively in Swift (no Python call)
        return fn
    return mark


@_builtin("correctness")
def correctness(prompts: Sequence[str], completions: Sequence[str], answers: Sequence[str], **columns: Any) -> list:
    """T1's rule-based reward: 1.0 when the verifier finds the completion's final answer equal to the
    record's answer, else 0.0 (see :func:`reasoner_swift.verify`)."""
    return [1.0 if verify(c, a) else 0.0 for c, a in zip(completions, answers)]


def repetition_penalty(prompts: Sequence[str], completions: Sequence[str], answers: Sequence[str], **columns: Any) -> list:
    """-1.0 for a completion the repetition detector flags (on its text; the trainer's own penalty checks
    the sampled token ids), else 0.0."""
    return [-1.0 if repetition(c) else 0.0 for c in completions]


def garbled_penalty(prompts: Sequence[str], completions: Sequence[str], answers: Sequence[str], **columns: Any) -> list:
    """-1.0 for a completion the garbled-text detector flags (mixed scripts, U+FFFD, control characters,
    symbol runs), else 0.0."""
    return [-1.0 if garbled(c) else 0.0 for c in completions]


def truncation_penalty(prompts: Sequence[str], completions: Sequence[str], answers: Sequence[str],
                       truncated: Optional[Sequence[bool]] = None, **columns: Any) -> list:
    """-1.0 for a completion that hit max_new_tokens, else 0.0. Reasoner passes ``truncated`` to any
    reward that names that parameter; without it every completion gets 0.0."""
    if truncated is None:
        return [0.0] * len(completions)
    return [-1.0 if t else 0.0 for t in truncated]


def accepts_truncated(fn: Callable[..., Any]) -> bool:
    """True when ``fn`` names a ``truncated`` parameter (it then receives the truncation flags)."""
    try:
        return "truncated" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


class weighted:
    """The weighted sum ``Σ w_f · f(...)`` of several rewards, itself a reward. A completion that any
    term leaves unscorable (None) is unscorable, as in the Swift trainer's WeightedRewards.

    ``terms`` is a list of ``(fn, weight)`` pairs (a bare ``fn`` means weight 1)."""

    def __init__(self, terms: Sequence[Union[RewardFn, Tuple[RewardFn, float]]]):
        self.terms = []
        for i, term in enumerate(terms):
            fn, weight = (term, 1.0) if callable(term) else term
            if not callable(fn):
                raise TypeError(f"reward term {i} must be a callable or (callable, weight), got {term!r}")
            self.terms.append((fn, float(weight)))
        if not self.terms:
            raise ValueError("weighted: expected at least one reward")
        self.__name__ = " + ".join(f"{w}·{getattr(f, '__name__', type(f).__name__)}" for f, w in self.terms)

    def __call__(self, prompts, completions, answers, truncated=None, **columns):
        total: list = [0.0] * len(completions)
        for fn, weight in self.terms:
            extra = {"truncated": truncated} if accepts_truncated(fn) else {}
            values = list(fn(prompts, completions, answers, **extra, **columns))
            if len(values) != len(completions):
                name = getattr(fn, "__name__", type(fn).__name__)
                from ._errors import CallbackError
                raise CallbackError(f"reward '{name}' returned {len(values)} values for {len(completions)} completions")
            for i, v in enumerate(values):
                total[i] = None if v is None or total[i] is None else total[i] + weight * float(v)
        return total


def as_reward(reward: Union[RewardFn, Sequence[Tuple[RewardFn, float]]]) -> RewardFn:
    """One reward callable from a callable or a list of ``(callable, weight)``."""
    if callable(reward):
        return reward
    return weighted(reward)


__all__ = ["correctness", "garbled_penalty", "repetition_penalty", "truncation_penalty", "weighted", "as_reward"]
