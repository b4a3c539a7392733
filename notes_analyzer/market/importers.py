"""Read market-data CSV files into the store.

Formats (detected from the header, see ``detect_format``):

- ``fred``: ``observation_date,SERIES`` or ``date,SERIES`` (one value column named by its id);
- ``single``: ``Date,Price`` / ``Date,Rate`` / ``Date,Value`` (id taken from the file name);
- ``ohlc``: ``date,open,high,low,close[,volume,…]`` (Yahoo/Stooq/IB style; value = close);
- ``wide``: a date column and several series columns (FRED/yfinance dumps), ``*_volume`` skipped;
- ``shiller``: the Shiller S&P file (``Real Price``, ``PE10`` …); its placeholder zeros are missing.

Source rule (mixed feeds): a single-series file is the *primary* source of its series
(priority 0); a column of a wide multi-series file is *secondary* (priority 1) and is used
only for dates outside the span the primary covers (it extends a series' history, it never
fills holes inside it: holes inside a primary's span are holidays). Where a series has no
primary, the wide column is used whole. Among equal priorities the newest load wins.

Junk that is skipped, and reported per file: blank cells (non-trading calendar days), ``.``,
non-numeric cells, unparseable dates, ``*_volume``/``wap``/``count`` columns, exact duplicate
rows, Shiller placeholder zeros, and weekend rows of a weekday series that only repeat the
previous value (forward-fill artefacts). Conflicting duplicate dates are an error.

Every import is one transaction: any file that cannot be read fails the whole import and
leaves the store as it was.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from notes_analyzer.errors import StoreError
from notes_analyzer.market.store import MarketStore

__all__ = ["FileReport", "ImportSummary", "ParsedSeries", "import_paths", "import_shared", "parse_file",
           "write_series", "SERIES_INFO"]

log = logging.getLogger(__name__)

PRIMARY, SECONDARY = 0, 1
#: Cells read as missing, not as junk.
BLANKS = frozenset({"", ".", "nan", "NaN", "NA", "N/A", "#N/A", "null", "None", "-"})
#: A weekday series has fewer weekend rows than this share; its weekend repeats are artefacts.
WEEKEND_SHARE_MAX = 0.05
#: Relative tolerance for "this weekend value repeats the previous one".
REPEAT_RTOL = 1e-6
#: A file whose date column is mostly unparseable is not market data.
MIN_DATE_SHARE = 0.5
DATE_COLUMNS = ("date", "observation_date", "datetime", "timestamp", "time", "day")
SKIP_COLUMNS = re.compile(r"(^|_)(volume|wap|count|adj_?close_volume)$", re.I)
GENERIC_VALUE = frozenset({"value", "price", "rate", "close", "adj close", "level"})
CSV_SUFFIXES = (".csv", ".txt", ".tsv")

#: Column / file names -> canonical series ids (HK's wide-file names are FRED's ids in disguise).
ALIASES = {
    "CPI": "CPIAUCSL", "CORE_CPI": "CPILFESL", "PCE": "PCEPI", "CORE_PCE": "PCEPILFE", "GDP": "GDPC1",
    "REAL_PCE": "PCEC96", "CAPU": "TCU", "TGCR": "TGCRRATE", "ONRRP": "RRPONTSYAWARD",
    "JP10Y": "IRLTLT01JPM156N", "HY_OAS": "BAMLH0A0HYM2", "IG_OAS": "BAMLC0A0CM",
    "BTC_USD": "BTC", "BTCUSD": "BTC", "BTC-USD": "BTC", "UST10Y": "GS10", "^RUT": "RUT", "^GSPC": "SPX",
    "^NDX": "NDX", "^DJI": "DJI", "^IXIC": "IXIC", "^VIX": "VIX",
}
#: Per-file-kind renames where one name means different things in different feeds.
WIDE_RENAMES = {
    "volatility": {"VIX": "VIXCLS"},
    # yfinance commodities are front-month futures (CL=F, BZ=F, GC=F …), not the EIA/LBMA spot series.
    "yfinance": {"WTI": "WTI_FUT", "BRENT": "BRENT_FUT", "GOLD": "GOLD_FUT", "SILVER": "SILVER_FUT",
                 "COPPER": "COPPER_FUT", "NG": "NG_FUT"},
}
#: Series ids of single-value files named by their file (``Date,Price`` …).
FILE_IDS = [
    (re.compile(r"^oil_wti", re.I), "WTI"), (re.compile(r"^oil_brent", re.I), "BRENT"),
    (re.compile(r"^gold_monthly", re.I), "GOLD"), (re.compile(r"^ust10y_monthly", re.I), "GS10"),
    (re.compile(r"^vix_daily", re.I), "VIX"), (re.compile(r"^fred_FEDTARMD", re.I), "FEDTARMD"),
    (re.compile(r"^(?:index|etf|crypto|fred|oil)_([A-Za-z0-9]+)_", re.I), None),
]

#: id -> (name, unit, kind). Unknown ids get their id as name and kind "unknown".
SERIES_INFO: dict[str, tuple[str, str, str]] = {
    "RUT": ("Russell 2000 index", "points", "index"), "SPX": ("S&P 500 index", "points", "index"),
    "NDX": ("Nasdaq-100 index", "points", "index"), "IXIC": ("Nasdaq Composite index", "points", "index"),
    "DJI": ("Dow Jones Industrial Average", "points", "index"),
    "SP500": ("S&P 500 (FRED SP500)", "points", "index"),
    "IWM": ("iShares Russell 2000 ETF (adjusted)", "usd", "price"),
    "QQQ": ("Invesco QQQ ETF (adjusted)", "usd", "price"), "SPY": ("SPDR S&P 500 ETF (adjusted)", "usd", "price"),
    "DIA": ("SPDR Dow Jones ETF (adjusted)", "usd", "price"), "GLD": ("SPDR Gold Shares (adjusted)", "usd", "price"),
    "BTC": ("Bitcoin (BTC-USD)", "usd", "price"), "ETH": ("Ether (ETH-USD)", "usd", "price"),
    "WTI": ("WTI crude, Cushing spot (EIA)", "usd/bbl", "price"),
    "BRENT": ("Brent crude, Europe spot (EIA)", "usd/bbl", "price"),
    "WTI_FUT": ("WTI crude front-month future (CL=F)", "usd/bbl", "price"),
    "BRENT_FUT": ("Brent crude front-month future (BZ=F)", "usd/bbl", "price"),
    "GOLD": ("Gold, monthly average (World Bank)", "usd/oz", "price"),
    "GOLD_FUT": ("Gold front-month future (GC=F)", "usd/oz", "price"),
    "SILVER_FUT": ("Silver front-month future (SI=F)", "usd/oz", "price"),
    "COPPER_FUT": ("Copper front-month future (HG=F)", "usd/lb", "price"),
    "DXY": ("U.S. Dollar Index (ICE, DX-Y.NYB)", "points", "index"),
    "VIX": ("CBOE Volatility Index (CBOE)", "points", "index"), "VIXCLS": ("CBOE VIX close (FRED)", "points", "index"),
    "DFEDTARL": ("Fed funds target range, lower limit", "percent", "rate"),
    "DFEDTARU": ("Fed funds target range, upper limit", "percent", "rate"),
    "DFF": ("Effective federal funds rate, daily", "percent", "rate"),
    "FEDFUNDS": ("Effective federal funds rate, monthly", "percent", "rate"),
    "DGS10": ("10-year Treasury constant-maturity yield", "percent", "rate"),
    "DGS2": ("2-year Treasury constant-maturity yield", "percent", "rate"),
    "GS10": ("10-year Treasury yield, monthly (H.15)", "percent", "rate"),
    "IORB": ("Interest on reserve balances", "percent", "rate"), "SOFR": ("SOFR", "percent", "rate"),
    "CPIAUCSL": ("CPI, all items (SA)", "index 1982-84=100", "macro"),
    "CPILFESL": ("Core CPI, less food and energy (SA)", "index 1982-84=100", "macro"),
    "UNRATE": ("Unemployment rate", "percent", "macro"),
    "PAYEMS": ("Nonfarm payrolls", "thousands of persons", "macro"),
    "GDPC1": ("Real GDP", "bn chained 2017 usd saar", "macro"),
    "FEDTARMD": ("FOMC SEP median fed funds projection", "percent", "rate"),
    "SHILLER_SP500": ("S&P 500 monthly average (Shiller)", "points", "index"),
    "SHILLER_PE10": ("Shiller CAPE (PE10)", "ratio", "valuation"),
}


@dataclass(frozen=True, slots=True)
class ParsedSeries:
    """One series read from one file, ready to write."""

    series_id: str
    source: str
    priority: int
    frame: Any  # pandas DataFrame: date, value, open, high, low, close


@dataclass(frozen=True, slots=True)
class FileReport:
    path: str
    format: str
    series: tuple[tuple[str, int], ...]  # (series id, rows loaded)
    skipped: tuple[str, ...] = ()  # "reason: n rows/columns"


@dataclass(frozen=True, slots=True)
class ImportSummary:
    files: tuple[FileReport, ...]
    ignored: tuple[str, ...] = ()  # files in folders that are not CSV
    series_ids: tuple[str, ...] = field(default=())

    @property
    def rows(self) -> int:
        return sum(n for f in self.files for _, n in f.series)


# --------------------------------------------------------------------------- public


def import_paths(store: MarketStore, paths: Sequence[Path | str],
                 events_path: Path | None = None) -> ImportSummary:
    """Import CSV files and folders (non-recursive, ``*.csv``) in one transaction; the events table
    is seeded from ``events_path`` (default: the repo's ``models/events.yaml``)."""
    files, ignored = _expand(paths)
    if not files:
        raise StoreError(f"no CSV files in {', '.join(str(p) for p in paths)}")
    parsed: list[ParsedSeries] = []
    reports: list[FileReport] = []
    for path in files:
        series, report = parse_file(path)
        parsed.extend(series)
        reports.append(report)
    write_series(store, parsed, events_path)
    ids = tuple(sorted({p.series_id for p in parsed}))
    log.info("imported %d files, %d series", len(reports), len(ids))
    return ImportSummary(files=tuple(reports), ignored=tuple(ignored), series_ids=ids)


def import_shared(store: MarketStore, folder: Path | str) -> ImportSummary:
    """Import every CSV of a folder such as ``../shared/market-data``."""
    return import_paths(store, [Path(folder)])


def write_series(store: MarketStore, parsed: list[ParsedSeries], events_path: Path | None = None) -> None:
    """Replace each (series, source) with the parsed rows, rebuild observations, refresh events
    (the curated ones from ``events_path``, default the repo's ``models/events.yaml``)."""
    import pandas as pd

    from notes_analyzer.market import events as _events

    if not parsed:
        return
    loaded_at = datetime.now(UTC).replace(microsecond=0, tzinfo=None)  # UTC, stored naive
    incoming = pd.concat(
        [p.frame.assign(series_id=p.series_id, source=p.source, priority=p.priority, loaded_at=loaded_at)
         for p in parsed], ignore_index=True,
    )[["series_id", "source", "priority", "loaded_at", "date", "value", "open", "high", "low", "close"]]
    ids = sorted(incoming["series_id"].unique())

    def work(con: Any) -> None:
        con.register("incoming", incoming)
        try:
            con.execute("""DELETE FROM raw_observations r USING (SELECT DISTINCT series_id, source FROM incoming) i
                           WHERE r.series_id = i.series_id AND r.source = i.source""")
            con.execute("INSERT INTO raw_observations SELECT * FROM incoming")
        finally:
            con.unregister("incoming")
        _rebuild(con, ids)
        _events.refresh_events(con, events_path)

    import duckdb

    try:
        store.transaction(work)
    except duckdb.Error as exc:
        raise StoreError(f"{store.path}: writing {len(ids)} series failed ({exc}); the store was not changed") \
            from None


# --------------------------------------------------------------------------- rebuild


def _rebuild(con: Any, ids: list[str]) -> None:
    """Resolve ``raw_observations`` into ``observations`` and refresh ``series`` for ``ids``."""
    con.execute("CREATE OR REPLACE TEMP TABLE touched AS SELECT unnest(?::VARCHAR[]) AS id", [ids])
    con.execute("DELETE FROM observations WHERE series_id IN (SELECT id FROM touched)")
    con.execute("""
        INSERT INTO observations
        WITH spans AS (
            SELECT series_id, min(date) AS lo, max(date) AS hi FROM raw_observations
            WHERE priority = 0 AND series_id IN (SELECT id FROM touched) GROUP BY series_id),
        eligible AS (
            SELECT r.* FROM raw_observations r LEFT JOIN spans s USING (series_id)
            WHERE r.series_id IN (SELECT id FROM touched)
              AND (r.priority = 0 OR s.lo IS NULL OR r.date < s.lo OR r.date > s.hi))
        SELECT series_id, date, value, open, high, low, close, source FROM eligible
        QUALIFY row_number() OVER (PARTITION BY series_id, date ORDER BY priority, loaded_at DESC, source) = 1
    """)
    con.execute("DELETE FROM series WHERE id IN (SELECT id FROM touched)")
    stats = con.execute("""
        SELECT series_id, min(date), max(date), count(*), string_agg(DISTINCT source, ', ' ORDER BY source),
               median(gap) FROM (
            SELECT series_id, date, source, date - lag(date) OVER (PARTITION BY series_id ORDER BY date) AS gap
            FROM observations WHERE series_id IN (SELECT id FROM touched))
        GROUP BY series_id""").fetchall()
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)  # UTC, stored naive
    for sid, lo, hi, n, sources, gap in stats:
        name, unit, kind = SERIES_INFO.get(sid, (sid, "", "unknown"))
        con.execute("INSERT INTO series VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [sid, name, unit, frequency_of(gap), kind, sources, lo, hi, n, now])


def frequency_of(median_gap_days: float | None) -> str:
    """Frequency name from the median gap between observations."""
    if median_gap_days is None:
        return "unknown"
    for limit, name in ((4, "daily"), (10, "weekly"), (40, "monthly"), (100, "quarterly")):
        if median_gap_days <= limit:
            return name
    return "annual"


# --------------------------------------------------------------------------- parse


def _expand(paths: Any) -> tuple[list[Path], list[str]]:
    files: list[Path] = []
    ignored: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.iterdir()):
                if child.is_file() and child.suffix.lower() in CSV_SUFFIXES:
                    files.append(child)
                elif child.is_file():
                    ignored.append(str(child))
        elif path.is_file():
            files.append(path)
        else:
            raise StoreError(f"{path}: no such file or folder")
    return files, ignored


