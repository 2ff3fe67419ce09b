# RLTrainer driven from Python on the golden tiny Llama: metrics of a step, Python rewards receiving the
# record columns, a raising reward leaving weights/optimizer/step unchanged, NaN rewards, config errors,
# checkpoints that resume to the uninterrupted run bit for bit.
import numpy as np
import pytest

import reasoner_swift as rs
from reasoner_swift import rewards

CONFIG = dict(k=2, batch_size=2, max_new_tokens=6, prompt_template="{problem}=", track_initial_kl=False,
              lr=1e-2, temperature=1.2, entropy_coef=0.01, skip_equal_groups=False, seed=3)
RECORDS = [{"problem": "1+1", "answer": "2", "level": 1}, {"problem": "2+2", "answer": "4", "level": 2}]


@pytest.fixture
def model(tiny_dir):
    return rs.Model.load(tiny_dir)  # fresh weights per test: the trainer trains them in place


def length_reward(prompts, completions, answers, level, **columns):
    return [float(len(c) % 3) - 1.0 + 0.1 * lv for c, lv in zip(completions, level)]


def test_step_trains_and_reports(model):
    before = model.parameters()
    trainer = rs.RLTrainer(model, rs.RLConfig(**CONFIG), reward=[(rewards.correctness, 1.0), (length_reward, 0.5)])
    m = trainer.step(RECORDS)
    for key in ("reward_mean", "accuracy", "entropy", "kl_ref", "policy_loss", "grad_norm", "seconds_total"):
        assert key in m, key
    assert m["step"] == 1 and trainer.completed_steps == 1 and m["trained_responses"] > 0
    after = model.parameters()
    assert any(not np.array_equal(before[n], after[n]) for n in before), "an RL step changed no weight"
    assert m["entropy"] > 0


def test_reward_exception_leaves_state_unchanged(model, tiny_dir):
    calls = []

    def flaky(prompts, completions, answers, **columns):
        calls.append(len(completions))
        if len(calls) == 2:
            raise KeyError("boom from the reward")
        return [0.0 if i % 2 else 1.0 for i in range(len(completions))]

    trainer = rs.RLTrainer(model, rs.RLConfig(**CONFIG), reward=flaky)
    trainer.step(RECORDS)
    before = model.parameters()
    with pytest.raises(KeyError, match="boom from the reward") as info:
        trainer.step(RECORDS)
    assert any(frame.name == "flaky" for frame in info.traceback), "the reward's own frame is in the traceback"
    assert trainer.completed_steps == 1
    after = model.parameters()
    assert all(np.array_equal(before[n], after[n]) for n in before)
    # The optimizer state is unchanged too: the next step gives the weights of a trainer that never failed.
    m = trainer.step(RECORDS)
    assert m["step"] == 2
    twin_model = rs.Model.load(tiny_dir)
    twin = rs.RLTrainer(twin_model, rs.RLConfig(**CONFIG),
                        reward=lambda p, c, a, **kw: [0.0 if i % 2 else 1.0 for i in range(len(c))])
    twin.step(RECORDS)
    twin.step(RECORDS)
    mine, theirs = model.parameters(), twin_model.parameters()
    assert all(np.array_equal(mine[n], theirs[n]) for n in mine)


def test_nan_reward_names_the_completion(model):
    trainer = rs.RLTrainer(model, rs.RLConfig(**CONFIG), reward=lambda p, c, a, **kw: [float("nan")] * len(c))
    with pytest.raises(rs.NumericalError, match="completion 0"):
        trainer.step(RECORDS)
    assert trainer.completed_steps == 0


def test_config_errors_and_train_loop(model):
    with pytest.raises(TypeError, match="bogus"):
        rs.RLConfig(bogus=1)
    with pytest.raises(rs.InvalidArgumentError, match="'k'"):
        rs.RLTrainer(model, rs.RLConfig(k=1))
    trainer = rs.RLTrainer(model, rs.RLConfig(**CONFIG))
    history = trainer.train(RECORDS * 2, steps=2, progress=False)
    assert [h["step"] for h in history] == [1, 2] and trainer.history == history
    with pytest.raises(ValueError, match="problem"):
        trainer.step([{"answer": "1"}])


def test_interrupted_train_resumes_to_the_uninterrupted_run(tiny_dir, tmp_path):
    data = [{"problem": f"{i}+{i}", "answer": str(2 * i)} for i in range(5)]
    straight_model = rs.Model.load(tiny_dir)
    straight = rs.RLTrainer(straight_model, rs.RLConfig(**CONFIG)).train(data, steps=4, progress=False, seed=1)

    # The same run stopped after 2 steps (its checkpoint written at the end of the call) and restarted
    # in a fresh process-like state: new model, new trainer, same script.
    ckpt = tmp_path / "ckpt"
    first_model = rs.Model.load(tiny_dir)
    first = rs.RLTrainer(first_model, rs.RLConfig(**CONFIG)).train(
        data, steps=2, progress=False, seed=1, checkpoint_dir=ckpt, checkpoint_every=1)
    assert (ckpt / "state.json").exists() and (ckpt / "model.safetensors").exists()
    resumed_model = rs.Model.load(tiny_dir)
    resumed_trainer = rs.RLTrainer(resumed_model, rs.RLConfig(**CONFIG))
    rest = resumed_trainer.train(data, steps=4, progress=False, seed=1, checkpoint_dir=ckpt)
    assert [m["step"] for m in first + rest] == [1, 2, 3, 4] and resumed_trainer.completed_steps == 4
    for a, b in zip(straight, first + rest):
        assert a["reward_mean"] == b["reward_mean"] and a["policy_loss"] == b["policy_loss"], (a, b)
    mine, theirs = resumed_model.parameters(), straight_model.parameters()
    assert all(np.array_equal(mine[n], theirs[n]) for n in mine)
    # The checkpoint is a model directory that loads on its own.
    assert rs.Model.load(ckpt).config["hidden_size"] == straight_model.config["hidden_size"]


def test_resume_from_a_bad_directory_names_it_and_changes_nothing(model, tmp_path):
    trainer = rs.RLTrainer(model, rs.RLConfig(**CONFIG))
    before = model.parameters()
    with pytest.raises(rs.ReasonerError, match="state.json"):
        trainer.resume(tmp_path / "nowhere")
    assert trainer.completed_steps == 0
    after = model.parameters()
    assert all(np.array_equal(before[n], after[n]) for n in before)
