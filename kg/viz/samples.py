"""Graphs to look at and to time views with: a hand-made FTX-like graph (about 40 entities, a fund path to
highlight) and synthetic graphs of any size. Built from kg.model values; used by tests and the benchmark."""
from __future__ import annotations

from dataclasses import replace

import random

from kg.model import Article, Entity, Evidence, Graph, Relation
from kg.schema import load_schema

# (name, type, aliases)
_FTX_ENTITIES = [
    ("Sam Bankman-Fried", "Person", ["Bankman-Fried", "SBF"]),
    ("Caroline Ellison", "Person", ["Ellison"]),
    ("Gary Wang", "Person", ["Wang"]),
    ("Nishad Singh", "Person", ["Singh"]),
    ("John J. Ray III", "Person", ["Ray"]),
    ("Ryan Salame", "Person", ["Salame"]),
    ("Sam Trabucco", "Person", []),
    ("Changpeng Zhao", "Person", ["CZ", "Zhao"]),
    ("Anthony Scaramucci", "Person", ["Scaramucci"]),
    ("FTX", "Organization", ["FTX Trading Ltd", "FTX.com"]),
    ("FTX US", "Organization", ["West Realm Shires Services"]),
    ("West Realm Shires", "Organization", ["West Realm Shires Inc"]),
    ("FTX Digital Markets", "Organization", []),
    ("FTX Ventures", "Organization", []),
    ("Alameda Research", "Organization", ["Alameda"]),
    ("Binance", "Organization", []),
    ("Emergent Fidelity Technologies", "Organization", ["Emergent"]),
    ("Robinhood", "Organization", ["Robinhood Markets"]),
    ("Anthropic", "Organization", []),
    ("SkyBridge Capital", "Organization", ["SkyBridge"]),
    ("Voyager Digital", "Organization", ["Voyager"]),
    ("BlockFi", "Organization", []),
    ("Genesis", "Organization", ["Genesis Global Capital"]),
    ("Three Arrows Capital", "Organization", ["3AC"]),
    ("Sequoia Capital", "Organization", ["Sequoia"]),
    ("Temasek", "Organization", []),
    ("SoftBank", "Organization", ["SoftBank Vision Fund"]),
    ("Paradigm", "Organization", []),
    ("Securities Commission of The Bahamas", "Organization", ["Bahamas regulator"]),
    ("Reuters", "Organization", []),
    ("CoinDesk", "Organization", []),
    ("The Wall Street Journal", "Organization", ["WSJ"]),
    ("FTT", "Token", ["FTX Token"]),
    ("Serum", "Token", ["SRM"]),
    ("Solana", "Token", ["SOL"]),
    ("FTX customers", "Group", ["customers", "depositors", "users"]),
    ("Voyager customers", "Group", []),
    ("BlockFi clients", "Group", []),
]

