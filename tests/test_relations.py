"""kg_relations on hand-written sentences about invented parties. The mentions are given by the test (not by
kg_entities), so these tests pin down the relation rules alone; names appear nowhere else in kg."""
import re

import pytest
from spacy.tokens import Span
from spacy.util import filter_spans

from kg.extract.relations import doc_relations

pytestmark = pytest.mark.model

P, O, T, G = "Person", "Organization", "Token", "Group"
NAMES = {
    "Varnholt Capital": (O, "varnholt"), "Varnholt": (O, "varnholt"), "Ebbwick Markets": (O, "ebbwick"),
    "Ebbwick": (O, "ebbwick"), "Trell Labs": (O, "trell"), "Trell": (O, "trell"), "Osmira": (O, "osmira"),
    "Quillon Bank": (O, "quillon"), "Ledgerpost": (O, "ledgerpost"), "Harwick Daily": (O, "harwick"),
    "Dunmere Exchange": (O, "dunmere"), "Dunmere": (O, "dunmere"), "Dunmere US": (O, "dunmere-us"),
    "Ilse Marrow": (P, "marrow"), "Marrow": (P, "marrow"), "Tobiah Quenst": (P, "quenst"), "Quenst": (P, "quenst"),
    "Petra Valsund": (P, "valsund"), "VXT": (T, "vxt"), "Ebbcoin": (T, "ebbcoin"),
    "the exchange": (O, "dunmere"), "its": (O, "dunmere"), "customers": (G, "dunmere-customers"),
}


def relations(nlp, text, names=NAMES):
    doc = nlp(text)
    spans = []
    for name, (typ, ent) in names.items():
        for m in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text):
            sp = doc.char_span(m.start(), m.end(), label=typ)
            if sp is not None:
                spans.append(sp)
    spans = filter_spans(spans)
    doc.spans["kg_mentions"] = spans
    for sp in doc.spans["kg_mentions"]:
        sp._.kg_entity = names[sp.text][1]
    nlp.get_pipe("kg_relations")(doc)
    return {r.key: r for r in doc_relations(doc, "art-1")}


def has(rels, source, rel_type, target):
    return (source, rel_type, target) in rels


# --- voice, coordination --------------------------------------------------------------------------------
def test_active_lending_with_amount(nlp):
    rels = relations(nlp, "Varnholt Capital lent $45 million to Ebbwick Markets last spring.")
    r = rels[("varnholt", "LENT_TO", "ebbwick")]
    assert r.amount_usd == pytest.approx(4.5e7) and r.amount_text == "$45 million"
    assert not has(rels, "ebbwick", "LENT_TO", "varnholt")


def test_passive_control_is_turned_round(nlp):
    rels = relations(nlp, "Ebbwick Markets is controlled by Ilse Marrow.")
    assert has(rels, "marrow", "CONTROLS", "ebbwick")
    assert not has(rels, "ebbwick", "CONTROLS", "marrow")


def test_coordinated_passive_subjects_give_two_edges(nlp):
    rels = relations(nlp, "Both Trell Labs and Osmira are controlled by Tobiah Quenst.")
    assert has(rels, "quenst", "CONTROLS", "trell") and has(rels, "quenst", "CONTROLS", "osmira")


def test_borrowed_from_points_lender_to_borrower(nlp):
    rels = relations(nlp, "Osmira borrowed heavily from Varnholt Capital and Quillon Bank in 2021.")
    assert has(rels, "varnholt", "LENT_TO", "osmira") and has(rels, "quillon", "LENT_TO", "osmira")
    assert not any(k[0] == "osmira" and k[1] == "LENT_TO" for k in rels)


# --- titles: compound, apposition, possessive, relative clause -----------------------------------------
def test_compound_title_founder(nlp):
    rels = relations(nlp, "Trell Labs founder Petra Valsund declined to comment.")
    assert has(rels, "valsund", "FOUNDED", "trell")


def test_appositive_possessive_chief_executive(nlp):
    rels = relations(nlp, "Ilse Marrow, Ebbwick's chief executive, resigned on Friday.")
    assert has(rels, "marrow", "LEADS", "ebbwick")


def test_relative_clause_founded(nlp):
    rels = relations(nlp, "Osmira, which Tobiah Quenst founded in 2015, collapsed last week.")
    assert has(rels, "quenst", "FOUNDED", "osmira")
    assert not has(rels, "osmira", "FOUNDED", "quenst")


