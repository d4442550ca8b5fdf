"""Round 5 relation constructions (issue 13), each on a family of sentences whose names are found nowhere else
in the project, with the nearby sentences that must not yield them."""
from __future__ import annotations

import pytest

from tests.conftest import relation_names as relations

pytestmark = pytest.mark.model


def graph(nlp, text: str):
    from kg.extract import extract

    return extract(text, nlp=nlp)


def amounts(nlp, text: str, rel_type: str) -> dict[tuple[str, str], float | None]:
    g = graph(nlp, text)
    name = {e.id: e.name for e in g.entities}
    return {(name[r.source], name[r.target]): r.amount_usd for r in g.relations if r.type == rel_type}


# --- gapping: a second amount carries its own party -----------------------------------------------------
def test_each_gapped_amount_goes_to_its_own_recipient(nlp):
    got = amounts(nlp, "Orlavik Fund lent $40 million to Hemsby Trust and $15 million to Caddock Mint.", "LENT_TO")
    assert got.get(("Orlavik Fund", "Hemsby Trust")) == 40_000_000
    assert got.get(("Orlavik Fund", "Caddock Mint")) == 15_000_000


def test_included_amounts_come_from_their_own_lenders(nlp):
    got = amounts(nlp, "Pennick Labs borrowed $90 million from crypto lenders, including $35 million from Tamsworth "
                       "Credit and $22 million from the lender Greyhollow Vault.", "LENT_TO")
    assert got.get(("Tamsworth Credit", "Pennick Labs")) == 35_000_000
    assert got.get(("Greyhollow Vault", "Pennick Labs")) == 22_000_000


def test_a_party_of_a_later_verb_is_not_gapped(nlp):
    rels = relations(nlp, "Orlavik Fund lent $40 million to Hemsby Trust and later sued Caddock Mint.")
    assert ("Orlavik Fund", "LENT_TO", "Hemsby Trust") in rels
    assert ("Orlavik Fund", "LENT_TO", "Caddock Mint") not in rels


# --- a bare majority is control ------------------------------------------------------------------------------
def test_acquiring_a_majority_of_a_firm_is_owning_it(nlp):
    rels = relations(nlp, "In 2019 Farrowby Group acquired a majority of Quintaro Bank.")
    assert ("Farrowby Group", "OWNS", "Quintaro Bank") in rels
    assert ("Farrowby Group", "INVESTED_IN", "Quintaro Bank") not in rels


def test_buying_a_plain_stake_is_investing_not_owning(nlp):
    rels = relations(nlp, "In 2019 Farrowby Group bought a stake in Quintaro Bank.")
    assert ("Farrowby Group", "INVESTED_IN", "Quintaro Bank") in rels
    assert ("Farrowby Group", "OWNS", "Quintaro Bank") not in rels


# --- the vehicle a stake is held through ------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "In 2020 Helen Fenmarch held a majority stake in Kardell Exchange through Vessimo Holdings.",
    "Helen Fenmarch owned about 40 percent of Kardell Exchange directly and through Vessimo Holdings.",
])
def test_the_vehicle_a_stake_is_held_through_owns_it(nlp, text):
    assert ("Vessimo Holdings", "OWNS", "Kardell Exchange") in relations(nlp, text)


def test_a_firm_that_only_reports_a_stake_does_not_own_it(nlp):
    rels = relations(nlp, "Vessimo Holdings said that Helen Fenmarch held a majority stake in Kardell Exchange.")
    assert ("Vessimo Holdings", "OWNS", "Kardell Exchange") not in rels


# --- a described firm's name that the parser hung on its place -------------------------------------------
@pytest.mark.parametrize("text, target", [
    ("Farrowby Group had planned to acquire a listed company in Jarnvik, Velkor Systems, but the plan was dropped.",
     "Velkor Systems"),
    ("In 2022 Farrowby Group tried to buy a small bank of Navarre, the Banco Izarra, but the regulator objected.",
     "Banco Izarra"),
])
def test_the_name_after_a_described_firms_place_is_the_firm(nlp, text, target):
    assert ("Farrowby Group", "OFFERED_TO_ACQUIRE", target) in relations(nlp, text)


def test_a_coordinated_firm_after_the_place_is_not_the_described_one(nlp):
    rels = relations(nlp, "Farrowby Group bought a small bank in Navarre, and Velkor Systems bought a broker.")
    assert not any(s == "Farrowby Group" and t == "Velkor Systems" for s, _, t in rels)


