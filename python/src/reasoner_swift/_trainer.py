"""RLConfig and RLTrainer: the Swift T1 trainer (sample K per prompt at τ, verifier reward and penalties,
EMA-reference KL, RLOO, policy loss with entropy bonus, AdamW, EMA) driven from Python, with Python
rewards called back from Swift. Tested by python/tests/test_rl_trainer.py."""
from __future__ import annotations

import functools
import json
import os
import random
import sys
import time
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence, Tuple, Union

from . import _native
from ._model import Model
from ._rewards import BatchReward, is_per_response, reward_name

#: The keys of `reasoner rl`'s config file (RLConfig.swift and RLObjective.swift); Swift validates values.
RL_CONFIG_KEYS = frozenset("""
model data prompt_template batch_size k top_p max_new_tokens lr schedule warmup weight_decay
max_grad_norm ema_beta ref_update_every penalty_truncated penalty_repetitive penalty_garbled
skip_equal_groups micro_batch_size track_initial_kl seed steps eval_data eval_every eval_samples
eval_temperature eval_problems checkpoint_every out memory_limit_gb
kl_coef kl_estimator kl_in entropy_coef loss_aggregation penalty_mode clip_ratio temperature
""".split())


class RLConfig(dict):
    """The settings of an RL run, with the same field names as ``reasoner rl``'s config file, e.g.
    ``RLConfig(k=8, batch_size=4, temperature=1.2, max_new_tokens=256, lr=1e-6, kl_coef=2e-4,
    entropy_coef=0.001, ema_beta=0.99)``. Unset fields take the CLI's defaults. An unknown name raises
    TypeError here; a bad value raises InvalidArgumentError naming the field when the trainer is made.
    Fields read as attributes too (``config.k``)."""

    def __init__(self, **fields: Any):
        unknown = sorted(set(fields) - RL_CONFIG_KEYS)
        if unknown:
            raise TypeError(f"RLConfig: unknown field(s) {', '.join(unknown)} (see `reasoner rl --help` for the keys)")
        super().__init__(fields)

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"RLConfig field '{name}' is not set (the CLI default applies)") from None

    def to_json(self) -> str:
        """The config file text `reasoner rl --config` reads."""
        return json.dumps(dict(self), sort_keys=True)


Reward = Union[Callable[..., Any], Sequence[Tuple[Callable[..., Any], float]]]


def _per_response_as_batch(fn):
    def batch(prompts, completions, answers, **columns):
        rows = [{k: v[i] for k, v in columns.items()} for i in range(len(completions))]
        return [fn(p, c, a, **row) for p, c, a, row in zip(prompts, completions, answers, rows)]
    batch.__name__ = reward_name(fn)
    return batch