def parse_file(path: Path) -> tuple[list[ParsedSeries], FileReport]:
    """Read one CSV into series; raise ``StoreError`` naming the file if it is not market data."""
    table = _read_csv(path)
    fmt, date_col = detect_format(path, list(table.columns))
    skipped: Counter[str] = Counter()
    dates = _parse_dates(path, table[date_col], skipped)
    if fmt == "ohlc":
        columns = _ohlc_columns(table)
        skipped.update({f"feed column {c!r} not loaded": 1 for c in table.columns
                        if c not in columns.values() and c != date_col})
        plan = [(_file_series_id(path), columns, PRIMARY)]
    else:
        plan = _value_plan(path, fmt, [c for c in table.columns if c != date_col], skipped)
    ids = [sid for sid, _, _ in plan]
    if len(set(ids)) != len(ids):
        twice = sorted({sid for sid in ids if ids.count(sid) > 1})
        raise StoreError(f"{path}: several columns map to series {', '.join(twice)}")
    parsed = []
    for series_id, columns, priority in plan:
        frame = _series_frame(path, series_id, table, dates, columns, fmt, skipped)
        if frame is not None:
            parsed.append(ParsedSeries(series_id, path.name, priority, frame))
    if not parsed:
        raise StoreError(f"{path}: no numeric observations found")
    report = FileReport(str(path), fmt, tuple((p.series_id, len(p.frame)) for p in parsed),
                        tuple(f"{reason}: {n}" for reason, n in sorted(skipped.items())))
    return parsed, report


