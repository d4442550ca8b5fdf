"""kg_relations: typed, directed relations between the entities of one article -> doc._.kg_relations.

Two passes per sentence that mentions at least two entities:
  1. triggers: words from the trigger lexicon (``relation_patterns.jsonl``, matched once per doc with a prebuilt
     Matcher) are read as frames — the dependency tree gives each its arguments (subject/agent, object/passive
     subject, prepositional objects, possessor, apposition, ...), coordination fans them out, relative pronouns
     and controlled subjects are followed. Arguments land on ``doc.spans["kg_mentions"]``.
  2. windows: where the parse gave nothing, short word sequences between two adjacent mentions
     (``relation_windows.jsonl``, e.g. "<Org> chief executive <Person>") yield lower-confidence edges.
Status (alleged/denied/withdrawn/planned) comes from kg.extract.status, amounts from kg.extract.amounts.
A sentence that only withdraws an offer ("Binance walked away from the deal") marks the offer edge withdrawn.
"""
from __future__ import annotations

from typing import Callable, Iterator

from bisect import bisect_right

import json
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.extract.amounts import find_amounts
from kg.extract.status import SAY_VERBS, governors, is_negated, load_status_cues, status_of
from kg.model import Evidence, Relation, merge_relation
from kg.names import normalize
from kg.schema import data_path, load_schema
from kg.extract.lexicon import Lexicon
from kg.extract.reporting import reported_relations

MENTIONS_KEY = "kg_mentions"
_lex = Lexicon("relation_lexicon.json")
WH_WORDS = _lex.words("wh_words")
# Nouns that stand for an amount or a body of assets rather than a party: look through them ("$3bn of FTT").
CONTAINER_DEPS = ("poss", "compound", "nmod")
QUANTITY_LEMMAS = _lex.words("quantity_lemmas")
RECEIVE_VERBS = _lex.words("receive_verbs")
DEBTOR_VERBS = _lex.words("debtor_verbs")  # "X failed to repay a loan from Y": X is the borrower
SUBSIDIARY_LIST_HEADINGS = _lex.words("subsidiary_list_headings")
FIELD_LABELS = {k: tuple(v) for k, v in _lex.records("field_labels").items()}
ASSET_NOUNS = _lex.words("asset_nouns")
STAKE_LEMMAS = _lex.words("stake_lemmas")  # "a company in which X holds 55 percent / a stake": a holding
LEGAL_FORM_WORDS = Lexicon("entity_lexicon.json").words("legal_suffix_words")  # the entities' own table
ROLE_NOUNS = _lex.words("role_nouns")  # "X takes the chief executive title": the title X holds
ROLE_VERBS = _lex.words("role_verbs")  # taking or holding a role, not talking about one
SHARE_NOUNS = _lex.words("share_nouns")
GIVING_PARTICIPLES = _lex.words("giving_participles")
ACCOUNT_VERBS = _lex.words("account_verbs")
PROVIDE_WITH_VERBS = _lex.words("provide_with_verbs")  # "Y provided X with a $40m credit line": Y lent to X
PAIR_NOUNS = _lex.words("pair_nouns")  # "A and B met at school. In 2019 the pair founded X": both
REMAINDER_WORDS = _lex.words("remainder_words")  # "the remaining 38% is held by X": the rest of a firm's shares
SECURITY_NOUNS = _lex.words("security_nouns")
FUNDS_LEMMAS = _lex.words("funds_lemmas")
# Nouns a money verb may move or hold ("held $175m", "kept customer funds", "froze its assets"), for rules
# whose verb is too common to trust without one ("held no formal post at the fund" is not a deposit).
MONEY_LEMMAS = FUNDS_LEMMAS | _lex.words("money_lemmas")
CONTROL_SHARE_WORDS = _lex.words("control_share_words")
ROUND_NOUNS = _lex.words("round_nouns")
SETTLE_VERBS = _lex.words("settle_verbs")
# An acquisition is of the company itself, not of a stake, a claim or a book of assets it has.
NOT_A_TARGET = SHARE_NOUNS | _lex.words("not_a_target")
# Prepositions that open an attribution or a cause, never an argument ("according to X", "due to X").
NON_ARG_PREPS = _lex.words("non_arg_preps")
# Verbs that talk about a deed named by their object rather than do it.
TALK_VERBS = _lex.words("talk_verbs")
# "wallets linked to X", "accounts controlled by X": the party behind a holder noun.
HOLDER_NOUNS = _lex.words("holder_nouns")
LINK_VERBS = _lex.words("link_verbs")
COPULAR_TITLE_VERBS = _lex.words("copular_title_verbs")  # "who remains a director"
BOARD_LINK_VERBS = _lex.words("board_link_verbs")
STAKEHOLDER_NOUNS = _lex.words("stakeholder_nouns")
BOARD_NOUNS = _lex.words("board_nouns")  # "Chairman of X's Board of Directors": the board is X's organ, not a party  # "X, the Company's largest shareholder"  # "founded X with Y, who remains a director": X's board
OFFER_NOUNS = _lex.words("offer_nouns")
SEAT_NOUNS = _lex.words("seat_nouns")  # "took a seat on its board"
CO_AGENT_PREPS = _lex.words("co_agent_preps")
INCLUDING_PREPS = _lex.words("including_preps")
# "a group of investors including A": nouns for a number of parties, looked through to the parties.
COLLECTIVE_NOUNS = _lex.words("collective_nouns")
TOKEN_NOUNS = _lex.words("token_nouns")
NAMING_VERBS = _lex.words("naming_verbs")
# Verbs that withdraw only with their particle ("walk away", "pull out", "fall through").
PHRASAL_WITHDRAWALS = {k: set(v) for k, v in _lex.tables["phrasal_withdrawals"].items()}
CO_AGENT_ADVERBS = _lex.words("co_agent_adverbs")
# Verbs that end an offer named as their object or subject ("ended the talks"), too common to be status cues.
WITHDRAW_ONLY_VERBS = _lex.words("withdraw_only_verbs")
# "A replaced B as chief executive": the one replaced held the post too.
SUCCESSION_VERBS = _lex.words("succession_verbs")
# A loan or an investment is the more specific reading of a transfer stated in the same sentence.
SUBSUMING_MONEY_TYPES = frozenset({"LENT_TO", "INVESTED_IN"})
# "18 million euros, some 19.5 million dollars": how far after an amount its dollar gloss may start (characters).
MAX_GLOSS_GAP = 25
# "half of the supply": what a token's holder holds.
SUPPLY_NOUNS = _lex.words("supply_nouns")
# Head nouns that describe a firm ("a small bank", "a listed company"), and the prepositions that place it.
ORG_DESCRIPTION_HEADS = _lex.words("org_description_heads")
STRAY_APPOSITION_PREPS = _lex.words("stray_apposition_preps")
KIN_NOUNS = _lex.words("kin_nouns")
HONORIFICS = Lexicon("entity_lexicon.json").words("titles")  # "Mr", "Dr": before a name, not part of it
PARENT_VERBS = _lex.words("parent_verbs")
CAPITAL_NOUNS = _lex.words("capital_nouns")
MONEY_CONTAINER_NOUNS = _lex.words("money_container_nouns")
INVEST_VERBS = _lex.words("invest_verbs")
KEEP_VERBS = _lex.words("keep_verbs")
NAME_NOUNS = _lex.words("name_nouns")  # "an account in X's name": X's money  # "assets deposited with X were moved to Y": X kept the money it moved
GAP_BLOCKING_WORDS = _lex.words("gap_blocking_words")  # "put $2m aside / toward costs": not a gapped investment  # "A invested $55m in X, and B put in $12m": the verb whose firm a gap shares  # "$4m of X's reserves", "from X's accounts": X's money
LAUNCH_VERBS = _lex.words("launch_verbs")  # "X launched with seed capital from Y": the start the money made  # "participates in its capital": a stake in the firm  # "X has / created a subsidiary, Y": X is the parent  # "Dravo's stepson": a relative of the possessor, never the possessor
OBJECT_PREDICATE_VERBS = _lex.words("object_predicate_verbs")  # "appointed A as chief executive": A holds it
BOARD_LEAVING_VERBS = _lex.words("board_leaving_verbs")  # "A resigned from the board": A had a seat on it
OBJECT_CONTROL_VERBS = _lex.words("object_control_verbs")  # "appointed X to take control of Y": X takes it
FRONTED_TIME_PREPS = _lex.words("fronted_time_preps")
QUESTION_WORDS = _lex.words("question_words")  # "Who controls X?"
DENIABLE_TYPES = _lex.words("deniable_types")  # "X does not own Y", "X has no stake in Y": a denial of what is held
CURRENCY_WORDS = _lex.words("currency_words")  # "a stake worth 5 million euros": money
FUTURE_AUXILIARIES = _lex.words("future_auxiliaries")
CONTINUING_VERBS = _lex.words("continuing_verbs")  # "will remain a subsidiary": a state that holds now
IDENTITY_PRONOUNS = _lex.words("identity_pronouns")  # "owned by none other than X": X  # "In 2014 A and B founded X": the year opens the clause

if not Doc.has_extension("kg_relations"):
    Doc.set_extension("kg_relations", default=None)


# --- the lexicons, as data -------------------------------------------------------------------------------
@dataclass(frozen=True)
class TriggerRule:
    id: int
    type: str
    words: tuple[str, ...]
    source: tuple[str, ...]
    target: tuple[str, ...]
    pos: frozenset[str] | None = None
    confidence: float = 0.8
    source_types: frozenset[str] | None = None
    target_types: frozenset[str] | None = None
    governed_type: str | None = None  # re-type when governed by one of governed_words
    governed_words: frozenset[str] = frozenset()
    no_department: bool = False  # a title "of" a plain noun is a department's ("head of engineering")
    no_particle: bool = False  # a phrasal use is another verb ("wrote down a stake")
    requires_money: bool = False  # the verb's object must be money or assets ("held $2bn at X")
    direct_target: bool = False  # the object itself must be the party, not a stake or claim in it
    unless_modified: frozenset[str] = frozenset()  # skip when the trigger carries one of these ("controlling stake")
    only_if_modified: frozenset[str] = frozenset()  # apply only when it does
    topic_target: bool = False  # no target in a sentence naming no organisation: the article's topic firm
    not_of_tokens: bool = False  # skip when the verb's object is a token ("sold its ZVQ to X" moves no money to X)
    not_of_shares: bool = False  # skip when the verb's object is a stake or shares ("sold a 45% stake to X": X invested)
    requires_amount: bool = False  # the trigger noun's own phrase states an amount ("a credit of $19m to X")
    not_purpose: bool = False  # skip an infinitive of purpose ("appointed X to return funds to investors": not done)
    governed_by_money: bool = False  # re-type too when the trigger's own phrase states money ("a $100m stake")
    not_future: bool = False  # skip a state the clause puts in the future ("will become a wholly owned subsidiary")


@dataclass(frozen=True)
class WindowRule:
    type: str
    between: re.Pattern
    source: str  # left | right
    confidence: float = 0.6


