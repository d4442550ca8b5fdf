"""Round 13 (developed on blind set I after its first score): words that are no party's name in the registers set I
brought (a currency code before a figure, a reporting period, a ratio, a rating word, chat abbreviations) unless
the article defines them as a party's initialism; a month after "in" is no given name; a verb in small letters
ends a name the model ran on; a hyphenated participle inside an apposition ("a sterling-pegged settlement token")
types the name; a form's field line ("Present: A (Chair), B (Chief Executive)") is no headline. Names are
invented and found nowhere else in the project."""
import pytest

from kg.extract import extract


def entities(text: str) -> dict[str, str]:
    return {e.name: e.type for e in extract(text, "t.txt").entities}


def relations(text: str) -> set[tuple[str, str, str]]:
    g = extract(text, "t.txt")
    names = {e.id: e.name for e in g.entities}
    return {(names[r.source], r.type, names[r.target]) for r in g.relations}


@pytest.mark.model
@pytest.mark.parametrize("code", ["GBP", "EUR", "CHF", "JPY"])
def test_a_currency_code_before_a_figure_is_an_amount_not_a_party(code):
    text = f"Quenwick Bank lent {code} 40 million to Ardlow Payments plc in May."
    ents = entities(text)
    assert code not in ents, ents
    assert ("Quenwick Bank", "LENT_TO", "Ardlow Payments plc") in relations(text), text
    g = extract(text, "t.txt")
    assert [r.amount_text for r in g.relations if r.type == "LENT_TO"] == [f"{code} 40 million"], text


@pytest.mark.model
@pytest.mark.parametrize("sentence", [
    "In FY24 EBITDA rose 12% at Quenwick Bank.",
    "Revenue for FY25 falls 4% to GBP 612 million at Quenwick Bank, and EPS falls 15%.",
    "We downgrade Quenwick Bank to Underweight from Overweight.",
    "Quenwick Bank's H1 2025 results were weak; CAPEX doubled.",
])
def test_reporting_periods_ratios_and_ratings_are_no_names(sentence):
    assert set(entities(sentence)) == {"Quenwick Bank"}, sentence


@pytest.mark.model
def test_chat_abbreviations_are_no_names_but_a_defined_initialism_is_a_party():
    text = "gm everyone. DYOR and WAGMI, as always. TGE is on Friday, DM a moderator with questions. " \
           "Plessy Labs runs the treasury of Morvane Protocol."
    assert set(entities(text)) >= {"Plessy Labs", "Morvane Protocol"}
    assert not {"DYOR", "WAGMI", "TGE", "DM"} & set(entities(text)), entities(text)
    defined = 'Tarrock Markets ("DM") lent $4 million to Ebbisham Trust. DM said the loan was repaid.'
    ents = extract(defined, "t.txt").entities
    assert any(e.name == "Tarrock Markets" and "DM" in e.aliases for e in ents), [(e.name, e.aliases) for e in ents]


@pytest.mark.model
@pytest.mark.parametrize("month", ["June", "April", "May"])
def test_a_month_after_in_is_no_given_name(month):
    text = f"Wyncroft Payments plc owns Wyncroft Digital Ltd. In {month} Wyncroft agreed to acquire Kestley Card Services."
    ents = entities(text)
    assert not any(n.startswith(month) for n in ents), ents
    assert ("Wyncroft Payments plc", "OFFERED_TO_ACQUIRE", "Kestley Card Services") in relations(text) or \
        ("Wyncroft Payments plc", "ACQUIRED", "Kestley Card Services") in relations(text), sorted(relations(text))


@pytest.mark.model
def test_a_given_name_that_is_a_month_still_names_a_person():
    assert entities("April Dovrin joined Sarnett Capital as chief executive.").get("April Dovrin") == "Person"


@pytest.mark.model
@pytest.mark.parametrize("verb", ["prepaid", "paid", "wired"])
def test_a_verb_in_small_letters_ends_a_name(verb):
    text = f"Across FY24, Brockhill {verb} Ulmstead Settlement Ltd a total of $85 million. Brockhill is a lender."
    ents = entities(text)
    assert "Ulmstead Settlement Ltd" in ents, ents
    assert not any(verb in n for n in ents), ents


@pytest.mark.model
@pytest.mark.parametrize("kind", ["a sterling-pegged settlement token", "a dollar-backed stablecoin",
                                  "its euro-linked coin"])
def test_a_hyphenated_participle_in_an_apposition_types_the_name(kind):
    text = f"Talgarth Digital Ltd was launched in 2024 to issue QRLN, {kind}. Quorlin Capital holds most of the QRLN in circulation."
    ents = entities(text)
    assert ents.get("QRLN") == "Token", ents
    assert ("Quorlin Capital", "HOLDS_TOKEN", "QRLN") in relations(text), text


MINUTES = """TALGARTH FUND ADMINISTRATION LIMITED

Present: {a} (Chair), {b} (Chief Executive), {c} (Finance Director)

In attendance: {d} (Company Secretary)

1.1 The Chair confirmed that a quorum was present.
"""


@pytest.mark.model
def test_a_field_line_of_a_form_lists_its_names():
    people = ["Euphrasia Kestley", "Tobiah Wyncroft", "Aoife Sarnett", "Corwin Ulmstead"]
    text = MINUTES.format(a=people[0], b=people[1], c=people[2], d=people[3])
    ents = entities(text)
    for p in people:
        assert ents.get(p) == "Person", (p, ents)
