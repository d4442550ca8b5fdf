"""Reliability and security, tried end to end on real stores: bad input, a process killed mid-ingest,
two processes on one store, Neo4j faults, and hostile text and Cypher. Each try has one clear outcome:
good data lands whole, bad data gets one line naming it, nothing is lost and no traceback is shown."""
from __future__ import annotations

import json
import os
import random
import re
import resource
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.model import Article, ArticleGraph, Entity, Evidence, Relation
from tests.conftest import CORPUS, ROOT

runner = CliRunner()


def kg(*args, input=None, env=None):
    return runner.invoke(app, [str(a) for a in args], input=input, env=env, catch_exceptions=False)


_FROZEN: list[Path] = []


def frozen_code() -> Path:
    """A copy of the kg package taken once per session: every kg process a test starts runs the same code,
    even while the checkout is being edited, so that their graphs can be compared."""
    if not _FROZEN:
        import tempfile

        dest = Path(tempfile.mkdtemp(prefix="kg-frozen-"))
        shutil.copytree(ROOT / "kg", dest / "kg", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(ROOT / "queries", dest / "kg" / "queries")
        (dest / "kg" / "queries" / "__init__.py").touch()
        _FROZEN.append(dest)
    return _FROZEN[0]


def subprocess_env(**extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_URI", "KG_STORE", "KG_LOCK_TIMEOUT")}
    env["PYTHONPATH"] = os.pathsep.join([str(frozen_code()), *filter(None, [env.get("PYTHONPATH")])])
    env.update(extra)
    return env


def kg_run(*args, timeout: float = 900, **env) -> subprocess.CompletedProcess:
    """A whole kg process, as a user runs it (and with the code as it is on disk now)."""
    p = kg_proc(*args, **env)
    out, err = p.communicate(timeout=timeout)
    return subprocess.CompletedProcess(p.args, p.returncode, out, err)


def kg_proc(*args, **env) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "kg", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=subprocess_env(**env),
        cwd=frozen_code(),
    )


def article(lender: str, borrower: str, founder: str, amount: int = 12) -> str:
    return (
        f"{lender} lends ${amount} million to {borrower}\n\n"
        f"{lender} lent ${amount} million to {borrower}, the start-up founded by {founder}, in March. "
        f"{founder.split()[-1]} also controls {lender}, according to filings seen by the Harbour Ledger newspaper.\n"
    )


GOOD = article("Torvane Holdings", "Pellucid Labs", "Ines Okonjo")
GOOD_MD = "# " + article("Calloway Trust", "Menhir Analytics", "Petra Vasquez")


def minimal_pdf() -> bytes:
    """A real, valid one-page PDF with a text object (what a scanner or 'Save as PDF' would give)."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        None,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    stream = b"BT /F1 18 Tf 20 100 Td (Acme lent $5 million to Beta.) Tj ET"
    objs[3] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def minimal_png() -> bytes:
    """A real, valid 2x2 RGB PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def export(store) -> dict:
    r = kg("--store", store, "export")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def stderr_lines(r) -> list[str]:
    return [line for line in r.stderr.splitlines() if line.strip()]


def assert_evidence_slices(doc: dict, texts: dict[str, str]) -> None:
    """Every evidence sentence is exactly the article text between its offsets."""
    for rel in doc["relations"]:
        assert rel["evidence"], rel
        for ev in rel["evidence"]:
            text = texts[ev["article"]]
            assert text[ev["start"] : ev["end"]] == ev["sentence"], (rel["type"], ev)


# --- inputs ------------------------------------------------------------------------------------


@pytest.mark.model
def test_a_folder_of_mixed_files_lands_every_readable_article_and_names_each_refusal(tmp_path):
    src = tmp_path / "inbox"
    (src / "nested" / "deeper").mkdir(parents=True)
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    (src / "notes.md").write_text(GOOD_MD, encoding="utf-8")
    (src / "data.json").write_text('{"not": "an article"}')
    (src / "photo.png").write_bytes(minimal_png())  # not *.txt / *.md: not even looked at
    (src / "scan.txt").write_bytes(minimal_pdf())  # a PDF saved under a text name
    (src / "nested" / "image.md").write_bytes(minimal_png())
    (src / "nested" / "empty.txt").write_bytes(b"")
    (src / "nested" / "blank.md").write_bytes(b" \r\n\t\r\n")
    latin = article("Société Quorvane", "Crédit Pellan", "Jérôme Dufresne")
    (src / "nested" / "deeper" / "latin1.txt").write_bytes(latin.encode("cp1252"))
    (src / "nested" / "bom-crlf.txt").write_bytes(b"\xef\xbb\xbf" + article("Harrow Mint", "Osgood Freight", "Lena Marsh").replace("\n", "\r\n").encode())
    utf16 = article("Brindle Capital", "Kessock Mining", "Arjun Pillai")
    (src / "nested" / "utf16.txt").write_bytes(b"\xff\xfe" + utf16.encode("utf-16-le"))
    (src / "nested" / "utf16-truncated.txt").write_bytes(b"\xff\xfe" + article("Yarrow Bank", "Tamsin Foods", "Omar Haddad").encode("utf-16-le") + b"\x41")
    page = "<!doctype html><html><head><title>Loan</title><script>var x = '<p>Ghost Corp lent $1 to Nobody Ltd.</p>';</script></head>"
    page += "<body><p>Fenwick Partners lent $3 million to Aldous Robotics, the start-up founded by Mara Quist.</p></body></html>"
    (src / "page.md").write_text(page, encoding="utf-8")
    (src / "folder.txt").mkdir()  # a folder with an article's name is a folder, not an article
    store = tmp_path / "store"

    r = kg("--store", store, "ingest", src)

    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output
    lines = stderr_lines(r)
    assert all(line.startswith("kg: ") for line in lines), lines
    errors = sorted(line for line in lines if not line.startswith("kg: warning: "))
    assert errors == sorted(
        [
            f"kg: {src / 'scan.txt'}: a PDF, not a text article",
            f"kg: {src / 'nested' / 'image.md'}: a PNG image, not a text article",
            f"kg: {src / 'nested' / 'empty.txt'}: empty, no text to ingest",
            f"kg: {src / 'nested' / 'blank.md'}: empty, no text to ingest",
        ]
    )
    warnings = sorted(line for line in lines if line.startswith("kg: warning: "))
    assert warnings == sorted(
        [
            f"kg: warning: {src / 'nested' / 'deeper' / 'latin1.txt'}: not UTF-8; decoded as Windows-1252/Latin-1",
            f"kg: warning: {src / 'nested' / 'utf16-truncated.txt'}: damaged UTF-16-LE text; unreadable bytes were replaced",
            f"kg: warning: {src / 'page.md'}: looked like HTML; tags were stripped",
        ]
    )
    landed = ["good.txt", "notes.md", "nested/deeper/latin1.txt", "nested/bom-crlf.txt", "nested/utf16.txt", "nested/utf16-truncated.txt", "page.md"]
    assert r.stdout.startswith(f"{len(landed)} articles ingested, 0 already stored")
    assert r.stdout.rstrip().endswith("; 4 input(s) failed")

    doc = export(store)
    assert sorted(a["path"] for a in doc["articles"]) == sorted(str(src / p) for p in landed)
    names = {e["name"] for e in doc["entities"]}
    # decoded, not mangled: accents, BOM gone, UTF-16 read as text, the HTML's script dropped
    assert {"Torvane Holdings", "Calloway Trust", "Harrow Mint", "Brindle Capital", "Fenwick Partners"} <= names
    assert any("Quorvane" in n for n in names) and not any("\ufffd" in n or "Ã" in n for n in names)
    assert not any("Ghost" in n for n in names) and not any(n.startswith("\ufeff") for n in names)
    sentences = [ev["sentence"] for rel in doc["relations"] for ev in rel["evidence"]]
    assert not any("\r" in s or "<p>" in s for s in sentences)
    assert any("Crédit Pellan" in s for s in sentences)


def test_missing_paths_unreadable_files_and_folders_named_like_files_get_one_line_each(tmp_path, monkeypatch):
    good = tmp_path / "good.txt"
    good.write_text("x", encoding="utf-8")
    monkeypatch.setattr("kg.ingest.ingest_articles", _count_articles)
    folder_like_file = tmp_path / "looks-like-an-article.txt"
    folder_like_file.mkdir()
    store = tmp_path / "store"
    args = [good, tmp_path / "missing.txt", folder_like_file]
    expected = [
        f"kg: {tmp_path / 'missing.txt'}: no such file or folder",
        f"kg: {folder_like_file}: folder holds no *.txt or *.md articles",
    ]
    if Path("/proc/self/mem").exists():  # a file that exists and that the OS refuses to read (EIO), even as root
        args.append("/proc/self/mem")
        expected.append("kg: /proc/self/mem: cannot read (Input/output error)")
    r = kg("--store", store, "ingest", *args)
    assert r.exit_code == 2, r.output
    assert stderr_lines(r) == expected
    assert "Traceback" not in r.output
    assert _count_articles.seen == [str(good)]  # the good file still went through


def _count_articles(store, articles, nlp=None, *, report, on_article=None, n_process=1, **kw):
    """Stands in for extraction where a test is about reading files, not about the model."""
    _count_articles.seen = [a.path for a in articles]
    report.articles_added += len(_count_articles.seen)
    return report


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="running as root: chmod 000 does not stop root reading a file")
def test_a_file_without_read_permission_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr("kg.ingest.ingest_articles", _count_articles)
    locked = tmp_path / "locked.txt"
    locked.write_text("Acme lent $5 to Beta.")
    locked.chmod(0)
    try:
        r = kg("--store", tmp_path / "store", "ingest", locked)
    finally:
        locked.chmod(0o644)
    assert r.exit_code == 2
    assert stderr_lines(r) == [f"kg: {locked}: permission denied"]


