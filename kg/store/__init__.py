"""Stores: the embedded default (LadybugDB) and Neo4j, behind one interface."""
from __future__ import annotations

import os

from kg.store.base import Store

DEFAULT_STORE_DIR = "kg-data"


def open_store(path: str | None = None, neo4j_uri: str | None = None, *, read_only: bool = False) -> Store:
    """Neo4j when a URI is given (``--neo4j`` or ``NEO4J_URI``), else the embedded store at ``path``
    (``--store``, ``KG_STORE``, or ``./kg-data``)."""
    uri = neo4j_uri if neo4j_uri is not None else (None if path else os.environ.get("NEO4J_URI"))
    if uri:
        from kg.store.neo4j import Neo4jStore

        return Neo4jStore(
            uri,
            user=os.environ.get("NEO4J_USER", "neo4j"),
            password=os.environ.get("NEO4J_PASSWORD", ""),
            database=os.environ.get("NEO4J_DATABASE") or None,
        )
    from kg.store.embedded import EmbeddedStore

    return EmbeddedStore(path or os.environ.get("KG_STORE") or DEFAULT_STORE_DIR, read_only=read_only)


__all__ = ["Store", "open_store", "DEFAULT_STORE_DIR"]
