"""The built-in math verifier and the response detectors (repetition, garbled text) — the Swift code
the trainer's reward uses, called from Python. Tested by python/tests/test_verifier.py."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Optional, Sequence, Union

import numpy as np

from . import _native
from ._arrays import int32_array


@dataclass(frozen=True)
class Verdict:
    """The verifier's decision on one response; ``bool(verdict)`` is its correctness.

    >>> v = verify("so $x = \\\\boxed{\\\\dfrac{1}{2}}$.", "0.5")
    >>> bool(v), v.extracted
    (True, '\\\\dfrac{1}{2}')
    """

    correct: bool
    #: The final answer found in the response, or None when extraction failed.
    extracted: Optional[str]
    #: Which rule matched, or why the answer was rejected.
    reason: str

    def __bool__(self) -> bool:
        return self.correct


def _text(value, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"argument '{name}' must be str, got {type(value).__name__}")
    return value


def verify(response: str, gold: str) -> Verdict:
    """Whether ``response``'s final answer (last ``\\boxed{}``, "the answer is …", or the last line's
    math) equals ``gold`` (a bare answer such as ``"\\frac{1}{2}"``, ``"(1, 2]"``) after normalisation
    and symbolic comparison. Thread-safe; never raises on content."""
    correct, extracted, reason = _native.verify(_text(response, "response"), _text(gold, "gold"))
    return Verdict(correct, extracted, reason)


def extract_answer(response: str) -> Optional[str]:
    """The final answer the verifier would compare, or None when the response has none.

    >>> extract_answer("... so the answer is \\\\boxed{42}.")
    '42'
    """
    found = _native.extract_answer(_text(response, "response"))
    return None if found is None else found[0]


@dataclass(frozen=True)
class RepetitionReport:
    """What the repetition detector found. ``bool(report)`` is ``flagged``."""

    flagged: bool
    #: "periodic_run", "repeated_tail", "repeated_ngrams" or None.
    rule: Optional[str]
    #: (start, end) of the repeating stretch: token offsets, or Unicode-scalar offsets for text.
    location: Optional[tuple]
    detail: str
    longest_run_repeats: float
    longest_run_tokens: int
    tail_repeats: float
    repeated_fraction: float

    def __bool__(self) -> bool:
        return self.flagged


def repetition(text_or_ids: Union[str, Sequence[int], np.ndarray], *, n: int = 12,
               max_repeated_fraction: float = 0.9, min_tokens: int = 200, max_period: int = 200,
               min_run_repeats: float = 4.0, min_run_tokens: int = 80, min_tail_repeats: float = 3.0,
               min_tail_tokens: int = 60) -> RepetitionReport:
    """Checks a response for degenerate loops, on text (split into words and punctuation) or on token
    ids: a stretch repeating one unit ≥ ``min_run_repeats`` times over ≥ ``min_run_tokens`` tokens, a
    tail of ≥ ``min_tail_repeats`` copies, or more than ``max_repeated_fraction`` of ``n``-grams seen
    before (texts of ≥ ``min_tokens`` tokens). Defaults are the trainer's penalty thresholds.

    >>> bool(repetition("The answer is 4. " * 40))
    True
    """
    params = (int(n), float(max_repeated_fraction), int(min_tokens), int(max_period), float(min_run_repeats),
              int(min_run_tokens), float(min_tail_repeats), int(min_tail_tokens))
    if isinstance(text_or_ids, str):
        report = _native.repetition(text_or_ids, None, params)
    else:
        report = _native.repetition(None, int32_array(text_or_ids, "text_or_ids", 1), params)
    return RepetitionReport(**report)


@dataclass(frozen=True)
class GarbledReport:
    """What the garbled-text detector found. ``bool(report)`` is ``flagged``."""

    flagged: bool
    #: Every rule that fired: dicts with "rule" (mixedScripts, replacementCharacter, controlCharacter,
    #: symbolRun), "offset" (Unicode scalars) and "detail".
    findings: list = field(default_factory=list)
    #: Letters counted per script ("Latin", "CJK", ...).
    script_letters: dict = field(default_factory=dict)

    def __bool__(self) -> bool:
        return self.flagged


def garbled(text: str, *, min_script_letters: int = 3, max_scripts: int = 1, max_replacement_characters: int = 0,
            max_control_characters: int = 0, max_symbol_run: int = 8, max_ascii_punctuation_run: int = 80) -> GarbledReport:
    """Checks text for what is not readable prose or mathematics: letters of more than ``max_scripts``
    writing systems (Greek never counts), U+FFFD or private-use characters, control characters, long
    symbol runs. Defaults are the trainer's penalty thresholds.

    >>> bool(garbled("The answer is 4.")), bool(garbled("答案 is 四 and ответ"))
    (False, True)
    """
    params = (int(min_script_letters), int(max_scripts), int(max_replacement_characters), int(max_control_characters),
              int(max_symbol_run), int(max_ascii_punctuation_run))
    flagged, report = _native.garbled(_text(text, "text"), params)
    data = json.loads(report)
    return GarbledReport(flagged, data["findings"], data["script_letters"])


__all__ = ["GarbledReport", "RepetitionReport", "Verdict", "extract_answer", "garbled", "repetition", "verify"]