def test_stdin_that_is_not_text_is_refused_and_nothing_is_stored(tmp_path):
    store = tmp_path / "store"
    r = kg("--store", store, "ingest", "-", input=minimal_png())
    assert r.exit_code == 2
    assert stderr_lines(r) == ["kg: <stdin>: a PNG image, not a text article"]
    assert r.stdout.startswith("0 articles ingested")
    assert json.loads(kg("--store", store, "stats", "--format", "json").stdout)["articles"] == 0


@pytest.mark.model
def test_only_warnings_exit_zero_with_one_line_per_file(tmp_path):
    f = tmp_path / "latin.txt"
    f.write_bytes(article("Société Quorvane", "Crédit Pellan", "Jérôme Dufresne").encode("latin-1"))
    r = kg("--store", tmp_path / "store", "ingest", f)
    assert r.exit_code == 0, r.output
    assert stderr_lines(r) == [f"kg: warning: {f}: not UTF-8; decoded as Windows-1252/Latin-1"]


@pytest.mark.slow
@pytest.mark.model
def test_a_50000_character_sentence_and_an_article_longer_than_a_chunk(tmp_path):
    from kg.extract import CHUNK_CHARS

    clauses = [
        "Torvane Holdings lent $12 million to Pellucid Labs",
        "Ines Okonjo, who founded Pellucid Labs, also controls Torvane Holdings",
        "regulators in several countries asked questions about the transfers",
        "the board of Calloway Trust said it had not been told",
    ]
    rnd = random.Random(3)
    parts, n = [], 0
    while n < 50_000:
        parts.append(rnd.choice(clauses))
        n += len(parts[-1]) + 2
    sentence = ", ".join(parts)[:49_999].rstrip(" ,") + "."
    long_sentence = sentence + "\n"
    paragraphs = [p for f in sorted(CORPUS.glob("*.txt")) for p in f.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    body, size = ["Long article"], 0
    while size < 1.3 * CHUNK_CHARS:
        body.append(paragraphs[len(body) % len(paragraphs)])
        size += len(body[-1]) + 2
    long_article = "\n\n".join(body) + "\n"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "sentence.txt").write_text(long_sentence, encoding="utf-8")
    (tmp_path / "in" / "long.txt").write_text(long_article, encoding="utf-8")
    store = tmp_path / "store"
    r = kg("--store", store, "ingest", tmp_path / "in")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("2 articles ingested")
    doc = export(store)
    texts = {Article.from_text(t, "").id: t for t in (long_sentence, long_article)}
    assert_evidence_slices(doc, texts)
    by_article = {ev["article"] for rel in doc["relations"] for ev in rel["evidence"]}
    assert by_article == set(texts)  # both yielded relations
    # evidence from beyond the first chunk was shifted back to the whole article's offsets
    long_id = Article.from_text(long_article, "").id
    assert max(ev["start"] for rel in doc["relations"] for ev in rel["evidence"] if ev["article"] == long_id) > CHUNK_CHARS


