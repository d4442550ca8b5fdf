"""Query benchmarks, run as child processes (so each has its own peak RSS and can be stopped on a timeout).

  python -m bench.queries load --relations N --store DIR [--neo4j]
      make the synthetic graph of N relations, bulk-load it into a new embedded store at DIR (and into the
      Neo4j at $BENCH_NEO4J_URI, emptied first), print one JSON line: load times, shape, sample names.
  python -m bench.queries run --backend embedded|neo4j [--store DIR] --query NAME --names JSON [--budget S]
      time kg.query's NAME (fund_paths, control_chain, related_party_flows) once per name after one warm-up
      call, until the names or the time budget run out; print one JSON line with the times in ms.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.measure import rss_mb  # noqa: E402


def neo4j_settings() -> tuple[str, str, str] | None:
    uri = os.environ.get("BENCH_NEO4J_URI")
    if not uri:
        return None
    return uri, os.environ.get("BENCH_NEO4J_USER", "neo4j"), os.environ.get("BENCH_NEO4J_PASSWORD", "kg-dev-password")


def open_neo4j():
    from kg.store.neo4j import Neo4jStore

    uri, user, password = neo4j_settings()  # type: ignore[misc]
    return Neo4jStore(uri, user=user, password=password)


def wipe_neo4j(store) -> None:
    """Empty the benchmark's own Neo4j in batches (one big DETACH DELETE would not fit the heap at 1M)."""
    with store._driver.session() as s:
        s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def cmd_load(args) -> dict:
    from bench.graphs import degree_stats, synthetic_graph
    from kg.store.bulk import bulk_load
    from kg.store.embedded import EmbeddedStore

    t0 = time.perf_counter()
    sg = synthetic_graph(args.relations, seed=args.seed)
    out: dict = {"relations": args.relations, "generate_s": time.perf_counter() - t0, "shape": degree_stats(sg.graph)}
    if args.store:
        store = EmbeddedStore(args.store)
        t0 = time.perf_counter()
        bulk_load(store, sg.graph)
        out["load_embedded_s"] = time.perf_counter() - t0
        store.close()
    if args.neo4j and neo4j_settings():
        store = open_neo4j()
        wipe_neo4j(store)
        t0 = time.perf_counter()
        bulk_load(store, sg.graph)
        out["load_neo4j_s"] = time.perf_counter() - t0
        store.close()
    out["groups"] = sg.sample(sg.groups, args.samples)
    out["chain_bottoms"] = sg.sample(sg.chain_bottoms, args.samples)
    out["owners"] = sg.sample(sg.owners, args.samples)
    out["hubs"] = hub_names(sg.graph, args.hubs)
    out["peak_rss_mb_self"] = rss_mb()
    return out


def hub_names(graph, k: int) -> list[str]:
    """The names of the ``k`` entities with the most relations (banks, exchanges, venture funds): anchors that
    show what the per-entity caps of kg.query buy."""
    from collections import Counter

    deg: Counter[str] = Counter()
    for r in graph.relations:
        deg[r.source] += 1
        deg[r.target] += 1
    names = {e.id: e.name for e in graph.entities}
    return [names[i] for i, _ in deg.most_common(k)]


def _call(store, query: str, name: str | None) -> int:
    from kg import query as Q

    if query == "fund_paths":
        return len(Q.fund_paths(store, name))
    if query == "control_chain":
        chain = Q.control_chain(store, name)
        return len(chain.up) + len(chain.down)
    if query == "related_party_flows":
        return len(Q.related_party_flows(store))
    raise SystemExit(f"unknown query {query!r}")


def cmd_run(args) -> dict:
    names = json.loads(args.names) if args.names else [None]
    if args.backend == "embedded":
        from kg.store.embedded import EmbeddedStore

        store = EmbeddedStore(args.store, read_only=True)
    else:
        store = open_neo4j()
    times, sizes, errors = [], [], []
    t_start = time.perf_counter()
    try:
        _call(store, args.query, names[0])  # warm-up: caches, query plans, page cache
        for name in names * args.repeat:
            t0 = time.perf_counter()
            try:
                sizes.append(_call(store, args.query, name))
            except Exception as e:  # noqa: BLE001 - a failing query is a result to report
                errors.append(f"{name}: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")
                continue
            times.append((time.perf_counter() - t0) * 1000.0)
            if time.perf_counter() - t_start > args.budget:
                break
    finally:
        store.close()
    return {"query": args.query, "backend": args.backend, "times_ms": times, "result_sizes": sizes, "errors": errors}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.queries", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    lp = sub.add_parser("load")
    lp.add_argument("--relations", type=int, required=True)
    lp.add_argument("--store")
    lp.add_argument("--neo4j", action="store_true")
    lp.add_argument("--seed", type=int, default=42)
    lp.add_argument("--samples", type=int, default=20)
    lp.add_argument("--hubs", type=int, default=5, help="also name this many of the highest-degree entities")
    rp = sub.add_parser("run")
    rp.add_argument("--backend", choices=("embedded", "neo4j"), required=True)
    rp.add_argument("--store")
    rp.add_argument("--query", required=True)
    rp.add_argument("--names", help="JSON list of entity names (omit for related_party_flows)")
    rp.add_argument("--budget", type=float, default=60.0, help="stop sampling after this many seconds")
    rp.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args(argv)
    out = cmd_load(args) if args.cmd == "load" else cmd_run(args)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
