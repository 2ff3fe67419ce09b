#!/usr/bin/env python3
"""Runs each given .ipynb top to bottom with nbclient on a kernel of THIS interpreter, prints one
PASS/FAIL line per notebook and a final plain line "N passed, M failed"; exits non-zero on any failure.
Notebooks are run in their own folder and never written back (outputs stay stripped in git).
Tested by python/tests/test_run_notebooks.py.

    python3 scripts/run_notebooks.py [--timeout SECONDS] notebooks-examples/*.ipynb
"""
import argparse
import json
import pathlib
import sys
import tempfile
import time

KERNEL_NAME = "reasoner-python"


def kernel_manager(spec_dir: pathlib.Path):
    """A KernelManager whose kernel is `sys.executable -m ipykernel_launcher` (so the notebooks see the
    same reasoner_swift install as this interpreter, whatever kernelspecs are installed)."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    kernel_dir = spec_dir / KERNEL_NAME
    kernel_dir.mkdir(parents=True, exist_ok=True)
    (kernel_dir / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": f"Python ({sys.executable})",
        "language": "python",
    }))
    specs = KernelSpecManager(kernel_dirs=[str(spec_dir)])
    return AsyncKernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=specs)


def first_error(nb):
    """(cell number, 'Name: value') of the first error output in an executed notebook, or None."""
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    for number, cell in enumerate(code_cells, start=1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return number, f"{output.get('ename')}: {output.get('evalue')}"
    return None


def run_one(path: pathlib.Path, timeout: int, spec_dir: pathlib.Path):
    """Executes one notebook; returns None on success or a one-line reason."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    try:
        nb = nbformat.read(str(path), as_version=4)
    except Exception as error:  # unreadable or invalid JSON: report, don't crash the run
        return f"cannot read notebook: {error}"
    client = NotebookClient(nb, km=kernel_manager(spec_dir), timeout=timeout,
                            resources={"metadata": {"path": str(path.parent.resolve())}})
    try:
        client.execute()
    except CellTimeoutError:
        return f"a cell exceeded the {timeout} s timeout"
    except DeadKernelError as error:
        return f"kernel died: {error}"
    except CellExecutionError:
        located = first_error(nb)
        if located:
            return f"code cell {located[0]}: {located[1]}"
        return "a cell raised an error"
    return None  # (nbclient only lets errors through in cells tagged "raises-exception")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Run Jupyter notebooks top to bottom (nbclient).")
    parser.add_argument("notebooks", nargs="+", type=pathlib.Path, help=".ipynb files to run")
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell (default 600)")
    args = parser.parse_args(argv)
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="reasoner-kernels-") as spec_dir:
        for path in args.notebooks:
            start = time.monotonic()
            reason = run_one(path, args.timeout, pathlib.Path(spec_dir)) if path.is_file() else "no such file"
            seconds = time.monotonic() - start
            if reason is None:
                passed += 1
                print(f"PASS {path} ({seconds:.1f} s)", flush=True)
            else:
                failed += 1
                print(f"FAIL {path} ({seconds:.1f} s): {reason}", flush=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