def big_article(size: int) -> str:
    """Varied corpus paragraphs in a seeded random order, until ``size`` characters."""
    paragraphs = [p.strip() for f in sorted(CORPUS.glob("*.txt")) for p in f.read_text(encoding="utf-8").split("\n\n") if len(p.strip()) > 80]
    rnd = random.Random(20)
    out, n = ["A very long article"], 0
    while n < size:
        out.append(rnd.choice(paragraphs))
        n += len(out[-1]) + 2
    return "\n\n".join(out)[:size].rstrip() + "\n"


@pytest.mark.model
@pytest.mark.slow
def test_a_20_mb_article_is_chunked_and_ingested(tmp_path, record_property):
    text = big_article(20_000_000)
    f = tmp_path / "big.txt"
    f.write_text(text, encoding="utf-8")
    store = tmp_path / "store"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.monotonic()
    proc = kg_proc("--store", store, "ingest", f)
    out, err = proc.communicate(timeout=45 * 60)
    seconds = time.monotonic() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    record_property("seconds", round(seconds, 1))
    record_property("peak_rss_mb", round(peak_mb))
    print(f"\n20 MB article: {seconds:.0f} s, peak RSS {peak_mb:.0f} MB (earlier children peaked at {before / 1024:.0f} MB)")
    assert proc.returncode == 0, err
    assert out.startswith("1 articles ingested") and "Traceback" not in err
    doc = export(store)
    aid = Article.from_text(text, "").id
    assert [a["id"] for a in doc["articles"]] == [aid]
    assert_evidence_slices(doc, {aid: text})
    assert max(ev["end"] for rel in doc["relations"] for ev in rel["evidence"]) > 19_000_000


