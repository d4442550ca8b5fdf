"""kg_entities on hand-written sentences with invented names (they appear nowhere else in kg)."""
import pytest

from kg.extract.entities import doc_entities, doc_mentions

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def entity_nlp():
    """The trained pipeline with kg_entities only (relations are tested on their own)."""
    import importlib
    import os

    import spacy

    from kg.extract import MODEL_CANDIDATES
    from kg.extract import entities as _entities  # noqa: F401  (registers the factory)

    for name in ([os.environ["KG_SPACY_MODEL"]] if os.environ.get("KG_SPACY_MODEL") else MODEL_CANDIDATES):
        try:
            nlp = spacy.load(name)
        except (OSError, ImportError):
            try:
                nlp = importlib.import_module(name).load()
            except ImportError:
                continue
        nlp.add_pipe("kg_entities")
        return nlp
    pytest.skip("no trained English spaCy pipeline installed")


@pytest.fixture(scope="module")
def run(entity_nlp):
    nlp = entity_nlp
    cache = {}

    def _run(text):
        if text not in cache:
            cache[text] = nlp(text)
        return cache[text]

    return _run


def by_name(doc):
    return {e.name: e for e in doc_entities(doc)}


def entity_of(doc, surface, kind=None):
    """The entity key of the first mention with this exact text (and kind)."""
    for sp in doc.spans["kg_mentions"]:
        if sp.text == surface and (kind is None or sp._.kg_mention_kind == kind):
            return sp._.kg_entity
    return None


def key(doc, name):
    return by_name(doc)[name].id


def test_spans_and_extensions_exist_and_do_not_overlap(run):
    doc = run("Brisa Okonkwo founded Tessaline Markets in 2019. The exchange grew fast, and she ran it alone.")
    spans = list(doc.spans["kg_mentions"])
    assert spans
    for a, b in zip(spans, spans[1:]):
        assert a.end <= b.start
    assert all(sp._.kg_entity in doc._.kg_entities for sp in spans)
    assert {m.kind for m in doc_mentions(doc)} <= {"name", "description", "pronoun"}


def test_apposition_types_a_place_like_name_as_a_firm(run):
    doc = run("Corvale, a trading firm run by Idris Mbeki-Laurent, borrowed $2 billion from Vantor Exchange. "
              "Corvale later repaid part of the loan.")
    ents = by_name(doc)
    assert ents["Corvale"].type == "Organization"
    assert ents["Idris Mbeki-Laurent"].type == "Person"
    assert ents["Vantor Exchange"].type == "Organization"


def test_title_word_is_not_glued_into_the_person(run):
    doc = run("Vantor Exchange founder Odalys Pereira-Quist said the platform was solvent. Pereira-Quist's lawyers declined to comment.")
    ents = by_name(doc)
    assert "Odalys Pereira-Quist" in ents and ents["Odalys Pereira-Quist"].type == "Person"
    assert "Pereira-Quist" in ents["Odalys Pereira-Quist"].aliases  # possessive cleaned
    assert ents["Vantor Exchange"].type == "Organization"
    assert not any("founder" in n.lower() for n in ents)


def test_mr_title_surname_and_misspelling_cluster_into_one_person(run):
    doc = run("Tobias Wrenfield-Achebe ran the fund for a decade. Mr. Wrenfield-Achebe denied the claims, and "
              "Wrenfeld-Achebe's spokesman said the transfers were legal.")
    people = [e for e in doc_entities(doc) if e.type == "Person"]
    assert len(people) == 1
    assert people[0].name == "Tobias Wrenfield-Achebe"
    assert {"Wrenfield-Achebe", "Wrenfeld-Achebe"} <= set(people[0].aliases)


def test_initials_join_the_person(run):
    doc = run("Lucan Petrossian-Hale, widely known as LPH, built the exchange. LPH later resigned.")
    assert entity_of(doc, "LPH") == key(doc, "Lucan Petrossian-Hale")


def test_suffix_variants_and_short_form_are_one_org_but_a_division_is_not(run):
    doc = run("Quillory Trading Ltd filed for bankruptcy on Friday. Quillory had run the exchange since 2018, "
              "while Quillory.US, its American arm, kept operating. Quillory Research, the trading firm, lent money to Quillory.")
    orgs = {e.id: e for e in doc_entities(doc) if e.type == "Organization"}
    q = entity_of(doc, "Quillory")
    assert entity_of(doc, "Quillory Trading Ltd") == q
    assert entity_of(doc, "Quillory.US") not in (None, q)
    assert entity_of(doc, "Quillory Research") not in (None, q)
    assert len(orgs) == 3


