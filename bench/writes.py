"""Write benchmarks: relations per second into either store, batched (``Store.write_articles`` as ``kg ingest``
writes: kg.ingest.BATCH_ARTICLES articles of many relations a transaction; ``Store.bulk_load``) against one
MERGE statement per edge inside one transaction."""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from kg.model import Article, ArticleGraph, EdgeSummary, Graph, Relation
from kg.store.base import edge_row

PER_ARTICLE = 100

_ROW_ENTITY = "MERGE (e:Entity {id: $id}) SET e.name = $name, e.type = $type, e.aliases = $aliases, e.norm = $norm"
# one MERGE per edge, its summary properties from the schema (kg.store.cypher fills {{edge_sets}})
_ROW_RELATION = "MATCH (s:Entity {id: $source}), (t:Entity {id: $target}) MERGE (s)-[r:{{rel}}]->(t) SET {{edge_sets}}"


def as_articles(graph: Graph, per_article: int = PER_ARTICLE) -> list[ArticleGraph]:
    """The graph's relations cut into articles of ``per_article`` relations (their ends as entities)."""
    ents = {e.id: e for e in graph.entities}
    out = []
    for i in range(0, len(graph.relations), per_article):
        rels = graph.relations[i : i + per_article]
        art = Article.from_text(f"bench write article {i}", f"synthetic/write-{i}.txt")
        rels = [Relation(r.source, r.target, r.type, [ev.__class__(art.id, ev.sentence, ev.start, ev.end, ev.status) for ev in r.evidence],
                         r.amount_usd, r.amount_text, r.status, r.confidence) for r in rels]
        ids = sorted({x for r in rels for x in (r.source, r.target)})
        out.append(ArticleGraph(article=art, entities=[ents[x] for x in ids], relations=rels))
    return out


class WriteFailed(RuntimeError):
    pass


def write_batched(store, articles: list[ArticleGraph], batch: int | None = None) -> float:
    """``Store.write_articles`` with ``batch`` articles a transaction (default: as ``kg ingest`` writes)."""
    from kg.ingest import BATCH_ARTICLES

    batch = batch or BATCH_ARTICLES
    t0 = time.perf_counter()
    done = 0
    for i in range(0, len(articles), batch):
        chunk = articles[i : i + batch]
        try:
            store.write_articles(chunk)
        except Exception as e:  # noqa: BLE001 - reported with how far it got
            raise WriteFailed(f"failed after {done:,} relations in {time.perf_counter() - t0:.0f} s: "
                              f"{str(e).splitlines()[0][:160]}") from None
        done += sum(len(a.relations) for a in chunk)
    return time.perf_counter() - t0


def write_bulk(store, graph: Graph) -> float:
    from kg.store.bulk import bulk_load

    t0 = time.perf_counter()
    bulk_load(store, graph)
    return time.perf_counter() - t0


def write_per_row(store, graph: Graph, n_relations: int) -> float:
    """The first ``n_relations`` relations (and their entities), one MERGE statement per row, in one transaction."""
    from kg.names import normalize

    rels = graph.relations[:n_relations]
    needed = {x for r in rels for x in (r.source, r.target)}
    ents = [e for e in graph.entities if e.id in needed]
    statements = {}
    t0 = time.perf_counter()
    with store._transaction() as tx:
        for e in ents:
            tx.run(_ROW_ENTITY, {"id": e.id, "name": e.name, "type": e.type, "aliases": sorted(set(e.all_names())), "norm": normalize(e.name)})
        for r in rels:
            stmt = statements.get(r.type) or statements.setdefault(r.type, store.statement(_ROW_RELATION, r.type))
            tx.run(stmt, edge_row(r.key, EdgeSummary.of_claims(r.claims)))
    return time.perf_counter() - t0


class Embedded:
    """A new, empty embedded store for each measurement."""

    def __init__(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="kg-bench-writes-")
        self._n = 0

    def fresh(self):
        from kg.store.embedded import EmbeddedStore

        self._n += 1
        return EmbeddedStore(Path(self._tmp.name) / f"s{self._n}")

    def cleanup(self):
        self._tmp.cleanup()


class Neo4j:
    """The benchmark's own Neo4j, emptied before each measurement."""

    def fresh(self):
        from bench.queries import open_neo4j, wipe_neo4j

        store = open_neo4j()
        wipe_neo4j(store)
        return store

    def cleanup(self):
        pass


def writes_benchmark(backend, sizes: list[int], *, reps: int, per_row_max: int, batched_max: int | None = None, log=print) -> list[dict]:
    """For each size: batched write_articles, bulk_load, and one-statement-per-row (measured on at most
    ``per_row_max`` relations, extrapolated linearly above that)."""
    from statistics import median

    from bench.graphs import synthetic_graph

    out = []
    for n in sizes:
        graph = synthetic_graph(n, seed=7).graph
        arts = as_articles(graph)
        nb = min(n, batched_max or n)
        arts = arts[: nb // PER_ARTICLE]
        row = {"relations": n, "per_article": PER_ARTICLE, "batched_measured_relations": nb, "batched_extrapolated": nb < n}
        for label, fn in (("batched", lambda s: write_batched(s, arts)), ("bulk", lambda s: write_bulk(s, graph))):
            times = []
            for _ in range(reps):
                store = backend.fresh()
                try:
                    times.append(fn(store))
                except WriteFailed as e:
                    row[f"{label}_failed"] = str(e)
                    break
                finally:
                    store.close()
            row[f"{label}_s"] = median(times) if times else None
            row[f"{label}_rels_per_s"] = (nb if label == "batched" else n) / median(times) if times else None
            row[f"{label}_runs_s"] = times
        m = min(n, per_row_max)
        times = []
        for _ in range(reps if m == n else 1):
            store = backend.fresh()
            try:
                times.append(write_per_row(store, graph, m))
            finally:
                store.close()
        row["per_row_measured_relations"] = m
        row["per_row_rels_per_s"] = m / median(times)
        row["per_row_extrapolated"] = m < n
        log(f"  {n} relations: batched {row['batched_rels_per_s'] or 0:.0f}/s {row.get('batched_failed', '')}, bulk {row['bulk_rels_per_s']:.0f}/s, "
            f"per row {row['per_row_rels_per_s']:.0f}/s{' (sampled on %d)' % m if m < n else ''}")
        out.append(row)
    return out
