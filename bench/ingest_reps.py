"""Interleaved runs of bare ``nlp.pipe`` and ``kg ingest`` (embedded store) at -j 1 and -j 2 on the ingest
benchmark's texts, with each side's CPU seconds: on a shared machine one run says little, medians of
several and CPU seconds say more.

  python bench/ingest_reps.py [REPS]

The code measured is the kg on PYTHONPATH (this checkout's when unset), so an old commit's export can be
compared with the same script.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from statistics import median

sys.path.append(str(Path(__file__).resolve().parent.parent))  # appended: a PYTHONPATH given wins

from bench.corpus import synthetic_texts, word_count  # noqa: E402
from bench.ingest import articles_of, cpu_seconds, load_bare, time_bare, time_ingest  # noqa: E402


def main(reps: int) -> None:
    from kg.extract import load_nlp

    texts = synthetic_texts(30, seed=7)
    words, arts = word_count(texts), articles_of(texts)
    nlp = load_nlp()
    bare = load_bare(nlp)
    time_bare(bare, texts[:4], 16, 1)  # warm-up
    time_ingest(nlp, arts[:4], 16, 1)
    runs: dict[int, dict[str, list[float]]] = {}
    for r in range(reps):
        for j in (1, 2):
            c0 = cpu_seconds()
            tb = time_bare(bare, texts, 16, j)
            c1 = cpu_seconds()
            ti, _ = time_ingest(nlp, arts, 16, j)
            c2 = cpu_seconds()
            row = {"ratio": tb / ti, "bare_wps": words / tb, "kg_wps": words / ti, "bare_cpu": c1[0] - c0[0] + c1[1] - c0[1],
                   "kg_parent_cpu": c2[0] - c1[0], "kg_children_cpu": c2[1] - c1[1]}
            for k, v in row.items():
                runs.setdefault(j, {}).setdefault(k, []).append(v)
            print(f"rep {r + 1} -j {j}: ratio {row['ratio']:.2f}, bare {row['bare_wps']:.0f} w/s, kg ingest {row['kg_wps']:.0f} w/s; "
                  f"CPU s bare {row['bare_cpu']:.2f}, kg parent {row['kg_parent_cpu']:.2f}, kg children {row['kg_children_cpu']:.2f}; "
                  f"load {os.getloadavg()[0]:.1f}", flush=True)
    for j, d in runs.items():
        m = {k: median(v) for k, v in d.items()}
        print(f"-j {j}, medians of {reps}: ratio {m['ratio']:.2f} (runs {', '.join(f'{x:.2f}' for x in d['ratio'])}); "
              f"bare {m['bare_wps']:.0f} w/s, kg ingest {m['kg_wps']:.0f} w/s; CPU s bare {m['bare_cpu']:.2f}, "
              f"kg parent {m['kg_parent_cpu']:.2f}, kg children {m['kg_children_cpu']:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
