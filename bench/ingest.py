"""Ingest benchmarks: kg's words per second against bare spaCy on the same texts, in the same process."""
from __future__ import annotations

import importlib
import os
import tempfile
import time
from pathlib import Path

from bench.corpus import synthetic_texts, word_count
from kg.model import Article



def load_bare(kg_nlp):
    """The same trained pipeline without kg's components: a fresh ``spacy.load`` of kg's model."""
    import spacy

    from kg.extract import MODEL_CANDIDATES

    wanted = kg_nlp.meta.get("name")
    env = os.environ.get("KG_SPACY_MODEL")
    for name in ((env,) if env else MODEL_CANDIDATES):
        try:
            nlp = spacy.load(name)
        except (OSError, ImportError):
            try:
                nlp = importlib.import_module(name).load()
            except Exception:  # noqa: BLE001
                continue
        if nlp.meta.get("name") == wanted:
            expected = [p for p in kg_nlp.pipe_names if not p.startswith("kg_")]
            assert nlp.pipe_names == expected, (nlp.pipe_names, expected)
            return nlp
    raise RuntimeError(f"cannot load the bare pipeline {wanted!r}")


def fresh_kg_nlp():
    """A second kg pipeline (not the cached one), for runs with components disabled."""
    from kg.extract import _load_nlp

    return _load_nlp.__wrapped__(os.environ.get("KG_SPACY_MODEL") or None)


def articles_of(texts: list[str]) -> list[Article]:
    return [Article.from_text(t, f"synthetic/article-{i:05d}.txt") for i, t in enumerate(texts)]


def cpu_seconds() -> tuple[float, float]:
    """CPU seconds used so far by this process and by its finished children (kg's spaCy processes)."""
    t = os.times()
    return t.user + t.system, t.children_user + t.children_system


def time_bare(nlp, texts: list[str], batch_size: int, n_process: int) -> float:
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        pass
    return time.perf_counter() - t0


def time_extract(nlp, articles: list[Article], batch_size: int, n_process: int) -> tuple[float, int]:
    from kg.extract import extract_articles

    t0 = time.perf_counter()
    n = sum(len(g.relations) for g in extract_articles(articles, nlp, batch_size=batch_size, n_process=n_process))
    return time.perf_counter() - t0, n


def time_ingest(nlp, articles: list[Article], batch_size: int, n_process: int, write_cpu: list | None = None) -> tuple[float, int]:
    """Seconds and relations stored; appends the CPU seconds spent in ``write_articles`` (what kg ingest calls) to ``write_cpu``."""
    from kg.ingest import ingest_articles
    from kg.store.embedded import EmbeddedStore

    with tempfile.TemporaryDirectory(prefix="kg-bench-ingest-") as tmp:
        store = EmbeddedStore(Path(tmp) / "store")
        if write_cpu is not None:
            _count_cpu(store, "write_articles", write_cpu)
        try:
            t0 = time.perf_counter()
            report = ingest_articles(store, articles, nlp, batch_size=batch_size, n_process=n_process)
            return time.perf_counter() - t0, report.relations_added
        finally:
            store.close()


def _count_cpu(obj, method: str, into: list) -> None:
    """Wrap ``obj.method`` to add the CPU seconds of the thread that runs it (the writer thread) to into[0]."""
    inner = getattr(obj, method)
    into.append(0.0)

    def timed(*args, **kwargs):
        t0 = time.thread_time()
        try:
            return inner(*args, **kwargs)
        finally:
            into[-1] += time.thread_time() - t0

    setattr(obj, method, timed)


