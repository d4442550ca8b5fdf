"""Benchmark kg and write BENCHMARKS.md: ingest speed against bare spaCy, write speed of both stores,
query latency on synthetic graphs of 10k/100k/1M relations, peak memory, and how fast a big view settles.

  python bench/run.py [--quick] [--json] [--out BENCHMARKS.md] [--only SECTION ...]

Neo4j is benchmarked when BENCH_NEO4J_URI (else NEO4J_URI) is set; the server is emptied, so point it at a
server of its own (scripts/neo4j-dev start with another NEO4J_PORT and KG_NEO4J_HOME), never a shared one.
With --json the last stdout line is one JSON object with every figure.
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.measure import ROOT, machine, med, neo4j_server_version, percentile, python_child, run_child, versions  # noqa: E402

SECTIONS = ("ingest", "ablation", "memory", "writes", "claims", "queries", "views", "cluster")
QUERIES = ("fund_paths", "control_chain", "related_party_flows")
SIZES = {10_000: "10k", 100_000: "100k", 1_000_000: "1M"}

CONFIG = {
    "quick": {"cluster_articles": 30, "ingest_articles": 30, "ingest_reps": 3, "variants": [(64, 1), (16, 2)], "memory_short": True,
              "write_sizes": [10_000, 100_000], "write_reps": 1, "per_row_max": 2_000, "batched_max": 10_000,
              "query_sizes": [10_000, 100_000, 1_000_000], "neo4j_query_sizes": [10_000],
              "samples": 5, "budget_s": 8.0, "query_timeout_s": 100.0, "view_runs": 1, "claims_n": 1000},
    "full": {"cluster_articles": 100, "ingest_articles": 100, "ingest_reps": 5, "variants": [(64, 1), (256, 1), (16, 2), (64, 2)],
             "memory_short": False, "write_sizes": [10_000, 100_000], "write_reps": 3, "per_row_max": 20_000, "batched_max": None,
             "query_sizes": [10_000, 100_000, 1_000_000], "neo4j_query_sizes": [10_000, 100_000, 1_000_000],
             "samples": 20, "budget_s": 45.0, "query_timeout_s": 400.0, "view_runs": 3, "claims_n": 1000},
}


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def neo4j_env() -> dict | None:
    uri = os.environ.get("BENCH_NEO4J_URI") or os.environ.get("NEO4J_URI")
    if not uri:
        return None
    return {"BENCH_NEO4J_URI": uri, "BENCH_NEO4J_USER": os.environ.get("NEO4J_USER", "neo4j"),
            "BENCH_NEO4J_PASSWORD": os.environ.get("BENCH_NEO4J_PASSWORD") or os.environ.get("NEO4J_PASSWORD", "kg-dev-password")}


def child_env(neo: dict | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_URI", "KG_STORE")}
    env.update(neo or {})
    return env


# --- sections ------------------------------------------------------------------------------------------

def section_ingest(cfg: dict) -> dict:
    from bench.ingest import ingest_benchmark

    log(f"ingest: {cfg['ingest_articles']} synthetic articles x {cfg['ingest_reps']} interleaved runs")
    return ingest_benchmark(cfg["ingest_articles"], cfg["ingest_reps"], cfg["variants"], log=log)


def section_ablation(cfg: dict) -> list[dict]:
    from bench.ingest import component_ablation

    log("ablation: kg eval corpus/ with components disabled")
    return component_ablation(str(ROOT / "corpus"), ["lemmatizer", "ner"], log=log)


def section_memory(cfg: dict) -> dict:
    from bench.ingest import write_articles

    with tempfile.TemporaryDirectory(prefix="kg-bench-mem-") as tmp:
        words = write_articles(Path(tmp) / "articles", 1000, seed=99, short=cfg["memory_short"])
        log(f"memory: kg ingest of 1,000 synthetic articles ({words} words) in a child process")
        kg = str(Path(sys.executable).with_name("kg"))
        argv = [kg if Path(kg).exists() else "kg", "--store", str(Path(tmp) / "store"), "ingest", str(Path(tmp) / "articles")]
        res = run_child(argv, env=child_env(None))
    failed = None if res.returncode == 0 else (res.stderr.strip().splitlines() or ["?"])[-1][:300]
    return {"failed": failed, "articles": 1000, "words": words, "short_articles": cfg["memory_short"], "seconds": res.seconds,
            "peak_rss_mb": res.peak_rss_mb, "wps_end_to_end": words / res.seconds, "command": " ".join(argv[1:2] + ["TMP", "ingest", "TMP/articles"])}


def section_writes(cfg: dict, neo: dict | None) -> dict:
    from bench.writes import Embedded, Neo4j, writes_benchmark

    out = {}
    log("writes: embedded store")
    be = Embedded()
    try:
        out["embedded"] = writes_benchmark(be, cfg["write_sizes"], reps=cfg["write_reps"], per_row_max=cfg["per_row_max"], batched_max=cfg["batched_max"], log=log)
    finally:
        be.cleanup()
    if neo:
        log("writes: Neo4j")
        os.environ.update(neo)
        out["neo4j"] = writes_benchmark(Neo4j(), cfg["write_sizes"], reps=cfg["write_reps"], per_row_max=cfg["per_row_max"], batched_max=cfg["batched_max"], log=log)
    return out


def section_claims(cfg: dict, neo: dict | None) -> dict:
    from bench.claims import run

    log(f"claims: {cfg['claims_n']:,} articles repeating the same facts against distinct ones")
    if neo:
        os.environ.update({"NEO4J_URI": neo["BENCH_NEO4J_URI"], "NEO4J_PASSWORD": neo["BENCH_NEO4J_PASSWORD"]})
    try:
        return run(cfg["claims_n"], neo is not None)
    finally:
        os.environ.pop("NEO4J_URI", None)


def section_queries(cfg: dict, neo: dict | None, tmp: str) -> dict:
    out: dict = {"sizes": {}, "stores": {}}
    env = child_env(neo)
    if True:  # the stores stay in tmp until the profiles have run
        for n in cfg["query_sizes"]:
            label = SIZES[n]
            store = str(Path(tmp) / label)
            out["stores"][label] = store
            with_neo = bool(neo) and n in cfg["neo4j_query_sizes"]
            log(f"queries: generating and bulk-loading the {label} graph{' (embedded and Neo4j)' if with_neo else ''}")
            args = ["load", "--relations", str(n), "--store", store, "--samples", str(cfg["samples"])]
            res = python_child("bench.queries", *args, *(["--neo4j"] if with_neo else []), env=env)
            loaded = res.json()
            loaded["load_child_peak_rss_mb"] = res.peak_rss_mb
            size = {"load": loaded, "embedded": {}, "neo4j": {}}
            for backend in ("embedded", "neo4j") if with_neo else ("embedded",):
                for q in QUERIES:
                    names = {"fund_paths": loaded["groups"], "control_chain": loaded["chain_bottoms"]}.get(q)
                    argv = ["run", "--backend", backend, "--store", store, "--query", q, "--budget", str(cfg["budget_s"])]
                    if names:
                        argv += ["--names", json.dumps(names)]
                    r = python_child("bench.queries", *argv, env=env, timeout=cfg["query_timeout_s"])
                    if r.returncode is None:
                        entry = {"timed_out_s": cfg["query_timeout_s"], "peak_rss_mb": r.peak_rss_mb}
                    else:
                        try:
                            entry = r.json()
                        except RuntimeError as e:
                            entry = {"errors": [str(e)[-500:]], "times_ms": []}
                        entry["peak_rss_mb"] = r.peak_rss_mb
                        t = entry.get("times_ms") or []
                        entry.update(n=len(t), p50_ms=percentile(t, 50), p95_ms=percentile(t, 95))
                    size[backend][q] = entry
                    log(f"  {label} {backend} {q}: " + (f"timed out after {cfg['query_timeout_s']:.0f}s" if "timed_out_s" in entry else
                        f"p50 {fmt(entry.get('p50_ms'))} ms, p95 {fmt(entry.get('p95_ms'))} ms (n={entry.get('n')}), "
                        f"peak RSS {entry['peak_rss_mb']:.0f} MB{' errors: ' + '; '.join(entry['errors'][:2]) if entry.get('errors') else ''}"))
            out["sizes"][label] = size
    return out


def section_cluster(cfg: dict) -> dict:
    from bench.cluster import cluster_benchmark

    log(f"cluster: {cfg['cluster_articles']} synthetic articles, local ingest and a 2-worker local Dask cluster")
    return cluster_benchmark(cfg["cluster_articles"], 2, log=log)


def section_views(cfg: dict) -> dict:
    try:
        from kg.viz import write_view
        from kg.viz.browser import find_chromium, measure_settle
        from kg.viz.samples import synthetic_graph
    except ImportError as e:
        return {"skipped": f"kg.viz.browser.measure_settle not available ({e})"}
    graph = synthetic_graph(2000)
    write_s, settle_s = [], []
    with tempfile.TemporaryDirectory(prefix="kg-bench-view-") as tmp:
        for i in range(cfg["view_runs"]):
            t0 = time.perf_counter()
            path = write_view(graph, Path(tmp) / f"view-{i}.html", title="synthetic 2,000-node view")
            write_s.append(time.perf_counter() - t0)
            if find_chromium():
                settle_s.append(measure_settle(path))
        size_mb = Path(path).stat().st_size / 1e6
    out = {"nodes": len(graph.entities), "edges": len(graph.relations), "html_mb": size_mb,
           "write_s": med(write_s), "settle_s": med(settle_s), "runs": cfg["view_runs"]}
    if not settle_s:
        out["settle_note"] = "no Chromium found: settle time not measured"
    log(f"views: written in {out['write_s']:.2f} s, settled in {fmt(out['settle_s'])} s")
    return out


# --- report --------------------------------------------------------------------------------------------

def fmt(x, digits: int = 1) -> str:
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{x:,.{digits}f}"
    return f"{x:,}" if isinstance(x, int) else str(x)


def summary(results: dict) -> dict:
    ing = results.get("ingest") or {}
    wr = results.get("writes") or {}
    qs = (results.get("queries") or {}).get("sizes", {})

    def write_rate(backend: str, key: str):
        rows = wr.get(backend) or []
        return rows[-1][key] if rows else None

    def p95(backend: str, q: str) -> dict:
        return {label: (s.get(backend, {}).get(q) or {}).get("p95_ms") for label, s in qs.items() if s.get(backend)}

    mem = results.get("memory") or {}
    q1m = qs.get("1M", {}).get("embedded", {})
    return {
        "ingest_ratio": ing.get("ingest_ratio"),
        "bare_wps": ing.get("bare_wps"), "ingest_wps": ing.get("ingest_wps"), "extract_wps": ing.get("extract_wps"),
        "embedded_write_rels_per_s": write_rate("embedded", "batched_rels_per_s"),
        "embedded_bulk_rels_per_s": write_rate("embedded", "bulk_rels_per_s"),
        "embedded_per_row_rels_per_s": write_rate("embedded", "per_row_rels_per_s"),
        "neo4j_write_rels_per_s": write_rate("neo4j", "batched_rels_per_s"),
        "neo4j_bulk_rels_per_s": write_rate("neo4j", "bulk_rels_per_s"),
        "neo4j_per_row_rels_per_s": write_rate("neo4j", "per_row_rels_per_s"),
        "trace_p95_ms": p95("embedded", "fund_paths"),
        "trace_p95_ms_neo4j": p95("neo4j", "fund_paths") or None,
        "control_chain_p95_ms": p95("embedded", "control_chain"),
        "related_party_p95_ms": p95("embedded", "related_party_flows"),
        "ingest_peak_rss_mb": mem.get("peak_rss_mb"),
        "query_1m_peak_rss_mb": max((e.get("peak_rss_mb") or 0 for e in q1m.values()), default=None) if q1m else None,
        "view_settle_s": (results.get("views") or {}).get("settle_s"),
        "dask_2_workers_wps": (results.get("cluster") or {}).get("cluster_wps"),
        "dask_2_workers_vs_local": (results.get("cluster") or {}).get("ratio"),
        "ingest_ratio_j2": next((v["ratio"] for v in ing.get("variants", []) if v["n_process"] == 2 and v["batch_size"] == 16), None),
    }


def targets(s: dict) -> list[tuple[str, str, bool | None]]:
    tp = (s.get("trace_p95_ms") or {}).get("1M")
    rp = (s.get("related_party_p95_ms") or {}).get("1M")
    tn = (s.get("trace_p95_ms_neo4j") or {}).get("100k")
    return [
        ("ingest_ratio >= 0.9 (one process)", fmt(s.get("ingest_ratio"), 2), None if s.get("ingest_ratio") is None else s["ingest_ratio"] >= 0.9),
        ("ingest_ratio >= 0.9 (-j 2)", fmt(s.get("ingest_ratio_j2"), 2), None if s.get("ingest_ratio_j2") is None else s["ingest_ratio_j2"] >= 0.9),
        ("trace (fund_paths) p95 < 100 ms at 1M relations, embedded", f"{fmt(tp)} ms", None if tp is None else tp < 100),
        ("Embedded batched writes >= 20,000 relations/s", f"{fmt(s.get('embedded_write_rels_per_s'), 0)}/s",
         None if s.get("embedded_write_rels_per_s") is None else s["embedded_write_rels_per_s"] >= 20_000),
        ("Neo4j batched writes >= 20,000 relations/s", f"{fmt(s.get('neo4j_write_rels_per_s'), 0)}/s",
         None if s.get("neo4j_write_rels_per_s") is None else s["neo4j_write_rels_per_s"] >= 20_000),
        ("related-party flows at 1M relations <= 3 s, embedded", f"{fmt(rp)} ms", None if rp is None else rp <= 3000),
        ("fund paths p95 <= 100 ms at 100k relations, Neo4j", f"{fmt(tn)} ms", None if tn is None else tn <= 100),
        ("2-worker local Dask cluster against a local ingest (words/s ratio, reported)",
         fmt(s.get("dask_2_workers_vs_local"), 2), None),
    ]


def markdown(results: dict, s: dict) -> str:
    L: list[str] = []
    meta = results["meta"]
    m, v = meta["machine"], meta["versions"]
    L += ["# kg benchmarks", "",
          "The tables come from `bench/run.py` (the command below); the dated subsections are single measurements "
          "recorded by hand, each with its command, and have to be carried over when the file is regenerated.", "",
          f"- command: `{meta['command']}` ({meta['mode']} mode, {meta['seconds']:.0f} s, {meta['date']})",
          f"- machine: {m['cores']} cores, {m['ram_gb']} GB RAM, {m['cpu']}, {m['os']}; load average at start "
          f"{m['loadavg_at_start']} (a shared, noisy machine: figures are medians, latencies p50/p95)",
          f"- versions: Python {v['python']}, spaCy {v['spacy']}, model {v['model']}, LadybugDB {v['ladybug']}, "
          f"Neo4j server {v['neo4j_server'] or 'not benchmarked'}, neo4j driver {v['neo4j_driver']}, pyarrow {v['pyarrow'] or 'not installed'}",
          "", "## Targets", "", "| target | measured | met |", "| --- | --- | --- |"]
    for name, val, ok in targets(s):
        L.append(f"| {name} | {val} | {'yes' if ok else 'no' if ok is not None else 'not measured' if val.startswith('–') else 'reported'} |")
    ing = results.get("ingest")
    if ing:
        L += ["", "## Ingest", "",
              f"{ing['articles']} synthetic articles ({ing['words']:,} words; headlines and paragraphs of `corpus/*.txt` "
              f"recombined, seed 7, no two alike), batch size 16, one process, {ing['reps']} interleaved runs of each; medians.", "",
              "| pipeline | words/s |", "| --- | --- |",
              f"| bare `nlp.pipe` (same model, without kg's components) | {fmt(ing['bare_wps'], 0)} |",
              f"| kg extract (pipeline + kg_entities + kg_relations + graph building) | {fmt(ing['extract_wps'], 0)} |",
              f"| kg ingest (extract + resolve + embedded store writes) | {fmt(ing['ingest_wps'], 0)} |", "",
              f"**ingest_ratio = {ing['ingest_ratio']:.2f}** (per run: {', '.join(f'{x:.2f}' for x in ing['ingest_ratio_runs'])}); "
              f"{ing['relations_stored']} relations stored.", "",
              f"CPU seconds (medians): bare spaCy {ing['cpu_s']['bare']:.2f}; kg ingest's spaCy process {ing['cpu_s']['ingest_children']:.2f} "
              f"(parsing, kg's components, graph building) and its ingesting process {ing['cpu_s']['ingest_self']:.2f} (resolution and "
              f"writes; `write_articles` alone {ing['cpu_s']['ingest_writes']:.2f}), which run at the same time: with a free second core the wall ratio would be bare / the larger = "
              f"**{ing['cpu_ratio']:.2f}**.", "",
              "Where the time goes, ms per 1,000 words: "
              + ", ".join(f"{k.replace('_', ' ')} {fmt(val)}" for k, val in ing["ms_per_kword"].items()) + ".", "",
              "Settings tried (one run each, same texts):", "",
              "| batch size | processes | bare words/s | kg ingest words/s | ratio |", "| --- | --- | --- | --- | --- |",
              f"| 16 | 1 | {fmt(ing['bare_wps'], 0)} | {fmt(ing['ingest_wps'], 0)} | {ing['ingest_ratio']:.2f} |"]
        for var in ing["variants"]:
            kgw = fmt(var["ingest_wps"], 0) if not var.get("failed") else f"**failed**: `{var['failed']}`"
            L.append(f"| {var['batch_size']} | {var['n_process']} | {fmt(var['bare_wps'], 0)} | {kgw} | {fmt(var['ratio'], 2)} |")
        ok = [v for v in ing["variants"] if v.get("ingest_wps")]
        best = max([{"batch_size": 16, "n_process": 1, "ingest_wps": ing["ingest_wps"]}, *ok], key=lambda x: x["ingest_wps"])
        L += ["", f"Fastest kg ingest here: batch size {best['batch_size']}, {best['n_process']} process(es), {fmt(best['ingest_wps'], 0)} words/s."]
    abl = results.get("ablation")
    if abl:
        L += ["", "### Can a spaCy component be switched off?", "",
              "`kg eval corpus/` (micro F1) with one component of the trained pipeline disabled:", "",
              "| disabled | entity F1 | relation F1 | seconds |", "| --- | --- | --- | --- |"]
        for r in abl:
            L.append(f"| {r['disabled'] or '(none)'} | {fmt(r['entity_f1'], 3)} | {fmt(r['relation_f1'], 3)} | {fmt(r['seconds'])} |")
        L += ["", "kg's components read `lemma_` (trigger verbs, say-verbs, withdrawals, role words) and `doc.ents` "
              "(person and organisation candidates), so neither the lemmatizer nor the NER can go without losing quality."]
    mem = results.get("memory")
    if mem:
        L += ["", "## Memory", "",
              f"- `kg --store TMP ingest TMP/articles` of 1,000 synthetic articles ({mem['words']:,} words"
              f"{', 1-2 paragraphs each to fit the quick run' if mem['short_articles'] else ''}) in a child process: "
              f"**peak RSS {mem['peak_rss_mb']:.0f} MB**, {mem['seconds']:.0f} s ({fmt(mem['wps_end_to_end'], 0)} words/s end to end, model load included)."
              + (f" **The ingest failed**: `{mem['failed']}` (peak RSS and time are up to the failure)." if mem.get("failed") else "")]
        q1m = ((results.get("queries") or {}).get("sizes") or {}).get("1M")
        if q1m:
            L.append(f"- querying the 1M-relation graph (embedded, each query kind in its own child process): peak RSS "
                     + ", ".join(f"{q} {e.get('peak_rss_mb', 0):.0f} MB" for q, e in q1m["embedded"].items()) + ".")
    wr = results.get("writes")
    if wr:
        L += ["", "## Writes", "",
              "Synthetic relations (the query benchmark's generator, seed 7) into a new store. *batched*: `Store.write_articles` "
              "as `kg ingest` writes, 64 articles of 100 relations a transaction (entities, articles, mentions, claims and edges); "
              "*bulk*: `kg.store.bulk.bulk_load` (LadybugDB `COPY FROM` Parquet; Neo4j `UNWIND $rows` batches of 10,000); "
              "*one per row*: one MERGE statement per entity and per relation, all in one transaction.", "",
              "| store | relations | batched rel/s | bulk rel/s | one per row rel/s |", "| --- | --- | --- | --- | --- |"]
        for backend, rows in wr.items():
            for r in rows:
                pr = f"{fmt(r['per_row_rels_per_s'], 0)}" + (f" (measured on {r['per_row_measured_relations']:,}, extrapolated)" if r["per_row_extrapolated"] else "")
                batched = fmt(r["batched_rels_per_s"], 0) if not r.get("batched_failed") else f"**{r['batched_failed']}**"
                if r.get("batched_extrapolated"):
                    batched += f" (measured on the first {r['batched_measured_relations']:,}, extrapolated)"
                L.append(f"| {backend} | {r['relations']:,} | {batched} | {fmt(r['bulk_rels_per_s'], 0)} | {pr} |")
    from bench.claims import markdown as claims_markdown

    L += claims_markdown(results.get("claims"))
    qs = results.get("queries")
    if qs:
        L += ["", "## Queries", "",
              "Synthetic graphs (`bench/graphs.py`, seed 42): conglomerates with control trees up to 10 levels deep, customer "
              "groups depositing with platforms, platforms lending to trading firms of the same tree, money moving on to "
              "power-law-chosen hubs (banks, exchanges, venture funds, newspapers). Bulk-loaded. Each query kind runs in its "
              "own child process: one warm-up call, then one call per sampled start (fund_paths: customer groups; "
              "control_chain: the bottoms of long chains; related_party_flows: the whole graph) until the samples or the "
              "time budget run out.", "",
              "| graph | entities | articles | max degree | p99 degree | generate s | load embedded s | load Neo4j s |",
              "| --- | --- | --- | --- | --- | --- | --- | --- |"]
        for label, size in qs["sizes"].items():
            ld, sh = size["load"], size["load"]["shape"]
            L.append(f"| {label} | {sh['entities']:,} | {sh['articles']:,} | {sh['max_degree']:,} | {sh['p99_degree']} | "
                     f"{fmt(ld['generate_s'])} | {fmt(ld.get('load_embedded_s'))} | {fmt(ld.get('load_neo4j_s'))} |")
        L += ["", "| graph | store | query | n | p50 ms | p95 ms | results (median) | peak RSS MB |", "| --- | --- | --- | --- | --- | --- | --- | --- |"]
        for label, size in qs["sizes"].items():
            for backend in ("embedded", "neo4j"):
                for q, e in size.get(backend, {}).items():
                    if "timed_out_s" in e:
                        L.append(f"| {label} | {backend} | {q} | 0 | > {e['timed_out_s']:.0f} s (stopped) | | | {e['peak_rss_mb']:.0f} |")
                        continue
                    err = f" ({len(e['errors'])} errors: {e['errors'][0][:120]})" if e.get("errors") else ""
                    L.append(f"| {label} | {backend} | {q} | {e.get('n', 0)} | {fmt(e.get('p50_ms'))} | {fmt(e.get('p95_ms'))} | "
                             f"{fmt(med(e.get('result_sizes') or []))}{err} | {e.get('peak_rss_mb', 0):.0f} |")
    cl = results.get("cluster")
    if cl:
        L += ["", "## Ingest on a Dask cluster", "",
              f"{cl['articles']} synthetic articles ({cl['words']:,} words, seed 11), each run into a new embedded store: a local "
              f"`kg ingest` (one spaCy process) against `kg ingest --scheduler local:{cl['workers']}` (a local Dask cluster of "
              f"{cl['workers']} worker processes, one thread each; resolution and writes on the client).", "",
              "| ingest | words/s |", "| --- | --- |",
              f"| local (`-j 1`) | {fmt(cl['local_wps'], 0)} |",
              f"| {cl['workers']}-worker local Dask cluster | {fmt(cl['cluster_wps'], 0)} |", "",
              f"**{cl['workers']}-worker cluster / local = {cl['ratio']:.2f}**; the cluster's start-up (worker processes "
              f"spawning, each loading the pipeline) took {cl['startup_s']:.1f} s more and is not in the words/s; "
              f"same relations stored: {'yes' if cl['same_relations'] else '**no**'} ({cl['relations']})."]
    vw = results.get("views")
    if vw:
        L += ["", "## Views", ""]
        if vw.get("skipped"):
            L.append(f"Skipped: {vw['skipped']}.")
        else:
            L.append(f"`kg.viz.samples.synthetic_graph(2000)` ({vw['nodes']:,} nodes, {vw['edges']:,} edges): page written in "
                     f"{fmt(vw['write_s'], 2)} s ({vw['html_mb']:.1f} MB), layout settled in headless Chromium "
                     f"(`kg.viz.browser.measure_settle`) in {fmt(vw['settle_s'])} s; median of {vw['runs']} run(s)."
                     + (f" {vw['settle_note']}." if vw.get("settle_note") else ""))
    if results.get("profiles"):
        L += ["", "## Why targets are missed, and what would close them", ""]
        L += results["profiles"]
    if results.get("errors"):
        L += ["", "## Sections that failed", ""] + [f"- {k}: {v}" for k, v in results["errors"].items()]
    return "\n".join(L) + "\n"


def profile_notes(results: dict, s: dict, cfg: dict) -> list[str]:
    """cProfile of the missed targets, in child processes, top functions by cumulative time."""
    from bench.profiles import profile_ingest, profile_trace

    notes = []
    if s.get("ingest_ratio") is not None and s["ingest_ratio"] < 0.9:
        notes += profile_ingest(results["ingest"])
    tp = (s.get("trace_p95_ms") or {})
    if tp.get("1M") is not None and tp["1M"] >= 100 or tp.get("100k") is not None and tp["100k"] >= 100:
        notes += profile_trace(results, cfg)
    nw = s.get("neo4j_write_rels_per_s")
    if nw is not None and nw < 20_000:
        notes += ["### Neo4j batched writes", "",
                  f"`write_articles` reached {nw:,.0f} relations/s and `bulk_load` (nothing but `UNWIND $rows` batches of 10,000) "
                  f"{s.get('neo4j_bulk_rels_per_s') or 0:,.0f}/s on the same server. A batch of 64 articles is about 30 "
                  "`UNWIND $rows` statements whatever its size (existence check, entity fetch and upsert, one label statement "
                  "per entity type, articles, mentions, claims, and per relation type a fetch, a create and an update), so what is "
                  "left is the server's work on this machine (it shares 2 cores with the client and everything else; see the load "
                  "average above).", ""]
    return notes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python bench/run.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="smaller runs for about 10 minutes on 2 cores (Neo4j queries on 10k only; big writes sampled)")
    ap.add_argument("--json", action="store_true", help="print every figure as one JSON object on the last stdout line")
    ap.add_argument("--out", default=str(ROOT / "BENCHMARKS.md"), help="where to write the report (default: BENCHMARKS.md)")
    ap.add_argument("--only", nargs="+", choices=SECTIONS, help="run only these sections")
    ap.add_argument("--no-profile", action="store_true", help="skip the cProfile runs for missed targets")
    args = ap.parse_args(argv)

    mode = "quick" if args.quick else "full"
    cfg = CONFIG[mode]
    neo = neo4j_env()
    t_start = time.perf_counter()
    cmd = "python bench/run.py" + ("".join(f" {shlex.quote(a)}" for a in (argv if argv is not None else sys.argv[1:])))
    results: dict = {"errors": {}}
    server = neo4j_server_version(neo["BENCH_NEO4J_URI"], neo["BENCH_NEO4J_USER"], neo["BENCH_NEO4J_PASSWORD"]) if neo else None
    results["meta"] = {"machine": machine(), "versions": versions(server), "mode": mode, "command": cmd,
                       "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    wanted = args.only or SECTIONS
    graphs_tmp = tempfile.TemporaryDirectory(prefix="kg-bench-graphs-")
    runners = {
        "ingest": lambda: section_ingest(cfg), "ablation": lambda: section_ablation(cfg), "memory": lambda: section_memory(cfg),
        "writes": lambda: section_writes(cfg, neo), "claims": lambda: section_claims(cfg, neo), "queries": lambda: section_queries(cfg, neo, graphs_tmp.name), "views": lambda: section_views(cfg),
        "cluster": lambda: section_cluster(cfg),
    }
    for name in SECTIONS:
        if name in wanted:
            try:
                results[name] = runners[name]()
            except Exception as e:  # noqa: BLE001 - one failing section still leaves a report of the others
                import traceback

                traceback.print_exc()
                results["errors"][name] = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
    s = summary(results)
    if not args.no_profile:
        try:
            results["profiles"] = profile_notes(results, s, cfg)
        except Exception as e:  # noqa: BLE001
            results["errors"]["profiles"] = f"{type(e).__name__}: {e}"
    graphs_tmp.cleanup()
    results["meta"]["seconds"] = time.perf_counter() - t_start
    results["summary"] = s
    Path(args.out).write_text(markdown(results, s), encoding="utf-8")
    log(f"wrote {args.out} in {results['meta']['seconds']:.0f} s")
    for name, val, ok in targets(s):
        log(f"  {name}: {val} -> {'met' if ok else 'MISSED' if ok is not None else 'not measured'}")
    if args.json:
        print(json.dumps({**s, "mode": mode, "seconds": results["meta"]["seconds"], "details": {k: v for k, v in results.items() if k != "summary"}}, default=str))
    return 1 if results["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
