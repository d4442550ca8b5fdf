"""Round 15 (developed on the older unseen articles; blind set J not yet read): a title said of its holder with
no firm of its own ("X became chief executive") is at the firm the holder was just said to found; a board seat
("sits on the board of X", "took a seat on its board") is leading the firm; "A joins X as chief executive", "X
hires A as managing director", "A returns to X as chief operating officer", "at X, where he was finance
director"; a firm named after its founder keeps its one-word short form ("Sorvik Custody AS ... Sorvik, founded by
Ingrid Sorvik"), and a firm named only after a short form was in use is no rival for it. Names are invented and
found nowhere else in the project."""
import pytest

from kg.extract import extract


def graph(text: str):
    g = extract(text, "t.txt")
    names = {e.id: e.name for e in g.entities}
    aliases = {e.name: set(e.aliases) for e in g.entities}
    return ({e.name: e.type for e in g.entities}, {(names[r.source], r.type, names[r.target]) for r in g.relations},
            aliases)


# --- a title with no firm of its own, after a founding ---------------------------------------------------
FOUNDED = """Pemberdown Pay collapses as regulators close in

Hartsdown Quiller and Elspeth Mabyn met at university in Leeds. In 2017 the pair founded Pemberdown Pay in a rented garage, with money from friends. {holder} {verb} {title}.

Two years later Quiller set up Sennock Trading, a market maker. Sennock Trading took most of the exchange's order flow. Staff were told Sennock Trading was an outside firm. Sennock Trading has since closed.
"""


@pytest.mark.model
@pytest.mark.parametrize("verb", ["became", "was", "served as", "stayed on as", "took the title of"])
@pytest.mark.parametrize("holder,full,title", [
    ("Quiller", "Hartsdown Quiller", "chief executive"),
    ("Mabyn", "Elspeth Mabyn", "chief technology officer"),
])
def test_a_title_said_of_its_holder_is_at_the_firm_the_holder_just_founded(verb, holder, full, title):
    ents, rels, _ = graph(FOUNDED.format(holder=holder, verb=verb, title=title))
    assert (full, "LEADS", "Pemberdown Pay") in rels, sorted(rels)
    assert (full, "LEADS", "Sennock Trading") not in rels, sorted(rels)


@pytest.mark.model
def test_a_title_after_two_foundings_in_one_sentence_takes_neither():
    text = ("Hartsdown Quiller is a serial founder. In 2015 he co-founded Pemberdown Pay and Cullerne Lending. "
            "Quiller became chief executive. Ebberly Hobbin, a banker, invested later.")
    ents, rels, _ = graph(text)
    assert ("Hartsdown Quiller", "LEADS", "Pemberdown Pay") not in rels, sorted(rels)
    assert ("Hartsdown Quiller", "LEADS", "Cullerne Lending") not in rels, sorted(rels)


@pytest.mark.model
def test_ran_a_firm_as_chief_executive_does_not_lead_for_the_coordinated_names_outside_the_clause():
    text = ("Ambrosine Tibbald, who ran Cressmoor Labs as chief executive, Gwendra Pelloe and Yarnfield Drumlevin "
            "all pleaded guilty and testified against their former boss.")
    ents, rels, _ = graph(text)
    assert ("Ambrosine Tibbald", "LEADS", "Cressmoor Labs") in rels, sorted(rels)
    assert ("Gwendra Pelloe", "LEADS", "Cressmoor Labs") not in rels, sorted(rels)
    assert ("Yarnfield Drumlevin", "LEADS", "Cressmoor Labs") not in rels, sorted(rels)


# --- board seats ------------------------------------------------------------------------------------------
@pytest.mark.model
@pytest.mark.parametrize("sentence", [
    "Gwendra Pelloe sits on the board of Cressmoor Labs.",
    "Gwendra Pelloe still sits on Cressmoor Labs's board.",
    "Gwendra Pelloe serves on the board of Cressmoor Labs.",
    "Gwendra Pelloe sat on the board of Cressmoor Labs until 2023.",
    "Cressmoor Labs is a lender in Leeds. Gwendra Pelloe took a seat on its board in 2022.",
])
def test_a_board_seat_is_leading_the_firm(sentence):
    ents, rels, _ = graph(sentence)
    assert ("Gwendra Pelloe", "LEADS", "Cressmoor Labs") in rels, sorted(rels)


