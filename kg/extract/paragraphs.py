"""kg_paragraphs: a blank line ends a sentence (headlines, datelines, paragraphs), set before the parser
so that it never joins a headline to the first sentence of the story."""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.lexicon import Lexicon
from kg.extract.truecase import in_capitals, truecase

_lex = Lexicon("sentence_lexicon.json")
NEVER_FINAL = _lex.words("never_final_abbreviations")
CONTINUING = _lex.words("continuing_punctuation")
DOTTED_FORMS = _lex.words("dotted_forms")
FORMS = DOTTED_FORMS | {f.lower() for f in _lex.words("undotted_forms")}


def split_undotted_forms(tokenizer) -> None:
    """'the GmbH.' ending a sentence: the tokenizer keeps a full stop after a capital ("U.S.") on the word,
    so a legal form written without stops ("GmbH", "AG", "LLC") is told to give it back."""
    for form in sorted(_lex.words("undotted_forms")):
        tokenizer.add_special_case(form + ".", [{"ORTH": form}, {"ORTH": "."}])


@Language.component("kg_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    for k in _abbreviation_continuations(doc):
        doc[k].is_sent_start = False
    for i, token in enumerate(doc[:-1]):
        if token.is_space and token.text.count("\n") >= 2 or token.whitespace_ == "" and token.text.endswith("\n\n"):
            doc[i + 1].is_sent_start = True
        elif token.is_space and "\n" in token.text and i > 0 and not doc[i - 1].is_punct and doc[i + 1].is_title:
            # a line without final punctuation followed by a capitalised line: a headline or a dateline
            doc[i + 1].is_sent_start = True
    for k in _speaker_turn_starts(doc):
        doc[k].is_sent_start = True
    for k in _after_dotted_forms(doc):
        doc[k].is_sent_start = True
    for marker, words in _line_item_starts(doc):
        doc[marker].is_sent_start = True
        for k in range(marker + 1, words + 1):
            doc[k].is_sent_start = False  # the marker and the item's first word are one sentence
    return doc


_BULLETS = {"-", "*", "+", "\u2022", "\u2013", "\u2014", "\u25aa", "\u25cf"}
_NUMBER_MARKS = {".", ")", "/"}
_NUMBERED = re.compile(r"\d{1,3}[./)]")
CLOCK_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")  # a feed's or a log's time ("07:34", "[00:02:14]")


def _line_item_starts(doc: Doc) -> list[tuple[int, int]]:
    """Where an item of a list starts, and where its words start: a line opening with a bullet ("- ",
    "\u2022 ") or a number and a mark ("1. ", "2) ", "3/" in a numbered thread). Each item is a statement of its
    own, however its previous line ended ("Key takeaways", "Findings:", an item without a full stop)."""
    out = []
    n = len(doc)
    for i in range(1, n - 2):
        t = doc[i]
        if not _opens_line(doc, i) or t.is_space:
            continue
        if t.text in _BULLETS and t.whitespace_ or _NUMBERED.fullmatch(t.text):
            out.append((i, i + 1))
        elif t.like_num and len(t.text) <= 3 and doc[i + 1].text in _NUMBER_MARKS and not t.whitespace_:
            out.append((i, i + 2))
        elif CLOCK_TIME.fullmatch(t.text):  # a feed's or a log's time ("07:34 *X LENT ...", "09:02 X says")
            b = i + 1
            while b < n and doc[b].text in _BULLETS:
                b += 1
            out.append((i, b))
    return [(a, b) for a, b in out if b < n and not doc[b].is_space]


def _abbreviation_continuations(doc: Doc) -> list[int]:
    """Tokens that go on the sentence of an abbreviation before them: "EUR 8 Mio. in the GmbH", "holds approx.
    55 percent", "a loan of EUR 12,5 Mio. (approx. USD 13,4 Mio.), which": the parser took each full stop
    for a sentence's end. A lower-case word never starts a sentence after a full stop; a number or a bracket
    does not after a short abbreviation. Never across a line break."""
    out = []
    for i in range(1, len(doc) - 1):
        stop, word, nxt = doc[i], doc[i - 1], doc[i + 1]
        if stop.text != "." or word.whitespace_ or not word.is_alpha or "\n" in stop.whitespace_ or nxt.is_space:
            continue
        abbreviation = word.lower_ + "." in NEVER_FINAL or len(word) <= 3
        if word.lower_ + "." in NEVER_FINAL or nxt.is_lower or abbreviation and (nxt.like_num or nxt.text in CONTINUING):
            out.append(i + 1)
    return out


def _after_dotted_forms(doc: Doc) -> list[int]:
    """Where a sentence starts after a legal form that took its full stop ("... by Ardmullen Holdings Ltd.
    Brennoch terminated ..."): a capitalised word that is no legal form itself ("Pte. Ltd." is one name)."""
    out = []
    for i in range(len(doc) - 1):
        t, nxt = doc[i], doc[i + 1]
        if t.lower_ in DOTTED_FORMS and t.whitespace_ and nxt.is_title and nxt.is_alpha \
                and nxt.lower_ not in FORMS and nxt.lower_ + "." not in FORMS:
            out.append(i + 1)
    return out


_LABEL_WORDS = 4  # a speaker label's words at most ("DR ANA BRILL:", "Chief Executive:")


def _opens_line(doc: Doc, i: int) -> bool:
    return i == 0 or "\n" in doc[i - 1].whitespace_ or doc[i - 1].is_space and "\n" in doc[i - 1].text


def _speaker_turn_starts(doc: Doc) -> list[int]:
    """Where a speaker's words start after a label opening the line ("[00:12:03] ANA BRILL: We lent ...",
    "CEO: We ...", "Operator: Thank you"): the label says who speaks and is no part of the sentence."""
    starts = []
    n = len(doc)
    for i in range(n):
        if not _opens_line(doc, i) or doc[i].is_space:
            continue
        k = i
        if doc[k].text == "[":  # a timestamp
            close = next((j for j in range(k + 1, min(k + 6, n)) if doc[j].text == "]"), None)
            if close is None:
                continue
            k = close + 1
        j = k
        while j < n and j - k < _LABEL_WORDS and doc[j].is_alpha and doc[j].text[:1].isupper():
            j += 1
        if k < j < n - 1 and doc[j].text == ":" and "\n" not in doc[j].whitespace_ and not doc[j + 1].is_space:
            starts.append(j + 1)
    return starts


# -- the text the pipeline reads ----------------------------------------------------------------------
# Same length as the article, character for character, so that every offset the pipeline finds is an
# offset into the article as written: Markdown syntax is blanked (a real parser says what is syntax),
# and the line breaks of a hard-wrapped paragraph become spaces.

_LIST_ITEM = re.compile(r"\s*(?:[-*+\u2022]|\d{1,3}[.)]|\[?%s\]?)\s" % CLOCK_TIME.pattern)  # (or a time: a feed's, a log's)
# a speaker label opening a line ("HOST: ...", "[00:12] ANA BRILL: ..."): a new turn, never a wrapped line
_SPEAKER_LINE = re.compile(r"\s*(?:\[[^\]\n]{1,12}\]\s*)?(?:[A-Z][\w'.-]*\s){0,%d}[A-Z][\w'.-]*:\s" % (_LABEL_WORDS - 1))
_LOOKAHEAD = 12  # how far markup may separate two characters of one text run (link targets are skipped whole)


def prose_text(text: str, *, markdown: bool = False) -> str:
    """``text`` as the pipeline should read it, with the same length and offsets."""
    prose = _markdown_prose(text) if markdown else _rejoin_wrapped(text)
    return _truecased(prose, text)


def _truecased(prose: str, text: str) -> str:
    """``prose`` with the case ``kg.extract.truecase`` gives the article's lines in capitals, read on the
    lines as written (both keep every offset: one only blanks or joins, the other only changes case)."""
    cased = truecase(text)
    if cased == text:
        return prose
    return "".join(c if p == t else p for p, t, c in zip(prose, text, cased))


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(i + 1 for i, c in enumerate(text) if c == "\n")
    return starts


def _rejoin_wrapped(text: str) -> str:
    """Single line breaks inside a hard-wrapped paragraph become spaces; a short line (a headline, a
    dateline, a byline) and a line before a list item or a speaker's turn keep theirs."""
    out = list(text)
    lines = text.split("\n")
    starts = _line_starts(text)
    block: list[int] = []
    for k in range(len(lines) + 1):
        if k < len(lines) and lines[k].strip():
            block.append(k)
            continue
        if len(block) >= 2:
            width = max(len(lines[i].rstrip()) for i in block)
            for i, j in zip(block, block[1:]):
                if width >= 12 and _wrapped(lines[i], lines[j], width) and not _LIST_ITEM.match(lines[j]) \
                        and not _SPEAKER_LINE.match(lines[j]) and in_capitals(lines[i]) == in_capitals(lines[j]):
                    # (a wrapped line goes on in the same case: a heading in capitals and the line under it in
                    # another case, "Company number 12874406", are two lines)
                    out[starts[i] + len(lines[i])] = " "
        block = []
    return "".join(out)


def _wrapped(line: str, following: str, width: int) -> bool:
    """Was ``line`` broken only because it was full: near the block's width, or the next word would not
    have fitted on it?"""
    n = len(line.rstrip())
    next_word = len(following.split()[0]) if following.split() else 0
    return n >= 0.6 * width or n + 1 + next_word > 0.9 * width


def _markdown_prose(text: str) -> str:
    from markdown_it import MarkdownIt

    starts = _line_starts(text) + [len(text) + 1]
    keep = ["\n" if c == "\n" else " " for c in text]
    for token in MarkdownIt("commonmark").parse(text):
        if token.type != "inline" or not token.map:
            continue
        begin, end = starts[token.map[0]], min(starts[token.map[1]], len(text))
        _keep_inline(text, begin, end, token.children or [], keep)
    return "".join(keep)


def _keep_inline(text: str, cursor: int, end: int, children, keep: list[str]) -> None:
    """Mark the characters of an inline run's text children, found in order in ``text[cursor:end]``."""
    for child in children:
        if child.type in ("text", "code_inline"):
            for ch in child.content:
                at = text.find(ch, cursor, min(end, cursor + _LOOKAHEAD))
                if at >= 0:
                    keep[at] = ch
                    cursor = at + 1
        elif child.type in ("softbreak", "hardbreak"):
            at = text.find("\n", cursor, end)
            if at >= 0:
                keep[at] = " " if child.type == "softbreak" else "\n"
                cursor = at + 1
        elif child.type == "link_close":
            cursor = _past_link_target(text, cursor, end)
        elif child.type == "image":
            cursor = _past_link_target(text, text.find("]", cursor, end) if "]" in text[cursor:end] else cursor, end)


def _past_link_target(text: str, cursor: int, end: int) -> int:
    """After a link's text: past its '](target)' or '][ref]' part."""
    if text.startswith("](", cursor):
        depth, i = 0, cursor + 2
        while i < end:
            if text[i] == "(":
                depth += 1
            elif text[i] == ")":
                if depth == 0:
                    return i + 1
                depth -= 1
            i += 1
        return cursor
    if text.startswith("][", cursor):
        close = text.find("]", cursor + 2, end)
        return close + 1 if close >= 0 else cursor
    return cursor + 1 if text.startswith("]", cursor) else cursor