def _jsonl(name: str) -> list[dict]:
    rows = []
    for line in data_path(name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("//"):
            rows.append(json.loads(line))
    return rows


@lru_cache(maxsize=None)
def load_trigger_rules(name: str = "relation_patterns.jsonl") -> tuple[TriggerRule, ...]:
    rules = []
    for i, row in enumerate(_jsonl(name)):
        gov = row.get("when_governed_by") or {}
        rules.append(TriggerRule(
            id=i, type=row["type"], words=tuple(w.lower() for w in row["words"]),
            source=tuple(row["source"]), target=tuple(row["target"]),
            pos=frozenset(row["pos"]) if row.get("pos") else None, confidence=float(row.get("confidence", 0.8)),
            governed_type=gov.get("type"), governed_words=frozenset(gov.get("words", ())),
            source_types=frozenset(row["source_types"]) if row.get("source_types") else None,
            target_types=frozenset(row["target_types"]) if row.get("target_types") else None,
            no_department=bool(row.get("no_department")), no_particle=bool(row.get("no_particle")),
            requires_money=bool(row.get("requires_money")), direct_target=bool(row.get("direct_target")),
            unless_modified=frozenset(row.get("unless_modified", ())), only_if_modified=frozenset(row.get("only_if_modified", ())),
            topic_target=bool(row.get("topic_target")), not_of_tokens=bool(row.get("not_of_tokens")),
            requires_amount=bool(row.get("requires_amount")), not_of_shares=bool(row.get("not_of_shares")),
            not_purpose=bool(row.get("not_purpose")), governed_by_money=bool(gov.get("money")),
            not_future=bool(row.get("not_future")),
        ))
    return tuple(rules)


@lru_cache(maxsize=None)
def load_window_rules(name: str = "relation_windows.jsonl") -> tuple[WindowRule, ...]:
    return tuple(
        WindowRule(type=r["type"], between=re.compile(r["between"], re.I), source=r["source"],
                   confidence=float(r.get("confidence", 0.6)))
        for r in _jsonl(name)
    )


def _phrase_words(phrase: str) -> list[str]:
    return re.findall(r"[\w']+|-", phrase)


# --- the component -----------------------------------------------------------------------------------------
@Language.factory("kg_relations")
def make_relation_extractor(nlp: Language, name: str):
    return RelationExtractor(nlp.vocab)


class RelationExtractor:
    def __init__(self, vocab, patterns: str = "relation_patterns.jsonl", windows: str = "relation_windows.jsonl"):
        self.rules = load_trigger_rules(patterns)
        self.windows = load_window_rules(windows)
        self.cues = load_status_cues()
        self.schema = load_schema()
        # the head words of the title nouns the rules read ("chief executive" -> "executive"): a person's role
        self.title_heads = frozenset(w.split()[-1] for r in self.rules if r.type in ("LEADS", "FOUNDED")
                                     and "head" in r.source for w in r.words)
        # the titles themselves, whole ("chief executive", "finance director"): a post named in brackets after a name
        self.post_titles = frozenset(w for r in self.rules if r.type == "LEADS" and "head" in r.source for w in r.words)
        # two prebuilt phrase matchers: a trigger phrase matches by lemma ("funnelled" -> funnel) or as written
        self.by_lemma = PhraseMatcher(vocab, attr="LEMMA")
        self.by_lower = PhraseMatcher(vocab, attr="LOWER")
        by_phrase: dict[str, list[int]] = {}
        for rule in self.rules:
            for w in rule.words:
                by_phrase.setdefault(w, []).append(rule.id)
        self.phrase_rules: dict[str, list[int]] = {}
        for phrase, ids in by_phrase.items():
            key = f"kgrel:{phrase}"
            self.phrase_rules[key] = ids
            words = _phrase_words(phrase)
            self.by_lemma.add(key, [Doc(vocab, words=words, lemmas=words)])
            self.by_lower.add(key, [Doc(vocab, words=words)])
        self.structures = load_structure_rules()
        # rules with a slot that reads the article's topic firm ("fragment_topic", "round_topic") also apply where
        # a sentence names one party only ("Founder: A.", "A led the Series B.")
        self.topic_slot_rules = frozenset(r.id for r in self.rules if any(s.endswith("_topic") for s in r.target))
        self.withdraw_words = {w for w, s in self.cues.governor.items() if s == "withdrawn"} | set(PHRASAL_WITHDRAWALS) \
            | WITHDRAW_ONLY_VERBS

    def __call__(self, doc: Doc) -> Doc:
        doc._.kg_relations = extract_relations(doc, self)
        return doc


def doc_relations(doc: Doc, article_id: str) -> list[Relation]:
    """The relations the component found, their evidence stamped with ``article_id``."""
    rels = doc._.kg_relations
    if rels is None:
        rels = extract_relations(doc, _default_extractor(doc.vocab))
    return [replace(r, evidence=[replace(e, article=article_id) for e in r.evidence]) for r in rels]


@lru_cache(maxsize=None)
def load_structure_rules(name: str = "relation_structures.jsonl") -> tuple[dict, ...]:
    return tuple(_jsonl(name))


_EXTRACTORS: dict[int, RelationExtractor] = {}


def _default_extractor(vocab) -> RelationExtractor:
    if id(vocab) not in _EXTRACTORS:
        _EXTRACTORS[id(vocab)] = RelationExtractor(vocab)
    return _EXTRACTORS[id(vocab)]


# --- per document ------------------------------------------------------------------------------------------
@dataclass
class _Ctx:
    doc: Doc
    mention_at: list  # token index -> mention span or None
    ex: RelationExtractor
    found: dict = field(default_factory=dict)  # key -> Relation
    synthetic: dict = field(default_factory=dict)  # (start, end) -> entity id, for names the mentions missed
    sent_of: list = field(default_factory=list)
    sents: list = field(default_factory=list)
    _aliases: dict | None = None
    _topic: list | None = None

    def alias_index(self) -> dict:
        """Normalised name -> (entity id, type), from the entities component's per-article entities."""
        if self._aliases is None:
            self._aliases = {}
            ents = self.doc._.get("kg_entities") if Doc.has_extension("kg_entities") else None
            for key, e in (ents or {}).items():
                for n in e.all_names():
                    self._aliases.setdefault(normalize(n), (str(key), e.type))
        return self._aliases

    def topic_org(self) -> Span | None:
        """A mention of the organisation the article names most (by name), if it leads the next by two."""
        if self._topic is None:
            counts: dict[str, list] = {}
            for m in self.doc.spans[MENTIONS_KEY]:
                if m.label_ == "Organization" and m._.get("kg_mention_kind") in (None, "name"):
                    counts.setdefault(_entity_of(m, self), []).append(m)
            ranked = sorted(counts.values(), key=len, reverse=True)
            titled = self._title_firm(ranked)
            if titled is not None:
                self._topic = [titled]
            elif ranked and (len(ranked) == 1 or len(ranked[0]) >= len(ranked[1]) + 2):
                self._topic = [ranked[0][0]]
            else:
                self._topic = [self._headline_topic(ranked)]
        return self._topic[0]

    def _title_firm(self, ranked: list) -> Span | None:
        """The one firm the text's first line names by its legal name ("Ostremund Financial Group plc - Interim
        results call, edited transcript") and the text names again: a transcript's, a filing's or a letter's own
        firm (its people say "we"), even when another one is talked about more. A news headline seldom carries
        a legal form."""
        end = self._headline_end()
        if not ranked or end < 0:
            return None
        headline = self.doc.text[:end]
        # (the headline's own words are no mention when the mention layer reads it as a headline: its text is)
        named = [ms for ms in ranked if any((m.start_char < end or m.text in headline)
                                            and m[-1].lower_.rstrip(".") in LEGAL_FORM_WORDS for m in ms)]
        if len(named) != 1:
            return None
        # named again, by name or by the defined term the text gives it ('(the "Company")')
        key = _entity_of(named[0][0], self)
        again = len(named[0]) + sum(1 for m in self.doc.spans[MENTIONS_KEY] if m._.get("kg_mention_kind") == "description"
                                    and m.label_ == "Organization" and _entity_of(m, self) == key)
        return named[0][0] if again >= 2 else None

    def _headline_end(self) -> int:
        """Where the headline ends: the end of the text's first line, or, when that line is a label in capitals
        ("PRESS RELEASE", "FOR IMMEDIATE RELEASE", "FINAL NOTICE"), of the first line after it with a small
        letter (-1: no line break)."""
        text = self.doc.text
        end = text.find("\n")
        if end >= 0 and text[:end].count(" | ") >= 2:
            # a masthead of fields ("Corvantis Securities | Equity Research | 14 October 2025"): the headline is
            # the next line with words
            nxt = text.find("\n", end + 1)
            while 0 <= nxt and not text[end:nxt].strip():
                end, nxt = nxt, text.find("\n", nxt + 1)
            end = nxt
        while end >= 0 and not any(ch.islower() for ch in text[:end]):
            nxt = text.find("\n", end + 1)
            if nxt < 0:
                break
            end = nxt
        return end

    def _headline_topic(self, ranked: list) -> Span | None:
        """No firm leads the count by two: the one the headline (the text's first line) names, if it is one of
        the most named ("Brisqell's collapse: what we know", "X: the rise and fall, month by month")."""
        end = self._headline_end()
        if not ranked or end < 0:
            return None
        top = len(ranked[0])
        named = [ms for ms in ranked if ms[0].start_char < end or any(m.start_char < end for m in ms)]
        return named[0][0] if len(named) == 1 and len(named[0]) >= top - 1 else None

    def unmentioned_name(self, t) -> Span | None:
        """A proper name the mention layer left out ("FTX" in "FTX customers"), if it names a known entity."""
        if t.pos_ != "PROPN" or self.mention_at[t.i] is not None:
            return None
        start = min([c.i for c in t.children if c.dep_ == "compound" and c.i < t.i] + [t.i])
        for s in range(start, t.i + 1):
            if self.mention_at[s] is not None:
                continue
            hit = self.alias_index().get(normalize(self.doc[s:t.i + 1].text))
            if hit:
                span = Span(self.doc, s, t.i + 1, label=hit[1])
                self.synthetic[(s, t.i + 1)] = hit[0]
                return span
        return None


def _entity_of(span: Span, ctx: "_Ctx | None" = None) -> str:
    if ctx is not None and (span.start, span.end) in ctx.synthetic:
        return ctx.synthetic[(span.start, span.end)]
    if Span.has_extension("kg_entity"):
        ent = span._.get("kg_entity")
        if ent:
            return str(ent)
    return normalize(span.text)


def extract_relations(doc: Doc, ex: RelationExtractor) -> list[Relation]:
    mentions = list(doc.spans[MENTIONS_KEY]) if MENTIONS_KEY in doc.spans else []
    if not mentions or not doc.has_annotation("DEP"):
        return []
    mention_at: list = [None] * len(doc)
    for m in mentions:
        for i in range(m.start, m.end):
            mention_at[i] = m
    ctx = _Ctx(doc=doc, mention_at=mention_at, ex=ex)

    raw = list(ex.by_lemma(doc)) + list(ex.by_lower(doc))
    keys_at: dict[tuple[int, int], set[int]] = {}
    for k, s, e in raw:
        keys_at.setdefault((s, e), set()).add(k)
    _add_split_phrasal_keys(doc, ex, keys_at)
    sents = list(doc.sents)
    sent_of = [0] * len(doc)
    for si, sent in enumerate(sents):
        for i in range(sent.start, sent.end):
            sent_of[i] = si
    ctx.sent_of, ctx.sents = sent_of, sents
    by_sent: dict[int, list[tuple[Span, list[int]]]] = {}
    for m in filter_spans([Span(doc, s, e) for (s, e) in keys_at]):
        rule_ids = sorted({r for k in keys_at[(m.start, m.end)] for r in ex.phrase_rules[doc.vocab.strings[k]]})
        by_sent.setdefault(sents[sent_of[m.start]].start, []).append((m, rule_ids))

    withdrawals = []
    for sent in sents:
        # "Later the plan was terminated.": an offer may end in a sentence that names nobody
        withdrawals.extend(t for t in sent if t.lemma_.lower() in ex.withdraw_words and t.pos_ == "VERB")
        n_mentions = len({id(mention_at[i]) for i in range(sent.start, sent.end) if mention_at[i] is not None})
        if n_mentions == 0 or _asks(sent):
            continue
        triggers = by_sent.get(sent.start, [])
        _structural_relations(ctx, sent)
        _bracketed_post_relations(ctx, sent)
        if n_mentions >= 2:
            stated = set()
            for trig, rule_ids in triggers:
                stated |= _trigger_relations(ctx, sent, trig, rule_ids)
            _window_relations(ctx, sent, stated)
            reported_relations(ctx, sent)  # REPORTED_ON read around the publication (reporting.py)
        else:  # one party named: only a role at the article's topic firm can be read ("X served as chairman")
            for trig, rule_ids in triggers:
                topic_rules = [r for r in rule_ids if ex.rules[r].topic_target or ex.rules[r].id in ex.topic_slot_rules]
                if topic_rules:
                    _trigger_relations(ctx, sent, trig, topic_rules)
            reported_relations(ctx, sent)  # "P first reported on the loans": the article's firm's
    for tok in withdrawals:
        _attach_withdrawal(ctx, tok)
    _subsidiary_list_relations(ctx)
    _field_relations(ctx)
    _drop_subsumed_transfers(ctx)
    return list(ctx.found.values())


def _asks(sent: Span) -> bool:
    """"And does he still hold equity in X?", "Is Y the owner of X?", "Who controls X?": a question states nothing
    (a sentence that only ends in a question mark, "Remember when X said it would buy Y?", may)."""
    words = [t for t in sent if not t.is_punct and not t.is_space]
    if not words or sent[-1].text != "?" and not (len(sent) > 1 and sent[-2].text == "?"):
        return False
    after = sent.doc[sent.end:sent.end + 2]
    if any(t.lower_ in ("yes", "yeah", "correct") for t in after):
        return False  # "did X itself hold PELM? Yes - ...": answered, it is stated
    root = sent.root
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
    if subjects and any(c.dep_ in ("aux", "auxpass") and c.i < subjects[0].i for c in root.children):
        return True  # "does he hold", "has X lent"
    if subjects and root.pos_ == "AUX" and root.i < subjects[0].i:
        return True  # "Is Y the owner of X?"
    return words[0].lower_ in QUESTION_WORDS and words[0].dep_ in ("nsubj", "dobj", "attr", "advmod", "det")


def _add_split_phrasal_keys(doc: Doc, ex: RelationExtractor, keys_at: dict) -> None:
    """"set it up in 2019", "took the lender over": a phrasal trigger whose particle follows the verb's object is
    matched at the verb (the phrase matchers see only contiguous words)."""
    for prt in doc:
        verb = prt.head
        if prt.dep_ != "prt" or prt.i <= verb.i + 1:
            continue
        key = f"kgrel:{verb.lemma_.lower()} {prt.lower_}"
        if key in ex.phrase_rules:
            keys_at.setdefault((verb.i, verb.i + 1), set()).add(doc.vocab.strings[key])


def _drop_subsumed_transfers(ctx: _Ctx) -> None:
    """"X obtained a $60m facility from Y", "X received an investment from Y": a sentence that states a loan or
    an investment between two parties does not state a plain transfer of the same sum between them as well."""
    specific: dict[tuple[str, str], list] = {}
    for r in ctx.found.values():
        if r.type in SUBSUMING_MONEY_TYPES:
            specific.setdefault((r.source, r.target), []).append(r)
    for key, r in list(ctx.found.items()):
        if r.type != "TRANSFERRED_TO":
            continue
        # the same deed: no amount on one side, or the same amount ("lent $5m to A and sent $9m to B" are two)
        said = {e.start for s in specific.get((r.source, r.target), ())
                if s.amount_usd is None or r.amount_usd is None or s.amount_usd == r.amount_usd for e in s.evidence}
        if not said:
            continue
        kept = [e for e in r.evidence if e.start not in said]
        if not kept:
            del ctx.found[key]
        elif len(kept) < len(r.evidence):
            ctx.found[key] = replace(r, evidence=kept)


def _add(ctx: _Ctx, sent: Span, source: Span, target: Span, rel_type: str, status, confidence: float, anchor,
         amount: bool = True, amount_anchor=None) -> bool:
    s_id, t_id = _entity_of(source, ctx), _entity_of(target, ctx)
    if s_id == t_id or not ctx.ex.schema.allows(rel_type, source.label_, target.label_):
        return False
    amount_usd, amount_text = _amount_for(ctx, sent, amount_anchor or anchor, rel_type) if amount else (None, None)
    ev = _evidence(sent, status)
    rel = Relation(source=s_id, target=t_id, type=rel_type, evidence=[ev], amount_usd=amount_usd,
                   amount_text=amount_text, status=status, confidence=confidence)
    old = ctx.found.get(rel.key)
    ctx.found[rel.key] = merge_relation(old, rel) if old else rel
    return True


def _evidence(sent: Span, status) -> Evidence:
    """The one place a relation's evidence is built: the sentence, its offsets and the status it states."""
    return Evidence(article="", sentence=sent.text, start=sent.start_char, end=sent.end_char, status=status)


def _amount_for(ctx: _Ctx, sent: Span, anchor, rel_type: str):
    """The money amount in the trigger's own clause (not in a clause nested under it)."""
    if not ctx.ex.schema.relation_types[rel_type].money and rel_type not in ("HOLDS_TOKEN", "OFFERED_TO_ACQUIRE", "ACQUIRED"):
        return None, None
    if anchor is None:
        spans = [(sent.start_char, sent.end_char)]
    else:
        clause = [t for t in anchor.subtree if not _in_nested_clause(t, anchor)]
        spans = [(t.idx, t.idx + len(t.text)) for t in clause]
        # an amount also sits on the noun a participle or preposition modifies ("$8bn funnelled to ...")
        if anchor.dep_ in ("acl", "relcl"):
            spans += [(t.idx, t.idx + len(t.text)) for t in anchor.head.lefts] + [(anchor.head.idx, anchor.head.idx + len(anchor.head))]
    amounts = _sentence_amounts(sent.text)
    if not amounts:
        return None, None
    spans.sort()
    starts = [s for s, _ in spans]
    for a in amounts:
        a_start = sent.start_char + a.start
        i = bisect_right(starts, a_start) - 1  # the last token starting at or before the amount
        if i >= 0 and a_start < spans[i][1]:
            return _in_dollars(a, amounts)
    if len(amounts) == 1 and anchor is not None:
        # the sentence's one amount, wherever the parse hung it ("with a bid valued at about $1.4 billion",
        # "drew on $4 billion of client money to prop up X"): the deal's own figure
        return amounts[0].usd, amounts[0].text
    return None, None


def _in_dollars(a, amounts) -> tuple:
    """An amount in another currency with its dollar gloss right after it ("18 million euros, some $19.5
    million", "510 billion won (approximately $380 million)"): the gloss's dollars."""
    if a.usd is None:
        for b in amounts:
            if b.usd is not None and 0 <= b.start - a.end <= MAX_GLOSS_GAP:
                return b.usd, b.text
    return a.usd, a.text


@lru_cache(maxsize=512)
def _sentence_amounts(text: str) -> tuple:
    """Amounts in a sentence, found once however many relations the sentence holds."""
    return tuple(find_amounts(text))


def _in_nested_clause(t, anchor) -> bool:
    while t.i != anchor.i:
        if t.dep_ in ("ccomp", "relcl", "advcl") or (t.dep_ == "conj" and t.pos_ in ("VERB", "AUX")):
            return True
        t = t.head
    return False


# --- arguments ---------------------------------------------------------------------------------------------
def _is_passive(t) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass", "csubjpass") for c in t.children)


def _children(t, *deps):
    return [c for c in t.children if c.dep_ in deps]


def _object_controller(v) -> list:
    """"The regulator appointed X to take control of Y", "hired X to run Y": the infinitive's doer is the object of
    the verb it complements, when that verb is one whose object acts (not "X agreed / planned to buy Y")."""
    if v.dep_ != "xcomp" or v.head.lemma_.lower() not in OBJECT_CONTROL_VERBS or _is_passive(v.head):
        return []
    return _children(v.head, "dobj")


def _surface_subj(v, depth: int = 0) -> list:
    """The subject a verb's clause is about, climbing to the verb that controls it ("X plans to buy Y")."""
    subj = _children(v, "nsubj", "nsubjpass", "csubj")
    if subj:
        return [v.head] if subj[0].lower_ in WH_WORDS and v.dep_ == "relcl" else subj
    if _fronted_year_subj(v):
        return _fronted_year_subj(v)
    if depth > 3:
        return []
    first = _hyphen_start(v)
    if first is not None:
        return _surface_subj(first, depth + 1)  # "who co-founded and runs X": "co" carries the clause
    if _object_controller(v):
        return _object_controller(v)
    if v.dep_ in ("xcomp", "conj", "advcl", "ccomp") and v.head.i != v.i and v.head.pos_ in ("VERB", "AUX") and v.dep_ != "ccomp":
        return _surface_subj(v.head, depth + 1)
    if v.dep_ == "pcomp" and v.head.dep_ == "prep":
        return _surface_subj(v.head.head, depth + 1)
    if v.dep_ == "relcl":
        return [v.head]
    if v.dep_ == "ccomp":
        # "papers showed BlockFi had ...": the small parser makes the clause's subject the object of "showed"
        return [o for o in _children(v.head, "dobj") if o.i == v.i - 1]
    if v.dep_ == "acl":
        return [v.head] if _main_verb_as_participle(v) else _controller(v.head)
    return []


def _fronted_year_subj(v) -> list:
    """"In 2014 Tarn Holdings bought X", "In June Tarn agreed to buy X": with no comma after the year or month the
    parser reads "2014 Tarn Holdings" as the object of "In" and leaves the verb without a subject: a name
    before the verb whose number is a year, or compounded with a month, is the subject."""
    if v.pos_ != "VERB" or _is_passive(v):
        return []
    return [o for p in _children(v, "prep") if p.i < v.i and p.lower_ in FRONTED_TIME_PREPS
            for o in _children(p, "pobj") if o.pos_ == "PROPN" and (_has_year(o) or _has_month(o))]


def _has_month(noun) -> bool:
    """"In June Plenvaro agreed ...": the parser compounds the month with the name after it."""
    return any(c.dep_ == "compound" and c.i < noun.i and c.ent_type_ == "DATE" and c.is_title for c in noun.children)


def _has_year(noun) -> bool:
    return any(c.dep_ == "nummod" and re.fullmatch(r"(1[89]|20)\d\d", c.text) for c in noun.children)


def _main_verb_as_participle(v) -> bool:
    """"Veltane Exchange, a larger rival, offered to buy X": the parser makes the sentence's finite verb a
    modifier of its subject, which it leaves as the root: in a sentence with no verb at its root, a past form
    there (not a passive one with its own agent) is the main clause's verb."""
    return v.dep_ == "acl" and v.tag_ in ("VBD", "VBN") and v.head.dep_ == "ROOT" and v.head.pos_ in ("PROPN", "NOUN") \
        and v.i > v.head.i and not _children(v, "agent")


def _hyphen_start(v):
    """"co-founded" split by the tokenizer into "co", "-", "founded": the first piece, when the parser hung
    the last one on the same head as the hyphen, else None."""
    doc = v.doc
    if v.i < 2 or doc[v.i - 1].lower_ != "-" or doc[v.i - 1].head.i != v.head.i:
        return None
    first = doc[v.i - 2]
    return first if first.pos_ in ("VERB", "NOUN", "PROPN", "ADJ") and first.dep_ in ("relcl", "ROOT", "conj", "advcl") else None


def _controller(noun, depth: int = 0) -> list:
    """Whose offer/plan/letter a noun is: its possessor, else the subject of the verb it is the object of."""
    if noun.pos_ in ("VERB", "AUX") and depth > 0:
        return _subj(noun, depth + 1)  # "provide X with a credit line": the provider
    poss = _children(noun, "poss")
    if poss and not (all(p.pos_ == "PRON" for p in poss) and noun.dep_ in ("dobj", "pobj")):
        return poss
    # "X withdrew its offer": a bare "its" is the clause's subject, which the parse names outright
    found = []
    if depth <= 4:
        if noun.dep_ in ("pobj", "prep"):
            found = _controller(noun.head, depth + 1)
        elif noun.dep_ in ("dobj", "attr", "oprd", "nsubjpass") and noun.head.pos_ in ("VERB", "AUX"):
            found = _subj(noun.head, depth + 1)
    return found or poss


def _agent_pobjs(agent) -> list:
    """The objects of a "by": without the pieces of a word the tokenizer split at its hyphen ("by X's co-founder, Y"
    parsed as three objects "co", "-", "founder", the possessor hung on "co"): the last piece is the noun."""
    pobjs = _children(agent, "pobj")
    ids = {p.i for p in pobjs}
    kept = [p for p in pobjs if p.lower_ != "-" and not (p.i + 1 in ids and p.doc[p.i + 1].lower_ == "-")]
    return (kept or pobjs) + _coordinated_agent_pobjs(agent)


def _coordinated_agent_pobjs(agent) -> list:
    """"created by A and by his wife, B": a second "by" coordinated with the first names a further agent."""
    out = [p for c in _children(agent, "conj") if c.pos_ == "ADP" and c.lower_ == agent.lower_
           for p in _children(c, "pobj")]
    # "90,000,000 VRL is held by A and 80,000,000 VRL by B": a gapped second half, its "by" hung on its amount
    # (or on the verb: "X is owned 60% by A and 40% by B")
    halves = [c for o in _children(agent, "pobj") for c in _children(o, "conj")]
    halves += [c for c in _children(agent.head, "conj") if c.pos_ in ("NOUN", "NUM", "PROPN") and c.i > agent.i]
    out += [p for c in halves for a in _children(c, "agent", "prep") if a.lower_ == agent.lower_ for p in _children(a, "pobj")]
    return out


def _subj(v, depth: int = 0) -> list:
    agents = [p for a in _children(v, "agent") for p in _agent_pobjs(a)] or _shared_agent(v)
    if agents or _is_passive(v):
        return agents
    subj = _children(v, "nsubj", "csubj")
    if subj:
        return [v.head] if subj[0].lower_ in WH_WORDS and v.dep_ == "relcl" else subj
    if _fronted_year_subj(v):
        return _fronted_year_subj(v)
    if depth > 3:
        return []
    if _object_controller(v):
        return _object_controller(v)
    if v.dep_ in ("xcomp", "conj", "advcl") and v.head.i != v.i and v.head.pos_ in ("VERB", "AUX"):
        return _surface_subj(v.head, depth + 1)
    if v.dep_ == "pcomp" and v.head.dep_ == "prep":
        host = v.head.head  # "expressed interest in acquiring X": whose interest
        return _controller(host, depth + 1) if host.pos_ == "NOUN" else _surface_subj(host, depth + 1)
    if v.dep_ == "relcl" and not _children(v, "dobj"):
        return [v.head]
    if v.dep_ == "acl":
        if _held_amount(v):
            return _subj(v.head.head, depth + 1)  # "it had $95m invested in X": who has the money there
        if v.tag_ == "VBN" and not _children(v, "dobj") or _main_verb_as_participle(v):
            return [v.head]  # "Alameda borrowed from FTX" misparsed as a participle; the entry decides
        return _controller(v.head)
    return []


def _held_amount(v) -> bool:
    """"X had $95m invested in Y", "X has $4m deposited with Y": a participle on an amount that a having verb
    holds as its object."""
    h = v.head
    return v.tag_ == "VBN" and _is_amount(h) and h.dep_ == "dobj" and h.head.lemma_.lower() in ("have", "hold", "keep")


def _shared_agent(v) -> list:
    """"a token created and distributed by X": the agent of the last coordinated participle is every one's."""
    if v.tag_ != "VBN":
        return []
    return [p for c in _children(v, "conj") if c.tag_ == "VBN" and not _children(c, "nsubj", "nsubjpass")
            for a in _children(c, "agent") for p in _agent_pobjs(a)]


def _obj(v) -> list:
    if _is_passive(v):
        subj = _children(v, "nsubjpass")
        if subj and subj[0].lower_ in WH_WORDS and v.dep_ == "relcl":
            return [v.head]
        if not subj:
            # "X was co-founded by ...": the small parser hangs the subject on the auxiliary
            subj = _children(v, "nsubj") + [s for a in _children(v, "auxpass") for s in _children(a, "nsubj")]
        if not subj and v.dep_ == "conj" and v.head.pos_ in ("VERB", "AUX") and _is_passive(v.head):
            return _obj(v.head)  # "X, which was founded and is wholly owned by Y": the first conjunct's subject
        return subj or ([v.head] if v.dep_ == "relcl" else [])
    objs = _children(v, "dobj", "obj")
    if objs and objs[0].lower_ in WH_WORDS and v.dep_ == "relcl":
        return [v.head]
    if not objs and v.dep_ == "relcl" and _children(v, "nsubj"):
        return [v.head]  # "Alameda, which Bankman-Fried founded"
    if not objs and v.dep_ == "acomp":
        return _children(v.head, "nsubj")  # "X is majority-owned by Y"
    if not objs and v.dep_ == "conj" and v.head.pos_ in ("VERB", "AUX"):
        return _obj(v.head)  # "launched in 2016 and still runs": the object is shared
    if not objs:
        objs = [o for c in v.conjuncts if c.pos_ == "VERB" and c.i > v.i for o in _children(c, "dobj")]  # "founded and ran X"
    if not objs:
        # "prop up Alameda" when "up" is parsed as a preposition
        objs = [p for c in _children(v, "prt", "prep") if c.lower_ in ("up", "out", "over") for p in _children(c, "pobj")]
    return objs


def _preps(t, word: str) -> list:
    out = []
    places = [t]
    if t.pos_ in ("VERB", "AUX"):
        places += _children(t, "dobj", "attr", "advmod")  # "lent $10bn (back) to X": "to" may hang on the amount
        # a coordinated verb of the same deed; one with its own object is another deed ("... and sent $9m to B")
        places += [c for c in _children(t, "conj") if not _children(c, "nsubj", "nsubjpass", "dobj")]
    elif t.dep_ in ("dobj", "attr") and t.head.pos_ in ("VERB", "AUX"):
        places.append(t.head)  # "extended a credit line to X"
    if t.pos_ == "NOUN" and word != "of":
        # "the sale of X to Y": the parser hangs the noun's "to" on the object of its "of"
        places += [p for c in _children(t, "prep") if c.lower_ == "of" for p in _children(c, "pobj")]
    # "(completed the sale of) its card business, X Ltd, to Y": the object's apposition, hung on the verb, takes
    # the verb's "to"
    places += [c for v in places if v.pos_ in ("VERB", "AUX") for c in _children(v, "npadvmod")
               if c.pos_ == "PROPN" and c.left_edge.i > 0 and t.doc[c.left_edge.i - 1].text == ","]
    for p in places:
        for c in p.children:
            # "owned 82 percent directly and through X": the preposition coordinated with an adverb
            if (c.dep_ in ("prep", "agent", "dative") or (c.dep_ == "conj" and c.pos_ == "ADP")) and c.lower_ == word:
                out += _children(c, "pobj")
                # "from FTX to Alameda": a chained preposition
                out += [pp for cc in _children(c, "prep") if cc.lower_ == word for pp in _children(cc, "pobj")]
            elif c.dep_ == "prep" and c.lower_ not in NON_ARG_PREPS:
                # "from FTX to Alameda" parsed as a chain: "to" hangs on "from" or on its object
                out += [pp for cc in _children(c, "prep") if cc.lower_ == word for pp in _children(cc, "pobj")]
                for o in _children(c, "pobj"):
                    for cc in _children(o, "prep"):
                        if cc.lower_ == word and cc.i != c.i:
                            out += _children(cc, "pobj")
    if not out and t.pos_ in ("VERB", "AUX"):
        out = _participle_preps(t, word)
    return out + _gapped_parties(out, word)


def _participle_preps(v, word: str) -> list:
    """"wired $700m of the money intended for the venture to X": the parser hangs the verb's "to" on a
    participle describing the money the amount is of; read there only when the verb and its object have none."""
    out = []
    for amount in _children(v, "dobj"):
        if not _is_amount(amount):
            continue
        for of in _children(amount, "prep"):
            if of.lower_ != "of":
                continue
            for money in _children(of, "pobj"):
                for part in _children(money, "acl"):
                    if part.tag_ == "VBN" and _children(part, "prep") and _children(part, "prep")[0].lower_ != word:
                        out += [p for c in _children(part, "prep") if c.lower_ == word for p in _children(c, "pobj")]
    return out


def _is_amount(t) -> bool:
    return t.like_num or t.pos_ == "NUM" or t.lemma_.lower() in QUANTITY_LEMMAS


def _gapped_parties(objs: list, word: str) -> list:
    """"lent $260m to A and $120m to B", "borrowed $900m from lenders, including $350m from A and $220m from B":
    an amount coordinated with the first party (or included in its class) carries its own party."""
    out, seen = [], {o.i for o in objs}
    amounts = [c for o in objs for c in [*o.conjuncts, *_included(o)] if _is_amount(c)]
    amounts += [c for a in amounts for c in a.conjuncts if _is_amount(c) and c not in amounts]
    for a in amounts:
        for p in _children(a, "prep"):
            if p.lower_ == word:
                out += [x for x in _children(p, "pobj") if x.i not in seen]
    return out


def _own_amount(tok):
    """The amount a gapped party's preposition hangs on ("... and $120m to B", "$22m from the lender B"), else None."""
    if tok.dep_ == "appos":
        tok = tok.head
    p = tok.head
    if p.dep_ == "prep" and p.head.i != p.i and _is_amount(p.head) and p.head.dep_ in ("conj", "pobj"):
        return p.head
    return None


def _named_to(t) -> list:
    """"Y named X its chief executive", "Y appointed X chief executive": the post is the verb's second
    complement, and the one named to it the first (an object, or a name the parser made a complement too)."""
    if t.dep_ != "oprd" or t.head.pos_ != "VERB":
        return []
    return [c for c in t.head.children if c.i < t.i and (c.dep_ == "dobj" or c.dep_ == "oprd" and c.pos_ == "PROPN")]


def _residence_of(town):
    """The person whose home town ``town`` is given after their age ("A, 44, of Gwithian Falls"), else None."""
    prep = town.head
    if town.dep_ != "pobj" or prep.lower_ != "of" or prep.dep_ != "prep":
        return None
    person = prep.head
    ages = [c for c in person.children if c.dep_ in ("appos", "npadvmod", "amod", "nummod") and c.text.isdigit()
            and len(c.text) <= 3 and c.i < prep.i]
    return person if ages and person.pos_ == "PROPN" else None


def _labelled(t) -> list:
    """The names a title labels, apposed right after it with no comma ("its chief financial officer B")."""
    return [c for c in _children(t, "appos") if c.left_edge.i == t.i + 1]


def _described(t) -> list:
    """The party a title or description noun is about."""
    out = []
    labelled = [c for c in _labelled(t) if c.pos_ == "PROPN"]
    if labelled and t.dep_ == "appos":
        return labelled  # "A, its chief financial officer B, and C": the title labels the name right after it
    resident = _residence_of(t.head) if t.dep_ == "appos" else None
    if resident is not None:
        out.append(resident)  # "A, 44, of Gwithian Falls, the founder of X": A, not the town
    elif t.dep_ == "appos" and not any(c.lower_ == "whose" for c in _children(t, "poss")):
        out.append(t.head)  # (not "X, whose chief executive, Y,": X is the firm, Y the holder)
    out += _children(t, "appos")
    named = _named_to(t)
    if named:
        out += named  # "Y named X its chief executive": the one named, not the namer
    elif t.dep_ in ("attr", "oprd", "acomp") and t.head.pos_ in ("VERB", "AUX"):
        out += _surface_subj(t.head)  # "X is / remains / became the CEO of Y", "X, who is also Y's CEO"
    if t.dep_ == "nsubj" and t.head.lemma_ == "be":
        out += _children(t.head, "attr")  # "Y's only director is X"
    if t.dep_ in ("compound", "nmod", "amod") and t.head.i > t.i:
        out.append(t.head)
    if t.dep_ == "conj" and not out:
        return _described(t.head)
    if t.tag_ == "NNS" and t.i + 1 < len(t.doc) and t.nbor(1).text == ",":
        # "X's founders, A and B, keep control": the names set off after a plural title, parsed as its coordinates
        out += [c for c in _children(t, "conj") if c.pos_ == "PROPN" and c.left_edge.i == t.i + 2]
    if t.dep_ == "pobj" and t.head.lower_ == "as" and t.head.head.pos_ == "PROPN" and t.head.head.dep_ == "dobj":
        out.append(t.head.head)  # "named in 2023 A as general director": the parser hangs the "as" on the one named
    elif t.dep_ == "pobj" and t.head.lower_ == "as":
        v = t.head.head
        for _ in range(3):  # "X, who served (at the same time) as CEO of Y"
            if v.pos_ in ("VERB", "AUX") or v.dep_ not in ("pobj", "prep", "npadvmod"):
                break
            v = v.head
        if v.pos_ in ("VERB", "AUX"):
            out += _as_predicated_of(v)
            if v.lemma_.lower() in SUCCESSION_VERBS:
                # "A replaced B as chief executive", "B was succeeded as chairman by A": both held the post
                out += _children(v, "dobj") + [p for a in _children(v, "agent") for p in _children(a, "pobj")]
                if _is_passive(v):  # the parser may hang the agent on the title ("succeeded as chairman by A")
                    out += [p for a in _children(t, "prep") if a.lower_ == "by" for p in _children(a, "pobj")]
    return out


def _as_predicated_of(v) -> list:
    """Whom a verb's "as" phrase describes: its object for a verb that names or classes its object ("appointed A as
    chief executive", "identified X as a subsidiary of Y"; not in the passive, whose subject is that object), else
    its subject ("A served as chairman", "A joined X as CFO")."""
    if v.lemma_.lower() in OBJECT_PREDICATE_VERBS and not _is_passive(v):
        # (no object: the parser read it into a fronted date, "has named in 2023 A as general director"; else
        # it lost it, and whoever names is not the one named)
        return _children(v, "dobj") or [p for a in _children(v, "prep") for p in _children(a, "pobj")
                                         if p.pos_ == "PROPN" and any(c.like_num for c in p.children)]
    return _surface_subj(v)


# --- argument slots: one small reader per slot name (relation_patterns.jsonl names them) ----------------
SlotReader = Callable[["_Ctx", object, str], list]
SLOT_READERS: dict[str, SlotReader] = {}


def _reads(*names: str):
    """Register a slot reader under the slot names it fills."""
    def register(fn: SlotReader) -> SlotReader:
        for n in names:
            SLOT_READERS[n] = fn
        return fn
    return register


def _slot(ctx: _Ctx, t, slot: str, other=None) -> list:
    """Candidate tokens for an argument slot of trigger ``t``."""
    if slot.startswith("prep:"):
        return _preps(t, slot[5:])
    reader = SLOT_READERS.get(slot)
    return reader(ctx, t, slot) if reader else []


@_reads("subj")
def _slot_subj(ctx: _Ctx, t, slot: str) -> list:
    return _subj(t) if t.pos_ in ("VERB", "AUX") or t.dep_ in ("acl", "relcl", "ROOT") else (
        _children(t.head, "nsubj") if t.dep_ == "acomp" else [])


@_reads("obj")
def _slot_obj(ctx: _Ctx, t, slot: str) -> list:
    return _obj(t)


@_reads("dative")
def _slot_dative(ctx: _Ctx, t, slot: str) -> list:
    return [d for c in _children(t, "dative") for d in ([c] if c.lower_ != "to" else _children(c, "pobj"))]


@_reads("poss")
def _slot_poss(ctx: _Ctx, t, slot: str) -> list:
    said = _contracted_copula(ctx, t)
    out = [p for p in _children(t, "poss") if said is None or p.i != said.i]
    firm = ctx.mention_at[t.head.i] if t.dep_ == "appos" else None
    holder = [c for c in _labelled(t) if ctx.mention_at[c.i] is not None and ctx.mention_at[c.i].label_ == "Person"]
    if firm is not None and firm.label_ == "Organization" and holder:
        # "an order against X, its director Y, and Z": "its" on a title that labels a person, in an apposition
        # to a firm, is that firm ("X, its Cayman subsidiary" keeps "its" for X's owner)
        out = [t.head if p.lower_ == "its" else p for p in out]
    return out


@_reads("contracted_subj")
def _slot_contracted_subj(ctx: _Ctx, t, slot: str) -> list:
    # spoken "Szolnay's still chief executive": the "'s" is "is", the name the title's holder
    said = _contracted_copula(ctx, t)
    return [said] if said is not None else []


def _contracted_copula(ctx: _Ctx, t):
    """"A's still chief executive.": a verbless sentence whose root title the parser gave a person as possessor,
    with no article between the "'s" and the title, reads "A is (still) chief executive": that person, else None."""
    if t.dep_ != "ROOT" or any(x.pos_ in ("VERB", "AUX") for x in ctx.sents[ctx.sent_of[t.i]]):
        return None
    for p in _children(t, "poss"):
        m = ctx.mention_at[p.i]
        between = t.doc[p.i + 1:t.i]
        if m is not None and m.label_ == "Person" and between and between[0].lower_ in ("'s", "’s") \
                and not any(x.dep_ == "det" for x in between) and any(x.pos_ == "ADV" for x in between):
            return p
    return None


@_reads("compound")
def _slot_compound(ctx: _Ctx, t, slot: str) -> list:
    # not a demonym ("its Lithuanian subsidiary"): an adjective names a place, not the party
    return [c for c in t.children if c.dep_ in ("compound", "nmod", "npadvmod", "amod") and c.i < t.i and c.pos_ != "ADJ"]


@_reads("compound_after")
def _slot_compound_after(ctx: _Ctx, t, slot: str) -> list:
    return [t.head] if t.dep_ == "compound" and t.head.i > t.i else []


@_reads("head")
def _slot_head(ctx: _Ctx, t, slot: str) -> list:
    return _described(t)


@_reads("object_appos")
def _slot_object_appos(ctx: _Ctx, t, slot: str) -> list:
    # "The head of Quorvel Bank, Anselm Dravo, said": the parser hangs the holder's name, set off by commas,
    # on the firm the title is of; a person named right there holds the title (a firm there is an apposition)
    if _children(t, "appos") or t.dep_ in ("appos", "attr"):
        return []
    return _name_after_object(ctx, t, ("Organization",), ("Person",))


def _name_after_object(ctx: _Ctx, t, object_labels, name_labels) -> list:
    """A name set off by a comma right after the mention ``t`` is "of" / "at", hung by the parser on that
    mention as its apposition: the name of what ``t`` describes ("the head of X, Y", "a cousin of X, Y")."""
    out = []
    for c in _children(t, "prep"):
        if c.lower_ not in ("of", "at"):
            continue
        for obj in _children(c, "pobj"):
            named = ctx.mention_at[obj.i]
            if named is None or named.label_ not in object_labels:
                continue
            j = named.end
            # (or as a coordinate with nothing coordinating it: "a cousin of X, Y," with no "and")
            for a in _children(obj, "appos") + ([] if _children(obj, "cc") else _children(obj, "conj")):
                m = ctx.mention_at[a.i]
                if m is not None and m.label_ in name_labels and j < len(ctx.doc) and ctx.doc[j].lower_ == "," \
                        and m.start == j + 1 and m.end <= a.right_edge.i + 1:
                    out.append(a)
    return out


@_reads("appos_child")
def _slot_appos_child(ctx: _Ctx, t, slot: str) -> list:
    return _children(t, "appos")


@_reads("gov_subj")
def _slot_gov_subj(ctx: _Ctx, t, slot: str) -> list:
    v = _as_verb(t)
    if v is not None and v.lemma_.lower() in OBJECT_PREDICATE_VERBS:
        return []  # "X named A as general director": the post is A's (the "head" slot), never X's
    if t.dep_ == "dobj" and t.head.lemma_.lower() in TALK_VERBS:
        return []  # "he did not address the transfers to X": talking about a deed is not doing it
    if t.dep_ in ("compound", "amod") and t.head.lemma_.lower() in ROLE_NOUNS:
        # "X takes the chief executive title", "X assumed the chairman role": who takes or holds it
        role = t.head
        return _subj(role.head) if role.dep_ == "dobj" and role.head.lemma_.lower() in ROLE_VERBS else []
    if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lemma_.lower() in ROLE_NOUNS:
        # "X took the title of chief technology officer", "X occupies the functions of president"
        role = t.head.head
        return _subj(role.head) if role.dep_ == "dobj" and role.head.lemma_.lower() in ROLE_VERBS else []
    return _controller(t) if t.dep_ in ("dobj", "attr", "pobj", "oprd", "nsubjpass") else []


@_reads("gov_among")
def _slot_gov_among(ctx: _Ctx, t, slot: str) -> list:
    # "X ranks among the biggest holders of T", "X became one of the largest holders of T"
    if t.dep_ != "pobj":
        return []
    p = t.head
    if p.lower_ == "among":
        return _subj(p.head) if p.head.pos_ in ("VERB", "AUX") else _slot_gov_subj(ctx, p.head, slot)
    if p.lower_ == "of" and p.head.lemma_.lower() in ("one", "some", "several", "two", "three"):
        return _slot_gov_subj(ctx, p.head, slot)
    return []


@_reads("companion")
def _slot_companion(ctx: _Ctx, t, slot: str) -> list:
    # "started X with B", "founded by A with B": "with" hangs off the verb, its object or its agent
    hosts = [t, *_children(t, "dobj"), *_subj(t)]
    return [p for h in hosts for c in _children(h, "prep") if c.lower_ == "with" for p in _children(c, "pobj")]


@_reads("subj_stake")
def _slot_subj_stake(ctx: _Ctx, t, slot: str) -> list:
    # "X, the Company's largest shareholder, agreed to invest $75m in new shares": a further stake in the firm
    # its subject already holds one in, when the deed names no firm of its own
    out = []
    for s in _surface_subj(t):
        for a in _children(s, "appos"):
            if a.lemma_.lower() in STAKEHOLDER_NOUNS:
                out += _children(a, "poss") + [p for c in _children(a, "prep") if c.lower_ == "of" for p in _children(c, "pobj")]
    return out


@_reads("asset_owner")
def _slot_asset_owner(ctx: _Ctx, t, slot: str) -> list:
    # "T made up 58% of X's assets", "X's balance sheet was made up of T", "T made up 70% of the assets X reported":
    # whose books a composition verb speaks of
    nouns = _subj(t) + _obj(t) + _preps(t, "of")
    nouns += [p for o in _obj(t) + _subj(t) for p in _preps(o, "of")]  # "58% of X's assets", "most of X's books"
    out = []
    for n in nouns:
        mods = [c.lower_ + " " + n.lemma_.lower() for c in n.children if c.dep_ in ("compound", "amod")]
        if n.lemma_.lower() not in ASSET_NOUNS and not any(m in ASSET_NOUNS for m in mods):
            continue
        out += _children(n, "poss")
        out += [s for r in n.children if r.dep_ in ("relcl", "acl") for s in _children(r, "nsubj")]
    return out


@_reads("board_owner")
def _slot_board_owner(ctx: _Ctx, t, slot: str) -> list:
    # "Chairman of Veldt's Board of Directors", "chair of the board of Veldt": the firm whose board it is
    out = []
    for board in _preps(t, "of"):
        m = ctx.mention_at[board.i]
        name = (m.text if m is not None else board.text).lower()
        if board.lemma_.lower() in BOARD_NOUNS or name in BOARD_NOUNS or name.startswith("board of"):
            out += _children(board, "poss") + [p for p in _preps(board, "of") if p.lower_ != "directors"]
    return out


@_reads("obj_board")
def _slot_obj_board(ctx: _Ctx, t, slot: str) -> list:
    # "A joined X's board", "A sits on the board of X": the firm whose board (not an advisory one) A is on
    boards = _obj(t) + [p for c in _children(t, "prep") if c.lower_ in ("on", "to") for p in _children(c, "pobj")]
    out = []
    for b in boards:
        if b.lemma_.lower() not in BOARD_NOUNS or any(c.lower_ == "advisory" for c in b.children):
            continue
        out += _children(b, "poss") + [p for p in _preps(b, "of") if p.lower_ != "directors"]
    return out


def _as_verb(t):
    """The verb a title is "as" of ("joins X as chief executive", "hires A as managing director"), else None."""
    if t.dep_ != "pobj" or t.head.lower_ != "as" or t.head.dep_ != "prep":
        return None
    v = t.head.head
    for _ in range(3):  # (the parser may hang the "as" on a name in a phrase of the verb: "named in 2023 A as ...")
        if v.pos_ == "VERB" or v.dep_ not in ("pobj", "prep", "dobj"):
            break
        v = v.head
    return v if v.pos_ == "VERB" else None


@_reads("as_firm")
def _slot_as_firm(ctx: _Ctx, t, slot: str) -> list:
    # "A joins X as chief executive", "A returns to X as chief operating officer", "X hires A as managing
    # director": the firm the verb takes, or goes to, or that takes the person on
    v = _as_verb(t)
    if v is None or v.dep_ == "relcl" and v.head.conjuncts:
        return []
    objs = _obj(v)
    people = [o for o in objs if ctx.mention_at[o.i] is not None and ctx.mention_at[o.i].label_ == "Person"]
    if people:
        return [x for x in _subj(v) if ctx.mention_at[x.i] is not None and ctx.mention_at[x.i].label_ == "Organization"]
    return objs + [p for c in _children(v, "prep") if c.lower_ in ("to", "at") for p in _children(c, "pobj")]


@_reads("board_seat")
def _slot_board_seat(ctx: _Ctx, t, slot: str) -> list:
    # "A sits on the board of X", "A still sits on the lender's board", "A took a seat on its board": the firm
    # whose board (not an advisory one) A sits on; a bare "the board" is the firm the sentence says was invested
    # in ("Greyfinch owns 18% of the company; its partner, A, sits on the board"), else the article's topic firm
    seats = [t] + [o for o in _obj(t) if o.lemma_.lower() in SEAT_NOUNS]
    boards = [p for x in seats for c in _children(x, "prep") if c.lower_ == "on" for p in _children(c, "pobj")
              if p.lemma_.lower() in BOARD_NOUNS and not any(m.lower_ == "advisory" for m in p.children)]
    out = []
    for b in boards:
        own = _children(b, "poss") + [p for p in _preps(b, "of") if p.lower_ != "directors"] + \
            [c for c in b.children if c.dep_ == "compound" and ctx.mention_at[c.i] is not None]
        if own:
            out += own
            continue
        sent = ctx.sents[ctx.sent_of[t.i]]
        invested = {r.target for r in _found_in(ctx, sent, ("INVESTED_IN", "OWNS"))}
        ms = [m for m in ctx.mention_at[sent.start:sent.end] if m is not None and _entity_of(m, ctx) in invested]
        if len(invested) == 1 and ms:
            out.append(ms[-1].root)
        elif not invested:
            out += [m.root for m in _topic_target(ctx, sent, _party_mentions(ctx, t))]
    return out


@_reads("board_topic")
def _slot_board_topic(ctx: _Ctx, t, slot: str) -> list:
    # "A resigned from the board of X", "A left the X board", "A quit X's board": the firm whose board A left; a
    # bare "the board" in a sentence naming no other firm is the article's topic firm's
    if t.lemma_.lower() not in BOARD_LEAVING_VERBS:
        return []
    boards = [b for b in _obj(t) + _preps(t, "from") + _preps(t, "off")
              if b.lemma_.lower() in BOARD_NOUNS and not any(c.lower_ == "advisory" for c in b.children)]
    if t.lemma_.lower() == "step" and not any(c.lower_ == "down" for c in _children(t, "prt", "advmod")):
        return []  # "step" leaves only as "step down (from)"
    out = []
    for b in boards:
        out += _children(b, "poss") + [p for p in _preps(b, "of") if p.lower_ != "directors"] + \
            [c for c in _children(b, "compound") if ctx.mention_at[c.i] is not None]
        if not out and any(c.dep_ == "det" and c.lower_ == "the" for c in b.children):
            out += [m.root for m in _topic_target(ctx, ctx.sents[ctx.sent_of[t.i]], [])]
    return out


def _gapped_appos_clause(ctx: _Ctx, t):
    """"Y, an insurer X bought in 2021": the small parser hangs the gapped relative clause's subject X on the noun as
    its apposition and the verb (with no subject or object of its own) on the noun or the main verb; the name right
    before the verb and the noun it is hung on, else None."""
    if t.dep_ not in ("acl", "advcl") or t.tag_ not in ("VBD", "VBN", "VBZ", "VBP") or t.i == 0 \
            or _children(t, "nsubj", "nsubjpass", "dobj", "agent"):
        return _gapped_subject_clause(ctx, t)
    m = ctx.mention_at[t.i - 1]
    if m is None or m.end != t.i:
        return None
    name, noun = m.root, m.root.head
    if name.dep_ != "appos" or noun.pos_ != "NOUN" or noun.i >= m.start or ctx.mention_at[noun.i] is not None \
            or noun.dep_ != "appos" or (t.dep_ == "acl" and t.head.i not in (noun.i, name.i)):
        return None
    return name, noun.head


def _gapped_subject_clause(ctx: _Ctx, t):
    """"the loan is secured against Y, an insurer X acquired in 2021": the parser may instead make the noun the
    subject of a new verb, with X as the noun's apposition: the name and the firm the noun describes, else None."""
    if t.dep_ not in ("conj", "ccomp", "relcl") or t.tag_ not in ("VBD", "VBN") or t.i == 0 or _children(t, "dobj", "agent"):
        return None
    m = ctx.mention_at[t.i - 1]
    if m is None or m.end != t.i or m.root.dep_ != "appos":
        return None
    noun = m.root.head
    if noun.dep_ != "nsubj" or noun.head.i != t.i or noun.pos_ != "NOUN" or ctx.mention_at[noun.i] is not None:
        return None
    firm = _preceding_apposition(ctx, noun)
    return (m.root, firm[0]) if firm else None


@_reads("gap_appos_subj")
def _slot_gap_appos_subj(ctx: _Ctx, t, slot: str) -> list:
    found = _gapped_appos_clause(ctx, t)
    return [found[0]] if found else []


@_reads("gap_appos_object")
def _slot_gap_appos_object(ctx: _Ctx, t, slot: str) -> list:
    found = _gapped_appos_clause(ctx, t)
    return [found[1]] if found else []


@_reads("relcl_head")
def _slot_relcl_head(ctx: _Ctx, t, slot: str) -> list:
    # "Ravelstone Aviation LLC, a charter company that Tavistock co-owns": the noun the clause describes
    return _relcl_noun(t) if t.dep_ == "relcl" else []


def _relcl_noun(v) -> list:
    """The noun the relative clause ``v`` describes, or the name that noun is apposed to ("Ravelstone
    Aviation LLC, a charter company that ..."): the party the clause speaks of."""
    head = v.head
    return [head.head] if head.dep_ == "appos" else [head]


@_reads("relcl_in_which")
def _slot_relcl_in_which(ctx: _Ctx, t, slot: str) -> list:
    # "Y, a company in which X holds 55 percent", "a charter business in which X is the majority shareholder", "a
    # firm of which X owns half": the noun the clause describes (the name it is apposed to), when the clause
    # speaks of a stake (a verb with a share for object, or a title after a copula)
    v = t.head if t.dep_ == "attr" and t.head.lemma_ == "be" else t
    if v is not t and v.dep_ == "relcl" and any(c.lower_ == "where" for c in _children(v, "advmod")):
        return _relcl_noun(v)  # "three years at its rival X, where he was finance director"
    if v.dep_ != "relcl" or not any(p.lower_ in ("in", "of") and any(w.lower_ == "which" for w in _children(p, "pobj"))
                                    for p in _children(v, "prep")):
        return []
    if v is t and not any(o.lemma_.lower() in STAKE_LEMMAS for o in _obj(v)):
        return []
    return _relcl_noun(v)


@_reads("relcl_to_which")
def _slot_relcl_to_which(ctx: _Ctx, t, slot: str) -> list:
    # "Stellmoor Advisory Ltd, a consultancy to which X paid $1.4 million", "the fund into which Y moved $5m": the
    # noun the clause describes (the name it is apposed to) receives the money
    if t.dep_ not in ("relcl", "acl") or not any(
            c.lower_ in ("to", "into") and any(w.lower_ in ("which", "whom") for w in c.children) for c in t.children):
        return []
    return _relcl_noun(t)


@_reads("relcl_object")
def _slot_relcl_object(ctx: _Ctx, t, slot: str) -> list:
    # "VTX is the token Vantrelle issued in 2021", "the coin that X minted": the noun a relative clause with its
    # own subject and no object describes is that object; a copula's complement stands for its subject
    if t.dep_ == "acl" and not _children(t, "dobj", "agent") and ctx.mention_at[t.head.i] is not None:
        # the small parser's reading of "the token X issued": the noun hung on X as a modifier, the verb on X
        head = _misparsed_gap_noun(ctx, t.head)
        if head is None:
            return []
    elif t.dep_ != "relcl" or _children(t, "dobj") or not any(s.lower_ not in WH_WORDS for s in _children(t, "nsubj")):
        return []
    else:
        head = t.head
    if head.dep_ == "attr" and head.head.lemma_ == "be":
        return _children(head.head, "nsubj")
    return [head.head] if head.dep_ == "appos" else [head]


@_reads("gap_subj")
def _slot_gap_subj(ctx: _Ctx, t, slot: str) -> list:
    # "VTX is the token Vantrelle issued", misparsed as "the token Vantrelle" + modifier "issued": Vantrelle did it
    if t.dep_ == "acl" and not _children(t, "dobj", "agent") and ctx.mention_at[t.head.i] is not None:
        return [t.head] if _misparsed_gap_noun(ctx, t.head) is not None else []
    return []


def _misparsed_gap_noun(ctx: _Ctx, name):
    """"the token Vantrelle issued" parsed as one noun phrase "the token Vantrelle" (with "issued" its modifier):
    a token noun before the name, as its modifier, is the phrase's real head; the name itself then stands in its
    place in the sentence (apposition, copula complement)."""
    mention = ctx.mention_at[name.i]
    for c in name.children:
        if c.dep_ in ("amod", "compound") and c.i < mention.start and c.lemma_.lower() in TOKEN_NOUNS:
            return name
    return None


@_reads("own_description")
def _slot_own_description(ctx: _Ctx, t, slot: str) -> list:
    # "..., the Group's principal trading subsidiary, ...": a description the mention layer resolved to a named
    # firm, wherever the parse hung it, is that firm
    m = ctx.mention_at[t.i]
    return [t] if m is not None and m.root.i == t.i and m._.get("kg_mention_kind") == "description" else []


@_reads("acl_head")
def _slot_acl_head(ctx: _Ctx, t, slot: str) -> list:
    if not (t.dep_ in ("acl",) and (t.tag_ == "VBN" or _participle_tagged_noun(t))):
        return []
    return [_share_described(t.head)]


def _share_described(h):
    """"a company 60% held by X": the parser hangs the participle on the percentage and the percentage on the
    noun as its apposition: the noun is what is held."""
    if h.dep_ == "appos" and h.i == h.head.i + 1 + sum(1 for c in h.children if c.i < h.i) \
            and any(c.dep_ == "nummod" for c in h.children) and h.lemma_.lower() in ("%", "percent"):
        return h.head
    return h


@_reads("described_subj")
def _slot_described_subj(ctx: _Ctx, t, slot: str) -> list:
    # "X is a lending platform, started in 2019 by A" / "X is a platform set up by A": the participle describes
    # the copula's complement, and so the copula's subject
    if t.tag_ not in ("VBN", "VBD") or not _children(t, "agent"):  # a past form with its "by": a passive
        return []
    if t.dep_ == "conj" and t.head.lemma_ == "be" and _children(t.head, "attr"):
        return _children(t.head, "nsubj")
    if t.dep_ == "acl" and t.head.dep_ == "attr" and t.head.head.lemma_ == "be":
        return _children(t.head.head, "nsubj")
    return []


@_reads("fragment_topic")
def _slot_fragment_topic(ctx: _Ctx, t, slot: str) -> list:
    # a verbless fragment in a chronology or a list of answers: "Founders: A and B.", "An exchange, set up in 2020
    # by A and B.": the firm the article is about, when the fragment names no other
    sent = ctx.sents[ctx.sent_of[t.i]]
    if sent.root.pos_ not in ("NOUN", "PROPN") or any(x.pos_ in ("VERB", "AUX") and x.dep_ in ("ROOT", "conj") for x in sent):
        return []
    labelled = t.i == sent.root.i and t.i + 1 < sent.end and t.nbor(1).text == ":"
    described = t.dep_ == "acl" and t.tag_ == "VBN" and t.head.i == sent.root.i and bool(_children(t, "agent"))
    if not (labelled or described):
        return []
    return [m.root for m in _topic_target(ctx, sent, _party_mentions(ctx, t))]


def _party_mentions(ctx: _Ctx, t) -> list:
    return [ctx.mention_at[x.i] for x in t.subtree if ctx.mention_at[x.i] is not None]


def _subject_of_verb_taking(t, verbs: set[str]) -> list:
    """The subject of the verb whose direct object the trigger noun is, when that verb is one of ``verbs``."""
    if t.dep_ == "dobj" and t.head.lemma_.lower() in verbs:
        return _subj(t.head)
    return []


@_reads("debtor_subj")
def _slot_debtor_subj(ctx: _Ctx, t, slot: str) -> list:
    # "X failed to repay a $75m loan from Y", "the $4m X owes on a facility from Y": who owes the loan
    return _subject_of_verb_taking(t, DEBTOR_VERBS)


@_reads("recv_subj")
def _slot_recv_subj(ctx: _Ctx, t, slot: str) -> list:
    # "X received loans from Y": the receiver of a loan / payment noun
    return _subject_of_verb_taking(t, RECEIVE_VERBS)


@_reads("obj_share", "obj_security", "obj_control_share")
def _slot_obj_share(ctx: _Ctx, t, slot: str) -> list:
    nouns = SECURITY_NOUNS if slot == "obj_security" else SHARE_NOUNS
    out = []
    for o in _obj(t):
        whole = o.lower_ in CONTROL_SHARE_WORDS and o.pos_ in ("NOUN", "PRON", "DET", "ADJ")  # "all of the shares of X"
        for n in [o, *[p for c in _children(o, "prep") if c.lower_ == "of" for p in _children(c, "pobj")]]:
            control_noun = n.lower_ in CONTROL_SHARE_WORDS or whole  # "acquired a majority of X": the noun is the control
            if slot == "obj_control_share" and not control_noun and not any(
                    c.lower_ in CONTROL_SHARE_WORDS for c in n.children if c.dep_ in ("amod", "compound", "nummod", "det", "predet")):
                continue
            if slot == "obj_share" and (control_noun or any(c.lower_ in CONTROL_SHARE_WORDS for c in n.children if c.dep_ in ("det", "predet"))):
                continue
            if n.lemma_.lower() in nouns or (slot != "obj_security" and _share_capital(n)):
                firms = [p for c in _children(n, "prep") if c.lower_ in ("of", "in") for p in _children(c, "pobj")]
                firms += [p for a in _children(n, "acl") for ag in _children(a, "agent") for p in _children(ag, "pobj")]
                if not firms and n is o and t.pos_ == "VERB":  # "sold her stake in X to B", "in X" hung on the verb
                    firms = [p for c in _children(t, "prep") if c.lower_ == "in" and c.i > n.i for p in _children(c, "pobj")
                             if ctx.mention_at[p.i] is not None]
                # "its stake in X": with the firm named, the possessor is the holder, not the firm
                out += firms or _children(n, "poss") + [c for c in _children(n, "compound") if ctx.mention_at[c.i] is not None]
    return out


def _share_capital(n) -> bool:
    """"the (issued) share capital of X", "the equity capital of X": a firm's shares as one noun."""
    return n.lemma_.lower() == "capital" and any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in SHARE_NOUNS | CAPITAL_NOUNS
                                                 for c in n.children)


