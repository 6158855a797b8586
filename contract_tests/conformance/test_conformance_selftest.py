"""The conformance comparison catches broken mock answers (selftest.py), on the recording."""

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
OURS = ("allowances", "cases", "comparison", "report", "run", "selftest", "sequence", "sides",
        "times")


def _results():
    sys.path.insert(0, os.path.dirname(HERE))
    sys.path.insert(0, HERE)
    try:
        import run
        import selftest
        return selftest.check(run.read_answers(run.RECORDING))
    finally:
        # other suites have modules of the same names (soak/report.py): leave no trace
        sys.path.remove(HERE)
        for m in OURS:
            sys.modules.pop(m, None)


RESULTS = _results()


@pytest.mark.parametrize("name,ok,detail", RESULTS, ids=[r[0] for r in RESULTS])
def test_selftest(name, ok, detail):
    assert ok, detail
