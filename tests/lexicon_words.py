"""Every word the extractor's lexicons know, read from the data files in kg/schema/ and from the word tables
the kg.extract modules hold, grouped into classes of interchangeable entries (for the lexicon fuzz tests)."""
from __future__ import annotations

import json
from functools import lru_cache

from kg.schema import data_path

DATA_FILES = ("entity_patterns.jsonl", "relation_patterns.jsonl", "relation_structures.jsonl", "status_cues.jsonl",
              "entity_words.json", "description_heads.json", "entity_lexicon.json")
WORD_KEYS = ("words", "pattern", "heads", "modifiers")


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() if not k.startswith("_") for s in [k, *_strings(v)]]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [s for v in value for s in _strings(v)]
    return []


def _records(name: str) -> list[dict]:
    path = data_path(name)
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8")
    if name.endswith(".json"):
        return [json.loads(text)]
    return [json.loads(line) for line in text.splitlines() if line.strip() and not line.lstrip().startswith("//")]


@lru_cache(maxsize=1)
def lexicon_classes() -> dict[str, list[str]]:
    """class name -> its entries (lower-case words and phrases, sorted)."""
    classes: dict[str, set[str]] = {}

    def put(cls: str, words) -> None:
        classes.setdefault(cls, set()).update(w for w in _strings(words) if isinstance(w, str) and w.strip() and len(w) < 60)

    for name in DATA_FILES:
        for rec in _records(name):
            if name.endswith(".json"):
                for key, value in rec.items():
                    if not key.startswith("_"):
                        put(f"{name}:{key}", value)
                continue
            cls = f"{name}:{rec.get('type') or rec.get('status') or rec.get('label') or rec.get('kind')}"
            for key in WORD_KEYS:
                if isinstance(rec.get(key), (str, list)):
                    put(cls, rec[key])
    from kg.extract import coref, entities, relations, status

    for mod in (entities, relations, coref, status):
        for attr, value in vars(mod).items():
            if attr.isupper() and isinstance(value, (set, frozenset, dict)) and value and all(isinstance(k, str) for k in value):
                put(f"{mod.__name__}.{attr}", value)
    return {k: sorted(v) for k, v in classes.items() if v}


def all_entries() -> list[str]:
    return sorted({w for ws in lexicon_classes().values() for w in ws})
