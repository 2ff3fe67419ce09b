"""The Swift tokenizer (`reasoner tokenize`) gives exactly the ids of Hugging Face `tokenizers` for SmolLM2.

The reference tokenizer is built from the GGUF's own vocabulary and merges (read with the `gguf` PyPI package)
with SmolLM2's real pre-tokenizer, Sequence([Digits(individual_digits=True), ByteLevel(add_prefix_space=False)]).
transformers' GGUF conversion drops the digit split, so it is deliberately not used.
Inputs: every problem and solution of MATH500 and a list of hard strings. Needs: pip install tokenizers gguf.
Binary: $REASONER_BIN (default <repo>/.build/release/reasoner). Model: $REASONER_MODEL (default
<repo>/models/SmolLM2-135M-Instruct.gguf). Either missing: the test is skipped with a message.
"""
import functools, json, os, subprocess, tempfile
import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("REASONER_BIN", os.path.join(REPO, ".build/release/reasoner"))
MODEL = os.environ.get("REASONER_MODEL", os.path.join(REPO, "models/SmolLM2-135M-Instruct.gguf"))
MATH500 = os.environ.get("REASONER_MATH500", os.path.join(REPO, "../shared/data/math500.jsonl"))
if not os.path.exists(MATH500):
    MATH500 = "/work/shared/data/math500.jsonl"

HARD_STRINGS = [
    "", " ", "  ", "\n", "\n\n17", "  15", "x  15", "a   b", "tab\there", "\t\t\n  \n", "trailing   ",
    "123456789012345678901234567890", "3.14159 2,718 1e-10 -42", "١٢٣ ٤٥ (Arabic-Indic digits) ½ ² Ⅻ",
    "emoji 😀👍🏽 family 👨‍👩‍👧‍👦 flags 🇫🇷🇯🇵", "中文字符 日本語のテキスト 한국어 텍스트",
    "combining: e\u0301 a\u0308 n\u0303 Z\u0351\u0352\u0353", "Ünïcödé café naïve résumé",
    "<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n", "text<|endoftext|>more<|im_end|>",
    "<|im_start|<|im_start|>>", "don't I'll we've they're she'd I'm it's DON'T", "a\r\nb\rc\u2028d\u00a0e\u3000f",
    "$$\\frac{1}{2} + \\sqrt{x^2+y^2}$$ \\boxed{42}", "    def f(x):\n        return x ** 2\n",
    "word" * 50, "!!!???...,,,;;;", "\x00\x01\x7f control bytes", "Ω≈ç√∫˜µ≤≥÷ ∀∂∈ℝ∧∪≡∞ ↑↗↨↻⇣",
]


@functools.lru_cache(maxsize=1)
def _reference_tokenizer():
    gguf = pytest.importorskip("gguf")
    tk = pytest.importorskip("tokenizers")
    from tokenizers import Tokenizer, models, pre_tokenizers, decoders, AddedToken
    r = gguf.GGUFReader(MODEL)
    tokens = r.fields["tokenizer.ggml.tokens"].contents()
    types = r.fields["tokenizer.ggml.token_type"].contents()
    merges = [tuple(m.split(" ", 1)) for m in r.fields["tokenizer.ggml.merges"].contents()]
    assert r.fields["tokenizer.ggml.pre"].contents() == "smollm"
    vocab = {t: i for i, t in enumerate(tokens)}
    tok = Tokenizer(models.BPE(vocab=vocab, merges=merges))
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [pre_tokenizers.Digits(individual_digits=True), pre_tokenizers.ByteLevel(add_prefix_space=False)])
    tok.decoder = decoders.ByteLevel()
    specials = [t for t, ty in zip(tokens, types) if ty in (3, 4)]
    tok.add_special_tokens([AddedToken(t, special=True, normalized=False) for t in specials])
    for t in specials:
        assert tok.token_to_id(t) == vocab[t]
    return tok


def _swift_ids(texts):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for t in texts:
            f.write(json.dumps({"text": t}) + "\n")
        path = f.name
    try:
        out = subprocess.run([BIN, "tokenize", "--model", MODEL, "--jsonl", path, "--field", "text", "--stats"],
                             capture_output=True, text=True, check=True)
    finally:
        os.unlink(path)
    print(out.stderr.strip())
    lines = out.stdout.splitlines()
    assert len(lines) == len(texts), f"{len(lines)} output lines for {len(texts)} inputs"
    return [json.loads(l)["ids"] for l in lines]