@_reads("with_clause_company")
def _slot_with_clause_company(ctx: _Ctx, t, slot: str) -> list:
    # "X was majority-owned by A, with B holding a minority stake", "A set up the company, with A holding 65%":
    # a stake naming no company of its own is in the company of the clause the "with" phrase hangs on
    if t.dep_ != "pcomp" or t.head.lower_ != "with" or t.head.head.pos_ not in ("VERB", "AUX"):
        return []
    stakes = [o for o in _obj(t) if o.lemma_.lower() in SHARE_NOUNS]
    if not stakes or any(c.lower_ in ("of", "in") for o in stakes for c in _children(o, "prep")):
        return []
    main = t.head.head
    if main.lemma_ == "be":  # "X was majority-owned by A, with ...": the phrase hung on the copula
        return _children(main, "nsubj", "nsubjpass")
    return _obj(main) or (_children(main.head, "nsubj", "nsubjpass") if main.dep_ in ("acomp", "xcomp") else [])


@_reads("acl_share")
def _slot_acl_share(ctx: _Ctx, t, slot: str) -> list:
    # "a 7.6% stake in Robinhood bought by Emergent": the company of the stake a participle describes
    if t.dep_ != "acl":
        return []
    h = t.head
    if h.dep_ == "pobj" and h.head.lower_ in ("of", "in") and h.head.head.lemma_.lower() in SHARE_NOUNS:
        return [h]  # the parser hangs the participle on the company: "a stake in X bought by Y"
    if h.lemma_.lower() not in SHARE_NOUNS or h.lower_ in CONTROL_SHARE_WORDS:
        return []
    return [p for c in _children(t.head, "prep") if c.lower_ in ("of", "in") for p in _children(c, "pobj")]


