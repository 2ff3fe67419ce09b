"""`reasoner sft` checkpoints load in transformers and agree with it numerically.

A tiny random Llama (transformers) with a byte-level tokenizer is fine-tuned for 3 steps by the `reasoner`
binary; the checkpoint is loaded with AutoModelForCausalLM / AutoTokenizer, then the run is resumed for one
more step from a copy. Checked (fp32 on both sides):
  * the tokenizer files round-trip: transformers' chat template + encoding give our SFT token ids;
  * our loss at step 4 (computed from our logits of the step-3 weights on the whole 2-record dataset, which
    is one batch) equals transformers' completion-token cross-entropy: |delta| <= 1e-4;
  * our step-4 weights equal one torch.optim.AdamW step (moments restored from optimizer.safetensors,
    same clipping and decay groups) from the step-3 checkpoint: max |delta| <= 1e-5.
Skips cleanly when torch/transformers or the built binary are missing (CI has neither torch nor transformers).
"""
import json
import os
import pathlib
import shutil
import subprocess

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
tokenizers = pytest.importorskip("tokenizers")
safetensors_torch = pytest.importorskip("safetensors.torch")

REPO = pathlib.Path(__file__).resolve().parents[2]
CHATML = ("{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + "
          "'<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}")
RECORDS = [{"problem": "What is 2+3?", "solution": "2+3 = 5. The answer is 5."},
           {"problem": "Double 7.", "solution": "7*2 = 14"}]
LR, WD, CLIP = 1e-3, 0.1, 1.0


def reasoner_binary():
    for p in [os.environ.get("REASONER_BIN"), REPO / ".build/release/reasoner", REPO / ".build/debug/reasoner"]:
        if p and pathlib.Path(p).exists():
            return str(p)
    pytest.skip("the reasoner binary is not built (swift build), set REASONER_BIN")


