"""The embedded default: LadybugDB (the maintained fork of Kùzu), on disk, transactional, in-process."""
from __future__ import annotations

import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from kg.errors import QueryError, ReadOnlyViolation, StoreBusy, StoreError
from kg.schema import RELATION_TYPES
from kg.store.base import Store
from kg.store.readonly import check_read_only

_REL_PROPS = (
    "amount_usd DOUBLE, amount_text STRING, status STRING, confidence DOUBLE, evidence STRING[], "
    "evidence_article STRING[], evidence_start INT64[], evidence_end INT64[], evidence_status STRING[]"
)
_DDL = [
    "CREATE NODE TABLE IF NOT EXISTS Entity(id STRING, name STRING, type STRING, aliases STRING[], norm STRING, PRIMARY KEY(id))",
    "CREATE NODE TABLE IF NOT EXISTS Article(id STRING, sha256 STRING, path STRING, title STRING, ingested_at STRING, PRIMARY KEY(id))",
    "CREATE REL TABLE IF NOT EXISTS MENTIONS(FROM Article TO Entity)",
    *[f"CREATE REL TABLE IF NOT EXISTS {t}(FROM Entity TO Entity, {_REL_PROPS})" for t in RELATION_TYPES],
]
_LOCK_MARKERS = ("Could not set lock", "lock on file")
DB_FILE = "graph.lbug"


def _rows(result) -> list[dict[str, Any]]:
    cols = result.get_column_names()
    out = []
    while result.has_next():
        out.append(dict(zip(cols, result.get_next())))
    return out


class _Tx:
    def __init__(self, conn):
        self._conn = conn

    def run(self, statement: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return _rows(self._conn.execute(statement, params or {}))


class EmbeddedStore(Store):
    backend = "embedded"
    dialect = "embedded"

    def __init__(self, folder: str | os.PathLike, *, read_only: bool = False, lock_timeout: float | None = None):
        import ladybug

        self.folder = Path(folder)
        self.location = str(self.folder)
        self.read_only = read_only
        db_path = self.folder / DB_FILE
        if read_only and not db_path.exists():
            raise StoreError(f"{self.folder}: no kg store here yet (run 'kg ingest' first, or pass --store)")
        if not read_only:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StoreError(f"{self.folder}: cannot create the store folder: {e.strerror}") from None
        timeout = float(os.environ.get("KG_LOCK_TIMEOUT", "30")) if lock_timeout is None else lock_timeout
        deadline = time.monotonic() + timeout
        while True:
            try:
                self._db = ladybug.Database(str(db_path), read_only=read_only, buffer_pool_size=256 * 1024 * 1024)
                break
            except RuntimeError as e:
                msg = str(e)
                if any(m in msg for m in _LOCK_MARKERS):
                    if time.monotonic() < deadline:
                        time.sleep(0.2)
                        continue
                    raise StoreBusy(
                        f"{self.folder}: the store is busy (another kg process holds its lock); try again when it finishes"
                    ) from None
                raise StoreError(f"{self.folder}: cannot open the store: {msg.splitlines()[0]}") from None
        self._conn = ladybug.Connection(self._db)
        if not read_only:
            for ddl in _DDL:
                self._conn.execute(ddl)

    def close(self) -> None:
        conn, db = getattr(self, "_conn", None), getattr(self, "_db", None)
        self._conn = self._db = None
        if conn is not None:
            conn.close()
        if db is not None:
            db.close()

    def _read(self, statement: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        try:
            return _rows(self._conn.execute(statement, params or {}))
        except RuntimeError as e:
            raise QueryError(f"{self.location}: {str(e).splitlines()[0]}") from None

    @contextmanager
    def _transaction(self) -> Iterator[_Tx]:
        if self.read_only:
            raise StoreError(f"{self.location}: the store was opened read-only")
        self._conn.execute("BEGIN TRANSACTION")
        try:
            yield _Tx(self._conn)
        except BaseException:
            self._rollback()
            raise
        else:
            self._conn.execute("COMMIT")

    def _rollback(self) -> None:
        try:
            self._conn.execute("ROLLBACK")
        except RuntimeError as e:  # a failed statement has already rolled the transaction back
            if "no active transaction" not in str(e).lower():
                raise

    def run_read_only(self, statement: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        check_read_only(statement)
        if not self.read_only:
            # Defence in depth: run inside a transaction that is always rolled back.
            self._conn.execute("BEGIN TRANSACTION")
            try:
                return self._read(statement, params)
            finally:
                self._rollback()
        try:
            return _rows(self._conn.execute(statement, params or {}))
        except RuntimeError as e:
            msg = str(e).splitlines()[0]
            if "read only" in msg.lower() or "read-only" in msg.lower():
                raise ReadOnlyViolation(f"{self.location}: refused, kg cypher is read-only ({msg})") from None
            raise QueryError(f"{self.location}: {msg}") from None