@_reads("obj_token")
def _slot_obj_token(ctx: _Ctx, t, slot: str) -> list:
    # "held $3.66bn of what it called 'unlocked FTT'": a token anywhere in the object phrase (the small
    # parser often calls "sold ZVQ tokens worth ..." a dative)
    objs = _obj(t) + (_children(t, "dative") if t.pos_ == "VERB" else [])
    named = [tok for o in objs for tok in o.subtree
             if ctx.mention_at[tok.i] is not None and ctx.mention_at[tok.i].label_ == "Token"][:1]
    return named or _bare_token_object(ctx, t, objs)


def _bare_token_object(ctx: _Ctx, t, objs) -> list:
    """"X, the entity that minted KRX, sold tokens worth $45m to Y": a bare token noun is the one token its
    sentence names; "kept about half of the supply", "held 60 percent of the circulating supply": a token's
    supply is the one token its sentence names, else the one the sentence before names."""
    bare = any(o.lemma_.lower() in TOKEN_NOUNS and ctx.mention_at[o.i] is None for o in objs)
    supply = any(n.lemma_.lower() in SUPPLY_NOUNS and ctx.mention_at[n.i] is None
                 for o in objs for n in [o, *(p for c in _children(o, "prep") if c.lower_ == "of" and _is_amount(o)
                                              for p in _children(c, "pobj"))])
    if not bare and not supply:
        return []
    si = ctx.sent_of[t.i]
    for k in ([si, si - 1] if supply else [si]):
        if k < 0:
            break
        sent = ctx.sents[k]
        tokens = {id(m): m for m in ctx.mention_at[sent.start:sent.end] if m is not None and m.label_ == "Token"}
        ms = list(tokens.values())
        if ms:
            return [ms[0].root] if len({_entity_of(m, ctx) for m in ms}) == 1 else []
    return []


@_reads("to_party")
def _slot_to_party(ctx: _Ctx, t, slot: str) -> list:
    # "sold ZVQ worth $60 million to investors including A and B": the party after "to" wherever the parser
    # hung it, inside the verb's own clause
    out = []
    for tok in t.subtree:
        if tok.lower_ == "to" and tok.dep_ in ("prep", "dative") and _clause_verb(tok).i == t.i:
            out += _children(tok, "pobj")
    return out


def _clause_verb(tok):
    """The nearest verb above ``tok``."""
    h = tok.head
    while h.pos_ not in ("VERB", "AUX") and h.head.i != h.i:
        h = h.head
    return h


@_reads("recv_from")
def _slot_recv_from(ctx: _Ctx, t, slot: str) -> list:
    # "X obtained a $300 million facility from Y": the lender hangs off the receiving verb or the noun
    if t.dep_ == "dobj" and t.head.lemma_.lower() in RECEIVE_VERBS:
        return _preps(t.head, "from") or _preps(t, "from")
    return []


