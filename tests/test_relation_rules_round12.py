"""Round 12: who holds a post. A name that serves, steps down, resigns, joins or is named "as" a post only people
hold is a person, whatever its words; the one named to a post ("Y named X its chief executive") holds it, not the
namer; a post before "of" is no part of the firm's name ("the non-executive Chair of X plc"); "its managing
partner, X" is a person. Names are invented and found nowhere else in the project."""
import pytest

from kg.extract import extract


def relations(text: str) -> set[tuple[str, str, str]]:
    g = extract(text, "t.txt")
    names = {e.id: e.name for e in g.entities}
    return {(names[r.source], r.type, names[r.target]) for r in g.relations}


def types(text: str) -> dict[str, str]:
    return {e.name: e.type for e in extract(text, "t.txt").entities}


# names with no given name the model knows: only the post can say they are people
HOLDERS = ["Ilan Mardock", "Dace Holloway", "Torvald Brismane"]
FIRMS = ["Vantrope Bank", "Halcombe Digital", "Osgrave Markets"]

AS_POST = [
    "{p} stepped down as chairman of {f} in May.",
    "{p} joined {f} as chief executive in 2019.",
    "{p} resigned as chief financial officer of {f} on Friday.",
    "{p} quit as {f}'s finance director last week.",
    "{p} served as president of {f} until 2020.",
    "{p} was appointed as managing director of {f} in March.",
]


@pytest.mark.model
@pytest.mark.parametrize("template", AS_POST)
@pytest.mark.parametrize("p, f", list(zip(HOLDERS, FIRMS)))
def test_whoever_takes_or_leaves_a_post_as_it_is_a_person_who_leads(template, p, f):
    text = template.format(p=p, f=f)
    assert types(text).get(p) == "Person", text
    assert (p, "LEADS", f) in relations(text), text


NAMED_TO = [
    "{f} named {p} its new chief executive on Tuesday.",
    "{f} named {p} as chief executive on Tuesday.",
    "{p} was named chief executive of {f} on Tuesday.",
]


@pytest.mark.model
@pytest.mark.parametrize("template", NAMED_TO)
@pytest.mark.parametrize("p, f", list(zip(HOLDERS, FIRMS)))
def test_the_one_named_to_a_post_holds_it_not_the_namer(template, p, f):
    text = template.format(p=p, f=f)
    rels = relations(text)
    assert (p, "LEADS", f) in rels, text
    assert not any(r[0] == f and r[1] == "LEADS" for r in rels), text


@pytest.mark.model
@pytest.mark.parametrize("post", ["Chair", "non-executive Chair", "Chief Executive Officer", "Chairman", "President"])
def test_a_post_before_of_is_no_part_of_the_firm_it_names(post):
    text = f"Ms Jorunn Astwick, the {post} of Gavrelle Holdings plc, lent $5 million to the company."
    names = types(text)
    assert "Gavrelle Holdings plc" in names and not any(n.lower().startswith(post.lower().split()[-1]) for n in names), names
    assert ("Jorunn Astwick", "LEADS", "Gavrelle Holdings plc") in relations(text)


@pytest.mark.model
def test_a_firm_serving_as_trustee_or_adviser_stays_a_firm():
    # posts firms hold too leave the type to the name's other evidence
    text = "Pellwarden Fiduciary Ltd served as trustee of the Orrenby Pension Scheme until 2021."
    assert types(text).get("Pellwarden Fiduciary Ltd") == "Organization"
    text = "Castmere Advisory acted as adviser to Halvoy Capital on the sale."
    assert types(text).get("Castmere Advisory") == "Organization"


@pytest.mark.model
@pytest.mark.parametrize("post", ["managing partner", "managing director"])
def test_its_managing_partner_is_a_person(post):
    text = f"The fund, managed by Korvelle Asset Management and its {post} Lidwina Ferrant, sold its stake."
    assert types(text).get("Lidwina Ferrant") == "Person"
    assert ("Lidwina Ferrant", "LEADS", "Korvelle Asset Management") in relations(text)


