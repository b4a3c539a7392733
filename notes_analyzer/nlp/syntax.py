"""Claim slots from the dependency parse: each figure's governing move verb, its subject(s), its clause.

spaCy's parser (en_core_web_sm's, a learned model) runs after the sentence recogniser, so every tree
lies inside one of its sentences. :class:`SyntaxReader` reads, once per note, for each figure that
``quantities.find_quantities`` finds in a sentence, a :class:`FigureFrame`: the verb whose clause holds
the figure, the direction of the move word on the figure's way up to that verb (the lexicon's
``reading.up``/``reading.down``/``reading.intensity_flat`` cues), the verb's subject(s) (a spaCy
``DependencyMatcher`` over the lexicon's ``syntax.subject_patterns``: ``nsubj``/``nsubjpass``, or a
causative verb's object, each ``conj`` a subject of its own) and the clause (the verb's subtree
without the clauses of its own under it). Offsets are the sentence's, like the claim rules'.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from notes_analyzer.errors import ConfigError
from notes_analyzer.nlp.lexicon import Lexicon
from notes_analyzer.nlp.quantities import FoundQuantity, find_quantities
from notes_analyzer.records import Direction, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token
    from spacy.vocab import Vocab

__all__ = ["CharSpan", "FigureFrame", "SentenceSyntax", "Subject", "SyntaxReader"]

#: (start, end) char offsets in a sentence.
CharSpan = tuple[int, int]
DIRECTIONS = ("up", "down", "flat")
#: At most this many steps from a clause without a subject up to the verb whose subject it shares.
SHARED_SUBJECT_STEPS = 4


@dataclass(frozen=True, slots=True)
class Subject:
    """One grammatical subject: its own words (without relative clauses, appositions, other conjuncts),
    its head word, and its whole phrase (with the words that describe it)."""

    start: int
    end: int
    head: CharSpan
    phrase: CharSpan
    #: the head words of appositions that rename it ("the equity benchmark …, the Nasdaq 100,"; not
    #: "Apple, the largest stock in the S&P 500", "Newmont, the largest gold producer")
    aliases: tuple[CharSpan, ...] = ()

    def names(self, start: int, end: int) -> bool:
        """Whether the words at ``start``–``end`` overlap the subject's own words or an alias of it."""
        return any(start < hi and lo < end for lo, hi in ((self.start, self.end), *self.aliases))

    def describes(self, start: int, end: int) -> bool:
        """Whether the words at ``start``–``end`` lie in the subject's phrase outside its own words
        ("Apple, the largest stock in the S&P 500")."""
        return self.phrase[0] <= start and end <= self.phrase[1] and not self.names(start, end)


@dataclass(frozen=True, slots=True)
class FigureFrame:
    """What the parse says about one figure (``figure``: its chars in the sentence)."""

    figure: CharSpan
    verb: CharSpan | None
    verb_text: str | None
    direction: Direction | None
    subjects: tuple[Subject, ...]
    clause: tuple[CharSpan, ...]

    def in_clause(self, pos: int) -> bool:
        """Whether the char at ``pos`` belongs to the figure's clause."""
        return any(start <= pos < end for start, end in self.clause)


@dataclass(frozen=True, slots=True)
class SentenceSyntax:
    """The frames of one sentence's figures, in order."""

    frames: tuple[FigureFrame, ...] = ()

    def at(self, pos: int) -> FigureFrame | None:
        """The frame of the figure that starts at (or spans) ``pos``."""
        return next((f for f in self.frames if f.figure[0] <= pos < f.figure[1]), None)


#: A sentence the parser saw as longer than this (a scraped run-on line) is not read from its parse:
#: walking its tree for every figure would cost the square of its length.
MAX_PARSED_SENTENCE_TOKENS = 400


