"""The NLP stage: notes → sentences, mentions, claims, sentiment, stances and catalysts.

One spaCy pass per note (``nlp.pipe``), one batched encoder pass over every sentence of every
note, then the heads, each reusing those embeddings. Raw scraped text is handled: a line break
followed by a lowercase word or punctuation ("rocketed\\n, marking") continues the sentence;
one followed by a capital starts a new sentence.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

import numpy as np

from notes_analyzer.errors import ModelLoadError
from notes_analyzer.models import Models
from notes_analyzer.nlp.claims import extract_claims
from notes_analyzer.nlp.lexicon import Lexicon
from notes_analyzer.nlp.periods import note_session
from notes_analyzer.nlp.syntax import SentenceSyntax
from notes_analyzer.records import (
    CatalystMention,
    Claim,
    EntityMention,
    Note,
    NoteAnalysis,
    Period,
    Sentence,
    SentenceSentiment,
    SentimentLabel,
    Stance,
)

log = logging.getLogger(__name__)

__all__ = ["analyze_note", "analyze_notes", "split_sentences"]

#: spaCy batch size for ``nlp.pipe``.
SPACY_BATCH = 16
#: A note is analysed up to this many characters (about 30,000 words); the rest is left out
#: with a warning in the note's analysis, so one huge file cannot exhaust a worker.
MAX_NOTE_CHARS = 200_000
#: A sentence longer than this (a run-on line with no full stop) is cut into pieces of at most
#: this length at spaces before the encoder and the claim frames see it.
MAX_SENTENCE_CHARS = 1_500
#: What the sentiment head takes from the encoder pass: class probabilities ``(n, labels)`` (the encoder
#: is the fine-tuned sentiment model), or nothing (a classifier runs its own pass, or no sentiment).
SentimentInput = np.ndarray | None
_CONTINUATION = tuple(",.;:)]}-–—")
_SENTENCE_END = tuple(".!?:;\"”’)")
#: A line at least this long that ends without punctuation is hard-wrapped prose, not a title.
WRAPPED_LINE_MIN = 60
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
#: A list item's marker at a line's start ("- Portugal's 10-year yield …"): the item is a sentence of its own.
_BULLET = re.compile(r"[-*•‣–—]\s+\S")
#: A bullet inside a line ("… Covid Pandemic (2020) • Dropped 34.3% …"): each item is a sentence of its own.
_INLINE_BULLET = re.compile(r"(?<=\s)[•‣▪●](?=\s+\S)")
#: A heading glued to the sentence before it ("… a significant outperformance 2022 Inflation Shock: Stayed …"):
#: a few capitalised words (maybe after a year) and a colon, after a lower-case word.
_GLUED_HEADING = re.compile(r"(?<=[a-z%)]) (?=(?:(?:19|20)\d\d\s+)?(?:[A-Z][\w&'’-]*\s+){1,4}[A-Z][\w&'’-]*:\s)")
_GLUED = re.compile(r"(?:(?<=[a-z][a-z])|(?<=[0-9%)]))[.!?][\"”’']?(?=[A-Z][a-z])")


def _continues(previous: str, text: str) -> bool:
    """Whether a model-made sentence really continues the one before: it starts in lower case or
    with punctuation (scraping artefacts), or the one before was cut at a wrapped line's end."""
    head, tail = text.lstrip(), previous.rstrip()
    if not head or not tail:
        return bool(tail)
    if _INLINE_BULLET.match(head):
        return False
    if head[0].islower() or head.startswith(_CONTINUATION):
        return True
    return "\n" in previous[len(tail):] + text[:len(text) - len(head)] and not tail.endswith(_SENTENCE_END)


def _line_breaks(text: str) -> set[int]:
    """Char offsets of hard sentence starts: a capitalised line after a blank line, a short line
    (title, byline) or a line that ends a sentence. A long line ending mid-sentence is hard-wrapped
    prose ("… The\nNasdaq 100 did a little better"), and its break is just a space."""
    starts: set[int] = set()
    pos = text.find("\n")
    while pos != -1:
        rest = text[pos:].lstrip()
        line = text[text.rfind("\n", 0, pos) + 1:pos].rstrip()
        # a line ending in a figure ("… a minor loss of less than 0.1%") before a capital is a sentence
        # whose full stop the scrape lost, not prose wrapped mid-sentence
        ended = not line or line.endswith(_SENTENCE_END) or len(line) < WRAPPED_LINE_MIN \
            or line[-1].isdigit() or line.endswith("%") or "\n" in text[pos + 1:len(text) - len(rest)]
        if rest and ended and (rest[0].isupper() or rest[0].isdigit() or rest[0] in "\"'“" or _BULLET.match(rest)):
            starts.add(len(text) - len(rest))
        pos = text.find("\n", pos + 1)
    return starts


