"""related_party_flows against a brute-force reference on small random graphs (both backends)."""
from __future__ import annotations

import random
from collections import defaultdict
from itertools import product

import pytest

from kg import query as Q
from kg.model import Article, ArticleGraph, Entity, Evidence, Relation
from kg.schema import load_schema


def random_graph(seed: int, n: int = 14) -> ArticleGraph:
    """``n`` organisations with random control edges (cycles and parallel types allowed) and money edges."""
    rng = random.Random(seed)
    schema = load_schema()
    control = sorted(t for t, r in schema.relation_types.items() if r.control)
    money = sorted(schema.money_relations)
    ids = [f"organization:o{i:02d}" for i in range(n)]
    keys = set()
    for _ in range(n + rng.randrange(n)):
        keys.add((rng.choice(ids), rng.choice(control), rng.choice(ids)))
    for _ in range(2 * n):
        keys.add((rng.choice(ids), rng.choice(money), rng.choice(ids)))
    keys = sorted((s, ty, t) for s, ty, t in keys if s != t)
    text, spans = "", []
    for s, ty, t in keys:
        sentence = f"{s[-3:]} {ty} {t[-3:]}."
        spans.append((len(text), len(text) + len(sentence)))
        text += sentence + " "
    art = Article.from_text(text, f"random-{seed}.txt")
    rels = []
    for (s, ty, t), (a, b) in zip(keys, spans):
        amount = float(rng.randrange(1, 50)) * 1e6 if ty in money else None
        rels.append(Relation(s, t, ty, [Evidence(art.id, text[a:b], a, b, None)], amount, None, None, 0.8))
    ents = [Entity(i, f"O{i[-2:]}", "Organization", [f"O{i[-2:]}"]) for i in ids]
    return ArticleGraph(art, ents, rels)


def reference(graph: ArticleGraph, depth: int) -> set:
    """What related_party_flows answers, by enumerating every control path: for each money edge touching a
    controlled entity, its ends' controllers (each with the shortest chain, ties broken by the (controller,
    type) sequence), the common ones, and of those the nearest. A controller's own controllers count only
    through entities within depth - 1 steps of some candidate edge's end (how far the walks look)."""
    schema = load_schema()
    parents = defaultdict(list)  # controlled -> [(controller, key)]
    for r in graph.relations:
        control = schema.relation_types[r.type].control
        if control:
            controller, controlled = (r.source, r.target) if control == "down" else (r.target, r.source)
            parents[controlled].append((controller, (r.source, r.type, r.target)))
    cands = [r.key for r in graph.relations if r.type in schema.money_relations and (r.source in parents or r.target in parents)]
    dist = {x: 0 for k in cands for x in (k[0], k[2])}
    frontier = set(dist)
    for level in range(1, depth + 1):
        frontier = {c for x in frontier for c, _ in parents[x] if c not in dist}
        dist.update({c: level for c in frontier})

    def chains(origin: str) -> dict[str, tuple]:
        best: dict[str, tuple] = {}
        def walk(nodes, keys):
            here = nodes[-1]
            if len(keys) == depth or dist.get(here, depth) >= depth:
                return
            for c, k in parents[here]:
                if c in nodes:
                    continue
                path = (nodes + [c], keys + [k])
                rank = (len(path[1]), [(x, kk[1]) for x, kk in zip(path[0][1:], path[1])])
                if c not in best or rank < best[c][0]:
                    best[c] = (rank, path)
                walk(*path)
        walk([origin], [])
        return {c: p for c, (_, p) in best.items()}

    out = set()
    for a, ty, b in cands:
        up_a, up_b = {a: ([a], []), **chains(a)}, {b: ([b], []), **chains(b)}
        common = [c for c in up_a if c in up_b]
        for c in common:
            if any(c != d and c in chains(d) for d in common):
                continue
            out.add(((a, ty, b), c, tuple(up_a[c][1]), tuple(up_b[c][1])))
    return out


def answer(flows) -> set:
    keys = lambda p: tuple(reversed([h.key for h in p.hops])) if p else ()  # noqa: E731 (origin first, as the reference)
    return {(f.flow.key, f.controller.id, keys(f.to_source), keys(f.to_target)) for f in flows}


@pytest.mark.parametrize("seed,depth", list(product(range(6), (1, 2, 3))))
def test_related_party_flows_equal_a_brute_force_reference(fresh_db, seed, depth):
    graph = random_graph(seed)
    fresh_db.write_article(graph)
    flows = Q.related_party_flows(fresh_db, depth=depth)
    assert answer(flows) == reference(graph, depth)
    assert len(flows) == len(answer(flows))  # each (edge, controller) once
    stored = fresh_db.claims()
    for f in flows:  # every hop of the answer carries its own stored claims and summary
        for h in [f.flow] + [h for p in (f.to_source, f.to_target) if p for h in p.hops]:
            assert h.evidence == stored[h.key]
            assert h.claims
    amounts = [f.flow.amount_usd or 0.0 for f in flows]
    assert amounts == sorted(amounts, reverse=True)


def test_the_random_graphs_have_flows_to_compare():
    assert sum(len(reference(random_graph(seed), 3)) for seed in range(6)) >= 10


@pytest.mark.neo4j
@pytest.mark.parametrize("seed", range(3))
def test_both_backends_answer_alike(fresh_db, neo4j_store, seed):
    graph = random_graph(seed)
    for store in (fresh_db, neo4j_store):
        store.write_article(graph)
    assert [f.to_dict() for f in Q.related_party_flows(fresh_db)] == [f.to_dict() for f in Q.related_party_flows(neo4j_store)]
