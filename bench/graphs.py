"""Synthetic graphs with the shape of the investigations kg is for, at any size (deterministic per seed).

The graph is made of conglomerates, each like the FTX case: one or two owners at the top of a control tree
(CONTROLS / OWNS / FOUNDED down, SUBSIDIARY_OF up) whose chains run up to ten levels deep; one or two
platforms inside the tree with customer groups depositing with them; the platforms lending to trading
firms of the same tree (the related-party flows); the trading firms moving money on to other companies,
tokens and a few hubs. Hubs (banks, exchanges, venture funds, newspapers) are shared by everybody and are
picked with power-law weights, so degrees are power-law: a few entities have tens of thousands of
relations, most have a handful. Every relation has one evidence sentence from a synthetic article about
its conglomerate, so articles, MENTIONS and evidence lists look like ingested ones.
"""
from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field

from kg.model import Article, Entity, Evidence, Graph, Relation

_STEMS = ("Kestrel", "Quen", "Dallowe", "Brisk", "Orrin", "Vantor", "Halcy", "Morrow", "Sable", "Tiber", "Corvane",
          "Ellis", "Fenwick", "Galt", "Harrow", "Ister", "Jorvik", "Lumen", "Marlo", "Norrel", "Opal", "Pryce")
_ORG_SUFFIX = ("Holdings", "Capital", "Research", "Markets", "Ventures", "Trading", "Finance", "Group", "Partners", "Labs")
_FIRST = ("Ana", "Boris", "Chen", "Dara", "Emil", "Farah", "Goran", "Hana", "Ivo", "Jun", "Kira", "Lev", "Mina", "Nils")
_LAST = ("Varga", "Osei", "Lindqvist", "Moreau", "Tanaka", "Reyes", "Novak", "Haddad", "Kowal", "Brandt", "Ivers")

_MONEY_OUT = ("TRANSFERRED_TO", "INVESTED_IN", "LENT_TO")
_STATUSES = (None, None, None, None, "alleged", "alleged", "denied", "planned", "withdrawn")
_LABEL = {"CONTROLS": "controls", "OWNS": "owns", "FOUNDED": "founded", "LEADS": "leads", "LENT_TO": "lent money to",
          "TRANSFERRED_TO": "transferred funds to", "DEPOSITED_WITH": "deposited funds with", "INVESTED_IN": "invested in",
          "HOLDS_TOKEN": "holds", "ISSUED": "issued", "OFFERED_TO_ACQUIRE": "offered to acquire", "ACQUIRED": "acquired",
          "SUBSIDIARY_OF": "is a subsidiary of", "REPORTED_ON": "reported on"}


@dataclass
class SyntheticGraph:
    graph: Graph
    groups: list[str] = field(default_factory=list)  # customer groups (names): starts of fund paths
    chain_bottoms: list[str] = field(default_factory=list)  # the deepest entity of each long control chain
    owners: list[str] = field(default_factory=list)  # the top of each control tree

    def sample(self, names: list[str], k: int, seed: int = 11) -> list[str]:
        rng = random.Random(seed)
        return rng.sample(names, min(k, len(names)))