def test_subsidiary_apposition(nlp):
    rels = relations(nlp, "Dunmere US, a unit of Dunmere Exchange, froze withdrawals.")
    assert has(rels, "dunmere-us", "SUBSIDIARY_OF", "dunmere")


# --- tokens ----------------------------------------------------------------------------------------------
def test_token_issued_by_participle(nlp):
    rels = relations(nlp, "VXT, the token issued by Dunmere Exchange, fell 70 percent.")
    assert has(rels, "dunmere", "ISSUED", "vxt")


def test_holds_token_through_amount(nlp):
    rels = relations(nlp, "Varnholt Capital held $2.1 billion of VXT at the end of June.")
    r = rels[("varnholt", "HOLDS_TOKEN", "vxt")]
    assert r.amount_usd == pytest.approx(2.1e9)


# --- nominalisations -------------------------------------------------------------------------------------
def test_credit_line_nominalisation(nlp):
    rels = relations(nlp, "Varnholt's $300 million credit line to Osmira was never drawn.")
    assert rels[("varnholt", "LENT_TO", "osmira")].amount_usd == pytest.approx(3e8)


def test_offer_noun_then_scrapped_is_withdrawn(nlp):
    rels = relations(nlp, "Ebbwick's offer to buy Osmira was scrapped two days later.")
    r = rels[("ebbwick", "OFFERED_TO_ACQUIRE", "osmira")]
    assert r.status == "withdrawn"
    assert not has(rels, "ebbwick", "ACQUIRED", "osmira")


# --- status: planned, withdrawn, alleged, denied, negation -------------------------------------------------
def test_letter_of_intent_is_a_planned_offer(nlp):
    rels = relations(nlp, "Trell Labs signed a letter of intent to buy Osmira.")
    assert rels[("trell", "OFFERED_TO_ACQUIRE", "osmira")].status == "planned"
    assert not has(rels, "trell", "ACQUIRED", "osmira")


def test_withdrawal_in_a_later_sentence_marks_the_offer(nlp):
    text = "Trell Labs agreed to acquire Osmira on Monday. On Wednesday Trell walked away from the deal."
    r = relations(nlp, text)[("trell", "OFFERED_TO_ACQUIRE", "osmira")]
    assert r.status == "withdrawn" and len(r.evidence) == 2


def test_completed_acquisition_is_plain(nlp):
    r = relations(nlp, "Quillon Bank acquired Ebbwick Markets in 2019.")[("quillon", "ACQUIRED", "ebbwick")]
    assert r.status is None


def test_allegedly_and_from_to_transfer(nlp):
    rels = relations(nlp, "Tobiah Quenst allegedly funnelled $80 million from Ebbwick to Osmira.")
    r = rels[("ebbwick", "TRANSFERRED_TO", "osmira")]
    assert r.status == "alleged" and r.amount_usd == pytest.approx(8e7)
    assert not has(rels, "quenst", "TRANSFERRED_TO", "osmira")


def test_prosecutors_say_is_alleged(nlp):
    r = relations(nlp, "Osmira is controlled by Ilse Marrow, prosecutors say.")[("marrow", "CONTROLS", "osmira")]
    assert r.status == "alleged"


def test_negated_lending_gives_no_edge(nlp):
    assert not relations(nlp, "Varnholt Capital did not lend money to Osmira.")


def test_used_customer_funds_to_prop_up(nlp):
    rels = relations(nlp, "Dunmere used customer funds to prop up Trell Labs, according to the complaint.")
    r = rels[("dunmere", "LENT_TO", "trell")]
    assert r.status == "alleged"


# --- reported speech: the reporter is never a party ---------------------------------------------------------
def test_reporter_reports_on_subject_but_is_not_a_party(nlp):
    rels = relations(nlp, "Harwick Daily reported that Osmira lent $20 million to Trell Labs.")
    assert has(rels, "harwick", "REPORTED_ON", "osmira")
    assert has(rels, "osmira", "LENT_TO", "trell")
    assert not any(k[0] == "harwick" and k[1] != "REPORTED_ON" for k in rels)


# --- evidence, merging, schema --------------------------------------------------------------------------------
def test_same_fact_in_two_sentences_is_one_relation_with_two_evidence(nlp):
    text = "Ebbwick Markets is controlled by Ilse Marrow. Marrow also controls Osmira, and Ilse Marrow controls Ebbwick."
    rels = relations(nlp, text)
    r = rels[("marrow", "CONTROLS", "ebbwick")]
    assert len(r.evidence) == 2
    for ev in r.evidence:
        assert ev.article == "art-1" and text[ev.start:ev.end].strip() == ev.sentence.strip()


