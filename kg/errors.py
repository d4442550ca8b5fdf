"""One exception hierarchy; the CLI turns each into a one-line message and an exit code."""
from __future__ import annotations


class KgError(Exception):
    """Base of every error kg reports to the user. ``str(err)`` is the one line shown."""

    exit_code = 1


class InputError(KgError):
    """An article that cannot be read or is not text (missing, binary, empty)."""

    exit_code = 2

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class StoreError(KgError):
    """The store could not be opened, read or written."""

    exit_code = 3


class StoreBusy(StoreError):
    """Another process holds the embedded store's lock."""

    exit_code = 4


class Neo4jUnavailable(StoreError):
    """Neo4j could not be reached or refused the credentials."""

    exit_code = 5


class ReadOnlyViolation(KgError):
    """A write was attempted through a read-only entry point (``kg cypher``)."""

    exit_code = 6


class QueryError(KgError):
    """A query could not be run (bad Cypher, bad parameter)."""

    exit_code = 7


class NotFound(KgError):
    """A name matched no entity."""

    exit_code = 8


class AmbiguousName(KgError):
    """A name matched several entities; the message lists the candidates."""

    exit_code = 9

    def __init__(self, name: str, candidates: list[str]):
        self.name = name
        self.candidates = candidates
        super().__init__(f"'{name}' is ambiguous: " + "; ".join(candidates))


class JudgementError(KgError):
    """A merge, unmerge or distinct judgement that cannot be carried out (named entities, and why)."""

    exit_code = 12


class ModelError(KgError):
    """The spaCy English pipeline could not be loaded."""

    exit_code = 10


class OutputError(KgError):
    """An output file (``--out``, ``--html``, ``--output``) could not be written."""

    exit_code = 11


class ClusterError(KgError):
    """``kg ingest --scheduler``: a scheduler given wrongly, or a cluster that could not be reached or started."""

    exit_code = 13
