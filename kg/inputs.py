"""Reading articles from files, folders and stdin: find them, decode them sensibly, refuse what is not text.

Every refusal is an InputError whose message names the file and the problem in one line.
"""
from __future__ import annotations

import html
import os
import re
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from kg.errors import InputError
from kg.model import Article

ARTICLE_SUFFIXES = (".txt", ".md")
STDIN = "-"
_MAGIC = {
    b"%PDF": "a PDF",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
}
# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = {
    b"\xff\xfe\x00\x00": "utf-32-le",
    b"\x00\x00\xfe\xff": "utf-32-be",
    b"\xef\xbb\xbf": "utf-8",
    b"\xff\xfe": "utf-16-le",
    b"\xfe\xff": "utf-16-be",
}
_HTML_HINT = re.compile(r"<\s*(html|body|p|div|br|span|article|head|!doctype)\b", re.I)
_TAG = re.compile(r"<[^>]{0,2000}>")


@dataclass
class Source:
    """One article to read: a path on disk, or stdin."""

    path: str
    data: bytes | None = None


@dataclass
class Collected:
    sources: list[Source] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)


def _kind(mode: int) -> str | None:
    """What a non-regular file is, or None for a regular file."""
    for test, what in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return what
    return None if stat.S_ISREG(mode) else "not a regular file"


def _walk(folder: Path, out: Collected, seen: set[str]) -> int:
    """Articles under ``folder``, following folder symlinks once each (a link back up is a loop: one line,
    skipped); non-regular files named like articles get one line each and are never opened."""
    found = 0
    visited: set[tuple[int, int]] = set()
    for root, dirs, files in os.walk(folder, followlinks=True):
        st = os.stat(root)
        if (st.st_dev, st.st_ino) in visited:
            out.failures.append((root, "folder symlink loop (a link back to a folder already read); skipped"))
            dirs[:] = []
            continue
        visited.add((st.st_dev, st.st_ino))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or Path(name).suffix.lower() not in ARTICLE_SUFFIXES:
                continue
            path = os.path.join(root, name)
            try:
                mode = os.stat(path).st_mode
            except OSError as e:
                out.failures.append((path, f"cannot read ({e.strerror})"))
                continue
            what = _kind(mode)
            if what:
                out.failures.append((path, f"{what}, not a regular file; skipped"))
                continue
            found += 1
            real = os.path.realpath(path)
            if real not in seen:
                seen.add(real)
                out.sources.append(Source(path=path))
    return found


def collect(paths: list[str]) -> Collected:
    """Expand files, folders (recursively, *.txt and *.md, through folder symlinks) and ``-`` into sources;
    problems become failures, one line each."""
    out = Collected()
    seen: set[str] = set()
    for p in paths:
        if p == STDIN:
            out.sources.append(Source(path="<stdin>", data=_read_stdin()))
            continue
        try:
            mode = os.stat(p).st_mode
        except FileNotFoundError:
            out.failures.append((p, "no such file or folder"))
            continue
        except OSError as e:
            out.failures.append((p, f"cannot read ({e.strerror})"))
            continue
        if stat.S_ISDIR(mode):
            if not _walk(Path(p), out, seen) and not any(f[0].startswith(p) for f in out.failures):
                out.failures.append((p, "folder holds no *.txt or *.md articles"))
        elif _kind(mode):
            out.failures.append((p, f"{_kind(mode)}, not a regular file; skipped (pipe text in with '-')"))
        elif os.path.realpath(p) not in seen:
            seen.add(os.path.realpath(p))
            out.sources.append(Source(path=str(Path(p))))
    return out


def _read_stdin() -> bytes | None:
    """Standard input, or None when it is closed (``kg ingest - <&-``)."""
    try:
        return sys.stdin.buffer.read()
    except (AttributeError, OSError, ValueError):  # sys.stdin is None, or its file is closed
        return None


def decode(data: bytes, name: str) -> tuple[str, list[str]]:
    """Bytes -> text. Returns the text and warnings (encoding guessed, HTML stripped)."""
    warnings: list[str] = []
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise InputError(name, f"{what}, not a text article")
    bom = next((b for b in _BOMS if data.startswith(b)), None)
    if bom is not None:
        codec = _BOMS[bom]
        try:
            text = data[len(bom):].decode(codec)
        except UnicodeDecodeError:  # a truncated or damaged file: keep what can be read
            text = data[len(bom):].decode(codec, errors="replace")
            warnings.append(f"damaged {codec.upper()} text; unreadable bytes were replaced")
    else:
        if b"\x00" in data[:8192]:
            raise InputError(name, "binary data, not a text article")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
            warnings.append("not UTF-8; decoded as Windows-1252/Latin-1")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\n\t\f\v")
    if control > max(8, len(text[:8192]) // 20):
        raise InputError(name, "binary data, not a text article")
    if _HTML_HINT.search(text[:4096]):
        text = html_to_text(text)
        warnings.append("looked like HTML; tags were stripped")
    if not text.strip():
        raise InputError(name, "empty, no text to ingest")
    return text, warnings


def html_to_text(text: str) -> str:
    text = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", text)
    text = re.sub(r"(?i)<\s*(br|/p|/div|/h[1-6]|/li|/title)\s*/?>", "\n", text)
    text = _TAG.sub(" ", text)
    text = html.unescape(text)
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()


def _read_regular(path: str) -> bytes:
    """A regular file's bytes; opened without blocking, so a FIFO put in its place is refused, not waited on."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        what = _kind(os.fstat(fd).st_mode)
        if what:
            raise InputError(path, f"{what}, not a regular file; skipped")
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read()
    finally:
        os.close(fd)


def read(source: Source) -> tuple[Article, list[str]]:
    if source.path == "<stdin>" and source.data is None:
        raise InputError(source.path, "standard input is closed; nothing to read")
    if source.data is None:
        try:
            data = _read_regular(source.path)
        except PermissionError:
            raise InputError(source.path, "permission denied") from None
        except IsADirectoryError:
            raise InputError(source.path, "is a folder") from None
        except OSError as e:
            raise InputError(source.path, f"cannot read ({e.strerror})") from None
    else:
        data = source.data
    if not data.strip():
        raise InputError(source.path, "empty, no text to ingest")
    text, warnings = decode(data, source.path)
    return Article.from_text(text, source.path), warnings


def read_all(sources: list[Source]) -> Iterator[tuple[Source, Article | None, list[str], str | None]]:
    """Yields (source, article or None, warnings, reason it could not be read or None) in order."""
    for s in sources:
        try:
            article, warnings = read(s)
            yield s, article, warnings, None
        except InputError as e:
            yield s, None, [], e.reason
