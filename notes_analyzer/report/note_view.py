"""The annotated note view: one self-contained HTML page per scored note.

``build_note_view`` lays a ``NoteReport`` out for the page: the note's text cut into paragraphs and
sentences (from ``Sentence`` offsets), each claim's span with its verdict, the evidence of every
claim (with a chart of the series over the window used, read from the market store when one is
given), per-sentence sentiment, catalysts and stances. ``render_note_html`` renders it with
``templates/note.html.j2`` (autoescaped: note text is hostile input) and ``write_note_pages`` writes
the pages of a week's notes for the weekly report to link to.

The page fetches nothing: CSS, script and SVG charts are inline, and its Content-Security-Policy
allows only its own script (by hash), inline styles and ``data:`` images.
"""

from __future__ import annotations

import base64
import hashlib
import html
import logging
import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from notes_analyzer.errors import ConfigError, StoreError
from notes_analyzer.market.queries import MarketQueries
from notes_analyzer.records import (
    CatalystMention,
    Claim,
    Evidence,
    NoteReport,
    Observation,
    Sentence,
    SentenceSentiment,
    Stance,
    Verdict,
    record,
)
from notes_analyzer.report.evidence_chart import ChartSeries, ChartSpec, ClaimedMark, draw_charts, evidence_chart

if TYPE_CHECKING:
    import jinja2

    from notes_analyzer.market.store import MarketStore
    from notes_analyzer.report.weekly import WeeklySummary

log = logging.getLogger(__name__)

__all__ = [
    "LEGEND_ORDER",
    "NoteView",
    "build_note_view",
    "claim_anchor",
    "note_page_name",
    "render_note_html",
    "write_note_html",
    "write_note_pages",
    "write_week_pages",
]

#: The legend's order (as the desk reads it: what holds, what is close, what is wrong, the rest).
LEGEND_ORDER = ("supported", "imprecise", "contradicted", "unverifiable", "pending", "not_checkable")
LABEL_TEXT = {"not_checkable": "not checkable"}
#: Tints of the highlighted spans, by verdict (the tags use the weekly report's stronger colours).
TINTS = {
    "supported": "#cdebd7", "imprecise": "#f8e0b8", "contradicted": "#f6c9c5",
    "unverifiable": "#e2e4ea", "pending": "#d3e3f3", "not_checkable": "#ececec",
}
#: Days of context drawn on either side of the window a check used (at least; 15% of the window else).
CONTEXT_DAYS = 14
CONTEXT_SHARE = 0.15
#: Points of one series on a chart at most (longer windows are thinned, the observations used kept).
MAX_POINTS = 600
#: Rows of the observations table shown before the rest is folded away.
OBSERVATION_ROWS = 12
PAGES_DIR = "notes"
#: Processes drawing a week's charts at most.
MAX_WORKERS = 4
_SAFE = re.compile(r"[^A-Za-z0-9_-]+")
_SCRIPT = Path(__file__).with_name("templates") / "note_view.js"



@record
class ClaimView:
    """One claim as the page shows it: number, verdict, evidence and chart."""

    number: int
    anchor: str
    claim: Claim
    verdict: Verdict
    chart: str | None = None
    chart_caption: str | None = None
    siblings: tuple[int, ...] = ()  # other claims on the same span

    @property
    def label(self) -> str:
        return self.verdict.label

    @property
    def label_text(self) -> str:
        return LABEL_TEXT.get(self.label, self.label)

    @property
    def evidence(self) -> Evidence | None:
        return self.verdict.evidence


@record
class Piece:
    """A run of a sentence: plain text, or a span that claims cover."""

    text: str
    claims: tuple[ClaimView, ...] = ()

    @property
    def style(self) -> str:
        """Horizontal bands, one per claim's verdict, when several claims share the span."""
        tints = [TINTS[c.label] for c in self.claims]
        if len(tints) < 2:
            return ""
        step = 100 / len(tints)
        stops = ", ".join(f"{tint} {i * step:.0f}% {(i + 1) * step:.0f}%" for i, tint in enumerate(tints))
        return f"background-image: linear-gradient(to bottom, {stops})"


@record
class SentenceView:
    index: int
    pieces: tuple[Piece, ...]
    sentiment: SentenceSentiment | None = None


