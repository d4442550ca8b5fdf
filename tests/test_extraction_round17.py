"""Round 17 (developed on the older unseen articles, then on blind set L after its first score): a group noun
with no owner named is a party where it gives the money ("Investors deposited their savings with X", "took in
$40m from investors"); a group noun compounded into held money stands for the group ("Client assets are held at
X", "client balances held by X"); a group is also named after its owner's other names; "X is a settlement
token" types X; "40% of the X in circulation" is a token's; lines in capitals and feeds of title-case headlines
are read in a sentence's case (kg/extract/truecase.py). Names are invented and found nowhere else in the
project."""
import pytest

from kg.extract import extract
from kg.extract.truecase import truecase
from kg.model import Entity
from kg.resolve import group_names


def graph(text: str):
    return extract(text, "t.txt")


def rels_of(text: str) -> set:
    g = graph(text)
    names = {e.id: e.name for e in g.entities}
    return {(names[r.source], r.type, names[r.target]) for r in g.relations}


def typed_rels(text: str) -> set:
    g = graph(text)
    ents = {e.id: e for e in g.entities}
    return {(ents[r.source].type, r.type, ents[r.target].name) for r in g.relations}


# --- a group noun giving money is a party, owner named or not ------------------------------------------------
@pytest.mark.model
@pytest.mark.parametrize("sentence", [
    "Investors deposited their savings with Drummelby Coin Exchange between 2022 and 2025.",
    "Merchants keep about $1.4 billion of float with Drummelby Coin Exchange.",
    "Members placed $30 million with Drummelby Coin Exchange last year.",
])
def test_a_group_noun_giving_money_is_a_party(sentence):
    rels = typed_rels("Drummelby Coin Exchange was set up in 2019. " + sentence)
    assert ("Group", "DEPOSITED_WITH", "Drummelby Coin Exchange") in rels, sorted(rels)


@pytest.mark.model
def test_a_group_noun_the_parties_are_named_after_is_no_party():
    g = graph("Vessimor Pay raised $400 million from investors including Harrowgill Partners and Ostravel Capital.")
    assert not [e for e in g.entities if e.type == "Group"], [e.name for e in g.entities]


@pytest.mark.model
def test_a_group_noun_that_gives_nothing_stays_a_word():
    g = graph("Vessimor Pay said investors were worried about the outlook for its shares.")
    assert not [e for e in g.entities if e.type == "Group"], [e.name for e in g.entities]


# --- held money named by its group ---------------------------------------------------------------------------
@pytest.mark.model
@pytest.mark.parametrize("sentence, bank", [
    ("Client assets are held in segregated accounts at Pelquist Trust Company.", "Pelquist Trust Company"),
    ("Investor cash was deposited with Morvant Private Bank in the Cayman Islands.", "Morvant Private Bank"),
    ("At 31 December client balances held by Pelquist Trust Company amounted to $486 million.", "Pelquist Trust Company"),
])
def test_held_money_named_by_its_group_is_the_groups_deposit(sentence, bank):
    rels = typed_rels("Yelverby Markets is a broker in Leeds. " + sentence)
    assert ("Group", "DEPOSITED_WITH", bank) in rels, sorted(rels)


@pytest.mark.model
@pytest.mark.parametrize("sentence", [
    "Yelverby Markets moved $20 million of customer funds to Corrisk Trading.",
    "Customer money was sent to Corrisk Trading in March.",
    "Yelverby Markets used client funds to prop up Corrisk Trading.",
])
def test_moved_money_is_the_holders_not_the_groups(sentence):
    rels = typed_rels("Yelverby Markets is a broker in Leeds. " + sentence)
    assert not [r for r in rels if r[0] == "Group" and r[2] == "Corrisk Trading"], sorted(rels)


@pytest.mark.model
def test_a_group_is_named_after_each_name_of_its_owner():
    g = graph('Quenwell Markets Limited ("QML") is a broker. At 31 December client balances held by QML amounted '
              'to $486 million.')
    group = next(e for e in g.entities if e.type == "Group")
    assert "Quenwell Markets clients" in group.all_names(), group.all_names()


@pytest.mark.parametrize("names, linking", [
    (["Client assets", "clients"], []),
    (["custody clients", "customer deposits"], []),
    (["Kelmoor customers", "customers"], ["Kelmoor customers"]),
    (["customers of Kelmoor", "Investor cash"], ["customers of Kelmoor"]),
])
def test_only_a_groups_names_with_a_name_in_them_link_it_across_articles(names, linking):
    ent = Entity(id="group:x", name=names[0], type="Group", aliases=names[1:])
    assert group_names(ent) == linking


# --- tokens ------------------------------------------------------------------------------------------------
@pytest.mark.model
@pytest.mark.parametrize("text", [
    "PVQ is a settlement token. Ashvale Trading holds about 40% of the PVQ in circulation.",
    "Ashvale Trading holds about 40% of the PVQ in circulation.",
])
def test_a_token_said_to_be_one_or_to_circulate_is_held_as_a_token(text):
    rels = typed_rels(text)
    assert ("Organization", "HOLDS_TOKEN", "PVQ") in rels, sorted(rels)
    assert not [r for r in rels if r[1] == "OWNS"], sorted(rels)