def test_exchange_vs_its_token_stay_distinct(run):
    doc = run("The exchange Brumel issued its own token, BRX. Holders of BRX tokens panicked when Brumel froze withdrawals.")
    ents = by_name(doc)
    assert ents["Brumel"].type == "Organization"
    assert ents["BRX"].type == "Token"
    assert entity_of(doc, "Brumel") != entity_of(doc, "BRX")


def test_tokens_from_context(run):
    doc = run("Alameda-style lender Kivex Capital held $300 million worth of Zentari and 40,000 QLM. "
              "The Orbix stablecoin (ORBX) lost its peg, and Vellacoin fell 30%.")
    ents = by_name(doc)
    assert ents["Zentari"].type == "Token"
    assert ents["QLM"].type == "Token"
    orbix = next(e for e in doc_entities(doc) if "Orbix" in e.aliases)
    assert orbix.type == "Token" and "ORBX" in orbix.aliases
    assert ents["Vellacoin"].type == "Token"
    assert ents["Kivex Capital"].type == "Organization"


def test_known_coins_from_the_lexicon(run):
    doc = run("Investors swapped bitcoin and ether for USDC as Tether (USDT) wobbled.")
    types = {e.name: e.type for e in doc_entities(doc)}
    assert types.get("Bitcoin") == "Token" and types.get("Ether") == "Token" and types.get("USD Coin") == "Token"
    tether = next(e for e in doc_entities(doc) if "USDT" in e.aliases)
    assert tether.type == "Token" and "Tether" in tether.aliases


def test_groups_are_named_after_their_organisation(run):
    doc = run("Marrowind Bank froze the accounts of 40,000 customers. Marrowind customers protested, and "
              "depositors of Marrowind Bank queued outside. Later, the Marrowind depositors sued.")
    groups = [e for e in doc_entities(doc) if e.type == "Group"]
    assert len(groups) == 1
    assert groups[0].name == "Marrowind Bank customers" or groups[0].name == "Marrowind customers"
    assert "depositors" in groups[0].aliases


def test_bare_investor_kinds_form_their_own_group(run):
    doc = run("Retail investors lost heavily when Fennick Labs collapsed, and the investors have since sued.")
    groups = {e.name for e in doc_entities(doc) if e.type == "Group"}
    assert "retail investors" in groups


def test_description_coreference_uses_head_nouns(run):
    doc = run("Tessaline Markets, the cryptocurrency exchange, lent $4 billion to Hobarth Quant, a trading firm "
              "controlled by its founder. The exchange later said the trading firm had repaid nothing.")
    assert entity_of(doc, "The exchange", "description") == key(doc, "Tessaline Markets")
    assert entity_of(doc, "the trading firm", "description") == key(doc, "Hobarth Quant")


def test_description_without_a_clear_antecedent_is_left_alone(run):
    doc = run("Pemberly Holdings and Castorne Group both reported losses. The exchange declined to comment.")
    assert entity_of(doc, "The exchange") is None


def test_pronouns_follow_a_single_clear_antecedent(run):
    doc = run("Ysolde Farrant-Mbeki joined Brumel Exchange in 2020. She later said it had misled her. "
              "Halvard Oyen and Rasmus Teig met in March. He said little.")
    assert entity_of(doc, "She", "pronoun") == key(doc, "Ysolde Farrant-Mbeki")
    assert entity_of(doc, "it", "pronoun") == key(doc, "Brumel Exchange")
    assert entity_of(doc, "He") is None  # two men in view: ambiguous


def test_type_corrections_and_dropped_non_entities(run):
    doc = run("HOUSTON - Ondrell Corp said on Monday that Nassimo, a Swiss hedge fund, had bought 5% of the company. "
              "Ondrell's shares rose in Texas.")
    ents = by_name(doc)
    assert ents["Nassimo"].type == "Organization"
    assert not {"HOUSTON", "Houston", "Texas", "Monday", "Swiss"} & set(ents)
    assert any(e.type == "Organization" and "Ondrell" in e.aliases for e in doc_entities(doc))


def test_headline_capitals_do_not_invent_names(run):
    doc = run("Crypto Lender Wexmoor Halts Withdrawals As Losses Mount\n\nWexmoor Finance, a crypto lender, halted withdrawals on Tuesday.")
    names = set(by_name(doc))
    assert "Wexmoor Finance" in names
    assert not any("Halts" in n or "Losses" in n or "Lender" in n for n in names)
