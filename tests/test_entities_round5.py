"""Round 5 entities: a name the model cuts short, a surname met with a title, a firm's leading words, a plural
role naming people or firms, the head of "the president of the association, X", places after verbs of
residence and motion. Names found nowhere else in the project."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from kg.extract import entities as E


def _doc(words, pos, deps, heads, ents):
    """A parsed doc built by hand: ``heads`` absolute indices, ``ents`` (start, end, label)."""
    nlp = spacy.blank("en")
    doc = Doc(nlp.vocab, words=words, pos=pos, deps=deps, heads=heads)
    doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in ents]
    return doc


def test_a_model_span_widens_to_the_proper_noun_compound_it_cuts():
    # "Kettleby Ambrelly Dorsey said": the model took only "Kettleby Ambrelly"
    doc = _doc(["Kettleby", "Ambrelly", "Dorsey", "said"], ["PROPN", "PROPN", "PROPN", "VERB"],
               ["compound", "compound", "nsubj", "ROOT"], [2, 2, 3, 3], [(0, 2, "PERSON")])
    assert E._whole_compound(doc, 0, 2, "PERSON") == (0, 3)
    # ... and to the left: "Teodrin" of "Teodrin Vasquelo-Pradosa died"
    doc = _doc(["Teodrin", "Vasquelo", "died"], ["PROPN", "PROPN", "VERB"], ["compound", "nsubj", "ROOT"], [1, 2, 2],
               [(1, 2, "PERSON")])
    assert E._whole_compound(doc, 1, 2, "PERSON") == (0, 2)


def test_the_widening_stops_at_titles_roles_and_other_names():
    # "Mr. Teodrin Vasquelo": the title stays out
    doc = _doc(["Mr.", "Teodrin", "Vasquelo"], ["PROPN", "PROPN", "PROPN"], ["compound", "compound", "ROOT"], [2, 2, 2],
               [(1, 3, "PERSON")])
    assert E._whole_compound(doc, 1, 3, "PERSON") == (1, 3)
    # "Feyring CEO Stellan Murrow": a role word ends the widening, so "Feyring" stays a firm of its own
    doc = _doc(["Feyring", "CEO", "Stellan", "Murrow"], ["PROPN", "PROPN", "PROPN", "PROPN"],
               ["compound", "compound", "compound", "ROOT"], [3, 3, 3, 3], [(2, 4, "PERSON")])
    assert E._whole_compound(doc, 2, 4, "PERSON") == (2, 4)
    # a neighbour the model labelled otherwise is another name ("Halvorine" GPE before a person)
    doc = _doc(["Halvorine", "Stellan", "Murrow"], ["PROPN", "PROPN", "PROPN"], ["compound", "compound", "ROOT"],
               [2, 2, 2], [(0, 1, "GPE"), (1, 3, "PERSON")])
    assert E._whole_compound(doc, 1, 3, "PERSON") == (1, 3)
    # ... except inside a company's own compound ("Halvorine Pradosa Trading Co.")
    doc = _doc(["Halvorine", "Pradosa", "Trading", "Co."], ["PROPN", "PROPN", "PROPN", "PROPN"],
               ["compound", "compound", "compound", "ROOT"], [3, 3, 3, 3], [(0, 1, "GPE"), (1, 4, "ORG")])
    assert E._whole_compound(doc, 1, 4, "ORG") == (0, 4)


def graph(nlp, text):
    from kg.extract import extract

    g = extract(text, nlp=nlp)
    name = {e.id: e.name for e in g.entities}
    return {e.name: e.type for e in g.entities}, {(name[r.source], r.type, name[r.target]) for r in g.relations}


@pytest.mark.model
def test_a_company_name_continues_past_its_comma_suffix(nlp):
    ents, _ = graph(nlp, "Feyring Pradosa Industrial Investment Co., Ltd. received $30 million from Obery Marine in 2021.")
    assert any(n.startswith("Feyring Pradosa Industrial Investment Co., Ltd") for n in ents), ents


@pytest.mark.model
def test_a_titled_surname_makes_its_full_name_a_person(nlp):
    ents, _ = graph(nlp, "He set up the bank with a partner he had met at the insurer, Orlaith Brennagh-Voss, in 1971. "
                         "Mr. Brennagh-Voss, who died in 2009, handled the bank's Nordic clients.")
    assert ents.get("Orlaith Brennagh-Voss") == "Person", ents
    assert not [n for n in ents if n != "Orlaith Brennagh-Voss" and "Brennagh" in n], ents


@pytest.mark.model
def test_a_firms_leading_words_join_its_registered_name(nlp):
    _, rels = graph(nlp, "Varnhelm Tide Fund SPC is a Cayman Islands fund. In 2022 Varnhelm Tide lent $40 million to "
                         "Obery Marine Ltd.")
    assert ("Varnhelm Tide Fund SPC", "LENT_TO", "Obery Marine Ltd") in rels, rels


def _cluster(*names, start=0, **votes):
    cl = E._Cluster(members=[])
    for k, n in enumerate(names):
        c = E._Cand(start + 10 * k, start + 10 * k + len(n.split()), n)
        c.votes.update(votes)
        cl.add(c)
    return cl


def test_two_firms_sharing_a_first_word_are_not_joined_by_it():
    pay, holdings = _cluster("Caskell Pay Ltd", Organization=3), _cluster("Caskell Holdings plc", start=5, Organization=3)
    short = _cluster("Caskell", start=50)
    assert E._registered_firm_of(short, [pay, holdings, short]) is None
    assert E._registered_firm_of(short, [pay, short]) is pay  # one firm starting so: its short form


def test_a_short_form_is_not_joined_to_a_firm_named_after_it_when_a_person_carries_it():
    firm, person = _cluster("Ostendahl Freight Ltd", Organization=3), _cluster("Daria Ostendahl", start=5)
    short = _cluster("Ostendahl", start=50)
    assert E._registered_firm_of(short, [firm, person, short]) is None
    titled = _cluster("Ostendahl", start=50)
    titled.gender = "f"  # "Ms Ostendahl"
    assert E._registered_firm_of(titled, [firm, titled]) is None


def test_a_firms_leading_words_need_a_registered_name_to_join():
    # "Varnhelm Tide" and "Varnhelm Tide Rowan": no legal suffix or company word, so no join by this rule
    host = _cluster("Varnhelm Tide Rowan", Organization=3)
    assert E._registered_firm_of(_cluster("Varnhelm Tide", start=50), [host]) is None


@pytest.mark.model
def test_a_persons_surname_does_not_join_a_firm_of_that_name(nlp):
    ents, rels = graph(nlp, "Daria Ostendahl set up Ostendahl Freight Ltd in 2010. In 2020 Ostendahl lent $5 million "
                            "to Obery Marine Ltd.")
    assert "Ostendahl Freight Ltd" in ents, ents
    assert ents.get("Daria Ostendahl") == "Person", ents
    assert ("Ostendahl Freight Ltd", "LENT_TO", "Obery Marine Ltd") not in rels, rels


@pytest.mark.model
def test_a_plural_shared_role_lists_people_as_people(nlp):
    ents, _ = graph(nlp, "The liquidators, Isaura Penwick and Dov Alcaster of the restructuring firm Crewe Halvorine "
                         "Advisory, say the fund lost $300 million.")
    assert ents.get("Isaura Penwick") == "Person", ents


@pytest.mark.model
def test_the_head_of_an_of_phrase_types_the_apposed_name(nlp):
    ents, _ = graph(nlp, '"We lost everything," said the president of the association, Maelis Corrigan-Dubois.')
    assert ents.get("Maelis Corrigan-Dubois") == "Person", ents


@pytest.mark.model
def test_a_place_after_a_verb_of_residence_is_no_party(nlp):
    ents, _ = graph(nlp, "Teodrin Vasquelo studied mathematics at a university there before moving to Skellholm in "
                         "2008. Obery Marine Ltd is headquartered in Varnemund.")
    assert "Skellholm" not in ents and "Varnemund" not in ents, ents
    assert "Obery Marine Ltd" in ents, ents


def test_a_compounds_head_closes_a_name_the_model_cut_short():
    # "appointed Brindlecott Sallowmere Advisory": the model took only "Brindlecott"
    doc = _doc(["appointed", "Brindlecott", "Sallowmere", "Advisory", "as", "liquidators"],
               ["VERB", "PROPN", "PROPN", "PROPN", "ADP", "NOUN"], ["ROOT", "compound", "compound", "dobj", "prep", "pobj"],
               [0, 3, 3, 0, 0, 4], [(1, 2, "PERSON")])
    assert E._whole_compound(doc, 1, 2, "PERSON") == (1, 4)


@pytest.mark.model
def test_an_ampersand_binds_one_name(nlp):
    ents, _ = graph(nlp, "Advisers\n\nTarrowgate Quenlow & Partners is acting as financial adviser to Obery Marine Ltd.")
    assert "Tarrowgate Quenlow & Partners" in ents, ents
    assert "Tarrowgate Quenlow" not in ents, ents


@pytest.mark.model
def test_a_legal_suffix_closes_the_first_of_two_names_joined_by_and(nlp):
    ents, _ = graph(nlp, "Through its subsidiaries Orrisdale Custody GmbH and Orrisdale Wenlow Ltd, the group serves "
                         "1,200 clients.")
    assert "Orrisdale Custody GmbH" in ents and "Orrisdale Wenlow Ltd" in ents, ents


@pytest.mark.model
def test_a_quoted_nickname_is_left_out_of_the_name(nlp):
    ents, _ = graph(nlp, 'The company paid influencers, one of them the former football player Yselde "Pip" Morrant, '
                         'who received $4 million from Obery Marine Ltd.')
    assert ents.get("Yselde Morrant") == "Person", ents


def test_a_company_name_alone_on_its_line_is_no_headline():
    from kg.extract import load_nlp

    nlp = load_nlp()
    doc = nlp.make_doc("Hesketh Pennacott Capital Management LP\nQuarterly Letter To Limited Partners Of The Fund\n")
    mask = E._headline_mask(doc)
    first_line = [t for t in doc if t.idx < doc.text.index("\n")]
    assert not any(mask[t.i] for t in first_line)
    assert any(mask[t.i] for t in doc if t.text == "Quarterly")  # the title line under it stays a headline


@pytest.mark.model
def test_the_cooperative_stands_for_a_named_credit_cooperative(nlp):
    _, rels = graph(nlp, "Caja Dunstaple is a credit cooperative in Murcia. In March the cooperative lent $18 million to "
                         "Ravenglass Obras.")
    assert ("Caja Dunstaple", "LENT_TO", "Ravenglass Obras") in rels, rels


@pytest.mark.model
def test_a_businesss_merchants_are_its_customer_group(nlp):
    ents, _ = graph(nlp, "Cobbleigh Pay reported that Cobbleigh Pay's merchants had $210 million sitting with the "
                         "company at the end of May.")
    assert any(n.startswith("Cobbleigh Pay") and n.endswith("merchants") for n in ents), ents


@pytest.mark.model
def test_people_work_at_firms(nlp):
    ents, _ = graph(nlp, "Wendeborn, through his lawyers at Gossamy Thrale, denied that he had any interest in Obery "
                         "Marine Ltd.")
    assert ents.get("Gossamy Thrale") == "Organization", ents


@pytest.mark.model
def test_a_post_at_a_firm_before_a_name_types_the_name(nlp):
    ents, _ = graph(nlp, "Kilgarren Growth Fund II put in $12 million. A partner at Kilgarren, Ilvane Crossick, said the "
                         "fund had relied on audited figures.")
    assert ents.get("Ilvane Crossick") == "Person", ents


@pytest.mark.model
def test_a_former_post_is_a_persons(nlp):
    ents, _ = graph(nlp, "The company was set up in 1998 in Leeds by Marlowby Pettingale-Arbroath, a former building "
                         "society manager, and Ilvane Crossick, a software engineer.")
    assert ents.get("Marlowby Pettingale-Arbroath") == "Person", ents


@pytest.mark.model
def test_a_companys_board_is_no_party(nlp):
    ents, _ = graph(nlp, "Dr. Ilvane Crossick, Chairman of Hollisfern Ledger AG's Board of Directors, said the Board "
                         "approved the sale. The Board of Directors of Quarrendon Holdings SA rejected it.")
    assert not [n for n in ents if "Board" in n], ents


def test_a_currency_mark_is_no_name():
    doc = E.Doc(spacy.blank("en").vocab, words=["about", "R$", "2", "billion"])
    found = E._CandidateSet(doc)
    found.place(E._Cand(1, 2, "R$", source="run"))
    assert E._kept_names(doc, found, [False] * len(doc)) == []


@pytest.mark.model
def test_a_quote_after_a_sentence_end_splits_a_name(nlp):
    ents, _ = graph(nlp, 'Brackmoor Exchange FZE ("STAVELY-X") sold its stake. "Holders should read this sale as a vote of '
                         'confidence," said Ilvane Crossick, President of STAVELY-X. "Hollisfern and Quarrendon have '
                         'looked closely at our books."')
    assert not [n for n in ents if '"' in n or "\u201c" in n], ents


@pytest.mark.model
def test_a_capitals_label_with_its_reference_number_is_no_name(nlp):
    ents, _ = graph(nlp, "PUBLIC NOTICE No. 2025-031\n\nThe Commission warns that Brackmoor Labs OU is not licensed.")
    assert "PUBLIC NOTICE" not in ents, ents


def test_a_hyphenated_name_the_model_splits_is_one_name():
    # "headed by Seo-yun Tavel-Brennock, which ...": the model tagged only "Seo"
    words = ["by", "Seo", "-", "yun", "Tavel", "-", "Brennock", ","]
    spaces = [True, False, False, True, False, False, False, False]
    nlp = spacy.blank("en")
    doc = Doc(nlp.vocab, words=words, spaces=spaces, pos=["ADP", "PROPN", "PUNCT", "PROPN", "PROPN", "PUNCT", "PROPN", "PUNCT"],
              deps=["ROOT", "compound", "punct", "compound", "compound", "punct", "pobj", "punct"], heads=[0, 3, 3, 6, 6, 6, 0, 0])
    doc.ents = [Span(doc, 1, 2, label="PERSON"), Span(doc, 4, 5, label="NORP")]
    assert E._whole_compound(doc, 1, 2, "PERSON") == (1, 7)


@pytest.mark.model
def test_a_titled_surname_joins_the_person_of_its_gender(nlp):
    ents, rels = graph(nlp, "Oswyth Caddamore-Lirenne, the shipping financier, died on Sunday. His daughter, Maelis "
                            "Caddamore-Lirenne, confirmed the death. In 1971 Mr. Caddamore-Lirenne founded Tavelbridge "
                            "Marine Bank.")
    assert ("Oswyth Caddamore-Lirenne", "FOUNDED", "Tavelbridge Marine Bank") in rels, rels
    assert ("Maelis Caddamore-Lirenne", "FOUNDED", "Tavelbridge Marine Bank") not in rels, rels


@pytest.mark.model
def test_a_place_listed_beside_a_firm_stays_a_place(nlp):
    ents, _ = graph(nlp, "In 2019 Caddamore Holdings planned to acquire a listed company in Shenzhen, Zhaoping "
                         "Intelligent Equipment, and had paid a deposit.")
    assert "Shenzhen" not in ents, ents


@pytest.mark.model
def test_a_name_continues_over_a_romance_particle(nlp):
    ents, _ = graph(nlp, "The allegations were published this week by the financial newsletter La Gazeta do Pombal. "
                         "Cordeval Finance SA denied them.")
    assert ents.get("La Gazeta do Pombal") == "Organization", ents
    assert "La Gazeta" not in ents, ents


def test_the_particle_extension_needs_a_capitalised_word_after_the_particle():
    words = ["Tavira", "de", "facto", "said"]
    doc = Doc(spacy.blank("en").vocab, words=words, pos=["PROPN", "ADP", "NOUN", "VERB"])
    assert E._particle_end(doc, 1) == 1
    doc = Doc(spacy.blank("en").vocab, words=["Jornal", "do", "Pombal", "said"], pos=["PROPN", "ADP", "PROPN", "VERB"])
    assert E._particle_end(doc, 1) == 3
