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


# --- descriptions: head lexicon, adjectives, salience ------------------------------------------------------


def test_descriptions_with_adjectives_bind_to_the_party_described_with_that_head(run):
    doc = run("Velmora Exchange, a crypto exchange based in Lisbon, froze withdrawals on Monday. Brannock Quill, the "
              "trading firm run by Ottilie Serrano-Vance, had borrowed heavily from it. Regulators said the embattled "
              "exchange had lent customer money to the trading house for months.")
    assert entity_of(doc, "the embattled exchange", "description") == key(doc, "Velmora Exchange")
    assert entity_of(doc, "the trading house", "description") == key(doc, "Brannock Quill")


def test_generic_description_prefers_the_topic_over_a_company_named_in_passing(run):
    doc = run("Pellucid Tea, the fast-growing tea delivery start-up, sent $40 million to Harrowgate Holdings Ltd, a shell "
              "company in Jersey, according to the Dunmore Ledger. Arlo Penhallow, 44, denied the report. In a statement "
              "issued through the company, he said the start-up had done nothing wrong.")
    topic = key(doc, "Pellucid Tea")
    assert entity_of(doc, "the company", "description") == topic
    assert entity_of(doc, "the start-up", "description") == topic


def test_a_description_is_not_the_subject_of_its_own_clause(run):
    doc = run("Corvane Markets, the derivatives exchange, ran short of cash in May. Corvane's clients pulled $2 billion. "
              "Ostrey, a rival exchange, then agreed to buy the troubled exchange.")
    assert entity_of(doc, "the troubled exchange", "description") == key(doc, "Corvane Markets")


def test_company_description_never_binds_to_a_person(run):
    doc = run("Quorra Freight said on Friday that its founder Imelda Stroud-Achterberg would step down. "
              "Stroud-Achterberg built the company over twenty years.")
    assert entity_of(doc, "the company", "description") == key(doc, "Quorra Freight")


def test_newspaper_and_conglomerate_descriptions(run):
    doc = run("The Harwick Courier reported that Tamsin Group, the family-run conglomerate, lent $90 million to a "
              "shipping venture. The conglomerate disputed the figures, and the newspaper stood by its story.")
    assert entity_of(doc, "The conglomerate", "description") == key(doc, "Tamsin Group")
    assert entity_of(doc, "the newspaper", "description") == key(doc, "Harwick Courier")


def test_the_groups_arm_and_its_affiliate_bind_to_the_subsidiary_not_the_owner(run):
    doc = run("Orvane Dairy owns several businesses. Orvane Dairy USA, the group's American arm, borrowed $30 million. "
              "Orvane Dairy later lent $5 million to its US affiliate, and the U.S. arm repaid it in June.")
    owner, sub = key(doc, "Orvane Dairy"), key(doc, "Orvane Dairy USA")
    assert entity_of(doc, "the group", "description") == owner
    assert entity_of(doc, "US affiliate", "description") == sub
    assert entity_of(doc, "the U.S. arm", "description") == sub


def test_the_group_prefers_the_party_named_a_group(run):
    doc = run("Castell Group owns Castell Land, a property developer. Castell Land lent $40 million to a hotel. "
              "The auditors questioned the loan in the group's annual report.")
    assert entity_of(doc, "the group", "description") == key(doc, "Castell Group")


# --- aliases, types, long names ------------------------------------------------------------------------------


def test_alias_given_through_a_description(run):
    doc = run("Marlowe Quay Partners, a hedge fund in Dublin, collapsed in May. Regulators said the fund had misled "
              "lenders. The firm, commonly known as MQX Fund, had borrowed $3 billion. MQX Fund later sued its lenders.")
    mqp = key(doc, "Marlowe Quay Partners")
    assert entity_of(doc, "MQX Fund") == mqp
    assert "MQX Fund" in by_name(doc)["Marlowe Quay Partners"].aliases


def test_also_known_as_makes_every_later_mention_an_alias(run):
    doc = run("Tessaline Markets, also known as TesMark, lent $4 billion to Hobarth Quant Capital. TesMark denied it.")
    t = key(doc, "Tessaline Markets")
    assert [sp._.kg_entity for sp in doc.spans["kg_mentions"] if sp.text == "TesMark"] == [t, t]


def test_demonyms_are_not_organisations_but_a_government_is(run):
    doc = run("Regulators are examining Brelling Lending Europe UAB, the company's Lithuanian subsidiary. Brelling "
              "also has a Malaysian unit. Investors sued the Malaysian government in March.")
    names = set(by_name(doc))
    assert not {"Lithuanian", "Malaysian"} & names
    assert by_name(doc)["Malaysian government"].type == "Organization"


def test_a_product_that_customers_use_is_an_organisation(run):
    doc = run("The freeze trapped customers of Corrin Save, a yield programme run by the Corrin exchange.")
    ents = by_name(doc)
    assert ents["Corrin Save"].type == "Organization"
    assert any(e.type == "Group" and "customers of Corrin Save" in e.aliases for e in doc_entities(doc))


def test_official_names_keep_of_and_for_the(run):
    doc = run("Tallis Freight filed for protection in the U.S. Bankruptcy Court for the District of Nebraska on Monday. "
              "Oren Vasquez-Blum had earlier met officials of the Ministry of Transport.")
    names = set(by_name(doc))
    assert "U.S. Bankruptcy Court for the District of Nebraska" in names
    assert "Ministry of Transport" in names


def test_a_dateline_is_a_place_but_a_paragraph_opening_ticker_is_a_name(run):
    doc = run("LISBON, May 2 - Velmora Exchange halted trading.\n\nVEX.EU, the group's European arm, kept operating.")
    names = set(by_name(doc))
    assert "LISBON" not in names and "VEX.EU" in names


def test_an_issuer_named_like_a_place_is_an_organisation(run):
    doc = run("Holders swapped their coins for VLT, a dollar stablecoin issued by Harbour, on Tuesday.")
    assert by_name(doc)["Harbour"].type == "Organization"


def test_bracketed_country_and_legal_suffix_stay_in_the_name(run):
    doc = run("Tavener Brothers agreed to pay $1 billion, and its Peruvian unit, Tavener Brothers (Peru) Pte. Ltd., "
              "pleaded guilty. The bank also settled with the Peruvian government.")
    names = set(by_name(doc))
    assert any(n.startswith("Tavener Brothers (Peru) Pte. Ltd") for n in names)
    assert entity_of(doc, "The bank", "description") == key(doc, "Tavener Brothers")


def test_an_institution_is_not_the_bank_its_name_mentions(run):
    doc = run("Corlane Capital Bank lent $300 million to the Ministry of Finance. The ministry's adviser Oskar Melnyk-Dube "
              "said the bank had demanded collateral.")
    assert entity_of(doc, "the bank", "description") == key(doc, "Corlane Capital Bank")


def test_a_given_name_alone_joins_its_person(run):
    doc = run("Tariq Asmawi chaired the board. Investigators traced $7 million into Tariq's accounts. "
              "Tariq has denied wrongdoing, and prosecutors charged Tariq in 2021.")
    people = [e for e in doc_entities(doc) if "Tariq" in e.aliases]
    assert len(people) == 1 and people[0].type == "Person" and people[0].name == "Tariq Asmawi"
