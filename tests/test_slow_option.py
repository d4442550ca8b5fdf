"""The default test run leaves the slow tests out; --slow, -m or naming a test brings them back."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

CONFTEST = (Path(__file__).parent / "conftest.py").read_text(encoding="utf-8")
SAMPLE = """
import pytest

def test_quick():
    pass

@pytest.mark.slow
def test_big_article():
    pass

@pytest.mark.slow
@pytest.mark.parametrize("n", [1, 2])
def test_many(n):
    pass

class TestGroup:
    @pytest.mark.slow
    def test_in_class(self):
        pass
"""


@pytest.fixture
def suite(pytester):
    pytester.makeconftest(CONFTEST)
    pytester.makeini("[pytest]\nmarkers =\n    slow: slow\n    neo4j: n\n    browser: b\n    model: m\n")
    pytester.makepyfile(test_sample=SAMPLE)
    return pytester


@pytest.mark.parametrize(
    "args, passed, deselected, slow_left_out",
    [
        ([], 1, 4, 4),
        (["--slow"], 5, 0, 0),
        (["-m", "slow"], 4, 1, 0),
        (["-m", "not slow"], 1, 4, 0),
        (["test_sample.py::test_big_article"], 1, 0, 0),
        (["test_sample.py::test_many"], 2, 0, 0),
        (["test_sample.py::TestGroup::test_in_class", "test_sample.py::test_quick"], 2, 0, 0),
        (["-k", "many"], 0, 5, 4),
    ],
)
def test_which_tests_run_and_the_summary_says_so(suite, args, passed, deselected, slow_left_out):
    result = suite.runpytest_inprocess(*args)
    result.assert_outcomes(passed=passed, deselected=deselected or None)
    summary = [line for line in result.outlines if line.startswith("slow tests:")]
    if slow_left_out:
        assert summary == [f"slow tests: {slow_left_out} not run (pytest --slow runs them too, pytest -m slow only them)"]
    else:
        assert summary == []
