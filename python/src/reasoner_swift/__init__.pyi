# Type stub of reasoner_swift's public API. Checked by python/tests/test_module.py (every name in
# __all__ is declared here).
from typing import Any, Callable, Mapping, Optional, Sequence, TypeVar

__version__: str

class ReasonerError(RuntimeError):
    code: Optional[int]

class InvalidArgumentError(ReasonerError, ValueError): ...
class ReasonerIOError(ReasonerError, OSError): ...
class NumericalError(ReasonerError, ArithmeticError): ...
class CallbackError(ReasonerError): ...
class UnsupportedError(ReasonerError): ...
class InternalError(ReasonerError): ...

def version() -> str: ...
def abi_version() -> int: ...

_F = TypeVar("_F", bound=Callable[..., Optional[float]])

def per_response(fn: _F) -> _F: ...
def columns_for(
    records: Sequence[Mapping[str, Any]],
    record_index: Sequence[int],
    names: Optional[Sequence[str]] = ...,
) -> dict[str, list[Any]]: ...

class BatchReward:
    fn: Callable[..., Sequence[Optional[float]]]
    records: Optional[Sequence[Mapping[str, Any]]]
    def __init__(
        self,
        fn: Callable[..., Sequence[Optional[float]]],
        records: Optional[Sequence[Mapping[str, Any]]] = ...,
    ) -> None: ...
    def __call__(
        self,
        prompts: list[str],
        completions: list[str],
        answers: list[str],
        record_index: list[int],
        truncated: list[bool],
    ) -> Sequence[Optional[float]]: ...

def evaluate_reward(
    fn: Callable[..., Any],
    prompts: Sequence[str],
    completions: Sequence[str],
    answers: Sequence[str],
    records: Optional[Sequence[Mapping[str, Any]]] = ...,
    threads: int = ...,
    *,
    record_index: Optional[Sequence[int]] = ...,
    truncated: Optional[Sequence[bool]] = ...,
    chunk_size: int = ...,
) -> list[Optional[float]]: ...
