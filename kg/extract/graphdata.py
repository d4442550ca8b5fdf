"""kg_graph: the last component. Turns what kg_entities and kg_relations left on the Doc into plain
data (dicts of strings and numbers) in ``doc._.kg_graph``, so that a Doc can cross process boundaries
(``nlp.pipe(..., n_process=N)`` serialises it) and no dataclass rides on a Doc."""
from __future__ import annotations

from dataclasses import asdict

from spacy.language import Language
from spacy.tokens import Doc

from kg.model import Entity, Evidence, Mention, Relation

if not Doc.has_extension("kg_graph"):
    Doc.set_extension("kg_graph", default=None)


@Language.component("kg_graph")
def graph_data(doc: Doc) -> Doc:
    from kg.extract.entities import doc_entities, doc_mentions
    from kg.extract.relations import doc_relations

    doc._.kg_graph = {
        "entities": [asdict(e) for e in doc_entities(doc)],
        "relations": [asdict(r) for r in doc_relations(doc, "")],
        "mentions": [asdict(m) for m in doc_mentions(doc)],
    }
    doc._.kg_entities = None
    doc._.kg_relations = None
    return doc


def from_data(data: dict, article_id: str) -> tuple[list[Entity], list[Relation], list[Mention]]:
    entities = [Entity(**e) for e in data["entities"]]
    relations = []
    for r in data["relations"]:
        evidence = [Evidence(**{**e, "article": article_id}) for e in r.pop("evidence")]
        relations.append(Relation(**r, evidence=evidence))
    mentions = [Mention(**m) for m in data["mentions"]]
    return entities, relations, mentions