def _read_csv(path: Path) -> Any:
    import pandas as pd

    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True,
                            sep=None if path.suffix.lower() == ".tsv" else ",", engine="python"
                            if path.suffix.lower() == ".tsv" else "c")
    except pd.errors.EmptyDataError:
        raise StoreError(f"{path}: empty file") from None
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise StoreError(f"{path}: malformed CSV ({str(exc).splitlines()[0]})") from None
    if table.empty:
        raise StoreError(f"{path}: header only, no data rows")
    table.columns = [str(c).strip() for c in table.columns]
    if len(set(table.columns)) != len(table.columns) or any(c.startswith("Unnamed") for c in table.columns):
        raise StoreError(f"{path}: malformed CSV header {list(table.columns)}")
    return table


def detect_format(path: Path, columns: list[str]) -> tuple[str, str]:
    """(format, date column) from the header; ``StoreError`` for an unknown layout."""
    lower = [c.lower() for c in columns]
    if lower[0] not in DATE_COLUMNS:
        raise StoreError(f"{path}: unknown format (first column {columns[0]!r} is not a date column)")
    values = lower[1:]
    if not values:
        raise StoreError(f"{path}: unknown format (a date column and nothing else)")
    if "close" in values:
        return "ohlc", columns[0]
    if "pe10" in values or "real price" in values:
        return "shiller", columns[0]
    data_cols = [c for c in values if not SKIP_COLUMNS.search(c)]
    if len(data_cols) == 1:
        return ("fred" if data_cols[0] not in GENERIC_VALUE else "single"), columns[0]
    return "wide", columns[0]


