"""``market update``: fetch fresh series from public sources (for users who have a network).

- FRED: ``{fred_url}?id=SERIES`` returns ``observation_date,SERIES`` CSV (rates, macro).
- Yahoo: ``{yahoo_url}/{SYMBOL}?period1=0&period2=…&interval=1d`` returns the chart JSON
  (indices, ETFs, bitcoin). OHLC are scaled by adjclose/close, as yfinance's ``auto_adjust``
  does, so ETF prices stay dividend-adjusted like the shared files; for indices the ratio is 1.

Base URLs come from the arguments, else ``NOTES_ANALYZER_FRED_URL`` / ``NOTES_ANALYZER_YAHOO_URL``,
else the public endpoints. Everything is fetched before anything is written: any failure
(offline, HTTP error, unreadable body) raises ``FetchError`` and leaves the store as it was.
Fetched rows are primary sources; where they overlap a file's rows, the newest load wins.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from notes_analyzer.config import USER_AGENT
from notes_analyzer.errors import FetchError, SeriesNotFound, StoreError
from notes_analyzer.market.importers import PRIMARY, ParsedSeries, parse_file, write_series
from notes_analyzer.market.store import MarketStore

__all__ = ["FRED_SERIES", "YAHOO_SYMBOLS", "UpdateSummary", "update_series", "updatable_series"]

log = logging.getLogger(__name__)

FRED_URL = "https://fred.stlouisfed.org/graph/fredgraph.csv"
YAHOO_URL = "https://query1.finance.yahoo.com/v8/finance/chart"
TIMEOUT_S = 20.0
FRED_SERIES = ("DFEDTARL", "DFEDTARU", "DFF", "FEDFUNDS", "DGS10", "DGS2", "CPIAUCSL", "CPILFESL", "UNRATE",
               "PAYEMS", "GDPC1", "VIXCLS", "SP500", "IORB", "SOFR")
YAHOO_SYMBOLS = {"RUT": "^RUT", "SPX": "^GSPC", "NDX": "^NDX", "DJI": "^DJI", "IXIC": "^IXIC", "VIX": "^VIX",
                 "IWM": "IWM", "QQQ": "QQQ", "SPY": "SPY", "DIA": "DIA", "GLD": "GLD", "BTC": "BTC-USD"}


@dataclass(frozen=True, slots=True)
class UpdateSummary:
    series: tuple[tuple[str, str, int], ...]  # (series id, source, rows)

    @property
    def rows(self) -> int:
        return sum(n for _, _, n in self.series)


def updatable_series() -> list[str]:
    return sorted((*FRED_SERIES, *YAHOO_SYMBOLS))


def update_series(store: MarketStore, series: list[str] | None = None, *, fred_url: str | None = None,
                  yahoo_url: str | None = None, client: Any = None) -> UpdateSummary:
    """Fetch ``series`` (default: all updatable) and write them in one transaction."""
    import httpx

    wanted = list(series) if series else updatable_series()
    unknown = [s for s in wanted if s not in FRED_SERIES and s not in YAHOO_SYMBOLS]
    if unknown:
        raise SeriesNotFound(f"cannot update {', '.join(unknown)}; updatable: {', '.join(updatable_series())}")
    fred = fred_url or os.environ.get("NOTES_ANALYZER_FRED_URL") or FRED_URL
    yahoo = yahoo_url or os.environ.get("NOTES_ANALYZER_YAHOO_URL") or YAHOO_URL
    own = client is None
    client = client or httpx.Client(timeout=TIMEOUT_S, headers={"User-Agent": USER_AGENT}, follow_redirects=True)
    try:
        parsed = [_fetch_fred(client, fred, s) if s in FRED_SERIES else _fetch_yahoo(client, yahoo, s)
                  for s in wanted]
    finally:
        if own:
            client.close()
    write_series(store, parsed)
    return UpdateSummary(tuple((p.series_id, p.source, len(p.frame)) for p in parsed))


def _get(client: Any, url: str, params: dict[str, Any]) -> Any:
    import httpx

    try:
        response = client.get(url, params=params)
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: cannot fetch ({type(exc).__name__}: {exc}); offline? the store was not changed") \
            from None
    if response.status_code != 200:
        raise FetchError(f"{response.url}: HTTP {response.status_code}; the store was not changed")
    return response


def _fetch_fred(client: Any, base: str, series_id: str) -> ParsedSeries:
    response = _get(client, base, {"id": series_id})
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{series_id}.csv"
        path.write_bytes(response.content)
        try:
            found, _ = parse_file(path)
        except StoreError as exc:
            raise FetchError(f"{response.url}: not a FRED CSV ({exc})") from None
    match = [p for p in found if p.series_id == series_id]
    if not match:
        raise FetchError(f"{response.url}: response has no {series_id} column")
    return replace(match[0], source=f"fred:{series_id}")


def _fetch_yahoo(client: Any, base: str, series_id: str) -> ParsedSeries:
    symbol = YAHOO_SYMBOLS[series_id]
    params = {"period1": 0, "period2": int(time.time()), "interval": "1d", "events": "div,split",
              "includeAdjustedClose": "true"}
    response = _get(client, f"{base.rstrip('/')}/{symbol}", params)
    try:
        frame = _chart_frame(response.json())
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise FetchError(f"{response.url}: not a Yahoo chart response ({exc})") from None
    if frame.empty:
        raise FetchError(f"{response.url}: no prices in the response")
    return ParsedSeries(series_id, f"yahoo:{symbol}", PRIMARY, frame)


def _chart_frame(payload: dict[str, Any]) -> Any:
    """date/value/OHLC frame from Yahoo's chart JSON (adjusted by adjclose/close)."""
    import pandas as pd

    result = payload["chart"]["result"][0]
    offset = int(result.get("meta", {}).get("gmtoffset", 0))
    quote = result["indicators"]["quote"][0]
    frame = pd.DataFrame({k: pd.to_numeric(pd.Series(quote[k], dtype=object), errors="coerce")
                          for k in ("open", "high", "low", "close")})
    adj = result["indicators"].get("adjclose")
    if adj:
        factor = pd.to_numeric(pd.Series(adj[0]["adjclose"], dtype=object), errors="coerce") / frame["close"]
        frame = frame.mul(factor.replace([np.inf, -np.inf], np.nan), axis=0)
    frame["date"] = [datetime.fromtimestamp(int(t) + offset, UTC).date() for t in result["timestamp"]]
    frame = frame[frame["close"].notna()].drop_duplicates("date", keep="last").sort_values("date")
    frame["value"] = frame["close"]
    return frame[["date", "value", "open", "high", "low", "close"]].reset_index(drop=True)
