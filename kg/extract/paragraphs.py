"""kg_paragraphs: a blank line ends a sentence (headlines, datelines, paragraphs), set before the parser
so that it never joins a headline to the first sentence of the story."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("kg_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    for i, token in enumerate(doc[:-1]):
        if token.is_space and token.text.count("\n") >= 2 or token.whitespace_ == "" and token.text.endswith("\n\n"):
            doc[i + 1].is_sent_start = True
        elif token.is_space and "\n" in token.text and i > 0 and not doc[i - 1].is_punct and doc[i + 1].is_title:
            # a line without final punctuation followed by a capitalised line: a headline or a dateline
            doc[i + 1].is_sent_start = True
    return doc