# -- round 12, developed on blind set H after its first score ---------------------------------------------

@pytest.mark.model
@pytest.mark.parametrize("state", ["(IN LIQUIDATION)", "(in administration)", "(In Provisional Liquidation)"])
@pytest.mark.parametrize("gap", [" ", "\n"])
def test_a_defined_term_after_a_bracket_of_the_firms_state_still_defines(state, gap):
    text = (f"TARRENMOOR LENDING LIMITED {state}{gap}(\"the Company\")\n\n"
            "The Company advanced $62 million to Quelvane Markets Ltd between 2021 and 2023.")
    g = extract(text, "t.txt")
    names = {e.id: e.name for e in g.entities}
    lent = [(names[r.source], names[r.target]) for r in g.relations if r.type == "LENT_TO"]
    assert lent and all(s.lower().startswith("tarrenmoor") and t == "Quelvane Markets Ltd" for s, t in lent), lent


@pytest.mark.model
@pytest.mark.parametrize("form", ["Ltd.", "Inc.", "Corp.", "S.A.", "plc."])
def test_a_name_never_runs_on_past_its_dotted_legal_form(form):
    text = (f"The sale was conditional on a capital injection by Ardwyth Holdings {form} "
            "Brellisford terminated the letter of intent in January.")
    names = set(types(text))
    assert not any("Brellisford" in n and "Ardwyth" in n for n in names), names
    assert any(n.startswith("Ardwyth Holdings") for n in names), names


@pytest.mark.model
@pytest.mark.parametrize("platform", ["Pelvarne Finance", "Brisco Pay", "Oskarva Yield Markets"])
@pytest.mark.parametrize("group, verb, rel_type", [
    ("users", "had deposited about $480 million", "DEPOSITED_WITH"),
    ("customers", "had placed $480 million", "DEPOSITED_WITH"),
    ("investors", "had put $480 million into the scheme", "INVESTED_IN"),
])
def test_a_group_named_with_its_platform_acts_on_it_with_the_amount(platform, group, verb, rel_type):
    g = extract(f"{platform} {group} {verb} at the peak.", "t.txt")
    names = {e.id: e.name for e in g.entities}
    found = [r for r in g.relations if r.type == rel_type and names[r.target] == platform]
    assert found and found[0].amount_usd == 480_000_000, [(names[r.source], r.type, names[r.target], r.amount_usd) for r in g.relations]


SUBSIDIARY_LIST = """Tollwick Group plc is a British lender that entered administration in 2024. Tollwick Group plc
grew through purchases; Tollwick Group plc was listed in 2016.

{heading}

Wholly owned unless stated otherwise.

- Brantwick Savings Ltd (United Kingdom) - deposit-taker; acquired 2017.
  - Brantwick Mortgage Finance Ltd (United Kingdom) - mortgage arm.
- Cresswold Digital Ltd (Ireland) - 92 percent; exchange.
    - Cresswold Custody Ltd (Ireland) - custodian.
- Pennowe Ventures LLP (United Kingdom) - 60 percent.

History of the group

- Harrowmead Analytics Ltd was a supplier, never owned.
"""


@pytest.mark.model
@pytest.mark.parametrize("heading", ["Subsidiaries", "Principal subsidiaries", "Former subsidiaries:"])
def test_a_bulleted_list_of_subsidiaries_nests_by_indent(heading):
    rels = {r for r in relations(SUBSIDIARY_LIST.format(heading=heading)) if r[1] == "SUBSIDIARY_OF"}
    parent = {s: t for s, _, t in rels}
    assert parent.get("Brantwick Savings Ltd") == "Tollwick Group plc", rels
    assert parent.get("Brantwick Mortgage Finance Ltd") == "Brantwick Savings Ltd", rels
    assert parent.get("Cresswold Digital Ltd") == "Tollwick Group plc", rels
    assert parent.get("Cresswold Custody Ltd") == "Cresswold Digital Ltd", rels
    assert parent.get("Pennowe Ventures LLP") == "Tollwick Group plc", rels
    assert "Harrowmead Analytics Ltd" not in parent, rels  # another heading ended the list