# --- a process killed mid-ingest ------------------------------------------------------------------


def evidence_by_article(doc: dict) -> dict[str, set[tuple]]:
    out: dict[str, set[tuple]] = {}
    for rel in doc["relations"]:
        for ev in rel["evidence"]:
            out.setdefault(ev["article"], set()).add(
                (rel["source"], rel["type"], rel["target"], ev["sentence"], ev["start"], ev["end"])
            )
    return out


def wal_size(store: Path) -> int:
    wal = store / "graph.lbug.wal"
    try:
        return wal.stat().st_size
    except OSError:
        return -1


def kill_after_first_commit(folder: Path, store: Path, extra_delay: float, batch: int) -> tuple[int, str]:
    """Start an ingest that commits every `batch` articles and SIGKILL it just after its first commit, which
    shows as the store's write-ahead log growing again after the quiet while the model loads (nothing is
    added to kg for this)."""
    proc = kg_proc("--store", store, "ingest", folder, KG_WRITE_BATCH=str(batch))
    try:
        size, quiet_since = wal_size(store), time.monotonic()
        deadline = time.monotonic() + 600
        while proc.poll() is None and time.monotonic() < deadline:
            now = wal_size(store)
            if now != size:
                if size >= 0 and time.monotonic() - quiet_since > 1.0:  # grew after the model-loading quiet
                    time.sleep(extra_delay)
                    break
                size, quiet_since = now, time.monotonic()
            time.sleep(0.002)
        proc.send_signal(signal.SIGKILL)
    finally:
        out, err = proc.communicate(timeout=60)
    return proc.returncode, out + err


@pytest.mark.slow
@pytest.mark.model
def test_a_killed_ingest_leaves_whole_articles_and_a_rerun_finishes_the_job(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    files = sorted(CORPUS.glob("*.txt"))[:12]
    for f in files:
        shutil.copy(f, folder / f.name)
    clean = tmp_path / "clean"
    r = kg_run("--store", clean, "ingest", folder)
    assert r.returncode == 0, r.stderr
    clean_doc = export(clean)
    clean_evidence = evidence_by_article(clean_doc)
    order = [Article.from_text(f.read_text(encoding="utf-8"), "").id for f in files]

    tried = []
    for attempt, delay in enumerate((0.0, 0.05, 0.15, 0.3, 0.6, 0.0)):
        store = tmp_path / f"killed-{attempt}"
        code, output = kill_after_first_commit(folder, store, delay, batch=3)
        n = json.loads(kg("--store", store, "stats", "--format", "json").stdout)["articles"] if (store / "graph.lbug").exists() else 0
        tried.append((delay, code, n))
        if 0 < n < len(files):
            break
    else:
        pytest.fail(f"no kill landed mid-ingest in {len(tried)} tries (delay, exit code, articles stored): {tried}")
    assert code == -signal.SIGKILL, output

    # the store opens, and holds a prefix of the articles, each exactly as a clean run stores it
    doc = export(store)
    stored = [a["id"] for a in doc["articles"]]
    assert set(stored) == set(order[: len(stored)]), "articles are written in order; a gap means one was lost"
    assert len(stored) % 3 == 0, "a write batch lands whole or not at all"
    got = evidence_by_article(doc)
    for aid in stored:
        assert got.get(aid, set()) == clean_evidence.get(aid, set()), f"article {aid} is only partly stored"
    assert set(got) <= set(stored)

    r = kg_run("--store", store, "ingest", folder)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"{len(files) - len(stored)} articles ingested, {len(stored)} already stored")
    assert kg("--store", store, "export").stdout == kg("--store", clean, "export").stdout


# --- two processes on one store ---------------------------------------------------------------------


