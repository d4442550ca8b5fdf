"""REPORTED_ON as a frame read around the publication: a helper of ``kg_relations`` (relations.py), run on
each sentence after the trigger rules, not a pipeline component of its own.

A publication or research firm P reports on the parties its report is about, however the sentence words it:
  - P as the subject of a reporting verb: "P reported that Y ...", "P first revealed Y's losses";
  - P as the place or author of a report noun: "a report in P that Y ...", "a piece in P claiming Y ...",
    "articles published by P concerning Y", "a report by P alleged that Y ...";
  - P's relative clause: "P, which first reported the problems of Y", "P, which claims that Y ...";
  - a source clause: "according to P, Y ...", "analysts at P reckon that Y ...".
The parties reported on are the subjects of the reported clause, else the topic of the report ("reported on
the links between A and B"), looked through amounts, possessors and names (``_mentions_for``). Weak verbs
("claim", "describe", "trace") and source clauses count only for a party named or described as a publication
or a research firm (word classes in ``schema/reporting_lexicon.json``).
"""
from __future__ import annotations

from kg.extract.lexicon import Lexicon

_lex = Lexicon("reporting_lexicon.json")
REPORT_VERBS = _lex.words("report_verbs")
CLAIM_VERBS = _lex.words("claim_verbs")
REPORT_NOUNS = _lex.words("report_nouns")
REPORT_NOUN_VERBS = _lex.words("report_noun_verbs")
NAMING_VERBS = _lex.words("naming_verbs")
TOPIC_PREPS = _lex.words("topic_preps")
LOOK_THROUGH_PREPS = _lex.words("look_through_preps")
SOURCE_PREPS = _lex.words("source_preps")
PUBLICATION_NOUNS = _lex.words("publication_nouns")
RESEARCH_NOUNS = _lex.words("research_nouns")
RESEARCH_KINDS = _lex.words("research_kinds")
PUBLICATION_NAME_WORDS = Lexicon("entity_lexicon.json").words("publication_name_words")  # (entities reads them too)
ACCORDING_WORDS = _lex.words("according_words")
REL_PRONOUNS = {"which", "that", "who"}
CONFIDENCE = 0.7


def _lemma(t) -> str:
    return t.lemma_.lower()


def _kids(t, *deps) -> list:
    return [c for c in t.children if c.dep_ in deps]


def is_publication(ctx, m) -> bool:
    """A party named or described as a publication or research firm: "the newspaper X", "X, a news site",
    "Newspaper X", "the research firm X", "analysts at X", a name ending in "Post", "Gazette", "Analytics"."""
    words = m.text.lower().replace("'s", "").split()
    if words and words[-1] in PUBLICATION_NAME_WORDS:
        return True
    root = m.root
    near = [root.head] if root.dep_ in ("appos", "compound", "pobj") else []
    near += _kids(root, "appos")
    doc = m.doc
    near += [doc[k] for k in range(max(m.sent.start, m.start - 3), m.start)]
    for n in list(near):
        near += _kids(n, "compound", "amod")
    return any(_lemma(n) in PUBLICATION_NOUNS or n.lower_ in RESEARCH_KINDS for n in near if n.i < m.start or n.i >= m.end)


def _content_of_verb(v) -> list:
    """The tokens a reporting verb's report is about: its reported clause's subjects, else its topic and object."""
    from kg.extract.status import SAY_VERBS
    clauses = sorted(_kids(v, "ccomp"), key=lambda c: (c.i < v.i, abs(c.i - v.i)))[:1]
    out = []
    for c in clauses:
        inner = _kids(c, "ccomp") if _lemma(c) in SAY_VERBS else []
        for clause in inner or [c]:
            out += [s for s in _kids(clause, "nsubj", "nsubjpass") if s.lower_ not in REL_PRONOUNS]
    if out:
        return out
    for o in _kids(v, "dobj", "attr", "oprd"):
        out += [o] if _lemma(o) not in REPORT_NOUNS else _content_of_noun(o)
    out += [p for c in _kids(v, "prep") if c.lower_ in TOPIC_PREPS for p in _kids(c, "pobj")]
    return out


