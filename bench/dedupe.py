"""kg dedupe on a synthetic store: N generated entities (people and organisations with invented names), a
known share of them planted duplicates (legal suffix, misspelling, spacing, initials). Prints the time of
candidate generation and how many planted pairs it finds among how many candidates.

    python bench/dedupe.py [N] [--json]
"""
from __future__ import annotations

import json
import random
import sys
import time

from kg.dedupe import candidates
from kg.model import Entity

SYLL = ["ka", "lo", "mi", "ra", "ve", "to", "su", "ne", "zo", "qui", "bra", "del", "xen", "hol", "fry", "an", "or",
        "ul", "mar", "tes", "ost", "wen", "pri", "dra", "gul", "sam", "bet", "kor", "vin", "lur", "tam", "pe"]
ORG_TAIL = ["Capital", "Labs", "Group", "Bank", "Trading", "Partners", "Ventures", "Markets", "Holdings", ""]


def word(rnd: random.Random, n: int) -> str:
    return "".join(rnd.choice(SYLL) for _ in range(n)).title()


def synthetic(n: int, dup_share: float = 0.02, seed: int = 11) -> tuple[list[Entity], set[frozenset[str]]]:
    rnd = random.Random(seed)
    ents: list[Entity] = []
    names: set[tuple[str, str]] = set()
    while len(ents) < n * (1 - dup_share):
        if rnd.random() < 0.4:
            name, type = f"{word(rnd, 2)} {word(rnd, 3)}", "Person"
        else:
            name, type = f"{word(rnd, rnd.choice([2, 3]))} {rnd.choice(ORG_TAIL)}".strip(), "Organization"
        if (name, type) in names:
            continue
        names.add((name, type))
        ents.append(Entity(f"{type.lower()}:{len(ents)}", name, type, [name]))
    planted: set[frozenset[str]] = set()
    originals = list(ents)
    while len(ents) < n:
        o = rnd.choice(originals)
        words = o.name.split()
        kind = rnd.random()
        if o.type == "Organization" and kind < 0.4:
            dup = o.name + rnd.choice([" Ltd", " Inc.", " LLC", " AG"])
        else:
            i = rnd.randrange(len(words))
            w = words[i]
            if len(w) < 5:
                continue
            j = rnd.randrange(1, len(w) - 2)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]  # a transposition
            dup = " ".join(words)
        if (dup, o.type) in names or dup == o.name:
            continue
        names.add((dup, o.type))
        e = Entity(f"{o.type.lower()}:{len(ents)}", dup, o.type, [dup])
        ents.append(e)
        planted.add(frozenset({o.id, e.id}))
    return ents, planted


def main(argv: list[str]) -> None:
    n = int(next((a for a in argv if a.isdigit()), "100000"))
    ents, planted = synthetic(n)
    t0 = time.perf_counter()
    found = candidates(ents)
    seconds = time.perf_counter() - t0
    pairs = {c.pair for c in found}
    result = {"entities": len(ents), "planted_pairs": len(planted), "candidates": len(found),
              "planted_found": len(planted & pairs), "seconds": round(seconds, 2)}
    if "--json" in argv:
        print(json.dumps(result))
    else:
        print(f"kg dedupe on {result['entities']:,} synthetic entities: {result['seconds']} s, "
              f"{result['candidates']:,} candidates, {result['planted_found']:,} of {result['planted_pairs']:,} planted duplicates found")


if __name__ == "__main__":
    main(sys.argv[1:])
