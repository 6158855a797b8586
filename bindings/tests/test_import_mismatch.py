"""Importing the package from a Python it was not built for names both versions."""

import os
import shutil
import subprocess
import sys

import mock_slurmrestd


def test_wrong_interpreter_names_both_versions(tmp_path):
    src = os.path.dirname(mock_slurmrestd.__file__)
    pkg = tmp_path / "mock_slurmrestd"
    shutil.copytree(src, pkg, ignore=shutil.ignore_patterns("__pycache__", "_core.*.so"))
    # The same package with a module built for CPython 3.9 only.
    (pkg / "_core.cpython-39-x86_64-linux-gnu.so").write_bytes(b"\x7fELF")
    run = subprocess.run([sys.executable, "-c", "import mock_slurmrestd"], cwd=tmp_path,
                         env={**os.environ, "PYTHONPATH": str(tmp_path)},
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    last = run.stderr.strip().splitlines()[-1]
    running = f"CPython {sys.version_info.major}.{sys.version_info.minor}"
    assert last.startswith("ImportError: mock_slurmrestd was built for CPython 3.9 "
                           "(_core.cpython-39-x86_64-linux-gnu.so), but this is " + running), last
    assert f"-DPython_EXECUTABLE={sys.executable}" in last
