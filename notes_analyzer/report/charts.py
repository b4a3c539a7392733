"""Charts of the weekly report, as inline SVG (text drawn as paths: no fonts to fetch).

Each function takes figures from a ``WeeklySummary`` and returns an ``<svg>`` string, or
``None`` when there is nothing to draw. matplotlib is imported inside the functions and
used through its object API (no pyplot state).
"""

from __future__ import annotations

import html
import io
import logging
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from notes_analyzer.report.weekly import (
        CatalystRow,
        HistogramBin,
        SourceRow,
        SourceTrack,
        StanceRow,
        WeeklySummary,
    )

__all__ = [
    "all_charts",
    "catalyst_chart",
    "source_chart",
    "stance_chart",
    "support_histogram_chart",
    "track_record_chart",
]

WIDTH_IN = 7.5
ROW_HEIGHT_IN = 0.32
MIN_HEIGHT_IN = 2.2
DPI = 96
COLORS = {
    "this": "#2f6690", "previous": "#b0c4d4", "bullish": "#2a9d55", "bearish": "#c8423b",
    "neutral": "#9a9a9a", "bar": "#3a7ca5",
}
log = logging.getLogger(__name__)
_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.DOTALL)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)


def all_charts(summary: WeeklySummary) -> dict[str, str | None]:
    """Every chart of the report, by name (``None`` where there is no data).

    Labels come from note data (sources, catalyst names), so matplotlib's mathtext is off: a
    source called ``$SPY_and_$QQQ Notes`` is drawn as written. A chart that still fails is
    replaced by a short note (its table below holds the same figures); the report goes on.
    """
    builders = {
        "sources": lambda: source_chart(summary.by_source),
        "histogram": lambda: support_histogram_chart(summary.histogram),
        "catalysts": lambda: catalyst_chart(summary.catalysts),
        "stances": lambda: stance_chart(summary.stances),
        "track": lambda: track_record_chart(summary.track_record, summary.track_weeks),
    }
    return {name: _drawn(name, build) for name, build in builders.items()}


def _drawn(name: str, build: Callable[[], str | None]) -> str | None:
    import matplotlib

    try:
        with matplotlib.rc_context({"text.parse_math": False}):
            return build()
    except Exception as exc:  # noqa: BLE001 - one chart must never cost the desk its report
        log.warning("the %s chart could not be drawn: %s", name, exc)
        return (f'<p class="none chart-failed" data-chart="{name}">This chart could not be drawn '
                f"({html.escape(type(exc).__name__)}); the table below has its figures.</p>")


def _figure(height_in: float):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH_IN, max(height_in, MIN_HEIGHT_IN)), dpi=DPI)
    return fig, fig.add_subplot()


def _svg(fig, name: str, *, tight: bool = True) -> str:
    """The figure as an inline ``<svg>`` element, without XML prologue or metadata (``tight``: lay out first)."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": name, "text.parse_math": False}):
        if tight:
            fig.tight_layout()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = _METADATA.sub("", _PROLOGUE.sub("", buffer.getvalue(), count=1))
    return text.replace("<svg ", f'<svg class="chart" data-chart="{name}" role="img" ', 1)


def _tidy(ax) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def source_chart(rows: Sequence[SourceRow]) -> str | None:
    """Notes scored per source (horizontal bars)."""
    if not rows:
        return None
    fig, ax = _figure(ROW_HEIGHT_IN * len(rows) + 1.2)
    names = [r.source for r in reversed(rows)]
    ax.barh(names, [r.notes for r in reversed(rows)], color=COLORS["bar"])
    ax.set_xlabel("notes scored")
    ax.xaxis.get_major_locator().set_params(integer=True)
    _tidy(ax)
    return _svg(fig, "sources")


def support_histogram_chart(bins: Sequence[HistogramBin]) -> str | None:
    """Distribution of the notes' support scores."""
    if not bins or not any(b.count for b in bins):
        return None
    fig, ax = _figure(2.6)
    ax.bar([b.lower for b in bins], [b.count for b in bins], width=bins[0].upper - bins[0].lower,
           align="edge", color=COLORS["bar"], edgecolor="white")
    ax.set_xlim(0, 1)
    ax.set_xlabel("support score")
    ax.set_ylabel("notes")
    ax.yaxis.get_major_locator().set_params(integer=True)
    _tidy(ax)
    return _svg(fig, "histogram")


def catalyst_chart(rows: Sequence[CatalystRow]) -> str | None:
    """Notes citing each catalyst, this period against the previous one."""
    if not rows:
        return None
    fig, ax = _figure(ROW_HEIGHT_IN * 1.6 * len(rows) + 1.2)
    positions = range(len(rows))
    ordered = list(reversed(rows))
    ax.barh([p + 0.2 for p in positions], [r.notes for r in ordered], height=0.4, color=COLORS["this"],
            label="this period")
    ax.barh([p - 0.2 for p in positions], [r.previous_notes for r in ordered], height=0.4,
            color=COLORS["previous"], label="previous period")
    ax.set_yticks(list(positions), [r.name for r in ordered])
    ax.set_xlabel("notes citing")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="lower right", frameon=False)
    _tidy(ax)
    return _svg(fig, "catalysts")


def stance_chart(rows: Sequence[StanceRow]) -> str | None:
    """Bullish (right) against bearish (left) notes per instrument or sector."""
    if not rows:
        return None
    fig, ax = _figure(ROW_HEIGHT_IN * len(rows) + 1.2)
    ordered = list(reversed(rows))
    names = [r.target for r in ordered]
    ax.barh(names, [r.bullish for r in ordered], color=COLORS["bullish"], label="bullish")
    ax.barh(names, [-r.bearish for r in ordered], color=COLORS["bearish"], label="bearish")
    ax.axvline(0, color="#444", linewidth=0.8)
    ax.set_xlabel("notes (bearish ← → bullish)")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="lower right", frameon=False)
    _tidy(ax)
    return _svg(fig, "stances")


def track_record_chart(tracks: Sequence[SourceTrack], weeks: Sequence[str]) -> str | None:
    """Each source's mean support per week (gaps where it published nothing scored)."""
    if not tracks or not any(p.mean_support is not None for t in tracks for p in t.points):
        return None
    fig, ax = _figure(3.0)
    for track in tracks:
        values = [p.mean_support if p.mean_support is not None else float("nan") for p in track.points]
        ax.plot(list(weeks), values, marker="o", label=track.source)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("mean support")
    ax.legend(loc="lower left", frameon=False, fontsize="small")
    _tidy(ax)
    return _svg(fig, "track")
