"""The extractor on ordinary prose built from its own lexicons: every lexicon entry in a few carrier
sentences (default suite), and >= 10,000 corpus sentences recombined with words swapped among the lexicons'
own entries (slow suite). Never an exception; the graph always well-formed (ids, offsets, evidence)."""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from lexicon_words import all_entries, lexicon_classes
from test_fuzz import check_graph

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
# Names found nowhere else; each carrier puts the entry where a group head, a role, a trigger, a status
# cue, a description head or a name would stand.
CARRIERS = (
    "Most {w} lost money.",
    "Tavish Prell, the {w} of Quillon Partners, said the {w} {w} $40 million to Harrowgate Ltd.",
    "{W} Harrowgate and its {w} allegedly {w} customers of Quillon Partners, which {w} it.",
)


def _fill(carrier: str, word: str) -> str:
    return carrier.replace("{w}", word).replace("{W}", word[:1].upper() + word[1:])


def _extract_each(nlp, texts):
    from kg.extract import extract_articles
    from kg.model import Article

    articles = [Article.from_text(t, f"fuzz-{i}.txt") for i, t in enumerate(texts)]
    done = 0
    for article, graph in zip(articles, extract_articles(iter(articles), nlp, batch_size=64)):
        check_graph(article.text, graph)
        done += 1
    return done


def _check_entries(nlp, carrier: str, per_article: int, entries: list[str]) -> None:
    """Every entry in ``carrier``, ``per_article`` sentences to an article; a failing article is taken
    apart to name the sentence that fails."""
    sents = [_fill(carrier, w) for w in entries]
    texts = [" ".join(sents[i : i + per_article]) for i in range(0, len(sents), per_article)]
    failures = []
    for k in range(0, len(texts), 20):
        part = texts[k : k + 20]
        try:
            _extract_each(nlp, part)
        except Exception:  # noqa: BLE001
            for t in [s for s in sents if any(s in p for p in part)]:
                try:
                    _extract_each(nlp, [t])
                except Exception as e:  # noqa: BLE001
                    failures.append(f"{t!r}: {type(e).__name__}: {e}")
    assert not failures, "\n".join(failures[:20])


@pytest.mark.slow
@pytest.mark.model
def test_every_multi_word_lexicon_entry_in_the_carriers(nlp):
    """Phrases are where two tables can disagree ("retail holders" known to one, not the other)."""
    phrases = [w for w in all_entries() if " " in w or "-" in w]
    assert len(phrases) > 30
    for carrier in CARRIERS:
        _check_entries(nlp, carrier, per_article=10, entries=phrases)


def group_phrases() -> list[str]:
    """Group nouns with every modifier the lexicons pair with one ("retail investors", "account holders"),
    each modifier before every group head, known pairs or not ("retail holders", "account investors")."""
    classes = lexicon_classes()
    heads = sorted({w for k, ws in classes.items() if "GROUP" in k.upper() for w in ws if " " not in w})
    mods = {w.split()[0] for k, ws in classes.items() if "GROUP" in k.upper() for w in ws if " " in w}
    mods |= {w for k, ws in classes.items() if "INVESTOR_KINDS" in k.upper() for w in ws}
    return [f"{m} {h}" for m in sorted(mods) for h in heads]


@pytest.mark.model
def test_every_group_head_after_every_group_modifier(nlp):
    phrases = group_phrases()
    assert "retail holders" in phrases and len(phrases) > 50
    for carrier in CARRIERS[:2]:
        _check_entries(nlp, carrier, per_article=10, entries=phrases)


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.parametrize("carrier", CARRIERS)
def test_every_lexicon_entry_in_each_carrier(nlp, carrier):
    entries = all_entries()
    assert len(entries) > 500  # the lexicons are read, not an empty list
    _check_entries(nlp, carrier, per_article=1, entries=entries)


