"""Person pronouns carried past the near window to the person the text is about (round 6), on invented names."""
import pytest

from tests.test_entities import entity_nlp, entity_of, key, run  # noqa: F401  (fixtures)

pytestmark = pytest.mark.model

BIO = ("Ulfric Caddow is a Scottish financier and the founder of Pellafort Capital. He studied law in Glasgow. "
       "The course lasted four years.\n\nCareer\n\nFrom 2004 to 2010 he worked at Tarrowmere Bank.")


def test_a_pronoun_after_a_gap_goes_to_the_one_person_of_that_gender(run):
    doc = run(BIO)
    assert entity_of(doc, "he", "pronoun") == key(doc, "Ulfric Caddow")


def test_kinship_gender_keeps_a_wife_from_taking_he(run):
    doc = run("Mr. Ulfric Caddow died on Sunday at his home. His wife, Quillane, died in 2020. "
              "He is survived by two sons.")
    assert entity_of(doc, "He", "pronoun") == key(doc, "Ulfric Caddow")


def test_the_latest_subject_who_is_most_mentioned_takes_the_pronoun(run):
    doc = run("Mr. Ulfric Caddow founded Tarrowmere Bank in 1971. He ran it for thirty years, and he and his brother "
              "Brisbin Caddow also ran a shipping fleet. The fleet had twelve vessels. Its ships sailed from Leith. "
              "In later years he devoted himself to sailing.")
    assert entity_of(doc, "he", "pronoun") == key(doc, "Ulfric Caddow")
    last = [sp for sp in doc.spans["kg_mentions"] if sp.text == "he"][-1]
    assert last._.kg_entity == key(doc, "Ulfric Caddow")


@pytest.mark.parametrize("text", [
    # two men named, neither the clear topic
    "Mr. Ulfric Caddow met Mr. Brisbin Sotheran in Leeds. The talks lasted four days. Markets were calm. "
    "Later he left.",
    # the only person is of the other gender
    "Mr. Ulfric Caddow founded Pellafort Capital. The fund grew. Its assets doubled. She left in 2019.",
    # the person's gender is not known
    "Nettleford Galloran founded Pellafort Capital. The fund grew. Its assets doubled. He left in 2019.",
    # an unnamed person is the nearer subject
    "Mr. Ulfric Caddow founded Pellafort Capital in 2004. The fund grew quickly. One depositor, a retired teacher, "
    "said he had lost his savings.",
])
def test_no_discourse_person_when_it_is_not_clear(run, text):
    doc = run(text)
    last = [sp for sp in doc.spans["kg_mentions"] if sp.text.lower() in ("he", "she")]
    assert not last or all(sp._.kg_entity is None for sp in last[-1:])
