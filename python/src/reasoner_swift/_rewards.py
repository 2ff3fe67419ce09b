"""Python rewards over the Swift reward path: the TRL-style batch contract, per-response rewards, and
evaluate_reward. Tested by python/tests/test_reward_bridge.py."""
from __future__ import annotations

from typing import Any, Callable, Mapping, Optional, Sequence

from . import _native

#: Parameter names of the batch contract; record columns with these names are not passed as keywords.
BATCH_PARAMETERS = frozenset({"prompts", "completions", "answers"})
#: Parameter names of the per-response contract.
PER_RESPONSE_PARAMETERS = frozenset({"prompt", "completion", "answer"})


def per_response(fn: Callable[..., Optional[float]]) -> Callable[..., Optional[float]]:
    """Marks ``fn(prompt, completion, answer, **columns) -> float | None`` as a per-response reward.

    Reasoner then calls it once per completion (from ``threads`` Swift threads at once) instead of
    once per batch; ``columns`` are that completion's record's other fields. Returns ``fn`` itself.
    """
    fn.__reasoner_per_response__ = True  # type: ignore[attr-defined]
    return fn


def is_per_response(fn: Callable[..., Any]) -> bool:
    """True when ``fn`` was marked with :func:`per_response`."""
    return bool(getattr(fn, "__reasoner_per_response__", False))


def column_names(records: Sequence[Mapping[str, Any]], reserved: frozenset = BATCH_PARAMETERS) -> list:
    """Every key that appears in ``records``, in first-seen order, except the ``reserved`` names."""
    names: dict = {}
    for record in records:
        for key in record:
            if key not in reserved:
                names[key] = None
    return list(names)


def columns_for(records: Sequence[Mapping[str, Any]], record_index: Sequence[int],
                names: Optional[Sequence[str]] = None) -> dict:
    """The keyword columns of a batch, as TRL passes them: ``{name: [records[r].get(name) for r in
    record_index]}``. A record missing a column gives None there.

    >>> columns_for([{"answer": "4", "level": 1}], [0, 0])
    {'answer': ['4', '4'], 'level': [1, 1]}
    """
    if names is None:
        names = column_names(records)
    rows = [records[r] for r in record_index]
    return {name: [row.get(name) for row in rows] for name in names}


class BatchReward:
    """Adapts a TRL-style reward ``fn(prompts, completions, answers, **columns) -> list[float | None]``
    to the native batch callback ``(prompts, completions, answers, record_index, truncated)``: the
    record indices become the ``columns`` keywords. The trainer wraps user rewards with it.

    Worked example: with records ``[{"problem": "2+2?", "answer": "4"}]`` and two samples of that
    problem, ``fn`` is called as ``fn(prompts, completions, answers, problem=["2+2?", "2+2?"],
    answer=["4", "4"])``.
    """

    def __init__(self, fn: Callable[..., Sequence[Optional[float]]],
                 records: Optional[Sequence[Mapping[str, Any]]] = None):
        self.fn = fn
        self.records = records
        self.names = column_names(records) if records is not None else []

    def __call__(self, prompts, completions, answers, record_index, truncated):
        from .rewards import accepts_truncated
        extra = {"truncated": truncated} if accepts_truncated(self.fn) else {}
        if self.records is None:
            return self.fn(prompts, completions, answers, **extra)
        return self.fn(prompts, completions, answers, **extra, **columns_for(self.records, record_index, self.names))


def reward_name(fn: Callable[..., Any]) -> str:
    """A label for messages: the function's __name__, or its type's name."""
    return getattr(fn, "__name__", None) or type(fn).__name__


def evaluate_reward(fn: Callable[..., Any], prompts: Sequence[str], completions: Sequence[str],
                    answers: Sequence[str], records: Optional[Sequence[Mapping[str, Any]]] = None,
                    threads: int = 1, *, record_index: Optional[Sequence[int]] = None,
                    truncated: Optional[Sequence[bool]] = None, chunk_size: int = 0) -> list:
    """Scores ``completions`` with the Python reward ``fn`` through the Swift reward path (the one
    RLTrainer uses), returning one ``float`` or ``None`` (unscorable) per completion.

    ``fn`` may also be a list of ``(callable, weight)`` pairs (their weighted sum). It follows the TRL contract ``fn(prompts, completions, answers, **columns) ->
    list[float | None]``, or the per-response one ``fn(prompt, completion, answer, **columns) ->
    float | None`` when marked with :func:`per_response`. ``columns`` come from ``records`` (a list of
    dicts): completion i belongs to ``records[record_index[i]]`` (default: ``record_index[i] = i``).

    ``threads`` Swift threads call ``fn`` concurrently (batch rewards get chunks of ``chunk_size``
    completions, 0 = split evenly). The GIL serialises pure-Python code, so use ``threads > 1`` only
    when ``fn`` releases the GIL (subprocesses, I/O, native code).

    Raises the reward's own exception (with its traceback) if it raises; ``NumericalError`` naming
    the completion index for a NaN or infinite reward; ``CallbackError`` for a value that is not a
    float or None, or a list of the wrong length.

    >>> evaluate_reward(lambda p, c, a: [float(x == y) for x, y in zip(c, a)], ["q", "q"], ["4", "5"], ["4", "4"])
    [1.0, 0.0]
    """
    if not callable(fn):
        if isinstance(fn, (list, tuple)):
            from .rewards import weighted
            fn = weighted(fn)
        else:
            raise TypeError(f"argument 'fn' must be callable or a list of (callable, weight), got {type(fn).__name__}")
    n = len(completions)
    if isinstance(threads, bool) or not isinstance(threads, int) or threads < 1:
        raise ValueError(f"argument 'threads' must be an int >= 1, got {threads!r}")
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 0:
        raise ValueError(f"argument 'chunk_size' must be an int >= 0, got {chunk_size!r}")
    if record_index is None:
        if records is not None and len(records) != n:
            raise ValueError(f"argument 'records' has {len(records)} items but 'completions' has {n}; "
                             "pass record_index to map completions to records")
        record_index = range(n)
    elif records is not None:
        for i, r in enumerate(record_index):
            if not 0 <= r < len(records):
                raise ValueError(f"argument 'record_index'[{i}] = {r} is out of range for {len(records)} records")
    if truncated is None:
        truncated = [False] * n
    if is_per_response(fn):
        kwargs_by_record = None
        if records is not None:
            kwargs_by_record = tuple({k: v for k, v in record.items() if k not in PER_RESPONSE_PARAMETERS}
                                     for record in records)
        callable_, per = fn, True
    else:
        kwargs_by_record, callable_, per = None, BatchReward(fn, records), False
    rewards, valid = _native.eval_reward(callable_, per, kwargs_by_record, reward_name(fn), prompts,
                                         completions, answers, record_index, truncated, threads, chunk_size)
    return [float(r) if ok else None for r, ok in zip(rewards.tolist(), valid.tolist())]


__all__ = ["BatchReward", "columns_for", "column_names", "evaluate_reward", "per_response", "is_per_response"]
