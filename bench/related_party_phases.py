"""One related_party_flows call on an embedded store, timed phase by phase (kg.query's steps wrapped), with
the process's RSS after each phase and its peak so far:  python bench/related_party_phases.py DIR"""
from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import kg.store.embedded as E  # noqa: E402
from kg import query as Q  # noqa: E402

PHASES = (Q, ("_ControlParents", "_money_edges_touching", "_control_steps", "_common_controllers", "_edge_details", "_read_claims")), \
         (E.EmbeddedStore, ("edge_reader",)), (E._ArrowEdgeReader, ("read",))


def rss_mb() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * resource.getpagesize() / 2**20


def timed(owner, name: str) -> None:
    f = getattr(owner, name)

    def g(*a, **k):
        t = time.perf_counter()
        out = f(*a, **k)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  {name:22s} {time.perf_counter() - t:6.2f} s  rss {rss_mb():6.0f} MB  peak {peak:6.0f} MB", flush=True)
        return out

    setattr(owner, name, g)


def main() -> None:
    if len(sys.argv) != 2 or sys.argv[1] in ("-h", "--help"):
        raise SystemExit(__doc__)
    store = E.EmbeddedStore(sys.argv[1], read_only=True)
    for owner, names in PHASES:
        for name in names:
            timed(owner, name)
    t = time.perf_counter()
    n = len(Q.related_party_flows(store))
    print(f"{n} flows in {time.perf_counter() - t:.2f} s")
    store.close()


if __name__ == "__main__":
    main()
