"""Entity types read off the parse and the article: appositions and copulas with a token noun, "holders of
X", minted tokens, capitalised legal suffixes, and people met again by surname. Names found nowhere else."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def types_of(nlp, text: str) -> dict[str, str]:
    from kg.extract import extract

    return {e.name: e.type for e in extract(text, nlp=nlp).entities}


@pytest.mark.parametrize("text, token", [
    ("Brellick Labs is the issuer of ZVQ, a dollar-linked stablecoin that it sells to customers.", "ZVQ"),
    ("ZVQ is a token created and distributed by Brellick Labs.", "ZVQ"),
    ("Ostrel Holdings ranks among the biggest holders of QMRT.", "QMRT"),
    ("Brellick Labs minted WUXO in 2021 and sold most of it to Ostrel Holdings.", "WUXO"),
    ("Ostrel Holdings bought YEVK, the exchange's native utility token, last year.", "YEVK"),
])
def test_token_named_by_its_description_or_its_holders(nlp, text, token):
    assert types_of(nlp, text).get(token) == "Token"


@pytest.mark.parametrize("text, person", [
    ("Tamsin Vorle founded Brellick Labs in 2015. Vorle later sold the firm.", "Tamsin Vorle"),
    ("Odell Frayne joined Ostrel Holdings in 2019. Two years later Frayne became its chairman.", "Odell Frayne"),
    ("The fund is run by Marisol Quabeck. Quabeck declined to comment.", "Marisol Quabeck"),
])
def test_a_full_name_met_again_by_its_last_word_is_a_person(nlp, text, person):
    types = types_of(nlp, text)
    assert types.get(person) == "Person", types
    surname = person.split()[-1]
    assert surname not in types  # the surname joined the person, not a second entity


@pytest.mark.parametrize("text, org", [
    ("Brellick Labs sold its stake to Nordfjell Invest AS in March.", "Nordfjell Invest AS"),
    ("Brellick Labs borrowed from Kessinger Prime FZE last year.", "Kessinger Prime FZE"),
    ("Ostrel Holdings owns Dalvik Tomas Trading LLC.", "Dalvik Tomas Trading LLC"),
])
def test_a_capitalised_legal_suffix_names_a_company(nlp, text, org):
    types = types_of(nlp, text)
    assert types.get(org) == "Organization", types


@pytest.mark.parametrize("text, org", [
    ("Brellick Labs was founded by Tamsin Vorle. Brellick later moved to Lisbon.", "Brellick Labs"),
    ("Ostrel Holdings lent $5 million to Tamsin Vorle. Ostrel said the loan was repaid.", "Ostrel Holdings"),
])
def test_an_organisation_met_again_by_its_first_word_stays_an_organisation(nlp, text, org):
    assert types_of(nlp, text).get(org) == "Organization"


@pytest.mark.parametrize("text, name, kind", [
    ("Vantry Labs launched a coin called QMRT in 2020.", "QMRT", "Token"),
    ("In 2017 he set up a trading shop called Quenby Trading AG.", "Quenby Trading AG", "Organization"),
    ("Ostrel Holdings issued a stablecoin named YEVK last spring.", "YEVK", "Token"),
])
def test_a_name_after_called_or_named_takes_its_nouns_type(nlp, text, name, kind):
    assert types_of(nlp, text).get(name) == kind


@pytest.mark.parametrize("text, rel", [
    ("This is the quarterly letter of Brellick Capital. We lent $30 million to Quenby Digital in May.",
     ("Brellick Capital", "LENT_TO", "Quenby Digital")),
    ("Brellick Capital reports its results. Our fund invested $5 million in Ostrel Ventures.",
     ("Brellick Capital", "INVESTED_IN", "Ostrel Ventures")),
])
def test_we_and_our_outside_quotes_are_the_firm_speaking(nlp, text, rel):
    from kg.extract import extract

    g = extract(text, nlp=nlp)
    name = {e.id: e.name for e in g.entities}
    assert rel in {(name[r.source], r.type, name[r.target]) for r in g.relations}


def test_we_inside_quotes_is_not_the_main_firm(nlp):
    from kg.extract import extract

    g = extract('Brellick Capital lent money to Quenby Digital. "We invested $5 million in Ostrel Ventures," said '
                'Tamsin Vorle of Quenby Digital.', nlp=nlp)
    name = {e.id: e.name for e in g.entities}
    rels = {(name[r.source], r.type, name[r.target]) for r in g.relations}
    assert ("Brellick Capital", "INVESTED_IN", "Ostrel Ventures") not in rels


@pytest.mark.parametrize("text, names", [
    ("A partner at Kessholm, Marit Lindfors, said the fund had relied on the audit.", ["Kessholm", "Marit Lindfors"]),
    ("Brellick Labs, Inc. denied it, and so did Quenby.", ["Brellick Labs"]),
])
def test_a_comma_between_two_names_splits_them_but_not_a_legal_suffix(nlp, text, names):
    types = types_of(nlp, text)
    for n in names:
        assert any(n == t or (n in t and "," not in t) for t in types), types
    assert not any("," in t and "Inc" not in t for t in types), types


@pytest.mark.parametrize("text, org", [
    ("Tervassa Ventures Fund II, the company's largest shareholder, agreed to invest a further $20 million in Brinmoor Labs.",
     "Tervassa Ventures Fund II"),
    ("Quorvel Kapital, the majority shareholder of Brinmoor Labs, declined to comment.", "Quorvel Kapital"),
    ("Caja Ombrena, presided by Lisandro Pefarro since 2011, lent money to his son.", "Caja Ombrena"),
])
def test_a_name_carrying_a_firm_word_is_a_firm_whatever_its_context(nlp, text, org):
    assert types_of(nlp, text).get(org) == "Organization"


@pytest.mark.parametrize("text, person", [
    ("Ottilie Garsdon, the largest shareholder of Brinmoor Labs, said she would sell.", "Ottilie Garsdon"),
    ("Lisandro Pefarro, a minority shareholder, sold his stake in Brinmoor Labs.", "Lisandro Pefarro"),
])
def test_a_shareholder_is_not_made_a_firm_by_the_role(nlp, text, person):
    assert types_of(nlp, text).get(person) == "Person"


@pytest.mark.parametrize("text, person", [
    ("Our co-founders, Mr. Anselm Torvik and Delfina Ruyter, will defer their fees.", "Delfina Ruyter"),
    ("Dr. Hester Maalouf and Wendeline Haraszt set up Ulmsted Custody AG in 2019.", "Wendeline Haraszt"),
    ("The board named Mr. Nestor Valbuena and Delfina Ruyter as directors.", "Delfina Ruyter"),
])
def test_a_person_shaped_name_listed_with_people_is_a_person(nlp, text, person):
    assert types_of(nlp, text).get(person) == "Person"


def test_a_firm_listed_with_people_stays_a_firm(nlp):
    types = types_of(nlp, "Dr. Hester Maalouf and Quenby Trading AG set up Ulmsted Custody AG in 2019.")
    assert types.get("Quenby Trading AG") == "Organization", types


@pytest.mark.parametrize("text, token", [
    ("Vellani Numérique issues the QVR-E euro stablecoin and holds bitcoin for its clients.", "QVR-E"),
    ("Ostmark Labs lists the VRN dollar stablecoin.", "VRN"),
])
def test_a_name_modifying_a_token_noun_is_the_token(nlp, text, token):
    assert types_of(nlp, text).get(token) == "Token"


@pytest.mark.parametrize("text, fund", [
    ("Korlin Opportunity Fund I sold its stake to Ostmark Labs.", "Korlin Opportunity Fund I"),
    ("Ostmark Labs sold QVRT to Halden Capital Fund III, a Cayman fund.", "Halden Capital Fund III"),
])
def test_a_series_numeral_ends_a_fund_name(nlp, text, fund):
    assert fund in types_of(nlp, text)


def test_a_firm_named_again_and_again_stays_the_firm_its_context_says(nlp):
    text = ("Karsk Earn, the lending arm of Karsk Global, paid interest on deposits. Karsk Earn froze withdrawals in May. "
            "Karsk Earn later filed for bankruptcy. Karsk Earn owed $40 million.")
    assert types_of(nlp, text).get("Karsk Earn") == "Organization"