@_reads("dative_next")
def _slot_dative_next(ctx: _Ctx, t, slot: str) -> list:
    # "lent 3AC 15,250 bitcoin", "paid Binance $2.1bn": a party right after the verb, whatever the parse
    if t.pos_ not in ("VERB",):
        return []
    j = t.i + 1
    while j < len(ctx.doc) and ctx.doc[j].pos_ in ("ADV", "PART") and ctx.doc[j].dep_ in ("advmod", "prt"):
        j += 1
    m = ctx.mention_at[j] if j < len(ctx.doc) else None
    if m is not None and m.start == j and m.label_ in ("Person", "Organization") and t.is_ancestor(ctx.doc[j]) \
            and any(a.like_num or a.pos_ == "NUM" or a.lemma_.lower() in MONEY_LEMMAS for a in ctx.doc[m.end:min(m.end + 6, len(ctx.doc))]):
        return [ctx.doc[j]]
    return []


@_reads("settle_claimant")
def _slot_settle_claimant(ctx: _Ctx, t, slot: str) -> list:
    # "agreed to pay $60m to settle the Justice Department's claims": the claimant is paid
    out = []
    for c in _children(t, "advcl", "xcomp", "conj"):
        if c.lemma_.lower() in SETTLE_VERBS:
            out += [tok for o in _children(c, "dobj") for tok in o.subtree if ctx.mention_at[tok.i] is not None][:1]
    return out


@_reads("holder")
def _slot_holder(ctx: _Ctx, t, slot: str) -> list:
    # "$355m in digital assets frozen on X", "held $175m in its X account": whoever holds the money
    if t.dep_ == "acl" and t.head.pos_ in ("NOUN", "PROPN", "NUM"):
        return _controller(t.head, 1)
    if t.pos_ in ("NOUN", "PROPN"):
        return _controller(t, 1)
    return []


@_reads("acl_agent")
def _slot_acl_agent(ctx: _Ctx, t, slot: str) -> list:
    # "a round led by X", "a private sale led by X and Y"
    return [p for a in _children(t, "acl") for ag in _children(a, "agent") for p in _children(ag, "pobj")]


@_reads("acl_holder")
def _slot_acl_holder(ctx: _Ctx, t, slot: str) -> list:
    # "client balances held by X", "customer assets kept by X": who holds the money a participle says is held
    return [p for a in _children(t, "acl") if a.lemma_.lower() in ("hold", "keep", "safeguard")
            for ag in _children(a, "agent") for p in _children(ag, "pobj")]


@_reads("obj_round", "prep_round")
def _slot_obj_round(ctx: _Ctx, t, slot: str) -> list:
    out = []
    for r in _round_nouns(t, slot):
        out += _children(r, "poss") + [c for c in _children(r, "compound") if ctx.mention_at[c.i] is not None]
        out += [p for c in _children(r, "prep") if c.lower_ in ("in", "for", "of", "into") for p in _children(c, "pobj")]
    return out


def _round_nouns(t, slot: str) -> list:
    """The funding rounds among a verb's objects ("obj_round") or prepositional objects: "a funding round", and
    "Series A" (the round named by the letter, "Series" compounded with it)."""
    rounds = _obj(t) if slot in ("obj_round", "round_topic") else [p for c in _children(t, "prep") for p in _children(c, "pobj")]
    return [r for r in rounds if r.lemma_.lower() in ROUND_NOUNS or r.pos_ == "PROPN" and len(r.text) == 1 and any(
        c.lower_ in ROUND_NOUNS for c in _children(r, "compound"))]


@_reads("round_topic")
def _slot_round_topic(ctx: _Ctx, t, slot: str) -> list:
    # "X led the Series B", "X led the funding round in 2022": a round no party owns is the article's firm's
    rounds = _round_nouns(t, slot)
    if not rounds or _slot_obj_round(ctx, t, "obj_round"):
        return []
    sent = ctx.sents[ctx.sent_of[t.i]]
    return [m.root for m in _topic_target(ctx, sent, [ctx.mention_at[x.i] for x in _subj(t) if ctx.mention_at[x.i] is not None])]


@_reads("remainder_topic")
def _slot_remainder_topic(ctx: _Ctx, t, slot: str) -> list:
    # "X is 60% owned by A. The remaining 40% is held by B.": a bare share of no named firm, the rest of one, is of
    # the firm whose ownership the sentence before states, else the article's firm
    if not _is_passive(t) or not any(_is_remainder_share(s) for s in _children(t, "nsubjpass")):
        return []
    return _share_firm(ctx, t)


@_reads("bare_share_topic")
def _slot_bare_share_topic(ctx: _Ctx, t, slot: str) -> list:
    # "Leocadia Brassard, chief executive since 2021, owns a further 1.6%", "Sallis bought 40,000 shares": a share
    # that names no firm is in the firm whose ownership the sentence before states, else the article's firm
    if _is_passive(t) or not any(_is_bare_share(ctx, o) for o in _children(t, "dobj")) \
            or any(p.lower_ in WH_WORDS or ctx.mention_at[p.i] is not None for c in _children(t, "prep")
                   if c.lower_ in ("in", "of") for p in _children(c, "pobj")):  # ("in which A holds 58%": the clause's)
        return []
    return _share_firm(ctx, t)


def _share_firm(ctx: _Ctx, t) -> list:
    """The firm a share naming none is in: the one whose ownership the sentence before (or this one) states, when
    the share's holder is not that firm, else the article's firm."""
    sent = ctx.sents[ctx.sent_of[t.i]]
    owners = [ctx.mention_at[x.i] for x in _subj(t) if ctx.mention_at[x.i] is not None]
    before = _owned_before(ctx, sent)
    if before is not None and _entity_of(before, ctx) not in {_entity_of(o, ctx) for o in owners}:
        return [before.root]
    return [m.root for m in _topic_target(ctx, sent, owners)]


def _is_bare_share(ctx: _Ctx, n) -> bool:
    """"1.6%", "a further 2 percent", "40,000 shares", "a 9% holding": a counted share of no firm the phrase names
    (not "majority control", "the remaining family shares")."""
    counted = any(c.dep_ in ("nummod", "compound", "amod") and (c.like_num or c.lower_ in ("%", "percent")
                                                                or any(g.like_num for g in c.children)) for c in n.children)
    share = n.lower_ in ("%", "percent") or (n.lemma_.lower() in SHARE_NOUNS and counted)
    named = any(c.dep_ == "prep" and c.lower_ in ("of", "in") for c in n.children) or any(
        ctx.mention_at[c.i] is not None for c in n.children if c.dep_ in ("poss", "compound"))
    return share and not named and ctx.mention_at[n.i] is None


def _is_remainder_share(n) -> bool:
    """"the remaining 38%", "the other 40 percent", "the rest": a share that names no firm of its own."""
    words = {c.lower_ for c in n.subtree}
    if any(c.dep_ == "prep" and c.lower_ in ("of", "in") for c in n.children):
        return False
    share = n.lower_ in ("%", "percent") or n.lemma_.lower() in SHARE_NOUNS or n.lower_ in REMAINDER_WORDS
    return share and bool(words & REMAINDER_WORDS)


def _owned_before(ctx: _Ctx, sent: Span):
    """The organisation the previous sentence, or this one, says is owned ("X is 60% owned by A", "A owns 60% of
    X")."""
    si = ctx.sent_of[sent.start]
    before = list(ctx.sents[si - 1]) if si > 0 else []
    for x in before + list(sent):
        if x.lemma_.lower() in ("own", "hold") and x.pos_ in ("VERB", "AUX"):
            if x.tag_ == "VBN":  # "X is owned by", "X is 60% owned by" (a participle the parser made a complement)
                cands = _children(x, "nsubjpass") + (_children(x.head, "nsubj") if x.dep_ == "acomp" else [])
            else:
                cands = [p for o in _children(x, "dobj") for c in _children(o, "prep") if c.lower_ in ("of", "in")
                         for p in _children(c, "pobj")]
            for c in cands:
                m = ctx.mention_at[c.i]
                while m is None and c.lemma_.lower() in SHARE_NOUNS:  # "70 percent of the ordinary shares of X"
                    q = next((q for q in _children(c, "prep") if q.lower_ == "of"), None)
                    if q is None or q.i + 1 >= len(ctx.doc):
                        break
                    # (an "of" the parser left without its object: the name right after it)
                    c = next(iter(_children(q, "pobj")), ctx.doc[q.i + 1])
                    m = ctx.mention_at[c.i]
                if m is not None and m.label_ == "Organization":
                    return m
    return None


@_reads("money_recipient")
def _slot_money_recipient(ctx: _Ctx, t, slot: str) -> list:
    # "Dynegy injected $1.5bn into Enron, money supplied by ChevronTexaco": the supplier paid the injector
    h = t.head
    if t.dep_ == "acl" and (h.lemma_.lower() in MONEY_LEMMAS or h.like_num) and h.head.pos_ in ("VERB", "AUX"):
        return _subj(h.head)
    if any(o.lemma_.lower() in MONEY_LEMMAS or o.like_num for o in _obj(t)):
        return _preps(t, "to")
    return []


@_reads("funds_owner")
def _slot_funds_owner(ctx: _Ctx, t, slot: str) -> list:
    # "FTX used customer funds to prop up Alameda": the platform holding the funds is the lender
    funds = []
    if t.dep_ in ("xcomp", "advcl"):
        funds += [d for d in _children(t.head, "dobj") if d.lemma_.lower() in FUNDS_LEMMAS]
    funds += [d for d in _children(t, "nsubj") if d.lemma_.lower() in FUNDS_LEMMAS]
    out = []
    for f in funds:
        for d in f.subtree:
            m = ctx.mention_at[d.i]
            if d.i < f.i and m is not None and m.label_ == "Organization":
                out.append(d)
    return out


@_reads("amount_owner")
def _slot_amount_owner(ctx: _Ctx, t, slot: str) -> list:
    # "Y received 3,200 bitcoin of X to keep in custody", "received $4m of X to invest": whose money or coins
    # the object is (a party named right after "of"; never a share or a percentage of a firm)
    out = []
    for o in _obj(t):
        lemma = o.lemma_.lower()
        m = ctx.mention_at[o.i]
        coins = m is not None and m.label_ == "Token"
        if not (coins or o.like_num or lemma in MONEY_LEMMAS) or lemma in SHARE_NOUNS or lemma in ("%", "percent"):
            continue
        for of in _children(o, "prep"):
            if of.lower_ == "of":
                out += [p for p in _children(of, "pobj") if ctx.mention_at[p.i] is not None
                        and ctx.mention_at[p.i].label_ in ("Organization", "Person")]
    return out


@_reads("passive_money_owner")
def _slot_passive_money_owner(ctx: _Ctx, t, slot: str) -> list:
    # "X's cash was held with Y", "$30m of X's reserves was moved to Y", "savings of X are held at Y": whose money
    # the passive verb's subject is (its possessor or the party after "of", through one money or account noun)
    if t.pos_ != "VERB" or not _is_passive(t):
        return []
    out = []
    for n in _children(t, "nsubjpass"):
        if _is_amount(n) or n.lemma_.lower() in MONEY_LEMMAS:
            out += _money_owners(ctx, n, depth=0)
    return out


def _money_owners(ctx: _Ctx, n, depth: int) -> list:
    """The parties a money noun or an amount belongs to: its possessor, else the object of its "of" (one level
    further when that object is itself money or an account: "$4m of X's reserves")."""
    owners = [*_children(n, "poss"), *(p for of in _children(n, "prep") if of.lower_ == "of" for p in _children(of, "pobj"))]
    out = []
    for o in owners:
        m = ctx.mention_at[o.i]
        if m is not None and m.label_ in ("Organization", "Person"):
            out.append(o)
        elif m is None and depth == 0 and (o.lemma_.lower() in MONEY_LEMMAS or o.lemma_.lower() in MONEY_CONTAINER_NOUNS):
            out += _money_owners(ctx, o, depth + 1)
    return out


@_reads("passive_group_money")
def _slot_passive_group_money(ctx: _Ctx, t, slot: str) -> list:
    # "Client assets are held at Y", "Investor cash was deposited with Y": the group whose money the passive's
    # subject is, named in its compound (whose money is held where; who moved it is another question)
    if t.pos_ != "VERB" or not _is_passive(t):
        return []
    return [c for n in _children(t, "nsubjpass") for c in _children(n, "compound")
            if ctx.mention_at[c.i] is not None and ctx.mention_at[c.i].label_ == "Group"]


@_reads("moving_money_owner")
def _slot_moving_money_owner(ctx: _Ctx, t, slot: str) -> list:
    # "X client money ended up at Y", "$4m of X's reserves went to Y": whose money the verb's subject is
    out = []
    for n in _children(t, "nsubj"):
        if not (_is_amount(n) or n.lemma_.lower() in MONEY_LEMMAS) or ctx.mention_at[n.i] is not None:
            continue
        out += _money_owners(ctx, n, depth=0)
        out += [d for d in n.subtree if d.i < n.i and d.dep_ == "compound" and ctx.mention_at[d.i] is not None
                and ctx.mention_at[d.i].label_ in ("Organization", "Person")]
    return out


@_reads("prep_security")
def _slot_prep_security(ctx: _Ctx, t, slot: str) -> list:
    # "subscribed for shares in X", "subscribed $20m for new units of X": the firm the securities after "for" are in
    out = []
    for c in _children(t, "prep"):
        if c.lower_ != "for":
            continue
        for n in _children(c, "pobj"):
            if not _is_security(n):
                n = next((p for of in _children(n, "prep") if of.lower_ == "of" and _is_amount(n)
                          for p in _children(of, "pobj")), n)  # "for $20m of shares in X"
            if _is_security(n):
                out += [p for cc in _children(n, "prep") if cc.lower_ in ("of", "in") for p in _children(cc, "pobj")]
    return out


def _is_security(n) -> bool:
    return n.lemma_.lower() in SECURITY_NOUNS or n.lemma_.lower() in SHARE_NOUNS


@_reads("gapped_investee")
def _slot_gapped_investee(ctx: _Ctx, t, slot: str) -> list:
    # "A invested $55m in X, and B put in a further $12m": a second investor's verb with no firm of its own invests
    # in the firm the sentence's earlier verb of investing named
    if any(not _is_amount(p) for p in _preps(t, "in") + _preps(t, "into")) \
            or any(ctx.mention_at[o.i] is not None for o in _obj(t)) \
            or any(c.lower_ in GAP_BLOCKING_WORDS for c in _children(t, "prep", "prt", "advmod")):
        return []  # "B put $2m aside for legal costs": money put somewhere else
    sent = ctx.sents[ctx.sent_of[t.i]]
    for v in reversed([x for x in sent if x.i < t.i and x.pos_ == "VERB" and x.lemma_.lower() in INVEST_VERBS]):
        firms = [p for p in _preps(v, "in") + _preps(v, "into") if ctx.mention_at[p.i] is not None
                 and ctx.mention_at[p.i].label_ == "Organization"]
        if firms:
            return firms
    return []


@_reads("gapped_investor")
def _slot_gapped_investor(ctx: _Ctx, t, slot: str) -> list:
    # "..., and a smaller backer, B, put in a further $12m" misparsed with "put" a modifier of "backer": the backer
    return _subj(t) or ([t.head] if t.dep_ == "acl" and t.head.pos_ in ("NOUN", "PROPN") else [])


@_reads("co_investor")
def _slot_co_investor(ctx: _Ctx, t, slot: str) -> list:
    # "X invested $5m in Y alongside A and B", "bought T, investing $30m alongside A", "X, together with A, put $9m
    # into Y": whoever invests alongside the subject invests in the same firm or token
    hosts = [t, *(c for c in _children(t, "advcl", "xcomp") if c.pos_ == "VERB"), *_subj(t), *_obj(t)]
    hosts += [p for h in list(hosts) if h.pos_ == "VERB" for c in _children(h, "prep") for p in _children(c, "pobj")]
    out = []
    for h in hosts:
        for c in _children(h, "prep"):
            together = any(a.lower_ in CO_AGENT_ADVERBS for a in _children(c, "advmod"))
            if c.lower_ in CO_AGENT_PREPS or (c.lower_ == "with" and together):
                out += _children(c, "pobj")
    return out


@_reads("money_keeper")
def _slot_money_keeper(ctx: _Ctx, t, slot: str) -> list:
    # "assets deposited by clients with X were moved to Y": the party the passive verb's money was kept with moved it
    if t.pos_ != "VERB" or not _is_passive(t):
        return []
    out = []
    for n in _children(t, "nsubjpass"):
        if not (_is_amount(n) or n.lemma_.lower() in MONEY_LEMMAS):
            continue
        for part in _children(n, "acl"):
            if part.lemma_.lower() in KEEP_VERBS:
                out += [p for c in part.subtree if c.dep_ == "prep" and c.lower_ in ("with", "at")
                        for p in _children(c, "pobj") if ctx.mention_at[p.i] is not None
                        and ctx.mention_at[p.i].label_ == "Organization"]
    return out


@_reads("name_owner")
def _slot_name_owner(ctx: _Ctx, t, slot: str) -> list:
    # "accounts held at Y in the name of X", "$11m is held by Y in an account in X's name": whose name the money
    # or the account is kept in
    hosts = [t, *(p for c in _children(t, "prep") if c.lower_ == "in" for p in _children(c, "pobj"))]
    out = []
    for h in hosts:
        for c in _children(h, "prep"):
            if c.lower_ != "in":
                continue
            for n in _children(c, "pobj"):
                if n.lemma_.lower() in NAME_NOUNS:
                    out += _children(n, "poss") + [p for of in _children(n, "prep") if of.lower_ == "of"
                                                    for p in _children(of, "pobj")]
    return out


@_reads("offer_party")
def _slot_offer_party(ctx: _Ctx, t, slot: str) -> list:
    # "a proposal from X to acquire Y", "X signed a term sheet to buy Y": an infinitive of buying hung on an offer
    # noun is the offer's: its "from" party, else its possessor or the subject of the verb the noun is object of
    noun = t.head
    if t.dep_ not in ("acl", "relcl") or not _children(t, "aux") or _children(t, "nsubj") or not _is_offer_noun(noun):
        return []
    return _preps(noun, "from") or _controller(noun)


def _is_offer_noun(noun) -> bool:
    """An offer noun, alone or with the word compounded before it ("term sheet", "letter of intent" by its head)."""
    words = {noun.lemma_.lower(), noun.lower_, *(f"{c.lower_} {noun.lower_}" for c in _children(noun, "compound"))}
    return bool(words & OFFER_NOUNS)


@_reads("to_party_included")
def _slot_to_party_included(ctx: _Ctx, t, slot: str) -> list:
    # "sold T worth $26m to investors, including A and B": the named members right after the verb's "to" phrase,
    # however high the parser hung "including" (on the verb, on "worth")
    out = []
    for to in t.subtree:
        if to.lower_ != "to" or to.dep_ not in ("prep", "dative") or _clause_verb(to).i != t.i:
            continue
        for p in _children(to, "pobj"):
            if ctx.mention_at[p.i] is not None:
                continue
            end = p.right_edge.i
            for inc in t.subtree:
                if inc.lower_ in INCLUDING_PREPS and inc.dep_ == "prep" and 0 < inc.i - end <= 2 \
                        and all(x.is_punct for x in t.doc[end + 1:inc.i]):
                    out += _children(inc, "pobj")
    return out


@_reads("parent_subj")
def _slot_parent_subj(ctx: _Ctx, t, slot: str) -> list:
    # "X has a subsidiary in Malta, Y", "X created a digital asset subsidiary, Y": who has or made the unit
    return _subject_of_verb_taking(t, PARENT_VERBS)


@_reads("stray_appos")
def _slot_stray_appos(ctx: _Ctx, t, slot: str) -> list:
    # "a subsidiary in Malta, the Pellor Europe Ltd.": the name the parser hung on the place
    return _stray_apposition(ctx, t)


@_reads("prep_capital")
def _slot_prep_capital(ctx: _Ctx, t, slot: str) -> list:
    # "the cooperative participates in its capital with 15 percent", "took part in the equity of X": whose capital
    out = []
    for p in _preps(t, "in"):
        if p.lemma_.lower() in CAPITAL_NOUNS or p.lower_ in CAPITAL_NOUNS:
            out += _children(p, "poss") + [o for c in _children(p, "prep") if c.lower_ == "of" for o in _children(c, "pobj")]
    return out


