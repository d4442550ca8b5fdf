"""The query layer on every backend: the same hand-built graphs, the same answers."""
from __future__ import annotations

import re

import pytest

from kg import query as Q
from kg.errors import AmbiguousName, NotFound, QueryError
from kg.model import Article, ArticleGraph, Entity, Evidence, Relation

# --- graphs built by hand ------------------------------------------------------------------------

SBF, FTX, ALAMEDA, CUSTOMERS = "person:sam-bankman-fried", "organization:ftx", "organization:alameda-research", "group:ftx-customers"
FTT, BINANCE, FTXUS, CZ, GENESIS = "token:ftt", "organization:binance", "organization:ftx-us", "person:changpeng-zhao", "organization:genesis-digital"


def build(path: str, entities: list[Entity], facts: list[tuple]) -> ArticleGraph:
    """One article whose text is the facts' sentences; each fact is
    (source, type, target, sentence, amount_usd, amount_text, status)."""
    text, offsets = "", []
    for f in facts:
        offsets.append((len(text), len(text) + len(f[3])))
        text += f[3] + " "
    art = Article.from_text(text, path)
    rels = [
        Relation(s, t, ty, [Evidence(art.id, sent, a, b, st)], amt, amt_text, st, 0.8)
        for (s, ty, t, sent, amt, amt_text, st), (a, b) in zip(facts, offsets)
    ]
    return ArticleGraph(art, entities, rels)


def ftx_graph() -> ArticleGraph:
    ents = [
        Entity(CUSTOMERS, "FTX customers", "Group", ["FTX customers", "customers"]),
        Entity(FTX, "FTX", "Organization", ["FTX", "FTX Trading Ltd"]),
        Entity(ALAMEDA, "Alameda Research", "Organization", ["Alameda Research", "Alameda"]),
        Entity(SBF, "Sam Bankman-Fried", "Person", ["Sam Bankman-Fried", "Bankman-Fried", "SBF"]),
        Entity(FTT, "FTT", "Token", ["FTT"]),
        Entity(BINANCE, "Binance", "Organization", ["Binance"]),
        Entity(CZ, "Changpeng Zhao", "Person", ["Changpeng Zhao", "CZ"]),
        Entity(FTXUS, "FTX.US", "Organization", ["FTX.US", "FTX US"]),
        Entity(GENESIS, "Genesis Digital", "Organization", ["Genesis Digital"]),
    ]
    facts = [
        (CUSTOMERS, "DEPOSITED_WITH", FTX, "Customers deposited $8 billion with FTX.", 8e9, "$8 billion", None),
        (FTX, "LENT_TO", ALAMEDA, "FTX allegedly lent $10 billion of customer funds to Alameda Research.", 1e10, "$10 billion", "alleged"),
        (ALAMEDA, "LENT_TO", SBF, "Alameda lent $1 billion to Bankman-Fried personally.", 1e9, "$1 billion", None),
        (ALAMEDA, "INVESTED_IN", GENESIS, "Alameda invested $1.15 billion in Genesis Digital.", 1.15e9, "$1.15 billion", None),
        (FTXUS, "TRANSFERRED_TO", ALAMEDA, "FTX.US transferred $50 million to Alameda.", 5e7, "$50 million", None),
        (SBF, "FOUNDED", FTX, "Bankman-Fried founded FTX in 2019.", None, None, None),
        (SBF, "CONTROLS", FTX, "Bankman-Fried controlled FTX.", None, None, None),
        (SBF, "OWNS", ALAMEDA, "Bankman-Fried owned Alameda Research.", None, None, None),
        (SBF, "CONTROLS", ALAMEDA, "Bankman-Fried controlled Alameda.", None, None, None),
        (FTXUS, "SUBSIDIARY_OF", FTX, "FTX.US is a subsidiary of FTX.", None, None, None),
        (FTX, "ISSUED", FTT, "FTX issued its own token, FTT.", None, None, None),
        (ALAMEDA, "HOLDS_TOKEN", FTT, "Alameda held $5.8 billion of FTT.", 5.8e9, "$5.8 billion", None),
        (BINANCE, "HOLDS_TOKEN", FTT, "Binance held $529 million of FTT.", 5.29e8, "$529 million", None),
        (CZ, "CONTROLS", BINANCE, "Changpeng Zhao runs Binance.", None, None, None),
        (BINANCE, "OFFERED_TO_ACQUIRE", FTX, "Binance offered to acquire FTX but withdrew.", None, None, "withdrawn"),
    ]
    return build("ftx.txt", ents, facts)


