"""SFTConfig and SFTTrainer: supervised fine-tuning of a loaded model in place (Swift SFTTrainer: token-level
cross-entropy on completion tokens, AdamW, schedule, clipping, accumulation). Tested by test_sft.py."""
from __future__ import annotations

import json
from typing import Any, Mapping, Optional, Sequence, Union

import numpy as np

from . import _native
from ._model import Model

SFT_CONFIG_KEYS = frozenset("steps batch_size micro_batch_size seq_len lr warmup schedule min_lr_ratio grad_clip adamw seed shuffle".split())


class SFTConfig(dict):
    """The settings of an SFT run with `reasoner sft`'s keys: ``steps`` (required), batch_size,
    micro_batch_size, seq_len, lr, warmup, schedule ("constant", "cosine", ...), min_lr_ratio, grad_clip,
    adamw (dict: beta1, beta2, eps, weight_decay), seed, shuffle. Unset keys take the CLI's defaults."""

    def __init__(self, steps: int, **fields: Any):
        unknown = sorted(set(fields) - SFT_CONFIG_KEYS)
        if unknown:
            raise TypeError(f"SFTConfig: unknown field(s) {', '.join(unknown)}")
        super().__init__(steps=steps, **fields)

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"SFTConfig field '{name}' is not set (the CLI default applies)") from None


class SFTTrainer:
    """Fine-tunes ``model`` in place. ``train(examples)`` takes dicts with ``prompt`` and ``completion``
    (or ``problem`` and ``solution``) text; with ``chat=True`` the prompt is rendered as a user turn with
    the chat template and the completion is followed by the end-of-turn token.

    >>> SFTTrainer(model, SFTConfig(steps=20, lr=1e-4, batch_size=4, micro_batch_size=4, seq_len=256))\\
    ...     .train([{"prompt": "2+2?", "completion": "\\\\boxed{4}"}])     # doctest: +SKIP
    """

    def __init__(self, model: Model, config: SFTConfig, chat: bool = True):
        if not isinstance(model, Model):
            raise TypeError(f"argument 'model' must be a reasoner_swift.Model, got {type(model).__name__}")
        self.model, self.config, self.chat = model, config, chat

    def _end_token(self) -> int:
        tok = self.model.tokenizer
        if self.chat:
            ids = tok.encode("<|im_end|>")
            if len(ids) == 1:
                return ids[0]
        return tok.eos_token_id if tok.eos_token_id is not None else -1

    def train(self, examples: Sequence[Mapping[str, Any]]) -> list:
        """Runs ``config.steps`` optimizer steps over ``examples``; returns each step's metrics (step,
        loss, lr, grad_norm, tokens, loss_tokens, tokens_per_s, elapsed_s)."""
        tok = self.model.tokenizer
        prompts, completions = [], []
        for i, ex in enumerate(examples):
            prompt = ex.get("prompt", ex.get("problem"))
            completion = ex.get("completion", ex.get("solution"))
            if not isinstance(prompt, str) or not isinstance(completion, str):
                raise ValueError(f"argument 'examples'[{i}] needs 'prompt'/'completion' (or 'problem'/'solution') text")
            text = tok.apply_chat_template([{"role": "user", "content": prompt}]) if self.chat else prompt
            prompts.append(np.asarray(tok.encode(text), dtype=np.int32))
            completions.append(np.asarray(tok.encode(completion), dtype=np.int32))
        out = _native.sft_train(self.model._capsule, json.dumps(dict(self.config)), prompts, completions, self._end_token())
        return json.loads(out)


__all__ = ["SFTConfig", "SFTTrainer"]