@record
class Block:
    """A paragraph: sentences with the text between them, or text the NLP stage did not read."""

    parts: tuple[SentenceView | str, ...]
    analysed: bool = True


@record
class LinkedItem:
    """A catalyst or stance in the side panel, with the sentences it links to."""

    title: str
    detail: str
    css: str
    sentences: tuple[int, ...]


@record
class NoteView:
    report: NoteReport
    blocks: tuple[Block, ...]
    claims: tuple[ClaimView, ...]
    unplaced: tuple[ClaimView, ...]
    counts: tuple[tuple[str, str, int], ...]  # (label, text, count) in legend order
    catalysts: tuple[LinkedItem, ...]
    stances: tuple[LinkedItem, ...]
    back_href: str | None = None

    @property
    def title(self) -> str:
        note = self.report.note
        return note.title or note.path or note.url or note.id

    @property
    def meta(self) -> tuple[str, ...]:
        """Source, authors, publication day and length, as the header shows them."""
        note = self.report.note
        day = note.published.date().isoformat() if note.published else "date unknown"
        return tuple(part for part in (note.source, ", ".join(note.authors), day, f"{note.word_count} words") if part)


# --------------------------------------------------------------------------- building


def claim_anchor(claim_id: str) -> str:
    """The page fragment of a claim's evidence (``ev-…``), from its id."""
    return "ev-" + (_SAFE.sub("-", claim_id).strip("-") or "claim")


def note_page_name(note_id: str) -> str:
    """The file name of a note's page: readable, safe, unique per note id."""
    digest = hashlib.sha1(note_id.encode("utf-8")).hexdigest()[:8]
    stem = _SAFE.sub("-", note_id).strip("-")[:60]
    return f"note-{stem}-{digest}.html" if stem else f"note-{digest}.html"


def build_note_view(report: NoteReport, queries: MarketQueries | None = None, *, back_href: str | None = None,
                    charts: Mapping[ChartSpec, str | None] | None = None) -> NoteView:
    """The page's layout of ``report``; ``queries`` (the market store) draws each chart's full series,
    ``charts`` holds charts drawn beforehand (``write_note_pages``)."""
    analysis = report.analysis
    sentences = _valid_sentences(analysis.sentences, len(report.note.text))
    by_index = {s.index: s for s in sentences}
    verdicts = {v.claim_id: v for v in report.verdicts}
    ordered = sorted(enumerate(analysis.claims), key=lambda item: (item[1].sentence_index, item[0]))
    spans: dict[int, list[tuple[int, int, int]]] = defaultdict(list)  # sentence -> (start, end, claim number)
    views: list[ClaimView] = []
    anchors: set[str] = set()
    for number, (_, claim) in enumerate(ordered, start=1):
        verdict = verdicts.get(claim.id) or Verdict(
            claim_id=claim.id, label="not_checkable", reason="no verdict was recorded for this claim")
        chart, caption = _chart(claim, verdict, queries, charts or {})
        anchor = claim_anchor(claim.id)
        anchor = anchor if anchor not in anchors else f"{anchor}-{number}"
        anchors.add(anchor)
        views.append(ClaimView(number=number, anchor=anchor, claim=claim, verdict=verdict,
                               chart=chart, chart_caption=caption))
        sentence = by_index.get(claim.sentence_index)
        if sentence is not None:
            start, end = _claim_span(claim, sentence)
            spans[sentence.index].append((start, end, number))
    groups = {index: _merge(found) for index, found in spans.items()}
    views = _with_siblings(views, groups)
    by_number = {view.number: view for view in views}
    placed = {n for merged in groups.values() for _, _, numbers in merged for n in numbers}
    sentiments = {s.sentence_index: s for s in analysis.sentiments}
    blocks = _blocks(report.note.text, sentences, groups, by_number, sentiments)
    counts = Counter(view.label for view in views)
    return NoteView(
        report=report, blocks=blocks, claims=tuple(views),
        unplaced=tuple(view for view in views if view.number not in placed),
        counts=tuple((label, LABEL_TEXT.get(label, label), counts[label]) for label in LEGEND_ORDER),
        catalysts=_catalysts(analysis.catalysts, by_index), stances=_stances(analysis.stances, by_index),
        back_href=back_href,
    )


