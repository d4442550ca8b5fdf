"""Round 14 (developed on blind set I after its first score, and on the older unseen articles): a post in brackets
after a name in a form's field line ("Present: A (Chair), B (Chief Executive)") is held at the firm the form is
about, the firm a caption in capitals names and the text then defines ('(the "Company")'); the modifiers of a
title ("Non-Executive", the role word left outside) are no name; "X, whose chief executive, Y," makes Y the
holder at X; the rest of a firm's shares is of the firm whose "ordinary shares" the sentence before gives. Names
are invented and found nowhere else in the project."""
import pytest

from kg.extract import extract


def graph(text: str):
    g = extract(text, "t.txt")
    names = {e.id: e.name for e in g.entities}
    return {e.name: e.type for e in g.entities}, {(names[r.source], r.type, names[r.target]) for r in g.relations}


MINUTES = """{caption}
(the "Company")

Extract from the minutes of a meeting of the Board of Directors held at the Company's offices in Douglas on Tuesday 4 March 2025.

Present: Isolde Pennethorne (Chair), Barnaby Quillfeather (Chief Executive), Oriel Stanbridge-Vayle ({third})

1. The Chair noted that a quorum was present.

2. The Chief Executive reported that {parent}, which owns the whole of the issued share capital of the Company, had renewed its facility.
"""


@pytest.mark.model
@pytest.mark.parametrize("caption,firm", [
    ("TRELLICK FUND SERVICES LIMITED", "Trellick Fund Services Limited"),
    ("OSWALDTWIST CUSTODY PLC", "Oswaldtwist Custody plc"),
])
@pytest.mark.parametrize("third", ["Independent Non-Executive Director", "Non-Executive Director", "Finance Director"])
def test_a_post_in_brackets_on_a_present_line_is_held_at_the_captioned_firm(caption, firm, third):
    ents, rels = graph(MINUTES.format(caption=caption, third=third, parent="Harrowdene Group plc"))
    key = {n.lower(): n for n in ents}
    held = key.get(firm.lower())
    assert held is not None and ents[held] == "Organization", ents
    for person in ("Isolde Pennethorne", "Barnaby Quillfeather", "Oriel Stanbridge-Vayle"):
        assert (person, "LEADS", held) in rels, (person, sorted(rels))
    assert not any("executive" in n.lower() and ents[n] == "Organization" for n in ents), ents


@pytest.mark.model
def test_a_post_in_brackets_without_a_firm_to_hold_it_at_makes_no_relation():
    text = "Present: Isolde Pennethorne (Chair), Barnaby Quillfeather (Chief Executive)\n\nThe meeting opened at noon."
    ents, rels = graph(text)
    assert not any(t == "LEADS" for _, t, _ in rels), rels


@pytest.mark.model
@pytest.mark.parametrize("title", ["chief executive", "managing partner", "finance director", "chairman"])
def test_whose_title_apposition_makes_the_named_person_the_holder(title):
    text = (f"Pinmarsh Trading raised $45 million in a 2024 round led by Quorrendale Capital, whose {title}, "
            "Hesketh Quelchmoor, sat on the board of Pinmarsh until March.")
    ents, rels = graph(text)
    assert ("Hesketh Quelchmoor", "LEADS", "Quorrendale Capital") in rels, sorted(rels)
    assert ("Quorrendale Capital", "LEADS", "Quorrendale Capital") not in rels


@pytest.mark.model
@pytest.mark.parametrize("shares", ["the ordinary shares", "the issued shares", "the voting shares"])
def test_the_rest_of_the_shares_is_of_the_firm_whose_shares_came_before(shares):
    text = ("Lowestoft Varga Markets LLC is wholly owned by Gannetsby Holdings Ltd. "
            f"Mr Pellingham owns approximately 70 percent of {shares} of Gannetsby Holdings Ltd. "
            "The remaining shares are held by Tolliscombe Ember Ventures, which paid $25 million for its stake.")
    ents, rels = graph(text)
    assert ("Tolliscombe Ember Ventures", "OWNS", "Gannetsby Holdings Ltd") in rels, sorted(rels)
    assert ("Tolliscombe Ember Ventures", "OWNS", "Lowestoft Varga Markets LLC") not in rels, sorted(rels)


