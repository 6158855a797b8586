"""The conformance comparison catches broken mock answers (selftest.py), on the recording."""

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

import run  # noqa: E402
import selftest  # noqa: E402

RESULTS = selftest.check(run.read_answers(run.RECORDING))


@pytest.mark.parametrize("name,ok,detail", RESULTS, ids=[r[0] for r in RESULTS])
def test_selftest(name, ok, detail):
    assert ok, detail
