"""The schema (entity and relation types) as data, loaded once from ``schema.yaml``."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class EntityType:
    name: str
    label: str
    description: str
    color: str
    shape: str


@dataclass(frozen=True)
class RelationType:
    name: str
    label: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    money: bool = False
    control: str | None = None  # "down": source controls target; "up": target controls source
    statuses: tuple[str, ...] = ()  # the statuses this edge can carry


@dataclass(frozen=True)
class Property:
    """A stored property: its name in the database, its type (LadybugDB's names) and the Python attribute
    it is read from and written to."""

    name: str
    type: str
    field: str


@dataclass(frozen=True)
class Schema:
    entity_types: dict[str, EntityType]
    relation_types: dict[str, RelationType]
    statuses: tuple[str, ...]
    claim_properties: tuple[Property, ...] = ()
    edge_properties: tuple[Property, ...] = ()
    judgement_properties: tuple[Property, ...] = ()

    @property
    def money_relations(self) -> tuple[str, ...]:
        return tuple(n for n, r in self.relation_types.items() if r.money)

    @property
    def control_relations(self) -> tuple[str, ...]:
        return tuple(n for n, r in self.relation_types.items() if r.control)

    def allows(self, rel_type: str, source_type: str, target_type: str) -> bool:
        rt = self.relation_types.get(rel_type)
        return rt is not None and source_type in rt.source and target_type in rt.target


def data_path(name: str):
    """A data file shipped in the ``kg.schema`` package (YAML schema, JSONL patterns)."""
    return resources.files("kg.schema").joinpath(name)


@lru_cache(maxsize=1)
def load_schema() -> Schema:
    raw = yaml.safe_load(data_path("schema.yaml").read_text(encoding="utf-8"))
    ents = {
        name: EntityType(name=name, label=v["label"], description=v["description"], color=v["color"], shape=v["shape"])
        for name, v in raw["entity_types"].items()
    }
    rels = {
        name: RelationType(
            name=name,
            label=v["label"],
            source=tuple(v["source"]),
            target=tuple(v["target"]),
            money=bool(v.get("money", False)),
            control=v.get("control"),
            statuses=tuple(v.get("statuses", raw["statuses"])),
        )
        for name, v in raw["relation_types"].items()
    }
    return Schema(entity_types=ents, relation_types=rels, statuses=tuple(raw["statuses"]),
                  claim_properties=_properties(raw.get("claim_properties") or {}),
                  edge_properties=_properties(raw.get("edge_properties") or {}),
                  judgement_properties=_properties(raw.get("judgement_properties") or {}))


PROPERTY_TYPES = ("STRING", "DOUBLE", "INT64", "BOOL", "STRING[]")


def _properties(raw: dict) -> tuple[Property, ...]:
    out = []
    for name, v in raw.items():
        spec = v if isinstance(v, dict) else {"type": v}
        if spec["type"] not in PROPERTY_TYPES:
            raise ValueError(f"schema.yaml: property {name}: unknown type {spec['type']!r}")
        out.append(Property(name=name, type=spec["type"], field=spec.get("field", name)))
    return tuple(out)


ENTITY_TYPES: tuple[str, ...] = tuple(load_schema().entity_types)
RELATION_TYPES: tuple[str, ...] = tuple(load_schema().relation_types)
