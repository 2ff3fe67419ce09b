# SFTTrainer from Python on the golden tiny Llama: memorising one pair drives its loss down (checked with
# an independent Model.loss_and_grads), the model trains in place, config errors name the field.
import numpy as np
import pytest

import reasoner_swift as rs


def test_sft_memorises_a_pair(tiny_dir):
    model = rs.Model.load(tiny_dir)
    tok = model.tokenizer
    prompt, completion = "2+2=", "4, so the answer is 4."
    ids = tok.encode(prompt) + tok.encode(completion)
    mask = [0] * len(tok.encode(prompt)) + [1] * len(tok.encode(completion))
    before, _ = model.loss_and_grads([ids], [mask])
    metrics = rs.SFTTrainer(model, rs.SFTConfig(steps=30, lr=3e-3, batch_size=2, micro_batch_size=2, seq_len=48),
                            chat=False).train([{"prompt": prompt, "completion": completion}])
    after, _ = model.loss_and_grads([ids], [mask])
    assert [m["step"] for m in metrics] == list(range(1, 31))
    assert after < 0.3 * before, f"loss {before} -> {after} after 30 steps on one pair"
    assert metrics[-1]["loss"] < metrics[0]["loss"]


def test_sft_config_errors(tiny_dir):
    model = rs.Model.load(tiny_dir)
    with pytest.raises(TypeError, match="bogus"):
        rs.SFTConfig(steps=1, bogus=2)
    with pytest.raises(rs.InvalidArgumentError, match="lr"):
        rs.SFTTrainer(model, rs.SFTConfig(steps=1, lr="fast"), chat=False).train([{"prompt": "a", "completion": "b"}])
    with pytest.raises(ValueError, match="examples"):
        rs.SFTTrainer(model, rs.SFTConfig(steps=1)).train([{"prompt": "a"}])
