"""RL math for researchers who assemble their own steps: RLOO advantages and the T1 policy loss with its
gradient with respect to the logits (the Swift code the trainer runs). Tested by test_rl_math.py against
numpy references."""
from __future__ import annotations

from typing import Optional

import numpy as np

from . import _native
from ._arrays import float32_array, int32_array, mask_array

_ESTIMATORS = {"k1": 1, "k2": 2, "k3": 3}
_AGGREGATIONS = {"token-mean": 0, "token_mean": 0, "seq-mean": 1, "seq_mean": 1}


def rloo_advantages(rewards, valid=None) -> np.ndarray:
    """Leave-one-out advantages ``A[p, i] = R[p, i] − mean_{j≠i, valid} R[p, j]`` for a ``(prompts, K)``
    array of rewards (K ≥ 2). ``valid`` (same shape, bool) marks scorable rewards: an invalid one gets
    advantage 0 and is left out of the others' baselines (a group with < 2 valid members gets zeros).
    Returns a float64 ``(prompts, K)`` array.

    >>> rloo_advantages([[1, 0, 0, 1]]).round(4).tolist()
    [[0.6667, -0.6667, -0.6667, 0.6667]]
    """
    r = np.asarray(rewards)
    if r.dtype.kind not in "biuf":
        raise TypeError(f"argument 'rewards' must hold numbers, got dtype {r.dtype}")
    if r.ndim != 2:
        raise ValueError(f"argument 'rewards' must be 2-D (prompts, K), got shape {r.shape}")
    r = np.ascontiguousarray(r, dtype=np.float64)
    v = None if valid is None else mask_array(valid, "valid", r.shape)
    out = np.empty_like(r)
    _native.rloo_advantages(r, v, out)
    return out


def policy_loss(logits: np.ndarray, targets, advantages, mask, *, temperature: float = 1.0,
                entropy_coef: float = 0.0, ref_logprobs: Optional[np.ndarray] = None, kl_coef: float = 0.0,
                kl_estimator: str = "k3", old_logprobs: Optional[np.ndarray] = None,
                clip_ratio: Optional[float] = None, aggregation: str = "token-mean",
                out: Optional[np.ndarray] = None, return_stats: bool = False):
    """T1's token-level policy loss and ``dLoss/dlogits``.

    With π_τ = softmax(logits/τ), lp = log π_τ(target), H the entropy of π_τ, per response token::

        L = w · ( −A·lp  [−min(ρA, clip(ρ, 1−ε, 1+ε)A), ρ = exp(lp − old), with clip_ratio ε]
                  + kl_coef · k(lp, ref)   [with ref_logprobs]
                  − entropy_coef · H )

    w = 1/N (token-mean, N response tokens) or 1/(len_i·B) (seq-mean).

    Shapes: ``logits`` (B, T, V) float32, used without copying; ``targets`` (B, T) ints, the token
    each row's logits predict; ``advantages`` (B,) per sequence or (B, T) per row; ``mask`` (B, T),
    true on response tokens; ``ref_logprobs``/``old_logprobs`` (B, T) float32.
    ``out`` receives the gradient (may be ``logits`` itself to save memory); by default a new array.
    Returns ``(loss, grad)``, or ``(loss, grad, {"logprobs", "entropy"})`` with ``return_stats``.
    """
    logits = float32_array(logits, "logits", 3)
    B, T, V = logits.shape
    tgt = int32_array(targets, "targets", 2)
    if tgt.shape != (B, T):
        raise ValueError(f"argument 'targets' must have shape {(B, T)}, got {tgt.shape}")
    m = mask_array(mask, "mask", (B, T))
    adv = np.asarray(advantages)
    if adv.dtype.kind not in "biuf":
        raise TypeError(f"argument 'advantages' must hold numbers, got dtype {adv.dtype}")
    if adv.shape == (B,):
        adv = np.repeat(adv[:, None], T, axis=1)
    if adv.shape != (B, T):
        raise ValueError(f"argument 'advantages' must have shape {(B,)} or {(B, T)}, got {adv.shape}")
    adv = np.ascontiguousarray(adv, dtype=np.float32)
    for name, value in (("ref_logprobs", ref_logprobs), ("old_logprobs", old_logprobs)):
        if value is not None:
            float32_array(value, name, 2)
    if kl_estimator not in _ESTIMATORS:
        raise ValueError(f"argument 'kl_estimator' must be one of {sorted(_ESTIMATORS)}, got {kl_estimator!r}")
    if aggregation not in _AGGREGATIONS:
        raise ValueError(f"argument 'aggregation' must be 'token-mean' or 'seq-mean', got {aggregation!r}")
    grad = np.empty_like(logits) if out is None else float32_array(out, "out", 3)
    logprobs = np.empty((B, T), dtype=np.float32)
    entropy = np.empty((B, T), dtype=np.float32)
    params = (float(temperature), float(entropy_coef), float(kl_coef), _ESTIMATORS[kl_estimator],
              float(clip_ratio or 0.0), _AGGREGATIONS[aggregation])
    loss = _native.policy_loss(logits, tgt, m, adv, ref_logprobs, old_logprobs, params, grad, logprobs, entropy)
    if return_stats:
        return loss, grad, {"logprobs": logprobs, "entropy": entropy}
    return loss, grad


__all__ = ["policy_loss", "rloo_advantages"]