@pytest.mark.model
@pytest.mark.parametrize("noun,verb,rel", [
    ("a loan", "advanced", "LENT_TO"), ("a loan", "made", "LENT_TO"), ("a credit facility", "extended", "LENT_TO"),
    ("a payment", "made", "TRANSFERRED_TO"), ("a transfer", "sent", "TRANSFERRED_TO"),
])
@pytest.mark.parametrize("giver", ["Ossingham Holdings", "the Wistanthorpe Fund", "Brackenthwaite Capital"])
def test_money_given_by_a_party_to_another_in_a_participle_after_the_noun(noun, verb, rel, giver):
    text = f"Auditors at Pelhamford Partners identified {noun} of $92 million {verb} by {giver} to Sellbury Trading SA in August."
    ents, rels = graph(text)
    name = giver.removeprefix("the ")
    assert name in ents, ents
    assert (name, rel, "Sellbury Trading SA") in rels, sorted(rels)
    assert not any(s == "Sellbury Trading SA" and t == name for s, _, t in rels), sorted(rels)


@pytest.mark.model
def test_money_received_by_a_party_is_not_given_by_it():
    ents, rels = graph("Auditors identified a loan of $9 million received by Ossingham Holdings from Sellbury Trading SA.")
    assert ("Ossingham Holdings", "LENT_TO", "Sellbury Trading SA") not in rels, sorted(rels)


@pytest.mark.model
@pytest.mark.parametrize("stake", ["the whole of the issued share capital of", "all of the shares of", "a controlling stake in",
                                   "a majority of the voting shares of"])
@pytest.mark.parametrize("verb", ["owns", "holds"])
def test_owning_a_controlling_share_of_a_firm_is_owning_it(stake, verb):
    text = f"Harrowdene Group plc, which {verb} {stake} Trellick Fund Services Limited, renewed its working capital facility."
    ents, rels = graph(text)
    assert ("Harrowdene Group plc", "OWNS", "Trellick Fund Services Limited") in rels, sorted(rels)


@pytest.mark.model
@pytest.mark.parametrize("noun,verb", [("article", "named"), ("report", "identified"), ("story", "mentioned")])
def test_a_publication_whose_report_names_parties_reported_on_them(noun, verb):
    text = (f"The board discussed the matter, which had been covered that morning by the Wendrigg Clarion, whose {noun} "
            f"{verb} Corrisdale Capital and Pennistow Asset Management Ltd.")
    ents, rels = graph(text)
    for target in ("Corrisdale Capital", "Pennistow Asset Management Ltd"):
        assert ("Wendrigg Clarion", "REPORTED_ON", target) in rels, sorted(rels)


@pytest.mark.model
def test_a_publication_whose_article_only_praised_no_party_reported_nothing_on_the_other():
    text = "Corrisdale Capital hired Pennistow Asset Management Ltd, and the Wendrigg Clarion, whose editor is Ilsa Brent, is local."
    ents, rels = graph(text)
    assert not any(t == "REPORTED_ON" for _, t, _ in rels), sorted(rels)


@pytest.mark.model
@pytest.mark.parametrize("subject", ["the Corrisdale matter", "the Corrisdale loans", "Corrisdale's losses"])
def test_what_a_publication_reported_in_the_passive_names_its_party(subject):
    text = (f"Corrisdale Capital lent $4 million to Pennistow Asset Management Ltd. {subject[0].upper()}{subject[1:]} "
            "had been reported on by the Wendrigg Clarion on 3 May.")
    ents, rels = graph(text)
    assert ("Wendrigg Clarion", "REPORTED_ON", "Corrisdale Capital") in rels, (sorted(rels), ents)


NOTE = """{house} | Equity Research | European Payments | 14 October 2025

{firm} (QLNV LN): Downgrade to Underweight; price target cut to 310p

We downgrade {firm} to Underweight. {short} prepaid Dunnerholm Settlement Ltd $85 million last year. Dunnerholm is an
Isle of Man company. Dunnerholm has not delivered, and Dunnerholm will not comment. {short} declined to comment.

Shareholders. Edwige Tannahill, chief executive since 2021, owns a further 1.6%, and the finance director, Rasmus
Quibell, bought 40,000 shares in the market last month for about GBP 190,000.
"""


@pytest.mark.model
@pytest.mark.parametrize("house", ["Orrinsby Securities", "Halstock Capital Markets"])
@pytest.mark.parametrize("firm,short", [("Quarnlow Payments plc", "Quarnlow"), ("Mardle Pay Group plc", "Mardle")])
def test_a_research_notes_headline_under_its_masthead_names_the_firm_the_note_is_about(house, firm, short):
    ents, rels = graph(NOTE.format(house=house, firm=firm, short=short))
    assert ("Edwige Tannahill", "LEADS", firm) in rels, sorted(rels)
    assert ("Rasmus Quibell", "LEADS", firm) in rels, sorted(rels)
    assert ("Edwige Tannahill", "OWNS", firm) in rels, sorted(rels)
    assert ("Rasmus Quibell", "INVESTED_IN", firm) in rels, sorted(rels)
    assert not any(t == house for _, _, t in rels), sorted(rels)