# --- "with B holding a stake": the stake is in the main clause's company -------------------------------------
def test_a_stake_held_in_a_with_phrase_is_in_the_main_clauses_company(nlp):
    rels = relations(nlp, "Brackwell Partners was majority-owned by Helen Fenmarch, with the Tarrow Family Office "
                          "holding a minority stake.")
    assert ("Tarrow Family Office", "OWNS", "Brackwell Partners") in rels


def test_a_stake_that_names_its_own_company_stays_there(nlp):
    rels = relations(nlp, "Brackwell Partners was founded by Helen Fenmarch, with the Tarrow Family Office holding "
                          "a stake in Quillsby Bank.")
    assert ("Tarrow Family Office", "OWNS", "Brackwell Partners") not in rels


# --- "whose" reads the relative's antecedent ----------------------------------------------------------------
def test_whose_shareholders_own_the_firm_the_relative_describes(nlp):
    rels = relations(nlp, "Helen Fenmarch also controls Velgard Capital, a family company registered in Malta, whose "
                          "other shareholders are her mother, Ines Ruthven, and her uncle, Piet Lowdry.")
    assert ("Ines Ruthven", "OWNS", "Velgard Capital") in rels
    assert ("Ines Ruthven", "OWNS", "Malta") not in rels


def test_whose_auditor_is_no_owner(nlp):
    rels = relations(nlp, "Velgard Capital, whose auditor is Pennick Audit, is based in Malta.")
    assert not any(r == "OWNS" for _, r, _ in rels)


# --- succession: the one replaced held the post too -----------------------------------------------------------
@pytest.mark.parametrize("text", [
    "In 2022 Helen Fenmarch replaced Ines Ruthven as chief executive of Hemsby Trust.",
    "Ines Ruthven was succeeded as chief executive of Hemsby Trust by Helen Fenmarch in 2022.",
])
def test_both_sides_of_a_succession_led_the_firm(nlp, text):
    rels = relations(nlp, text)
    assert ("Helen Fenmarch", "LEADS", "Hemsby Trust") in rels
    assert ("Ines Ruthven", "LEADS", "Hemsby Trust") in rels


def test_replacing_someone_in_no_post_is_no_succession(nlp):
    rels = relations(nlp, "In 2022 Helen Fenmarch replaced Ines Ruthven on the board of Hemsby Trust.")
    assert ("Ines Ruthven", "LEADS", "Hemsby Trust") not in rels


# --- a stake a participle says was bought ----------------------------------------------------------------------
def test_a_stake_bought_by_a_party_is_its_investment(nlp):
    rels = relations(nlp, "The money went toward a 5% stake in Kardell Exchange bought by Vessimo Holdings.")
    assert ("Vessimo Holdings", "INVESTED_IN", "Kardell Exchange") in rels


def test_a_report_written_by_a_party_is_no_investment(nlp):
    rels = relations(nlp, "The money went toward a report on Kardell Exchange written by Vessimo Holdings.")
    assert ("Vessimo Holdings", "INVESTED_IN", "Kardell Exchange") not in rels