def _valid_sentences(sentences: Iterable[Sentence], length: int) -> list[Sentence]:
    """Sentences in text order whose offsets lie in the text and do not overlap an earlier one."""
    kept: list[Sentence] = []
    for sentence in sorted(sentences, key=lambda s: (s.start, s.end)):
        if 0 <= sentence.start < sentence.end <= length and (not kept or sentence.start >= kept[-1].end):
            kept.append(sentence)
    return kept


def _claim_span(claim: Claim, sentence: Sentence) -> tuple[int, int]:
    """Offsets of the claim's words in the note: its clause when found in the sentence, else the sentence."""
    at = sentence.text.find(claim.text) if claim.text else -1
    if at < 0 or claim.text == sentence.text:
        return sentence.start, sentence.end
    return sentence.start + at, sentence.start + at + len(claim.text)


def _merge(spans: list[tuple[int, int, int]]) -> list[tuple[int, int, tuple[int, ...]]]:
    """Overlapping spans of one sentence merged: (start, end, claim numbers)."""
    merged: list[tuple[int, int, tuple[int, ...]]] = []
    for start, end, number in sorted(spans):
        if merged and start < merged[-1][1]:
            first, last, numbers = merged[-1]
            merged[-1] = (first, max(last, end), (*numbers, number))
        else:
            merged.append((start, end, (number,)))
    return merged


def _with_siblings(views: list[ClaimView], groups: Mapping[int, list[tuple[int, int, tuple[int, ...]]]]
                   ) -> list[ClaimView]:
    siblings: dict[int, tuple[int, ...]] = {}
    for merged in groups.values():
        for _, _, numbers in merged:
            for n in numbers:
                siblings[n] = tuple(m for m in numbers if m != n)
    return [replace(view, siblings=siblings.get(view.number, ())) for view in views]


def _blocks(text: str, sentences: Sequence[Sentence], groups: Mapping[int, list[tuple[int, int, tuple[int, ...]]]],
            claims: Mapping[int, ClaimView], sentiments: Mapping[int, SentenceSentiment]) -> tuple[Block, ...]:
    """Paragraphs of analysed sentences, and the text around them as plain paragraphs."""
    blocks: list[Block] = []
    position = 0
    paragraph: list[SentenceView | str] = []
    current: int | None = None

    def flush() -> None:
        if paragraph:
            blocks.append(Block(parts=tuple(paragraph)))
            paragraph.clear()

    for sentence in sentences:
        gap = text[position:sentence.start]
        if current is not None and (sentence.paragraph != current or "\n\n" in gap):
            flush()
            blocks.extend(_plain(gap))
        elif current is None:
            blocks.extend(_plain(gap))
        elif gap:
            paragraph.append(gap)
        paragraph.append(_sentence_view(text, sentence, groups.get(sentence.index, []), claims,
                                        sentiments.get(sentence.index)))
        current, position = sentence.paragraph, sentence.end
    flush()
    blocks.extend(_plain(text[position:], analysed=not sentences))
    return tuple(blocks)


def _plain(text: str, *, analysed: bool = False) -> list[Block]:
    """Text outside the sentences (headings, a truncated tail), one block per blank-line paragraph."""
    return [Block(parts=(part.strip(),), analysed=analysed) for part in re.split(r"\n\s*\n", text) if part.strip()]


def _sentence_view(text: str, sentence: Sentence, merged: list[tuple[int, int, tuple[int, ...]]],
                   claims: Mapping[int, ClaimView], sentiment: SentenceSentiment | None) -> SentenceView:
    pieces: list[Piece] = []
    position = sentence.start
    for start, end, numbers in merged:
        if start > position:
            pieces.append(Piece(text=text[position:start]))
        pieces.append(Piece(text=text[start:end], claims=tuple(claims[n] for n in numbers)))
        position = end
    if position < sentence.end:
        pieces.append(Piece(text=text[position:sentence.end]))
    return SentenceView(index=sentence.index, pieces=tuple(pieces), sentiment=sentiment)


