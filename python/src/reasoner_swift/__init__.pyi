# Type stub of reasoner_swift's public API. Checked by python/tests/test_module.py (every name in
# __all__ is declared here).
import os
from typing import Any, Callable, Iterable, Literal, Mapping, Optional, Sequence, TypeVar, Union, overload

import numpy as np

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

Message = Mapping[str, str]
Prompt = Union[str, Sequence[Message], Sequence[int], np.ndarray]

class Tokenizer:
    vocab_size: int
    bos_token_id: Optional[int]
    eos_token_id: Optional[int]
    pad_token_id: Optional[int]
    @classmethod
    def load(cls, path: Union[str, os.PathLike[str]]) -> Tokenizer: ...
    def encode(self, text: str, add_special_tokens: bool = ...) -> list[int]: ...
    def decode(self, ids: Union[Sequence[int], np.ndarray], skip_special_tokens: bool = ...) -> str: ...
    def apply_chat_template(
        self, messages: Sequence[Message], add_generation_prompt: bool = ..., tokenize: bool = ...
    ) -> Union[str, list[int]]: ...

class Completion:
    text: str
    token_ids: np.ndarray
    logprobs: np.ndarray
    finish_reason: Literal["stop", "length"]
    prompt_index: int
    sample_index: int

class Model:
    config: dict[str, Any]
    tokenizer: Tokenizer
    @classmethod
    def load(cls, path: Union[str, os.PathLike[str]]) -> Model: ...
    @property
    def vocab_size(self) -> int: ...
    @property
    def parameter_names(self) -> list[str]: ...
    def parameters(self) -> dict[str, np.ndarray]: ...
    def logits(self, input_ids: Union[np.ndarray, Sequence[Sequence[int]]]) -> np.ndarray: ...
    def loss_and_grads(
        self, input_ids: Union[np.ndarray, Sequence[Sequence[int]]], loss_mask: Union[np.ndarray, Sequence[Sequence[int]]]
    ) -> tuple[float, dict[str, np.ndarray]]: ...
    def save(self, directory: Union[str, os.PathLike[str]]) -> None: ...
    def generate(
        self,
        prompts: Union[Prompt, Sequence[Prompt]],
        n: int = ...,
        temperature: float = ...,
        top_p: float = ...,
        top_k: int = ...,
        min_p: float = ...,
        max_new_tokens: int = ...,
        seed: int = ...,
        stop: Optional[Iterable[Union[str, int]]] = ...,
        stop_at_eos: bool = ...,
        max_concurrent: int = ...,
        decode_weights: Literal["fp32", "bf16"] = ...,
    ) -> list[Completion]: ...

class Verdict:
    correct: bool
    extracted: Optional[str]
    reason: str
    def __bool__(self) -> bool: ...
    def __float__(self) -> float: ...

class RepetitionReport:
    flagged: bool
    rule: Optional[str]
    location: Optional[tuple[int, int]]
    detail: str
    longest_run_repeats: float
    longest_run_tokens: int
    tail_repeats: float
    repeated_fraction: float
    def __bool__(self) -> bool: ...

class GarbledReport:
    flagged: bool
    findings: list[dict[str, Any]]
    script_letters: dict[str, int]
    def __bool__(self) -> bool: ...

def verify(response: str, gold: str) -> Verdict: ...
def extract_answer(response: str) -> Optional[str]: ...
def repetition(
    text_or_ids: Union[str, Sequence[int], np.ndarray],
    *,
    n: int = ...,
    max_repeated_fraction: float = ...,
    min_tokens: int = ...,
    max_period: int = ...,
    min_run_repeats: float = ...,
    min_run_tokens: int = ...,
    min_tail_repeats: float = ...,
    min_tail_tokens: int = ...,
) -> RepetitionReport: ...
def garbled(
    text: str,
    *,
    min_script_letters: int = ...,
    max_scripts: int = ...,
    max_replacement_characters: int = ...,
    max_control_characters: int = ...,
    max_symbol_run: int = ...,
    max_ascii_punctuation_run: int = ...,
) -> GarbledReport: ...
def rloo_advantages(rewards: Any, valid: Any = ...) -> np.ndarray: ...
def policy_loss(
    logits: np.ndarray,
    targets: Any,
    advantages: Any,
    mask: Any,
    *,
    temperature: float = ...,
    entropy_coef: float = ...,
    ref_logprobs: Optional[np.ndarray] = ...,
    kl_coef: float = ...,
    kl_estimator: Literal["k1", "k2", "k3"] = ...,
    old_logprobs: Optional[np.ndarray] = ...,
    clip_ratio: Optional[float] = ...,
    aggregation: Literal["token-mean", "seq-mean"] = ...,
    out: Optional[np.ndarray] = ...,
    return_stats: bool = ...,
) -> Any: ...

class RLConfig(dict[str, Any]):
    def __init__(self, **fields: Any) -> None: ...
    def __getattr__(self, name: str) -> Any: ...
    def to_json(self) -> str: ...

class RLTrainer:
    model: Model
    config: RLConfig
    history: list[dict[str, Any]]
    def __init__(
        self,
        model: Model,
        config: Optional[RLConfig] = ...,
        reward: Union[Callable[..., Any], Sequence[tuple[Callable[..., Any], float]], None] = ...,
    ) -> None: ...
    @property
    def completed_steps(self) -> int: ...
    def step(self, records: Sequence[Mapping[str, Any]]) -> dict[str, Any]: ...
    def save_checkpoint(self, path: Union[str, os.PathLike[str]]) -> None: ...
    def resume(self, path: Union[str, os.PathLike[str]]) -> None: ...
    def train(
        self,
        data: Sequence[Mapping[str, Any]],
        steps: int,
        *,
        batch_size: Optional[int] = ...,
        seed: int = ...,
        progress: bool = ...,
        on_step: Optional[Callable[[dict[str, Any]], None]] = ...,
        checkpoint_dir: Optional[Union[str, os.PathLike[str]]] = ...,
        checkpoint_every: int = ...,
    ) -> list[dict[str, Any]]: ...

class SFTConfig(dict[str, Any]):
    def __init__(self, steps: int, **fields: Any) -> None: ...
    def __getattr__(self, name: str) -> Any: ...

class SFTTrainer:
    model: Model
    config: SFTConfig
    chat: bool
    def __init__(self, model: Model, config: SFTConfig, chat: bool = ...) -> None: ...
    def train(self, examples: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]: ...
