"""Reading articles from files, folders and stdin: find them, decode them sensibly, refuse what is not text.

Every refusal is an InputError whose message names the file and the problem in one line.
"""
from __future__ import annotations

import html
import re
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


def collect(paths: list[str]) -> Collected:
    """Expand files, folders (recursively, *.txt and *.md) and ``-`` into sources; problems become failures."""
    out = Collected()
    seen: set[str] = set()
    for p in paths:
        if p == STDIN:
            out.sources.append(Source(path="<stdin>", data=sys.stdin.buffer.read()))
            continue
        path = Path(p)
        if path.is_dir():
            found = sorted(
                f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES and not f.name.startswith(".")
            )
            if not found:
                out.failures.append((p, "folder holds no *.txt or *.md articles"))
            for f in found:
                if str(f) not in seen:
                    seen.add(str(f))
                    out.sources.append(Source(path=str(f)))
        elif path.exists():
            if str(path) not in seen:
                seen.add(str(path))
                out.sources.append(Source(path=str(path)))
        else:
            out.failures.append((p, "no such file or folder"))
    return out


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


def read(source: Source) -> tuple[Article, list[str]]:
    if source.data is None:
        try:
            data = Path(source.path).read_bytes()
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
