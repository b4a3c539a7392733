"""Instrument registry and events: aliases notes use, curated facts, FOMC decisions from data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from notes_analyzer.errors import ConfigError, SeriesNotFound
from notes_analyzer.market.events import EventRegistry, load_curated_events
from notes_analyzer.market.instruments import InstrumentRegistry

CONTRACT_IDS = {"RUT", "NDX", "IXIC", "SPX", "DJI", "FEDFUNDS_TARGET", "UST10Y", "UST2Y", "CPI", "CORE_CPI",
                "UNRATE", "PAYEMS", "GDP", "VIX", "WTI", "BRENT", "GOLD", "BTC",
                # every maturity of ../shared/market-data/fred_rates_wide.csv has its own series (issue 10)
                "UST1M", "UST3M", "UST6M", "UST1Y", "UST3Y", "UST5Y", "UST7Y", "UST20Y", "UST30Y",
                # the dollar and the metals of the yfinance file: "the dollar slumped", "copper gained 3%"
                "DXY", "SILVER", "COPPER"}


@pytest.fixture(scope="module")
def registry() -> InstrumentRegistry:
    return InstrumentRegistry.load()


def test_registry_has_the_contract_ids(registry: InstrumentRegistry) -> None:
    assert {i.id for i in registry} == CONTRACT_IDS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20-year Treasury bond", "UST20Y"), ("30-year bonds", "UST30Y"), ("five-year note", "UST5Y"),
        ("3-month T-bill", "UST3M"), ("10-year Treasury", "UST10Y"),
        ("Russell 2000", "RUT"), ("small caps", "RUT"), ("Small-cap stocks", "RUT"), ("RUT", "RUT"),
        ("IWM", "RUT"), ("the Russell", "RUT"), ("small-cap index", "RUT"), ("small cap", "RUT"),
        # "the tech-heavy Nasdaq" in news copy is the Composite
        ("Nasdaq 100", "NDX"), ("tech-heavy Nasdaq", "IXIC"), ("Nasdaq Composite", "IXIC"),
        ("S&P 500", "SPX"), ("large caps", "SPX"), ("the S&P", "SPX"),
        ("Dow", "DJI"), ("the Dow Jones", "DJI"),
        ("fed funds rate", "FEDFUNDS_TARGET"), ("Federal Funds Rate", "FEDFUNDS_TARGET"),
        ("policy rate", "FEDFUNDS_TARGET"), ("the Fed's policy rate", "FEDFUNDS_TARGET"),
        ("10-year yield", "UST10Y"), ("10-year Treasury", "UST10Y"), ("Treasury yields", "UST10Y"),
        ("2-year", "UST2Y"), ("inflation", "CPI"), ("CPI", "CPI"), ("headline CPI", "CPI"),
        ("core inflation", "CORE_CPI"), ("unemployment rate", "UNRATE"), ("payrolls", "PAYEMS"),
        ("GDP", "GDP"), ("VIX", "VIX"), ("oil", "WTI"), ("WTI", "WTI"), ("crude", "WTI"), ("Brent", "BRENT"),
        ("gold", "GOLD"), ("bitcoin", "BTC"), ("Bitcoins", "BTC"),
    ],
)
def test_resolve_names_notes_use(registry: InstrumentRegistry, text: str, expected: str) -> None:
    assert registry.resolve(text).id == expected


def test_unknown_names(registry: InstrumentRegistry) -> None:
    assert registry.resolve("Hang Seng") is None
    assert registry.resolve("") is None
    with pytest.raises(SeriesNotFound, match="RUT"):
        registry.get("RUTT")


def test_instrument_details(registry: InstrumentRegistry) -> None:
    fed = registry.get("FEDFUNDS_TARGET")
    assert (fed.lower_series, fed.upper_series, fed.effective_series) == ("DFEDTARL", "DFEDTARU", "DFF")
    rut = registry.get("RUT")
    assert rut.proxy == "IWM" and "total-return" in rut.proxy_caveat
    pairs = registry.aliases()
    assert ("small caps", "RUT") in pairs and ("Nasdaq Composite", "IXIC") in pairs
    assert all(registry.resolve(alias).id == iid for alias, iid in pairs)


def test_every_instrument_series_is_in_the_shared_store(registry: InstrumentRegistry, market_store) -> None:
    known = set(market_store.series_ids())
    missing = {s for inst in registry for s in inst.all_series if s not in known}
    assert missing == set()


def test_conflicting_aliases_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "inst.yaml"
    path.write_text("instruments:\n"
                    "  - {id: A, name: A, kind: index, series: A, aliases: [small caps]}\n"
                    "  - {id: B, name: B, kind: index, series: B, aliases: [Small-cap]}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="Small-cap.*both A and B"):
        InstrumentRegistry.load(path)


def test_curated_events_have_sources_and_aliases() -> None:
    events = EventRegistry.load()
    obbba = events.resolve("One Big Beautiful Bill Act")
    assert obbba.id == "obbba" and obbba.date == date(2025, 7, 4)
    assert "100% bonus depreciation" in obbba.detail
    assert events.resolve("OBBBA") is obbba and events.resolve("the One Big Beautiful Bill") is obbba
    assert events.resolve("Liberation Day").date == date(2025, 4, 2)
    assert all(e.source for e in load_curated_events())


def test_bad_events_file(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text("events:\n  - {id: x, date: 2025-01-01, kind: tariff, name: X}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="source"):
        load_curated_events(path)


def test_fomc_decisions_derived_from_target_range(market_store) -> None:
    events = EventRegistry.from_store(market_store)
    fomc = events.between(date(2025, 1, 1), date(2025, 12, 31), kind="fomc_decision")
    assert [e.date for e in fomc] == [date(2025, 9, 17), date(2025, 10, 29), date(2025, 12, 10)]
    assert fomc[-1].name == "FOMC cuts target range 25 bp to 3.50-3.75%"
    assert "FRED" in fomc[0].source
    assert events.get("obbba").origin == "curated"
