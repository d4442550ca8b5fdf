"""Ingest through a Dask cluster against a local ingest: the same synthetic articles, each into a new
embedded store; the cluster's start (workers spawning and loading the pipeline) is timed on its own."""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.corpus import synthetic_texts, word_count
from bench.ingest import articles_of, time_ingest


def time_cluster_ingest(arts, scheduler: str, workers: int) -> tuple[float, float, int]:
    """(start-up seconds, ingest seconds, relations stored) for one ingest through ``scheduler``."""
    from kg.distributed import ClusterExtractor
    from kg.ingest import ingest_articles
    from kg.store.embedded import EmbeddedStore

    t0 = time.perf_counter()
    with ClusterExtractor(scheduler) as ex:
        ex.client.wait_for_workers(workers, timeout=300)
        startup = time.perf_counter() - t0
        with tempfile.TemporaryDirectory(prefix="kg-bench-cluster-") as tmp:
            store = EmbeddedStore(Path(tmp) / "store")
            try:
                t1 = time.perf_counter()
                report = ingest_articles(store, arts, extractor=ex)
                return startup, time.perf_counter() - t1, report.relations_added
            finally:
                store.close()


def cluster_benchmark(n_articles: int, workers: int = 2, *, seed: int = 11, log=print) -> dict:
    from kg.extract import load_nlp

    texts = synthetic_texts(n_articles, seed=seed)
    words = word_count(texts)
    arts = articles_of(texts)
    nlp = load_nlp()
    time_ingest(nlp, arts[:2], 16, 1)  # warm-up
    local_s, local_rel = time_ingest(nlp, arts, 16, 1)
    startup_s, cluster_s, cluster_rel = time_cluster_ingest(arts, f"local:{workers}", workers)
    out = {"articles": n_articles, "words": words, "workers": workers, "startup_s": startup_s,
           "local_wps": words / local_s, "cluster_wps": words / cluster_s, "ratio": local_s / cluster_s,
           "same_relations": local_rel == cluster_rel, "relations": cluster_rel}
    log(f"  local ingest {out['local_wps']:.0f} w/s; {workers}-worker local Dask cluster {out['cluster_wps']:.0f} w/s "
        f"(ratio {out['ratio']:.2f}, start-up {startup_s:.1f} s)")
    return out