# --- lines in capitals ---------------------------------------------------------------------------------------
FEED = """DALLIMORE CAPITAL: HEADLINE FEED, FRIDAY 14 MARCH 2025

07:02 *DALLIMORE CAPITAL HALTS ALL CUSTOMER WITHDRAWALS, CITES "MARKET CONDITIONS"
07:34 *DALLIMORE LENT $310M TO FENWISTLE TRADING, ACCORDING TO LOAN BOOK SEEN BY ZORVIK COURIER
07:52 *DALLIMORE KEPT $210M OF CUSTOMER CASH AT VANDRELL BANK, COURT FILING SHOWS
08:30 *DALLIMORE TREASURY HOLDS 420M TRNX, ABOUT 40% OF SUPPLY: ON-CHAIN DATA
08:44 Kelmoor Group Says It Will Buy Dallimore for $75 Million in Cash
09:20 Dallimore COO Pruitt Harrowgill Resigns, Effective Immediately
10:29 Dallimore Earn Ltd Is Wholly Owned by Dallimore Capital: Company Registry
11:26 Kelmoor Group Says It Is in Talks With Its Lenders
"""


def test_truecasing_keeps_length_names_and_tickers():
    out = truecase(FEED)
    assert len(out) == len(FEED) and out.lower() == FEED.lower()
    assert "Dallimore lent $310m to Fenwistle Trading, according to loan book seen by Zorvik Courier" in out
    assert "at Vandrell Bank" in out and "420m TRNX" in out
    assert "Kelmoor Group says it will buy Dallimore for $75 million in cash" in out


@pytest.mark.parametrize("text", [
    "FOR IMMEDIATE RELEASE\n\nVessimor Pay today announced results.",
    "Vessimor Pay Buys Oslo Custodian Kelmoor Custody AS\n\nVessimor Pay agreed to buy Kelmoor Custody AS.",
    "Vessimor Pay lent $5 million to Kelmoor Custody, Ashvale Trading and Corrisk Trading Ltd in May.",
])
def test_short_labels_headlines_and_prose_are_read_as_written(text):
    assert truecase(text) == text


@pytest.mark.model
def test_a_feed_in_capitals_states_its_relations():
    rels = rels_of(FEED)
    assert ("Dallimore Capital", "LENT_TO", "Fenwistle Trading") in rels, sorted(rels)
    assert ("Dallimore Capital", "DEPOSITED_WITH", "Vandrell Bank") in rels, sorted(rels)


@pytest.mark.model
def test_evidence_from_a_line_in_capitals_is_quoted_as_written():
    g = graph(FEED)
    quoted = {c.sentence for r in g.relations for c in r.evidence}
    assert any("DALLIMORE LENT $310M TO FENWISTLE TRADING" in s for s in quoted), quoted
    assert all(s in FEED for s in quoted)


def test_a_name_heading_in_capitals_is_read_as_written():
    text = "HARROWGILL LENDING LIMITED (IN CREDITORS' VOLUNTARY LIQUIDATION)\n\nThe Company lent $9 million to Corrisk."
    assert truecase(text) == text


@pytest.mark.model
@pytest.mark.parametrize("register_line", ["Company number 12874406", "Registered in England and Wales"])
def test_a_heading_in_capitals_and_the_line_under_it_are_two_lines(register_line):
    text = (f"HARROWGILL LENDING LIMITED (IN VOLUNTARY LIQUIDATION)\n{register_line}\n\n"
            'Harrowgill Lending Limited (the "Company") was incorporated in 2020 by Mr Pruitt Yelverby. '
            "The Company lent $9 million to Corrisk Holdings Ltd.")
    rels = rels_of(text)
    assert ("Harrowgill Lending Limited", "LENT_TO", "Corrisk Holdings Ltd") in rels, sorted(rels)


# --- "you": the person the text addresses by name --------------------------------------------------------------
@pytest.mark.model
@pytest.mark.parametrize("opening", ["Mr Vennholt, please stand.", "Mr Vennholt, you were convicted on 3 October.",
                                     "Dear Mr Vennholt,"])
def test_you_is_the_person_the_text_addresses(opening):
    text = (f"R v Tarrick Vennholt\n\n{opening}\n\nYou founded Brisgate Wealth Ltd in 2016, and you were at all "
            "times its chief executive. You caused Brisgate Wealth Ltd to lend $38 million to Carvell Estates Ltd.")
    rels = rels_of(text)
    assert ("Tarrick Vennholt", "FOUNDED", "Brisgate Wealth Ltd") in rels, sorted(rels)
    assert ("Tarrick Vennholt", "LEADS", "Brisgate Wealth Ltd") in rels, sorted(rels)