@_reads("with_host")
def _slot_with_host(ctx: _Ctx, t, slot: str) -> list:
    # "X launched in 2013 with seed capital from Y", "X started with funding from Y": the firm the money started
    v = t.head.head
    if t.dep_ != "pobj" or t.head.lower_ != "with" or v.pos_ != "VERB" or v.lemma_.lower() not in LAUNCH_VERBS:
        return []
    if v.dep_ == "acl":
        return [v.head]  # "Y's first vehicle, X, launched in 2013 with ..."
    return _obj(v) if _is_passive(v) else _surface_subj(v)


@_reads("launch_funder")
def _slot_launch_funder(ctx: _Ctx, t, slot: str) -> list:
    # "A founded X with $2m from Y", "set up X with seed money from Y": Y's money started the firm the verb founds
    if t.lemma_.lower() not in LAUNCH_VERBS and t.lower_ not in LAUNCH_VERBS:
        return []
    money = [p for c in _children(t, "prep") if c.lower_ == "with" for p in _children(c, "pobj")
             if _is_money(ctx, p) or p.lemma_.lower() in CAPITAL_NOUNS]
    if not money:
        return []
    # the "from" hangs on the verb or on the money noun, and names the giver ("from his savings" names none)
    return [p for x in [t, *money] for c in _children(x, "prep") if c.lower_ == "from" for p in _children(c, "pobj")
            if ctx.mention_at[p.i] is not None]


@_reads("advcl_subj")
def _slot_advcl_subj(ctx: _Ctx, t, slot: str) -> list:
    # "Founded in 2018 by A, X serves 600 clients", "Owned by A, the firm ...": a fronted participle with its own
    # "by" and no subject says its patient is the main clause's subject
    if t.dep_ != "advcl" or t.tag_ != "VBN" or not _children(t, "agent") or _children(t, "nsubj", "nsubjpass") \
            or t.i > t.head.i:
        return []
    return _children(t.head, "nsubj", "nsubjpass")


def _provided_with(t):
    """The verb that gives ``t`` "with" it ("provided X with a credit line"), or None."""
    prep = t.head if t.dep_ == "pobj" else None
    if prep is None or prep.lower_ != "with" or prep.head.lemma_.lower() not in PROVIDE_WITH_VERBS:
        return None
    return prep.head


@_reads("acl_giver", "acl_taker")
def _slot_acl_giving(ctx: _Ctx, t, slot: str) -> list:
    # "a loan of $92 million advanced by X to Y", "a payment made by X to Y": the participle after the money noun
    # (or after its amount) says who gave it (its agent) and to whom (its "to")
    # ("a loan of $5 million that Kellbridge made to Sorvane": a relative clause, its subject the giver)
    heads = [t, *[p for c in _children(t, "prep") if c.lower_ == "of" for p in _children(c, "pobj") if p.like_num or p.tag_ == "CD"]]
    out = []
    for a in (a for h in heads for a in _children(h, "acl", "relcl")):
        if a.lemma_.lower() not in GIVING_PARTICIPLES or (a.dep_ == "acl" and a.tag_ != "VBN") or (
                a.dep_ == "relcl" and not any(o.lower_ in WH_WORDS for o in _children(a, "dobj"))):
            continue
        if slot == "acl_giver":
            out += [p for ag in _children(a, "agent") for p in _children(ag, "pobj")]
            out += [x for x in _children(a, "nsubj") if x.lower_ not in WH_WORDS] if a.dep_ == "relcl" else []
        else:
            out += [p for c in _children(a, "prep", "dative") if c.lower_ == "to" for p in _children(c, "pobj")]
    return out


@_reads("acl_place")
def _slot_acl_place(ctx: _Ctx, t, slot: str) -> list:
    # "accounts held by Sorvane at Kellbridge Commercial Bank": where the participle after the account noun keeps
    # it (the parser may hang the "at" on the holder's name)
    out = []
    for a in _children(t, "acl"):
        if a.lemma_.lower() not in ACCOUNT_VERBS:
            continue
        hosts = [a, *[p for ag in _children(a, "agent") for p in _children(ag, "pobj")]]
        out += [p for h in hosts for c in _children(h, "prep") if c.lower_ in ("at", "with") for p in _children(c, "pobj")]
    return out


@_reads("with_giver", "with_taker")
def _slot_provided_with(ctx: _Ctx, t, slot: str) -> list:
    # "Y provided X with a $40m credit line", "a lender which supplied X with a loan": Y gives, X gets
    v = _provided_with(t)
    if v is None:
        return []
    if slot == "with_taker":
        return _children(v, "dobj")
    return _subj(v)


def _gapped_title_clause(t):
    """"A served as chairman of X, and B as chief executive": for the title of the gapped conjunct ("executive"),
    the name standing in for its verb's subject (B) and the verb (served); else (None, None)."""
    prep = t.head if t.dep_ == "pobj" else None
    if prep is None or prep.lower_ != "as" or prep.head.dep_ != "conj" or prep.head.pos_ != "PROPN":
        return None, None
    holder, verb = prep.head, prep.head.head
    if verb.pos_ not in ("VERB", "AUX") or not _children(verb, "nsubj"):
        return None, None
    return holder, verb


@_reads("gap_title_holder", "gap_title_firm")
def _slot_gap_title(ctx: _Ctx, t, slot: str) -> list:
    holder, verb = _gapped_title_clause(t)
    if holder is None:
        return []
    if slot == "gap_title_holder":
        return [holder]
    # the firm the first conjunct's title is "of" / "at"
    return [p for a in _children(verb, "prep") if a.lower_ == "as" for n in _children(a, "pobj")
            for c in _children(n, "prep") if c.lower_ in ("of", "at") for p in _children(c, "pobj")]


def _rest_gap(t):
    """"A owned 80% of X and B the rest": for an owning verb whose gapped second conjunct takes "the rest", the
    firm (X) and the names the parser hung on it as its coordinates (B); else (None, [])."""
    def rest(x) -> bool:  # "the rest" hung on the verb or, apposed, on the share or the gapped owner
        return any(c.lemma_.lower() in REMAINDER_WORDS and c.dep_ in ("npadvmod", "dobj", "conj", "appos")
                   for c in x.children)
    for o in _children(t, "dobj"):
        for c in _children(o, "prep"):
            if c.lower_ in ("of", "in"):
                for firm in _children(c, "pobj"):
                    owners = [x for x in firm.conjuncts if x.i > firm.i]
                    return (firm, owners) if any(rest(x) for x in [t, o, *owners]) else (None, [])
    return None, []


@_reads("rest_owner", "rest_firm")
def _slot_rest_gap(ctx: _Ctx, t, slot: str) -> list:
    firm, owners = _rest_gap(t)
    if firm is None or not owners:
        return []
    return owners if slot == "rest_owner" else [firm]


@_reads("ccomp_subj")
def _slot_ccomp_subj(ctx: _Ctx, t, slot: str) -> list:
    out = []
    clauses = sorted(_children(t, "ccomp"), key=lambda c: (c.i < t.i, abs(c.i - t.i)))
    for c in clauses[:1]:  # the reported clause (after the verb, else a fronted one), not a second one
        inner = [cc for cc in _children(c, "ccomp")] if c.lemma_.lower() in SAY_VERBS else []
        for clause in inner or [c]:
            out += _children(clause, "nsubj", "nsubjpass")
    return out


@_reads("gov_ccomp_subj")
def _slot_gov_ccomp_subj(ctx: _Ctx, t, slot: str) -> list:
    # "a report by X showed that Y ...": the report noun is the subject of the verb that frames the finding
    if t.dep_ in ("nsubj",) and t.head.pos_ == "VERB":
        return _slot(ctx, t.head, "ccomp_subj") or _slot(ctx, t.head, "ccomp_any")
    return []


@_reads("ccomp_any")
def _slot_ccomp_any(ctx: _Ctx, t, slot: str) -> list:
    return [tok for c in _children(t, "ccomp") for tok in c.subtree if ctx.mention_at[tok.i] is not None]


@_reads("acl_ccomp_subj")
def _slot_acl_ccomp_subj(ctx: _Ctx, t, slot: str) -> list:
    out = []
    for c in _children(t, "acl", "ccomp"):
        out += _slot(ctx, c, "subj") or []
    return out


def _mentions_for(ctx: _Ctx, tok, depth: int = 0) -> list[Span]:
    """The mention(s) an argument token stands for, looking through coordination, amounts and containers.
    Passes: the token and its coordinates; for each, a mention on it (`_named_here`), else a pronoun's antecedent
    (`_pronoun_stands_for`), else the first of the words it leads to (`_looked_through`) that names one."""
    out: list[Span] = []
    for t in [tok, *[c for c in tok.conjuncts if c.i > tok.i], *_apposed_coordinates(ctx, tok)]:
        named = _named_here(ctx, t, depth)
        if named is not None:
            out += named
            continue
        if depth >= 3:
            continue
        pronoun = _pronoun_stands_for(ctx, t, depth)
        if pronoun is not None:
            out += pronoun
            continue
        for n in _looked_through(ctx, t):
            got = _mentions_for(ctx, n, depth + 1)
            if got:
                out += got
                break
    seen, uniq = set(), []
    for m in out:
        if (m.start, m.end) not in seen:
            seen.add((m.start, m.end))
            uniq.append(m)
    return uniq


def _named_here(ctx: _Ctx, t, depth: int) -> list[Span] | None:
    """The mention on ``t`` itself (with a group's named members and a coordinate the name swallowed), or None."""
    m = ctx.mention_at[t.i] or ctx.unmentioned_name(t)
    if m is None:
        return None
    out = [m]
    if m.label_ == "Group" and depth < 3:
        out += [x for p in _included(t) for x in _mentions_for(ctx, p, depth + 1)]
    # "A and B" parsed as one name ("Varnholt Capital and Quillon Bank"): the coordinate inside
    for c in t.children:
        if c.dep_ in ("nmod", "compound") and _children(c, "cc") and ctx.mention_at[c.i] is not None:
            out.append(ctx.mention_at[c.i])
    return out


def _pronoun_stands_for(ctx: _Ctx, t, depth: int) -> list[Span] | None:
    """What a bare possessive or relative pronoun stands for, or None when ``t`` is no such pronoun."""
    if t.lower_ == "its" and t.dep_ == "poss":
        return _possessive_antecedent(ctx, t)  # "Alemayehu, its chairman,": the firm the clause is about
    if t.lemma_.lower() in PAIR_NOUNS and t.pos_ in ("NOUN", "NUM") and _children(t, "det") and t.i > 0:
        return _last_pair(ctx, t)  # "the pair founded X": the two people the text last named together
    if t.lower_ not in WH_WORDS:
        return None
    if (t.dep_ == "pobj" and t.lower_ in ("which", "whom")) or (t.dep_ == "poss" and t.lower_ == "whose"):
        # "X, of which Y is the founder", "X, whose other shareholders are A and B"
        return _mentions_for(ctx, _placed_antecedent(ctx, _antecedent(t)), depth + 1)
    return []


def _last_pair(ctx: _Ctx, t) -> list[Span] | None:
    """"Halvard and Ines met at university. In 2019 the pair founded X.": the last two people named together
    ("A and B") in this sentence before ``t`` or the two before it; None (no pronoun) when the noun has an "of"
    ("the pair of them") or another modifier, or no such two were named."""
    if t.dep_ not in ("nsubj", "nsubjpass", "pobj", "dobj", "conj") or any(
            c.dep_ in ("prep", "amod", "compound", "nummod") for c in t.children):
        return None
    si = ctx.sent_of[t.i]
    start = ctx.sents[max(si - 2, 0)].start  # (a sentence about each of them may come between)
    for x in reversed(ctx.doc[start:t.i]):
        m = ctx.mention_at[x.i]
        if m is None or m.label_ != "Person" or x.i != m.root.i:
            continue
        others = [ctx.mention_at[c.i] for c in x.conjuncts if c.i < t.i and ctx.mention_at[c.i] is not None
                  and ctx.mention_at[c.i].label_ == "Person" and ctx.mention_at[c.i] is not m]
        if len(others) == 1:
            return sorted([m, others[0]], key=lambda s: s.start)
    return None


def _looked_through(ctx: _Ctx, t) -> list:
    """The words an unnamed argument leads to, best first: its apposition, what it describes, the parties an
    amount, a class or a holder noun is of, its possessor and the names compounded with it."""
    # its own apposition first ("the fund A and the businessman B": B for "businessman")
    nxt = [a for a in _children(t, "appos") if not _names_a_relative(ctx, a)]
    lemma = t.lemma_.lower()
    if lemma in KIN_NOUNS or t.lower_ in KIN_NOUNS:
        # "founded by Dravo's stepson, Brask Nielsen": the relative named beside the noun, not its possessor
        people = ("Person", "Organization")  # (the mention layer may mistype a lone name)
        return nxt or _adjacent_apposition(ctx, t, labels=people) or _name_after_object(ctx, t, people, people)
    if not nxt and lemma in ctx.ex.title_heads and (_children(t, "poss") or _split_word_possessed(t)):
        # "owned by DDB's chief executive, Mr X": the holder named beside the title, never the firm possessing it
        return _adjacent_apposition(ctx, t, labels=("Person",))
    if not nxt and lemma in ORG_DESCRIPTION_HEADS:
        nxt += _stray_apposition(ctx, t) or _adjacent_apposition(ctx, t) or _preceding_apposition(ctx, t)
    if (t.dep_ == "appos" or (t.dep_ == "conj" and t.head.dep_ == "appos")) and t.head.pos_ != "PRON":
        nxt.append(t.head)  # (never back to a bare pronoun: "It, a fund managed by X" is a misparse)
    if t.dep_ == "attr" and t.head.lemma_ == "be":
        nxt += _children(t.head, "nsubj")  # "BUSD is a stablecoin issued by Paxos"
    if lemma in QUANTITY_LEMMAS or t.pos_ == "NUM" or t.like_num:
        nxt += [p for c in _children(t, "prep") if c.lower_ in ("of", "in", "worth") for p in _children(c, "pobj")]
    elif lemma in COLLECTIVE_NOUNS:
        # "a group of investors", "a syndicate led by X": the parties that make it up or lead it
        nxt += [p for c in _children(t, "prep") if c.lower_ == "of" for p in _children(c, "pobj")]
        nxt += [p for a in _children(t, "acl") if a.lemma_.lower() == "lead" for ag in _children(a, "agent")
                for p in _children(ag, "pobj")]
    # "a trading company called X": the name the noun is given
    nxt += [c for a in _children(t, "acl") if a.lemma_.lower() in NAMING_VERBS for c in _children(a, "oprd", "attr", "dobj")]
    nxt += _children(t, "poss")
    nxt += _included(t)
    if t.lower_ in IDENTITY_PRONOUNS:
        nxt += _than_names(t)
    if t.pos_ in ("NOUN", "PROPN", "NUM"):
        nxt += [c for c in _children(t, "compound", "nmod") if ctx.mention_at[c.i] is not None]
    if lemma in HOLDER_NOUNS:
        nxt += [p for a in _children(t, "acl") if a.lemma_.lower() in LINK_VERBS
                for c in _children(a, "prep", "agent") if c.lower_ in ("to", "with", "by") for p in _children(c, "pobj")]
    return nxt


def _than_names(t) -> list:
    """"none other than X": the objects of the "than" on "other" (or on the pronoun itself)."""
    hosts = [t, *(c for c in t.children if c.lower_ in ("other", "else"))]
    return [p for h in hosts for c in _children(h, "prep") if c.lower_ == "than" for p in _children(c, "pobj")]


def _split_word_possessed(t) -> bool:
    """"by X's co-founder": the tokenizer split the title at its hyphen and the parser hung the possessor on the
    first piece ("co"), a sibling of the last."""
    doc = t.doc
    return t.i >= 2 and doc[t.i - 1].lower_ == "-" and bool(_children(doc[t.i - 2], "poss"))


def _names_a_relative(ctx: _Ctx, a) -> bool:
    """"a studio founded by Dravo's stepson, Brask Nielsen": the parser hangs the relative's name on the studio;
    a name right after a kin noun and its comma is the relative's, not an apposition of the noun it hangs on."""
    m = ctx.mention_at[a.i]
    if m is None or m.start < 2 or ctx.doc[m.start - 1].lower_ != ",":
        return False
    kin = ctx.doc[m.start - 2]
    return kin.i != a.head.i and (kin.lemma_.lower() in KIN_NOUNS or kin.lower_ in KIN_NOUNS)


def _included(t) -> list:
    """"investors including A, B and C", "funds such as A": the named members of a class or a group, also when
    the parser hung "including" on a word above the class noun right after its phrase ("to investors in X,
    including A")."""
    preps = [c for c in _children(t, "prep") if c.lower_ in INCLUDING_PREPS]
    h, end = t, t.right_edge.i
    for _ in range(3):
        if h.head.i == h.i or h.pos_ in ("VERB", "AUX") and h.i != t.i:
            break
        h = h.head
        preps += [c for c in _children(h, "prep") if c.lower_ in INCLUDING_PREPS and 0 < c.i - end <= 2
                  and all(x.is_punct for x in t.doc[end + 1:c.i])]
    return [p for c in preps for p in _children(c, "pobj")] + \
        [p for c in _children(t, "amod", "prep") if c.lower_ == "such" for a in _children(c, "prep") for p in _children(a, "pobj")]


def _stray_apposition(ctx: _Ctx, t) -> list:
    """"a small bank of Minas Gerais, the Banco Serrano", "a listed company in Shenzhen, Tianmu Equipment": the
    parser hangs the name that follows a described firm's place on the place; after a comma, with nothing
    coordinating it, it names the firm."""
    out = []
    preps = _children(t, "prep")
    if t.dep_ == "dobj":  # "acquire a listed company in Shenzhen, ...": the place hung on the verb
        preps += [p for p in _children(t.head, "prep") if p.i == t.right_edge.i + 1]
    for prep in preps:
        if prep.lower_ not in STRAY_APPOSITION_PREPS:
            continue
        for place in _children(prep, "pobj"):
            for q in place.children:
                m = ctx.mention_at[q.i]
                if q.dep_ not in ("appos", "conj") or m is None or m.label_ != "Organization" or m.start <= place.i:
                    continue
                before = ctx.doc[m.start - 1] if m.start > 0 else None
                if before is not None and before.dep_ == "det" and m.start > 1:
                    before = ctx.doc[m.start - 2]  # ", the Banco Serrano"
                if before is not None and before.lower_ == "," and not _children(place, "cc") \
                        and q.i == max(c.i for c in place.children if c.dep_ in ("appos", "conj")):
                    out.append(q)
    return out


def _named_apposition(ctx: _Ctx, t) -> bool:
    """A plain noun the name beside it stands for: its apposition ("its card business, X Ltd,"), wherever the
    parser hung the name."""
    return any(ctx.mention_at[a.i] is not None for a in _children(t, "appos")) or bool(_adjacent_apposition(ctx, t))


def _adjacent_apposition(ctx: _Ctx, t, labels=("Organization",)) -> list:
    """"issued by our foundation, the Lagoon Street Foundation, which ...": a name set off by commas right after
    a described firm is its apposition wherever the parser hung it (not a coordinate, not a new clause's
    subject), when the name closes there."""
    j = t.right_edge.i + 1
    if j + 1 >= len(ctx.doc) or ctx.doc[j].lower_ != ",":
        return []
    skip = ctx.mention_at[j + 1] is None and (ctx.doc[j + 1].dep_ == "det" or ctx.doc[j + 1].lower_ in HONORIFICS)
    k = _past_descriptors(ctx, j + 2 if skip else j + 1)  # ", the X", ", Mr X", ", the lawyer X"
    m = ctx.mention_at[k] if k < len(ctx.doc) else None
    if m is None or m.start not in (j + 1, k) or m.label_ not in labels:
        return []
    root = m.root
    if root.dep_ not in ("appos", "npadvmod", "dep", "conj") or _children(root.head, "cc") and root.dep_ == "conj":
        return []
    after = ctx.doc[m.end] if m.end < len(ctx.doc) else None
    if after is not None and not (after.is_punct or after.lower_ in WH_WORDS):
        return []
    return [root]


