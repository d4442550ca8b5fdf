"""The ingest writer thread: a failure in it (a write, or the progress callback) ends the run with that
error, never a hang; articles before the failing batch stay committed."""
from __future__ import annotations

import threading

import pytest

from kg.ingest import ingest_articles
from kg.model import Article, ArticleGraph, Claim, Entity, Relation


def graphs(n: int):
    for i in range(n):
        a = Article.from_text(f"Firm{i} Capital lent money to Holder{i} Labs.", f"{i}.txt")
        src, dst = Entity(f"organization:firm{i}", f"Firm{i} Capital", "Organization", [f"Firm{i} Capital"]), \
            Entity(f"organization:holder{i}", f"Holder{i} Labs", "Organization", [f"Holder{i} Labs"])
        yield a.id, ArticleGraph(a, [src, dst], [Relation(src.id, dst.id, "LENT_TO", [Claim(a.id, a.text, 0, len(a.text))])])


def run_with_timeout(fn, seconds: float = 30.0):
    out: dict = {}

    def target():
        try:
            out["value"] = fn()
        except BaseException as e:  # noqa: BLE001 - handed to the test
            out["error"] = e

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), "ingest hung"
    return out


@pytest.mark.parametrize("fail_at", [1, 5])
def test_a_progress_callback_that_raises_ends_the_run_instead_of_hanging_it(fresh_db, fail_at):
    made = dict(graphs(12))
    seen = []

    def on_article(path):
        seen.append(path)
        if len(seen) == fail_at:
            raise RuntimeError("progress display broke")

    out = run_with_timeout(lambda: ingest_articles(fresh_db, [g.article for g in made.values()], extractor=lambda arts, failed: (made[a.id] for a in arts),
                                                   on_article=on_article, write_batch=2))
    assert isinstance(out.get("error"), RuntimeError)
    assert 0 < fresh_db.stats()["articles"] < 12  # what was committed before stays


def test_without_failures_every_article_lands(fresh_db):
    made = dict(graphs(10))
    out = run_with_timeout(lambda: ingest_articles(fresh_db, [g.article for g in made.values()], extractor=lambda arts, failed: (made[a.id] for a in arts), write_batch=4))
    assert "error" not in out and out["value"].articles_added == 10
    assert fresh_db.stats()["articles"] == 10