class SyntaxReader:
    """Reads figure frames off parsed docs; built once per process from the lexicon's ``syntax`` section."""

    def __init__(self, vocab: Vocab, lexicon: Lexicon) -> None:
        from spacy.matcher import DependencyMatcher

        config = lexicon.syntax()
        self.vocab = vocab
        self.matcher = DependencyMatcher(vocab)
        patterns = config.get("subject_patterns") or {}
        self.priority = {name: rank for rank, name in enumerate(patterns)}  # the first that matches a verb wins
        for name, alternatives in patterns.items():
            try:
                self.matcher.add(name, alternatives)
            except (ValueError, TypeError, KeyError) as exc:
                raise ConfigError(f"{lexicon.path}: bad syntax pattern {name!r} ({exc})") from None
        self.clause_deps = frozenset(config.get("clause_deps") or ())
        self.shared_deps = frozenset(config.get("shared_subject_deps") or ())
        self.trim_deps = frozenset(config.get("subject_trim_deps") or ())
        self.relative = frozenset(config.get("relative_pronouns") or ())
        self.direction_deps = frozenset(config.get("direction_child_deps") or ())
        self.list_deps = frozenset(config.get("list_member_deps") or ())
        self.comparison = frozenset(config.get("comparison_words") or ())
        self.conj_deps = frozenset(("conj", "cc"))
        self.cues = tuple((label, regex) for label, regex in lexicon.syntax_directions() if label in DIRECTIONS)

    def read(self, doc: Doc, sentences: Sequence[Sentence]) -> list[SentenceSyntax | None]:
        """One :class:`SentenceSyntax` per sentence of ``doc`` (None: no figure, or no parse)."""
        if not sentences or not doc.has_annotation("DEP"):
            return [None] * len(sentences)
        spans: list[tuple[Span, list[FoundQuantity]] | None] = []
        for sentence in sentences:
            figures = find_quantities(sentence.text)
            span = doc.char_span(sentence.start, sentence.end, alignment_mode="expand") if figures else None
            if span is None or len(doc[span.start].sent) > MAX_PARSED_SENTENCE_TOKENS:
                spans.append(None)  # a run-on line's parse tree is one huge sentence: the character rules read it
            else:
                spans.append((span, figures))
        # subjects are matched only in the parsed sentences that hold a figure's frame
        parsed = {sent.start: sent for item in spans if item is not None
                  for sent in (item[0][0].sent, *item[0].sents)}
        subjects = self._subjects(parsed.values())
        out: list[SentenceSyntax | None] = []
        for sentence, item in zip(sentences, spans, strict=True):
            if item is None:
                out.append(None)
                continue
            span, figures = item
            frames = (self._frame(doc, span, sentence.start, q.start, q.end, subjects) for q in figures)
            out.append(SentenceSyntax(tuple(f for f in frames if f is not None)))
        return out

    def _subjects(self, sents: Iterable[Span]) -> dict[int, list[int]]:
        """Verb token → its subject tokens in ``sents``, from the pattern of highest priority that matched it."""
        found: dict[int, tuple[int, list[int]]] = {}
        matches = ((match_id, (sent.start + verb, sent.start + subject))
                   for sent in sents if len(sent) <= MAX_PARSED_SENTENCE_TOKENS  # matching is quadratic in it
                   for match_id, (verb, subject) in self.matcher(sent))
        for match_id, (verb, subject) in matches:
            rank = self.priority[self.vocab.strings[match_id]]
            best = found.get(verb)
            if best is None or rank < best[0]:
                found[verb] = (rank, [subject])
            elif rank == best[0] and subject not in best[1]:
                best[1].append(subject)
        return {verb: sorted(tokens) for verb, (_, tokens) in found.items()}

    def _frame(self, doc: Doc, span: Span, base: int, start: int, end: int,
               subjects: dict[int, list[int]]) -> FigureFrame | None:
        figure = doc.char_span(base + start, base + end, alignment_mode="expand")
        if figure is None:
            return None
        lo, hi = span.start, span.end
        inside = range(figure.start, figure.end)
        chain = [figure.root]
        while not self._heads_clause(chain[-1], subjects) and lo <= chain[-1].head.i < hi:
            chain.append(chain[-1].head)
        clause_head = chain[-1]
        verb = clause_head
        for _ in range(SHARED_SUBJECT_STEPS):  # "rose 1% after falling 2%": falling shares rose's subject
            if verb.i in subjects or verb.dep_ not in self.shared_deps or not lo <= verb.head.i < hi:
                break
            verb = verb.head
            chain.append(verb)
        direction = self._direction(chain, inside)
        heads = [i for i in subjects.get(verb.i, ()) if lo <= i < hi]
        if any(t.i in heads for t in chain):  # "the 2% gain in the S&P 500 was …": the figure is in the subject
            heads = []
        owner = next((child for t in chain[:-1] for child in t.children if child.dep_ == "poss"
                      and child.i not in inside), None)
        if owner is not None:  # "worse than the tech-heavy Nasdaq's 12% decline": the possessor's move
            heads = [owner.i]
        own = [self._subject(doc, doc[i], verb, base, subjects) for i in heads]
        return FigureFrame(
            figure=(start, end), verb=(verb.idx - base, verb.idx + len(verb) - base), verb_text=verb.lower_,
            direction=direction, subjects=tuple(s for group in own for s in group),
            clause=self._clause(clause_head, {t.i for t in chain}, lo, hi, base))

    def _heads_clause(self, token: Token, subjects: dict[int, list[int]]) -> bool:
        return token.i in subjects or token.dep_ in self.clause_deps or token.head.i == token.i

    def _cue(self, token: Token) -> Direction | None:
        if any(child.lower_ in self.comparison for child in token.children):
            return None
        label = next((label for label, regex in self.cues if regex.fullmatch(token.text)), None)
        return "up" if label == "up" else "down" if label == "down" else "flat" if label == "flat" else None

    def _direction(self, chain: list[Token], figure: range) -> Direction | None:
        """The first move word on the way from the figure up to its verb, or a particle of one ("edged up 1%")."""
        on_chain = {t.i for t in chain}
        for token in chain:
            if token.i not in figure and (label := self._cue(token)):
                return label
            for child in token.children:
                if child.dep_ in self.direction_deps and child.i not in on_chain and child.i not in figure \
                        and (label := self._cue(child)):
                    return label
        return None

    def _subject(self, doc: Doc, token: Token, verb: Token, base: int,
                 subjects: dict[int, list[int]]) -> list[Subject]:
        """The subject ``token`` and its conjuncts, each as its own words; a relative pronoun is the noun
        its clause modifies ("the S&P 500, which had fallen 2%")."""
        if token.lower_ in self.relative and verb.dep_ == "relcl":
            token = verb.head
        out = []
        listed = self._coordinated(token)
        for head in sorted(listed, key=lambda t: t.i):
            first, last = self._own_words(head, subjects)
            renames = [child for child in head.children
                       if child.dep_ in self.list_deps and child.i not in {t.i for t in listed}]
            others = {t.i for child in head.children if child.dep_ in self.conj_deps for t in child.subtree}
            whole = [t.i for t in head.subtree if t.i not in others]
            left, right = doc[min(whole)], doc[max(whole)]
            out.append(Subject(start=doc[first].idx - base, end=doc[last].idx + len(doc[last]) - base,
                               head=(head.idx - base, head.idx + len(head) - base),
                               phrase=(left.idx - base, right.idx + len(right) - base),
                               aliases=tuple((t.idx - base, t.idx + len(t) - base) for t in renames)))
        return out

    def _coordinated(self, token: Token) -> list[Token]:
        """``token`` and the subjects listed with it: its conjuncts, and an apposition in a list that
        has conjuncts ("the Dow, the S&P 500 and the Nasdaq", "the Dow, S&P 500, and Nasdaq")."""
        members = {t.i: t for t in (token, *token.conjuncts)}
        for child in token.children:
            if child.dep_ in self.list_deps and (child.conjuncts or token.conjuncts):
                members.update((t.i, t) for t in (child, *child.conjuncts))
        return list(members.values())

    def _own_words(self, head: Token, subjects: dict[int, list[int]]) -> tuple[int, int]:
        """First and last token of the run of ``head``'s subtree around it, without trimmed dependents
        and without a clause of its own inside (a word there with a subject: "As Nasdaq Jumped 2% Shares
        of Google", a headline glued to its sentence)."""
        dropped: set[int] = set()
        for token in head.subtree:
            if token.i != head.i and (token.dep_ in self.trim_deps or token.i in subjects):
                dropped.update(t.i for t in token.subtree)
        kept = {t.i for t in head.subtree} - dropped
        first = last = head.i
        while first - 1 in kept:
            first -= 1
        while last + 1 in kept:
            last += 1
        doc = head.doc
        while first < head.i and doc[first].is_punct:  # ", the S&P 500 ,": the name without its commas
            first += 1
        while last > head.i and doc[last].is_punct:
            last -= 1
        return first, last

    def _clause(self, head: Token, chain: set[int], lo: int, hi: int, base: int) -> tuple[CharSpan, ...]:
        """The verb's subtree without clauses of their own under it (relative, adverbial, coordinated)."""
        dropped: set[int] = set()
        for token in head.subtree:
            if token.i != head.i and token.i not in chain and token.dep_ in self.clause_deps \
                    and (token.dep_ != "conj" or token.head.i == head.i):  # "the Dow and the Nasdaq": one clause
                dropped.update(t.i for t in token.subtree)
        tokens = sorted((t for t in head.subtree if t.i not in dropped and lo <= t.i < hi), key=lambda t: t.i)
        pieces: list[list[int]] = []
        for token in tokens:
            start, end = token.idx - base, token.idx + len(token) - base
            if pieces and token.i == pieces[-1][2] + 1:
                pieces[-1][1], pieces[-1][2] = end, token.i
            else:
                pieces.append([start, end, token.i])
        return tuple((start, end) for start, end, _ in pieces)