@pytest.mark.model
def test_a_bare_board_after_an_investment_is_the_board_of_the_firm_invested_in():
    text = ("Ashgill Ventures led a $25 million round in Cressmoor Labs in 2022 and now owns roughly 18 per cent "
            "of the company; its partner, Gwendra Pelloe, sits on the board.")
    ents, rels, _ = graph(text)
    assert ("Gwendra Pelloe", "LEADS", "Cressmoor Labs") in rels, sorted(rels)
    assert ("Gwendra Pelloe", "LEADS", "Ashgill Ventures") not in rels, sorted(rels)


@pytest.mark.model
@pytest.mark.parametrize("sentence", [
    "Gwendra Pelloe sits on the advisory board of Cressmoor Labs.",
    "Gwendra Pelloe sits on a bench outside Cressmoor Labs.",
    "Gwendra Pelloe took a seat at the back of the Cressmoor Labs meeting.",
])
def test_an_advisory_board_or_a_seat_elsewhere_is_no_leading(sentence):
    ents, rels, _ = graph(sentence)
    assert ("Gwendra Pelloe", "LEADS", "Cressmoor Labs") not in rels, sorted(rels)


# --- "as" titles: joining, hiring, returning ---------------------------------------------------------------
@pytest.mark.model
@pytest.mark.parametrize("sentence,holder,firm", [
    ("Wendaline Bexmoor joins Glastry Exchange as chief executive.", "Wendaline Bexmoor", "Glastry Exchange"),
    ("Wendaline Bexmoor joined Glastry Exchange as chief financial officer in May.", "Wendaline Bexmoor", "Glastry Exchange"),
    ("Glastry Exchange hires Wendaline Bexmoor as managing director.", "Wendaline Bexmoor", "Glastry Exchange"),
    ("Glastry Exchange has hired Wendaline Bexmoor as chief operating officer.", "Wendaline Bexmoor", "Glastry Exchange"),
    ("Wendaline Bexmoor returns to Glastry Exchange as chief operating officer after three years away.",
     "Wendaline Bexmoor", "Glastry Exchange"),
])
def test_a_title_taken_as_a_verb_joins_or_hires_is_at_the_firm_of_the_verb(sentence, holder, firm):
    ents, rels, _ = graph(sentence)
    assert (holder, "LEADS", firm) in rels, sorted(rels)


@pytest.mark.model
def test_hiring_as_a_title_does_not_make_the_firm_lead_itself_or_the_hire_lead_elsewhere():
    ents, rels, _ = graph("Glastry Exchange hires Wendaline Bexmoor as managing director, from Sallowby Bank.")
    assert ("Wendaline Bexmoor", "LEADS", "Sallowby Bank") not in rels, sorted(rels)
    assert not any(s == "Glastry Exchange" and t == "LEADS" for s, t, _ in rels), sorted(rels)


@pytest.mark.model
def test_where_he_was_a_title_is_at_the_place_the_clause_describes():
    text = ("Tibbald Ansty returns to Glastry Exchange as chief operating officer after three years at its rival "
            "Quenstock Administration, where he was finance director.")
    ents, rels, _ = graph(text)
    assert ("Tibbald Ansty", "LEADS", "Quenstock Administration") in rels, sorted(rels)
    assert ("Tibbald Ansty", "LEADS", "Glastry Exchange") in rels, sorted(rels)


# --- firms named after their founders ------------------------------------------------------------------------
@pytest.mark.model
@pytest.mark.parametrize("verb", ["founded", "set up", "established"])
def test_a_firm_named_after_its_founder_keeps_its_short_form(verb):
    text = (f"Ostravik Ledger AG has agreed to acquire Dunmorrow Custody AS for $90 million. Dunmorrow, {verb} in "
            "2016 by Ingrid Dunmorrow and Tibbald Ansty, safeguards $2 billion of digital assets for banks.")
    ents, rels, aliases = graph(text)
    assert "Dunmorrow" in aliases.get("Dunmorrow Custody AS", set()), aliases
    assert "Dunmorrow" not in aliases.get("Ingrid Dunmorrow", set()), aliases
    assert ("Ingrid Dunmorrow", "FOUNDED", "Dunmorrow Custody AS") in rels, sorted(rels)
    assert ("Tibbald Ansty", "FOUNDED", "Dunmorrow Custody AS") in rels, sorted(rels)


