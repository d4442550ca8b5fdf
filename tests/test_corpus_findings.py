"""The investigator's central findings on our own corpus, end to end (extract -> resolve -> store -> query),
on every backend: the same answers from the embedded store and from Neo4j."""
from __future__ import annotations

import pytest

from kg.ingest import ingest_paths
from kg.query import control_chain, fund_paths, related_party_flows, token_exposure
from tests.conftest import CORPUS

pytestmark = [pytest.mark.model, pytest.mark.slow]


@pytest.fixture
def corpus_store(any_store, nlp):
    report = ingest_paths(any_store, [str(CORPUS)], nlp)
    assert not report.failures and report.articles_added == len(list(CORPUS.rglob("*.txt")))
    return any_store


def test_ftx_findings(corpus_store):
    store = corpus_store
    # customer money reaches Alameda Research, with the amount and the sentence that says so
    paths = fund_paths(store, "FTX customers")
    to_alameda = [h for p in paths for h in p.hops if h.target_name == "Alameda Research" and h.source_name == "FTX"]
    assert to_alameda, [p.hops for p in paths]
    assert max(h.amount_usd or 0 for h in to_alameda) == 10_000_000_000
    assert any("$10 billion" in e.sentence for h in to_alameda for e in h.evidence)
    assert paths[0].hops[0].source_name == "FTX customers"

    # who ultimately controls Alameda Research: Sam Bankman-Fried
    chain = control_chain(store, "Alameda", direction="up")
    assert "Sam Bankman-Fried" in {p.nodes[0].name for p in chain.up}

    # FTT's exposure lists Alameda Research as a holder, FTX as the issuer
    exposure = token_exposure(store, "FTT")
    assert "Alameda Research" in {h.hop.source_name for h in exposure.holders}
    assert "FTX" in {h.hop.source_name for h in exposure.issuers}

    # the related-party report: FTX -> Alameda Research, both controlled by Bankman-Fried
    flows = related_party_flows(store)
    ftx_alameda = [f for f in flows if (f.flow.source_name, f.flow.target_name) == ("FTX", "Alameda Research")]
    assert ftx_alameda and {f.controller.name for f in ftx_alameda} == {"Sam Bankman-Fried"}
    assert any(f.flow.type == "LENT_TO" for f in ftx_alameda)
