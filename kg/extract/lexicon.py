"""Word tables as data: one JSON file per extraction module in ``kg/schema/`` (beside the JSONL pattern
lexicons), read through importlib.resources so that they ship in the wheel."""
from __future__ import annotations

import json
from functools import lru_cache

from kg.schema import data_path


@lru_cache(maxsize=None)
def _load(name: str) -> dict:
    return json.loads(data_path(name).read_text(encoding="utf-8"))


class Lexicon:
    """The word tables of one file: ``words(key)`` a set, ``mapping(key)`` a dict. A missing key is an error
    at import time, so a table renamed in one place and not the other cannot pass unnoticed."""

    def __init__(self, name: str):
        self.name = name
        self.tables = _load(name)

    def words(self, key: str) -> set[str]:
        value = self._get(key)
        if not isinstance(value, list):
            raise TypeError(f"{self.name}: {key} is not a word list")
        return set(value)

    def mapping(self, key: str) -> dict[str, str]:
        value = self._get(key)
        if not isinstance(value, dict):
            raise TypeError(f"{self.name}: {key} is not a mapping")
        return dict(value)

    def records(self, key: str) -> dict[str, list]:
        """A mapping from a word to a record of several values ("owner": ["OWNS", "target", [...]])."""
        value = self._get(key)
        if not isinstance(value, dict) or not all(isinstance(v, list) for v in value.values()):
            raise TypeError(f"{self.name}: {key} is not a mapping of records")
        return dict(value)

    def _get(self, key: str):
        if key not in self.tables:
            raise KeyError(f"{self.name}: no word table {key!r}")
        return self.tables[key]