def ingest_benchmark(n_articles: int, reps: int, variants: list[tuple[int, int]], *, seed: int = 7, log=print) -> dict:
    """Interleaved runs (bare, kg extract, kg ingest) at batch 16 / 1 process, ``reps`` times; then one run
    of bare and of kg ingest for each (batch_size, n_process) variant. Words/s are medians."""
    from statistics import median

    from kg.extract import load_nlp

    texts = synthetic_texts(n_articles, seed=seed)
    words = word_count(texts)
    arts = articles_of(texts)
    kg_nlp = load_nlp()
    bare = load_bare(kg_nlp)
    time_bare(bare, texts[:4], 16, 1)  # warm-up
    time_extract(kg_nlp, arts[:4], 16, 1)
    runs: dict[str, list[float]] = {"bare": [], "extract": [], "ingest": []}
    relations = 0
    cpu: dict[str, list[float]] = {"bare": [], "ingest_self": [], "ingest_children": [], "ingest_writes": []}
    for i in range(reps):
        c0 = cpu_seconds()
        runs["bare"].append(time_bare(bare, texts, 16, 1))
        c1 = cpu_seconds()
        t, _ = time_extract(kg_nlp, arts, 16, 1)
        runs["extract"].append(t)
        c2 = cpu_seconds()
        t, relations = time_ingest(kg_nlp, arts, 16, 1, cpu["ingest_writes"])
        c3 = cpu_seconds()
        runs["ingest"].append(t)
        cpu["bare"].append(c1[0] - c0[0])
        cpu["ingest_self"].append(c3[0] - c2[0])
        cpu["ingest_children"].append(c3[1] - c2[1])
        log(f"  ingest rep {i + 1}/{reps}: bare {words / runs['bare'][-1]:.0f} w/s, extract {words / runs['extract'][-1]:.0f} w/s, "
            f"ingest {words / runs['ingest'][-1]:.0f} w/s")
    wps = {k: words / median(v) for k, v in runs.items()}
    per_run_ratio = [b / i for b, i in zip(runs["bare"], runs["ingest"])]
    out = {
        "articles": n_articles, "words": words, "reps": reps, "relations_stored": relations,
        "bare_wps": wps["bare"], "extract_wps": wps["extract"], "ingest_wps": wps["ingest"],
        "ingest_ratio": wps["ingest"] / wps["bare"],
        "ingest_ratio_runs": per_run_ratio,
        "seconds": runs,
        # CPU seconds: bare spaCy; kg ingest's spaCy process (children) and its resolving-and-writing process (self).
        # On a machine with a free second core the wall ratio is about bare / max(children, self).
        "cpu_s": {k: median(v) for k, v in cpu.items()},
        "cpu_ratio": median(cpu["bare"]) / max(median(cpu["ingest_children"]), median(cpu["ingest_self"]), 1e-9),
        # seconds per 1,000 words spent by each part
        "ms_per_kword": {
            "spacy_pipeline": 1000 * median(runs["bare"]) / words * 1000,
            "kg_components": 1000 * (median(runs["extract"]) - median(runs["bare"])) / words * 1000,
            "store_writes": 1000 * (median(runs["ingest"]) - median(runs["extract"])) / words * 1000,
        },
        "variants": [],
    }
    for batch_size, n_process in variants:
        tb = time_bare(bare, texts, batch_size, n_process)
        try:
            ti, _ = time_ingest(kg_nlp, arts, batch_size, n_process)
        except Exception as e:  # noqa: BLE001 - a setting kg cannot run is a result too
            msg = str(e).strip().splitlines()[-1][:200] if str(e).strip() else type(e).__name__
            out["variants"].append({"batch_size": batch_size, "n_process": n_process, "bare_wps": words / tb,
                                    "ingest_wps": None, "ratio": None, "failed": msg})
            log(f"  variant batch {batch_size}, {n_process} process(es): bare {words / tb:.0f} w/s, kg ingest FAILED: {msg}")
            continue
        out["variants"].append({"batch_size": batch_size, "n_process": n_process, "bare_wps": words / tb,
                                "ingest_wps": words / ti, "ratio": tb / ti})
        log(f"  variant batch {batch_size}, {n_process} process(es): bare {words / tb:.0f} w/s, ingest {words / ti:.0f} w/s")
    return out


def component_ablation(corpus_dir: str, disable: list[str], log=print) -> list[dict]:
    """``kg eval`` F1 and time with each of ``disable`` switched off (None = everything on)."""
    from kg.evaluate import run_eval

    nlp = fresh_kg_nlp()
    out = []
    for comp in [None, *disable]:
        t0 = time.perf_counter()
        if comp is None:
            report = run_eval([corpus_dir], nlp)
        else:
            with nlp.select_pipes(disable=[comp]):
                report = run_eval([corpus_dir], nlp)
        seconds = time.perf_counter() - t0
        micro = report.get("micro") or report.get("summary") or report
        row = {"disabled": comp, "seconds": seconds, **_f1s(micro)}
        out.append(row)
        log(f"  eval with {comp or 'nothing'} disabled: {row}")
    return out


def _f1s(micro: dict) -> dict:
    def f1(d):
        return d.get("f1") if isinstance(d, dict) else None

    return {"entity_f1": f1(micro.get("entities", {})), "relation_f1": f1(micro.get("relations", {}))}


def write_articles(dir_: Path, n: int, *, seed: int, short: bool) -> int:
    """``n`` synthetic articles as files in ``dir_``; returns their word count."""
    texts = synthetic_texts(n, seed=seed, min_paragraphs=1 if short else 4, max_paragraphs=2 if short else 8)
    dir_.mkdir(parents=True, exist_ok=True)
    for i, t in enumerate(texts):
        (dir_ / f"article-{i:05d}.txt").write_text(t, encoding="utf-8")
    return word_count(texts)