@pytest.mark.model
def test_a_bulleted_list_under_another_heading_states_no_subsidiary():
    text = SUBSIDIARY_LIST.format(heading="Suppliers")
    assert not any(r[1] == "SUBSIDIARY_OF" for r in relations(text))


@pytest.mark.model
def test_a_list_lead_names_whose_subsidiaries_they_are_even_when_the_topic_is_listed():
    text = ("Senwick Digital AG ran the custody business. Senwick Digital AG froze withdrawals in May, and Senwick "
            "Digital AG's customers lost $40 million.\n\nSubsidiaries\n\nAt the time of insolvency Senwick Financial "
            "Group AG's principal subsidiaries were:\n- Senwick Privatbank AG (private banking)\n"
            "- Senwick Digital AG (custody, crypto accounts)\n")
    parent = {s: t for s, r, t in relations(text) if r == "SUBSIDIARY_OF"}
    assert parent.get("Senwick Privatbank AG") == "Senwick Financial Group AG", parent
    assert parent.get("Senwick Digital AG") == "Senwick Financial Group AG", parent


@pytest.mark.model
@pytest.mark.parametrize("w", ["Kestvale", "Brenvick", "Tolvane"])
def test_a_name_defined_in_a_bracket_is_that_firms_short_form_not_its_parents(w):
    text = (f'The First Respondent, {w} Ledger Technologies Ltd ("{w}"), ran a lending platform. {w} is '
            f'a subsidiary of {w} Group Holdings SA, a Luxembourg company. In 2022 {w} lent $12 million to '
            'Quennel Trading Ltd.')
    g = extract(text, "t.txt")
    ents = {e.name: e for e in g.entities}
    assert w in ents[f"{w} Ledger Technologies Ltd"].aliases
    assert w not in ents[f"{w} Group Holdings SA"].aliases
    assert (f"{w} Ledger Technologies Ltd", "LENT_TO", "Quennel Trading Ltd") in relations(text)


FILING = ("The Claimant, {claimant}, is a venture fund. The First Respondent, {firm}, operated a lending platform. "
          "The Second Respondent, Mr {person}, co-founded it in 2019. Under a 2022 agreement the Claimant paid "
          "$35 million to the First Respondent. The Tribunal found that the Second Respondent controlled {other}.")


@pytest.mark.model
@pytest.mark.parametrize("claimant, firm, person, other", [
    ("Tarnley Ventures LP", "Glasmere Ledger Ltd", "Ingram Tollbury", "Morrenby Gate Trading Ltd"),
    ("Vessick Capital Partners", "Orlesk Lending Ltd", "Caspar Wendholt", "Briskell Meadow Markets Ltd"),
])
def test_a_filings_capitalised_roles_name_its_parties(claimant, firm, person, other):
    text = FILING.format(claimant=claimant, firm=firm, person=person, other=other)
    names = set(types(text))
    assert not names & {"Claimant", "First Respondent", "Second Respondent"}, names
    rels = relations(text)
    assert (claimant, "TRANSFERRED_TO", firm) in rels or (claimant, "INVESTED_IN", firm) in rels, rels
    assert (person, "CONTROLS", other) in rels, rels


@pytest.mark.model
def test_a_name_set_beside_a_place_is_no_role_of_it():
    # "a small bank of Minas Gerais, the Banco Serrano,": a name, not a role the place plays
    text = ("In 2022 InvestiCripto Tavora tried to buy a small bank of Minas Gerais, the Banco Sarrano, but the "
            "negotiation was cancelled. The Banco Sarrano denied it.")
    assert "Banco Sarrano" in types(text)


CALL = """{host} - Interim results conference call, edited transcript

Speakers: Maela Kettlewick, Chief Executive Officer; Devan Ommerley, Chief Financial Officer.

OPERATOR: Welcome to the {short} interim results call.

ANALYST: On Fenrow Trading - who owns Fenrow Trading? Fenrow Trading took $40 million of card balances, and
Fenrow Trading is run by a former trader. Is Fenrow Trading a related party?

MAELA KETTLEWICK: Fenrow Trading is an independent counterparty. {short} has no stake in it.
"""


