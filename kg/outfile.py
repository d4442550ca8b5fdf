"""Writing the files kg is asked to write (``--out``, ``--html``, ``--output``) without harming anything else.

A regular file is replaced whole or not at all: the text goes to a randomly named temporary file created
exclusively in the target's own folder (``tempfile.mkstemp``, so a planted ``OUT.tmp`` symlink is never
followed), then is renamed over the target. A FIFO or a character device (``/dev/null``, ``/dev/stdout``,
a terminal) is written in place, never replaced. A missing parent folder is made; a folder, a block
device, a socket or a parent that cannot be made is refused with one line. ``-`` is standard output.
"""
from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path

from kg.errors import OutputError

STDOUT = "-"


def _in_place(path: Path, data: bytes) -> None:
    with open(path, "wb", buffering=0) as f:  # no O_CREAT race: the node exists and is not a regular file
        f.write(data)


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _replace(target: Path, data: bytes) -> None:
    mode = target.stat().st_mode & 0o7777 if target.exists() else _umask_mode()
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _make_parent(given: Path, parent: Path) -> None:
    """A missing parent folder is made, as before; one that cannot be made is one line."""
    if parent.is_dir():
        return
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        blocker = next((p for p in [parent, *parent.parents] if p.exists() and not p.is_dir()), None)
        why = f"{blocker} is not a folder" if blocker else (e.strerror or str(e))
        raise OutputError(f"{given}: cannot create the folder {parent}: {why}") from None


def write_output(path: str | os.PathLike, text: str) -> str:
    """Write ``text`` (UTF-8) to ``path``; returns where it went, for the 'wrote …' line."""
    if str(path) == STDOUT:
        sys.stdout.write(text)
        sys.stdout.flush()
        return "standard output"
    given = Path(path).expanduser()
    data = text.encode("utf-8")
    try:
        target = Path(os.path.realpath(given))  # through a symlink to the file it names
        try:
            st = os.stat(target)
        except (FileNotFoundError, NotADirectoryError):
            st = None
        if st is not None and stat.S_ISDIR(st.st_mode):
            raise OutputError(f"{given}: is a folder; give a file name to write to")
        if st is not None and (stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode)):
            _in_place(target, data)
            return str(given)
        if st is not None and not stat.S_ISREG(st.st_mode):
            raise OutputError(f"{given}: not a regular file, a FIFO or a character device; refusing to write to it")
        _make_parent(given, target.parent)
        _replace(target, data)
    except OSError as e:
        raise OutputError(f"{given}: cannot write: {e.strerror or e}") from None
    return str(target)