def _glued_starts(text: str) -> set[int]:
    """Sentences run together by scraping ("for this segment.Beyond monetary policy"), list items on one
    line ("… (2020) • Dropped 34.3% …") and headings glued on ("… outperformance 2022 Inflation Shock: …"):
    their starts."""
    return ({m.end() for m in _GLUED.finditer(text)} | {m.start() for m in _INLINE_BULLET.finditer(text)}
            | {m.end() for m in _GLUED_HEADING.finditer(text)})


def split_sentences(doc: Any) -> list[Sentence]:
    """Sentences of a spaCy doc with char offsets; line breaks, glued and broken sentences repaired."""
    text = doc.text  # Doc.text joins every token: read it once
    hard = _line_breaks(text)
    cuts = hard | _glued_starts(text)
    spans: list[list[int]] = []
    for sent in doc.sents:
        pieces = sorted({sent.start_char, *(h for h in cuts if sent.start_char < h < sent.end_char)})
        for i, start in enumerate(pieces):
            end = pieces[i + 1] if i + 1 < len(pieces) else sent.end_char
            chunk = text[start:end]
            if spans and start not in hard and _continues(text[spans[-1][0]:spans[-1][1]], chunk):
                spans[-1][1] = end
            elif chunk.strip():
                spans.append([start, end])
    paragraphs = _paragraph_starts(text, hard)
    return [_sentence(text, i, s, e, paragraphs) for i, (s, e) in enumerate(spans)]


def _paragraph_starts(text: str, hard: set[int]) -> set[int]:
    """Hard starts that open a paragraph: after a blank line where the text has blank lines,
    after any line break where it has none (scraped text that lost its blank lines)."""
    if not _BLANK_LINE.search(text):
        return hard
    return {h for h in hard if text[len(text[:h].rstrip()):h].count("\n") >= 2}


def _sentence(text: str, index: int, start: int, end: int, paragraphs: set[int]) -> Sentence:
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    paragraph = sum(1 for h in paragraphs if h <= start)
    raw = text[start:end]
    # line breaks inside a sentence become spaces: same length, so offsets stay valid
    clean = raw.replace("\r", " ").replace("\n", " ").replace("\t", " ")
    return Sentence(index=index, text=clean, start=start, end=end, paragraph=paragraph)


def analysed_text(text: str, limit: int = MAX_NOTE_CHARS) -> tuple[str, str | None]:
    """The part of a note's text that is analysed, cut at a paragraph or line break before ``limit``,
    and the warning to record when something was left out."""
    if len(text) <= limit:
        return text, None
    cut = max(text.rfind("\n\n", 0, limit), text.rfind("\n", 0, limit))
    if cut < limit // 2:
        cut = text.rfind(" ", 0, limit)
    if cut < limit // 2:
        cut = limit
    return text[:cut], (f"text truncated: the note has {len(text):,} characters; the first {cut:,} were analysed "
                        f"(limit {limit:,})")


