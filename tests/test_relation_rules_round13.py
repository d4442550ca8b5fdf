"""Round 13: sales and whole holdings, and the firm a press release is about. A firm sold to a buyer is acquired by
it, whether the verb or the noun says so ("sold its card business, X Ltd, to Y", "completed the sale of X to Y");
selling a firm or a business moves no money to the buyer; "the whole of the share capital of X" and "all of the
shares of X" are X whole; a board "of" a firm is no part of the firm's name; a headline under a label in
capitals ("PRESS RELEASE") names the release's own firm. Names are invented and found nowhere else in the
project."""
import pytest

from kg.extract import extract


def graph(text: str):
    g = extract(text, "t.txt")
    names = {e.id: e.name for e in g.entities}
    rels = {(names[r.source], r.type, names[r.target]): r for r in g.relations}
    return g, rels


def relations(text: str) -> set[tuple[str, str, str]]:
    return set(graph(text)[1])


SELLERS = ["Lisker Group", "Wendham Holdings plc", "Drisket Capital"]
SOLD = ["Lisker Card Services Ltd", "Hobbet Custody Limited", "Pellam Pay AB"]
BUYERS = ["Fennick Payments Ltd", "Brandmoor Trust", "Sallet Bank"]
PARTIES = list(zip(SELLERS, SOLD, BUYERS))

SALES = [
    "{s} sold its card business, {x}, to {b} in July.",
    "{s} completed the sale of its card business, {x}, to {b} in July.",
    "{s} completed the sale of {x} to {b}.",
    "Separately, {s} agreed the disposal of {x} to {b} last week.",
]


@pytest.mark.model
@pytest.mark.parametrize("template", SALES)
@pytest.mark.parametrize("s, x, b", PARTIES)
def test_a_firm_sold_to_a_buyer_is_acquired_by_it_and_moves_no_money_to_it(template, s, x, b):
    text = template.format(s=s, x=x, b=b)
    rels = relations(text)
    assert (b, "ACQUIRED", x) in rels or (b, "OFFERED_TO_ACQUIRE", x) in rels, text
    assert (s, "TRANSFERRED_TO", b) not in rels, text


@pytest.mark.model
@pytest.mark.parametrize("s, x, b", PARTIES)
def test_a_planned_sale_that_collapsed_is_a_withdrawn_offer(s, x, b):
    text = f"The planned sale of {x} to {b} collapsed in May."
    rels = graph(text)[1]
    assert (b, "OFFERED_TO_ACQUIRE", x) in rels, text
    assert rels[(b, "OFFERED_TO_ACQUIRE", x)].status == "withdrawn", text
    assert (b, "ACQUIRED", x) not in rels, text


@pytest.mark.model
@pytest.mark.parametrize("s, b", [(s, b) for s, _, b in PARTIES])
def test_selling_an_unnamed_business_names_no_firm_and_moves_no_money(s, b):
    for text in (f"{s} sold its lending business to {b} in July.",
                 f"{s} intends to repay them once it completes a planned sale of its software business to {b}."):
        rels = relations(text)
        assert not any(r[0] == b and r[1] in ("ACQUIRED", "OFFERED_TO_ACQUIRE") for r in rels), text
        assert (s, "TRANSFERRED_TO", b) not in rels, text


@pytest.mark.model
@pytest.mark.parametrize("s, b", [(s, b) for s, _, b in PARTIES])
def test_selling_assets_still_transfers_them(s, b):
    text = f"{s} sold customer assets to {b} in July."
    assert (s, "TRANSFERRED_TO", b) in relations(text), text


WHOLE = [
    "On 1 April 2025 {b} acquired the whole of the share capital of {x} from Mabley Holdings Limited.",
    "{b} acquired all of the shares of {x}.",
    "{b} acquired all the shares in {x}.",
    "{b} acquired the entire issued share capital of {x}.",
]


@pytest.mark.model
@pytest.mark.parametrize("template", WHOLE)
@pytest.mark.parametrize("x, b", [(x, b) for _, x, b in PARTIES])
def test_the_whole_of_a_firms_shares_is_the_firm_owned(template, x, b):
    text = template.format(x=x, b=b)
    assert (b, "OWNS", x) in relations(text), text


@pytest.mark.model
@pytest.mark.parametrize("x, b", [(x, b) for _, x, b in PARTIES])
def test_part_of_the_share_capital_is_an_investment_not_ownership(x, b):
    text = f"{b} acquired 30% of the share capital of {x}."
    rels = relations(text)
    assert (b, "INVESTED_IN", x) in rels, text
    assert (b, "OWNS", x) not in rels, text


FIRM_NAMES = ["Groupe Delmont-Oster Finance SA", "Harkwell-Tessmoor Bank AG", "Corrow-Vantage Holdings plc"]


@pytest.mark.model
@pytest.mark.parametrize("firm", FIRM_NAMES)
@pytest.mark.parametrize("opening", ["", "PARIS, 4 September - "])
def test_a_board_of_a_firm_is_no_part_of_its_name(firm, opening):
    text = f'{opening}The Board of Directors of {firm} ("the Company") wishes to respond to articles. ' \
           f'{firm} lent $4 million to Oskett Trading Ltd.'
    g, rels = graph(text)
    names = {e.name for e in g.entities}
    assert firm in names, (text, names)
    assert not any(n.startswith("Board") for n in names), names
    assert (firm, "LENT_TO", "Oskett Trading Ltd") in rels, text


