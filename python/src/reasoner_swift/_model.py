"""Model, Tokenizer and Completion: a loaded Llama-family model (GGUF or Hugging Face directory) with
logits, loss and gradients, generation and saving, all running in Swift with the GIL released.
Tested by python/tests/test_model.py, test_tokenizer.py, test_generate.py."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Optional, Sequence, Union

import numpy as np

from . import _native
from ._arrays import int32_array, mask_array

Message = Mapping[str, str]
Prompt = Union[str, Sequence[Message], Sequence[int], np.ndarray]


class Tokenizer:
    """A model's byte-level BPE tokenizer and chat template (immutable, safe from any thread).

    >>> tok = Model.load("models/SmolLM2-135M-Instruct.gguf").tokenizer   # doctest: +SKIP
    >>> tok.decode(tok.encode("2 + 2 = 4"))                                  # doctest: +SKIP
    '2 + 2 = 4'
    """

    def __init__(self, capsule):
        self._capsule = capsule
        info = _native.tokenizer_info(capsule)
        #: Number of token ids.
        self.vocab_size: int = info["vocab_size"]
        #: Special ids, None when the tokenizer has none.
        self.bos_token_id: Optional[int] = info["bos_token_id"] if info["bos_token_id"] >= 0 else None
        self.eos_token_id: Optional[int] = info["eos_token_id"] if info["eos_token_id"] >= 0 else None
        self.pad_token_id: Optional[int] = info["pad_token_id"] if info["pad_token_id"] >= 0 else None

    @classmethod
    def load(cls, path: Union[str, os.PathLike]) -> "Tokenizer":
        """Loads only the tokenizer of a ``.gguf`` file or Hugging Face directory (no weights read)."""
        return cls(_native.tokenizer_load(os.fspath(path)))

    def encode(self, text: str, add_special_tokens: bool = False) -> list[int]:
        """Token ids of ``text``; special-token text (``<|im_end|>``) becomes its id. With
        ``add_special_tokens`` the BOS id is prepended when the tokenizer asks for it."""
        if not isinstance(text, str):
            raise TypeError(f"argument 'text' must be str, got {type(text).__name__}")
        return _native.tokenizer_encode(self._capsule, text, add_special_tokens)

    def decode(self, ids: Union[Sequence[int], np.ndarray], skip_special_tokens: bool = False) -> str:
        """Text of ``ids`` (bytes that are not valid UTF-8 become U+FFFD). An id outside the vocabulary
        raises InvalidArgumentError naming its position."""
        return _native.tokenizer_decode(self._capsule, int32_array(ids, "ids", 1), skip_special_tokens)

    def apply_chat_template(self, messages: Sequence[Message], add_generation_prompt: bool = True,
                            tokenize: bool = False) -> Union[str, list[int]]:
        """Renders ``[{"role": ..., "content": ...}, ...]`` with the model's chat template (ChatML,
        Llama-3 or raw) and default system prompt, as transformers does; ``tokenize=True`` returns ids."""
        pairs = []
        for i, m in enumerate(messages):
            try:
                pairs.append((str(m["role"]), str(m["content"])))
            except (KeyError, TypeError):
                raise TypeError(f"argument 'messages'[{i}] must be a dict with 'role' and 'content'") from None
        text = _native.tokenizer_chat(self._capsule, pairs, add_generation_prompt)
        return self.encode(text) if tokenize else text


@dataclass(frozen=True)
class Completion:
    """One sampled continuation of prompt ``prompt_index`` (sample ``sample_index`` of n)."""

    #: Decoded text, without the stop token and cut before a stop string.
    text: str
    #: [T] int32 sampled ids, stop token included.
    token_ids: np.ndarray
    #: [T] float32 log softmax(logits/temperature)[id] of each sampled id (temperature 1 when greedy).
    logprobs: np.ndarray
    #: "stop" (stop token or string) or "length" (max_new_tokens reached).
    finish_reason: str
    prompt_index: int
    sample_index: int


class Model:
    """A Llama-family causal LM (Llama, SmolLM2, Qwen2) in fp32, loaded by :meth:`Model.load`.

    Every method runs in Swift with the GIL released; concurrent calls from several Python threads
    are safe (the weights are only read).
    """

    def __init__(self, capsule):
        self._capsule = capsule
        #: The Hugging Face config.json fields (vocab_size, hidden_size, ...).
        self.config: dict = json.loads(_native.model_config_json(capsule))
        #: The model's tokenizer.
        self.tokenizer = Tokenizer(_native.model_tokenizer(capsule))
        layout, self._floats = _native.model_layout(capsule)
        self._layout = [(name, tuple(shape), offset) for name, shape, offset in layout]

    @classmethod
    def load(cls, path: Union[str, os.PathLike]) -> "Model":
        """Loads a ``.gguf`` file or a Hugging Face model directory (config.json, model.safetensors,
        tokenizer.json). Raises ReasonerIOError for a missing file and InvalidArgumentError naming
        the field or tensor at fault for bad content."""
        return cls(_native.model_load(os.fspath(path)))

    @property
    def vocab_size(self) -> int:
        return int(self.config["vocab_size"])

    @property
    def parameter_names(self) -> list[str]:
        """Hugging Face names of every parameter tensor, in the model's order."""
        return [name for name, _, _ in self._layout]

    def _views(self, flat: np.ndarray) -> dict:
        return {name: flat[offset:offset + int(np.prod(shape))].reshape(shape) for name, shape, offset in self._layout}

    def parameters(self) -> dict:
        """A copy of every weight: ``{hf_name: float32 array}`` (views of one flat array)."""
        flat = np.empty(self._floats, dtype=np.float32)
        _native.model_copy_parameters(self._capsule, flat)
        return self._views(flat)

    def logits(self, input_ids) -> np.ndarray:
        """Logits ``(B, T, V)`` float32 of a ``(B, T)`` block of ids (int32 or int64); ``[b, t]``
        predicts the token after ``input_ids[b, t]``.

        Raises TypeError for non-integer ids, ValueError for another rank, InvalidArgumentError for an
        id outside the vocabulary or T above the context (naming row and position)."""
        ids = int32_array(input_ids, "input_ids", 2)
        if ids.shape[0] == 0 or ids.shape[1] == 0:
            raise ValueError(f"argument 'input_ids' must be non-empty, got shape {ids.shape}")
        out = np.empty(ids.shape + (self.vocab_size,), dtype=np.float32)
        _native.model_logits(self._capsule, ids, out)
        return out

    def loss_and_grads(self, input_ids, loss_mask) -> tuple[float, dict]:
        """Token-level cross-entropy and its gradient with respect to every weight.

        ``loss_mask[b, t]`` is 1 where token ``input_ids[b, t]`` is predicted (position 0 never is); the
        loss is the mean over those tokens of −log p(token | prefix), what SFT optimises. Returns
        ``(loss, {hf_name: float32 gradient array})``."""
        ids = int32_array(input_ids, "input_ids", 2)
        mask = mask_array(loss_mask, "loss_mask", ids.shape)
        flat = np.empty(self._floats, dtype=np.float32)
        loss = _native.model_loss_and_grads(self._capsule, ids, mask, flat)
        return loss, self._views(flat)

    def save(self, directory: Union[str, os.PathLike]) -> None:
        """Writes a Hugging Face model directory (config.json, fp32 model.safetensors, tokenizer files)
        that transformers and :meth:`Model.load` read."""
        _native.model_save(self._capsule, os.fspath(directory))

    def _prompt_ids(self, prompt: Prompt, index: int) -> np.ndarray:
        if isinstance(prompt, str):
            return np.asarray(self.tokenizer.encode(prompt, add_special_tokens=True), dtype=np.int32)
        if isinstance(prompt, np.ndarray):
            return int32_array(prompt, f"prompts[{index}]", 1)
        items = list(prompt)
        if items and all(isinstance(m, Mapping) for m in items):
            return np.asarray(self.tokenizer.apply_chat_template(items, tokenize=True), dtype=np.int32)
        return int32_array(items, f"prompts[{index}]", 1)

    def generate(self, prompts: Union[Prompt, Sequence[Prompt]], n: int = 1, temperature: float = 1.0,
                 top_p: float = 1.0, top_k: int = 0, min_p: float = 0.0, max_new_tokens: int = 256,
                 seed: int = 0, stop: Optional[Iterable[Union[str, int]]] = None, stop_at_eos: bool = True,
                 max_concurrent: int = 0, decode_weights: str = "fp32") -> list[Completion]:
        """Samples ``n`` completions per prompt with a KV cache (one prefill per prompt, shared by its
        n samples), ordered by (prompt_index, sample_index).

        A prompt is a str (encoded as is), a list of ``{"role", "content"}`` messages (rendered with the
        chat template), or a sequence of token ids. ``temperature=0`` is greedy. ``stop`` holds stop
        strings and/or stop token ids; ``stop_at_eos`` also stops at EOS and end-of-turn tokens.
        Completion (p, s) draws from a stream keyed by (seed, p, s): the same seed gives the same text.
        ``max_concurrent`` bounds the sequences decoded at once (0 = all). ``decode_weights="bf16"``
        decodes with a bf16 copy of the weights (1.4x faster at 16 sequences on SmolLM2, a few points of
        accuracy lost; needs AVX-512BW); "fp32" (default) reads the weights as they are.

        >>> model.generate("2 + 2 =", temperature=0, max_new_tokens=4)[0].text   # doctest: +SKIP
        """
        single = isinstance(prompts, (str, np.ndarray)) or (
            isinstance(prompts, Sequence) and prompts and (isinstance(prompts[0], int) or isinstance(prompts[0], Mapping)))
        batch = [prompts] if single else list(prompts)
        ids = [self._prompt_ids(p, i) for i, p in enumerate(batch)]
        stop_strings = [s for s in (stop or []) if isinstance(s, str)]
        stop_ids = [s for s in (stop or []) if not isinstance(s, str)]
        for i, s in enumerate(stop_ids):
            if isinstance(s, bool) or not isinstance(s, (int, np.integer)):
                raise TypeError(f"argument 'stop' items must be str or int token ids, got {type(s).__name__}")
        for name, value in (("n", n), ("top_k", top_k), ("max_new_tokens", max_new_tokens), ("seed", seed)):
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
                raise TypeError(f"argument '{name}' must be an int, got {type(value).__name__}")
        if seed < 0:
            raise ValueError(f"argument 'seed' must be >= 0, got {seed}")
        if decode_weights not in ("fp32", "bf16"):
            raise ValueError(f"argument 'decode_weights' must be 'fp32' or 'bf16', got {decode_weights!r}")
        rows = _native.generate(self._capsule, ids, int(n), float(temperature), int(top_k), float(top_p), float(min_p),
                                int(max_new_tokens), int(seed), bool(stop_at_eos), np.asarray(stop_ids, dtype=np.int32),
                                stop_strings, int(max_concurrent), int(decode_weights == "bf16"))
        return [Completion(text=text, token_ids=tokens, logprobs=lps, finish_reason=reason, prompt_index=p,
                           sample_index=s) for p, s, tokens, lps, text, reason in rows]

    def __repr__(self) -> str:
        c = self.config
        return (f"Model({c.get('model_type', 'llama')}, layers={c.get('num_hidden_layers')}, "
                f"hidden={c.get('hidden_size')}, vocab={c.get('vocab_size')}, params={self._floats})")


__all__ = ["Completion", "Model", "Tokenizer"]
