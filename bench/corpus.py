"""A synthetic news corpus made by recombining the paragraphs of ``corpus/*.txt``: each article is one
of the corpus's headlines followed by a random run of body paragraphs drawn from all articles, so no two
synthetic articles are the same text (each gets a distinct paragraph sequence). Deterministic per seed."""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpus"


@dataclass(frozen=True)
class Pool:
    titles: tuple[str, ...]
    paragraphs: tuple[str, ...]


def paragraph_pool(corpus_dir: Path = CORPUS_DIR) -> Pool:
    """The corpus split into headlines (first paragraph of each article) and body paragraphs."""
    titles, paragraphs = [], []
    for path in sorted(Path(corpus_dir).glob("*.txt")):
        parts = [p.strip() for p in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")) if p.strip()]
        if not parts:
            continue
        titles.append(parts[0])
        paragraphs.extend(parts[1:])
    if not paragraphs:
        raise ValueError(f"{corpus_dir}: no paragraphs to recombine")
    return Pool(tuple(titles), tuple(paragraphs))


def synthetic_texts(n: int, *, seed: int = 7, min_paragraphs: int = 4, max_paragraphs: int = 8,
                    pool: Pool | None = None) -> list[str]:
    """``n`` distinct article texts (headline, blank line, paragraphs separated by blank lines)."""
    pool = pool or paragraph_pool()
    rng = random.Random(seed)
    seen: set[tuple[int, ...]] = set()
    out: list[str] = []
    while len(out) < n:
        k = rng.randint(min_paragraphs, max_paragraphs)
        title = rng.randrange(len(pool.titles))
        body = tuple(rng.sample(range(len(pool.paragraphs)), k))
        key = (title, *body)
        if key in seen:
            continue
        seen.add(key)
        out.append("\n\n".join([pool.titles[title], *(pool.paragraphs[i] for i in body)]) + "\n")
    return out


def word_count(texts: list[str]) -> int:
    """Whitespace-separated words: the same count for kg and for bare spaCy, so the ratio is a time ratio."""
    return sum(len(t.split()) for t in texts)