def test_type_incompatible_and_self_edges_are_rejected(nlp):
    rels = relations(nlp, "VXT founded Ebbwick Markets. Ebbwick Markets lent money to Ebbwick.")
    assert not rels


def test_confidence_in_range_and_lower_for_window_patterns(nlp):
    rels = relations(nlp, "Ebbwick Markets is controlled by Ilse Marrow. Trell Labs chief executive Petra Valsund spoke.")
    assert all(0.0 <= r.confidence <= 1.0 for r in rels.values())


def test_component_sets_doc_extension(nlp):
    with nlp.select_pipes(disable=["kg_graph"]):
        doc = nlp("Quillon Bank acquired Ebbwick Markets in 2019.")
    assert [r.type for r in doc._.kg_relations] == ["ACQUIRED"]
    # the last component hands the same relations on as plain data, so a Doc can cross processes
    doc = nlp("Quillon Bank acquired Ebbwick Markets in 2019.")
    assert doc._.kg_relations is None
    assert [r["type"] for r in doc._.kg_graph["relations"]] == ["ACQUIRED"]
    assert doc.to_bytes()  # serialisable, as nlp.pipe(n_process=2) needs


# --- generalisation: short paragraphs from other industries, every name invented ----------------------------
MORE = {
    "Corvane Shipping": (O, "corvane"), "Corvane": (O, "corvane"), "Halloway Partners": (O, "halloway"),
    "Halloway": (O, "halloway"), "Mirefield Capital": (O, "mirefield"), "Dunstan Bank": (O, "dunstan"),
    "Brintell Ports": (O, "brintell"), "Ostrava Estates": (O, "ostrava"), "Pellmont Holdings": (O, "pellmont"),
    "Pellmont": (O, "pellmont"), "Garrow Builders": (O, "garrow"), "Quayle Realty": (O, "quayle"),
    "Redmoor Athletic": (O, "redmoor"), "Ansel Varga": (P, "varga"), "Varga": (P, "varga"),
    "Pia Ostrander": (P, "ostrander"), "Tollgate Finance": (O, "tollgate"), "Halden Pension Fund": (O, "halden"),
    "Bexley Water": (O, "bexley"), "Morrow Telecom": (O, "morrow"), "Kelvane Lend": (O, "kelvane"),
    "Kelvane": (O, "kelvane"), "Zarrow": (O, "zarrow"), "Orbis Trading": (O, "orbis"), "Marlow Freight": (O, "marlow"),
    "Tessaly Lines": (O, "tessaly"), "Ilse Marrow": (P, "marrow"), "Petra Valsund": (P, "valsund"),
    "Trell Labs": (O, "trell"), "Tobiah Quenst": (P, "quenst"), "Osmira": (O, "osmira"), "Harwick Daily": (O, "harwick"),
    "customers": (G, "dunmere-customers"), "Dunmere": (O, "dunmere"), "Verrin Coin": (T, "verrin"),
}


def test_shipping_funding_round_and_put_into(nlp):
    rels = relations(nlp, "Corvane Shipping raised $120 million from Halloway Partners, Mirefield Capital and Dunstan Bank. "
                          "Halloway also put $15 million into Brintell Ports last year.", MORE)
    for backer in ("halloway", "mirefield", "dunstan"):
        assert has(rels, backer, "INVESTED_IN", "corvane")
    assert rels[("halloway", "INVESTED_IN", "brintell")].amount_usd == pytest.approx(1.5e7)


def test_real_estate_paid_recipient_without_preposition_and_sale_to_buyer(nlp):
    rels = relations(nlp, "Ostrava Estates paid Garrow Builders $8 million in March. "
                          "Pellmont Holdings sold its office portfolio to Quayle Realty for $300 million.", MORE)
    assert rels[("ostrava", "TRANSFERRED_TO", "garrow")].amount_usd == pytest.approx(8e6)
    assert has(rels, "pellmont", "TRANSFERRED_TO", "quayle")
    assert not has(rels, "garrow", "TRANSFERRED_TO", "ostrava")