class _Builder:
    def __init__(self, n_relations: int, seed: int):
        self.rng = random.Random(seed)
        self.target = n_relations
        self.entities: dict[str, tuple[str, str]] = {}  # id -> (name, type)
        self.rels: dict[tuple[str, str, str], tuple[float | None, str | None, int]] = {}  # key -> (amount, status, article)
        self.articles = 0
        self.article_fill = 0
        self.n = 0

    def entity(self, type_: str, name: str) -> str:
        self.n += 1
        eid = f"{type_.lower()}:{name.lower().replace(' ', '-')}"
        self.entities[eid] = (name, type_)
        return eid

    def org(self) -> str:
        r = self.rng
        return self.entity("Organization", f"{r.choice(_STEMS)} {r.choice(_ORG_SUFFIX)} {self.n}")

    def person(self) -> str:
        r = self.rng
        return self.entity("Person", f"{r.choice(_FIRST)} {r.choice(_LAST)} {self.n}")

    def new_article(self) -> None:
        self.articles += 1
        self.article_fill = 0

    def rel(self, s: str, t: str, type_: str, amount: bool = False) -> bool:
        key = (s, type_, t)
        if s == t or key in self.rels or len(self.rels) >= self.target:
            return False
        if self.article_fill >= 12:  # an article tells about a dozen facts of one case
            self.new_article()
        self.article_fill += 1
        usd = round(10 ** self.rng.uniform(5, 10), -3) if amount and self.rng.random() < 0.8 else None
        self.rels[key] = (usd, self.rng.choice(_STATUSES), self.articles)
        return True

    @property
    def full(self) -> bool:
        return len(self.rels) >= self.target


def _zipf_pick(rng: random.Random, items: list[str], s: float = 1.1) -> str:
    # inverse-CDF sampling of a Zipf-like rank: rank k drawn with weight ~ 1/k**s
    k = int(len(items) ** rng.random() ** s)  # cheap heavy-tailed rank in [1, len]
    return items[min(len(items), max(1, k)) - 1]


