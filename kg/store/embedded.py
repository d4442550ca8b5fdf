"""The embedded default: LadybugDB (the maintained fork of Kùzu), on disk, transactional, in-process."""
from __future__ import annotations

import functools
import os
import re
import time
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

try:
    import fcntl
except ImportError:  # Windows: LadybugDB's own lock still keeps a second writer out
    fcntl = None  # type: ignore[assignment]

from kg.errors import QueryError, ReadOnlyViolation, StoreBusy, StoreError
from kg.names import normalize
from kg.schema import RELATION_TYPES
from kg.store import cypher as Q
from kg.store.base import EdgeReader, EdgeTable, Store, columns_of
from kg.store import space
from kg.store.readonly import check_read_only, embedded_param_problem, embedded_plan_violation, unique_columns

def _columns(props) -> str:
    return ", ".join(f"{p.name} {p.type}" for p in props)


def _ddl() -> list[str]:
    """The tables, derived from the schema's types and properties."""
    return [
        "CREATE NODE TABLE IF NOT EXISTS Entity(id STRING, name STRING, type STRING, aliases STRING[], norm STRING, PRIMARY KEY(id))",
        "CREATE NODE TABLE IF NOT EXISTS Article(id STRING, sha256 STRING, path STRING, title STRING, ingested_at STRING, PRIMARY KEY(id))",
        "CREATE REL TABLE IF NOT EXISTS MENTIONS(FROM Article TO Entity)",
        "CREATE NODE TABLE IF NOT EXISTS NameKey(norm STRING, PRIMARY KEY(norm))",
        "CREATE REL TABLE IF NOT EXISTS NAMED(FROM NameKey TO Entity)",
        f"CREATE NODE TABLE IF NOT EXISTS Claim({_columns(Q.claim_properties())}, PRIMARY KEY(id))",
        f"CREATE NODE TABLE IF NOT EXISTS Judgement({_columns(Q.judgement_properties())}, PRIMARY KEY(id))",
        "CREATE REL TABLE IF NOT EXISTS SUBJECT(FROM Claim TO Entity)",
        "CREATE REL TABLE IF NOT EXISTS OBJECT(FROM Claim TO Entity)",
        *[f"CREATE REL TABLE IF NOT EXISTS {Q.relation(t)}(FROM Entity TO Entity, {_columns(Q.edge_properties())})" for t in RELATION_TYPES],
    ]


# No secondary index in LadybugDB: NameKey {norm} -[:NAMED]-> Entity, so that an exact-name lookup is a
# primary-key read instead of a scan of every entity's norm. Written row by row, anchored.
UNNAME_ENTITY = "MATCH (:NameKey)-[n:NAMED]->(e:Entity {id: $id}) DELETE n"
NAME_ENTITY = "MATCH (k:NameKey {norm: $norm}), (e:Entity {id: $id}) CREATE (k)-[:NAMED]->(e)"
# once, for a store written before NameKey existed (COPY: one transaction of MERGEs overflows the buffer pool at 1M)
BACKFILL_NAME_KEYS = ("COPY NameKey FROM (MATCH (e:Entity) WHERE e.norm IS NOT NULL RETURN DISTINCT e.norm)",
                      "COPY NAMED FROM (MATCH (e:Entity) WHERE e.norm IS NOT NULL RETURN e.norm, e.id)")
NAME_KEY_EXISTS = "MATCH (k:NameKey {norm: $norm}) RETURN k.norm AS norm"
LINK_CLAIM = ("MATCH (c:Claim {id: $id}), (s:Entity {id: $subject}), (t:Entity {id: $object}) "
              "CREATE (c)-[:SUBJECT]->(s) CREATE (c)-[:OBJECT]->(t)")
_FIXED_COLUMNS = {"aliases": "STRING[]"}  # the non-schema columns that are not strings
# Row statements of new nodes, written as one LOAD FROM per batch (EmbeddedStore.load)
CREATE_ENTITY = ("CREATE (:Entity {id: $id, name: $name, type: $type, aliases: CAST($aliases AS STRING[]), "
                 "norm: $norm})")