def test_lexicon_classes_cover_the_tables_the_extractor_uses():
    classes = lexicon_classes()
    words = set(all_entries())
    for probe in ("customers", "account holders", "founder", "lent", "allegedly", "exchange", "stablecoin"):
        assert probe in words, probe
    assert any("GROUP_HEADS" in k or "group_heads" in k for k in classes)


# --- recombined corpus sentences (slow) ------------------------------------------------------------------
SWAP_CLASSES = ("GROUP_HEADS", "group_heads", "ROLE_WORDS", "role_words", "relation_patterns.jsonl",
                "status_cues.jsonl", "ORG_HEADS", "org_heads", "TOKEN_HEADS", "token_heads", "description_heads.json:kinds")
SPLIT = re.compile(r",\s|\s(?:and|which|who|after|before|but|while)\s")


def corpus_sentences() -> list[str]:
    out = []
    for p in sorted(CORPUS.rglob("*.txt")):
        for para in p.read_text(encoding="utf-8").split("\n"):
            out += [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", para) if len(s.split()) >= 4]
    return out


def swap_pool() -> dict[str, list[str]]:
    """lower-case entry -> the entries of its classes it may be swapped with."""
    pool: dict[str, set[str]] = {}
    for cls, words in lexicon_classes().items():
        if any(marker in cls for marker in SWAP_CLASSES):
            for w in words:
                pool.setdefault(w, set()).update(words)
    return {w: sorted(v) for w, v in pool.items()}


def recombined(n: int, seed: int = 13) -> list[str]:
    """n sentences: the head of one corpus sentence joined to the tail of another at a clause break, then
    about half of the words a lexicon knows swapped for another entry of the same lexicon."""
    rng = random.Random(seed)
    sents = corpus_sentences()
    pool = swap_pool()
    out = []
    while len(out) < n:
        a, b = rng.choice(sents), rng.choice(sents)
        cuts_a = [m.start() for m in SPLIT.finditer(a)] or [len(a) // 2]
        cuts_b = [m.start() for m in SPLIT.finditer(b)] or [len(b) // 2]
        s = a[: rng.choice(cuts_a)] + b[rng.choice(cuts_b):]
        words = s.split(" ")
        for i, w in enumerate(words):
            key = w.lower().strip(".,;:\"“”'’()")
            if key in pool and rng.random() < 0.5:
                new = rng.choice(pool[key])
                words[i] = w.lower().replace(key, new) if w.islower() else w.replace(w.strip(".,;:\"“”'’()"), new.capitalize())
        out.append(" ".join(words))
    return out


def test_recombination_changes_sentences_and_keeps_them_prose():
    sents = recombined(300)
    corpus = set(corpus_sentences())
    assert len(sents) == 300
    assert sum(s not in corpus for s in sents) > 250
    assert all(s.strip() and len(s.split()) >= 2 for s in sents)


@pytest.mark.slow
@pytest.mark.model
def test_ten_thousand_recombined_corpus_sentences(nlp):
    from kg.extract.workers import default_processes, extract_in_children
    from kg.model import Article

    sents = recombined(10_000)
    # articles of 20 sentences, so that coreference and groups work across sentences too; parsed by one
    # child process a core, as kg ingest does
    texts = [" ".join(sents[i : i + 20]) for i in range(0, len(sents), 20)]
    articles = [Article.from_text(t, f"fuzz-{i}.txt") for i, t in enumerate(texts)]
    failed: list[Article] = []
    done = 0
    for graph in extract_in_children(articles, nlp, n_process=default_processes(), on_error=lambda a, why: failed.append(a)):
        check_graph(graph.article.text, graph)
        done += 1
    failures = []
    for article in failed:  # name the sentence at fault
        for s in re.split(r"(?<=[.!?]) ", article.text):
            try:
                _extract_each(nlp, [s])
            except Exception as e:  # noqa: BLE001
                failures.append(f"{s!r}: {type(e).__name__}: {e}")
                break
        else:
            failures.append(f"{article.path}: fails as a whole, no sentence alone does")
    assert len(sents) == 10_000 and done + len(failed) == len(texts)
    assert not failures, "\n".join(failures[:20])