def _past_descriptors(ctx: _Ctx, k: int, most: int = 3) -> int:
    """", the lawyer X", ", the software engineer X": the first word after the lower-case nouns that describe the
    name ahead (at most ``most`` of them), else ``k``."""
    doc, i = ctx.doc, k
    while i < len(doc) and i - k < most and ctx.mention_at[i] is None and doc[i].pos_ == "NOUN" and doc[i].is_lower:
        i += 1
    return i if i < len(doc) and ctx.mention_at[i] is not None and i > k else k


def _preceding_apposition(ctx: _Ctx, t) -> list:
    """"shares in the Tamsk Trust, a fund managed by X": the parser hangs the description on the verb as a second
    object (or as an apposition of the clause's pronoun subject: "It held shares in X, a fund managed by Y");
    right after a firm's name and a comma, with an article of its own, it describes that firm."""
    if (t.dep_ == "appos" and t.head.pos_ != "PRON") or not any(c.dep_ == "det" and c.lower_ in ("a", "an", "the") and c.i == t.left_edge.i
                                    for c in t.children):
        return []
    i = t.left_edge.i
    if i < 2 or ctx.doc[i - 1].lower_ != ",":
        return []
    m = ctx.mention_at[i - 2]
    if m is None or m.label_ != "Organization" or m.end != i - 1 or _children(m.root, "appos"):
        return []
    return [m.root]


def _apposed_coordinates(ctx: _Ctx, tok) -> list:
    """"by Orla Vint, a former engineer, and Teo Marr": the parser hangs the second name on the first one's
    apposition; it is the first name's coordinate all the same."""
    if ctx.mention_at[tok.i] is None:
        return []
    return [c for a in _children(tok, "appos") if ctx.mention_at[a.i] is None
            for c in a.conjuncts if c.i > a.i and ctx.mention_at[c.i] is not None]


def _antecedent(wh):
    """The noun a relative clause is about: "the company X, of which Y is the founder" -> X."""
    h = wh
    for _ in range(6):
        if h.dep_ == "relcl":
            return h.head
        if wh.lower_ == "whose" and h.i == wh.head.i and h.dep_ == "appos" and h.head.i < wh.i:
            return h.head  # "X, whose chief executive, Y, ...": the parser hangs the title on X as an apposition
        if h.head.i == h.i:
            break
        h = h.head
    return wh


def _possessive_antecedent(ctx: _Ctx, its) -> list:
    """The firm a possessive "its" stands for when the mention layer left it bare: the nearest subject before it
    in its sentence that names an organisation or describes one ("The company has not named a successor;
    Alemayehu, its chairman, ..."); people and other nouns are passed over. Without one, the named party the
    phrase hangs under."""
    coordinate = _coordinated_owner(ctx, its)
    if coordinate:
        return coordinate
    sent = ctx.sents[ctx.sent_of[its.i]]
    for i in range(its.i - 1, sent.start - 1, -1):
        tok = ctx.doc[i]
        if tok.dep_ not in ("nsubj", "nsubjpass"):
            continue
        m = ctx.mention_at[i]
        if (m is not None and m.label_ in ("Person", "Group")) or (m is None and tok.pos_ == "PRON"):
            continue
        if m is not None:
            return [m] if m.label_ == "Organization" else []
        named = [x for x in _mentions_for(ctx, tok, 2) if x.label_ == "Organization"][:1]  # "the bank X"
        if named or tok.lemma_.lower() in ORG_DESCRIPTION_HEADS:
            return named  # an unnamed firm ("the cooperative") stands for none we know
    # no subject: the firm the phrase hangs under ("Banco X, the regional bank, manifested its interest ...")
    for anc in its.ancestors:
        m = ctx.mention_at[anc.i]
        if m is not None:
            return [m] if m.label_ == "Organization" else []
    return []


def _coordinated_owner(ctx: _Ctx, its) -> list:
    """"managed by X and its managing partner Y": "its" on the second of two coordinated nouns is the first's, when
    that names an organisation."""
    noun = its.head
    if noun.dep_ != "conj" or noun.head.i > noun.i:
        return []
    m = ctx.mention_at[noun.head.i]
    return [m] if m is not None and m.label_ == "Organization" else []


def _placed_antecedent(ctx: _Ctx, head):
    """"a company registered in Cyprus, whose shareholders are ...": a relative hung on an unnamed place
    describes the firm the place is said of."""
    if ctx.mention_at[head.i] is not None or head.pos_ != "PROPN" or head.dep_ != "pobj":
        return head
    h = head.head
    for _ in range(4):
        if h.pos_ in ("NOUN", "PROPN") and (ctx.mention_at[h.i] is not None or h.lemma_.lower() in ORG_DESCRIPTION_HEADS):
            return h
        if h.dep_ not in ("prep", "acl", "pobj") or h.head.i == h.i:
            break
        h = h.head
    return head


def _rule_applies(rule: TriggerRule, t) -> bool:
    if rule.pos is None:
        return True
    pos = t.pos_
    if pos in rule.pos:
        return True
    # the small model often tags a participle-like noun as a verb ("the token issued by") and vice versa
    noun_like = t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "appos", "attr", "compound", "poss", "conj") and pos in ("VERB", "NOUN", "PROPN")
    if "NOUN" in rule.pos and noun_like and pos != "VERB":
        return True
    if "NOUN" in rule.pos and t.dep_ in ("appos", "attr", "compound", "pobj") and pos == "VERB" and t.tag_ in ("VBN", "NN"):
        return True
    return "VERB" in rule.pos and _participle_tagged_noun(t)


def _participle_tagged_noun(t) -> bool:
    """"a firm run by his brother": a participle with its own "by", modifying a noun, that the small tagger called
    a noun."""
    return t.pos_ == "NOUN" and t.dep_ == "acl" and bool(_children(t, "agent"))


def _states_money(t) -> bool:
    """"a $100m stake", "a stake of roughly $100m in X", "a stake worth $5m": the noun's own phrase, short of the
    firm it is in, names a sum of money (a currency sign or word; a percentage is none)."""
    firm_preps = [c for c in _children(t, "prep") if c.lower_ in ("in", "into")]
    inside = {x.i for c in firm_preps for x in c.subtree}
    return any(x.tag_ == "$" or x.lower_ in CURRENCY_WORDS for x in t.subtree if x.i != t.i and x.i not in inside)


def _future_state(t) -> bool:
    """"Merrowvale will become a wholly owned subsidiary", "will operate as a unit of Y": the clause the noun
    describes puts the state in the future ("will remain", "will continue" keep a present one)."""
    for g in governors(t, limit=4):
        if g.pos_ in ("VERB", "AUX"):
            return g.lemma_.lower() not in CONTINUING_VERBS and any(
                c.dep_ == "aux" and c.lower_ in FUTURE_AUXILIARIES for c in g.children)
    return False


def _governed(rule: TriggerRule, t) -> bool:
    if not rule.governed_words:
        return False
    for g in [*governors(t, limit=4)]:
        if g.lemma_.lower() in rule.governed_words or g.lower_ in rule.governed_words:
            return True
    for c in t.children:
        if c.dep_ in ("aux", "amod", "compound") and (c.lower_ in rule.governed_words or c.lemma_.lower() in rule.governed_words):
            return True
    return False


def _trigger_relations(ctx: _Ctx, sent: Span, trig: Span, rule_ids: list[int]) -> set:
    """Each rule of a trigger phrase read as a frame: does it apply (`_rule_applies`, `_rule_fits`), who are
    its sources (`_rule_sources`) and targets (`_rule_targets`); the relations it states are added."""
    if ctx.mention_at[trig.root.i] is not None and ctx.mention_at[trig.root.i].label_ in ("Person", "Group") \
            and trig.root.pos_ == "PROPN":
        return set()
    stated = set()
    title = _title_parsed_as_object(trig)
    for rule_id in rule_ids:
        rule = ctx.ex.rules[rule_id]
        # a title rule reads a title misparsed as verb and object from its noun; a verb rule reads the verb
        here = title if title is not None and rule.pos is not None and "VERB" not in rule.pos else trig
        t = here.root
        if not _rule_applies(rule, t):
            continue
        rel_type = rule.governed_type if _governed(rule, t) or rule.governed_by_money and _states_money(t) else rule.type
        denied = is_negated(t) or _negated_object(t)
        if denied and rel_type not in DENIABLE_TYPES or not _rule_fits(ctx, rule, t):
            continue
        sources, s_slot = _rule_sources(ctx, rule, here)
        if not sources:
            continue
        targets = _rule_targets(ctx, rule, here, sent, sources)
        if not targets:
            continue
        status = "denied" if denied else status_of(t, rel_type, ctx.ex.cues)
        inherited = s_slot in ("subj", "gov_subj") and not _children(t, "nsubj", "nsubjpass", "agent", "poss")
        conf = rule.confidence - (0.1 if inherited else 0.0)
        for s in sources:
            for g in targets:
                own = _own_amount(g.root) or _own_amount(s.root)
                if _add(ctx, sent, s, g, rel_type, status, conf, t, amount_anchor=own):
                    stated |= {(s.start, g.start), (g.start, s.start), (s.start, rel_type), (g.start, rel_type)}
    return stated


def _negated_object(t) -> bool:
    """"X has no stake in Y", "holds none of the shares", "neither A nor B held any interest in Y": a verb whose
    object or subject is negated states nothing held."""
    v = t if t.pos_ in ("VERB", "AUX") else t.head if t.dep_ == "dobj" else None  # (a stake noun: its verb)
    if v is not None and any(c.dep_ in ("preconj", "det") and c.lower_ == "neither"
                             for s in _children(v, "nsubj", "nsubjpass") for c in s.children):
        return True  # "neither A nor B held any interest in X"
    return t.pos_ in ("VERB", "AUX") and any(
        o.lower_ in ("none", "nothing") or any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in o.children)
        for o in _children(t, "dobj"))


def _title_parsed_as_object(trig: Span) -> Span | None:
    """"while Lisset was managing director until 2016": the parser reads a two-word title as a progressive verb
    and its object; the title noun (as a one-word span), for the rules that read titles, else None."""
    if len(trig) < 2:
        return None
    root, last = trig.root, trig[-1]
    if root.pos_ == "VERB" and last.head.i == root.i and last.dep_ == "dobj" and last.pos_ == "NOUN" \
            and _children(root, "aux") and all(x.i in (root.i, last.i) for x in trig):
        return trig.doc[last.i:last.i + 1]
    return None


def _rule_sources(ctx: _Ctx, rule: TriggerRule, trig: Span) -> tuple[list, str | None]:
    """The parties a rule's source slots give, with the slot that gave them."""
    t = trig.root
    # "co-founded" split by the tokenizer: the arguments may hang on any of its pieces, the agent's first
    pieces = [x for x in trig if x.i != t.i and _children(x, "agent")] + [t] + \
        [x for x in trig if x.i != t.i and not _children(x, "agent")]
    sources, s_slot = [], None
    for piece in pieces:
        sources, s_slot = _fill(ctx, piece, rule.source, types=rule.source_types)
        if sources:
            break
    if not sources:
        return [], None
    sources = _own_party(t, s_slot, sources)
    if s_slot == "subj":
        sources = sources + [m for tok in _co_agents(t) for m in _mentions_for(ctx, tok)
                             if (rule.source_types is None or m.label_ in rule.source_types) and m not in sources]
    return sources, s_slot


def _rule_targets(ctx: _Ctx, rule: TriggerRule, trig: Span, sent: Span, sources: list) -> list:
    """The parties a rule's target slots give (never one of its sources), else the title's coordinate's firm
    or the article's topic firm where the rule allows it."""
    t = trig.root
    exclude = {(m.start, m.end) for m in sources}
    targets, _ = _fill(ctx, t, rule.target, exclude=exclude, types=rule.target_types, direct=rule.direct_target)
    for other in (x for x in trig if x.i != t.i and not targets):
        targets, _ = _fill(ctx, other, rule.target, exclude=exclude, types=rule.target_types, direct=rule.direct_target)
    if not targets and t.dep_ == "conj" and t.head.pos_ in ("NOUN", "PROPN"):
        # "Binance founder and chief executive Changpeng Zhao": the title shares its coordinate's company
        targets, _ = _fill(ctx, t.head, rule.target, exclude=exclude, types=rule.target_types)
    if not targets and rule.topic_target and rule.type == "LEADS" and not _one_of_many(ctx, t, rule.type):
        targets = _founded_firm(ctx, sent, sources, t)
    if not targets and rule.topic_target and not _one_of_many(ctx, t, rule.type) and not _names_other_firm(t):
        targets = _topic_target(ctx, sent, sources)
    if not targets and rule.topic_target and _predicated_title(t):
        targets = _sole_org(ctx, sent, sources)
    return targets


def _own_firm_words(t) -> list:
    """The words a title gives for its own firm: its possessor, the object of its "of" or "at"."""
    return _children(t, "poss") + [o for p in _children(t, "prep") if p.lower_ in ("of", "at") for o in _children(p, "pobj")]


def _names_other_firm(t) -> bool:
    """"the sole director of the Foundation": a title whose own firm is a capitalised name the mentions did not
    resolve names a firm of its own, so the article's topic firm is no fallback for it."""
    return any(o.dep_ == "pobj" and (o.pos_ == "PROPN" or o.text[:1].isupper()) for o in _own_firm_words(t))


def _found_in(ctx: _Ctx, sent: Span, types) -> list:
    """The relations of the given types found so far in one sentence."""
    return [r for r in ctx.found.values() if r.type in types and any(e.start == sent.start_char for e in r.evidence)]


def _said_of_holder(t) -> bool:
    """"X became chief executive", "X was chief executive until 2019", "X served as / stayed on as chief
    executive", "X took the title of chief technology officer": a title its holder is said to take or hold."""
    head = t.head
    if t.dep_ in ("attr", "oprd"):
        return head.lemma_.lower() in COPULAR_TITLE_VERBS
    if t.dep_ == "pobj" and head.lower_ == "as":
        # "served as chief executive", not "ran Alameda as chief executive" (the verb's object is the firm)
        return head.head.pos_ in ("VERB", "AUX") and all(o.pos_ == "PRON" for o in _children(head.head, "dobj"))
    if t.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in ROLE_NOUNS:
        role = head.head
        return role.dep_ == "dobj" and role.head.lemma_.lower() in ROLE_VERBS
    return False


def _founded_firm(ctx: _Ctx, sent: Span, sources: list, t) -> list:
    """"In 2019 the pair founded Varnhollow. Halvensby became chief executive.": a title said of its holder
    with no firm of its own is at the one firm the holder was just said to found (this sentence or the two
    before), before the article's topic firm."""
    if not _said_of_holder(t):
        return []
    # a firm of its own the mentions did not resolve is that firm only if it may stand for it ("its", "of Labs"
    # for Qorva Labs), never another ("the sole director of the Foundation" after founding Skerrow Labs Inc)
    own = _own_firm_words(t)
    holders = {_entity_of(s, ctx) for s in sources}
    si = ctx.sent_of[t.i]
    near = [ctx.sents[i] for i in range(max(0, si - 2), si + 1)]
    for s in reversed(near):
        firms = {r.target for r in _found_in(ctx, s, ("FOUNDED",)) if r.source in holders}
        if len(firms) > 1:
            return []
        if firms:
            (firm,) = firms
            ms = [m for m in ctx.mention_at[s.start:s.end] if m is not None and _entity_of(m, ctx) == firm]
            if not ms or any(o.pos_ != "PRON" and o.lower_ not in ms[-1].text.lower().split() for o in own):
                return []
            return ms[-1:]
    return []