def wait_until_locked(store: Path, proc: subprocess.Popen, timeout: float = 300) -> None:
    from kg.errors import StoreBusy, StoreError
    from kg.store.embedded import EmbeddedStore

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            EmbeddedStore(store, read_only=True, lock_timeout=0).close()
        except StoreBusy:
            return
        except StoreError:  # not created yet
            pass
        time.sleep(0.05)
    raise AssertionError(f"the writer never held the lock (exit {proc.poll()})")


@pytest.mark.slow
@pytest.mark.model
def test_two_writers_and_readers_on_one_store_wait_or_say_busy_and_never_corrupt_it(tmp_path):
    files = sorted(CORPUS.glob("*.txt"))
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, chosen in ((first, files[:4]), (second, files[4:8])):
        folder.mkdir()
        for f in chosen:
            shutil.copy(f, folder / f.name)
    late = tmp_path / "late.txt"
    late.write_text(GOOD, encoding="utf-8")
    store = tmp_path / "store"

    writer = kg_proc("--store", store, "ingest", first)
    wait_until_locked(store, writer)
    waiter = kg_proc("--store", store, "ingest", second, KG_LOCK_TIMEOUT="600")  # waits for the lock
    impatient = kg_proc("--store", store, "ingest", late, KG_LOCK_TIMEOUT="0.5")
    reader = kg_proc("--store", store, "stats", "--format", "json", KG_LOCK_TIMEOUT="0.5")
    out_i, err_i = impatient.communicate(timeout=120)
    out_r, err_r = reader.communicate(timeout=120)
    patient_reader = kg_proc("--store", store, "stats", "--format", "json", KG_LOCK_TIMEOUT="600")
    out_w, err_w = writer.communicate(timeout=600)
    out_2, err_2 = waiter.communicate(timeout=600)
    out_p, err_p = patient_reader.communicate(timeout=600)

    busy = f"kg: {store}: the store is busy (another kg process holds its lock); try again when it finishes"
    for code, out, err in ((impatient.returncode, out_i, err_i), (reader.returncode, out_r, err_r)):
        assert code == 4 and out == "" and err.splitlines() == [busy], (code, out, err)
    assert writer.returncode == 0 and out_w.startswith("4 articles ingested"), err_w
    assert waiter.returncode == 0 and out_2.startswith("4 articles ingested"), err_2
    assert patient_reader.returncode == 0, err_p
    assert json.loads(out_p)["articles"] in (4, 8)  # it took the lock before or after the second writer

    clean = tmp_path / "clean"
    assert kg_run("--store", clean, "ingest", first).returncode == 0
    assert kg_run("--store", clean, "ingest", second).returncode == 0
    assert kg("--store", store, "export").stdout == kg("--store", clean, "export").stdout


def test_readers_share_the_store_and_wait_for_a_writer(tmp_path):
    from kg.errors import StoreBusy
    from kg.store.embedded import EmbeddedStore
    from tests.test_store_contract import graph_one

    writer = EmbeddedStore(tmp_path / "store")
    writer.write_article(graph_one())
    with pytest.raises(StoreBusy):  # LadybugDB alone would let it read a write-ahead log being appended to
        EmbeddedStore(tmp_path / "store", read_only=True, lock_timeout=0.3)
    r = kg("--store", tmp_path / "store", "stats", env={"KG_LOCK_TIMEOUT": "0.3"})
    assert r.exit_code == 4 and stderr_lines(r) == [
        f"kg: {tmp_path / 'store'}: the store is busy (another kg process holds its lock); try again when it finishes"
    ]
    writer.close()
    one, two = EmbeddedStore(tmp_path / "store", read_only=True), EmbeddedStore(tmp_path / "store", read_only=True)
    assert one.stats() == two.stats()
    with pytest.raises(StoreBusy):
        EmbeddedStore(tmp_path / "store", lock_timeout=0.3)
    one.close()
    two.close()
    EmbeddedStore(tmp_path / "store", lock_timeout=0).close()


@pytest.mark.parametrize("value", ["soon", "", "nan?"])
def test_a_bad_lock_timeout_is_one_line(tmp_path, value):
    r = kg("--store", tmp_path / "store", "ingest", tmp_path / "missing.txt", env={"KG_LOCK_TIMEOUT": value})
    if value == "":  # unset in effect: the default
        assert r.exit_code == 2 and "no such file" in r.stderr, r.output
        return
    assert r.exit_code == 3 and stderr_lines(r) == [f"kg: KG_LOCK_TIMEOUT={value!r}: not a number of seconds"]