@pytest.mark.model
def test_you_with_nobody_addressed_is_nobody():
    text = ("Brisgate Wealth Ltd lent $38 million to Carvell Estates Ltd. If you founded a lender, you would know "
            "better. Mr Vennholt, who ran Brisgate Wealth Ltd, declined to comment.")
    rels = rels_of(text)
    assert not [r for r in rels if r[1] == "FOUNDED"], sorted(rels)


@pytest.mark.model
def test_i_on_a_witness_answer_line_is_the_witness_addressed():
    text = ("MS QUELLAN: Ms Mossvane, you told the jury that you worked at Lorrach Exchange Ltd.\n"
            "A. Yes.\n"
            "Q. Who ran Pendry Custody Ltd?\n"
            "A. I was a director of Pendry Custody Ltd, with Mr Carvell.\n")
    g = graph(text)
    names = {e.id: e.name for e in g.entities}
    leads = {(names[r.source], names[r.target]) for r in g.relations if r.type == "LEADS"}
    assert ("Mossvane", "Pendry Custody Ltd") in leads, sorted(leads)


# --- honorifics of Indian and Nigerian business English; a company "promoted" by its founder ------------------
@pytest.mark.model
@pytest.mark.parametrize("title, gender", [("Shri", "m"), ("Smt", "f"), ("Alhaji", "m"), ("Alhaja", "f")])
def test_an_honorific_is_no_part_of_the_name(title, gender):
    text = f"Koregaon Finserv is a lender in Pune. Its managing director, {title} Niraj Pethe, resigned on Friday."
    g = graph(text)
    people = [e for e in g.entities if e.type == "Person"]
    assert [e.name for e in people] == ["Niraj Pethe"], [e.name for e in g.entities]
    assert ("Niraj Pethe", "LEADS", "Koregaon Finserv") in rels_of(text)


@pytest.mark.model
def test_a_company_promoted_by_a_person_was_founded_by_them():
    text = ("Koregaon Finserv is a lender in Pune. Koregaon Finserv was promoted in 2009 by Shri Balwantrao Pethe, "
            "who continues as chairman.")
    assert ("Balwantrao Pethe", "FOUNDED", "Koregaon Finserv") in rels_of(text)


@pytest.mark.model
def test_a_person_promoted_to_a_post_founded_nothing():
    text = "Koregaon Finserv promoted Niraj Pethe to chief executive in 2019."
    assert not [r for r in rels_of(text) if r[1] == "FOUNDED"]


# --- an infobox's or a register extract's field lines --------------------------------------------------------
INFOBOX = """Skarnholt Digital

From the free encyclopedia

Skarnholt Digital
Type: Private
Founded: 2018 in Vaduz
Key people: Ardmarrow Vellquist (CEO, 2018-2024); Pinnerby Lending (lender of record)
Owner: Tolquhoun Holding AG (64%); Osterlind Capital (19%)
Subsidiaries: Skarnholt Custody AG; Skarnholt Labs Ltd

Skarnholt Digital AG was a Liechtenstein-based lender. Skarnholt Digital AG suspended withdrawals in 2023.
"""


@pytest.mark.model
@pytest.mark.parametrize("fact", [
    ("Tolquhoun Holding AG", "OWNS", "Skarnholt Digital AG"),
    ("Osterlind Capital", "OWNS", "Skarnholt Digital AG"),
    ("Skarnholt Custody AG", "SUBSIDIARY_OF", "Skarnholt Digital AG"),
    ("Skarnholt Labs Ltd", "SUBSIDIARY_OF", "Skarnholt Digital AG"),
    ("Ardmarrow Vellquist", "LEADS", "Skarnholt Digital AG"),
])
def test_a_field_line_relates_each_party_it_names_to_the_block_subject(fact):
    rels = rels_of(INFOBOX)
    assert fact in rels, sorted(rels)


@pytest.mark.model
def test_a_field_takes_only_the_parties_of_its_kind_and_evidence_is_the_whole_line():
    g = graph(INFOBOX)
    names = {e.id: e.name for e in g.entities}
    leads = [r for r in g.relations if r.type == "LEADS"]
    assert {names[r.source] for r in leads} == {"Ardmarrow Vellquist"}, [names[r.source] for r in leads]
    owns = next(r for r in g.relations if r.type == "OWNS" and names[r.source] == "Osterlind Capital")
    assert owns.evidence[0].sentence == "Owner: Tolquhoun Holding AG (64%); Osterlind Capital (19%)"


@pytest.mark.model
def test_a_line_whose_label_is_no_field_states_nothing():
    text = ("Skarnholt Digital AG is a lender in Vaduz.\n\n"
            "Reason: Tolquhoun Holding AG and Osterlind Capital were named in the filing.\n")
    rels = rels_of(text)
    assert not [r for r in rels if r[2] == "Skarnholt Digital AG" and r[1] in ("OWNS", "SUBSIDIARY_OF")], sorted(rels)