def _content_of_noun(n) -> list:
    """What a report noun is about: its topic ("an investigation into Y"), the clause it frames ("a report
    that Y ...", "a piece claiming Y ...", "articles which questioned Y's loans")."""
    out = []
    for p in (p for c in _kids(n, "prep") if c.lower_ in TOPIC_PREPS for p in _kids(c, "pobj")):
        out += _content_of_noun(p) if _lemma(p) in REPORT_NOUNS else [p]  # "a series of news about Y"
    # "an article in P in September, which claimed that Y ...": the clause may hang on the date or the paper
    hung = [c for pr in _kids(n, "prep") for p in _kids(pr, "pobj") for c in _kids(p, "relcl")
            if any(s.lower_ in REL_PRONOUNS for s in _kids(c, "nsubj"))]
    if n.dep_ == "pobj" and not hung:  # or on the verb the report noun's phrase hangs on
        hung = [c for c in _kids(n.head.head, "advcl", "relcl") if c.i > n.i and _lemma(c) in REPORT_VERBS | CLAIM_VERBS
                and any(s.lower_ in REL_PRONOUNS for s in _kids(c, "nsubj"))]
    for c in _kids(n, "acl", "relcl", "ccomp") + hung:
        subj = [s for s in _kids(c, "nsubj", "nsubjpass") if s.lower_ not in REL_PRONOUNS]
        out += subj if subj and c.dep_ != "relcl" else _content_of_verb(c)
    # "There was a piece in P this week claiming Y ...": the reporting participle hung on the clause
    if n.dep_ in ("attr", "dobj", "nsubj"):
        out += [x for c in _kids(n.head, "advcl", "xcomp") if _lemma(c) in REPORT_VERBS | CLAIM_VERBS
                for x in _content_of_verb(c)]
    return out


def _reporting_verb(v, weak_ok) -> bool:
    """``weak_ok``: whether a weak verb counts (a callable: asked only when one is met)."""
    lemma = _lemma(v)
    if v.pos_ not in ("VERB", "AUX") or any(p.lower_ not in TOPIC_PREPS for p in _kids(v, "prt")):
        # a phrasal verb is another verb ("wrote down"), but "reported on" is reporting
        return False
    if lemma in REPORT_VERBS or (lemma in CLAIM_VERBS and weak_ok()):
        return True
    return lemma in REPORT_NOUN_VERBS and any(_lemma(o) in REPORT_NOUNS for o in _kids(v, "dobj"))


def _anchors(root, pub, name_root=None) -> list:
    """The verbs and report nouns whose report the party at ``root`` gives, with the content of each."""
    out = []
    subj_of = root.head if root.dep_ in ("nsubj", "nsubjpass") else None
    if root.dep_ == "pobj" and root.head.lower_ == "at" and _lemma(root.head.head) in RESEARCH_NOUNS \
            and root.head.head.dep_ == "nsubj":
        subj_of = root.head.head.head  # "analysts at P reckon that ..."
    if subj_of is not None and root.dep_ == "nsubj" and _reporting_verb(subj_of, pub):
        out.append((subj_of, _content_of_verb(subj_of)))
    for r in _kids(root, "relcl") + (_kids(name_root, "relcl") if name_root is not None and name_root is not root else []):
        # "P, which first reported ..."
        if any(s.lower_ in REL_PRONOUNS for s in _kids(r, "nsubj")) and _reporting_verb(r, pub):
            out.append((r, _content_of_verb(r)))
    if root.dep_ == "poss" and _lemma(root.head) in REPORT_NOUNS and root.head.pos_ == "NOUN":
        out.append((root.head, _content_of_noun(root.head)))  # "the Ledgerford Courier's report, which alleged that Y"
    for a in _own_report_nouns(name_root if name_root is not None else root):  # "P, whose article named A and B"
        verbs = _kids(a, "acl", "relcl") + ([a.head] if a.dep_ in ("nsubj", "nsubjpass") else [])
        out += [(v, _content_of_verb(v)) for v in verbs if v.pos_ == "VERB" and v.i > a.i
                and (_reporting_verb(v, lambda: True) or _lemma(v) in NAMING_VERBS)]
    prep = root.head if root.dep_ == "pobj" else None
    if prep is not None and prep.lower_ in SOURCE_PREPS:
        holder = prep.head
        if holder.dep_ == "acl" and holder.lower_ != "according":  # "articles published by P"
            holder = holder.head if _lemma(holder.head) in REPORT_NOUNS else holder
        if _lemma(holder) in REPORT_NOUNS and holder.pos_ != "VERB":
            content = _content_of_noun(holder)
            if holder.dep_ == "nsubj" and _reporting_verb(holder.head, lambda: True):
                content += _content_of_verb(holder.head)  # "a report by P alleged that Y ..."
            content += [p for c in _kids(root, "prep") if c.lower_ in TOPIC_PREPS - {"of"} for p in _kids(c, "pobj")]
            out.append((holder, content))
        elif prep.dep_ == "agent" and _reporting_verb(holder, pub):  # "was first published by P"
            # (and what was reported: "The investigation was first reported by P", "the X matter had been reported on")
            out.append((holder, _content_of_verb(holder) + _kids(holder, "nsubjpass")))
        elif prep.dep_ == "agent" and holder.dep_ == "acl" and holder.head.dep_ == "nsubj" and _kids(holder.head.head, "ccomp") \
                and pub():
            # "data reviewed by P show Y sent ...", "documents seen by P show ...": what P's material shows
            out.append((holder.head.head, _content_of_verb(holder.head.head)))
    return out