@pytest.mark.model
@pytest.mark.parametrize("host, short", [("Ostwell Financial Group plc", "Ostwell"), ("Harnby Digital Holdings Ltd", "Harnby")])
def test_a_transcripts_titled_firm_is_whom_its_officers_lead_even_when_another_is_talked_about_more(host, short):
    rels = relations(CALL.format(host=host, short=short))
    assert ("Maela Kettlewick", "LEADS", host) in rels and ("Devan Ommerley", "LEADS", host) in rels, rels
    assert not any(t == "Fenrow Trading" and r == "LEADS" for _, r, t in rels), rels


@pytest.mark.model
@pytest.mark.parametrize("intro", ["a company in Nevada called", "a firm named", "a company based in Reno called"])
def test_that_company_is_the_one_just_introduced_with_that_noun(intro):
    noun = "firm" if "firm" in intro else "company"
    text = (f"Quellmarsh Finance is a lending company that took deposits from 900 residents. Investigators say "
            f"Quellmarsh Finance sent another $5 million to {intro} Tamswold Land Holdings. According to the "
            f"papers, that {noun} is controlled by Wynn Penrick.")
    rels = relations(text)
    assert ("Wynn Penrick", "CONTROLS", "Tamswold Land Holdings") in rels, rels
    assert ("Wynn Penrick", "CONTROLS", "Quellmarsh Finance") not in rels, rels


@pytest.mark.model
@pytest.mark.parametrize("ticker, issuer, kind", [
    ("PELVO", "Pelvarne Finance", "governance token"),
    ("MOSKA", "Moskwell Exchange", "exchange token"),
])
def test_a_ticker_apposed_to_a_token_noun_before_its_issuers_name_is_a_token(ticker, issuer, kind):
    # the small parser reads "token" as a verb here and may make the issuer the apposition's head
    text = (f"The facility was secured mainly by {ticker}, the {kind} {issuer} itself issued. Later {issuer} "
            f"sold {ticker} to pay its debts.")
    assert types(text).get(ticker) == "Token", types(text)


@pytest.mark.model
@pytest.mark.parametrize("sentence", [
    "Exhibit 6 shows that CDVO tokens made up 58% of Cinderholt Exchange's reported assets.",
    "Records show that CDVO tokens accounted for 58% of Cinderholt Exchange's balance sheet.",
    "Cinderholt Exchange is also a major CDVO holder, according to on-chain data.",
])
def test_a_token_that_makes_up_a_firms_books_is_held_by_it(sentence):
    text = "Cinderholt Exchange issued its exchange token, CDVO, in 2019. " + sentence
    assert ("Cinderholt Exchange", "HOLDS_TOKEN", "CDVO") in relations(text)


@pytest.mark.model
def test_a_firm_whose_books_a_token_makes_up_is_no_holder_of_a_firm():
    text = "Records show that loans to Pellmardine Markets made up 58% of Cinderholt Exchange's reported assets."
    assert not any(r[1] == "HOLDS_TOKEN" for r in relations(text))


@pytest.mark.model
@pytest.mark.parametrize("clause, owner", [
    ("a Luxembourg company in which Mr Ingram Tollwade holds 55 percent", "Ingram Tollwade"),
    ("a charter business in which Corentin Farrowmere is the majority shareholder", "Corentin Farrowmere"),
    ("a holding company in which Sorrelwick Asset Management holds a 40 per cent interest", "Sorrelwick Asset Management"),
])
def test_a_stake_stated_in_an_in_which_clause_is_owned(clause, owner):
    text = f"Pellham Finance lent $9.5 million to Glasvane Holdings SA, {clause}."
    assert (owner, "OWNS", "Glasvane Holdings SA") in relations(text)


@pytest.mark.model
def test_an_in_which_clause_without_a_stake_owns_nothing():
    text = "Pellham Finance lent $9.5 million to Glasvane Holdings SA, a company in which Mr Ingram Tollwade held meetings."
    assert not any(r[1] == "OWNS" for r in relations(text))