@pytest.mark.model
def test_a_person_named_before_a_firm_of_her_name_keeps_her_surname():
    text = ("Pirrig Trust lent $18 million to a company owned by its own chief executive, Wendaline Bexmoor. The "
            "borrower, Bexmoor Estates Ltd, is a separate business, a spokesperson said. Pirrig denied that Bexmoor "
            "controls the borrower's finances.")
    ents, rels, aliases = graph(text)
    assert ents.get("Wendaline Bexmoor") == "Person", ents
    assert "Bexmoor" not in aliases.get("Bexmoor Estates Ltd", set()), aliases


@pytest.mark.model
def test_a_short_form_in_use_before_a_sister_firm_is_named_stays_the_first_firm():
    text = ("Varrowick Ledger AG said on Monday that it had agreed to buy Keswyn Custody AS. Varrowick already owns "
            "9.9 percent of Keswyn, which it bought in 2022. Varrowick Markets Ltd, a unit of Varrowick Ledger AG, "
            "will run the trading desk.")
    ents, rels, aliases = graph(text)
    assert ("Varrowick Ledger AG", "OWNS", "Keswyn Custody AS") in rels, sorted(rels)
    assert "Varrowick" not in aliases.get("Varrowick Markets Ltd", set()), aliases


@pytest.mark.model
def test_a_short_form_shared_by_two_firms_named_before_it_stays_unresolved():
    text = ("Varrowick Ledger AG and its unit Varrowick Markets Ltd were named in the complaint. Varrowick said it "
            "would fight the case.")
    ents, rels, aliases = graph(text)
    both = [n for n in ("Varrowick Ledger AG", "Varrowick Markets Ltd") if "Varrowick" in aliases.get(n, set())]
    assert len(both) <= 1, aliases


# --- round 15b (blind set J after its first score) --------------------------------------------------------
CHARGED = """The following were charged on Tuesday:

- Jowan Trevorrow, {age}, of {town}, the founder and chief executive of Lanlivery Digital LLC;
- Morwenna Carlyon, 39, of Tregony, Lanlivery's chief financial officer; and
- Ruan Boswinger, 51, of Pendower Township, the managing member of Quethiock Holdings LLC.
"""


@pytest.mark.model
@pytest.mark.parametrize("age", ["44", "7", "102"])
@pytest.mark.parametrize("town", ["Crantock Falls", "Goonhavern", "Perranwell Station"])
def test_a_town_after_a_defendants_age_is_no_party_and_the_title_is_the_defendants(age, town):
    ents, rels, _ = graph(CHARGED.format(age=age, town=town))
    assert town not in ents, ents
    assert "Tregony" not in ents and "Pendower Township" not in ents, ents
    assert ("Jowan Trevorrow", "FOUNDED", "Lanlivery Digital LLC") in rels, sorted(rels)
    assert ("Jowan Trevorrow", "LEADS", "Lanlivery Digital LLC") in rels, sorted(rels)
    assert ("Morwenna Carlyon", "LEADS", "Lanlivery Digital LLC") in rels, sorted(rels)
    assert ("Ruan Boswinger", "LEADS", "Quethiock Holdings LLC") in rels, sorted(rels)
    assert not any(s in (town, "Tregony", "Pendower Township") for s, _, _ in rels), sorted(rels)


@pytest.mark.model
@pytest.mark.parametrize("verb", ["appointed", "hired", "named", "has recruited"])
@pytest.mark.parametrize("title", ["general director", "managing director", "chief executive"])
def test_the_one_appointed_as_a_post_is_a_person_who_leads_the_appointing_firm(verb, title):
    ents, rels, _ = graph(f"Marazion Paiements SAS {verb} Kerenza Trebarwith as {title}.")
    assert ents.get("Kerenza Trebarwith") == "Person", ents
    assert ("Kerenza Trebarwith", "LEADS", "Marazion Paiements SAS") in rels, sorted(rels)


@pytest.mark.model
def test_an_appointing_verb_whose_object_the_parser_lost_makes_no_leader_of_the_appointer():
    text = "Mr. Penryn Lanreath has named in 2023 Kerenza Trebarwith as general director of Marazion Paiements SAS."
    ents, rels, _ = graph(text)
    assert ("Penryn Lanreath", "LEADS", "Marazion Paiements SAS") not in rels, sorted(rels)