CREATE_ARTICLE = "CREATE (:Article {id: $id, sha256: $sha256, path: $path, title: $title, ingested_at: $ingested_at})"
CREATE_NAME_KEY = "CREATE (:NameKey {norm: $norm})"
CREATE_CLAIM = "CREATE (c:Claim {{{claim_map}}})"
READ_BATCH_MIN = 32  # fewer rows than this are read one by one, anchored, rather than by one scan
READ_BATCH_ROWS = 20_000  # rows a statement reads or writes at most (a batch of 64 articles holds a few thousand)
LOAD_MIN = 8  # fewer rows than this are written one by one (planning a LOAD FROM costs a few rows' time)
_LOCK_MARKERS = ("Could not set lock", "lock on file")
DB_FILE = "graph.lbug"
LOCK_FILE = "kg.lock"


def _buffer_pool_bytes() -> int:
    """LadybugDB's page cache: KG_BUFFER_POOL_MB, default 1 GiB (it holds every version a long ingest makes)."""
    raw = os.environ.get("KG_BUFFER_POOL_MB") or "1024"
    try:
        return max(64, int(raw)) * 1024 * 1024
    except ValueError:
        raise StoreError(f"KG_BUFFER_POOL_MB={raw!r}: not a whole number of megabytes") from None


def _checkpoint_bytes() -> int:
    """The write-ahead log's size at which a commit checkpoints: KG_CHECKPOINT_MB, default 256 (LadybugDB's
    own 16 MB makes every other batch of an ingest checkpoint, and a checkpoint's time grows with the
    store: 4-11 s each at 25k-100k relations; BENCHMARKS.md, Writes)."""
    raw = os.environ.get("KG_CHECKPOINT_MB") or "256"
    try:
        return max(1, int(raw)) * 1024 * 1024
    except ValueError:
        raise StoreError(f"KG_CHECKPOINT_MB={raw!r}: not a whole number of megabytes") from None


def _lock_timeout() -> float:
    raw = os.environ.get("KG_LOCK_TIMEOUT") or "30"
    try:
        return max(0.0, float(raw))
    except ValueError:
        raise StoreError(f"KG_LOCK_TIMEOUT={raw!r}: not a number of seconds") from None


def _busy(folder: Path) -> StoreBusy:
    return StoreBusy(f"{folder}: the store is busy (another kg process holds its lock); try again when it finishes")


def _take_lock(folder: Path, *, shared: bool, deadline: float) -> int | None:
    """kg's own lock beside the database: writers exclusive, readers shared. LadybugDB locks out a second
    writer but not a reader, which could then read a write-ahead log while it is being appended to."""
    if fcntl is None:
        return None
    try:
        fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        try:  # a store on a read-only medium: nobody can be writing to it
            fd = os.open(folder / LOCK_FILE, os.O_RDONLY)
        except OSError:
            return None
    while True:
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise _busy(folder) from None
            time.sleep(0.1)


def _release_lock(fd: int | None) -> None:
    if fd is not None:
        os.close(fd)  # closing the descriptor releases the flock


_ANCHOR = re.compile(r"\((\w+):\w+ \{[^}]*\}\)")
_VARIABLE = re.compile(r"[(\[](\w+):")


def _arrow_type(schema_type: str):
    """The Arrow type of a column of the schema's type (STRING, DOUBLE, INT64, BOOL, STRING[])."""
    import pyarrow as pa

    types = {"STRING": pa.string(), "DOUBLE": pa.float64(), "INT64": pa.int64(), "BOOL": pa.bool_(), "STRING[]": pa.list_(pa.string())}
    return types[schema_type]


def loaded(row_statement: str, columns: list[str]) -> str:
    """A row statement (``$x`` its parameters) over an Arrow table of rows: ``LOAD FROM $rows``, each ``$x``
    read as the column ``x``; a leading ``MATCH (a:L {k: $x}), (b:M {k: $y})`` becomes one MATCH per anchor,
    each followed by a WITH of the anchors so far and every column. So piped, LadybugDB 0.22 joins each
    anchor on its primary key (13-16 us a row at 100k entities); in the comma form it scans the tables for
    every row once the statement creates a relationship (58 ms a row at 100k). See BENCHMARKS.md, Writes."""
    names = set(_VARIABLE.findall(row_statement))
    if names & set(columns):
        raise ValueError(f"column names {sorted(names & set(columns))} are also variables of: {row_statement[:60]}")
    carried = ", ".join(f"`{c}`" for c in columns)
    at, anchors, parts = 0, [], []
    if row_statement.startswith("MATCH "):
        at = len("MATCH ")
        while m := _ANCHOR.match(row_statement, at):
            anchors.append(m.group(1))
            parts.append(f"MATCH {m.group(0)} WITH {', '.join(anchors)}, {carried}")
            at = m.end()
            if row_statement.startswith("-", at):  # a path from the anchor: the rest of it from the anchor
                parts.append(f"MATCH ({anchors[-1]})")
                break
            if not row_statement.startswith(", ", at):
                break
            at += 2
        if not anchors or row_statement[at:at + 1] not in (" ", "-"):
            raise ValueError(f"not an anchored row statement: {row_statement[:60]}")
    body = " ".join(parts) + ("" if row_statement[at] == "-" else " ") + row_statement[at:].lstrip(" ")
    return "LOAD FROM $rows " + Q.as_columns(body.strip())


