# Model.load / logits / loss_and_grads / save / parameters, against the PyTorch golden tiny Llama and the
# numpy reference logits of SmolLM2 (Tests/ReasonerCoreTests/Fixtures); bad arguments name themselves.
import json

import numpy as np
import pytest

import reasoner_swift
from conftest import FIXTURES, GOLDEN_TINY, read_safetensors

INPUTS = json.loads((GOLDEN_TINY / "inputs.json").read_text())


def test_config_and_parameter_names(tiny_model):
    c = tiny_model.config
    assert (c["vocab_size"], c["hidden_size"], c["num_hidden_layers"], c["num_key_value_heads"]) == (300, 64, 2, 2)
    golden = read_safetensors(GOLDEN_TINY / "model.safetensors")
    params = tiny_model.parameters()
    assert sorted(params) == sorted(golden)
    for name, value in golden.items():
        np.testing.assert_array_equal(params[name], value, err_msg=name)


def test_logits_match_pytorch_golden(tiny_model):
    expected = read_safetensors(GOLDEN_TINY / "logits.safetensors")["logits"]
    ids = np.array(INPUTS["input_ids"], dtype=np.int64)
    got = tiny_model.logits(ids)
    assert got.dtype == np.float32 and got.shape == expected.shape
    diff = np.abs(got - expected).max()
    assert diff < 1e-4, f"max |logits - torch| = {diff}"
    np.testing.assert_array_equal(tiny_model.logits(ids.astype(np.int32)), got)


def test_loss_and_grads_match_pytorch_golden(tiny_model):
    loss, grads = tiny_model.loss_and_grads(INPUTS["input_ids"], INPUTS["loss_mask"])
    assert abs(loss - INPUTS["initial_loss"]) < 1e-5, f"loss {loss} vs torch {INPUTS['initial_loss']}"
    expected = read_safetensors(GOLDEN_TINY / "grads.safetensors")
    assert sorted(grads) == sorted(expected)
    worst = max((float(np.abs(grads[n] - g).max() / (np.abs(g).max() + 1e-12)), n) for n, g in expected.items())
    assert worst[0] < 1e-3, f"largest relative gradient difference {worst[0]} in {worst[1]}"


def test_smollm2_logits_match_numpy_reference(smollm2):
    ref = json.loads((FIXTURES / "smollm2_logits.json").read_text())
    for prompt in ref["prompts"][:2]:
        got = smollm2.logits(np.array([prompt["ids"]]))[0]
        expected = np.array(prompt["logits_first1024"], dtype=np.float64)
        diff = np.abs(got[:, :1024] - expected).max()
        assert diff < 1e-3, f"{prompt['text']!r}: max |logits - numpy reference| = {diff}"
        ids, values = zip(*prompt["last_top20"])
        top_diff = np.abs(got[-1][list(ids)] - np.array(values)).max()
        assert top_diff < 1e-3, f"{prompt['text']!r}: last position's top-20 logits differ by {top_diff}"


def test_save_round_trips(tiny_model, tmp_path):
    tiny_model.save(tmp_path / "copy")
    again = reasoner_swift.Model.load(tmp_path / "copy")
    ids = np.array(INPUTS["input_ids"])
    np.testing.assert_array_equal(again.logits(ids), tiny_model.logits(ids))
    assert (tmp_path / "copy" / "config.json").exists() and (tmp_path / "copy" / "tokenizer.json").exists()


def test_bad_arguments_name_themselves(tiny_model):
    with pytest.raises(TypeError, match="input_ids"):
        tiny_model.logits(np.zeros((1, 4), dtype=np.float32) + 0.5)
    with pytest.raises(ValueError, match="input_ids"):
        tiny_model.logits(np.zeros(4, dtype=np.int32))
    with pytest.raises(reasoner_swift.InvalidArgumentError, match="row 0, position 1"):
        tiny_model.logits(np.array([[1, 300, 2]]))
    with pytest.raises(reasoner_swift.InvalidArgumentError, match="context"):
        tiny_model.logits(np.ones((1, 65), dtype=np.int32))
    with pytest.raises(ValueError, match="loss_mask"):
        tiny_model.loss_and_grads([[1, 2, 3]], [[0, 1]])
    with pytest.raises(reasoner_swift.InvalidArgumentError, match="no target"):
        tiny_model.loss_and_grads([[1, 2, 3]], [[1, 0, 0]])
    with pytest.raises(reasoner_swift.ReasonerIOError, match="no such file"):
        reasoner_swift.Model.load("/nonexistent/model.gguf")


def test_gil_released_during_loss_and_grads(tiny_model):
    """A Python thread keeps running while Swift computes: the GIL is released around the call."""
    import threading
    import time
    ticks, stop = [0], threading.Event()

    def count():
        while not stop.is_set():
            ticks[0] += 1

    ids = np.ones((16, 64), dtype=np.int32)
    mask = np.ones_like(ids)
    counter = threading.Thread(target=count)
    counter.start()
    time.sleep(0.01)
    before = ticks[0]
    for _ in range(3):
        tiny_model.loss_and_grads(ids, mask)
    during = ticks[0] - before
    stop.set()
    counter.join()
    assert during > 1000, f"the counter thread advanced only {during} ticks during three Swift calls"