# An invented story with other names: a money cycle, a two-level parent chain, an ambiguous surname.
DEP, QX, BRASK, TARN, VESSEL, ODILE, PAOLO, QLN = (
    "group:quillon-depositors", "organization:quillon-exchange", "organization:brask-capital", "organization:tarn-ltd",
    "organization:vessel-holdings", "person:odile-marchetti", "person:paolo-marchetti", "token:qln",
)


def quillon_graph() -> ArticleGraph:
    ents = [
        Entity(DEP, "Quillon depositors", "Group", ["Quillon depositors"]),
        Entity(QX, "Quillon Exchange", "Organization", ["Quillon Exchange", "Quillon"]),
        Entity(BRASK, "Brask Capital", "Organization", ["Brask Capital", "Brask"]),
        Entity(TARN, "Tarn Ltd", "Organization", ["Tarn Ltd"]),
        Entity(VESSEL, "Vessel Holdings", "Organization", ["Vessel Holdings"]),
        Entity(ODILE, "Odile Marchetti", "Person", ["Odile Marchetti"]),
        Entity(PAOLO, "Paolo Marchetti", "Person", ["Paolo Marchetti"]),
        Entity(QLN, "QLN", "Token", ["QLN"]),
    ]
    facts = [
        (DEP, "DEPOSITED_WITH", QX, "Depositors placed $300 million with Quillon Exchange.", 3e8, "$300 million", None),
        (QX, "LENT_TO", BRASK, "Quillon lent $40 million to Brask Capital.", 4e7, "$40 million", "alleged"),
        (BRASK, "TRANSFERRED_TO", TARN, "Brask moved $25 million to Tarn Ltd.", 2.5e7, "$25 million", None),
        (TARN, "TRANSFERRED_TO", QX, "Tarn sent $20 million back to Quillon.", 2e7, "$20 million", None),
        (QX, "SUBSIDIARY_OF", VESSEL, "Quillon Exchange is a unit of Vessel Holdings.", None, None, None),
        (ODILE, "CONTROLS", VESSEL, "Odile Marchetti controls Vessel Holdings.", None, None, None),
        (ODILE, "OWNS", BRASK, "Odile Marchetti owns Brask Capital.", None, None, None),
        (PAOLO, "LEADS", TARN, "Paolo Marchetti runs Tarn Ltd.", None, None, None),
        (BRASK, "HOLDS_TOKEN", QLN, "Brask holds $12 million of QLN.", 1.2e7, "$12 million", None),
    ]
    return build("quillon.txt", ents, facts)


@pytest.fixture
def ftx(any_store):
    any_store.write_article(ftx_graph())
    return any_store


@pytest.fixture
def quillon(any_store):
    any_store.write_article(quillon_graph())
    return any_store


def hop_keys(path) -> list[tuple[str, str, str]]:
    return [h.key for h in path.hops]


# --- statements --------------------------------------------------------------------------------

def test_every_statement_names_only_schema_relation_types_and_fills_every_placeholder():
    from kg.schema import RELATION_TYPES
    from kg.store.base import Store
    from kg.store.embedded import EmbeddedStore

    files = [f for f in Q.query_files().iterdir() if f.name.endswith(".cypher")]
    assert len(files) >= 10
    assert not [f.name for f in files if f.name.count(".") > 1], "one catalogue: no per-dialect files"
    for f in files:
        for fragments in (Store.fragments, EmbeddedStore.fragments):
            text = Q.load_query(f.name.split(".")[0], fragments, depth=2, rel="LENT_TO")
            assert "{{" not in text, f.name
            for rel in re.findall(r"\[\w*:([A-Z_|]+)", text):
                assert set(rel.split("|")) <= set(RELATION_TYPES) | {"NAMED", "SUBJECT", "OBJECT"}, (f.name, rel)
            assert not [lit for lit in re.findall(r"'[^'\n]*'", text) if "$" in lit], f"{f.name}: a parameter inside a literal"