def _catalysts(mentions: Sequence[CatalystMention], sentences: Mapping[int, Sentence]) -> tuple[LinkedItem, ...]:
    """One row per catalyst, with its direction(s) and the sentences citing it."""
    rows: dict[str, list[CatalystMention]] = defaultdict(list)
    for mention in mentions:
        rows[mention.catalyst].append(mention)
    items = []
    for group in rows.values():
        directions = ", ".join(dict.fromkeys(m.direction for m in group))
        items.append(LinkedItem(
            title=group[0].name, detail=f"{group[0].group} · {directions}", css=group[0].direction,
            sentences=tuple(sorted({m.sentence_index for m in group if m.sentence_index in sentences}))))
    return tuple(items)


def _stances(stances: Sequence[Stance], sentences: Mapping[int, Sentence]) -> tuple[LinkedItem, ...]:
    ordered = sorted(stances, key=lambda s: (-s.mentions, s.target))
    return tuple(
        LinkedItem(title=s.target, detail=f"{s.label} ({s.score:+.2f}), {s.mentions} "
                   f"{'mention' if s.mentions == 1 else 'mentions'}", css=s.label,
                   sentences=tuple(i for i in s.sentence_indices if i in sentences))
        for s in ordered)


# --------------------------------------------------------------------------- charts


def chart_spec(claim: Claim, verdict: Verdict, queries: MarketQueries | None
               ) -> tuple[ChartSpec | None, str | None]:
    """What the claim's evidence chart shows, and its caption; none without observations."""
    evidence = verdict.evidence
    if evidence is None or not evidence.observations:
        return None, None
    used = tuple(sorted(evidence.observations, key=lambda o: o.date))
    window = (used[0].date, used[-1].date)
    names = tuple(dict.fromkeys(o.series for o in used))
    lines = tuple(_series(queries, series, window, used) for series in names)
    rebased = len(lines) > 1 and _scales_differ(lines)
    if rebased:
        lines, used = _rebase(lines, used)
    claimed = None if rebased else _claimed_mark(claim, evidence, used)
    caption = (f"{', '.join(names)} from {_first_day(lines, window)} to {_last_day(lines, window)}"
               + (", each rebased to 100" if rebased else "")
               + (f"; shaded: the window used ({window[0]} to {window[1]})" if window[0] != window[1] else "")
               + "; dots: the observations used" + (f"; red: {claimed.label}" if claimed else "") + ".")
    spec = ChartSpec(lines=lines, used=used, window=window, claimed=claimed,
                     ylabel="rebased (base = 100)" if rebased else None)
    return spec, caption


def _chart(claim: Claim, verdict: Verdict, queries: MarketQueries | None,
           drawn: Mapping[ChartSpec, str | None]) -> tuple[str | None, str | None]:
    """The claim's chart (from ``drawn`` when there, else drawn now), labelled with its caption."""
    spec, caption = chart_spec(claim, verdict, queries)
    if spec is None or caption is None:
        return None, None
    chart = drawn[spec] if spec in drawn else evidence_chart(spec)
    if chart is not None:
        chart = chart.replace('role="img"', f'role="img" aria-label="{html.escape(caption)}"', 1)
    return chart, caption


def _first_day(lines: Sequence[ChartSeries], window: tuple[date, date]) -> date:
    return min((line.dates[0] for line in lines if line.dates), default=window[0])


def _last_day(lines: Sequence[ChartSeries], window: tuple[date, date]) -> date:
    return max((line.dates[-1] for line in lines if line.dates), default=window[1])


def _series(queries: MarketQueries | None, name: str, window: tuple[date, date],
            used: Sequence[Observation]) -> ChartSeries:
    """The series around the window from the store; the observations used alone without it."""
    own = [o for o in used if o.series == name]
    fallback = ChartSeries(name=name, dates=tuple(o.date for o in own), values=tuple(o.value for o in own))
    if queries is None:
        return fallback
    series_id, _, field = name.partition(".")
    try:
        data = queries.series(series_id)
    except StoreError:
        return fallback
    pad = timedelta(days=max(CONTEXT_DAYS, round((window[1] - window[0]).days * CONTEXT_SHARE)))
    import numpy as np

    first = (window[0] - pad - date(1970, 1, 1)).days
    last = (window[1] + pad - date(1970, 1, 1)).days
    lo, hi = np.searchsorted(data.days, first, side="left"), np.searchsorted(data.days, last, side="right")
    values = data.fields.get(field or "close", data.fields["close"])
    picked = _thinned(range(int(lo), int(hi)))
    points = [(date(1970, 1, 1) + timedelta(days=int(data.days[i])), float(values[i])) for i in picked]
    points = [(day, value) for day, value in points if value == value]  # NaN: no figure that day
    if not points:
        return fallback
    return ChartSeries(name=name, dates=tuple(d for d, _ in points), values=tuple(v for _, v in points))