def synthetic_graph(n_relations: int, *, seed: int = 42) -> SyntheticGraph:
    """A graph of exactly ``n_relations`` relations (see the module docstring for its shape)."""
    b = _Builder(n_relations, seed)
    rng = b.rng
    n_hubs = max(8, int(n_relations ** 0.5 / 4))
    banks = [b.entity("Organization", f"{rng.choice(_STEMS)} Bank {i}") for i in range(n_hubs)]
    exchanges = [b.entity("Organization", f"{rng.choice(_STEMS)} Exchange {i}") for i in range(n_hubs)]
    funds = [b.entity("Organization", f"{rng.choice(_STEMS)} Venture Fund {i}") for i in range(max(4, n_hubs // 2))]
    media = [b.entity("Organization", f"The {rng.choice(_STEMS)} Ledger {i}") for i in range(max(3, n_hubs // 4))]
    tokens: list[str] = [b.entity("Token", f"{rng.choice(_STEMS)}Coin {i}") for i in range(n_hubs)]
    companies: list[str] = []  # every conglomerate company so far: targets of money and acquisitions
    out = SyntheticGraph(Graph())

    while not b.full:
        b.new_article()
        owners = [b.person() for _ in range(rng.choice((1, 1, 2)))]
        out.owners.append(b.entities[owners[0]][0])
        holding = b.org()
        for o in owners:
            b.rel(o, holding, rng.choice(("CONTROLS", "CONTROLS", "FOUNDED", "OWNS")))
        # the control tree: levels of 1-3 children; one spine goes deep (long chains)
        depth = rng.choice((2, 3, 3, 4, 5, 6, 8, 10))
        tree = [holding]
        level = [holding]
        spine = holding
        for d in range(depth):
            nxt = []
            for parent in level:
                for _ in range(rng.choice((1, 1, 2, 3)) if len(tree) < 40 else 1 if parent == spine else 0):
                    child = b.org()
                    if rng.random() < 0.3:
                        b.rel(child, parent, "SUBSIDIARY_OF")
                    else:
                        b.rel(parent, child, rng.choice(("OWNS", "OWNS", "CONTROLS")))
                    nxt.append(child)
            if not nxt:
                break
            spine = nxt[0]
            level = nxt
            tree.extend(nxt)
        if depth >= 5:
            out.chain_bottoms.append(b.entities[spine][0])
        for _ in range(rng.randint(1, 3)):  # executives
            p = b.person()
            b.rel(p, rng.choice(tree), "LEADS")
        platforms = rng.sample(tree, min(len(tree), rng.choice((1, 1, 2))))
        traders = [t for t in rng.sample(tree, min(len(tree), 3)) if t not in platforms] or [b.org()]
        if traders[0] not in tree:
            b.rel(owners[0], traders[0], "OWNS")
        b.new_article()
        for platform in platforms:
            for _ in range(rng.randint(1, 3)):
                g = b.entity("Group", f"{b.entities[platform][0]} customers {b.n}")
                out.groups.append(b.entities[g][0])
                b.rel(g, platform, "DEPOSITED_WITH", amount=True)
                if rng.random() < 0.3:
                    b.rel(g, _zipf_pick(rng, exchanges), "DEPOSITED_WITH", amount=True)
            for t in traders:  # related-party lending
                b.rel(platform, t, "LENT_TO", amount=True)
            b.rel(platform, _zipf_pick(rng, banks), "TRANSFERRED_TO", amount=True)
        b.new_article()
        for t in traders:
            for _ in range(rng.randint(1, 4)):
                target = rng.choice(companies) if companies and rng.random() < 0.6 else _zipf_pick(rng, banks + exchanges)
                b.rel(t, target, rng.choice(_MONEY_OUT), amount=True)
            if rng.random() < 0.5:
                b.rel(t, _zipf_pick(rng, funds), "INVESTED_IN", amount=True)
            b.rel(t, _zipf_pick(rng, tokens), "HOLDS_TOKEN", amount=True)
        if rng.random() < 0.4:
            tok = b.entity("Token", f"{b.entities[holding][0].split()[0]}Token {b.n}")
            b.rel(rng.choice(tree), tok, "ISSUED")
            tokens.append(tok)
        # hubs: funds invest widely (high out-degree), the press reports on many, money lands at banks
        b.new_article()
        b.rel(_zipf_pick(rng, funds), rng.choice(tree), "INVESTED_IN", amount=True)
        b.rel(_zipf_pick(rng, media), holding, "REPORTED_ON")
        if companies and rng.random() < 0.1:
            b.rel(holding, rng.choice(companies), rng.choice(("OFFERED_TO_ACQUIRE", "ACQUIRED")), amount=True)
        companies.extend(tree)

    out.graph = _to_graph(b)
    return out


def _article_id(i: int) -> str:
    return hashlib.sha256(f"kg-bench-article-{i}".encode()).hexdigest()


def _to_graph(b: _Builder) -> Graph:
    entities = [Entity(eid, name, type_, [name]) for eid, (name, type_) in b.entities.items()]
    shas = {}
    relations = []
    offsets: dict[int, int] = {}
    for (s, type_, t), (usd, status, art) in b.rels.items():
        sha = shas.get(art) or shas.setdefault(art, _article_id(art))
        sentence = f"{b.entities[s][0]} {_LABEL[type_]} {b.entities[t][0]}" + (f" (${usd:,.0f})." if usd else ".")
        start = offsets.get(art, 0)
        offsets[art] = start + len(sentence) + 1
        relations.append(Relation(s, t, type_, [Evidence(sha[:16], sentence, start, start + len(sentence), status)],
                                  usd, f"${usd:,.0f}" if usd else None, status, 0.8))
    articles = [Article(id=sha[:16], sha256=sha, path=f"synthetic/article-{i}.txt", title=f"Synthetic article {i}")
                for i, sha in sorted(shas.items())]
    return Graph(entities=entities, relations=relations, articles=articles)


def degree_stats(graph: Graph) -> dict[str, float]:
    """Entities, relations, articles, max and median degree: to show the shape in BENCHMARKS.md."""
    from collections import Counter

    deg: Counter[str] = Counter()
    for r in graph.relations:
        deg[r.source] += 1
        deg[r.target] += 1
    ds = sorted(deg.values())
    return {"entities": len(graph.entities), "relations": len(graph.relations), "articles": len(graph.articles),
            "max_degree": ds[-1] if ds else 0, "median_degree": ds[len(ds) // 2] if ds else 0,
            "p99_degree": ds[int(len(ds) * 0.99)] if ds else 0}