def _check(texts, label):
    if not os.path.exists(BIN):
        pytest.skip(f"reasoner binary not found at {BIN} (build with `swift build -c release` or set REASONER_BIN)")
    if not os.path.exists(MODEL):
        pytest.skip(f"model not found at {MODEL} (run scripts/fetch-model.sh or set REASONER_MODEL)")
    ref = _reference_tokenizer()
    expected = [e.ids for e in ref.encode_batch(texts, add_special_tokens=False)]
    got = _swift_ids(texts)
    bad = [i for i, (e, g) in enumerate(zip(expected, got)) if e != g]
    for i in bad[:5]:
        e, g = expected[i], got[i]
        k = next((j for j in range(min(len(e), len(g))) if e[j] != g[j]), min(len(e), len(g)))
        print(f"{label}[{i}] first difference at token {k}: hf {e[k:k+8]} swift {g[k:k+8]} text {texts[i][:80]!r}")
    assert not bad, f"{len(bad)} of {len(texts)} {label} inputs differ from HF tokenizers"
    # Decoding the reference ids gives the text back (checks the reference, and that inputs round-trip).
    for t, ids in zip(texts, expected):
        if "\x00" not in t and "\x01" not in t and "\x7f" not in t:
            assert ref.decode(ids, skip_special_tokens=False) == t


def test_math500_problems_and_solutions_match_hf():
    rows = [json.loads(l) for l in open(MATH500, encoding="utf-8") if l.strip()]
    texts = [r["problem"] for r in rows] + [r["solution"] for r in rows]
    assert len(texts) == 1000
    _check(texts, "math500")


def test_hard_strings_match_hf():
    _check(HARD_STRINGS, "hard")


def test_saved_tokenizer_json_loads_in_hf_and_matches():
    """`reasoner tokenize --save-tokenizer DIR` writes a tokenizer.json that HF `tokenizers` loads as is and
    that encodes MATH500 and the hard strings to the same ids as the reference."""
    if not (os.path.exists(BIN) and os.path.exists(MODEL)):
        pytest.skip(f"needs {BIN} and {MODEL}")
    from tokenizers import Tokenizer
    with tempfile.TemporaryDirectory() as d:
        subprocess.run([BIN, "tokenize", "--model", MODEL, "--save-tokenizer", d], check=True, capture_output=True)
        saved = Tokenizer.from_file(os.path.join(d, "tokenizer.json"))
        config = json.load(open(os.path.join(d, "tokenizer_config.json")))
    assert config["eos_token"] == "<|im_end|>" and "<|im_start|>" in config["chat_template"]
    ref = _reference_tokenizer()
    rows = [json.loads(l) for l in open(MATH500, encoding="utf-8") if l.strip()]
    texts = HARD_STRINGS + [r["problem"] for r in rows] + [r["solution"] for r in rows]
    want = [e.ids for e in ref.encode_batch(texts, add_special_tokens=False)]
    got = [e.ids for e in saved.encode_batch(texts, add_special_tokens=False)]
    bad = [i for i in range(len(texts)) if want[i] != got[i]]
    assert not bad, f"{len(bad)} inputs differ, first: {texts[bad[0]][:80]!r}"
    assert saved.decode(got[HARD_STRINGS.index("emoji 😀👍🏽 family 👨‍👩‍👧‍👦 flags 🇫🇷🇯🇵")]) == "emoji 😀👍🏽 family 👨‍👩‍👧‍👦 flags 🇫🇷🇯🇵"


def test_info_reports_gguf_facts():
    """`reasoner info` prints the configuration and tokenizer facts the gguf package reads from the file."""
    if not (os.path.exists(BIN) and os.path.exists(MODEL)):
        pytest.skip(f"needs {BIN} and {MODEL}")
    gguf = pytest.importorskip("gguf")
    r = gguf.GGUFReader(MODEL)
    f = lambda k: r.fields[k].contents()
    info = json.loads(subprocess.run([BIN, "info", "--model", MODEL], check=True, capture_output=True, text=True).stdout)
    c, t = info["config"], info["tokenizer"]
    assert c["num_hidden_layers"] == f("llama.block_count") and c["hidden_size"] == f("llama.embedding_length")
    assert c["num_attention_heads"] == f("llama.attention.head_count")
    assert c["num_key_value_heads"] == f("llama.attention.head_count_kv")
    assert c["intermediate_size"] == f("llama.feed_forward_length") and c["rope_theta"] == f("llama.rope.freq_base")
    assert c["tie_word_embeddings"] == ("output.weight" not in [x.name for x in r.tensors])
    assert t["vocabulary_size"] == len(f("tokenizer.ggml.tokens")) and t["merges"] == len(f("tokenizer.ggml.merges"))
    assert t["bos_token_id"] == f("tokenizer.ggml.bos_token_id") and t["eos_token_id"] == f("tokenizer.ggml.eos_token_id")
    assert t["pre_tokenizer"] == f("tokenizer.ggml.pre") and t["chat_template"] == "chatML"
    assert info["tensors"] == len(r.tensors)
    assert info["parameters"] == sum(int(x.n_elements) for x in r.tensors)