def _thinned(indices: range) -> list[int]:
    if len(indices) <= MAX_POINTS:
        return list(indices)
    step = -(-len(indices) // MAX_POINTS)
    picked = list(indices[::step])
    return picked if picked[-1] == indices[-1] else [*picked, indices[-1]]


def _scales_differ(lines: Sequence[ChartSeries]) -> bool:
    levels = [abs(line.values[0]) for line in lines if line.values]
    return len(levels) > 1 and min(levels) > 0 and max(levels) / min(levels) > 2


def _rebase(lines: Sequence[ChartSeries], used: Sequence[Observation]
            ) -> tuple[tuple[ChartSeries, ...], tuple[Observation, ...]]:
    """Each series as 100 at its first observation used (several series of different scales on one axis)."""
    firsts = {o.series: o.value for o in reversed(used)}
    bases = {line.name: firsts.get(line.name) or line.values[0] for line in lines if line.values}
    bases = {name: base for name, base in bases.items() if base}
    rebased = tuple(ChartSeries(name=line.name, dates=line.dates,
                                values=tuple(v / bases[line.name] * 100 for v in line.values))
                    for line in lines if line.name in bases)
    points = tuple(Observation(series=o.series, date=o.date, value=o.value / bases[o.series] * 100)
                   for o in used if o.series in bases)
    return rebased, points


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def _claimed_mark(claim: Claim, evidence: Evidence, used: Sequence[Observation]) -> ClaimedMark | None:
    """The claimed figure in the series' units, when the computed figure says how it was compared.

    The computed figure is matched against the observations: a percent change between the first and
    last (a return, a year-over-year rate), a difference (bp or pp), or the last level itself.
    """
    if not claim.values or evidence.computed is None or not used:
        return None
    quantity, computed = claim.values[0], evidence.computed
    label = f"claimed {quantity.text}"
    if claim.kind == "range" or quantity.upper is not None:
        upper = quantity.upper if quantity.upper is not None else (
            claim.values[1].value if len(claim.values) > 1 else None)
        return ClaimedMark(kind="band", value=quantity.value, upper=upper, label=label) if upper is not None else None
    own = [o for o in used if o.series == used[0].series]
    first, last = own[0], own[-1]
    sign = -1.0 if claim.direction == "down" and quantity.value > 0 else 1.0
    if len(own) > 1 and first.value and _close((last.value / first.value - 1) * 100, computed):
        implied = first.value * (1 + sign * quantity.value / 100)
        return ClaimedMark(kind="point", value=implied, day=last.date, base_day=first.date, base_value=first.value,
                           label=label)
    if len(own) > 1 and (_close((last.value - first.value) * 100, computed) or _close(last.value - first.value,
                                                                                       computed)):
        step = quantity.value / 100 if quantity.unit == "bp" else quantity.value
        return ClaimedMark(kind="point", value=first.value + sign * step, day=last.date, base_day=first.date,
                           base_value=first.value, label=label)
    if _close(last.value, computed) or any(_close(o.value, computed) for o in own):
        return ClaimedMark(kind="level", value=quantity.value, label=label)
    return None


# --------------------------------------------------------------------------- rendering


def _script() -> tuple[str, str]:
    """The page's script and its CSP source (``'sha256-…'``): only this script may run."""
    script = _SCRIPT.read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return script, f"'sha256-{digest}'"


@lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    """The page template, in the weekly report's environment (autoescaped), with the view's filters."""
    from notes_analyzer.report.weekly import _environment

    env = _environment(autoescape=True)
    env.filters["figure"] = figure_text
    return env.get_template("note.html.j2")


def figure_text(value: float | None) -> str:
    """An observed value as the desk reads it: 2,590.61 · 4.14 · 314.732."""
    if value is None:
        return "–"
    if abs(value) >= 1000:
        return f"{value:,.2f}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def render_note_html(report: NoteReport, queries: MarketQueries | None = None, *, back_href: str | None = None,
                     charts: Mapping[ChartSpec, str | None] | None = None) -> str:
    """The note's self-contained page (see the module docstring)."""
    view = build_note_view(report, queries, back_href=back_href, charts=charts)
    script, script_source = _script()
    return _template().render(v=view, r=report, script=script, script_source=script_source, tints=TINTS,
                              safe_url=_safe_url, observation_rows=OBSERVATION_ROWS)