def _own_report_nouns(name_root) -> list:
    """"P, whose article ...": the report noun right after the publication's "whose", however the parser hung it
    (P's apposition, the subject of a relative clause, or a stray dependent of the main verb)."""
    doc = name_root.doc
    k = name_root.i + 1
    if k + 1 >= len(doc) or doc[k].text != "," or doc[k + 1].lower_ != "whose":
        return []
    for t in doc[k + 2:min(k + 5, len(doc))]:
        if _lemma(t) in REPORT_NOUNS:
            return [t]
        if t.pos_ not in ("ADJ", "NOUN", "PROPN") or t.dep_ not in ("amod", "compound"):
            break
    return []


def _according_anchor(root, pub, name_root=None) -> list:
    """"according to P, Y ...", "Y ..., according to researchers at P": the clause's subject, for a
    publication with no relative clause of its own."""
    if _kids(root, "relcl") or (name_root is not None and _kids(name_root, "relcl")):
        return []
    t = root
    if t.dep_ == "pobj" and t.head.lower_ == "at" and _lemma(t.head.head) in RESEARCH_NOUNS:
        t = t.head.head
    if not (t.dep_ == "pobj" and t.head.lower_ == "to" and t.head.head.lower_ in ACCORDING_WORDS):
        return []
    verb = t.head.head.head
    if not pub():
        return []
    return [(verb, [s for s in _kids(verb, "nsubj", "nsubjpass")])] if verb.pos_ in ("VERB", "AUX") else []


def _look_through(n) -> list:
    """An unnamed topic's parties: "the links between A and B", "the lending arrangements of Y", "Y client
    money" (a name compounded into the noun's modifiers)."""
    out = [p for c in _kids(n, "prep") if c.lower_ in LOOK_THROUGH_PREPS for p in _kids(c, "pobj")]
    for c in _kids(n, "compound", "poss"):
        out += [c, *_kids(c, "compound", "poss")]
    # "reported on complaints that Y was slow": the clause the noun frames
    out += [x for c in _kids(n, "acl", "ccomp") for x in _kids(c, "nsubj", "nsubjpass") if x.lower_ not in REL_PRONOUNS]
    return out


def _writer_of(ctx, m, pub):
    """The person a publication is given for ("Teodora Quinlivan of the Dunmallow Evening Post"), when the text
    calls it a publication (``pub``, the loop's memoised check): the writer reports for it, else None."""
    root = m.root
    if root.dep_ != "pobj" or root.head.lower_ != "of" or root.head.dep_ != "prep":
        return None
    w = ctx.mention_at[root.head.head.i]
    if w is None or w.label_ != "Person" or not pub():
        return None
    return w


def _role_token(m):
    """The token that carries the party's place in the clause: the noun a name is apposed to ("the newspaper
    X reported", "articles published by the newsletter X", "according to the research firm X")."""
    root = m.root
    if root.dep_ == "appos" and root.head.i < m.start:
        return root.head
    return root


def reported_relations(ctx, sent) -> None:
    """REPORTED_ON from each publication or research party in ``sent`` to the parties its report is about."""
    from kg.extract import relations as R
    seen = set()
    for m in ctx.mention_at[sent.start:sent.end]:
        if m is None or (m.start, m.end) in seen or m.label_ != "Organization":
            continue
        seen.add((m.start, m.end))
        known: list = []

        def pub(m=m, known=known) -> bool:  # asked only where a weak verb or a source clause needs it
            if not known:
                known.append(is_publication(ctx, m))
            return known[0]
        role = _role_token(m)
        reporters = [m]
        writer = _writer_of(ctx, m, pub)
        if writer is not None:  # "reported by Teodora Q of the Evening Post": the writer's place is the clause's
            role, reporters = writer.root, [writer, m]
        for anchor, content in _anchors(role, pub, writer.root if writer is not None else m.root) + \
                _according_anchor(role, pub, m.root):
            if R.is_negated(anchor):
                continue
            status = R.status_of(anchor, "REPORTED_ON", ctx.ex.cues)
            for tok in content:
                targets = R._mentions_for(ctx, tok) or [x for n in _look_through(tok) for x in R._mentions_for(ctx, n)]
                if not targets and tok.pos_ == "NOUN" and any(d.lower_ == "the" for d in _kids(tok, "det")):
                    targets = R._topic_target(ctx, sent, [m])  # "The investigation was first reported by P", "P first reported on the loans": the article's firm's
                for g in targets:
                    for rep in reporters:
                        if g.label_ in ("Person", "Organization") and not (g.start >= rep.start and g.end <= rep.end):
                            R._add(ctx, sent, rep, g, "REPORTED_ON", status, CONFIDENCE, anchor, amount=False)
