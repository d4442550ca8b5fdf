"""One article's extraction failing costs that article alone (issue 11 section 0, second half), and an
implausible amount is dropped with a warning, never stored (section 5). Real pipeline, real stores."""
from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language
from typer.testing import CliRunner

from kg.extract.amounts import MAX_AMOUNT, find_amounts, implausible_amounts

BOOM = "Zorvex"  # a word found in no corpus article: the injected component fails on any text holding it


@Language.component("kg_test_fail_on_marker")
def _fail_on_marker(doc):
    if BOOM in doc.text:
        raise RuntimeError(f"injected failure on {BOOM}")
    return doc


@pytest.fixture
def failing_nlp(nlp):
    nlp.add_pipe("kg_test_fail_on_marker", last=True)
    try:
        yield nlp
    finally:
        nlp.remove_pipe("kg_test_fail_on_marker")


def write_folder(tmp_path, n: int, bad: set[int]):
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(n):
        name = f"Pellar{chr(97 + i)} Capital"
        marker = f" {BOOM} said so." if i in bad else ""
        (folder / f"a{i:02d}.txt").write_text(f"{name} lent $1{i} million to Brask Holdings.{marker}\n")
    return folder


@pytest.mark.model
@pytest.mark.parametrize("n, bad, batch", [(5, {0}, 16), (5, {4}, 2), (7, {2, 3}, 3), (4, {1}, 1)])
def test_a_failing_article_fails_alone_and_every_other_lands(any_store, failing_nlp, tmp_path, n, bad, batch, monkeypatch):
    from kg import ingest

    folder = write_folder(tmp_path, n, bad)
    original = ingest.ingest_articles
    monkeypatch.setattr(ingest, "ingest_articles", lambda *a, **k: original(*a, **{**k, "batch_size": batch}))
    report = ingest.ingest_paths(any_store, [str(folder)], failing_nlp)
    failed = sorted(p for p, _ in report.failures)
    assert failed == [str(folder / f"a{i:02d}.txt") for i in sorted(bad)]
    assert all("extraction failed (RuntimeError" in reason for _, reason in report.failures)
    assert report.articles_added == n - len(bad) == any_store.stats()["articles"]


@pytest.mark.model
def test_a_failure_after_the_parse_also_fails_alone(fresh_db, nlp, tmp_path, monkeypatch):
    import kg.extract as X
    from kg.ingest import ingest_paths

    folder = write_folder(tmp_path, 4, set())
    (folder / "a01.txt").write_text(f"Brask Holdings paid {BOOM} Capital $5 million.\n")
    real = X.graph_from_doc
    monkeypatch.setattr(X, "graph_from_doc", lambda doc, a: (_ for _ in ()).throw(ValueError("bad graph")) if BOOM in doc.text else real(doc, a))
    report = ingest_paths(fresh_db, [str(folder)], nlp)
    assert [p for p, _ in report.failures] == [str(folder / "a01.txt")]
    assert fresh_db.stats()["articles"] == 3


@pytest.mark.model
def test_the_command_line_names_the_failed_article_and_exits_non_zero(failing_nlp, tmp_path, monkeypatch):
    import kg.extract as X
    from kg.cli import app

    monkeypatch.setattr(X, "load_nlp", lambda *a, **k: failing_nlp)
    folder = write_folder(tmp_path, 3, {1})
    r = CliRunner().invoke(app, ["--store", str(tmp_path / "store"), "ingest", str(folder)], catch_exceptions=False)
    assert r.exit_code == 2, r.output
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert lines == [lines[0]] and "a01.txt" in lines[0] and "extraction failed" in lines[0]
    assert r.stdout.startswith("2 articles ingested")


# -- amounts -------------------------------------------------------------------------------------------

@given(st.integers(16, 500), st.sampled_from(["$", "US$", "€"]), st.sampled_from(["", " million", "bn", " trillion"]))
def test_huge_figures_are_never_amounts(digits, prefix, scale):
    text = f"paid {prefix}1{'0' * digits}{scale} to them"
    assert find_amounts(text) == []
    assert len(implausible_amounts(text)) == 1


@given(st.floats(min_value=0, max_value=1e9, allow_nan=False), st.integers(-5, 400))
def test_scientific_notation_is_read_whole(mantissa, exponent):
    written = f"${mantissa:.2f}e{exponent}"
    value = float(f"{mantissa:.2f}e{exponent}")
    found = find_amounts(f"lent {written} to them")
    if math.isfinite(value) and value <= MAX_AMOUNT:
        assert [a.text for a in found] == [written] and found[0].usd == pytest.approx(value)
    else:
        assert found == [] and implausible_amounts(written) == [written]


@pytest.mark.model
@pytest.mark.parametrize("figure", ["$1e400", "$1" + "0" * 400, "$9e15"])
def test_an_implausible_amount_is_warned_about_and_never_stored(any_store, nlp, tmp_path, figure):
    from kg.export import to_json
    from kg.ingest import ingest_paths

    f = tmp_path / "a.txt"
    f.write_text(f"Vexel Capital lent {figure} to Brask Holdings.\n")
    report = ingest_paths(any_store, [str(f)], nlp)
    assert report.failures == [] and report.articles_added == 1
    assert [p for p, w in report.warnings if "not a plausible amount" in w] == [str(f)]
    doc = json.loads(to_json(any_store.export()), parse_constant=lambda c: pytest.fail(f"non-standard JSON {c}"))
    assert all(r.get("amount_usd") in (None,) or r["amount_usd"] <= MAX_AMOUNT for r in doc["relations"])
    assert all(r.get("amount_usd") != 1.0 for r in doc["relations"])