# (source, type, target, amount_usd, status, sentence)
_FTX_RELATIONS = [
    ("FTX customers", "DEPOSITED_WITH", "FTX", 8.9e9, None, "Customers had deposited about $8.9 billion with FTX, according to the filings."),
    ("FTX", "TRANSFERRED_TO", "Alameda Research", 8e9, "alleged", "FTX allegedly transferred roughly $8 billion of customer money to Alameda Research."),
    ("FTX", "LENT_TO", "Alameda Research", 1e10, "denied", "Bankman-Fried denied that FTX lent $10 billion of customer funds to Alameda."),
    ("Alameda Research", "LENT_TO", "Sam Bankman-Fried", 1e9, None, "Alameda lent $1 billion to Bankman-Fried personally."),
    ("Alameda Research", "LENT_TO", "Nishad Singh", 5.43e8, None, "Alameda lent $543 million to Nishad Singh, FTX's director of engineering."),
    ("Alameda Research", "LENT_TO", "Ryan Salame", 5.5e7, None, "Ryan Salame received a $55 million loan from Alameda."),
    ("Alameda Research", "INVESTED_IN", "Anthropic", 5e8, None, "Alameda invested $500 million in the AI start-up Anthropic."),
    ("Alameda Research", "HOLDS_TOKEN", "FTT", 5.8e9, None, "Alameda's balance sheet held $5.8 billion of FTT, the token FTX invented."),
    ("Alameda Research", "HOLDS_TOKEN", "Serum", 2.2e9, None, "Alameda held $2.2 billion of unlocked Serum."),
    ("Alameda Research", "HOLDS_TOKEN", "Solana", 1.2e9, None, "Alameda also held about $1.2 billion of Solana."),
    ("FTX", "ISSUED", "FTT", None, None, "FTX issued FTT, which gives holders discounts on trading fees."),
    ("Binance", "HOLDS_TOKEN", "FTT", 5.3e8, None, "Binance held about $530 million of FTT from its exit from FTX."),
    ("Binance", "OFFERED_TO_ACQUIRE", "FTX", None, "withdrawn", "Binance said it would not pursue its offer to acquire FTX, a day after announcing it."),
    ("FTX", "TRANSFERRED_TO", "Binance", 2.1e9, None, "FTX paid Binance about $2.1 billion to buy back its stake in 2021."),
    ("Binance", "INVESTED_IN", "FTX", 1e8, None, "Binance invested $100 million in FTX in 2019."),
    ("Changpeng Zhao", "LEADS", "Binance", None, None, "Changpeng Zhao, Binance's chief executive, posted the news."),
    ("Sam Bankman-Fried", "FOUNDED", "FTX", None, None, "Bankman-Fried founded FTX in 2019."),
    ("Sam Bankman-Fried", "FOUNDED", "Alameda Research", None, None, "Bankman-Fried founded Alameda Research in 2017."),
    ("Sam Bankman-Fried", "CONTROLS", "FTX", None, None, "Bankman-Fried controlled FTX and its affiliates."),
    ("Sam Bankman-Fried", "CONTROLS", "Alameda Research", None, None, "Bankman-Fried owned 90% of Alameda and controlled it."),
    ("Sam Bankman-Fried", "OWNS", "Emergent Fidelity Technologies", None, None, "Bankman-Fried owns 90% of Emergent Fidelity Technologies."),
    ("Gary Wang", "FOUNDED", "FTX", None, None, "Gary Wang co-founded FTX."),
    ("Caroline Ellison", "LEADS", "Alameda Research", None, None, "Caroline Ellison ran Alameda Research as chief executive."),
    ("Sam Trabucco", "LEADS", "Alameda Research", None, None, "Sam Trabucco was co-chief executive of Alameda until August."),
    ("John J. Ray III", "LEADS", "FTX", None, None, "John J. Ray III took over as chief executive of FTX."),
    ("Ryan Salame", "LEADS", "FTX Digital Markets", None, None, "Ryan Salame was co-chief executive of FTX Digital Markets."),
    ("Emergent Fidelity Technologies", "INVESTED_IN", "Robinhood", 5.46e8, None, "Emergent bought a 7.6% stake in Robinhood for $546 million."),
    ("Alameda Research", "LENT_TO", "Emergent Fidelity Technologies", 5.46e8, "alleged", "The Robinhood shares were allegedly bought with money lent by Alameda."),
    ("FTX US", "SUBSIDIARY_OF", "West Realm Shires", None, None, "FTX US is operated by West Realm Shires Services, a unit of West Realm Shires."),
    ("FTX Digital Markets", "SUBSIDIARY_OF", "FTX", None, None, "FTX Digital Markets is FTX's Bahamian subsidiary."),
    ("FTX Ventures", "SUBSIDIARY_OF", "FTX", None, None, "FTX Ventures is the venture arm of FTX."),
    ("Securities Commission of The Bahamas", "CONTROLS", "FTX Digital Markets", None, None, "The Bahamas regulator took control of FTX Digital Markets' assets."),
    ("FTX Ventures", "INVESTED_IN", "SkyBridge Capital", 4.5e7, None, "FTX Ventures bought a 30% stake in SkyBridge Capital."),
    ("Anthony Scaramucci", "LEADS", "SkyBridge Capital", None, None, "Anthony Scaramucci founded and runs SkyBridge Capital."),
    ("FTX US", "OFFERED_TO_ACQUIRE", "Voyager Digital", 1.4e9, "planned", "FTX US plans to acquire Voyager's assets in a $1.4 billion deal."),
    ("FTX US", "LENT_TO", "BlockFi", 4e8, None, "FTX US extended a $400 million credit facility to BlockFi."),
    ("FTX US", "OFFERED_TO_ACQUIRE", "BlockFi", 2.4e8, "planned", "FTX US would have an option to acquire BlockFi for up to $240 million."),
    ("Voyager customers", "DEPOSITED_WITH", "Voyager Digital", None, None, "Voyager customers' deposits were frozen."),
    ("BlockFi clients", "DEPOSITED_WITH", "BlockFi", None, None, "BlockFi clients could no longer withdraw deposits."),
    ("Voyager Digital", "LENT_TO", "Three Arrows Capital", 6.5e8, None, "Voyager had lent $650 million to Three Arrows Capital."),
    ("Genesis", "LENT_TO", "Three Arrows Capital", 2.36e9, None, "Genesis lent $2.36 billion to Three Arrows."),
    ("Voyager Digital", "LENT_TO", "Alameda Research", 3.77e8, None, "Alameda owed Voyager $377 million."),
    ("Sequoia Capital", "INVESTED_IN", "FTX", 2.14e8, None, "Sequoia invested $214 million in FTX."),
    ("Temasek", "INVESTED_IN", "FTX", 2.75e8, None, "Temasek invested $275 million in FTX."),
    ("SoftBank", "INVESTED_IN", "FTX", 1e8, None, "SoftBank's Vision Fund invested about $100 million in FTX."),
    ("Paradigm", "INVESTED_IN", "FTX", 2.78e8, None, "Paradigm put $278 million into FTX and FTX US."),
    ("CoinDesk", "REPORTED_ON", "Alameda Research", None, None, "CoinDesk reported on Alameda's balance sheet."),
    ("Reuters", "REPORTED_ON", "FTX", None, None, "Reuters reported that FTX moved customer funds."),
    ("The Wall Street Journal", "REPORTED_ON", "Caroline Ellison", None, None, "The Wall Street Journal reported what Ellison told staff."),
]