def test_depth_outside_the_bound_is_refused_before_reaching_the_store(fresh_db):
    for bad in (0, 7, "4; MATCH (n) DETACH DELETE n"):
        with pytest.raises(QueryError):
            Q.fund_paths(fresh_db, depth=bad)


# --- finding entities --------------------------------------------------------------------------

@pytest.mark.parametrize(
    "name, expected",
    [("Sam Bankman-Fried", SBF), ("sam bankman fried", SBF), ("benkman-fried", SBF), ("SBF", SBF),
     ("ftx us", FTXUS), ("FTX.US", FTXUS), ("ftx", FTX), ("Alameda", ALAMEDA), ("  FTX customers. ", CUSTOMERS)],
)
def test_find_entity_forgives_case_punctuation_aliases_and_typos(ftx, name, expected):
    assert Q.find_entity(ftx, name).id == expected


def test_find_entity_not_found_and_ambiguous_name_the_name(quillon):
    with pytest.raises(NotFound, match="Zorblax"):
        Q.find_entity(quillon, "Zorblax")
    with pytest.raises(AmbiguousName) as info:
        Q.find_entity(quillon, "Marchetti")
    assert "Marchetti" in str(info.value)
    assert {c.split(" (")[0] for c in info.value.candidates} == {"Odile Marchetti", "Paolo Marchetti"}


# --- fund paths --------------------------------------------------------------------------------

def test_fund_paths_from_every_group_follow_customer_money_with_evidence(ftx):
    paths = Q.fund_paths(ftx)
    assert [hop_keys(p) for p in paths] == [
        [(CUSTOMERS, "DEPOSITED_WITH", FTX), (FTX, "LENT_TO", ALAMEDA), (ALAMEDA, "INVESTED_IN", GENESIS)],
        [(CUSTOMERS, "DEPOSITED_WITH", FTX), (FTX, "LENT_TO", ALAMEDA), (ALAMEDA, "LENT_TO", SBF)],
    ]
    lent = paths[0].hops[1]
    assert (lent.amount_usd, lent.status, lent.source_name, lent.target_name) == (1e10, "alleged", "FTX", "Alameda Research")
    assert [e.sentence for e in lent.evidence] == ["FTX allegedly lent $10 billion of customer funds to Alameda Research."]
    assert lent.evidence[0].article == ftx_graph().article.id
    assert paths[0].top_amount == 1e10
    assert paths[0].text() == (
        "FTX customers -[DEPOSITED_WITH $8,000,000,000]-> FTX -[LENT_TO $10,000,000,000 alleged]-> Alameda Research "
        "-[INVESTED_IN $1,150,000,000]-> Genesis Digital"
    )


def test_fund_paths_respect_depth_and_start(ftx):
    assert [hop_keys(p) for p in Q.fund_paths(ftx, depth=1)] == [[(CUSTOMERS, "DEPOSITED_WITH", FTX)]]
    from_us = Q.fund_paths(ftx, from_name="FTX US", depth=2)
    assert [hop_keys(p) for p in from_us] == [
        [(FTXUS, "TRANSFERRED_TO", ALAMEDA), (ALAMEDA, "INVESTED_IN", GENESIS)],
        [(FTXUS, "TRANSFERRED_TO", ALAMEDA), (ALAMEDA, "LENT_TO", SBF)],
    ]


def test_fund_paths_never_revisit_an_entity(quillon):
    paths = Q.fund_paths(quillon, depth=6)
    assert [hop_keys(p) for p in paths] == [
        [(DEP, "DEPOSITED_WITH", QX), (QX, "LENT_TO", BRASK), (BRASK, "TRANSFERRED_TO", TARN)],
    ]
    started = Q.fund_paths(quillon, from_name="Brask", depth=6)
    assert [hop_keys(p) for p in started] == [
        [(BRASK, "TRANSFERRED_TO", TARN), (TARN, "TRANSFERRED_TO", QX)],  # QX -> Brask would close the loop
    ]


def test_fund_paths_limit_keeps_the_largest(ftx):
    assert [hop_keys(p)[-1] for p in Q.fund_paths(ftx, limit=1)] == [(ALAMEDA, "INVESTED_IN", GENESIS)]