def byte_chars():
    """GPT-2's byte -> unicode map (the byte-level alphabet)."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


def make_base_model(path):
    """Tiny random Llama + byte tokenizer (ids 0-255 = bytes, 256 <|endoftext|>, 257 <|im_start|>, 258 <|im_end|>)."""
    torch.manual_seed(5)
    cfg = transformers.LlamaConfig(vocab_size=300, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                                   num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=128,
                                   rms_norm_eps=1e-5, tie_word_embeddings=True, bos_token_id=None, eos_token_id=258,
                                   pad_token_id=256)
    transformers.LlamaForCausalLM(cfg).save_pretrained(path)
    chars = byte_chars()
    vocab = {chars[b]: b for b in range(256)}
    specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"] + [f"<|extra_{i}|>" for i in range(259, 300)]
    for i, s in enumerate(specials):
        vocab[s] = 256 + i
    tok = tokenizers.Tokenizer(tokenizers.models.BPE(vocab=vocab, merges=[]))
    tok.pre_tokenizer = tokenizers.pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = tokenizers.decoders.ByteLevel()
    tok.add_special_tokens(specials)
    tok.save(str(path / "tokenizer.json"))
    json.dump({"tokenizer_class": "PreTrainedTokenizerFast", "eos_token": "<|im_end|>", "pad_token": "<|endoftext|>",
               "add_bos_token": False, "chat_template": CHATML}, open(path / "tokenizer_config.json", "w"))


def sft(binary, base, data, out, steps, resume=None, seq_len=64):
    args = [binary, "sft", "--model", str(base), "--data", str(data), "--out", str(out), "--steps", str(steps),
            "--batch-size", "2", "--micro-batch-size", "1", "--seq-len", str(seq_len), "--lr", str(LR), "--warmup", "0",
            "--schedule", "constant", "--weight-decay", str(WD), "--grad-clip", str(CLIP), "--seed", "3"]
    if resume:
        args += ["--resume", str(resume)]
    r = subprocess.run(args, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    return [json.loads(line) for line in open(out / "metrics.jsonl")]


def token_rows(hf_tok):
    """Our SFT layout, built by transformers: (ids, index of the first completion token) per record."""
    rows = []
    for rec in RECORDS:
        prompt = hf_tok.apply_chat_template([{"role": "user", "content": rec["problem"]}], tokenize=False,
                                            add_generation_prompt=True)
        p = hf_tok(prompt, add_special_tokens=False)["input_ids"]
        c = hf_tok(rec["solution"], add_special_tokens=False)["input_ids"] + [hf_tok.convert_tokens_to_ids("<|im_end|>")]
        rows.append((p + c, len(p)))
    return rows


def completion_loss(model, rows):
    total, count = 0.0, 0
    for ids, start in rows:
        logits = model(input_ids=torch.tensor([ids])).logits[0]
        logp = torch.log_softmax(logits[:-1].double(), dim=-1)
        nll = -logp.gather(-1, torch.tensor(ids[1:]).unsqueeze(-1)).squeeze(-1)
        total = total + nll[start - 1:].sum()
        count += len(ids) - start
    return total / count


SMOLLM2 = pathlib.Path(os.environ.get("REASONER_SMOLLM2", REPO / "models/SmolLM2-135M-Instruct.gguf"))


@pytest.mark.parametrize("which", ["tiny", "smollm2-gguf"])
def test_checkpoint_loads_in_transformers_and_matches(tmp_path, which):
    binary = reasoner_binary()
    base, data = tmp_path / "base", tmp_path / "data.jsonl"
    if which == "tiny":
        base.mkdir()
        make_base_model(base)
    else:  # the real quantized GGUF, saved as F32: slow, so opt-in
        if not os.environ.get("REASONER_SLOW_TESTS"):
            pytest.skip("set REASONER_SLOW_TESTS=1 to fine-tune SmolLM2 (needs the GGUF and a release build)")
        if not SMOLLM2.exists():
            pytest.skip(f"{SMOLLM2} is absent (scripts/fetch-model.sh)")
        base = SMOLLM2
    data.write_text("".join(json.dumps(r) + "\n" for r in RECORDS))

    metrics = sft(binary, base, data, tmp_path / "run", steps=3, seq_len=64 if which == "tiny" else 128)
    assert [m["step"] for m in metrics] == [1, 2, 3]
    assert set(metrics[0]) >= {"step", "loss", "lr", "grad_norm", "tokens", "tokens_per_s", "elapsed_s"}
    step3 = tmp_path / "step3"
    shutil.copytree(tmp_path / "run" / "checkpoint", step3)
    for f in ["config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
              "generation_config.json", "trainer_state.json", "optimizer.safetensors"]:
        assert (step3 / f).exists(), f

    model = transformers.AutoModelForCausalLM.from_pretrained(step3, dtype=torch.float32)
    hf_tok = transformers.AutoTokenizer.from_pretrained(step3)
    rows = token_rows(hf_tok)
    if which == "tiny":
        assert rows[1][0][-3:] == [ord("1"), ord("4"), 258]

    resumed = sft(binary, base, data, tmp_path / "resumed", steps=4, resume=step3, seq_len=64 if which == "tiny" else 128)
    assert [m["step"] for m in resumed] == [4]
    loss = completion_loss(model, rows)
    print(f"loss at step 4: ours {resumed[0]['loss']:.8f}, transformers {loss.item():.8f}")
    assert abs(resumed[0]["loss"] - loss.item()) <= 1e-4

    # One AdamW step in torch from the step-3 state must give our step-4 weights.
    moments = safetensors_torch.load_file(str(step3 / "optimizer.safetensors"))
    state_step = json.load(open(step3 / "trainer_state.json"))["optimizer_step"]
    named = dict(model.named_parameters())
    decay = [p for n, p in named.items() if "norm" not in n and not n.endswith(".bias")]
    no_decay = [p for n, p in named.items() if "norm" in n or n.endswith(".bias")]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": WD}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=LR, betas=(0.9, 0.999), eps=1e-8)
    for n, p in named.items():
        opt.state[p] = {"step": torch.tensor(float(state_step)), "exp_avg": moments["exp_avg." + n].clone(),
                        "exp_avg_sq": moments["exp_avg_sq." + n].clone()}
    model.zero_grad()
    completion_loss(model, rows).backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP)
    opt.step()
    ours = safetensors_torch.load_file(str(tmp_path / "resumed" / "checkpoint" / "model.safetensors"))
    worst = max((ours[n] - p.detach()).abs().max().item() for n, p in named.items())
    print(f"step-4 weights: max |ours - torch AdamW| = {worst:.3g}")
    assert worst <= 1e-5
