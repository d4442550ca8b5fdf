"""Shared fixtures: a real embedded store per test, a real Neo4j when one is configured, the trained
pipeline once per session. Neo4j and browser tests skip with a reason on a laptop without them, and
fail instead when KG_REQUIRE_NEO4J=1 / KG_REQUIRE_BROWSER=1 (as in CI)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
# Captured once: each test then runs with NEO4J_URI and KG_STORE unset, so that a CLI test never writes
# to a server or folder it did not ask for; Neo4j tests pass the URI explicitly.
NEO4J_URI = os.environ.pop("NEO4J_URI", None)
os.environ.pop("KG_STORE", None)


def relation_names(nlp, text: str) -> set[tuple[str, str, str]]:
    """The relations kg extracts from ``text``, as (source name, type, target name): what the relation-rule
    tests compare."""
    from kg.extract import extract

    g = extract(text, nlp=nlp)
    name = {e.id: e.name for e in g.entities}
    return {(name[r.source], r.type, name[r.target]) for r in g.relations}


def pytest_addoption(parser):
    parser.addoption("--slow", action="store_true", default=False,
                     help="also run the tests marked slow (CI does; `-m slow` runs only them)")


def _named_tests(config) -> list[str]:
    """Node ids given on the command line (path::name), relative to the rootdir as item.nodeid is."""
    ids = []
    for arg in config.args:
        path, sep, rest = arg.partition("::")
        if sep:
            full = (config.invocation_params.dir / path).resolve()
            if full.is_relative_to(config.rootpath):
                ids.append(f"{full.relative_to(config.rootpath).as_posix()}::{rest}")
    return ids


def pytest_collection_modifyitems(config, items):
    """Slow tests run only when asked: --slow, a -m expression, or naming the test on the command line."""
    if config.getoption("--slow") or config.getoption("-m"):
        return
    named = _named_tests(config)
    slow = {i.nodeid for i in items if i.get_closest_marker("slow") and not any(i.nodeid.startswith(n) for n in named)}
    if slow:
        config.hook.pytest_deselected(items=[i for i in items if i.nodeid in slow])
        items[:] = [i for i in items if i.nodeid not in slow]
        config._kg_slow_deselected = len(slow)


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch):
    for var in ("NEO4J_URI", "KG_STORE"):
        monkeypatch.delenv(var, raising=False)


def _required(var: str) -> bool:
    return os.environ.get(var, "").strip() not in ("", "0", "false", "no")


def missing(what: str, require_var: str, reason: str):
    """Skip with a reason, or fail when the environment says this must run."""
    if _required(require_var):
        pytest.fail(f"{what} is required ({require_var}=1) but {reason}", pytrace=False)
    pytest.skip(f"{what} not available: {reason}")


@pytest.fixture(scope="session")
def nlp():
    from kg.extract import load_nlp

    return load_nlp()


@pytest.fixture
def fresh_db(tmp_path):
    """A real, empty embedded store on disk."""
    from kg.store.embedded import EmbeddedStore

    store = EmbeddedStore(tmp_path / "store")
    yield store
    store.close()


@pytest.fixture(scope="session")
def neo4j_uri():
    uri = NEO4J_URI
    if not uri:
        missing("Neo4j", "KG_REQUIRE_NEO4J", "NEO4J_URI is not set (start one with scripts/neo4j-dev start)")
    return uri


@pytest.fixture
def neo4j_store(neo4j_uri):
    """A real Neo4j store, emptied before the test."""
    from kg.errors import Neo4jUnavailable
    from kg.store.neo4j import Neo4jStore

    try:
        store = Neo4jStore(neo4j_uri, user=os.environ.get("NEO4J_USER", "neo4j"), password=os.environ.get("NEO4J_PASSWORD", ""))
    except Neo4jUnavailable as e:
        missing("Neo4j", "KG_REQUIRE_NEO4J", str(e))
    store.wipe()
    yield store
    store.close()


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def any_store(request, tmp_path):
    """The same test against every backend (the contract)."""
    if request.param == "embedded":
        yield request.getfixturevalue("fresh_db")
    else:
        yield request.getfixturevalue("neo4j_store")


@pytest.fixture(scope="session")
def chromium():
    """The system Chromium's path (KG_CHROMIUM, else chromium on PATH)."""
    from kg.viz.browser import find_chromium

    path = find_chromium()
    if not path:
        missing("Headless Chromium", "KG_REQUIRE_BROWSER", "no chromium on PATH (apt-get install chromium)")
    return path


@pytest.fixture(scope="session")
def browser(chromium):
    """One headless Chromium for the session, driven by Playwright (no browser download)."""
    from kg.viz.browser import BrowserError
    from kg.viz.browser import chromium as start_chromium

    try:
        with start_chromium(chromium) as b:
            yield b
    except BrowserError as e:
        missing("Headless Chromium", "KG_REQUIRE_BROWSER", str(e))


_BACKEND_OUTCOMES: dict[str, dict[str, int]] = {"neo4j": {}, "browser": {}}


def pytest_runtest_logreport(report):
    if report.when != "call" and not (report.when == "setup" and report.outcome != "passed"):
        return
    for marker in _BACKEND_OUTCOMES:
        if marker in report.keywords:
            counts = _BACKEND_OUTCOMES[marker]
            counts[report.outcome] = counts.get(report.outcome, 0) + 1


def pytest_terminal_summary(terminalreporter):
    """Say how many tests really ran against Neo4j and in the browser, not just how many passed in all."""
    n_slow = getattr(terminalreporter.config, "_kg_slow_deselected", 0)
    if n_slow:
        terminalreporter.write_line(f"slow tests: {n_slow} not run (pytest --slow runs them too, pytest -m slow only them)")
    for marker, counts in _BACKEND_OUTCOMES.items():
        if counts:
            where = f" against {NEO4J_URI}" if marker == "neo4j" and NEO4J_URI else ""
            summary = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items()))
            terminalreporter.write_line(f"{marker} tests{where}: {summary}")
