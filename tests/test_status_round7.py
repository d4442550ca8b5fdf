"""Round 7 status cues (issue 13): how far a denial, an allegation or a report reaches, hedges in the passive,
coordinated endings and denials, plans to move money; on sentences whose names are found nowhere else in the
project, each with a near miss that must keep its status."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def statuses(nlp, text: str) -> dict[tuple[str, str, str], str | None]:
    """(source name, type, target name) -> the status kg reads for that relation in ``text``."""
    from kg.extract import extract

    g = extract(text, nlp=nlp)
    name = {e.id: e.name for e in g.entities}
    return {(name[r.source], r.type, name[r.target]): r.status for r in g.relations}


def status(nlp, text: str, rel: tuple[str, str, str]) -> str | None:
    found = statuses(nlp, text)
    assert rel in found, found
    return found[rel]


# --- a description hung on a noun is the writer's: a denial or allegation about the noun does not reach it ----
@pytest.mark.parametrize("text, rel", [
    ("Ormund Vash, the chief executive of Tesselby Bank, denied any wrongdoing.", ("Ormund Vash", "LEADS", "Tesselby Bank")),
    ("Ormund Vash, who founded Tesselby Bank in 2009, is accused of fraud.", ("Ormund Vash", "FOUNDED", "Tesselby Bank")),
    ("The Tesselby Herald reported that Pirrin Holdings sent $9 million to Saltmere Ltd, a trading firm owned by "
     "Wystan Grael.", ("Wystan Grael", "OWNS", "Saltmere Ltd")),
])
def test_a_description_is_outside_what_its_clause_says(nlp, text, rel):
    assert status(nlp, text, rel) is None


def test_the_clause_itself_is_still_denied_or_alleged(nlp):
    assert status(nlp, "Ormund Vash denied that he controls Tesselby Bank.", ("Ormund Vash", "CONTROLS", "Tesselby Bank")) == "denied"
    text = "The Tesselby Herald reported that Pirrin Holdings sent $9 million to Saltmere Ltd, a trading firm owned by Wystan Grael."
    assert status(nlp, text, ("Pirrin Holdings", "TRANSFERRED_TO", "Saltmere Ltd")) == "alleged"


def test_an_ending_still_reaches_past_a_description(nlp):
    text = "Kelvaro Trust, which had agreed to buy Dravnik Labs in May, withdrew its offer in June."
    assert status(nlp, text, ("Kelvaro Trust", "OFFERED_TO_ACQUIRE", "Dravnik Labs")) == "withdrawn"


# --- what is reported, claimed or rumoured is an allegation ---------------------------------------------------
@pytest.mark.parametrize("text, rel", [
    ("The Tesselby Herald reported on Monday that Pirrin Holdings had lent $30 million to Saltmere Ltd.",
     ("Pirrin Holdings", "LENT_TO", "Saltmere Ltd")),
    ("A newsletter claims that Pirrin Holdings lent $30 million to Saltmere Ltd.", ("Pirrin Holdings", "LENT_TO", "Saltmere Ltd")),
    ("There is speculation that Wystan Grael controls Saltmere Ltd.", ("Wystan Grael", "CONTROLS", "Saltmere Ltd")),
    ("Saltmere Ltd is understood to be among the largest holders of VSHX.", ("Saltmere Ltd", "HOLDS_TOKEN", "VSHX")),
    ("Instead, the receiver alleges, Pirrin Holdings lent $30 million to Saltmere Ltd.", ("Pirrin Holdings", "LENT_TO", "Saltmere Ltd")),
])
def test_a_reported_claimed_or_rumoured_relation_is_alleged(nlp, text, rel):
    assert status(nlp, text, rel) == "alleged"


def test_a_relation_the_writer_states_is_plain(nlp):
    text = "Pirrin Holdings lent $30 million to Saltmere Ltd, the Tesselby Herald's owner said on Monday."
    assert status(nlp, text, ("Pirrin Holdings", "LENT_TO", "Saltmere Ltd")) is None
    assert status(nlp, "Saltmere Ltd is among the largest holders of VSHX.", ("Saltmere Ltd", "HOLDS_TOKEN", "VSHX")) is None


# --- a coordinated clause that ends the offer, or denies the clause before it --------------------------------
@pytest.mark.parametrize("text", [
    "Kelvaro Trust had offered to acquire Dravnik Labs for $40 million in March but withdrew in May.",
    "Kelvaro Trust agreed to buy Dravnik Labs and then pulled out a week later.",
])
def test_an_offer_coordinated_with_its_withdrawal_is_withdrawn(nlp, text):
    assert status(nlp, text, ("Kelvaro Trust", "OFFERED_TO_ACQUIRE", "Dravnik Labs")) == "withdrawn"


def test_a_coordinated_clause_with_its_own_subject_does_not_withdraw_the_offer(nlp):
    text = "Kelvaro Trust offered to acquire Dravnik Labs in March, and Ibsley Bank withdrew its deposits."
    assert status(nlp, text, ("Kelvaro Trust", "OFFERED_TO_ACQUIRE", "Dravnik Labs")) != "withdrawn"


def test_but_denied_it_denies_the_clause_before(nlp):
    for text in ["Traders say that Tarquist Capital bought a large amount of VSHX tokens, but Tarquist Capital denied it.",
                 "Traders say that Tarquist Capital bought a large amount of VSHX tokens last year, but the firm denied it."]:
        assert status(nlp, text, ("Tarquist Capital", "HOLDS_TOKEN", "VSHX")) == "denied"
    text = "Tarquist Capital bought a large amount of VSHX tokens last year and denied any wrongdoing."
    assert status(nlp, text, ("Tarquist Capital", "HOLDS_TOKEN", "VSHX")) is None


# --- plans and commitments to move money ----------------------------------------------------------------------
@pytest.mark.parametrize("text, rel", [
    ("Pirrin Holdings planned to transfer $5 million to Saltmere Ltd before July.", ("Pirrin Holdings", "TRANSFERRED_TO", "Saltmere Ltd")),
    ("Culvane Partners has committed to invest $20 million in Saltmere Ltd.", ("Culvane Partners", "INVESTED_IN", "Saltmere Ltd")),
    ("Culvane Partners expressed interest in acquiring Saltmere Ltd.", ("Culvane Partners", "OFFERED_TO_ACQUIRE", "Saltmere Ltd")),
])
def test_a_plan_or_commitment_is_planned(nlp, text, rel):
    assert status(nlp, text, rel) == "planned"


def test_a_transfer_made_is_plain(nlp):
    assert status(nlp, "Pirrin Holdings transferred $5 million to Saltmere Ltd in July.",
                  ("Pirrin Holdings", "TRANSFERRED_TO", "Saltmere Ltd")) is None


@pytest.mark.parametrize("verb", ["appears to be sitting on", "seems to hold"])
def test_an_active_hedge_is_alleged(nlp, verb):
    text = f"Tarquist Capital also {verb} an enormous pile of VSHX tokens."
    assert status(nlp, text, ("Tarquist Capital", "HOLDS_TOKEN", "VSHX")) == "alleged"


def test_a_cue_noun_after_a_copula_with_a_real_subject_frames_nothing(nlp):
    # "He was its chief executive ..., charges he denies": the noun is no frame ("there is a rumour that" is)
    text = ("Ormund Vash was the chief executive of Tesselby Bank until 2024, and in 2025 he was charged with fraud, "
            "charges he denies.")
    assert status(nlp, text, ("Ormund Vash", "LEADS", "Tesselby Bank")) is None
