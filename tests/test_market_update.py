"""``market update`` against a loopback server serving recorded FRED/Yahoo responses (never live)."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import pytest
from typer.testing import CliRunner

from notes_analyzer.cli import app
from notes_analyzer.errors import FetchError, SeriesNotFound
from notes_analyzer.market.events import EventRegistry
from notes_analyzer.market.importers import import_paths
from notes_analyzer.market.queries import MarketQueries
from notes_analyzer.market.store import open_store
from notes_analyzer.market.update import update_series

FIXTURES = Path(__file__).parent / "fixtures" / "market"
YAHOO_FILES = {"^RUT": "yahoo_chart_RUT.json", "IWM": "yahoo_chart_IWM.json"}


class _Handler(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        url = urlparse(self.path)
        self.requests.append(self.path)
        body, kind = self._body(url)
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Type", kind)
        self.end_headers()
        self.wfile.write(body or b"not found")

    def _body(self, url) -> tuple[bytes | None, str]:
        if url.path == "/fred/graph/fredgraph.csv":
            path = FIXTURES / f"fredgraph_{parse_qs(url.query).get('id', [''])[0]}.csv"
            return (path.read_bytes() if path.exists() else None), "text/csv"
        if url.path.startswith("/yahoo/chart/"):
            name = YAHOO_FILES.get(unquote(url.path.rsplit("/", 1)[-1]))
            return ((FIXTURES / name).read_bytes() if name else None), "application/json"
        if url.path == "/garbage/chart/^RUT" or url.path.startswith("/garbage/"):
            return b"<html>rate limited</html>", "text/html"
        return None, "text/plain"

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture()
def seeded(tmp_path: Path) -> Path:
    """A store with a few DFEDTARU/L and RUT rows from files, as an earlier import left it."""
    (tmp_path / "fred_DFEDTARU.csv").write_text("date,DFEDTARU\n2025-12-08,4.00\n2025-12-09,4.00\n")
    (tmp_path / "fred_DFEDTARL.csv").write_text("date,DFEDTARL\n2025-12-08,3.75\n2025-12-09,3.75\n")
    (tmp_path / "index_RUT_daily.csv").write_text("date,open,high,low,close\n2026-01-07,1,1,1,2575.42\n")
    path = tmp_path / "s.duckdb"
    with open_store(path) as store:
        import_paths(store, sorted(tmp_path.glob("*.csv")))
    return path


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_update_fred_and_yahoo(server: str, seeded: Path) -> None:
    with open_store(seeded) as store:
        summary = update_series(store, ["DFEDTARU", "DFEDTARL", "RUT", "IWM"],
                                fred_url=f"{server}/fred/graph/fredgraph.csv", yahoo_url=f"{server}/yahoo/chart")
        assert dict((s, n) for s, _, n in summary.series) == {"DFEDTARU": 5, "DFEDTARL": 5, "RUT": 4, "IWM": 2}
        q = MarketQueries(store)
        assert q.range_at("DFEDTARL", "DFEDTARU", date(2025, 12, 12)).high == 3.75
        assert q.value_at("RUT", date(2026, 1, 13)).value == pytest.approx(2633.11)
        assert q.value_at("RUT", date(2026, 1, 14)).date == date(2026, 1, 13)  # null close of a live day dropped
        assert q.value_at("RUT", date(2026, 1, 7)).value == pytest.approx(2575.42)  # file rows kept
        iwm = q.extreme("IWM", date(2026, 1, 12), date(2026, 1, 12), "max", field="high")
        assert iwm.value == pytest.approx(263.5 * 0.99)  # OHLC scaled by adjclose/close
        fomc = EventRegistry.from_store(store).between(kind="fomc_decision")
        assert [e.date for e in fomc] == [date(2025, 12, 10)]


def test_offline_fails_clearly_and_keeps_store(seeded: Path) -> None:
    dead = _closed_port_url()
    with open_store(seeded) as store:
        before = store.info()
        with pytest.raises(FetchError, match="cannot fetch.*offline"):
            update_series(store, ["DFEDTARU", "RUT"], fred_url=f"{dead}/fred", yahoo_url=f"{dead}/yahoo")
        assert store.info() == before


def test_http_error_and_bad_body_keep_store(server: str, seeded: Path) -> None:
    with open_store(seeded) as store:
        before = store.info()
        with pytest.raises(FetchError, match="HTTP 404"):  # first series fine, second missing: nothing written
            update_series(store, ["DFEDTARU", "DGS10"], fred_url=f"{server}/fred/graph/fredgraph.csv")
        with pytest.raises(FetchError, match="not a Yahoo chart"):
            update_series(store, ["RUT"], yahoo_url=f"{server}/garbage")
        assert store.info() == before


def test_unknown_series_to_update(seeded: Path) -> None:
    with open_store(seeded) as store, pytest.raises(SeriesNotFound, match="updatable"):
        update_series(store, ["NOPE"])


def test_update_cli_with_env_urls(server: str, seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NOTES_ANALYZER_FRED_URL", f"{server}/fred/graph/fredgraph.csv")
    result = CliRunner().invoke(app, ["market", "update", "--series", "DFEDTARU", "--store", str(seeded), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["series"] == [{"id": "DFEDTARU", "source": "fred:DFEDTARU", "rows": 5}]
    dead = _closed_port_url()
    result = CliRunner().invoke(app, ["market", "update", "-s", "RUT", "--yahoo-url", dead, "--store", str(seeded)])
    assert result.exit_code == 1
    assert "offline" in result.stderr and "Traceback" not in result.output