def test_hf_directory_written_by_safetensors_package_loads():
    """A sharded Hugging Face directory written with the `safetensors` PyPI package (F16 and F32 tensors) and
    the tokenizer files from --save-tokenizer: `reasoner info` reads its config and every parameter, and
    `reasoner tokenize` on the directory gives the same ids as on the GGUF."""
    if not (os.path.exists(BIN) and os.path.exists(MODEL)):
        pytest.skip(f"needs {BIN} and {MODEL}")
    np = pytest.importorskip("numpy")
    st = pytest.importorskip("safetensors.numpy")
    rng = np.random.default_rng(0)
    V, C, F, H, KVH, L = 49152, 16, 24, 4, 2, 2
    D = C // H
    shapes = {"model.embed_tokens.weight": [V, C], "model.norm.weight": [C]}
    for l in range(L):
        p = f"model.layers.{l}."
        shapes.update({p + "input_layernorm.weight": [C], p + "post_attention_layernorm.weight": [C],
                       p + "self_attn.q_proj.weight": [H * D, C], p + "self_attn.k_proj.weight": [KVH * D, C],
                       p + "self_attn.v_proj.weight": [KVH * D, C], p + "self_attn.o_proj.weight": [C, H * D],
                       p + "mlp.gate_proj.weight": [F, C], p + "mlp.up_proj.weight": [F, C],
                       p + "mlp.down_proj.weight": [C, F]})
    tensors = {n: rng.normal(size=s).astype(np.float16 if "mlp" in n else np.float32) for n, s in shapes.items()}
    config = {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": V, "hidden_size": C,
              "intermediate_size": F, "num_hidden_layers": L, "num_attention_heads": H, "num_key_value_heads": KVH,
              "max_position_embeddings": 512, "rms_norm_eps": 1e-5, "rope_theta": 100000.0,
              "tie_word_embeddings": True, "torch_dtype": "float32"}
    with tempfile.TemporaryDirectory() as d:
        subprocess.run([BIN, "tokenize", "--model", MODEL, "--save-tokenizer", d], check=True, capture_output=True)
        json.dump(config, open(os.path.join(d, "config.json"), "w"))
        names = sorted(tensors)
        shards = {"model-00001-of-00002.safetensors": names[::2], "model-00002-of-00002.safetensors": names[1::2]}
        for file, part in shards.items():
            st.save_file({n: tensors[n] for n in part}, os.path.join(d, file), metadata={"format": "pt"})
        json.dump({"metadata": {}, "weight_map": {n: f for f, part in shards.items() for n in part}},
                  open(os.path.join(d, "model.safetensors.index.json"), "w"))
        info = json.loads(subprocess.run([BIN, "info", "--model", d], check=True, capture_output=True, text=True).stdout)
        assert info["format"] == "hf" and info["tensors"] == len(tensors)
        assert info["parameters"] == sum(t.size for t in tensors.values())
        assert info["config"]["hidden_size"] == C and info["config"]["num_key_value_heads"] == KVH
        assert info["tokenizer"]["eos_token_id"] == 2 and info["tokenizer"]["pre_tokenizer"] == "smollm"
        text = "Solve 12+345 = ? 😀 <|im_end|>"
        ids = lambda m: json.loads(subprocess.run([BIN, "tokenize", "--model", m, "--text", text], check=True,
                                                  capture_output=True, text=True).stdout)["ids"]
        assert ids(d) == ids(MODEL)
        # A config disagreeing with the tensors is refused with the tensor named.
        config["intermediate_size"] = 32
        json.dump(config, open(os.path.join(d, "config.json"), "w"))
        bad = subprocess.run([BIN, "info", "--model", d], capture_output=True, text=True)
        assert bad.returncode != 0 and "mlp.down_proj.weight" in bad.stderr and "expected [16, 32]" in bad.stderr