@pytest.mark.model
@pytest.mark.parametrize("text, whole", [
    ("The Central Bank of Kessel-Marn froze the accounts.", "Central Bank of Kessel-Marn"),
    ("The U.S. Bankruptcy Court for the District of Delaware approved the sale.",
     "U.S. Bankruptcy Court for the District of Delaware"),
])
def test_an_institutions_name_runs_to_the_end_of_a_hyphenated_word(text, whole):
    assert whole in {e.name for e in extract(text, "t.txt").entities}, text


RELEASE = """{label}

{firm}: Board changes

GENEVA, 3 May - The Board of Directors of {firm} ("Harkwell" or "the Company") today announced changes.

Harkwell Trelawn Bank and Varrow Capital welcomed the news. Varrow Capital and Harkwell Trelawn Bank said so again.

The Board announces that Oriane Castelnau, Chief Executive Officer since 2019, will step down on 30 September. Piet Vandersloot, currently Chief Financial Officer, will serve as interim Chief Executive Officer.
"""


@pytest.mark.model
@pytest.mark.parametrize("label", ["PRESS RELEASE", "FOR IMMEDIATE RELEASE", "STATEMENT BY THE BOARD"])
@pytest.mark.parametrize("firm", ["Harkwell Finance SA", "Harkwell Pemsworth AG"])
def test_the_headline_under_a_label_in_capitals_names_the_releases_own_firm(label, firm):
    text = RELEASE.format(label=label, firm=firm)
    rels = relations(text)
    for person in ("Oriane Castelnau", "Piet Vandersloot"):
        assert (person, "LEADS", firm) in rels, (label, firm, sorted(rels))


@pytest.mark.model
@pytest.mark.parametrize("word", ["to", "from", "with"])
@pytest.mark.parametrize("x, b", [(x, b) for _, x, b in PARTIES])
def test_a_legal_form_closes_a_name_whatever_small_word_follows(word, x, b):
    text = f"Wendham Holdings plc moved the accounts of {x} {word} {b} last year."
    names = {e.name for e in extract(text, "t.txt").entities}
    assert {x, b} <= names, (text, names)


# --- tokens: a possessed apposition types the token; a token held by a party ---------------------------------
ISSUERS = ["Quillet Exchange", "Varnsby Labs", "Ostrand Markets Ltd"]
TOKENS = ["BRNX", "QVTA", "LNTH"]
HOLDERS = ["Pendle Trading Ltd", "Lenthall Capital", "Marrable Partners"]


@pytest.mark.model
@pytest.mark.parametrize("apposition", ["its own token", "its token", "its in-house coin"])
@pytest.mark.parametrize("issuer, token, holder", list(zip(ISSUERS, TOKENS, HOLDERS)))
def test_a_possessed_apposition_makes_a_ticker_a_token_and_its_holders_hold_it(apposition, issuer, token, holder):
    text = f"{issuer} issued {token}, {apposition}, in 2020. {holder} holds about forty percent of all the {token} out there."
    g, rels = graph(text)
    assert {e.name: e.type for e in g.entities}.get(token) == "Token", text
    assert (holder, "HOLDS_TOKEN", token) in rels, text
    assert (holder, "OWNS", token) not in rels, text


@pytest.mark.model
@pytest.mark.parametrize("person", ["Ruddock Fenmoor", "Asterley Harlowe"])
def test_a_possessed_title_still_states_the_post(person):
    text = f"Zarn Pomeroy Ltd was founded in 2019 by {person}, its chief executive, and Lenthall Dunmere."
    rels = relations(text)
    assert (person, "LEADS", "Zarn Pomeroy Ltd") in rels, text
    assert (person, "FOUNDED", "Zarn Pomeroy Ltd") in rels, text


@pytest.mark.model
@pytest.mark.parametrize("issuer, token, holder", list(zip(ISSUERS, TOKENS, HOLDERS)))
def test_a_token_held_by_a_party_is_held_and_a_gapped_second_holder_too(issuer, token, holder):
    text = f"{issuer} issued {token}, its own token, in 2020. Of this amount, 90,000,000 {token} is held by " \
           f"{holder} and 80,000,000 {token} by Asterley Harlowe."
    rels = relations(text)
    assert (holder, "HOLDS_TOKEN", token) in rels, text
    assert ("Asterley Harlowe", "HOLDS_TOKEN", token) in rels, text


@pytest.mark.model
@pytest.mark.parametrize("issuer, token, holder", list(zip(ISSUERS, TOKENS, HOLDERS)))
def test_reserves_held_for_a_token_are_not_the_token(issuer, token, holder):
    text = f"{issuer} issued {token}, its own token, in 2020. The {token} reserves held by {holder} had fallen."
    assert (holder, "HOLDS_TOKEN", token) not in relations(text), text


@pytest.mark.model
@pytest.mark.parametrize("firm, a, b", [("Halsey Pomeroy Trust", "Pendle Trading Ltd", "Lenthall Capital"),
                                        ("Varnsby Ostrand AG", "Marrable Partners", "Quillet Exchange")])
def test_a_firm_owned_in_parts_by_two_parties_is_owned_by_both(firm, a, b):
    text = f"{firm} is owned 60% by {a} and 40% by {b}."
    rels = relations(text)
    assert (a, "OWNS", firm) in rels and (b, "OWNS", firm) in rels, text
