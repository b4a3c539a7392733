"""The small chart of a claim's evidence: the series over the window used, the claimed figure marked.

Drawn with the weekly report's matplotlib helpers (``report.charts``): inline SVG, text as paths,
nothing to fetch. ``evidence_chart`` takes plain figures (a ``ChartSpec``: ``ChartSeries``, the
observations used, a ``ClaimedMark``) and returns an ``<svg>`` string; ``draw_charts`` draws many,
in worker processes when there are enough to pay for them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache
from typing import Literal

from notes_analyzer.records import Observation, record
from notes_analyzer.report.charts import _drawn, _figure, _svg, _tidy

__all__ = ["ChartSeries", "ChartSpec", "ClaimedMark", "draw_charts", "evidence_chart"]

WIDTH_IN = 4.6
HEIGHT_IN = 2.3
COLORS = ("#2f6690", "#c77d1a", "#6a4c93", "#2a9d55")
USED_COLOR = "#1d1d1f"
CLAIMED_COLOR = "#c8423b"
WINDOW_COLOR = "#fff1c7"
MARGINS = {"left": 0.14, "right": 0.98, "bottom": 0.2, "top": 0.96}

NAME = "evidence"
CACHED_CHARTS = 256
#: Fewer distinct charts than this are drawn in the calling process (starting workers costs more).
PARALLEL_FROM = 40



@record
class ChartSeries:
    """One line of the chart: a series' dates and values (already cut to the chart's span)."""

    name: str
    dates: tuple[date, ...]
    values: tuple[float, ...]


@record
class ClaimedMark:
    """What the note claimed, in the series' units.

    ``level``: a horizontal line at ``value``; ``band``: ``value`` to ``upper``; ``point``: the level
    the claimed change implies on ``day`` (drawn from ``base_day``'s value).
    """

    kind: Literal["level", "band", "point"]
    value: float
    label: str
    upper: float | None = None
    day: date | None = None
    base_day: date | None = None
    base_value: float | None = None


@record
class ChartSpec:
    """Everything one evidence chart shows: the lines, the observations used (dots), the window used
    (shaded), the claimed figure (red) and a y label."""

    lines: tuple[ChartSeries, ...]
    used: tuple[Observation, ...]
    window: tuple[date, date]
    claimed: ClaimedMark | None = None
    ylabel: str | None = None


@lru_cache(maxsize=CACHED_CHARTS)
def evidence_chart(spec: ChartSpec) -> str | None:
    """The evidence chart as an ``<svg>`` element (``None`` with nothing to draw).

    Charts are cached by their figures: notes of a week often check the same series over the same
    window. (matplotlib names an SVG's clip paths by their content, so one chart drawn twice on a
    page is harmless.)
    """
    if not any(line.dates for line in spec.lines) and not spec.used:
        return None
    return _drawn(NAME, lambda: _draw(NAME, spec.lines, spec.used, spec.window, spec.claimed, spec.ylabel))


def draw_charts(specs: Iterable[ChartSpec], workers: int = 1) -> dict[ChartSpec, str | None]:
    """Each distinct chart drawn once; in ``workers`` processes when there are many (a week's pages)."""
    unique = list(dict.fromkeys(specs))
    if workers <= 1 or len(unique) < PARALLEL_FROM:
        return {spec: evidence_chart(spec) for spec in unique}
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # spawn: the parent holds a DuckDB connection and its threads; a forked child must not inherit them
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        drawn = list(pool.map(evidence_chart, unique, chunksize=max(1, len(unique) // (workers * 4))))
    return dict(zip(unique, drawn, strict=True))


def _draw(name: str, lines: Sequence[ChartSeries], used: Sequence[Observation], window: tuple[date, date],
          claimed: ClaimedMark | None, ylabel: str | None) -> str:
    import matplotlib.dates as mdates
    from matplotlib.ticker import MaxNLocator

    fig, ax = _figure(HEIGHT_IN)
    fig.set_size_inches(WIDTH_IN, HEIGHT_IN)
    fig.subplots_adjust(**MARGINS)
    start, end = window
    if start != end:
        ax.axvspan(start, end, color=WINDOW_COLOR, zorder=0, label="window used")
    for color, line in zip(COLORS * 4, lines, strict=False):
        if line.dates:
            ax.plot(line.dates, line.values, color=color, linewidth=1.2, label=line.name, drawstyle="default")
    if used:
        ax.scatter([o.date for o in used], [o.value for o in used], s=16, color=USED_COLOR, zorder=3,
                   label="observations used")
    if claimed is not None:
        _mark_claim(ax, claimed)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=5)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=4))
    ax.tick_params(labelsize=7)
    if ylabel:
        ax.set_ylabel(ylabel, fontsize=7)
    if sum(1 for line in lines if line.dates) > 1:  # one series: the caption says what is what (and a legend
        ax.legend(loc="best", frameon=False, fontsize=6)  # costs a third of the drawing time)
    _tidy(ax)
    return _svg(fig, name, tight=False)  # fixed margins: tight_layout would double the drawing time


def _mark_claim(ax, claimed: ClaimedMark) -> None:
    if claimed.kind == "band" and claimed.upper is not None:
        ax.axhspan(claimed.value, claimed.upper, color=CLAIMED_COLOR, alpha=0.15, label=claimed.label)
        for level in (claimed.value, claimed.upper):
            ax.axhline(level, color=CLAIMED_COLOR, linestyle="--", linewidth=0.9)
    elif claimed.kind == "point" and claimed.day is not None:
        if claimed.base_day is not None and claimed.base_value is not None:
            ax.plot([claimed.base_day, claimed.day], [claimed.base_value, claimed.value], color=CLAIMED_COLOR,
                    linestyle="--", linewidth=0.9)
        ax.scatter([claimed.day], [claimed.value], s=36, marker="D", facecolors="none", edgecolors=CLAIMED_COLOR,
                   linewidths=1.4, zorder=4, label=claimed.label)
    else:
        ax.axhline(claimed.value, color=CLAIMED_COLOR, linestyle="--", linewidth=1.1, label=claimed.label)