# --- Neo4j faults the end-to-end tests do not cover ------------------------------------------------


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_ingest_into_a_neo4j_that_is_down_is_one_line_exit_5_and_writes_nothing_anywhere(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    uri = f"bolt://127.0.0.1:{closed_port()}"
    t0 = time.monotonic()
    r = kg("--neo4j", uri, "ingest", tmp_path / "a.txt")
    assert r.exit_code == 5
    [line] = stderr_lines(r)
    assert uri in line and "cannot reach Neo4j" in line
    assert r.stdout == "" and "Traceback" not in r.output
    assert time.monotonic() - t0 < 60  # refused before any extraction work
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]  # no fallback to an embedded ./kg-data
    r = kg("ingest", tmp_path / "a.txt", env={"NEO4J_URI": uri})  # the same through the environment
    assert r.exit_code == 5 and len(stderr_lines(r)) == 1


@pytest.mark.parametrize("uri", ["http://127.0.0.1:7474", "neo4j://[::1", "not a uri", "bolt://127.0.0.1:99999"])
def test_unusable_neo4j_uris_are_one_line(uri, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = kg("--neo4j", uri, "stats")
    assert r.exit_code == 5, r.output
    assert len(stderr_lines(r)) == 1 and "Traceback" not in r.output
    assert not (tmp_path / "kg-data").exists()


@pytest.mark.neo4j
def test_ingest_with_wrong_neo4j_credentials_writes_nothing(neo4j_store, neo4j_uri, tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    before = neo4j_store.stats()
    r = kg("--neo4j", neo4j_uri, "ingest", tmp_path / "a.txt", env={"NEO4J_PASSWORD": "wrong-Zq-17"})
    assert r.exit_code == 5 and len(stderr_lines(r)) == 1 and "credentials" in r.stderr
    assert "wrong-Zq-17" not in r.output
    assert neo4j_store.stats() == before


# --- hostile text and hostile Cypher -------------------------------------------------------------

XSS = '<script>alert("kg-xss")</script>'
HOSTILE = (
    "Quorvex Holdings lends $7 million to O'Hara `Backtick` Capital\n\n"
    'Quorvex Holdings lent $7 million to O\'Hara Capital, the fund founded by Mirela "Mimi" Dunsany, in May. '
    f"{XSS} Dunsany also controls Quorvex Holdings, according to filings.\n"
    "Robert'); MATCH (n) DETACH DELETE n; // Ventures transferred $2 million to Zelnor Labs}) RETURN 1 //, the filings show.\n"
    "Zelnor Labs was founded by Ada <img src=x onerror=alert(2)> Brightwater.\n"
)


@pytest.mark.slow
@pytest.mark.model
def test_hostile_article_text_is_stored_exported_and_drawn_as_plain_data(tmp_path):
    f = tmp_path / "hostile.txt"
    f.write_text(HOSTILE, encoding="utf-8")
    store = tmp_path / "store"
    r = kg("--store", store, "ingest", f)
    assert r.exit_code == 0, r.output
    doc = export(store)
    aid = Article.from_text(HOSTILE, "").id
    assert_evidence_slices(doc, {aid: HOSTILE})
    sentences = {ev["sentence"] for rel in doc["relations"] for ev in rel["evidence"]}
    assert any(XSS in s for s in sentences)  # stored verbatim, not stripped and not executed
    names = {e["name"] for e in doc["entities"]}
    assert {"Quorvex Holdings", "O'Hara Capital", "Zelnor Labs"} <= names
    assert any('"' in n for n in names) and any("`" in n for n in names)
    assert len(doc["articles"]) == 1  # the Cypher in the text deleted nothing

    out = tmp_path / "view.html"
    r = kg("--store", store, "view", "--out", out)
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    assert XSS not in page and "<img src=x" not in page
    assert "kg-xss" in page  # it is there, as escaped data
    for name in ("O'Hara Capital", 'Mirela "Mimi" Dunsany', "O'Hara `Backtick` Capital"):
        assert name in names
        r = kg("--store", store, "view", name, "--out", tmp_path / "one.html")
        assert r.exit_code == 0, r.output
        assert XSS not in (tmp_path / "one.html").read_text(encoding="utf-8")
    r = kg("--store", store, "explain", "Quorvex Holdings", "O'Hara Capital", "--format", "json")
    assert r.exit_code == 0, r.output
    r = kg("--store", store, "cypher", "MATCH (e:Entity) WHERE e.name = $n RETURN e.id AS id", "--param", "n=O'Hara `Backtick` Capital", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout) == [{"id": "organization:ohara-backtick-capital"}], r.output


HOSTILE_STRINGS = [
    "O'Brien \"The Fixer\" `Holdings`",
    "'}) MATCH (n) DETACH DELETE n //",
    '"; DROP TABLE Entity; --',
    "`) CREATE (x:Pwned) //",
    "$rows {id: 'x'} \\' \\\" \\\\",
    XSS,
    "<img src=x onerror=alert(1)>",
    "line one\nline two\r\n\ttabbed",
    "/* comment */ // comment",
    "Ünïcödé 名前 🙂 \u202eevil\u202c \u200b",
]


def hostile_graph() -> ArticleGraph:
    text = "\n".join(HOSTILE_STRINGS)
    art = Article.from_text(text, "hostile/'path\".txt")
    ents = [Entity(f"organization:hostile-{i}", s, "Organization", [s]) for i, s in enumerate(HOSTILE_STRINGS)]
    rels, pos = [], 0
    for i, s in enumerate(HOSTILE_STRINGS):
        ev = Evidence(art.id, s, pos, pos + len(s))
        pos += len(s) + 1
        rels.append(Relation(ents[i].id, ents[(i + 1) % len(ents)].id, "TRANSFERRED_TO", [ev], 1.0, s, "alleged", 0.5))
    return ArticleGraph(article=art, entities=ents, relations=rels)


def test_hostile_names_aliases_and_evidence_round_trip_through_every_store(any_store):
    g = hostile_graph()
    assert any_store.write_article(g) == (len(g.entities), len(g.relations))
    out = any_store.export()
    assert {(e.id, e.name, tuple(sorted(e.aliases))) for e in out.entities} == {(e.id, e.name, tuple(sorted(e.aliases))) for e in g.entities}
    got = {(r.source, r.target, r.amount_text, tuple((e.sentence, e.start, e.end) for e in r.evidence)) for r in out.relations}
    assert got == {(r.source, r.target, r.amount_text, tuple((e.sentence, e.start, e.end) for e in r.evidence)) for r in g.relations}
    assert [a.path for a in out.articles] == [g.article.path]
    text = "\n".join(HOSTILE_STRINGS)
    assert all(text[e.start : e.end] == e.sentence for r in out.relations for e in r.evidence)
    assert any_store.stats()["articles"] == 1


# Every kind of write, and writes dressed up to slip past a word check.
WRITES = [
    "CREATE (n:Entity {id: 'x', name: 'x'})",
    "MERGE (n:Entity {id: 'x'})",
    "MATCH (n:Entity) SET n.name = 'pwned'",
    "MATCH (n:Entity) SET n += {name: 'pwned'}",
    "MATCH (n:Entity) DELETE n",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n:Entity) REMOVE n.name",
    "DROP TABLE Entity",
    "DROP INDEX kg_entity_norm",
    "DROP CONSTRAINT kg_entity_id",
    "CREATE INDEX pwned FOR (n:Entity) ON (n.aliases)",
    "ALTER TABLE Entity ADD pwned INT64",
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "LOAD FROM '/etc/passwd' RETURN *",
    "COPY Entity FROM '/tmp/pwned.csv'",
    "COPY (MATCH (n) RETURN n) TO '/tmp/pwned.csv'",
    "EXPORT DATABASE '/tmp/pwned'",
    "IMPORT DATABASE '/tmp/pwned'",
    "INSTALL httpfs",
    "LOAD EXTENSION httpfs",
    "ATTACH '/tmp/other' AS other (dbtype lbug)",
    "CHECKPOINT",
    "BEGIN TRANSACTION",
    "CALL db.createLabel('Pwned')",
    "CALL db.clearQueryCaches()",
    "CALL dbms.setConfigValue('db.logs.query.enabled', 'off')",
    "CALL dbms.security.createUser('mallory', 'x', false)",
    "CALL apoc.create.node(['Pwned'], {})",
    "CALL apoc.cypher.runWrite('CREATE (n:Pwned)', {})",
    "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', {})",
    "CALL db.labels() YIELD label CREATE (n:Pwned)",
    "MATCH (n) /* */ SET n.name = 'pwned'",
    "MATCH (n) // just reading\nSET n.name = 'pwned'",
    "MATCH (n:Entity) WHERE n.name = '/*' SET n.name = 'pwned' RETURN '*/'",
    "MATCH (n:Entity) WHERE n.name = '//' SET n.name = 'pwned'",
    "MATCH (n:Entity) WHERE n.name = 'it\\'s' SET n.name = 'pwned'",
    'MATCH (n:Entity) WHERE n.name = "a\'b" SET n.name = \'pwned\'',
    "MATCH (n:`Entity`) SET n.`name` = 'pwned'",
    "create (n:Entity {id: 'x'})",
    "match (n) detach delete n",
    "MaTcH (n) DeTaCh DeLeTe n",
    "MATCH (n)\u00a0SET\u00a0n.name = 'pwned'",
    "MATCH (n)\u2003DETACH\u2003DELETE\u3000n",
    "MATCH (n)\tSET\x0bn.name = 'pwned'",
    "MATCH (n) RETURN n; CREATE (m:Entity {id: 'y'})",
    "MATCH (n) RETURN count(n);MATCH (m) DETACH DELETE m",
    "MATCH (n:Entity) FOREACH (x IN [1] | SET n.name = 'pwned')",
    "CALL { CREATE (n:Entity {id: 'x'}) RETURN n } RETURN 1",
    "CALL{CREATE (n:Entity {id: 'x'})}",
    "CALL () { CREATE (n:Entity {id: 'x'}) } RETURN 1",
    "MATCH (n) CALL { WITH n SET n.name = 'pwned' } RETURN n",
    "MATCH (n) RETURN n.name AS name UNION MATCH (m) SET m.name = 'pwned' RETURN m.name AS name",
    "UNWIND [1, 2] AS x CREATE (n:Entity {id: toString(x)})",
    "WITH 1 AS x CALL apoc.do.when(true, 'CREATE (n)', '', {}) YIELD value RETURN value",
    "CREATE DATABASE pwned",
    "USE system CREATE USER mallory SET PASSWORD 'x'",
]
# Not Cypher at all once the tricks are read literally: the engine refuses to parse them, which runs nothing.
GARBLED = [
    "\uff23\uff32\uff25\uff21\uff34\uff25 (n:Entity {id: 'x'})",  # full-width letters
    "CR\u200bEATE (n:Entity {id: 'x'})",  # a zero-width space inside the word
]
READS = [
    ("MATCH (n:Entity) WHERE n.name = 'CREATE' RETURN count(n) AS c", 0),
    ("MATCH (n:Entity) WHERE n.name = 'DETACH DELETE n; SET x = 1' RETURN count(n) AS c", 0),
    ("MATCH (n:Entity) WHERE n.name = \"MERGE\" OR n.name = 'it\\'s' RETURN count(n) AS c", 0),
    ("MATCH (n:Entity) // SET n.name = 'x'\nRETURN count(n) AS c", 3),
    ("MATCH (n:Entity) /* DELETE n */ RETURN count(n) AS c", 3),
    ("MATCH (n:Entity) WHERE n.name CONTAINS ';' RETURN count(n) AS c", 0),
    ("MATCH (n:Entity) WHERE n.name = $name RETURN count(n) AS c;", 1),
    ("match (n:Entity) return count(n) as c", 3),
    ("MATCH (n:Entity) WITH n.name AS settled, n.id AS created RETURN count(settled) AS c", 3),
]


@pytest.fixture
def populated(any_store):
    from tests.test_store_contract import graph_one

    any_store.write_article(graph_one())
    return any_store


def test_kg_cypher_refuses_every_kind_of_write_and_changes_nothing(populated):
    from kg.errors import QueryError, ReadOnlyViolation

    before = populated.export()
    not_refused = []
    for q in WRITES:
        try:
            populated.run_read_only(q, {})
            not_refused.append(q)
        except ReadOnlyViolation:
            pass
    for q in GARBLED:
        with pytest.raises((ReadOnlyViolation, QueryError)):
            populated.run_read_only(q, {})
    assert not_refused == []
    assert populated.export() == before


def test_kg_cypher_still_runs_reads_that_mention_write_words(populated):
    name = populated.entities()[0].name
    for q, expected in READS:
        assert populated.run_read_only(q, {"name": name}) == [{"c": expected}], q


@pytest.mark.slow
def test_kg_cypher_on_the_command_line_refuses_writes_with_exit_6(populated, request):
    args = ["--neo4j", request.getfixturevalue("neo4j_uri")] if populated.backend == "neo4j" else ["--store", str(populated.folder)]
    if populated.backend == "embedded":
        populated.close()  # the command line opens it read-only, as an investigator would
    results = {}
    for q in WRITES:
        r = kg(*args, "cypher", q)
        if r.exit_code != 6 or len(stderr_lines(r)) != 1 or "Traceback" in r.output:
            results[q] = (r.exit_code, r.output)
    for q in GARBLED:
        r = kg(*args, "cypher", q)
        if r.exit_code not in (6, 7):
            results[q] = (r.exit_code, r.output)
    assert results == {}
    r = kg(*args, "stats", "--format", "json")
    assert json.loads(r.stdout) == {"articles": 1, "entities": {"Organization": 2, "Person": 1}, "relations": json.loads(r.stdout)["relations"]}
    r = kg(*args, "cypher", "MATCH (n:Entity) WHERE n.name = 'CREATE' OR n.type = $t RETURN n.name AS name", "-p", "t=Person", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout) == [{"name": "Odile Marchetti"}], r.output