def test_fund_paths_empty_when_no_group(fresh_db):
    assert Q.fund_paths(fresh_db) == []


# --- control -----------------------------------------------------------------------------------

def test_control_chain_up_and_down_through_subsidiaries(ftx):
    up = Q.control_chain(ftx, "FTX.US", direction="up")
    assert up.down == []
    assert [[n.id for n in p.nodes] for p in up.up] == [[SBF, FTX, FTXUS], [SBF, FTX, FTXUS]]
    assert sorted(p.hops[0].type for p in up.up) == ["CONTROLS", "FOUNDED"]
    assert up.up[0].text().endswith("FTX <-[SUBSIDIARY_OF]- FTX.US")
    assert [c.id for c in up.ultimate_controllers] == [SBF]
    down = Q.control_chain(ftx, "Bankman-Fried", direction="down")
    assert down.up == []
    reached = sorted((p.controlled.id, tuple(h.type for h in p.hops)) for p in down.down)
    assert reached == [
        (ALAMEDA, ("CONTROLS",)), (ALAMEDA, ("OWNS",)),
        (FTXUS, ("CONTROLS", "SUBSIDIARY_OF")), (FTXUS, ("FOUNDED", "SUBSIDIARY_OF")),
    ]
    evidence = {e.sentence for p in down.down for h in p.hops for e in h.evidence}
    assert "FTX.US is a subsidiary of FTX." in evidence


def test_control_chain_both_ways_on_the_invented_story(quillon):
    chain = Q.control_chain(quillon, "Quillon Exchange")
    assert [[n.name for n in p.nodes] for p in chain.up] == [["Odile Marchetti", "Vessel Holdings", "Quillon Exchange"]]
    assert chain.down == []
    leads_only = Q.control_chain(quillon, "Tarn Ltd")  # LEADS confers no control
    assert chain.entity.id == QX and leads_only.up == [] and leads_only.down == []
    assert [p.controller.id for p in Q.control_chain(quillon, "Quillon", depth=1).up] == [VESSEL]


# --- tokens ------------------------------------------------------------------------------------

def test_token_exposure_issuers_holders_and_their_controllers(ftx):
    exp = Q.token_exposure(ftx, "ftt")
    assert exp.token.id == FTT
    assert [(h.hop.source, h.hop.type) for h in exp.issuers] == [(FTX, "ISSUED")]
    assert [p.controller.id for p in exp.issuers[0].controllers] == [SBF, SBF]
    assert [(h.hop.source, h.hop.amount_usd) for h in exp.holders] == [(ALAMEDA, 5.8e9), (BINANCE, 5.29e8)]
    assert {p.controller.id for p in exp.holders[0].controllers} == {SBF}
    assert [p.controller.id for p in exp.holders[1].controllers] == [CZ]
    assert exp.holders[1].hop.evidence[0].sentence == "Binance held $529 million of FTT."


def test_token_exposure_refuses_a_name_that_is_not_a_token(ftx):
    with pytest.raises(NotFound, match="not a token"):
        Q.token_exposure(ftx, "Binance")


# --- related parties ---------------------------------------------------------------------------

def test_related_party_flows_on_the_ftx_story(ftx):
    flows = Q.related_party_flows(ftx)
    got = [(f.flow.key, f.controller.id) for f in flows]
    assert got == [
        ((FTX, "LENT_TO", ALAMEDA), SBF),
        ((ALAMEDA, "LENT_TO", SBF), SBF),  # the founder's company lending to the founder
        ((FTXUS, "TRANSFERRED_TO", ALAMEDA), SBF),
    ]
    first = flows[0]
    assert first.flow.amount_usd == 1e10 and first.flow.status == "alleged"
    assert first.flow.evidence[0].sentence.startswith("FTX allegedly lent")
    assert [n.id for n in first.to_source.nodes] == [SBF, FTX]
    assert flows[1].to_target is None
    assert [n.id for n in flows[2].to_source.nodes] == [SBF, FTX, FTXUS]


def test_related_party_flows_take_the_nearest_common_controller(quillon):
    flows = Q.related_party_flows(quillon)
    assert [(f.flow.key, f.controller.id) for f in flows] == [((QX, "LENT_TO", BRASK), ODILE)]
    assert flows[0].to_source.text() == "Odile Marchetti -[CONTROLS]-> Vessel Holdings <-[SUBSIDIARY_OF]- Quillon Exchange"
    assert Q.related_party_flows(quillon, depth=1) == []  # Quillon is two steps from Odile