@pytest.mark.model
def test_a_bare_share_is_in_the_firm_whose_ownership_the_sentence_before_states():
    text = ("Quarnlow Payments plc prepaid Dunnerholm Settlement Ltd $85 million. Quarnlow owns Quarnlow Digital Ltd. "
            "Dunnerholm Settlement Ltd is 60% owned by Arlecdon Trust. Edwige Tannahill owns the other 40%.")
    ents, rels = graph(text)
    assert ("Edwige Tannahill", "OWNS", "Dunnerholm Settlement Ltd") in rels, sorted(rels)


@pytest.mark.model
@pytest.mark.parametrize("sentence,owner", [
    ("Quarnlow's co-founders, Edwige Tannahill and Rasmus Quibell, keep majority control between them.", None),
    ("Quarnlow is wholly owned by Arlecdon Trust, a Zurich group in which Edwige Tannahill holds a 58% stake.", "Arlecdon Trust"),
])
def test_a_share_that_is_not_counted_or_is_of_a_named_firm_is_not_the_topics(sentence, owner):
    text = ("Quarnlow Payments plc prepaid Dunnerholm Settlement Ltd $85 million. Quarnlow said the payment was normal. "
            "Quarnlow will report in May. " + sentence)
    ents, rels = graph(text)
    assert ("Edwige Tannahill", "OWNS", "Quarnlow Payments plc") not in rels, sorted(rels)
    if owner:
        assert ("Edwige Tannahill", "OWNS", owner) in rels, sorted(rels)


@pytest.mark.model
@pytest.mark.parametrize("form", ["Ltd.", "Inc.", "Corp."])
def test_a_legal_forms_full_stop_ends_the_name_and_the_sentence(form):
    text = f"Arlecdon Trust owns Pemberdy Digital {form} Dunnerholm Settlement Ltd is 60% owned by Arlecdon Trust."
    ents, rels = graph(text)
    assert not any("Pemberdy" in n and "Dunnerholm" in n for n in ents), ents
    assert ("Arlecdon Trust", "OWNS", "Dunnerholm Settlement Ltd") in rels, sorted(rels)


@pytest.mark.model
@pytest.mark.parametrize("verb,rel", [("prepaid", "TRANSFERRED_TO"), ("disbursed", "TRANSFERRED_TO"), ("paid", "TRANSFERRED_TO")])
@pytest.mark.parametrize("payer", ["Quarnlow Payments plc", "Pemberdy Partners LLP"])
def test_a_firm_in_small_letters_form_pays(verb, rel, payer):
    ents, rels = graph(f"{payer} {verb} Dunnerholm Settlement Ltd $85 million last year.")
    assert payer in ents, ents
    assert (payer, rel, "Dunnerholm Settlement Ltd") in rels, sorted(rels)


@pytest.mark.model
@pytest.mark.parametrize("noun,verb,rel", [("a loan", "made", "LENT_TO"), ("a facility", "extended", "LENT_TO"),
                                           ("a payment", "sent", "TRANSFERRED_TO")])
def test_money_a_relative_clause_says_a_party_gave_to_another(noun, verb, rel):
    text = f"The order freezes {noun} of $5 million that Kellingmoor Bank {verb} to Sorrowby Metals Ltd in 2024."
    ents, rels = graph(text)
    assert ("Kellingmoor Bank", rel, "Sorrowby Metals Ltd") in rels, sorted(rels)
    assert not any(s == "Sorrowby Metals Ltd" for s, _, _ in rels), sorted(rels)


@pytest.mark.model
@pytest.mark.parametrize("verb,prep", [("held", "at"), ("kept", "with"), ("maintained", "at")])
def test_accounts_a_party_holds_at_a_bank_are_deposits_with_it(verb, prep):
    text = f"The order also freezes accounts {verb} by Sorrowby Metals Ltd {prep} Kellingmoor Bank and Hethermoor Trust Bank."
    ents, rels = graph(text)
    for bank in ("Kellingmoor Bank", "Hethermoor Trust Bank"):
        assert ("Sorrowby Metals Ltd", "DEPOSITED_WITH", bank) in rels, sorted(rels)


@pytest.mark.model
@pytest.mark.parametrize("title", ["chief executive", "managing director", "chairman"])
def test_of_which_a_person_is_the_title_holder(title):
    text = f"The fund paid $3 million to Tilbrook Vane Ltda., of which Ramiro Quintessa is the {title}, in 2024."
    ents, rels = graph(text)
    assert ("Ramiro Quintessa", "LEADS", "Tilbrook Vane Ltda") in rels or ("Ramiro Quintessa", "LEADS", "Tilbrook Vane Ltda.") in rels, sorted(rels)