class RLTrainer:
    """Trains ``model`` in place with the T1 recipe; ``reward`` is one callable or a list of
    ``(callable, weight)`` (default: the built-in verifier correctness, run natively).

    A reward follows the TRL contract ``reward(prompts, completions, answers, **columns) ->
    list[float | None]``: ``columns`` are the other fields of each completion's record; None means
    unscorable (left out of the RLOO baseline). ``reasoner_swift.rewards.correctness`` runs in Swift.

    If a reward raises, :meth:`step` raises that same exception (with its traceback) and the weights,
    optimizer state and step counter are unchanged. A NaN or infinite reward raises NumericalError
    naming the completion.
    """

    def __init__(self, model: Model, config: Optional[RLConfig] = None, reward: Optional[Reward] = None):
        if not isinstance(model, Model):
            raise TypeError(f"argument 'model' must be a reasoner_swift.Model, got {type(model).__name__}")
        self.model = model
        self.config = config if config is not None else RLConfig()
        if not isinstance(self.config, RLConfig):
            self.config = RLConfig(**self.config)
        terms = [] if reward is None else ([(reward, 1.0)] if callable(reward) else list(reward))
        self._adapters: list = []
        self._capsules: list = []
        weights: list = []
        for i, term in enumerate(terms):
            fn, weight = (term, 1.0) if callable(term) else term
            if not callable(fn):
                raise TypeError(f"reward term {i} must be a callable or (callable, weight), got {term!r}")
            if getattr(fn, "__reasoner_builtin__", None) == "correctness":
                self._capsules.append(_native.correctness_reward_new())
            else:
                adapter = BatchReward(_per_response_as_batch(fn) if is_per_response(fn) else fn, [])
                self._adapters.append(adapter)
                self._capsules.append(_native.py_reward_new(adapter, reward_name(fn)))
            weights.append(float(weight))
        self._capsule = _native.rl_trainer_new(model._capsule, self.config.to_json(), self._capsules, weights)
        #: Metrics dicts of every step run so far.
        self.history: list = []

    @property
    def completed_steps(self) -> int:
        """RL steps completed (a failed step does not count)."""
        return _native.rl_trainer_steps(self._capsule)

    def step(self, records: Sequence[Mapping[str, Any]]) -> dict:
        """One RL step on ``records`` (dicts with ``problem``, ``answer`` and any other columns, passed
        to the rewards); returns the step's metrics (reward_mean, accuracy, entropy, kl_ref, policy_loss,
        grad_norm, truncated_rate, seconds_total, ...)."""
        records = list(records)
        rows = []
        for i, r in enumerate(records):
            if not isinstance(r, Mapping) or "problem" not in r or "answer" not in r:
                raise ValueError(f"argument 'records'[{i}] must be a dict with 'problem' and 'answer'")
            rows.append((str(r["problem"]), str(r["answer"])))
        for adapter in self._adapters:
            adapter.records = records
            adapter.names = [n for n in dict.fromkeys(k for r in records for k in r)
                             if n not in ("prompts", "completions", "answers")]
        metrics = json.loads(_native.rl_trainer_step(self._capsule, rows, self._capsules))
        self.history.append(metrics)
        return metrics

    def save_checkpoint(self, path: str) -> None:
        """Writes the trainer's whole state into directory ``path``: the policy as a Hugging Face model
        directory, the EMA reference, AdamW moments, step counter and sampling state. Atomic: a crash
        leaves the previous checkpoint or the new one."""
        _native.rl_trainer_save(self._capsule, os.fspath(path))

    def resume(self, path: str) -> None:
        """Restores a checkpoint written by :meth:`save_checkpoint` (same model shape and config): the
        next step is the one the uninterrupted run would have taken, bit for bit."""
        _native.rl_trainer_resume(self._capsule, os.fspath(path))

    def train(self, data: Sequence[Mapping[str, Any]], steps: int, *, batch_size: Optional[int] = None,
              seed: int = 0, progress: bool = True, on_step: Optional[Callable[[dict], None]] = None,
              checkpoint_dir: Optional[str] = None, checkpoint_every: int = 0) -> list:
        """Trains until :attr:`completed_steps` reaches ``steps``, each step on ``batch_size`` records
        (default: the config's batch_size, else 8) of ``data``, in an order fixed by ``seed`` and the step
        number (a shuffle per epoch). Returns the metrics dicts of the steps run by this call.

        With ``checkpoint_dir``: a checkpoint found there is resumed first (so rerunning the same script
        continues an interrupted run on the same batches), one is written every ``checkpoint_every``
        steps, at the end, and on KeyboardInterrupt (between steps: a step always completes or leaves no
        trace). Shows a progress line with rate and ETA on stderr."""
        data = list(data)
        if not data:
            raise ValueError("argument 'data' is empty")
        if checkpoint_every < 0:
            raise ValueError(f"argument 'checkpoint_every' must be >= 0, got {checkpoint_every}")
        size = int(batch_size or self.config.get("batch_size", 8))
        if checkpoint_dir is not None and os.path.exists(os.path.join(checkpoint_dir, "state.json")):
            self.resume(checkpoint_dir)
            if progress:
                sys.stderr.write(f"rl: resumed {checkpoint_dir} at step {self.completed_steps}\n")
        first = self.completed_steps
        out = []
        start = time.time()
        try:
            for step in range(first, steps):
                batch = [data[i] for i in _batch_indices(len(data), size, seed, step)]
                metrics = self.step(batch)
                out.append(metrics)
                if on_step:
                    on_step(metrics)
                done = step + 1
                if checkpoint_dir is not None and checkpoint_every and done % checkpoint_every == 0:
                    self.save_checkpoint(checkpoint_dir)
                if progress:
                    rate = len(out) / max(time.time() - start, 1e-9)
                    eta = (steps - done) / rate
                    sys.stderr.write(f"\rrl {done}/{steps} steps ({100 * done // steps}%) {rate * 60:.2f} steps/min, "
                                     f"ETA {eta // 60:.0f}m{eta % 60:02.0f}s | reward {metrics['reward_mean']:.3f} "
                                     f"acc {metrics['accuracy']:.3f}")
                    sys.stderr.flush()
        except KeyboardInterrupt:
            if checkpoint_dir is not None and self.completed_steps > first:
                self.save_checkpoint(checkpoint_dir)
                sys.stderr.write(f"\nrl: interrupted; checkpoint at step {self.completed_steps} in {checkpoint_dir}\n")
            raise
        if checkpoint_dir is not None and self.completed_steps > first:
            self.save_checkpoint(checkpoint_dir)
        if progress and out:
            sys.stderr.write("\n")
        return out


def _batch_indices(count: int, size: int, seed: int, step: int) -> list:
    """The records of step ``step``: positions step·size … step·size + size − 1 of the concatenation of
    one seeded shuffle of range(count) per epoch, so any step's batch is known without replaying."""
    out = []
    for position in range(step * size, (step + 1) * size):
        epoch, offset = divmod(position, count)
        out.append(_epoch_order(count, seed, epoch)[offset])
    return out


@functools.lru_cache(maxsize=2)
def _epoch_order(count: int, seed: int, epoch: int) -> tuple:
    """The seeded shuffle of range(count) for one epoch (cached: consecutive steps share it)."""
    order = list(range(count))
    random.Random(f"{seed}:{epoch}").shuffle(order)
    return tuple(order)


__all__ = ["RLConfig", "RLTrainer"]