def _parse_dates(path: Path, raw: Any, skipped: Counter[str]) -> Any:
    import pandas as pd

    text = raw.str.strip()
    day = pd.to_datetime(text.str.slice(0, 10).where(text.str.match(r"^\d{4}-\d{2}-\d{2}")),
                         format="%Y-%m-%d", errors="coerce")
    month = pd.to_datetime(text.where(text.str.fullmatch(r"\d{4}-\d{2}")), format="%Y-%m", errors="coerce")
    dates = day.fillna(month)
    bad = int(dates.isna().sum())
    if bad > len(dates) * (1 - MIN_DATE_SHARE):
        raise StoreError(f"{path}: unknown format (dates not ISO YYYY-MM-DD in {bad} of {len(dates)} rows)")
    if bad:
        skipped["unparseable date"] += bad
    return dates


def _ohlc_columns(table: Any) -> dict[str, str]:
    by_lower = {c.lower(): c for c in table.columns}
    return {k: by_lower[k] for k in ("open", "high", "low", "close") if k in by_lower}


def _value_plan(path: Path, fmt: str, columns: list[str],
                skipped: Counter[str]) -> list[tuple[str, dict[str, str], int]]:
    """(series id, {"close": column}, priority) for each value column of a non-OHLC file."""
    plan = []
    for col in columns:
        if SKIP_COLUMNS.search(col):
            skipped["volume/feed columns not loaded"] += 1
            continue
        if fmt == "single" or (fmt == "fred" and col.lower() in GENERIC_VALUE):
            sid = _file_series_id(path)
        elif fmt == "shiller":
            sid = "SHILLER_" + _clean_id(col)
        else:
            sid = _column_series_id(path, col)
        plan.append((sid, {"close": col}, SECONDARY if fmt in ("wide", "shiller") else PRIMARY))
    if fmt == "shiller":  # the Shiller file is the only source of its series: primary
        plan = [(sid, cols, PRIMARY) for sid, cols, _ in plan]
    return plan