def test_football_club_split_co_founded_passive_and_settlement(nlp):
    rels = relations(nlp, "Redmoor Athletic was co-founded in 1998 by Ansel Varga and Pia Ostrander. "
                          "The club agreed to pay $4 million to settle Tollgate Finance's claims. "
                          "Redmoor Athletic agreed to pay $2 million to settle Tollgate Finance's claims.", MORE)
    assert has(rels, "varga", "FOUNDED", "redmoor") and has(rels, "ostrander", "FOUNDED", "redmoor")
    assert has(rels, "redmoor", "TRANSFERRED_TO", "tollgate")


def test_pension_fund_controlling_stake_owns_but_minority_stake_is_investment(nlp):
    rels = relations(nlp, "Halden Pension Fund held a controlling stake in Bexley Water. "
                          "It later bought a 5% stake in Morrow Telecom.", {**MORE, "It": (O, "halden")})
    assert has(rels, "halden", "OWNS", "bexley") and not has(rels, "halden", "INVESTED_IN", "bexley")
    assert has(rels, "halden", "INVESTED_IN", "morrow")
    assert not has(rels, "halden", "ACQUIRED", "morrow")


def test_crypto_lender_frozen_assets_and_bare_recipient(nlp):
    rels = relations(nlp, "Kelvane Lend had about $90 million in digital assets frozen on Zarrow. "
                          "Kelvane also lent Orbis Trading 4,000 bitcoin in June.", MORE)
    assert has(rels, "kelvane", "DEPOSITED_WITH", "zarrow")
    assert has(rels, "kelvane", "LENT_TO", "orbis")


def test_holding_no_post_is_not_a_deposit(nlp):
    rels = relations(nlp, "Ansel Varga held no formal post at Kelvane Lend but advised its board.", MORE)
    assert not has(rels, "varga", "DEPOSITED_WITH", "kelvane")


def test_withdrawn_offer_named_in_the_withdrawal_sentence(nlp):
    rels = relations(nlp, "Marlow Freight withdrew its offer for Tessaly Lines on Friday.", MORE)
    assert rels[("marlow", "OFFERED_TO_ACQUIRE", "tessaly")].status == "withdrawn"
    rels = relations(nlp, "Marlow Freight walked away from its deal to buy Tessaly Lines.", MORE)
    assert rels[("marlow", "OFFERED_TO_ACQUIRE", "tessaly")].status == "withdrawn"
    assert not has(rels, "marlow", "ACQUIRED", "tessaly")


def test_titles_of_a_department_or_one_of_many_do_not_lead(nlp):
    rels = relations(nlp, "Petra Valsund, head of engineering at Trell Labs, left in May. "
                          "Ilse Marrow, a Trell Labs managing director, stayed.", MORE)
    assert not has(rels, "valsund", "LEADS", "trell") and not has(rels, "marrow", "LEADS", "trell")


def test_relative_clause_run_is_about_its_own_head_only(nlp):
    rels = relations(nlp, "Tobiah Quenst, who runs Osmira, Ilse Marrow and Petra Valsund all testified.", MORE)
    assert has(rels, "quenst", "LEADS", "osmira")
    assert not has(rels, "marrow", "LEADS", "osmira") and not has(rels, "valsund", "LEADS", "osmira")
    assert not any(k[1] == "CONTROLS" for k in rels)


def test_report_about_customers_is_about_the_platform_and_people_do_not_report(nlp):
    rels = relations(nlp, "Harwick Daily reported that Dunmere's customers withdrew $2 billion in a week. "
                          "Ilse Marrow wrote that Osmira had lent money to Trell Labs.", MORE)
    assert has(rels, "harwick", "REPORTED_ON", "dunmere")
    assert not has(rels, "harwick", "REPORTED_ON", "dunmere-customers")
    assert not any(k[0] == "marrow" and k[1] == "REPORTED_ON" for k in rels)


def test_buying_or_selling_a_token_means_holding_it(nlp):
    rels = relations(nlp, "Orbis Trading bought $40 million of Verrin Coin in January. Kelvane sold its Verrin Coin.", MORE)
    assert has(rels, "orbis", "HOLDS_TOKEN", "verrin") and has(rels, "kelvane", "HOLDS_TOKEN", "verrin")


def test_every_slot_the_patterns_name_has_a_reader():
    from kg.extract.relations import SLOT_READERS, load_trigger_rules

    slots = {s for r in load_trigger_rules() for s in (*r.source, *r.target)}
    assert len(slots) > 10
    missing = {s for s in slots if not s.startswith("prep:") and s not in SLOT_READERS}
    assert not missing, f"slots named in relation_patterns.jsonl without a reader: {sorted(missing)}"