def test_a_relative_hung_on_an_unnamed_place_describes_the_firm():
    """The small parser hangs "whose ..." on the place ("registered in Malta, whose shareholders are ..."); the
    parse is built by hand so that the rule is tested whatever the model does."""
    import spacy
    from spacy.tokens import Doc, Span

    from kg.extract.relations import RelationExtractor, extract_relations

    rows = [  # word, head, dep, pos, tag, lemma
        ("Velgard", 1, "compound", "PROPN", "NNP", "Velgard"), ("Capital", 1, "ROOT", "PROPN", "NNP", "Capital"),
        (",", 1, "punct", "PUNCT", ",", ","), ("a", 4, "det", "DET", "DT", "a"),
        ("company", 1, "appos", "NOUN", "NN", "company"), ("registered", 4, "acl", "VERB", "VBN", "register"),
        ("in", 5, "prep", "ADP", "IN", "in"), ("Malta", 6, "pobj", "PROPN", "NNP", "Malta"),
        (",", 7, "punct", "PUNCT", ",", ","), ("whose", 11, "poss", "DET", "WP$", "whose"),
        ("other", 11, "amod", "ADJ", "JJ", "other"), ("shareholders", 12, "nsubj", "NOUN", "NNS", "shareholder"),
        ("are", 7, "relcl", "AUX", "VBP", "be"), ("his", 14, "poss", "PRON", "PRP$", "his"),
        ("mother", 12, "attr", "NOUN", "NN", "mother"), (",", 14, "punct", "PUNCT", ",", ","),
        ("Ines", 17, "compound", "PROPN", "NNP", "Ines"), ("Ruthven", 14, "appos", "PROPN", "NNP", "Ruthven"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    vocab = spacy.blank("en").vocab
    w, h, d, p, t, lem = (list(c) for c in zip(*rows))
    doc = Doc(vocab, words=w, heads=h, deps=d, pos=p, tags=t, lemmas=lem)
    doc.spans["kg_mentions"] = [Span(doc, 0, 2, label="Organization"), Span(doc, 16, 18, label="Person")]
    rels = {(r.source, r.type, r.target) for r in extract_relations(doc, RelationExtractor(vocab))}
    assert ("ines ruthven", "OWNS", "velgard capital") in rels


# --- a bare possessive "its" -------------------------------------------------------------------------------------
def test_its_is_the_firm_its_sentence_is_about(nlp):
    rels = relations(nlp, "Pirelow Exchange offered to acquire Kardell Exchange for $90 million, a deal its chief "
                          "executive, Tomas Vorlick, had presented as a rescue.")
    assert ("Tomas Vorlick", "LEADS", "Pirelow Exchange") in rels
    assert ("Tomas Vorlick", "LEADS", "Kardell Exchange") not in rels


def test_its_after_an_unnamed_firm_is_none_we_know(nlp):
    rels = relations(nlp, "Pirelow Exchange and Hemsby Trust said on Monday that the cooperative would soon replace "
                          "its chief executive, Tomas Vorlick.")
    assert not any(s == "Tomas Vorlick" and r == "LEADS" for s, r, _ in rels)


# --- a name set off by commas after a described firm ------------------------------------------------------------
def test_a_name_right_after_a_described_firm_is_its_apposition(nlp):
    rels = relations(nlp, "Pirelow Exchange runs a crypto platform. Its token ZLT is issued by the foundation, the "
                          "Astrane Foundation, which is a separate legal entity.")
    assert ("Astrane Foundation", "ISSUED", "ZLT") in rels


def test_a_name_opening_a_new_clause_is_no_apposition(nlp):
    rels = relations(nlp, "Pirelow Exchange runs a crypto platform. Its token ZLT is issued by the foundation, "
                          "Astrane Foundation said on Monday.")
    assert ("Astrane Foundation", "ISSUED", "ZLT") not in rels


# --- a token's supply ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, holder", [
    ("Pirelow Exchange launched the ZLT token in 2021. Vessimo Holdings, the parent of Pirelow Exchange, kept about "
     "half of the supply in its treasury.", "Vessimo Holdings"),
    ("Pirelow Exchange launched the ZLT token in 2021, and by 2023 Hemsby Trust held an estimated 60 percent of the "
     "circulating supply.", "Hemsby Trust"),
])
def test_who_holds_the_supply_holds_the_token_named_there_or_just_before(nlp, text, holder):
    assert (holder, "HOLDS_TOKEN", "ZLT") in relations(nlp, text)


def test_the_supply_of_one_of_two_tokens_is_neither(nlp):
    rels = relations(nlp, "Pirelow Exchange launched the ZLT and QVX tokens in 2021. Vessimo Holdings kept about "
                          "half of the supply in its treasury.")
    assert not any(s == "Vessimo Holdings" and r == "HOLDS_TOKEN" for s, r, _ in rels)


def test_a_supply_of_something_else_is_no_token(nlp):
    rels = relations(nlp, "Pirelow Exchange launched the ZLT token in 2021. Vessimo Holdings kept about half of the "
                          "supply of cash in its treasury.")
    assert ("Vessimo Holdings", "HOLDS_TOKEN", "ZLT") not in rels


# --- money nouns: an investment from, a credit to -------------------------------------------------------------
def test_an_investment_received_from_a_party_is_its_investment(nlp):
    got = amounts(nlp, "Kardell Exchange received an investment of $9 million from the venture fund Tamsworth "
                       "Credit last year.", "INVESTED_IN")
    assert got.get(("Tamsworth Credit", "Kardell Exchange")) == 9_000_000


def test_a_letter_received_from_a_party_is_no_investment(nlp):
    rels = relations(nlp, "Kardell Exchange received a letter from the venture fund Tamsworth Credit last year.")
    assert ("Tamsworth Credit", "INVESTED_IN", "Kardell Exchange") not in rels


