# Tests of scripts/run_notebooks.py: a passing and a failing notebook give one PASS and one FAIL line
# (naming the cell and the error), the final "N passed, M failed" line, and the right exit code.
import subprocess
import sys

import pytest

from conftest import REPO

nbformat = pytest.importorskip("nbformat")
pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

SCRIPT = REPO / "scripts" / "run_notebooks.py"


def write_notebook(path, *sources):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nbformat.write(nb, str(path))


@pytest.mark.skipif(not SCRIPT.exists(), reason=f"{SCRIPT} not found (tests run outside a checkout)")
def test_runs_notebooks_and_reports_each_and_a_total(tmp_path):
    (tmp_path / "data.txt").write_text("21")
    good = tmp_path / "good.ipynb"
    # Runs in the notebook's folder, with this interpreter, and the installed package imports.
    write_notebook(good, "import sys, reasoner_swift\nx = int(open('data.txt').read())",
                   f"assert sys.executable == {sys.executable!r}, sys.executable\nassert x * 2 == 42")
    bad = tmp_path / "bad.ipynb"
    write_notebook(bad, "y = 1", "raise KeyError('missing column')", "print('never reached')")
    slow = tmp_path / "slow.ipynb"
    write_notebook(slow, "import time\ntime.sleep(120)")
    result = subprocess.run([sys.executable, str(SCRIPT), "--timeout", "10", str(good), str(bad), str(slow)],
                            capture_output=True, text=True, timeout=300)
    lines = result.stdout.strip().splitlines()
    assert result.returncode == 1, result
    assert lines[0].startswith(f"PASS {good}"), lines
    assert lines[1].startswith(f"FAIL {bad}") and "code cell 2: KeyError: 'missing column'" in lines[1], lines
    assert lines[2].startswith(f"FAIL {slow}") and "exceeded the 10 s timeout" in lines[2], lines
    assert lines[-1] == "1 passed, 2 failed"
    ok = subprocess.run([sys.executable, str(SCRIPT), str(good)], capture_output=True, text=True, timeout=300)
    assert ok.returncode == 0 and ok.stdout.strip().splitlines()[-1] == "1 passed, 0 failed", ok
