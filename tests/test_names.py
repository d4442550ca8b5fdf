"""Name normalisation and matching rules (pure, no model)."""
from kg.names import acronym_matches, clean, core, is_misspelling, normalize, org_matches, person_matches


def test_clean_drops_possessive_and_leading_the():
    assert clean("Bankman-Fried's") == "Bankman-Fried"
    assert clean("the Wall Street Journal") == "Wall Street Journal"
    assert clean("Halvorsen\u2019s") == "Halvorsen"


def test_normalize_folds_punctuation_and_accents():
    assert normalize("FTX.US") == normalize("FTX US")
    assert normalize("Zoë Brandtner") == "zoe brandtner"


def test_core_drops_corporate_suffixes():
    assert core("FTX Trading Ltd") == "ftx"
    assert core("Quillory Holdings Inc.") == "quillory"


def test_person_surname_initials_generational_and_typo():
    assert person_matches("Bankman-Fried", "Sam Bankman-Fried")
    assert person_matches("SBF", "Sam Bankman-Fried")
    assert person_matches("Ray", "John J. Ray III")
    assert person_matches("Benkman-Fried", "Sam Bankman-Fried")
    assert not person_matches("Wang", "Caroline Ellison")
    assert not person_matches("sbf", "Sam Bankman-Fried")  # initials only in capitals


def test_org_short_forms_but_distinct_divisions():
    assert org_matches("Alameda", "Alameda Research")
    assert org_matches("Sablewick", "Sablewick Capital Partners")
    assert org_matches("FTX US", "FTX.US")
    assert org_matches("Kestrova Pay", "Kestrova Payments Ltd")
    assert org_matches("the Gazette", "The Eastmoor Gazette")
    assert not org_matches("FTX", "FTX.US")
    assert not org_matches("FTX", "FTX Digital Markets")
    assert not org_matches("FTT", "FTX")


def test_acronyms():
    assert acronym_matches("SEC", "Securities and Exchange Commission")
    assert acronym_matches("SEC", "U.S. Securities and Exchange Commission")
    assert acronym_matches("LFG", "Luna Foundation Guard")
    assert not acronym_matches("sec", "Securities and Exchange Commission")


def test_misspelling_needs_length_and_closeness():
    assert is_misspelling("Halvorsen", "Halvorson")
    assert not is_misspelling("FTX", "FTT")
    assert not is_misspelling("Morgan", "Horgan")