# --- between two, neighbourhood ----------------------------------------------------------------

def test_evidence_between_either_direction(ftx):
    hops = Q.evidence_between(ftx, "Alameda", "Bankman-Fried")
    assert [h.key for h in hops] == [(ALAMEDA, "LENT_TO", SBF), (SBF, "CONTROLS", ALAMEDA), (SBF, "OWNS", ALAMEDA)]
    assert all(len(h.evidence) == 1 for h in hops)
    assert Q.evidence_between(ftx, "Binance", "Alameda") == []
    withdrawn = Q.evidence_between(ftx, "FTX", "Binance")
    assert [(h.type, h.status) for h in withdrawn] == [("OFFERED_TO_ACQUIRE", "withdrawn")]


def test_neighbourhood_is_entities_within_depth_and_relations_among_them(ftx):
    g = Q.neighbourhood(ftx, "FTT")
    assert {e.id for e in g.entities} == {FTT, FTX, ALAMEDA, BINANCE}
    assert {r.key for r in g.relations} == {
        (FTX, "ISSUED", FTT), (ALAMEDA, "HOLDS_TOKEN", FTT), (BINANCE, "HOLDS_TOKEN", FTT),
        (FTX, "LENT_TO", ALAMEDA), (BINANCE, "OFFERED_TO_ACQUIRE", FTX),
    }
    assert [a.id for a in g.articles] == [ftx_graph().article.id]
    two = Q.neighbourhood(ftx, "FTT", depth=2)
    assert {SBF, CZ, FTXUS, CUSTOMERS, GENESIS} <= {e.id for e in two.entities}


# --- caps on hubs --------------------------------------------------------------------------------

def hub_graph(n: int) -> ArticleGraph:
    """A fund investing in ``n`` companies (amounts 1..n million), each owned by the fund's founder."""
    fund, founder = "organization:hub-fund", "person:hub-founder"
    ents = [Entity(fund, "Hub Fund", "Organization", ["Hub Fund"]), Entity(founder, "Hub Founder", "Person", ["Hub Founder"])]
    facts = [(founder, "FOUNDED", fund, "Hub Founder founded Hub Fund.", None, None, None)]
    for i in range(1, n + 1):
        co = f"organization:company-{i}"
        ents.append(Entity(co, f"Company {i}", "Organization", [f"Company {i}"]))
        facts.append((fund, "INVESTED_IN", co, f"Hub Fund invested ${i} million in Company {i}.", i * 1e6, f"${i} million", None))
        facts.append((founder, "OWNS", co, f"Hub Founder owns Company {i}.", None, None, None))
    return build("hub.txt", ents, facts)


def test_a_hub_past_the_cap_keeps_its_largest_edges_and_says_truncated(any_store, monkeypatch):
    monkeypatch.setattr(Q, "HOP_CAP", 5)
    any_store.write_article(hub_graph(8))
    paths = Q.fund_paths(any_store, from_name="Hub Fund")
    assert [p.hops[0].amount_usd for p in paths] == [8e6, 7e6, 6e6, 5e6, 4e6]
    assert all(p.truncated and p.to_dict()["truncated"] for p in paths)
    down = Q.control_chain(any_store, "Hub Founder", direction="down")
    assert [p.controlled.id for p in down.down] == [f"organization:company-{i}" for i in (1, 2, 3, 4, 5)]
    assert down.truncated and down.to_dict()["truncated"]
    monkeypatch.setattr(Q, "HOP_CAP", 100)
    assert not Q.fund_paths(any_store, from_name="Hub Fund")[0].truncated
    assert len(Q.control_chain(any_store, "Hub Founder", direction="down").down) == 9  # 8 companies and the fund


def test_find_entity_follows_a_renamed_entity(any_store):
    any_store.write_article(build("a.txt", [Entity("organization:alameda", "Alameda", "Organization", ["Alameda"])], []))
    renamed = Entity("organization:alameda", "Alameda Research", "Organization", ["Alameda Research"])
    any_store.write_article(build("b.txt", [renamed], []))
    assert Q.find_entity(any_store, "Alameda Research").id == "organization:alameda"
    assert Q.find_entity(any_store, "alameda").id == "organization:alameda"  # an alias: found by the name rules


