"""Issue 14's write benchmark: N articles that all repeat the same facts against N articles of distinct
facts, written the way ``kg ingest`` writes (``Store.write_articles``, kg.ingest.BATCH_ARTICLES articles a
transaction) and one article a transaction. Before claims, every repeat rewrote its edges' growing
evidence lists; now a repeat adds claims and folds one summary per edge.

Extraction is left out on purpose: spaCy costs the same for both sets of texts, and what this measures is
what differs, the store. Run: ``python bench/claims.py [--n 1000] [--neo4j]`` (Neo4j from NEO4J_URI /
NEO4J_PASSWORD); prints one JSON object.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.ingest import BATCH_ARTICLES  # noqa: E402
from kg.model import Article, ArticleGraph, Entity, Evidence, Relation  # noqa: E402

# (source, type, target, amount) among a small cast: one article's worth of facts (20 relations)
FACTS = [
    ("g0", "DEPOSITED_WITH", "o0", 8e9), ("o0", "LENT_TO", "o1", 1e10), ("o1", "LENT_TO", "p0", 1e9),
    ("o1", "INVESTED_IN", "o2", 1.15e9), ("o3", "TRANSFERRED_TO", "o1", 5e7), ("p0", "FOUNDED", "o0", None),
    ("p0", "CONTROLS", "o0", None), ("p0", "OWNS", "o1", None), ("p0", "CONTROLS", "o1", None),
    ("o3", "SUBSIDIARY_OF", "o0", None), ("o0", "ISSUED", "t0", None), ("o1", "HOLDS_TOKEN", "t0", 5.8e9),
    ("o4", "HOLDS_TOKEN", "t0", 5.29e8), ("p1", "CONTROLS", "o4", None), ("o4", "OFFERED_TO_ACQUIRE", "o0", None),
    ("p2", "LEADS", "o2", None), ("o2", "TRANSFERRED_TO", "o5", 2e7), ("o5", "LENT_TO", "o3", 3e7),
    ("g0", "TRANSFERRED_TO", "o3", 4e6), ("p1", "LEADS", "o4", None),
]
TYPES = {"g": "Group", "o": "Organization", "p": "Person", "t": "Token"}


def article(i: int, cast: str) -> ArticleGraph:
    """Article ``i`` stating FACTS about cast ``cast`` (the same cast in every article: the same facts)."""
    sentences = [f"{s}{cast} {t.lower().replace('_', ' ')} {o}{cast}" + (f" ${a:,.0f}" if a else "") + f" (report {i})."
                 for s, t, o, a in FACTS]
    text = " ".join(sentences)
    art = Article.from_text(text, f"bench/claims-{i}.txt")
    ents = {}
    rels = []
    at = 0
    for (s, t, o, a), sent in zip(FACTS, sentences):
        for x in (s, o):
            ents[x] = Entity(f"{TYPES[x[0]].lower()}:{x}{cast}", f"{x.upper()} {cast}", TYPES[x[0]], [f"{x.upper()} {cast}"])
        ev = Evidence(art.id, sent, at, at + len(sent), amount_usd=a, amount_text=f"${a:,.0f}" if a else None)
        rels.append(Relation(ents[s].id, ents[o].id, t, [ev], a, f"${a:,.0f}" if a else None, None, 0.8))
        at += len(sent) + 1
    return ArticleGraph(art, list(ents.values()), rels)


def corpora(n: int) -> dict[str, list[ArticleGraph]]:
    return {"same_facts": [article(i, "a") for i in range(n)], "distinct_facts": [article(i, f"c{i}") for i in range(n)]}


def timed_write(store, graphs: list[ArticleGraph], batch: int) -> float:
    t0 = time.perf_counter()
    for i in range(0, len(graphs), batch):
        store.write_articles(graphs[i : i + batch])
    return time.perf_counter() - t0


def run(n: int, neo4j: bool, batches: tuple[int, ...] = (BATCH_ARTICLES,)) -> dict:
    from kg.store.embedded import EmbeddedStore

    sets = corpora(n)
    out: dict = {"n": n, "relations_per_article": len(FACTS), "batch": BATCH_ARTICLES, "results": []}
    backends = [("embedded", None)]
    if neo4j and os.environ.get("NEO4J_URI"):
        backends.append(("neo4j", os.environ["NEO4J_URI"]))
    with tempfile.TemporaryDirectory(prefix="kg-bench-claims-") as tmp:
        for backend, uri in backends:
            for batch in batches:
                row = {"backend": backend, "batch": batch}
                for name, graphs in sets.items():
                    if uri:
                        from kg.store.neo4j import Neo4jStore

                        store = Neo4jStore(uri, password=os.environ.get("NEO4J_PASSWORD", ""))
                        store.wipe()
                    else:
                        store = EmbeddedStore(Path(tmp) / f"{name}-{batch}")
                    with store:
                        row[f"{name}_s"] = round(timed_write(store, graphs, batch), 2)
                        claims = sum(len(c) for c in store.claims().values())
                        row[f"{name}_claims"] = claims
                row["ratio"] = round(row["same_facts_s"] / row["distinct_facts_s"], 3)
                row["claims_per_s_batched"] = round(n * len(FACTS) / row["distinct_facts_s"])
                out["results"].append(row)
                print(json.dumps(row), file=sys.stderr)
    return out


def markdown(c: dict | None) -> list[str]:
    """The BENCHMARKS.md section for ``run``'s result."""
    if not c:
        return []
    L = ["", "## Repeated facts (claims)", "",
         f"{c['n']:,} articles of {c['relations_per_article']} relations each: *same facts* states the same relations "
         f"among the same entities in every article (one edge each, {c['n']:,} claims per edge), *distinct facts* gives "
         f"each article its own entities (new edges). Written as `kg ingest` writes, `Store.write_articles` with "
         f"{c['batch']} articles a transaction (batch 1: one article a transaction); extraction left out, it costs the same "
         f"for both. Target: same facts at most 1.5x distinct facts.", "",
         "| store | articles a transaction | same facts s | distinct facts s | ratio | claims/s (distinct) |",
         "| --- | --- | --- | --- | --- | --- |"]
    for r in c["results"]:
        L.append(f"| {r['backend']} | {r['batch']} | {r['same_facts_s']:.1f} | {r['distinct_facts_s']:.1f} | "
                 f"**{r['ratio']:.2f}** | {r['claims_per_s_batched']:,} |")
    return L


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000, help="articles in each set")
    ap.add_argument("--neo4j", action="store_true", help="also run on Neo4j (NEO4J_URI, NEO4J_PASSWORD)")
    ap.add_argument("--per-article", action="store_true", help="also one article per transaction (the write path before batching)")
    args = ap.parse_args()
    batches = (BATCH_ARTICLES, 1) if args.per_article else (BATCH_ARTICLES,)
    print(json.dumps(run(args.n, args.neo4j, batches), indent=2))


if __name__ == "__main__":
    main()
