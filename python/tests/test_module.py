# Tests of the reasoner_swift module surface: import from anywhere, versions, the exception hierarchy,
# the .pyi stub, and the OPENBLAS_CORETYPE choice made before the native library loads.
import ast
import pathlib
import re
import subprocess
import sys

import pytest

import reasoner_swift as rs
from conftest import REPO
from reasoner_swift import _errors


def test_imports_from_an_unrelated_directory_and_reports_versions(tmp_path):
    out = subprocess.run(
        [sys.executable, "-c", "import reasoner_swift as rs; print(rs.version(), rs.abi_version(), rs.__file__)"],
        cwd=tmp_path, capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == rs.__version__ == "0.1.0"
    header = (REPO / "Sources" / "CReasoner" / "include" / "reasoner.h").read_text()
    assert out[1] == re.search(r"#define RS_ABI_VERSION (\d+)", header).group(1)
    assert "site-packages" in out[2] or "dist-packages" in out[2], f"imported from the source tree: {out[2]}"


def test_worked_examples_in_docstrings_hold():
    import doctest

    from reasoner_swift import _rewards
    failures, tried = doctest.testmod(_rewards)
    assert tried >= 2 and failures == 0


def test_status_codes_map_to_exception_classes():
    expected = {1: (rs.InvalidArgumentError, ValueError), 2: (rs.ReasonerIOError, OSError),
                3: (rs.NumericalError, ArithmeticError), 4: (rs.CallbackError, rs.ReasonerError),
                5: (rs.UnsupportedError, rs.ReasonerError), 99: (rs.InternalError, rs.ReasonerError)}
    for code, (cls, also) in expected.items():
        assert _errors.error_class_for_status(code) is cls
        assert cls.code == code
        assert issubclass(cls, rs.ReasonerError) and issubclass(cls, also)
        assert issubclass(cls, RuntimeError)
    assert _errors.error_class_for_status(12345) is rs.ReasonerError


def test_a_swift_error_arrives_as_its_class_with_the_swift_message():
    # Swift validates rs_reward_params.threads; bypass the Python check to reach it.
    with pytest.raises(rs.InvalidArgumentError, match=r"threads is 0; expected >= 1 \(status 1\)"):
        rs._native.eval_reward(lambda p, c, a, r, t: [], False, None, "r", [], [], [], [], [], 0, 0)


def test_stub_declares_every_public_name_and_every_public_name_has_a_docstring():
    stub = pathlib.Path(rs.__file__).with_name("__init__.pyi")
    tree = ast.parse(stub.read_text())
    declared = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    declared |= {t.id for n in tree.body if isinstance(n, (ast.AnnAssign,)) for t in [n.target]}
    missing = [name for name in rs.__all__ if name not in declared]
    assert not missing, f"missing from __init__.pyi: {missing}"
    undocumented = [name for name in rs.__all__ if not (getattr(rs, name).__doc__ or "").strip()]
    assert not undocumented, f"no docstring: {undocumented}"
    assert pathlib.Path(rs.__file__).with_name("py.typed").exists()


def test_openblas_coretype_is_set_only_for_avx512_cpus_and_never_overrides_the_user(tmp_path):
    avx512 = tmp_path / "avx512"
    avx512.write_text("processor\t: 0\nflags\t\t: fpu sse2 avx2 avx512f avx512bw\n")
    avx2 = tmp_path / "avx2"
    avx2.write_text("processor\t: 0\nflags\t\t: fpu sse2 avx2 avx512_vnni_not_f\n")
    env = {}
    assert rs._choose_openblas_coretype(env, str(avx512)) == "SKYLAKEX" and env == {"OPENBLAS_CORETYPE": "SKYLAKEX"}
    env = {"OPENBLAS_CORETYPE": "HASWELL"}
    assert rs._choose_openblas_coretype(env, str(avx512)) is None and env["OPENBLAS_CORETYPE"] == "HASWELL"
    env = {}
    assert rs._choose_openblas_coretype(env, str(avx2)) is None and env == {}
    assert rs._choose_openblas_coretype({}, str(tmp_path / "missing")) is None


def test_import_sets_the_coretype_as_this_cpu_requires(tmp_path):
    code = "import os, reasoner_swift; print(os.environ.get('OPENBLAS_CORETYPE', '-'))"
    env = {k: v for k, v in __import__("os").environ.items() if k != "OPENBLAS_CORETYPE"}
    got = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True,
                         text=True, check=True).stdout.strip()
    assert got == ("SKYLAKEX" if rs._cpu_has_avx512f() else "-")
    env["OPENBLAS_CORETYPE"] = "ZEN"
    got = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True,
                         text=True, check=True).stdout.strip()
    assert got == "ZEN"