def _clean_id(text: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9^.=-]+", "_", text.strip()).strip("_").upper()
    return ALIASES.get(cleaned, cleaned)


def _column_series_id(path: Path, column: str) -> str:
    base = re.sub(r"_(close|adj_close|level|value)$", "", column.strip(), flags=re.I)
    sid = _clean_id(base)
    feed = "yfinance" if "yfinance" in path.name.lower() else "volatility" if "volatility" in path.name.lower() else ""
    return WIDE_RENAMES.get(feed, {}).get(sid, sid)


def _file_series_id(path: Path) -> str:
    for pattern, sid in FILE_IDS:
        match = pattern.search(path.stem)
        if match:
            return sid or _clean_id(match.group(1))
    return _clean_id(path.stem)


def _series_frame(path: Path, series_id: str, table: Any, dates: Any, columns: dict[str, str], fmt: str,
                  skipped: Counter[str]) -> Any:
    """date/value/OHLC frame of one series, junk dropped and counted; ``None`` if empty."""
    import pandas as pd

    frame = pd.DataFrame({"date": dates})
    for key in ("open", "high", "low", "close"):
        frame[key] = _numbers(table[columns[key]], skipped, series_id) if key in columns else np.nan
    if fmt == "shiller":
        zero = frame["close"] == 0
        skipped[f"{series_id}: placeholder zero"] += int(zero.sum())
        frame.loc[zero, "close"] = np.nan
    frame = frame[frame["date"].notna() & frame["close"].notna()]
    if frame.empty:
        skipped[f"{series_id}: column without numeric values"] += 1
        return None
    frame = _dedupe(path, series_id, frame, skipped)
    frame = _drop_weekend_repeats(series_id, frame, skipped)
    frame = frame.assign(value=frame["close"], date=frame["date"].dt.date)
    if fmt != "ohlc":
        frame["close"] = np.nan
    return frame[["date", "value", "open", "high", "low", "close"]].reset_index(drop=True)


