"""Disk space for the embedded store: LadybugDB cannot be trusted to fail cleanly on a full disk (a failed
checkpoint leaves recovery pending, and recovery on a still-full disk aborts the process and can damage
the write-ahead log), so kg stops writing while there is still room to finish what it has committed.

- ``ensure_room`` before each transaction: at least KG_MIN_FREE_MB (default 64) plus twice the
  write-ahead log must be free, else a StoreError (nothing of the article is written).
- ``checkpoint_pending`` after closing: a non-empty log means the checkpoint did not finish.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from kg.errors import StoreError

DEFAULT_MIN_FREE_MB = 64


def min_free_bytes() -> int:
    raw = os.environ.get("KG_MIN_FREE_MB") or str(DEFAULT_MIN_FREE_MB)
    try:
        return max(0, int(raw)) * 2**20
    except ValueError:
        raise StoreError(f"KG_MIN_FREE_MB={raw!r}: not a whole number of megabytes") from None


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def wal_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".wal")


def room_needed(db_path: Path) -> int:
    """Free bytes to keep: the reserve, plus room to checkpoint the log twice over."""
    return min_free_bytes() + 2 * _size(wal_path(db_path))


def ensure_room(db_path: Path) -> None:
    try:
        free = shutil.disk_usage(db_path.parent).free
    except OSError:
        return  # nothing to measure (the folder is gone): the write itself will say what is wrong
    need = room_needed(db_path)
    if free < need:
        raise StoreError(
            f"{db_path.parent}: only {free / 2**20:.1f} MB free, kg needs {need / 2**20:.1f} MB to write safely "
            f"(KG_MIN_FREE_MB); nothing more was written and every article stored before is safe; free some space and rerun"
        )


def checkpoint_pending(db_path: Path) -> bool:
    return _size(wal_path(db_path)) > 0


_RECOVER = ("import ladybug, sys; db = ladybug.Database(sys.argv[1], buffer_pool_size=int(sys.argv[2]), "
            "throw_on_wal_replay_failure=sys.argv[3] != 'torn'); db.close()")
# what LadybugDB says of a write-ahead log whose last record was cut short (a writer killed mid-commit)
_TORN_WAL_MARKERS = ("WAL file is corrupted", "Checksum verification failed", "Reading past the end of the file")


def torn_wal(message: str, db_path: Path) -> bool:
    """Does LadybugDB's ``message`` on opening say that the write-ahead log ends in a torn record?"""
    first = message.splitlines()[0] if message else ""
    return any(m in first for m in _TORN_WAL_MARKERS) and ("WAL" in first or wal_path(db_path).name in first)


def recover(db_path: Path, buffer_pool_bytes: int, *, torn: bool = False) -> None:
    """Finish a checkpoint left pending, in a child process (on a full disk LadybugDB aborts the process
    that recovers), and only when there is room for it. With ``torn``, the log's last transaction was cut
    short (a writer killed while committing): the transactions before it are replayed and it is dropped,
    as it never committed. Raises StoreError when it cannot."""
    import subprocess
    import sys

    ensure_room(db_path)
    try:
        done = subprocess.run([sys.executable, "-c", _RECOVER, str(db_path), str(buffer_pool_bytes), "torn" if torn else "whole"],
                              capture_output=True, text=True, timeout=3600)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise StoreError(f"{db_path.parent}: could not finish the pending checkpoint ({e})") from None
    if done.returncode != 0 or checkpoint_pending(db_path):
        why = (done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[-1]
        raise StoreError(f"{db_path.parent}: could not finish the pending checkpoint ({why}); is the disk full?")