@functools.cache
def _column_types() -> dict[str, str]:
    """The schema type of each written column that is not a string (claim, edge and entity columns)."""
    types = {**{p.name: p.type for p in Q.claim_properties()}, **{p.name: p.type for p in Q.edge_properties()}, **_FIXED_COLUMNS}
    return {k: v for k, v in types.items() if v != "STRING"}


def arrow_rows(rows: list[dict[str, Any]], types: dict[str, str]):
    """The rows as an Arrow table, each column typed by its schema type (``types``; STRING when absent), so
    that a column of nulls still has its type."""
    import pyarrow as pa

    names = list(rows[0])
    schema = pa.schema([(n, _arrow_type(types.get(n, "STRING"))) for n in names])
    return pa.Table.from_pylist(rows, schema=schema)


def _rows(result) -> list[dict[str, Any]]:
    cols = unique_columns(result.get_column_names())
    out = []
    while result.has_next():
        out.append(dict(zip(cols, result.get_next())))
    return out


class _Tx:
    def __init__(self, conn):
        self._conn = conn

    def run(self, statement: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return _rows(self._conn.execute(statement, params or {}))

    def run_rows(self, row_statement: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        # row by row: each statement anchored on a primary key (see kg/store/cypher.py)
        out: list[dict[str, Any]] = []
        for row in rows:
            out.extend(_rows(self._conn.execute(row_statement, row)))
        return out

    def batched_rows(self, row_statement: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """A row statement that reads or SETs (never one that creates relationships: that scans per row) over
        many rows: UNWIND batches (one scan of the table joined on the rows' keys: 20-60 us a row at
        10k-100k entities against 150-450 us for one anchored statement a row); a few rows go one by one,
        which costs less than a scan."""
        if len(rows) < READ_BATCH_MIN:
            return self.run_rows(row_statement, rows)
        return self._in_batches(Q.batched(row_statement), rows)

    def load(self, row_statement: str, rows: list[dict[str, Any]], types: dict[str, str] | None = None) -> None:
        """A row statement that writes (creates nodes, creates relationships between anchored nodes, SETs),
        over many rows: ``loaded`` from an Arrow table of the rows (``types``: the non-string columns' schema
        types). Prepared anew for each table (the driver's implicit plan cache would keep every table it was
        given alive; and a re-executed LadybugDB plan fed by a scan has crashed before, see BENCHMARKS.md)."""
        if not rows:
            return
        if len(rows) < LOAD_MIN:
            self.run_rows(row_statement, rows)
            return
        statement = loaded(row_statement, list(rows[0]))
        for i in range(0, len(rows), READ_BATCH_ROWS):
            params = {"rows": arrow_rows(rows[i : i + READ_BATCH_ROWS], types or {})}
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)  # prepare + execute: see the docstring
                prepared = self._conn.prepare(statement, params)
            self._conn.execute(prepared, params)

    def _in_batches(self, statement: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for i in range(0, len(rows), READ_BATCH_ROWS):
            out.extend(self.run(statement, {"rows": rows[i : i + READ_BATCH_ROWS]}))
        return out


class EmbeddedStore(Store):
    backend = "embedded"
    # label(r), not type(r); a relationship MERGE scans its table here, so new edges are CREATEd (see cypher.py)
    fragments = {"rel_type": "label(r)", "create_edge": "CREATE",  # (NEW_EDGE: bench/writes.py's baseline)
                 "entity_by_norm": "MATCH (:NameKey {norm: $norm})-[:NAMED]->(e:Entity)",
                 "alias_contains_w": "lower(list_to_string(' ', e.aliases)) CONTAINS w",
                 "claims_between": "MATCH (s:Entity {id: $source})<-[:SUBJECT]-(c:Claim)-[:OBJECT]->(t:Entity {id: $target})",
                 # a whole-graph read's ends as row numbers of the Entity table: no id looked up per edge
                 # (a third of the time of reading a million edges' ends), ids taken once per entity
                 "entity_ref": "offset(id(e))", "source_ref": "offset(id(s))", "target_ref": "offset(id(t))"}

    def param(self, prop) -> str:
        # LadybugDB infers a parameter's type from its value: a null arrives as STRING, hence the cast
        return f"${prop.name}" if prop.type == "STRING" else f"CAST(${prop.name} AS {prop.type})"

    def __init__(self, folder: str | os.PathLike, *, read_only: bool = False, lock_timeout: float | None = None):
        import ladybug

        self.folder = Path(folder)
        self.location = str(self.folder)
        self.read_only = read_only
        db_path = self.folder / DB_FILE
        if read_only and not db_path.exists():
            raise StoreError(f"{self.folder}: no kg store here yet (run 'kg ingest' first, or pass --store)")
        if db_path.is_file() and db_path.stat().st_size == 0:  # never start over silently on top of it
            raise StoreError(f"{db_path}: the database file is empty (0 bytes), not a kg store; move it away or restore it")
        if not read_only:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StoreError(f"{self.folder}: cannot create the store folder: {e.strerror}") from None
        timeout = _lock_timeout() if lock_timeout is None else lock_timeout
        deadline = time.monotonic() + timeout
        self._lock_fd = _take_lock(self.folder, shared=read_only, deadline=deadline)
        try:
            self._open(ladybug, db_path, deadline)
        except BaseException:
            _release_lock(self._lock_fd)
            self._lock_fd = None
            raise

    def _open(self, ladybug, db_path: Path, deadline: float) -> None:
        read_only = self.read_only
        torn_tried = False
        while True:
            try:
                self._db = ladybug.Database(str(db_path), read_only=read_only, buffer_pool_size=_buffer_pool_bytes())
                break
            except MemoryError:
                raise StoreError(
                    f"{self.folder}: cannot reserve a {_buffer_pool_bytes() // 2**20} MB page cache; lower KG_BUFFER_POOL_MB"
                ) from None
            except RuntimeError as e:
                msg = str(e)
                if read_only and "recovery is pending" in msg:
                    self._finish_checkpoint(db_path, deadline)
                    continue
                if not torn_tried and space.torn_wal(msg, db_path):
                    torn_tried = True  # an ingest killed mid-commit: keep what committed before it, once
                    self._finish_checkpoint(db_path, deadline, torn=True)
                    continue
                if any(m in msg for m in _LOCK_MARKERS):
                    if time.monotonic() < deadline:
                        time.sleep(0.2)
                        continue
                    raise _busy(self.folder) from None
                raise StoreError(f"{self.folder}: cannot open the store: {msg.splitlines()[0]}") from None
        self._conn = ladybug.Connection(self._db)
        self._check_format()
        if not read_only:
            for ddl in _ddl():
                self._conn.execute(ddl)
            self._conn.execute(f"CALL checkpoint_threshold={_checkpoint_bytes()}")  # an int of ours, not user text
            self._backfill_name_keys()

    def _check_format(self) -> None:
        """A store written before claims (edges holding lists of evidence) cannot take claims in place."""
        tables = {r["name"] for r in _rows(self._conn.execute("CALL show_tables() RETURN name"))}
        rel = RELATION_TYPES[0]
        if rel in tables and "Claim" not in tables:
            self.close()
            raise StoreError(f"{self.folder}: written by an older kg (edges without claims); ingest the articles again "
                             "into a new store folder (--store), or keep using that kg version for this one")

    def _finish_checkpoint(self, db_path: Path, deadline: float, *, torn: bool = False) -> None:
        """Finish what a writer left in the write-ahead log under the writer's lock: a checkpoint left pending
        (a disk that filled up), or, with ``torn``, a log whose last transaction was cut short by a writer
        killed mid-commit (that transaction never committed and is dropped; the ones before it stay)."""
        shared = self.read_only
        if shared:
            _release_lock(self._lock_fd)
            self._lock_fd = _take_lock(self.folder, shared=False, deadline=deadline)
        try:
            if space.checkpoint_pending(db_path):
                space.recover(db_path, _buffer_pool_bytes(), torn=torn)
        finally:
            if shared:
                _release_lock(self._lock_fd)
                self._lock_fd = _take_lock(self.folder, shared=True, deadline=deadline)

    def _backfill_name_keys(self) -> None:
        """A store written before NameKey existed gets its name keys once (see kg/store/cypher.py)."""
        if _rows(self._conn.execute("MATCH ()-[n:NAMED]->() RETURN count(n) AS n"))[0]["n"]:
            return
        if not _rows(self._conn.execute("MATCH (e:Entity) RETURN count(e) AS n"))[0]["n"]:
            return
        self._conn.execute("MATCH (k:NameKey) DELETE k")  # left by a backfill that stopped half way
        for statement in BACKFILL_NAME_KEYS:
            self._conn.execute(statement)

    # --- write_articles' steps (kg/store/base.py), inside the one write transaction of a batch. New nodes:
    # one UNWIND ... CREATE a table (no MATCH, so no scan; 0.15 ms a row against 0.3-1 ms for one CREATE a
    # row). Reads and entity updates: UNWIND batches (kg/store/cypher.py's ``batched``). New relationships:
    # row by row, anchored on primary keys, since a list-fed MATCH that creates scans (58 ms a row at 100k
    # entities). COPY is not used: LadybugDB 0.22 checkpoints at the commit of any transaction holding a
    # COPY (the whole store rewritten every batch: 2.7 s of a 64-article batch at 10k entities, measured),
    # and re-executing a cached COPY plan crashes it (the Python driver caches plans: prepare it anew).
    def _read_rows(self, tx, row_statement, rows):
        return tx.batched_rows(row_statement, rows)

    def _upsert_entities(self, tx, rows, old) -> None:
        new = [r for r in rows if r["id"] not in old]
        if new:
            tx.load(CREATE_ENTITY, new, _column_types())
        tx.load(Q.UPDATE_ENTITY, [r for r in rows if r["id"] in old], _column_types())

    def _create_articles(self, tx, rows) -> None:
        if rows:
            tx.load(CREATE_ARTICLE, rows)

    def _create_claims(self, tx, rows) -> None:
        if not rows:
            return
        tx.load(self.statement(CREATE_CLAIM), rows, _column_types())
        tx.load(LINK_CLAIM, [{"id": r["id"], "subject": r["subject"], "object": r["object"]} for r in rows])

    def _create_edges(self, tx, rel_type, rows) -> None:
        tx.load(self.statement(Q.CREATE_EDGE, rel_type), rows, _column_types())

    def _update_edges(self, tx, rel_type, rows) -> None:
        tx.load(self.statement(Q.UPDATE_EDGE, rel_type), rows, _column_types())

    def _create_mentions(self, tx, rows) -> None:
        tx.load(Q.CREATE_MENTION, rows)

    def _index_names(self, tx, rows, old) -> None:
        changed = [r for r in rows if r["id"] not in old or normalize(old[r["id"]].name) != r["norm"]]
        tx.run_rows(UNNAME_ENTITY, [{"id": r["id"]} for r in changed if r["id"] in old])
        norms = [{"norm": n} for n in sorted({r["norm"] for r in changed})]
        have = {r["norm"] for r in tx.batched_rows(NAME_KEY_EXISTS, norms)}
        fresh = [n for n in norms if n["norm"] not in have]
        if fresh:
            tx.load(CREATE_NAME_KEY, fresh)
        tx.load(NAME_ENTITY, [{"norm": r["norm"], "id": r["id"]} for r in changed])

    def close(self) -> None:
        conn, db = getattr(self, "_conn", None), getattr(self, "_db", None)
        self._conn = self._db = None
        if conn is not None:
            conn.close()
        if db is not None:
            db.close()
        _release_lock(getattr(self, "_lock_fd", None))
        self._lock_fd = None
        if db is not None and not self.read_only and space.checkpoint_pending(self.folder / DB_FILE):
            raise StoreError(
                f"{self.folder}: the store's last checkpoint did not finish (is the disk full?); what was committed is "
                "kept in its write-ahead log: free some space, then run any kg command on it to finish"
            )

    def _read(self, statement: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        try:
            return _rows(self._conn.execute(statement, params or {}))
        except RuntimeError as e:
            raise QueryError(f"{self.location}: {str(e).splitlines()[0]}") from None

    # --- columnar reads ---------------------------------------------------------------------------
    def read_columns(self, statement: str, params: dict[str, Any] | None = None, *, keep=None) -> dict[str, list[Any]]:
        """As Arrow when pyarrow is installed: the result leaves LadybugDB as columns, ``keep``'s rows are
        picked out by Arrow's own compute (a join of the key columns looked up in the wanted keys) and only
        those become Python values; without pyarrow, row by row (``Store.read_columns``)."""
        try:
            result = self._conn.execute(statement, params or {})
        except RuntimeError as e:
            raise QueryError(f"{self.location}: {str(e).splitlines()[0]}") from None
        try:
            names = unique_columns(result.get_column_names())
            try:
                import pyarrow  # noqa: F401
            except ImportError:
                return columns_of(names, _row_lists(result), keep)
            table = result.get_as_arrow(chunk_size=-1).rename_columns(names)
        finally:
            result.close()  # its rows sit in LadybugDB's page cache until then
        if keep is None:
            return {n: _pylist(table.column(n)) for n in names}
        key_names, wanted = keep
        if not set(key_names) <= set(names):
            return columns_of(names, (), keep)  # refuses the unknown key columns
        table = _arrow_prefilter(table, keep)
        exact = [i for i, k in enumerate(zip(*(table.column(n).to_pylist() for n in key_names))) if k in wanted]
        if len(exact) < table.num_rows:
            table = table.take(exact)
        return {n: _pylist(table.column(n)) for n in names}

    def edge_reader(self) -> EdgeReader:
        """As Arrow (``Store.edge_reader``): a read's ends arrive as Entity row numbers, turned into codes
        by the entities' rank in id order (one sort of the Entity table's ids, each id one Python string);
        the other columns stay Arrow until their rows are taken."""
        try:
            import numpy as np
            import pyarrow.compute as pc
        except ImportError:
            return super().edge_reader()
        ents = self._arrow(self.statement(Q.ENTITY_REFS))
        order = pc.sort_indices(ents.column("id")).to_numpy()
        refs = ents.column("ref").to_numpy()
        rank = np.zeros(int(refs.max()) + 1 if len(refs) else 0, dtype=np.int64)
        rank[refs[order]] = np.arange(len(order), dtype=np.int64)
        names = ents.column("name").take(order)
        return _ArrowEdgeReader(self, ents.column("id").take(order).to_pylist(), rank,
                                lambda codes: names.take(codes).to_pylist())  # only the answer's entities

    def _arrow(self, statement: str, params: dict[str, Any] | None = None):
        try:
            result = self._conn.execute(statement, params or {})
        except RuntimeError as e:
            raise QueryError(f"{self.location}: {str(e).splitlines()[0]}") from None
        try:
            return result.get_as_arrow(chunk_size=-1).rename_columns(unique_columns(result.get_column_names()))
        finally:
            result.close()

    @contextmanager
    def _transaction(self) -> Iterator[_Tx]:
        if self.read_only:
            raise StoreError(f"{self.location}: the store was opened read-only")
        space.ensure_room(self.folder / DB_FILE)
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

    def _check_plan(self, statement: str, params: dict[str, Any] | None) -> None:
        """The engine's own view, behind the lexical guard: one statement whose plan only reads."""
        try:
            result = self._conn.execute("EXPLAIN " + statement, params or {})
        except RuntimeError as e:
            raise QueryError(f"{self.location}: {str(e).splitlines()[0]}") from None
        if isinstance(result, list):
            raise ReadOnlyViolation(f"{self.location}: refused, kg cypher runs one statement at a time")
        violation = embedded_plan_violation(str(result.get_next()[0]) if result.has_next() else "")
        if violation:
            raise ReadOnlyViolation(f"{self.location}: refused, kg cypher is read-only ({violation})")

    def run_read_only(self, statement: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        check_read_only(statement)
        for key, value in (params or {}).items():
            problem = embedded_param_problem(value)
            if problem:
                raise QueryError(f"{self.location}: parameter ${key} is {problem}")
        self._check_plan(statement, params)
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

    # --- bulk ------------------------------------------------------------------------------------
    def _bulk_write(self, tables) -> None:
        """``COPY`` each table from Parquet files in a temporary folder (needs pyarrow, about ten times
        faster), else from ``UNWIND $rows`` with the rows as a parameter."""
        from kg.store.bulk import name_key_tables, rows

        todo = [("Entity", tables.entities), ("Article", tables.articles), ("MENTIONS", tables.mentions),
                *name_key_tables(tables.entities), ("Claim", tables.claims), ("SUBJECT", tables.subject),
                ("OBJECT", tables.object), *((t, tables.edges[t]) for t in RELATION_TYPES if t in tables.edges)]
        todo = [(name, cols) for name, cols in todo if cols and len(next(iter(cols.values())))]
        types = _column_types()
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            for name, cols in todo:
                returns = ", ".join(f"CAST(r.{k} AS {types[k]})" if types.get(k, "STRING") != "STRING" else f"r.`{k}`" for k in cols)
                self._copy(f"COPY {name} FROM (UNWIND $rows AS r RETURN {returns})", {"rows": list(rows(cols))})
            return
        import tempfile

        with tempfile.TemporaryDirectory(prefix="kg-bulk-") as tmp:
            for name, cols in todo:
                path = _write_parquet(Path(tmp) / f"{name}.parquet", cols, types)
                # COPY takes neither its table nor its file as a parameter: a schema name and our own temp file
                self._copy(f"COPY {name} FROM '{path.as_posix()}'")

    def _copy(self, statement: str, params: dict | None = None) -> None:
        try:
            self._conn.execute(statement, params or {})
        except RuntimeError as e:
            raise StoreError(f"{self.location}: bulk load failed: {str(e).splitlines()[0]}") from None


class _ArrowEdgeReader(EdgeReader):
    def __init__(self, store: "EmbeddedStore", ids: list[str], rank, names):
        self._store, self.ids, self._rank, self._names = store, ids, rank, names

    def read(self, statement: str, params: dict[str, Any] | None = None) -> EdgeTable:
        import numpy as np

        table = self._store._arrow(statement, params)
        if not table.num_rows:
            none = np.zeros(0, np.int64)
            return EdgeTable(self.ids, none, none, [], none, lambda rows: {}, self._names)
        typed = table.column("type").combine_chunks().dictionary_encode()
        types = typed.dictionary.to_pylist()
        by_name = np.argsort(np.argsort(np.array(types, dtype=object)))  # a type's code: its rank by name
        rest = table.drop_columns(["edge_source", "edge_target", "type"])
        take = lambda rows: {n: rest.column(n).take(rows).to_pylist() for n in rest.column_names}  # noqa: E731
        return EdgeTable(self.ids, self._rank[table.column("edge_source").to_numpy()], self._rank[table.column("edge_target").to_numpy()],
                         sorted(types), by_name[typed.indices.to_numpy()], take, self._names)


def _row_lists(result, batch: int = 10_000):
    while result.has_next():
        yield from result.get_n(batch)


def _pylist(column) -> list:
    """An Arrow column's values as a list; a string column's repeated values (the ids at the ends of a
    million edges) become one Python string each, shared by every row holding it."""
    import pyarrow as pa

    column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if len(column) < 1000 or column.null_count or not pa.types.is_string(column.type):
        return column.to_pylist()
    import numpy as np

    encoded = column.dictionary_encode()
    values = np.array(encoded.dictionary.to_pylist(), dtype=object)
    return values[encoded.indices.to_numpy()].tolist()


_KEY_SEP = "\x1f"  # joins a row's key columns for Arrow's lookup; read_columns then checks each kept row exactly


def _arrow_prefilter(table, keep):
    """The rows of ``table`` that may be kept: those whose key columns, joined, are among the wanted keys
    joined the same way (a superset of the kept rows, which read_columns then checks exactly). Only for
    string keys; other tables pass whole."""
    import pyarrow as pa
    import pyarrow.compute as pc

    names, wanted = keep
    if not names or not all(pa.types.is_string(table.schema.field(n).type) for n in names):
        return table
    if not all(isinstance(v, str) for key in wanted for v in key):
        return table
    joined = pc.binary_join_element_wise(*(table.column(n) for n in names), _KEY_SEP)
    values = pa.array([_KEY_SEP.join(key) for key in wanted], type=pa.string())
    return table.filter(pc.is_in(joined, value_set=values))


def _write_parquet(path: Path, cols: dict[str, list], types: dict[str, str]) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrays = {k: pa.array(v, type=_arrow_type(types.get(k, "STRING"))) for k, v in cols.items()}
    pq.write_table(pa.table(arrays), path)
    return path