FTX_FUND_PATH = [
    ("FTX customers", "DEPOSITED_WITH", "FTX"),
    ("FTX", "TRANSFERRED_TO", "Alameda Research"),
    ("Alameda Research", "LENT_TO", "Sam Bankman-Fried"),
    ("Alameda Research", "LENT_TO", "Nishad Singh"),
    ("Alameda Research", "INVESTED_IN", "Anthropic"),
]


def entity_id(type_: str, name: str) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")
    while "--" in slug:
        slug = slug.replace("--", "-")
    return f"{type_.lower()}:{slug}"


def ftx_like_graph() -> tuple[Graph, set[tuple[str, str, str]]]:
    """About 40 entities and 50 relations after the FTX collapse, and the customer-funds path to highlight."""
    ids = {name: entity_id(t, name) for name, t, _ in _FTX_ENTITIES}
    entities = [Entity(ids[n], n, t, sorted({n, *a})) for n, t, a in _FTX_ENTITIES]
    articles = [
        Article.from_text(f"Sample article {i} about FTX.", f"corpus/sample-{i:02d}.txt", title=f"Sample article {i}")
        for i in range(1, 6)
    ]
    relations = []
    for i, (s, rt, t, amount, status, sentence) in enumerate(_FTX_RELATIONS):
        art = articles[i % len(articles)]
        relations.append(
            Relation(ids[s], ids[t], rt, [Evidence(art.id, sentence, 0, len(sentence), status)], amount,
                     f"${amount:,.0f}" if amount else None, status, 0.8)
        )
    # one fact said twice, by two sources that disagree on the amount: the view marks the conflict
    moved = next(r for r in relations if r.key == (ids["FTX"], "TRANSFERRED_TO", ids["Alameda Research"]))
    later = "FTX moved as much as $10 billion of customer money to Alameda, reports The Wall Street Journal."
    moved.evidence = [replace(moved.claims[0], source="the filings"),
                      Evidence(articles[-1].id, later, 0, len(later), "alleged", "The Wall Street Journal", "2022-11", 1e10, 1e10,
                               "USD", "$10 billion", 0.8)]
    path = {(ids[s], rt, ids[t]) for s, rt, t in FTX_FUND_PATH}
    return Graph(entities, relations, articles), path


def synthetic_graph(n_nodes: int, *, seed: int = 1, edges_per_node: int = 2) -> Graph:
    """A scale-free graph of ``n_nodes`` entities whose relation types respect the schema, with random
    amounts, statuses and one evidence sentence each; for timing views of large graphs."""
    import networkx as nx

    schema = load_schema()
    rng = random.Random(seed)
    types = list(schema.entity_types)
    weights = [0.3, 0.5, 0.1, 0.1][: len(types)] + [0.1] * max(0, len(types) - 4)
    skeleton = nx.barabasi_albert_graph(n_nodes, edges_per_node, seed=seed)
    kinds = {n: rng.choices(types, weights)[0] for n in skeleton.nodes}
    entities = [Entity(f"e{n}", f"{kinds[n]} {n}", kinds[n], [f"{kinds[n]} {n}", f"E{n}"]) for n in skeleton.nodes]
    article = Article.from_text("synthetic", "synthetic.txt", title="synthetic")
    statuses = [None] * 6 + list(schema.statuses)
    relations = []
    seen = set()
    for a, b in skeleton.edges:
        if rng.random() < 0.5:
            a, b = b, a
        allowed = [n for n, rt in schema.relation_types.items() if kinds[a] in rt.source and kinds[b] in rt.target]
        if not allowed:
            a, b = b, a
            allowed = [n for n, rt in schema.relation_types.items() if kinds[a] in rt.source and kinds[b] in rt.target]
        if not allowed:
            continue
        rt = rng.choice(allowed)
        if (a, rt, b) in seen:
            continue
        seen.add((a, rt, b))
        amount = 10 ** rng.uniform(4, 10) if schema.relation_types[rt].money and rng.random() < 0.8 else None
        sentence = f"{kinds[a]} {a} {schema.relation_types[rt].label} {kinds[b]} {b}."
        status = rng.choice(statuses)
        relations.append(Relation(f"e{a}", f"e{b}", rt, [Evidence(article.id, sentence, 0, len(sentence), status)],
                                  amount, None, status, 0.5))
    return Graph(entities, relations, [article])
