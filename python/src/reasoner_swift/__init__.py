"""reasoner_swift: Python bindings of Reasoner, a Swift-native trainer that teaches language models to
reason with RL (the T1 recipe). The hot loops run in Swift (libReasoner.so) with the GIL released;
rewards and data preparation can be written in Python. Tested by python/tests.
"""
from __future__ import annotations

import os as _os


def _cpu_has_avx512f(cpuinfo: str = "/proc/cpuinfo") -> bool:
    """True when the CPU flags in ``cpuinfo`` include avx512f (False if the file is unreadable)."""
    try:
        with open(cpuinfo, encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("flags"):
                    return "avx512f" in line.split()
    except OSError:
        pass
    return False


def _choose_openblas_coretype(environ=_os.environ, cpuinfo: str = "/proc/cpuinfo"):
    """Sets OPENBLAS_CORETYPE=SKYLAKEX in ``environ`` when the CPU has AVX-512 and the user has not
    chosen a core type: Debian's OpenBLAS 0.3.21 misdetects recent AVX-512 CPUs and falls back to
    slow SSE3 kernels. OpenBLAS reads it once, when it loads, hence before importing _native.
    Returns the value set, or None."""
    if "OPENBLAS_CORETYPE" in environ or not _cpu_has_avx512f(cpuinfo):
        return None
    environ["OPENBLAS_CORETYPE"] = "SKYLAKEX"
    return "SKYLAKEX"


_choose_openblas_coretype()

from ._errors import (  # noqa: E402  (OPENBLAS_CORETYPE must be set before the library loads)
    CallbackError,
    InternalError,
    InvalidArgumentError,
    NumericalError,
    ReasonerError,
    ReasonerIOError,
    UnsupportedError,
)
from . import _native  # noqa: E402
from ._rewards import BatchReward, columns_for, evaluate_reward, per_response  # noqa: E402
from ._model import Completion, Model, Tokenizer  # noqa: E402
from ._verifier import (  # noqa: E402
    GarbledReport,
    RepetitionReport,
    Verdict,
    extract_answer,
    garbled,
    repetition,
    verify,
)
from ._rl import policy_loss, rloo_advantages  # noqa: E402
from ._trainer import RLConfig, RLTrainer  # noqa: E402
from ._sft import SFTConfig, SFTTrainer  # noqa: E402
from . import rewards  # noqa: E402  (reasoner_swift.rewards: the ready reward functions)

__version__ = "0.1.0"


def version() -> str:
    """The version of the loaded Swift library (libReasoner.so), e.g. ``"0.1.0"``."""
    return _native.version()


def abi_version() -> int:
    """The C ABI version (RS_ABI_VERSION) of the loaded library; the extension refuses to load a
    library with a different one."""
    return _native.abi_version()


__all__ = [
    "BatchReward",
    "Completion",
    "GarbledReport",
    "Model",
    "RLConfig",
    "RLTrainer",
    "RepetitionReport",
    "SFTConfig",
    "SFTTrainer",
    "Tokenizer",
    "Verdict",
    "extract_answer",
    "garbled",
    "policy_loss",
    "repetition",
    "rloo_advantages",
    "verify",
    "CallbackError",
    "InternalError",
    "InvalidArgumentError",
    "NumericalError",
    "ReasonerError",
    "ReasonerIOError",
    "UnsupportedError",
    "abi_version",
    "columns_for",
    "evaluate_reward",
    "per_response",
    "version",
]
