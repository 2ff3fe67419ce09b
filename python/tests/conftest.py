# pytest configuration for reasoner_swift: the tests must exercise the installed package, never the
# source tree, so they are run from outside the repository (see the Makefile's test-python target).
import pathlib

import reasoner_swift

REPO = pathlib.Path(__file__).resolve().parents[2]


def pytest_report_header(config):
    return f"reasoner_swift {reasoner_swift.version()} from {pathlib.Path(reasoner_swift.__file__).parent}"

import json
import shutil

import numpy as np
import pytest

FIXTURES = REPO / "Tests" / "ReasonerCoreTests" / "Fixtures"
GOLDEN_TINY = FIXTURES / "golden_tiny_llama"
SMOLLM2 = REPO / "models" / "SmolLM2-135M-Instruct.gguf"


def byte_level_alphabet():
    """GPT-2's byte → printable character map (tokenizers' ByteLevel)."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    chars, extra = {}, 0
    for b in range(256):
        if b in printable:
            chars[b] = chr(b)
        else:
            chars[b] = chr(256 + extra)
            extra += 1
    return chars


def write_tiny_tokenizer(directory: pathlib.Path, vocab_size: int) -> None:
    """A byte-level BPE tokenizer.json for a tiny model: ids 0..255 are bytes, then <t256>… fillers
    (special, so every id decodes); <s>=1 and </s>=2 stay bytes 1 and 2 for the config's ids."""
    alphabet = byte_level_alphabet()
    vocab = {alphabet[b]: b for b in range(256)}
    added = [{"id": i, "content": f"<t{i}>", "special": True} for i in range(256, vocab_size)]
    (directory / "tokenizer.json").write_text(json.dumps({
        "version": "1.0", "added_tokens": added, "pre_tokenizer": {"type": "ByteLevel", "use_regex": True},
        "model": {"type": "BPE", "vocab": vocab, "merges": []},
    }))


@pytest.fixture(scope="session")
def tiny_dir(tmp_path_factory):
    """The golden tiny Llama (PyTorch-made HF dir) plus a byte-level tokenizer so it loads as a model."""
    directory = tmp_path_factory.mktemp("golden_tiny_llama")
    for f in GOLDEN_TINY.iterdir():
        shutil.copy(f, directory / f.name)
    write_tiny_tokenizer(directory, json.loads((GOLDEN_TINY / "config.json").read_text())["vocab_size"])
    return directory


@pytest.fixture(scope="session")
def tiny_model(tiny_dir):
    return reasoner_swift.Model.load(tiny_dir)


@pytest.fixture(scope="session")
def smollm2():
    if not SMOLLM2.exists():
        pytest.skip(f"{SMOLLM2} is absent: run scripts/fetch-model.sh (make test-python does)")
    return reasoner_swift.Model.load(SMOLLM2)


def read_safetensors(path: pathlib.Path) -> dict:
    """A minimal safetensors reader (F32 only): {name: numpy array}. Independent of the Swift reader."""
    data = path.read_bytes()
    n = int.from_bytes(data[:8], "little")
    header = json.loads(data[8:8 + n])
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        assert info["dtype"] == "F32", f"{path}: {name} is {info['dtype']}"
        start, end = info["data_offsets"]
        out[name] = np.frombuffer(data[8 + n + start:8 + n + end], dtype="<f4").reshape(info["shape"])
    return out