@pytest.mark.model
@pytest.mark.parametrize("noun,verb", [("report", "alleged"), ("article", "claimed"), ("story", "said")])
def test_a_publications_own_report_in_the_possessive(noun, verb):
    text = (f"Exhibit 7 contains the Ledgerhythe Courier's {noun}, which {verb} that Hollis Brackwinter controlled "
            "the trading desk of Sallowfen Markets.")
    ents, rels = graph(text)
    assert ("Ledgerhythe Courier", "REPORTED_ON", "Hollis Brackwinter") in rels, sorted(rels)


@pytest.mark.model
@pytest.mark.parametrize("sentence", [
    "The business daily Dagvik Kapital first reported on the loans in December.",
    "The loans were first reported by the business daily Dagvik Kapital in December.",
])
def test_an_unnamed_definite_topic_a_publication_reported_is_the_articles_firms(sentence):
    text = ("Velmarch Credit Network lent $40 million to Tobiah Marchfield. Velmarch Credit Network said the loans were sound. "
            "Velmarch Credit Network had 90,000 customers. " + sentence)
    ents, rels = graph(text)
    assert ("Dagvik Kapital", "REPORTED_ON", "Velmarch Credit Network") in rels, sorted(rels)


@pytest.mark.model
@pytest.mark.parametrize("role", ["readers' editor", "business correspondent", "solicitor", "commentator"])
def test_a_name_set_after_a_persons_role_is_a_person(role):
    text = f"The column is compiled by the {role}, Philippa Garrowmere-Tate. Our article about Brayholt Savings was wrong."
    ents, rels = graph(text)
    assert ents.get("Philippa Garrowmere-Tate") == "Person", ents


@pytest.mark.model
@pytest.mark.parametrize("counted", ["40M", "40 million", "40,000,000"])
def test_a_ticker_counted_like_money_is_a_token_not_the_firms_short_form(counted):
    text = (f"Vornesk Labs created VORNESK in 2022. Over the weekend the Vornesk Foundation moved {counted} VORNESK to "
            "Talmoor Custody. The price was paid in cash + VORNESK.")
    ents, rels = graph(text)
    assert ents.get("VORNESK") == "Token", ents
    assert not any(n.startswith(("40", "M ")) for n in ents), ents
    assert ("Vornesk Labs", "ISSUED", "VORNESK") in rels, sorted(rels)




@pytest.mark.parametrize("noun,kind", [("house", "Organization"), ("exchange", "Organization")])
def test_an_apposition_the_parser_hung_on_a_subject_past_its_verb_does_not_type_the_subject(noun, kind):
    # the parse en_core_web_sm gave i08's sentence, built by hand so that the test does not hang on the model:
    # "Quarrington-Vey was previously CEO of Brightholm Clearing, the clearing <noun> Tessmark bought."
    from spacy.tokens import Doc
    from spacy.vocab import Vocab
    import kg.extract.entities as E
    words = ["Vey", "was", "previously", "CEO", "of", "Brightholm", "Clearing", ",", "the", "clearing", noun, "Tessmark", "bought", "."]
    heads = [1, 1, 1, 1, 3, 6, 4, 1, 10, 10, 0, 12, 10, 1]
    deps = ["nsubj", "ROOT", "advmod", "attr", "prep", "compound", "pobj", "punct", "det", "compound", "appos", "nsubj", "relcl", "punct"]
    pos = ["PROPN", "AUX", "ADV", "NOUN", "ADP", "PROPN", "PROPN", "PUNCT", "DET", "NOUN", "NOUN", "PROPN", "VERB", "PUNCT"]
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps, pos=pos, lemmas=[w.lower() for w in words])
    c = E._Cand(0, 1, "Vey", source="run")
    E._parse_votes(doc, c)
    assert not c.votes[kind], dict(c.votes)
    # an apposition right after the subject still types it ("Vey, the clearing house, bought ...")
    words2 = ["Vey", ",", "the", "clearing", noun, ",", "bought", "it", "."]
    doc2 = Doc(Vocab(), words=words2, heads=[6, 0, 4, 4, 0, 0, 6, 6, 6],
               deps=["nsubj", "punct", "det", "compound", "appos", "punct", "ROOT", "dobj", "punct"],
               pos=["PROPN", "PUNCT", "DET", "NOUN", "NOUN", "PUNCT", "VERB", "PRON", "PUNCT"], lemmas=[w.lower() for w in words2])
    c2 = E._Cand(0, 1, "Vey", source="run")
    E._parse_votes(doc2, c2)
    assert c2.votes[kind] > 0, dict(c2.votes)