# --- claims in answers: ranges, sources, filters, time order -------------------------------------

VAULT, MIDWAY, SINK = "organization:vault-co", "organization:midway-llc", "organization:sink-sa"
FLOW_ENTS = [Entity(DEP, "Quillon depositors", "Group", ["Quillon depositors"]),
             Entity(VAULT, "Vault Co", "Organization", ["Vault Co"]),
             Entity(MIDWAY, "Midway LLC", "Organization", ["Midway LLC"]),
             Entity(SINK, "Sink SA", "Organization", ["Sink SA"])]


def flow_article(path: str, facts: list[tuple]) -> ArticleGraph:
    """facts: (source, type, target, sentence, amount_usd, status, attributed source, date)."""
    text, rels = "", []
    art_text = " ".join(f[3] for f in facts) + " "
    art = Article.from_text(art_text, path)
    for s, ty, t, sent, amt, st, src, date in facts:
        a = len(text)
        text += sent + " "
        ev = Evidence(art.id, sent, a, a + len(sent), st, src, date, amt, amt, "USD" if amt else None, f"${amt:,.0f}" if amt else None)
        rels.append(Relation(s, t, ty, [ev], confidence=0.7))
    return ArticleGraph(art, FLOW_ENTS, rels)


@pytest.fixture
def flows(any_store):
    """Depositors -> Vault (2022, said by two sources, $8bn vs $10bn) -> Midway (2021: before the money came)
    -> Sink (undated, alleged)."""
    any_store.write_article(flow_article("f1.txt", [
        (DEP, "DEPOSITED_WITH", VAULT, "Depositors put $8 billion into Vault Co in 2022, reports The Ledger.", 8e9, None, "The Ledger", "2022"),
        (VAULT, "TRANSFERRED_TO", MIDWAY, "Vault Co moved $2 billion to Midway LLC in 2021.", 2e9, None, None, "2021"),
    ]))
    any_store.write_article(flow_article("f2.txt", [
        (DEP, "DEPOSITED_WITH", VAULT, "Depositors put $10 billion into Vault Co, a court filing says.", 1e10, None, "a court filing", "2022-03"),
        (MIDWAY, "TRANSFERRED_TO", SINK, "Midway LLC allegedly sent $1 billion to Sink SA.", 1e9, "alleged", None, None),
    ]))
    return any_store


def test_fund_path_hops_carry_the_range_the_conflict_and_every_source(flows):
    (path,) = Q.fund_paths(flows, depth=4)
    first = path.hops[0]
    s = first.summary
    assert (s.amount_min, s.amount_max, s.amount_conflict) == (8e9, 1e10, True)
    assert s.source_names == ("The Ledger", "a court filing") and s.sources == 2
    assert "conflict" in first.label() and "$8,000,000,000-$10,000,000,000" in first.label()
    assert {c.source for c in first.claims} == {"The Ledger", "a court filing"}
    d = path.to_dict()["hops"][0]
    assert d["summary"]["amount_conflict"] is True and {c["source"] for c in d["claims"]} == {"The Ledger", "a court filing"}


def test_a_path_whose_money_leaves_before_it_arrived_is_flagged_or_dropped(flows):
    (path,) = Q.fund_paths(flows)
    assert path.out_of_order and "out of order" in path.text()
    assert Q.fund_paths(flows, ordered=True) == []
    # from Vault on, the hop into Vault is not on the path: nothing runs backwards
    assert [p.out_of_order for p in Q.fund_paths(flows, from_name="Vault Co")] == [False]