def _predicated_title(t) -> bool:
    """"X, who remains a non-executive director", "X became a director": a title said of its holder by a
    copular verb (not "a director at one of the lenders", which names its own firm)."""
    if _children(t, "prep", "poss") or any(c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN" for c in t.children):
        return False
    return t.dep_ in ("attr", "oprd") and t.head.lemma_.lower() in COPULAR_TITLE_VERBS and t.head.dep_ == "relcl"


def _sole_org(ctx: _Ctx, sent: Span, sources: list) -> list:
    """The one organisation the sentence names besides the parties ("founded DDB with Y, who remains a
    director": DDB's board), else nothing."""
    own = {_entity_of(s, ctx) for s in sources}
    orgs = {}
    for m in ctx.mention_at[sent.start:sent.end]:
        if m is not None and m.label_ == "Organization" and _entity_of(m, ctx) not in own:
            orgs.setdefault(_entity_of(m, ctx), m)
    if len(orgs) != 1:
        return []
    (org,) = orgs.values()
    return [org] if _joined_by(org.root, sources) else []


def _joined_by(org_tok, sources: list) -> bool:
    """The firm is the object of a founding/joining verb that one of the parties does ("X founded DDB with
    Y", "Y joined DDB"), not of any deed ("Y later sued DDB")."""
    verb = org_tok.head
    if org_tok.dep_ not in ("dobj", "nsubjpass") or verb.lemma_.lower() not in BOARD_LINK_VERBS:
        return False
    party = {i for s in sources for i in range(s.start, s.end)}
    near = [*_subj(verb), *(p for c in _children(verb, "prep") if c.lower_ == "with" for p in _children(c, "pobj"))]
    return any(n.i in party for n in near)


def _one_of_many(ctx: _Ctx, t, rel_type: str) -> bool:
    """"a Trell Labs managing director": a title one of many hold does not lead (a shareholder still owns); and
    a title whose firm the rule already weighed and refused."""
    indefinite = any(c.dep_ == "det" and c.lower_ in ("a", "an", "another") for c in t.children)
    said = _contracted_copula(ctx, t)  # "A's still chief executive": A holds the title, no firm was weighed
    return indefinite and rel_type == "LEADS" or any(
        ctx.mention_at[c.i] is not None for c in t.children if c.dep_ in ("compound", "poss", "nmod") and (said is None or c.i != said.i))



def _topic_target(ctx: _Ctx, sent: Span, sources: list) -> list:
    """"Pellow served as chairman until 2021", "Vantry Trust, an existing shareholder," in an article about one
    firm: the role is at that firm, when the sentence names no other organisation than the parties and it."""
    topic = ctx.topic_org()
    if topic is None:
        return []
    topic_id = _entity_of(topic, ctx)
    own = {_entity_of(s, ctx) for s in sources}
    others = {_entity_of(m, ctx) for m in ctx.mention_at[sent.start:sent.end] if m is not None and m.label_ == "Organization"}
    if others - own - {topic_id} or topic_id in own:
        return []
    return [topic]


def _co_agents(t) -> list:
    """Parties doing the deed with the subject: "investing $30m alongside X", "together with X", "along with X"."""
    out = []
    for c in _children(t, "prep"):
        if c.lower_ in CO_AGENT_PREPS:
            out += _children(c, "pobj")
        elif c.lower_ == "with" and any(a.lower_ in CO_AGENT_ADVERBS for a in (*c.children, *t.children) if a.dep_ == "advmod" and a.i == c.i - 1):
            out += _children(c, "pobj")
    return out


def _rule_fits(ctx: _Ctx, rule: TriggerRule, t) -> bool:
    """The rule's own conditions on its trigger word (see the flags on TriggerRule)."""
    if rule.no_particle and _children(t, "prt"):
        return False
    if rule.unless_modified or rule.only_if_modified:
        mods = {c.lower_ for c in t.children if c.dep_ in ("amod", "compound", "nummod", "advmod")}
        if mods & rule.unless_modified or (rule.only_if_modified and not mods & rule.only_if_modified):
            return False
    if rule.no_department:
        for c in _children(t, "prep"):
            if c.lower_ in ("of", "at"):
                for p in _children(c, "pobj"):
                    if p.pos_ == "NOUN" and ctx.mention_at[p.i] is None and not any(
                            ctx.mention_at[x.i] is not None for x in _children(p, "compound", "nmod")):
                        return False
    if rule.not_of_tokens and (_slot_obj_token(ctx, t, "obj_token") or any(
            o.lemma_.lower() in TOKEN_NOUNS for o in _obj(t) + _children(t, "dative"))):
        return False
    sold = _obj(t) if t.pos_ != "NOUN" else [p for c in _children(t, "prep") if c.lower_ == "of" for p in _children(c, "pobj")]
    if rule.not_of_shares and any(_sold_holding(ctx, o) if t.pos_ != "NOUN" else o.lemma_.lower() in SHARE_NOUNS for o in sold):
        return False
    if rule.requires_amount and not any(x.like_num or x.pos_ == "NUM" for x in t.subtree if x.i != t.i):
        return False
    if rule.not_future and _future_state(t):
        return False
    if rule.not_purpose and t.dep_ in ("advcl", "xcomp", "acl") and any(c.lower_ == "to" for c in _children(t, "aux")):
        return False
    if rule.requires_money:
        things = _obj(t) + _children(t, "nsubj", "nsubjpass") + ([t.head] if t.dep_ == "acl" else [])
        return any(_is_money(ctx, x) for x in things)
    return True


def _sold_holding(ctx: _Ctx, o) -> bool:
    """A verb's object that is a holding, not money or goods: a stake or shares ("sold a 45% stake to X"), a firm
    ("sold Corvane Pay to X") or a business ("sold its card business to X"): its sale moves no money to X."""
    m = ctx.mention_at[o.i]
    if m is not None:
        return m.label_ == "Organization"
    return o.lemma_.lower() in SHARE_NOUNS or o.lemma_.lower() in ORG_DESCRIPTION_HEADS


def _is_money(ctx: _Ctx, tok) -> bool:
    for x in [tok, *[p for c in _children(tok, "prep") if c.lower_ in ("of", "in") for p in _children(c, "pobj")]]:
        m = ctx.mention_at[x.i]
        if m is not None and m.label_ != "Token":
            continue  # a party named like money ("the Carravel Fund held a dinner") is no money
        if x.like_num or x.pos_ == "NUM" or x.lemma_.lower() in MONEY_LEMMAS or (m is not None and m.label_ == "Token"):
            return True
    return False


def _own_party(t, slot, sources):
    """A relative clause or an apposition is about its own head, not that head's coordinates
    ("Ellison, who ran Alameda, Wang and Singh pleaded guilty")."""
    anchor = t
    while anchor.dep_ == "conj" and anchor.head.i != anchor.i:
        anchor = anchor.head
    head = None
    if slot == "subj" and anchor.dep_ == "relcl":
        head = anchor.head
    elif slot == "head" and t.dep_ == "appos":
        head = t.head
    if head is None:
        return sources
    own = [m for m in sources if m.start <= head.i < m.end]
    return own or sources


def _fill(ctx: _Ctx, t, slots, exclude=frozenset(), types=None, direct=False):
    for slot in slots:
        mentions = []
        for tok in _slot(ctx, t, slot):
            if types is not None and "Group" not in types and ctx.mention_at[tok.i] is not None \
                    and ctx.mention_at[tok.i].label_ == "Group":
                # "reported that FTX customers pulled $6bn": the story is about the platform
                mentions += [o for o in _phrase_owners(ctx, ctx.mention_at[tok.i]) if o.label_ in types]
                continue
            if direct and slot in ("obj", "acl_head", "prep:of") and ctx.mention_at[tok.i] is None and tok.lemma_.lower() in NOT_A_TARGET | QUANTITY_LEMMAS \
                    and not _named_apposition(ctx, tok):
                continue  # (but "sold its card business, X Ltd, to Y": the business is the firm its apposition names)
            mentions += [m for m in _mentions_for(ctx, tok) if (m.start, m.end) not in exclude
                         and (slot == "own_description" or not (m.start <= t.i < m.end)) and (types is None or m.label_ in types)]
        if mentions:
            return (mentions[:1] if slot == "ccomp_any" else mentions), slot
    return [], None


# --- single noun phrases ---------------------------------------------------------------------------------
def _bracketed_post_relations(ctx: _Ctx, sent: Span) -> None:
    """"Present: A (Chair), B (Chief Executive), C (Independent Non-Executive Director)": a post in brackets after a
    person's name, ending in a title the rules read, is held at the firm named in the brackets, else at the
    article's topic firm (minutes, a filing's signature block, a list of officers)."""
    doc = ctx.doc
    for i in range(sent.start, sent.end):
        m = ctx.mention_at[i]
        if m is None or m.label_ != "Person" or i != m.end - 1 or m.end >= sent.end or doc[m.end].text != "(":
            continue
        close = next((j for j in range(m.end + 1, min(m.end + 10, sent.end)) if doc[j].text == ")"), None)
        if close is None:
            continue
        inner = doc[m.end + 1:close]
        firms = [ctx.mention_at[x.i] for x in inner if ctx.mention_at[x.i] is not None
                 and ctx.mention_at[x.i].label_ == "Organization"]
        words = " ".join(t.lower_ for t in inner if ctx.mention_at[t.i] is None and not t.is_punct)
        title = words.split(" of ")[0].strip()
        if not title or " of " in words and not firms or not any(title == p or title.endswith(" " + p) for p in ctx.ex.post_titles):
            continue
        targets = firms[:1] or _topic_target(ctx, sent, [m])
        for g in targets:
            _add(ctx, sent, m, g, "LEADS", None, 0.7, inner.root, amount=False)



def _structural_relations(ctx: _Ctx, sent: Span) -> None:
    seen = set()
    for i in range(sent.start, sent.end):
        m = ctx.mention_at[i]
        if m is None or id(m) in seen or m.label_ not in ("Group", "Token"):
            continue
        seen.add(id(m))
        root = m.root
        for rule in ctx.ex.structures:
            if rule["kind"] == "group_owner" and m.label_ == "Group":
                head = root.lemma_.lower()
                if head not in rule["heads"] and root.lower_ not in rule["heads"]:
                    continue
                owners = _phrase_owners(ctx, m)
                verb = root.head if root.dep_ == "nsubj" and root.head.lemma_.lower() in rule.get("verbs", ()) else None
                for o in owners:
                    if o.label_ == "Organization":
                        _add(ctx, sent, m, o, rule["type"], status_of(root, rule["type"], ctx.ex.cues), rule["confidence"],
                             verb, amount=verb is not None)
            elif rule["kind"] == "possessed_token" and m.label_ == "Token":
                mods = {c.lower_ for c in root.children if c.dep_ in ("amod", "compound")} | {
                    t.lower_ for t in m if t.i != root.i}
                wanted = set(rule["modifiers"])
                if wanted and not (mods & wanted):
                    continue
                owners = [o for c in _children(root, "poss") for o in _mentions_for(ctx, c)]
                for o in owners:
                    _add(ctx, sent, o, m, rule["type"], None, rule["confidence"], None, amount=False)
                if owners:
                    break  # the first matching rule wins (issued before held)
            elif rule["kind"] == "named_token" and m.label_ == "Token":
                owners = _token_noun_owners(ctx, root, set(rule["modifiers"]))
                for o in owners:
                    _add(ctx, sent, o, m, rule["type"], None, rule["confidence"], None, amount=False)
                if owners:
                    break


def _token_noun_owners(ctx: _Ctx, root, allowed: set) -> list[Span]:
    """"holders of its token, RUSD": the possessor of the token noun a token's name is apposed to (the noun
    modified by nothing but ``allowed`` words), else nobody. The parser may hang the noun and its possessor
    on the name instead ("its" and "token" both children of "RUSD")."""
    if root.dep_ == "appos":
        noun, owner = root.head, root.head
    else:
        nouns = [c for c in _children(root, "nmod", "compound", "amod") if c.i + 1 < root.i and root.doc[c.i + 1].lower_ == ","]
        if not nouns:
            return []
        noun, owner = nouns[0], root
    if noun.lemma_.lower() not in TOKEN_NOUNS or ctx.mention_at[noun.i] is not None:
        return []
    if any(c.dep_ in ("amod", "compound", "nummod") and c.lower_ not in allowed for c in noun.children):
        return []
    return [o for c in _children(owner, "poss") for o in _mentions_for(ctx, c) if o.label_ == "Organization"]


def _names_inside(ctx: _Ctx, m: Span, root) -> list[Span]:
    """"FTX customers", "Pelvane Finance users" as one mention: the platform's name inside it, the whole run
    of proper nouns before the head first, else each of its words."""
    props = [t.i for t in m if t.i < root.i and t.pos_ == "PROPN"]
    runs, out = [], []
    for i in props:
        if runs and runs[-1][1] == i:
            runs[-1][1] = i + 1
        else:
            runs.append([i, i + 1])
    for a, b in runs:
        for start, end in [(a, b)] + ([(k, k + 1) for k in range(a, b)] if b - a > 1 else []):
            hit = ctx.alias_index().get(normalize(ctx.doc[start:end].text))
            if hit and hit[1] == "Organization":
                ctx.synthetic[(start, end)] = hit[0]
                out.append(Span(ctx.doc, start, end, label=hit[1]))
                break
    return out


def _phrase_owners(ctx: _Ctx, m: Span) -> list[Span]:
    root = m.root
    out = [o for c in _children(root, "poss") for o in _mentions_for(ctx, c)]
    out += [o for c in _children(root, "prep") if c.lower_ == "of" for p in _children(c, "pobj") for o in _mentions_for(ctx, p)]
    out += _names_inside(ctx, m, root)
    for c in root.children:
        if c.dep_ in ("compound", "nmod") and c.i < m.start:
            out += _mentions_for(ctx, c)
    return out


# --- a list of subsidiaries ------------------------------------------------------------------------------------
_BULLET_LINE = re.compile(r"([ \t]*)[-*+\u2022\u2013\u25aa]\s+")


def _subsidiary_list_relations(ctx: _Ctx) -> None:
    """Under a heading "Subsidiaries" ("Principal subsidiaries", "Former subsidiaries"), each bulleted item
    naming a firm first is a subsidiary of the item above it at a smaller indent, and a top-level item of the
    list's parent ("- Anwick Savings Ltd (United Kingdom) - deposit-taker", "  - Anwick Mortgage Finance Ltd -
    its lending arm"). Another heading ends the list; a sentence between heading and items does not."""
    for lead, items in _subsidiary_lists(ctx):
        parent = _list_parent(ctx, lead, items)
        if parent is None:
            continue
        stack: list = []
        for indent, item in items:
            while stack and stack[-1][0] >= indent:
                stack.pop()
            _add(ctx, ctx.sents[ctx.sent_of[item.start]], item, stack[-1][1] if stack else parent,
                 "SUBSIDIARY_OF", None, 0.6, None, amount=False)
            stack.append((indent, item))


def _text_lines(ctx: _Ctx) -> Iterator[tuple[int, str]]:
    """Each line of the article's text with the character offset it starts at."""
    pos = 0
    for line in ctx.doc.text.split("\n"):
        yield pos, line
        pos += len(line) + 1


_FIELD_LINE = re.compile(r"\s*([A-Za-z][A-Za-z ]{1,30}?)\s*:\s+(\S.*)$")


def _field_relations(ctx: _Ctx) -> None:
    """An infobox's, a register extract's or a profile's field lines under a name ("Skellagh Digital" / "Type:
    Private" / "Owner: Farrandale-Ibsen Holding AG (64%); Quarrydown Capital (19%)" / "Subsidiaries: A; B"): each
    party named in a field the schema's lexicon knows (``field_labels``) is related to the block's subject, the
    name on the line above the block's first field, else the article's firm."""
    subjects: dict = {}  # the line above a block of field lines -> the block's subject, read when a field needs it
    above = (0, 0)
    for start, line in _text_lines(ctx):
        m = _FIELD_LINE.match(line)
        if m is None or len(line) > 300:
            above = (start, start + len(line))
            continue
        spec = FIELD_LABELS.get(m.group(1).strip().lower())
        if spec is None:
            continue
        if above not in subjects:
            subjects[above] = _line_subject(ctx, *above) or ctx.topic_org()
        subject = subjects[above]
        if subject is None:
            continue
        rel_type, subject_end, item_types = spec
        span = ctx.doc.char_span(start + m.start(2), start + len(line), alignment_mode="expand")
        if span is None:
            continue
        items = list(dict.fromkeys(ctx.mention_at[i] for i in range(span.start, span.end) if ctx.mention_at[i] is not None))
        sent = ctx.doc.char_span(start + len(line) - len(line.lstrip()), start + len(line.rstrip()), alignment_mode="expand")
        for item in items:  # (the evidence is the whole field line, label and all)
            if item.label_ not in item_types or _entity_of(item, ctx) == _entity_of(subject, ctx):
                continue
            source, target = (item, subject) if subject_end == "target" else (subject, item)
            _add(ctx, sent, source, target, rel_type, None, 0.6, None, amount=False)


def _line_subject(ctx: _Ctx, begin: int, end: int) -> Span | None:
    """The organisation a line names and nothing else (an infobox's title line), if any."""
    span = ctx.doc.char_span(begin, end, alignment_mode="expand")
    if span is None:
        return None
    words = [t for t in span if not t.is_space]
    found = {id(ctx.mention_at[t.i]): ctx.mention_at[t.i] for t in words if ctx.mention_at[t.i] is not None}
    if len(found) != 1:
        return None
    m = next(iter(found.values()))
    return m if m.label_ == "Organization" and all(ctx.mention_at[t.i] is m or t.is_punct for t in words) else None


def _subsidiary_lists(ctx: _Ctx) -> list[tuple[list, list]]:
    """Each list under a subsidiaries heading: the character spans of its heading and the lines of prose before
    its items ("the group's principal subsidiaries were:"), and its items as (indent, the firm each names)."""
    out: list[tuple[list, list]] = []
    for start, line in _text_lines(ctx):
        words = line.strip().rstrip(":").split()
        bullet = _BULLET_LINE.match(line)
        if not bullet:
            if words and len(words) <= 6 and not line.rstrip().endswith("."):
                if " ".join(words).lower() in SUBSIDIARY_LIST_HEADINGS:
                    out.append(([(start, start + len(line))], []))
                    continue
                if out and out[-1] is not None:
                    out.append(None)  # another heading ends the list
            elif words and out and out[-1] is not None and not out[-1][1]:
                out[-1][0].append((start, start + len(line)))
            continue
        if out and out[-1] is not None:
            item = _first_firm_of(ctx, start + bullet.end(), start + len(line))
            if item is not None:
                out[-1][1].append((len(bullet.group(1).expandtabs(4)), item))
    return [x for x in out if x is not None and x[1]]


def _list_parent(ctx: _Ctx, lead: list, items: list) -> Span | None:
    """Whose subsidiaries a list names: a firm its heading or its opening sentence names ("List of
    subsidiaries of X", "the group's principal subsidiaries were:"), else the article's topic firm, unless the
    topic is itself an item."""
    for begin, end in lead:
        span = ctx.doc.char_span(begin, end, alignment_mode="expand")
        for t in span if span is not None else ():
            if t.lemma_.lower() not in ("subsidiary", "subsidiaries"):
                continue
            owners = _children(t, "poss") + _preps(t, "of")
            firms = [m for o in owners for m in _mentions_for(ctx, o) if m.label_ == "Organization"]
            if firms:
                return firms[0]
    topic = ctx.topic_org()
    listed = {_entity_of(m, ctx) for _, m in items}
    return topic if topic is not None and _entity_of(topic, ctx) not in listed else None


def _first_firm_of(ctx: _Ctx, begin: int, end: int) -> Span | None:
    """The organisation named at the very start of a list item (within its first two tokens), if any."""
    span = ctx.doc.char_span(begin, end, alignment_mode="expand")
    if span is None:
        return None
    for i in range(span.start, min(span.start + 2, span.end)):
        m = ctx.mention_at[i]
        if m is not None and m.label_ == "Organization":
            return m
    return None


# --- windows between adjacent mentions -----------------------------------------------------------------------
def _window_relations(ctx: _Ctx, sent: Span, stated: set) -> None:
    if not ctx.ex.windows:
        return
    ms = []
    for i in range(sent.start, sent.end):
        m = ctx.mention_at[i]
        if m is not None and (not ms or ms[-1] is not m):
            ms.append(m)
    pairs = [(ms[i], ms[j]) for i in range(len(ms)) for j in range(i + 1, min(i + 4, len(ms)))]
    for left, right in pairs:
        if (left.start, right.start) in stated or right.start_char - left.end_char > 70:
            continue
        if right.end < len(ctx.doc) and ctx.doc[right.end].tag_ == "POS":
            continue  # "co-founded by Najib's stepson": the possessor is not the party
        if right.root.dep_ == "compound" and right.root.head.i >= right.end and ctx.mention_at[right.root.head.i] is None:
            continue  # "owned by FTX founder Sam Bankman-Fried": the name modifies the real party
        between = ctx.doc[left.end:right.start].text
        between = " " + re.sub(r"\s+", " ", between.replace("\u2019", "'")).strip() + " "
        for w in ctx.ex.windows:
            if (left.start, w.type) in stated or (right.start, w.type) in stated:
                continue
            if w.between.fullmatch(between.strip()) or w.between.fullmatch(between):
                s, g = (left, right) if w.source == "left" else (right, left)
                anchor = ctx.doc[left.end] if left.end < right.start else None
                status = status_of(anchor, w.type, ctx.ex.cues) if anchor is not None else None
                _add(ctx, sent, s, g, w.type, status, w.confidence, None)


# --- withdrawn offers ----------------------------------------------------------------------------------------
def _attach_withdrawal(ctx: _Ctx, v) -> None:
    """"Binance walked away from the deal", "the talks ended without an agreement", "the plan was terminated":
    mark that party's offer withdrawn, with this sentence as evidence."""
    lemma = v.lemma_.lower()
    if lemma in PHRASAL_WITHDRAWALS and not any(c.lower_ in PHRASAL_WITHDRAWALS[lemma] for c in v.children):
        return
    objs = _obj(v) + [p for c in _children(v, "prep") for p in _children(c, "pobj")]
    objs += [p for c in _children(v, "advmod", "prt") for pc in _children(c, "prep") for p in _children(pc, "pobj")]
    subject_offer = [n for n in _children(v, "nsubjpass", "nsubj") if n.lemma_.lower() in OFFER_NOUNS]
    objs += subject_offer  # "the negotiation was cancelled", "the discussions ended"
    named = any(o.lemma_.lower() in OFFER_NOUNS for o in objs) or any(
        ctx.mention_at[o.i] is not None and ctx.mention_at[o.i].label_ == "Organization" for o in objs)
    bare_phrasal = not named and lemma in PHRASAL_WITHDRAWALS  # "the fund pulled out in May": its own offer
    if not named and not bare_phrasal:
        return
    if bare_phrasal:
        objs = []
    subjects = [] if subject_offer else _subj(v)  # the offer itself ended: whoever made it
    parties = {_entity_of(m, ctx) for tok in subjects + [p for o in objs for p in _children(o, "poss")]
               for m in _mentions_for(ctx, tok)}
    targets = {_entity_of(m, ctx) for o in objs for m in _mentions_for(ctx, o)}
    offers = [r for r in ctx.found.values() if r.type == "OFFERED_TO_ACQUIRE"]
    si = ctx.sent_of[v.i]
    if bare_phrasal and not parties:
        return
    if not parties and not targets:
        # "the discussions ended": the offer stated in this sentence or the one before
        near = (ctx.sents[max(si - 1, 0)].start_char, ctx.sents[si].end_char)
        chosen = [r for r in offers if any(near[0] <= e.start < near[1] for e in r.evidence)]
    else:
        chosen = [r for r in offers if (not parties or r.source in parties) and (not targets or r.target in targets or not parties)]
    if not chosen and len(offers) == 1 and not parties:
        chosen = offers
    sent = ctx.sents[si]
    for r in chosen:
        if any(e.start == sent.start_char for e in r.evidence):
            r.status = "withdrawn"  # the offer and its end in one sentence ("agreed to buy X, only to abandon the deal")
            r.evidence = [replace(e, status="withdrawn") if e.start == sent.start_char else e for e in r.evidence]
            continue
        ctx.found[r.key] = merge_relation(r, replace(r, evidence=[_evidence(sent, "withdrawn")], status="withdrawn"))