@pytest.mark.model
def test_a_beneficial_owner_is_still_read_by_the_owner_rule():
    # a longer trigger phrase in a new rule would shadow the shorter one of the older rule
    text = "Dr Pellegrane told us he believed Mr Strathmoor Quell to be Fennimark Liquidity Ltd's beneficial owner."
    assert ("Strathmoor Quell", "OWNS", "Fennimark Liquidity Ltd") in relations(text)


@pytest.mark.model
@pytest.mark.parametrize("text, reported", [
    ("Several creditors have asked about an article in the Sandmoor Post in September, which claimed that Mr Caradwy "
     "Prydel had moved a further $5 million from Saltwick Markets Ltd to an account in Dubai.", "Caradwy Prydel"),
    ("Last spring the Lakemoor Courant reported on complaints that Quillmead Finance was slow to return savers' money.",
     "Quillmead Finance"),
])
def test_what_a_paper_reported_however_the_report_is_hung(text, reported):
    paper = "Sandmoor Post" if "Sandmoor" in text else "Lakemoor Courant"
    assert (paper, "REPORTED_ON", reported) in relations(text)


@pytest.mark.model
@pytest.mark.parametrize("material, paper, verb", [("Blockchain data reviewed by", "Larkmoor Courier", "shows"),
                                                   ("Documents seen by", "Fernwold Gazette", "suggest")])
def test_what_material_a_paper_reviewed_shows_is_reported_by_it(material, paper, verb):
    text = f"{material} the {paper} {verb} that Veldane Exchange sent roughly $75 million to Oxbury Markets."
    assert (paper, "REPORTED_ON", "Veldane Exchange") in relations(text)


@pytest.mark.model
@pytest.mark.parametrize("title", ["Mr", "Ms", ""])
def test_a_surname_stands_for_the_namesake_named_before_it_not_the_next_one(title):
    who = f"{title} Prydwell".strip()
    text = ("The Company was incorporated in 2019 by Caradel Prydwell, its sole director. Saltinmoor Markets Ltd is a "
            f"trading company of which {who} is the registered shareholder. Saltinmoor in turn paid $7.4 million to "
            f"Yevgena Prydwell, {who}'s spouse.")
    rels = relations(text)
    assert ("Caradel Prydwell", "OWNS", "Saltinmoor Markets Ltd") in rels, rels
    assert ("Yevgena Prydwell", "OWNS", "Saltinmoor Markets Ltd") not in rels, rels


@pytest.mark.model
@pytest.mark.parametrize("where", ["on the exchange", "with the exchange", "at the exchange"])
def test_customers_who_had_money_on_a_platform_deposited_it_there(where):
    text = f"Vellgrove Exchange froze withdrawals on Monday. Customers had about $2.3 billion {where} at the time."
    g = extract(text, "t.txt")
    names = {e.id: e.name for e in g.entities}
    dep = [r for r in g.relations if r.type == "DEPOSITED_WITH" and names[r.target] == "Vellgrove Exchange"]
    assert dep and dep[0].amount_usd == 2.3e9, [(names[r.source], r.type, names[r.target]) for r in g.relations]


@pytest.mark.model
def test_having_money_in_cash_deposits_nothing():
    text = "Vellgrove Exchange froze withdrawals on Monday. Its owner Ardal Penvose had about $2.3 billion in cash."
    assert not any(r[1] == "DEPOSITED_WITH" for r in relations(text))


@pytest.mark.model
@pytest.mark.parametrize("clause, rel_type", [
    ("a consultancy to which Narrowmere Payments paid $1.4 million in fees last year", "TRANSFERRED_TO"),
    ("the fund to which Narrowmere Payments lent $40 million in 2023", "LENT_TO"),
])
def test_money_to_which_a_relative_clause_says_it_went(clause, rel_type):
    text = f"The registry shows that Aldous Penwarden owns Stellwick Advisory Ltd, {clause}."
    assert ("Narrowmere Payments", rel_type, "Stellwick Advisory Ltd") in relations(text)