def bound_sentences(sentences: list[Sentence], limit: int = MAX_SENTENCE_CHARS) -> list[Sentence]:
    """Sentences with every over-long one cut into pieces of at most ``limit`` chars at spaces (renumbered)."""
    if all(s.end - s.start <= limit for s in sentences):
        return sentences
    out: list[Sentence] = []
    for sentence in sentences:
        start, text = sentence.start, sentence.text
        while text:
            piece = text if len(text) <= limit else text[:(text.rfind(" ", limit // 2, limit) + 1) or limit]
            stripped = piece.rstrip()
            if stripped.strip():
                lead = len(stripped) - len(stripped.lstrip())
                out.append(Sentence(index=len(out), text=stripped.lstrip(), start=start + lead,
                                    end=start + len(stripped), paragraph=sentence.paragraph))
            start += len(piece)
            text = text[len(piece):]
    return out


def title_text(note: Note, lexicon: Lexicon) -> str:
    """The part of a note's title read for claims ("" for none): the title without a column's name
    ("S&P 500 Gains and Losses Today: …", ``cues.title_rubric``), and nothing when the body opens with the
    title already (it is read there)."""
    title = " ".join((note.title or "").split())
    if not title or title.casefold() in " ".join(note.text[:len(title) + 200].split()).casefold():
        return ""
    rubric = lexicon.cue("title_rubric").match(title)
    if rubric is None:
        return title
    headline = title[rubric.end():]
    if rubric["name"]:  # "S&P 500 Gains and Losses Today: Index Falls …": the column's index falls
        headline = re.sub(r"^(?:The\s+)?Index\b", rubric["name"], headline)
    return headline


def _title_sentences(doc: Any, first_index: int) -> list[Sentence]:
    """A title's sentences, numbered after the body's, with offsets into the title (see ``_title_claims``)."""
    return [replace(s, index=first_index + i, paragraph=-1) for i, s in enumerate(split_sentences(doc))]


def _index_ids(models: Models) -> frozenset[str]:
    """The registry's equity indices: what "the index" can refer to."""
    return frozenset(i.id for i in models.registry if i.kind == "index")


def _published(note: Note) -> date | None:
    return note.published.date() if note.published else None


def _embed(models: Models, texts: list[str]) -> tuple[np.ndarray, SentimentInput]:
    """One encoder pass: the embeddings and, when the encoder is the fine-tuned sentiment model (ONNX or
    torch), the class probabilities from the same pass; ``None`` with a classifier or no sentiment."""
    from notes_analyzer.nlp.sentiment import SentimentHead

    if isinstance(models.sentiment, SentimentHead) and getattr(models.encoder, "has_sentiment", False):
        return models.encoder.encode_with_sentiment(texts)
    return models.encoder.encode(texts), None


def _sentiments(models: Models, sentences: Sequence[Sentence],
                head_input: SentimentInput) -> tuple[SentenceSentiment, ...]:
    """Sentence sentiment from the encoder pass's probabilities, or a classifier (its own pass)."""
    from notes_analyzer.nlp.sentiment import SentimentHead

    head = models.sentiment
    if head is None or not sentences:
        return ()
    texts = [s.text for s in sentences]
    if isinstance(head, SentimentHead):
        if head_input is not None:
            predicted = head.records(head_input)
        elif getattr(models.encoder, "has_sentiment", False):
            predicted = head.predict_texts(texts, models.encoder)
        else:
            raise ModelLoadError("the sentiment model's head needs the encoder built with it (sentiment_dir)")
    else:
        predicted = head.predict_texts(texts)
    return tuple(replace(p, sentence_index=s.index) for p, s in zip(predicted, sentences, strict=True))


def _note_sentiment(sentiments: Sequence[SentenceSentiment],
                    sentences: Sequence[Sentence]) -> tuple[float, SentimentLabel]:
    if not sentiments:
        return 0.0, "neutral"
    from notes_analyzer.nlp.sentiment import note_sentiment

    score, label = note_sentiment(sentiments, [len(s.text) for s in sentences])
    return float(score), label


def _catalysts(models: Models, sentences: Sequence[Sentence], emb: np.ndarray,
               mentions: Sequence[EntityMention]) -> tuple[CatalystMention, ...]:
    if models.catalysts is None or not sentences:
        return ()
    return tuple(models.catalysts.find(sentences, emb, mentions))


def _stances(sentences: Sequence[Sentence], mentions: Sequence[EntityMention],
             sentiments: Sequence[SentenceSentiment]) -> tuple[Stance, ...]:
    if not sentiments:
        return ()
    from notes_analyzer.nlp.stance import compute_stances

    return tuple(compute_stances(sentences, mentions, sentiments))


#: A title's sentences, read apart from the body: (sentences, mentions, syntax, embeddings).
TitleParts = tuple[list[Sentence], list[EntityMention], list[SentenceSyntax | None] | None, np.ndarray]


def _analyse_one(note: Note, sentences: list[Sentence], mentions: list[EntityMention],
                 emb: np.ndarray, sentiment_input: SentimentInput, models: Models,
                 index_ids: frozenset[str] = frozenset(),
                 syntax: Sequence[SentenceSyntax | None] | None = None,
                 title: TitleParts | None = None) -> NoteAnalysis:
    probabilities = models.claim_head.predict_proba(emb, [s.text for s in sentences], models.lexicon) \
        if models.claim_head is not None and sentences else None
    session = note_session(note.published, note.title)
    claims = extract_claims(note.id, sentences, mentions, _published(note), probabilities,
                            events=models.event_aliases, event_dates=models.event_dates,
                            sector_instruments=models.linker.sector_instruments,
                            index_ids=index_ids, session=session,
                            lexicon=models.lexicon, syntax=syntax)
    title_sentences: list[Sentence] = []
    if title is not None and title[0]:
        title_sentences, title_claims = _title_claims(note, title, models, index_ids, session, len(claims))
        claims = claims + title_claims
    sentiments = _sentiments(models, sentences, sentiment_input)
    score, label = _note_sentiment(sentiments, sentences)
    return NoteAnalysis(
        note_id=note.id, sentences=tuple(sentences) + tuple(title_sentences), claims=tuple(claims),
        mentions=tuple(mentions), sentiments=sentiments, note_sentiment=score, note_sentiment_label=label,
        stances=_stances(sentences, mentions, sentiments),
        catalysts=_catalysts(models, sentences, emb, mentions),
    )


def _title_claims(note: Note, title: TitleParts, models: Models, index_ids: frozenset[str],
                  session: Period | None, numbered: int) -> tuple[list[Sentence], list[Claim]]:
    """The title's claims ("Trump Tariffs Send Dow to 1600-Point Decline, Dollar Slumps"), read on their own
    (no context from the body, none lent to it) with its present-tense moves as the note's session's, numbered
    after the body's claims; and its sentences as stored: numbered after the body's, with an empty span
    (``start == end == 0``), since a title is not in ``Note.text``."""
    sentences, mentions, syntax, emb = title
    probabilities = models.claim_head.predict_proba(emb, [s.text for s in sentences], models.lexicon) \
        if models.claim_head is not None else None
    claims = extract_claims(note.id, sentences, mentions, _published(note), probabilities,
                            events=models.event_aliases, event_dates=models.event_dates,
                            sector_instruments=models.linker.sector_instruments,
                            index_ids=index_ids, session=session, lexicon=models.lexicon, syntax=syntax,
                            headline=True)
    claims = [replace(c, id=f"{note.id}:c{numbered + n + 1}") for n, c in enumerate(claims)]
    return [replace(s, start=0, end=0) for s in sentences], claims


def analyze_notes(notes: Sequence[Note], models: Models) -> list[NoteAnalysis]:
    """Analyse notes together: one spaCy pass each, one encoder pass over all their sentences (and
    their titles' sentences, read for claims only: ``title_text``)."""
    per_note: list[tuple[list[Sentence], list[EntityMention]]] = []
    parses: list[list[SentenceSyntax | None] | None] = []
    bounded = [analysed_text(n.text) for n in notes]
    for (_, warning), note in zip(bounded, notes, strict=True):
        if warning:
            log.warning("%s: %s", note.path or note.id, warning)
    for doc in models.nlp.pipe((text for text, _ in bounded), batch_size=SPACY_BATCH):
        sentences = bound_sentences(split_sentences(doc))
        per_note.append((sentences, models.linker.mentions(doc, sentences)))
        parses.append(models.syntax.read(doc, sentences) if models.syntax is not None else None)
    titles: list[tuple[list[Sentence], list[EntityMention], list[SentenceSyntax | None] | None]] = []
    wanted = [title_text(note, models.lexicon) for note in notes]
    for title, (sentences, _), doc in zip(wanted, per_note, models.nlp.pipe(wanted, batch_size=SPACY_BATCH),
                                          strict=True):
        parts = _title_sentences(doc, len(sentences)) if title else []
        plain = [replace(s, index=s.index - len(sentences)) for s in parts]  # as the title's own doc numbers them
        found = [replace(m, sentence_index=m.sentence_index + len(sentences))
                 for m in models.linker.mentions(doc, plain)] if parts else []
        read = models.syntax.read(doc, plain) if parts and models.syntax is not None else None
        titles.append((parts, found, read))
    texts = [s.text for sentences, _ in per_note for s in sentences]
    title_texts = [s.text for parts, _, _ in titles for s in parts]
    emb_all, sentiment_probabilities = _embed(models, texts + title_texts)
    emb, title_emb = emb_all[:len(texts)], emb_all[len(texts):]
    out, offset, title_offset, index_ids = [], 0, 0, _index_ids(models)
    for note, (sentences, mentions), (_, warning), syntax, (parts, found, read) in zip(
            notes, per_note, bounded, parses, titles, strict=True):
        n = len(sentences)
        part = sentiment_probabilities[offset:offset + n] if sentiment_probabilities is not None else None
        title_parts = (parts, found, read, title_emb[title_offset:title_offset + len(parts)]) if parts else None
        analysis = _analyse_one(note, sentences, mentions, emb[offset:offset + n], part, models, index_ids,
                                syntax, title_parts)
        out.append(replace(analysis, warnings=(warning,)) if warning else analysis)
        offset += n
        title_offset += len(parts)
    log.debug("analysed %d notes, %d sentences, %d title sentences", len(notes), len(texts), len(title_texts))
    return out


def analyze_note(note: Note, models: Models) -> NoteAnalysis:
    return analyze_notes([note], models)[0]