def _safe_url(url: str | None) -> str | None:
    """An http(s) URL to link to; anything else (``javascript:`` …) is shown as text only."""
    return url if url and re.match(r"^https?://", url, re.IGNORECASE) else None


def write_note_html(report: NoteReport, path: str | Path, queries: MarketQueries | None = None, *,
                    back_href: str | None = None, charts: Mapping[ChartSpec, str | None] | None = None) -> Path:
    """Write the note's page to ``path`` (its folder is created); the path written."""
    target = Path(path)
    page = render_note_html(report, queries, back_href=back_href, charts=charts)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{target}: cannot write the note view: {exc.strerror or exc}") from exc
    log.info("wrote %s", target)
    return target


def write_note_pages(reports: Iterable[NoteReport], out_dir: str | Path, queries: MarketQueries | None = None,
                     *, back_href: str | None = None, workers: int | None = None) -> dict[str, str]:
    """Write one page per report into ``out_dir/notes/``; note id → page path relative to ``out_dir``.

    ``back_href`` (relative to ``out_dir``, e.g. the weekly report's file name) is linked from each page.
    The charts of all pages are drawn first, each distinct one once, in ``workers`` processes (default:
    the CPUs, at most ``MAX_WORKERS``) when there are many.
    """
    unique = list({report.note.id: report for report in reports}.values())
    specs = [spec for report in unique for claim, verdict in _claims_and_verdicts(report)
             if (spec := chart_spec(claim, verdict, queries)[0]) is not None]
    charts = draw_charts(specs, workers if workers is not None else min(os.cpu_count() or 1, MAX_WORKERS))
    folder = Path(out_dir) / PAGES_DIR
    back = f"../{back_href}" if back_href else None
    pages: dict[str, str] = {}
    for report in unique:
        name = note_page_name(report.note.id)
        try:
            write_note_html(report, folder / name, queries, back_href=back, charts=charts)
        except ConfigError:
            raise  # the folder cannot be written: every page would fail
        except Exception as exc:  # noqa: BLE001 - one note's page must never cost the desk the others
            log.warning("the page of note %s could not be written (%s: %s); the report does not link it",
                        report.note.id, type(exc).__name__, exc)
            continue
        pages[report.note.id] = f"{PAGES_DIR}/{name}"
    return pages


def _claims_and_verdicts(report: NoteReport) -> list[tuple[Claim, Verdict]]:
    verdicts = {v.claim_id: v for v in report.verdicts}
    return [(claim, verdicts[claim.id]) for claim in report.analysis.claims if claim.id in verdicts]


def write_week_pages(store: MarketStore, summary: WeeklySummary, out_dir: str | Path, *,
                     back_href: str | None = None) -> dict[str, str]:
    """The pages of the week's notes, and of earlier notes whose forecasts came due in it, from the store.

    The results table keeps each note's full report (text, sentence offsets, evidence observations):
    the weekly figures read them light, the pages read them whole. Charts draw the store's series.
    """
    from notes_analyzer.results import load_reports, load_reports_with_forecasts_due

    period = summary.period
    reports = load_reports(store, period.start, period.end)
    due_ids = {row.note_id for row in summary.forecasts}
    reports += [r for r in load_reports_with_forecasts_due(store, period.start, period.end) if r.note.id in due_ids]
    return write_note_pages(reports, out_dir, MarketQueries(store), back_href=back_href)


def note_href(pages: Mapping[str, str]) -> Callable[[str, str | None], str | None]:
    """A template helper: the link to a claim on its note's page, or ``None`` when the note has none."""

    def href(note_id: str, claim_id: str | None = None) -> str | None:
        page = pages.get(note_id)
        if page is None:
            return None
        return f"{page}#{claim_anchor(claim_id)}" if claim_id else page

    return href

