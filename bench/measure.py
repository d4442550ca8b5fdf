"""Measuring helpers: percentiles, the machine and versions, child processes with their peak RSS."""
from __future__ import annotations

import json
import os
import platform
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100); None for no values."""
    if not values:
        return None
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(q / 100.0 * len(s) + 0.5)) - 1))
    return s[k]


def med(values: list[float]) -> float | None:
    return median(values) if values else None


def rss_mb() -> float:
    """Current RSS of this process (from /proc), in MB."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


@dataclass
class ChildResult:
    returncode: int | None  # None when killed for running past its timeout
    seconds: float
    peak_rss_mb: float
    stdout: str
    stderr: str

    def json(self) -> dict:
        """The last stdout line, parsed (children report with one JSON line)."""
        lines = [ln for ln in self.stdout.splitlines() if ln.strip()]
        if self.returncode != 0 or not lines:
            raise RuntimeError(f"child failed (rc={self.returncode}): {self.stderr.strip()[-2000:]}")
        return json.loads(lines[-1])


def run_child(argv: list[str], *, timeout: float | None = None, env: dict | None = None, cwd: str | None = None) -> ChildResult:
    """Run ``argv`` and report its wall time and peak RSS (VmHWM of that very child, polled every 50 ms;
    grandchildren are not included). Killed (with its process group) after ``timeout`` seconds."""
    out_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"kg-bench-child-{os.getpid()}-{time.monotonic_ns()}"
    with open(f"{out_path}.out", "w+") as out, open(f"{out_path}.err", "w+") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=env, cwd=cwd or str(ROOT), start_new_session=True)
        deadline = None if timeout is None else t0 + timeout
        killed = False
        hwm = 0.0
        while True:
            hwm = max(hwm, _vm_hwm_mb(proc.pid))
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if deadline is not None and time.perf_counter() > deadline and not killed:
                os.killpg(proc.pid, signal.SIGKILL)
                killed = True
            time.sleep(0.05)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    for suffix in (".out", ".err"):
        Path(f"{out_path}{suffix}").unlink(missing_ok=True)
    # wait4's ru_maxrss would count this (large) parent's RSS at fork time, so the child's own high-water
    # mark is polled from /proc; it only rises, so the last reading before exit is the peak.
    return ChildResult(None if killed else proc.returncode, seconds, hwm or usage.ru_maxrss / 1024.0, stdout, stderr)


def _vm_hwm_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return 0.0


def python_child(module: str, *args: str, **kw) -> ChildResult:
    return run_child([sys.executable, "-m", module, *args], **kw)


def machine() -> dict:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {"cores": os.cpu_count(), "ram_gb": mem_gb, "cpu": cpu, "os": platform.platform(),
            "loadavg_at_start": [round(x, 2) for x in load] if load else None}


def versions(neo4j_server: str | None = None) -> dict:
    import importlib.metadata as md

    def v(pkg: str) -> str | None:
        try:
            return md.version(pkg)
        except md.PackageNotFoundError:
            return None

    model = None
    try:
        from kg.extract import load_nlp

        nlp = load_nlp()
        model = f"{nlp.meta.get('lang')}_{nlp.meta.get('name')} {nlp.meta.get('version')}"
    except Exception as e:  # noqa: BLE001 - reported, not fatal
        model = f"unavailable ({e})"
    return {"python": platform.python_version(), "spacy": v("spacy"), "model": model, "ladybug": v("ladybug"),
            "neo4j_driver": v("neo4j"), "neo4j_server": neo4j_server, "pyarrow": v("pyarrow")}


def neo4j_server_version(uri: str, user: str, password: str) -> str | None:
    try:
        import neo4j

        with neo4j.GraphDatabase.driver(uri, auth=(user, password)) as d:
            with d.session() as s:
                rec = s.run("CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS v, edition").single()
                return f"{rec['name']} {rec['v']} {rec['edition']}"
    except Exception:  # noqa: BLE001
        return None


def timed(fn, *args, **kw) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn(*args, **kw)
    return time.perf_counter() - t0, out


__all__ = ["percentile", "med", "rss_mb", "run_child", "python_child", "machine", "versions", "timed", "ChildResult"]
