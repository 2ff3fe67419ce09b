# Tokenizer and Model.generate through the extension (ids against HF `tokenizers`: test_tokenizer_matches_hf.py):
# round trips, the chat template text, greedy generation equal to the argmax of Model.logits, seeds that reproduce, stops,
# and the logprobs the sampler reports.
import numpy as np
import pytest

import reasoner_swift


def test_tokenizer_round_trip_and_chat_template(smollm2):
    tok = smollm2.tokenizer
    text = "Solve 12 + 30: the answer is \\boxed{42}. Ünïcode ✓"
    ids = tok.encode(text)
    assert tok.decode(ids) == text
    assert tok.vocab_size == smollm2.config["vocab_size"] == 49152
    chat = tok.apply_chat_template([{"role": "user", "content": "What is 2+2?"}])
    assert chat == ("<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face"
                    "<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n")
    assert tok.apply_chat_template([{"role": "user", "content": "hi"}], tokenize=True) == tok.encode(
        tok.apply_chat_template([{"role": "user", "content": "hi"}]))
    with pytest.raises(reasoner_swift.InvalidArgumentError, match=r"ids\[1\]"):
        tok.decode([1, 10**6])
    with pytest.raises(TypeError, match="messages"):
        tok.apply_chat_template([{"content": "no role"}])


def test_greedy_generation_follows_the_logits(smollm2):
    prompt = smollm2.tokenizer.apply_chat_template([{"role": "user", "content": "What is 2+2?"}], tokenize=True)
    [c] = smollm2.generate([prompt], temperature=0, max_new_tokens=6)
    assert c.prompt_index == 0 and c.sample_index == 0 and c.token_ids.dtype == np.int32
    assert c.finish_reason in ("stop", "length") and len(c.token_ids) <= 6
    # Each greedy token is the argmax of the full-sequence logits (an independent forward, no KV cache).
    seq = np.array([prompt + c.token_ids.tolist()])
    logits = smollm2.logits(seq)[0]
    for t, token in enumerate(c.token_ids):
        row = logits[len(prompt) - 1 + t]
        assert token == int(np.argmax(row)), f"step {t}"
        logp = row - row.max() - np.log(np.exp(row - row.max()).sum())
        assert abs(c.logprobs[t] - logp[token]) < 1e-3, f"step {t}: logprob {c.logprobs[t]} vs {logp[token]}"
    assert c.text == smollm2.tokenizer.decode(c.token_ids[:-1] if c.finish_reason == "stop" else c.token_ids)


def test_sampling_reproduces_and_orders(smollm2):
    prompts = ["The capital of France is", [{"role": "user", "content": "Name a colour."}]]
    a = smollm2.generate(prompts, n=3, temperature=1.0, top_p=0.9, max_new_tokens=5, seed=7)
    b = smollm2.generate(prompts, n=3, temperature=1.0, top_p=0.9, max_new_tokens=5, seed=7)
    assert [(c.prompt_index, c.sample_index) for c in a] == [(p, s) for p in range(2) for s in range(3)]
    assert [c.token_ids.tolist() for c in a] == [c.token_ids.tolist() for c in b]
    c = smollm2.generate(prompts, n=3, temperature=1.0, top_p=0.9, max_new_tokens=5, seed=8)
    assert [x.token_ids.tolist() for x in a] != [x.token_ids.tolist() for x in c]
    assert all(np.all(x.logprobs <= 0) for x in a)


def test_stop_strings_and_bad_parameters(smollm2):
    [c] = smollm2.generate("Count: 1, 2, 3,", temperature=0, max_new_tokens=20, stop=[","])
    assert c.finish_reason == "stop" and "," not in c.text
    [c] = smollm2.generate("Count: 1, 2, 3,", temperature=0, max_new_tokens=3, stop_at_eos=False)
    assert c.finish_reason == "length" and len(c.token_ids) == 3
    with pytest.raises(reasoner_swift.InvalidArgumentError, match="topP"):
        smollm2.generate("hi", top_p=0)
    with pytest.raises(reasoner_swift.InvalidArgumentError, match="context length"):
        smollm2.generate("hi", max_new_tokens=10**6)
    with pytest.raises(TypeError, match="'n'"):
        smollm2.generate("hi", n=1.5)


def test_bf16_decode_weights_stay_near_fp32(smollm2):
    # bf16 weights in decode (prefill of these short prompts too): each greedy token's fp32 log-probability
    # (an independent forward on the fp32 weights) stays within 0.5 nats of the best token's, i.e. bf16 only
    # ever picks a token fp32 found nearly as likely; the run is deterministic; bad values are refused.
    prompts = [smollm2.tokenizer.apply_chat_template([{"role": "user", "content": q}], tokenize=True)
               for q in ("What is 2+2?", "Name three colours.")]
    try:
        bf16 = smollm2.generate(prompts, temperature=0, max_new_tokens=12, decode_weights="bf16")
    except reasoner_swift.InvalidArgumentError as error:
        assert "AVX-512BW" in str(error)
        pytest.skip("this CPU has no AVX-512BW")
    again = smollm2.generate(prompts, temperature=0, max_new_tokens=12, decode_weights="bf16")
    assert [c.token_ids.tolist() for c in bf16] == [c.token_ids.tolist() for c in again]
    for prompt, c in zip(prompts, bf16):
        logits = smollm2.logits(np.array([prompt + c.token_ids.tolist()]))[0]
        for t, token in enumerate(c.token_ids):
            row = logits[len(prompt) - 1 + t]
            assert row.max() - row[token] < 0.5, f"step {t}: bf16 chose a token fp32 puts {row.max() - row[token]} below"
    with pytest.raises(ValueError, match="decode_weights"):
        smollm2.generate("hi", decode_weights="fp16")
