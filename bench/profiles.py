"""Profiles for missed targets, each in a child process: cProfile's top functions, and for queries the
time of each statement the query layer sends.

  python -m bench.profiles ingest --articles N
  python -m bench.profiles trace --store DIR --names JSON
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TOP = 15


def _top(prof: cProfile.Profile, sort: str = "tottime", n: int = TOP) -> list[str]:
    buf = io.StringIO()
    st = pstats.Stats(prof, stream=buf)
    st.sort_stats(sort)
    rows = []
    for func, (cc, nc, tt, ct, callers) in sorted(st.stats.items(), key=lambda kv: -kv[1][2 if sort == "tottime" else 3])[:n]:
        file, line, name = func
        where = file.split("site-packages/")[-1].split("/work/main/")[-1]
        rows.append(f"| {tt:.2f} | {ct:.2f} | {nc} | `{name}` ({where}:{line}) |")
    return rows


def cmd_ingest(args) -> list[str]:
    from bench.ingest import articles_of, time_ingest
    from bench.corpus import synthetic_texts
    from kg.extract import load_nlp

    nlp = load_nlp()
    arts = articles_of(synthetic_texts(args.articles, seed=5))
    time_ingest(nlp, arts[:2], 16, 1)
    prof = cProfile.Profile()
    prof.enable()
    time_ingest(nlp, arts, 16, 1)
    prof.disable()
    return ["| own s | cumulative s | calls | function |", "| --- | --- | --- | --- |", *_top(prof)]


def cmd_trace(args) -> list[str]:
    from kg import query as Q
    from kg.names import normalize
    from kg.store.embedded import EmbeddedStore

    store = EmbeddedStore(args.store, read_only=True)
    names = json.loads(args.names)
    timings: dict[str, list[float]] = {}
    real_read = store.read

    def timed_read(statement, params=None):
        t0 = time.perf_counter()
        try:
            return real_read(statement, params)
        finally:
            key = statement.strip().splitlines()[0][:70]
            timings.setdefault(key, []).append((time.perf_counter() - t0) * 1000)

    store.read = timed_read  # type: ignore[method-assign]
    Q.fund_paths(store, names[0])
    timings.clear()
    prof = cProfile.Profile()
    prof.enable()
    for n in names:
        Q.fund_paths(store, n)
    prof.disable()
    out = ["Time per statement sent by `kg.query.fund_paths` (median ms over the sampled starts):", "",
           "| statement (first line) | calls | median ms |", "| --- | --- | --- |"]
    for k, v in timings.items():
        out.append(f"| `{k}` | {len(v)} | {sorted(v)[len(v) // 2]:.1f} |")
    # the same lookups anchored on the primary key, for comparison
    ids = [store._read(Q.load_query("find_entity", store.fragments), {"norm": normalize(n), "type": None})[0]["id"] for n in names]
    t0 = time.perf_counter()
    for i in ids:
        store._read("MATCH (e:Entity {id: $id}) RETURN e.id", {"id": i})
    pk = (time.perf_counter() - t0) * 1000 / len(ids)
    t0 = time.perf_counter()
    for n in names:
        store._read("MATCH (e:Entity) WHERE e.norm = $norm RETURN e.id", {"norm": normalize(n)})
    scan = (time.perf_counter() - t0) * 1000 / len(names)
    out += ["", f"For comparison: a primary-key lookup `MATCH (e:Entity {{id: $id}})` takes {pk:.2f} ms; the `norm` lookup "
            f"(a column scan, LadybugDB has no secondary index) {scan:.1f} ms.", "",
            "cProfile of the same calls (top by own time):", "",
            "| own s | cumulative s | calls | function |", "| --- | --- | --- | --- |", *_top(prof)]
    store.close()
    return out


def profile_ingest(ing: dict) -> list[str]:
    from bench.measure import python_child

    r = python_child("bench.profiles", "ingest", "--articles", "20")
    lines = r.json()
    ms = ing["ms_per_kword"]
    return ["### ingest_ratio", "",
            f"Per 1,000 words: the spaCy pipeline {ms['spacy_pipeline']:.0f} ms, kg's components and graph building "
            f"{ms['kg_components']:.0f} ms, resolution and store writes {ms['store_writes']:.0f} ms. cProfile of "
            "`ingest_articles` over 20 synthetic articles (`python -m bench.profiles ingest --articles 20`), top by own time:", "",
            *lines, ""]


def profile_trace(results: dict, cfg: dict) -> list[str]:
    from bench.measure import python_child

    qs = results["queries"]["sizes"]
    label = "1M" if "1M" in qs else list(qs)[-1]
    store = results["queries"]["stores"][label]
    names = qs[label]["load"]["groups"][:5]
    r = python_child("bench.profiles", "trace", "--store", store, "--names", json.dumps(names), timeout=cfg["query_timeout_s"] * 2)
    if r.returncode is None:
        return ["### trace (fund_paths) latency", "", "The profile run timed out.", ""]
    return [f"### trace (fund_paths) latency at {label}", "",
            f"`python -m bench.profiles trace` over {len(names)} customer groups of the {label} graph.", "", *r.json(), ""]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.profiles", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    ip = sub.add_parser("ingest")
    ip.add_argument("--articles", type=int, default=20)
    tp = sub.add_parser("trace")
    tp.add_argument("--store", required=True)
    tp.add_argument("--names", required=True)
    args = ap.parse_args(argv)
    lines = cmd_ingest(args) if args.cmd == "ingest" else cmd_trace(args)
    print(json.dumps(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
