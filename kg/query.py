"""The query layer: investigators' questions answered from a Store, each answer with its evidence."""
from __future__ import annotations

from collections import Counter
from typing import Any

from kg.store.base import Store


def list_entities(store: Store, type: str | None = None) -> list[dict[str, Any]]:
    degree: Counter[str] = Counter()
    for r in store.relations():
        degree[r.source] += 1
        degree[r.target] += 1
    rows = [
        {"id": e.id, "name": e.name, "type": e.type, "aliases": [a for a in e.aliases if a != e.name], "relations": degree[e.id]}
        for e in store.entities()
        if type is None or e.type.lower() == type.lower()
    ]
    rows.sort(key=lambda r: (-r["relations"], r["name"]))
    return rows