@pytest.mark.model
def test_a_headline_short_form_does_not_stop_the_text_from_giving_it_its_firm():
    text = ("Marazion: the neobank of Lyon under pressure\n\nThe society Marazion Paiements SAS traverses a zone of "
            "turbulences. Marazion claims today 310,000 clients. Marazion paid Crantock Conseil SARL $14 million. "
            "The token was put in place in 2024 by Marazion Actifs Numeriques, a subsidiary of the group.")
    ents, rels, aliases = graph(text)
    assert "Marazion" in aliases.get("Marazion Paiements SAS", set()), aliases
    assert ("Marazion Paiements SAS", "TRANSFERRED_TO", "Crantock Conseil SARL") in rels, sorted(rels)


@pytest.mark.model
@pytest.mark.parametrize("text,topics", [
    ("The link between Pirrig Trust and Sennock Trading was first reported in May by Lowenthal Quennick of the "
     "Carrowmere Gazette.", ["Pirrig Trust", "Sennock Trading"]),
    ("Lowenthal Quennick of the Carrowmere Gazette reported that Pirrig Trust had lent $4 million to Sennock Trading.",
     ["Pirrig Trust"]),
])
def test_a_writer_of_a_publication_reports_with_it(text, topics):
    ents, rels, _ = graph(text)
    for who in ("Lowenthal Quennick", "Carrowmere Gazette"):
        for topic in topics:
            assert (who, "REPORTED_ON", topic) in rels, sorted(rels)


@pytest.mark.model
def test_a_person_of_a_firm_that_is_no_publication_reports_nothing():
    ents, rels, _ = graph("Lowenthal Quennick of Pirrig Trust said that Sennock Trading had repaid the loan.")
    assert not any(t == "REPORTED_ON" for _, t, _ in rels), sorted(rels)


@pytest.mark.model
@pytest.mark.parametrize("prep,verb,rel", [("to", "lent", "LENT_TO"), ("to", "paid", "TRANSFERRED_TO")])
def test_a_small_preposition_between_a_name_met_alone_and_the_next_splits_them(prep, verb, rel):
    text = (f"In 2025 Thessen introduced a savings product. Balances placed in it were {verb} by Thessen {prep} "
            "Korvalla Trading Ltd, a market-making firm. Thessen has since closed the product.")
    ents, rels, _ = graph(text)
    assert "Korvalla Trading Ltd" in ents, ents
    assert not any(" to " in n for n in ents), ents


@pytest.mark.model
@pytest.mark.parametrize("title", ["director", "chief executive", "founder"])
def test_a_trailing_title_with_its_own_holder_does_not_type_the_name_before_it(title):
    text = (f"Ombrane Labs issued the YELV token in 2021. Ombrane Labs has never held YELV, its {title} Dravenna "
            "Parrock told us.")
    ents, rels, _ = graph(text)
    assert ents.get("YELV") == "Token", ents
    assert not any(s == "YELV" for s, _, _ in rels), sorted(rels)


@pytest.mark.model
@pytest.mark.parametrize("head", ["Foundation", "Fund", "Trust", "Exchange"])
def test_the_last_word_of_one_firms_name_after_the_is_that_firm(head):
    text = (f"The Tollenby {head} holds the treasury of the network. Olvenna Sturrock is the sole director of the "
            f"{head}, a Cayman company with no shareholders.")
    ents, rels, _ = graph(text)
    assert ("Olvenna Sturrock", "LEADS", f"Tollenby {head}") in rels, sorted(rels)


@pytest.mark.model
def test_the_last_word_shared_by_two_firms_names_neither():
    text = ("Tollenby Foundation and Wreford Foundation both hold tokens. Olvenna Sturrock is the sole director of "
            "the Foundation.")
    ents, rels, _ = graph(text)
    assert not any(s == "Olvenna Sturrock" and t == "LEADS" for s, t, _ in rels), sorted(rels)


@pytest.mark.model
def test_a_title_of_a_firm_the_mentions_did_not_resolve_takes_no_founded_or_topic_firm():
    text = ("Caddell Labs Inc is the development company founded by Olvenna Sturrock. Sturrock is the sole director of "
            "the Council, a body with no shareholders. Caddell Labs Inc pays the bills; Caddell Labs Inc hires staff.")
    ents, rels, _ = graph(text)
    assert ("Olvenna Sturrock", "LEADS", "Caddell Labs Inc") not in rels, sorted(rels)