def test_a_credit_of_an_amount_granted_to_a_party_is_a_loan(nlp):
    got = amounts(nlp, "In March the cooperative Dunmarsh Bank granted a credit of $19 million to the builder "
                       "Hemsby Trust.", "LENT_TO")
    assert got.get(("Dunmarsh Bank", "Hemsby Trust")) == 19_000_000


def test_giving_credit_for_an_idea_is_no_loan(nlp):
    rels = relations(nlp, "Last March the lender Dunmarsh Bank gave credit to Hemsby Trust for the idea.")
    assert not any(r == "LENT_TO" for _, r, _ in rels)


# --- a verb the tokenizer split at its hyphen ---------------------------------------------------------------------
def test_a_verb_coordinated_with_a_split_co_verb_shares_its_subject(nlp):
    rels = relations(nlp, "Tomas Vorlick, who co-founded and runs Kardell Exchange, told investors on Wednesday "
                          "that the firm needed cash.")
    assert ("Tomas Vorlick", "FOUNDED", "Kardell Exchange") in rels
    assert ("Tomas Vorlick", "LEADS", "Kardell Exchange") in rels


def test_a_later_verb_of_the_split_co_verb_is_not_a_role(nlp):
    rels = relations(nlp, "Tomas Vorlick, who co-founded Kardell Exchange and later sued Hemsby Trust, told "
                          "investors on Wednesday that he needed cash.")
    assert ("Tomas Vorlick", "LEADS", "Kardell Exchange") not in rels


# --- an amount in another currency with its dollar gloss ------------------------------------------------------
@pytest.mark.parametrize("text, usd", [
    ("In March the cooperative Dunmarsh Bank granted a credit of 18 million euros, some 19.5 million dollars, to "
     "the builder Hemsby Trust.", 19_500_000),
    ("Dunmarsh Bank lent 510 billion won (approximately $380 million) to Hemsby Trust.", 380_000_000),
])
def test_a_foreign_amount_takes_its_dollar_gloss(nlp, text, usd):
    assert amounts(nlp, text, "LENT_TO").get(("Dunmarsh Bank", "Hemsby Trust")) == usd


def test_a_distant_dollar_figure_is_no_gloss(nlp):
    got = amounts(nlp, "Dunmarsh Bank lent 18 million euros to Hemsby Trust in March, when the bank reported total "
                       "assets of $5 billion.", "LENT_TO")
    assert got.get(("Dunmarsh Bank", "Hemsby Trust")) != 5_000_000_000


# --- a loan or investment subsumes the plain transfer its sentence would also give ----------------------------
@pytest.mark.parametrize("text, lender, specific", [
    ("Kardell Exchange obtained a $60 million bridge facility from Dunmarsh Bank last week.", "Dunmarsh Bank", "LENT_TO"),
    ("Kardell Exchange received an investment of $9 million from the venture fund Tamsworth Credit last year.",
     "Tamsworth Credit", "INVESTED_IN"),
])
def test_a_loan_or_investment_is_not_also_a_plain_transfer(nlp, text, lender, specific):
    rels = relations(nlp, text)
    assert (lender, specific, "Kardell Exchange") in rels
    assert (lender, "TRANSFERRED_TO", "Kardell Exchange") not in rels


def test_a_transfer_stated_in_its_own_sentence_stays(nlp):
    g = graph(nlp, "Kardell Exchange obtained a $60 million bridge facility from Dunmarsh Bank in May. Dunmarsh "
                   "Bank later wired $2 million to Kardell Exchange.")
    name = {e.id: e.name for e in g.entities}
    transfers = [r for r in g.relations if r.type == "TRANSFERRED_TO"
                 and (name[r.source], name[r.target]) == ("Dunmarsh Bank", "Kardell Exchange")]
    assert transfers and all("wired" in e.sentence for r in transfers for e in r.evidence)


def test_a_coordinated_verb_with_its_own_object_is_another_deed(nlp):
    rels = relations(nlp, "Dunmarsh Bank lent $5 million to Hemsby Trust and sent $9 million to Kardell Exchange.")
    assert ("Dunmarsh Bank", "LENT_TO", "Hemsby Trust") in rels
    assert ("Dunmarsh Bank", "LENT_TO", "Kardell Exchange") not in rels
    assert ("Dunmarsh Bank", "TRANSFERRED_TO", "Kardell Exchange") in rels