def test_hop_filters_on_sources_status_and_dates(flows):
    def hops(**kw):
        return [[h.key[1] for h in p.hops] for p in Q.fund_paths(flows, where=Q.HopFilter(**kw))]

    assert hops(min_sources=2) == [["DEPOSITED_WITH"]]  # only the deposit has two sources
    assert hops(status="alleged", ) == [] and hops(status="stated") == [["DEPOSITED_WITH", "TRANSFERRED_TO"]]
    assert hops(since="2022") == [["DEPOSITED_WITH"]]  # Vault -> Midway is dated 2021
    assert hops(until="2021-12") == []  # the deposit is 2022
    assert hops(since="2021", until="2022-06") == [["DEPOSITED_WITH", "TRANSFERRED_TO", "TRANSFERRED_TO"]]  # undated kept
    for bad in ({"status": "rumoured"}, {"since": "last year"}):
        with pytest.raises(QueryError):
            Q.HopFilter(**bad)


def test_claims_between_two_entities_oldest_first(flows):
    pairs = Q.claims_between(flows, "Quillon depositors", "vault co")
    assert [c.date for _, c in pairs] == ["2022", "2022-03"]
    assert [c.source for _, c in pairs] == ["The Ledger", "a court filing"]
    assert {h.key for h, _ in pairs} == {(DEP, "DEPOSITED_WITH", VAULT)}
    assert Q.claims_between(flows, "Sink SA", "Vault Co") == []


def test_an_edge_gets_its_claims_whichever_end_holds_more(any_store):
    # Neo4j reads an edge's claims from the end with fewer: a lender to many (more claims at the source), a
    # borrower from many (more at the target), and a second relation type between the same two ends
    lender, borrower = "organization:vornholt-capital", "organization:seskar-works"
    mid, other = "organization:trelling-ltd", "organization:mabrey-ltd"
    ents = [Entity(lender, "Vornholt Capital", "Organization", ["Vornholt Capital"]),
            Entity(borrower, "Seskar Works", "Organization", ["Seskar Works"]),
            Entity(mid, "Trelling Ltd", "Organization", ["Trelling Ltd"]),
            Entity(other, "Mabrey Ltd", "Organization", ["Mabrey Ltd"])]
    facts = [(lender, "LENT_TO", mid, "Vornholt Capital lent $3 million to Trelling Ltd.", 3e6, "$3 million", None),
             (lender, "INVESTED_IN", mid, "Vornholt Capital invested $1 million in Trelling Ltd.", 1e6, "$1 million", None),
             (other, "LENT_TO", borrower, "Mabrey Ltd lent $2 million to Seskar Works.", 2e6, "$2 million", None),
             (other, "LENT_TO", mid, "Mabrey Ltd lent $4 million to Trelling Ltd.", 4e6, "$4 million", None)]
    for i in range(1, 7):
        co = f"organization:kestova-{i}"
        ents.append(Entity(co, f"Kestova {i}", "Organization", [f"Kestova {i}"]))
        facts.append((lender, "LENT_TO", co, f"Vornholt Capital lent ${i} million to Kestova {i}.", i * 1e6, f"${i} million", None))
        facts.append((co, "LENT_TO", borrower, f"Kestova {i} lent ${i} million to Seskar Works.", i * 1e6, f"${i} million", None))
    any_store.write_article(build("many.txt", ents, facts))
    any_store.write_article(build("again.txt", ents[:3], [
        (lender, "LENT_TO", mid, "Vornholt Capital lent Trelling Ltd a further $3 million.", 3e6, "$3 million", None)]))
    lent = [(h.type, c.sentence) for h, c in Q.claims_between(any_store, "Vornholt Capital", "Trelling Ltd")]
    assert sorted(lent) == [("INVESTED_IN", "Vornholt Capital invested $1 million in Trelling Ltd."),
                            ("LENT_TO", "Vornholt Capital lent $3 million to Trelling Ltd."),
                            ("LENT_TO", "Vornholt Capital lent Trelling Ltd a further $3 million.")]
    assert [c.sentence for _, c in Q.claims_between(any_store, "Mabrey Ltd", "Seskar Works")] == [
        "Mabrey Ltd lent $2 million to Seskar Works."]
    paths = Q.fund_paths(any_store, from_name="Vornholt Capital", depth=2)
    kestova = [f"organization:kestova-{i}" for i in range(1, 7)]
    assert {h.key: len(h.evidence) for p in paths for h in p.hops} == {
        (lender, "LENT_TO", mid): 2, (lender, "INVESTED_IN", mid): 1, **{(lender, "LENT_TO", k): 1 for k in kestova},
        **{(k, "LENT_TO", borrower): 1 for k in kestova}}