def _numbers(raw: Any, skipped: Counter[str], series_id: str) -> Any:
    import pandas as pd

    text = raw.str.strip().str.replace(",", "", regex=False)
    blank = text.isin(BLANKS)
    if blank.any():
        skipped["blank cells (non-trading days, gaps)"] += int(blank.sum())
    values = pd.to_numeric(text.where(~blank), errors="coerce")
    junk = int((values.isna() & ~blank).sum())
    if junk:
        skipped[f"{series_id}: non-numeric value"] += junk
    infinite = np.isinf(values)
    if infinite.any():
        skipped[f"{series_id}: infinite value"] += int(infinite.sum())
        values = values.where(~infinite)
    return values


def _dedupe(path: Path, series_id: str, frame: Any, skipped: Counter[str]) -> Any:
    dup = frame.duplicated(subset=["date"], keep=False)
    if not dup.any():
        return frame.sort_values("date")
    exact = frame.duplicated(keep="first")
    rest = frame[~exact]
    clash = rest[rest.duplicated(subset=["date"], keep=False)]
    if not clash.empty:
        day = clash["date"].iloc[0].date()
        raise StoreError(f"{path}: duplicate date {day} with different {series_id} values")
    skipped[f"{series_id}: duplicate row"] += int(exact.sum())
    return rest.sort_values("date")


def _drop_weekend_repeats(series_id: str, frame: Any, skipped: Counter[str]) -> Any:
    weekend = frame["date"].dt.day_of_week >= 5
    if not weekend.any() or weekend.mean() >= WEEKEND_SHARE_MAX:
        return frame
    weekday_values = frame["close"].where(~weekend).ffill()
    previous = weekday_values.shift(1)
    repeat = weekend & np.isclose(frame["close"], previous, rtol=REPEAT_RTOL, atol=0)
    if repeat.any():
        skipped[f"{series_id}: weekend forward-fill row"] += int(repeat.sum())
    return frame[~repeat]