# --- "who co-founded X with B": the split hyphen word's first piece is not the founded firm -------------------
@pytest.mark.parametrize("text", [
    '"We answer plainly," said Marek Ostwin, who co-founded Pellacort Exchange with Ragna Tulloch in 2018 and '
    'serves as its chief executive.',
    "Marek Ostwin, who co-founded Pellacort Exchange with Ragna Tulloch, runs its lending desk.",
])
def test_the_companion_of_a_split_co_founding_founded_the_firm(nlp, text):
    rels = relations(nlp, text)
    assert ("Ragna Tulloch", "FOUNDED", "Pellacort Exchange") in rels
    assert ("Marek Ostwin", "FOUNDED", "Pellacort Exchange") in rels


def test_a_party_of_a_later_verb_did_not_co_found(nlp):
    rels = relations(nlp, "Marek Ostwin, who co-founded Pellacort Exchange in 2018, later sued Ragna Tulloch.")
    assert ("Ragna Tulloch", "FOUNDED", "Pellacort Exchange") not in rels


# --- "founded X with Y, who remains a non-executive director": the one board the sentence names ---------------
@pytest.mark.parametrize("text", [
    "Mr Corwin Pemberfold founded Brindlecote Bank in 2014 with Ms Ottoline Quaile, who remains a non-executive director.",
    "Corwin Pemberfold joined Brindlecote Bank in 2014 with Ottoline Quaile, who is a non-executive director.",
])
def test_a_predicated_director_sits_on_the_board_the_sentence_founds_or_joins(nlp, text):
    assert ("Ottoline Quaile", "LEADS", "Brindlecote Bank") in relations(nlp, text)


@pytest.mark.parametrize("text", [
    "Ottoline Quaile, who remains a non-executive director, sued Brindlecote Bank and Quessant Trust.",
    "Ottoline Quaile, who remains a director, later sued Brindlecote Bank.",
    "Ottoline Quaile became a director in 2019 and later sued Brindlecote Bank.",
])
def test_a_director_of_no_named_board_leads_no_firm_the_sentence_merely_names(nlp, text):
    assert not {r for r in relations(nlp, text) if r[0] == "Ottoline Quaile" and r[1] == "LEADS"}


# --- "X, the Company's largest shareholder, agreed to invest $N in new shares": a further stake in that firm ----
_LENDER = "Brindlecote Capital is a lender in Leeds. "


def test_a_shareholder_investing_in_unnamed_shares_invests_in_its_firm(nlp):
    rels = relations(nlp, _LENDER + "Quessant Ventures Fund II, the Company's largest shareholder, has agreed to "
                              "invest a further $75 million in newly issued preferred shares.")
    assert ("Quessant Ventures Fund II", "INVESTED_IN", "Brindlecote Capital") in rels


def test_a_shareholder_investing_in_a_named_firm_invests_there(nlp):
    rels = relations(nlp, _LENDER + "Quessant Ventures Fund II, the Company's largest shareholder, has agreed to "
                              "invest $75 million in Pemberfold Labs.")
    assert ("Quessant Ventures Fund II", "INVESTED_IN", "Pemberfold Labs") in rels
    assert ("Quessant Ventures Fund II", "INVESTED_IN", "Brindlecote Capital") not in rels


def test_a_creditor_investing_in_unnamed_shares_is_no_shareholder(nlp):
    rels = relations(nlp, _LENDER + "Quessant Ventures Fund II, the Company's largest creditor, has agreed to "
                              "invest $75 million in new shares.")
    assert ("Quessant Ventures Fund II", "INVESTED_IN", "Brindlecote Capital") not in rels


# --- "Chairman of X's Board of Directors": the board is X's organ, X is the firm led ------------------------------
def test_the_chair_of_a_firms_board_leads_the_firm_not_the_board(nlp):
    rels = relations(nlp, 'Ottoline Quaile, Chairman of Brindlecote\'s Board of Directors, added: "This deal is '
                          'consistent with our strategy."')
    assert ("Ottoline Quaile", "LEADS", "Brindlecote") in rels
    assert not {r for r in rels if r[1] == "LEADS" and "Board" in r[2]}


def test_a_plain_title_of_a_firm_still_leads_it(nlp):
    rels = relations(nlp, "Ottoline Quaile, chief executive of Brindlecote Capital, declined to comment.")
    assert ("Ottoline Quaile", "LEADS", "Brindlecote Capital") in rels
