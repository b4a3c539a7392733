"""ingest.fetch and load_note(URL) against a loopback HTTP server: every bad input of issue 2."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from ingest_server import LoopbackServer, Route, loopback_server

from notes_analyzer.config import FetchOptions
from notes_analyzer.errors import ExtractError, FetchError
from notes_analyzer.ingest import fetch as fetch_module
from notes_analyzer.ingest import load_note
from notes_analyzer.ingest.fetch import MAX_RETRY_AFTER_S, Fetcher, fetch

FIXTURES = Path(__file__).parent / "fixtures" / "html"
PAGE = (FIXTURES / "ainvest_smallcaps.html").read_bytes()
ARTICLE = (
    "<html><head><title>Rates note</title></head><body><article><h1>Rates note</h1>"
    "<p>The Federal Reserve left its target range at 3.50%–3.75% on Wednesday, and the café owners "
    "who borrow at floating rates were relieved that the “higher for longer” talk has faded somewhat.</p>"
    "<p>Two-year yields fell 12 basis points on the week, the biggest drop since October, while the "
    "dollar slipped against the euro as traders priced a cut in June.</p></article></body></html>"
)


@pytest.fixture
def server() -> LoopbackServer:
    with loopback_server() as srv:
        yield srv


def options(**changes) -> FetchOptions:
    values = {"allow_private": True, "retries": 2, "backoff": 0.01, "connect_timeout": 2.0, "read_timeout": 2.0}
    return FetchOptions(**{**values, **changes})


def test_fetches_page_into_note_and_sends_user_agent(server: LoopbackServer) -> None:
    server.routes["/note"] = Route(body=PAGE)
    note = load_note(server.url("/note"), options(user_agent="notes-analyzer-test/1"))
    assert note.title == "Small Caps Open 2026 With a Rotation Built to Last"
    assert note.url == server.url("/note") and note.format == "html" and note.fetched_at is not None
    assert "Russell 2000 Index has climbed 6.8% since the last close of December, marking" in note.text
    assert dict(server.requests)["/note"]["User-Agent"] == "notes-analyzer-test/1"


def test_404_fails_at_once_naming_url(server: LoopbackServer) -> None:
    with pytest.raises(FetchError, match=r"/missing: HTTP 404"):
        fetch(server.url("/missing"), options())
    assert server.hits["/missing"] == 1


def test_500_is_retried_then_reported(server: LoopbackServer) -> None:
    server.routes["/down"] = Route(status=500, body=b"oops")
    with pytest.raises(FetchError, match=r"/down: HTTP 500"):
        fetch(server.url("/down"), options(retries=2))
    assert server.hits["/down"] == 3


def test_503_then_success_is_retried(server: LoopbackServer) -> None:
    server.routes["/flaky"] = Route(body=PAGE, fail_first=2, fail_headers={"Retry-After": "0"})
    page = fetch(server.url("/flaky"), options(retries=2))
    assert page.status == 200 and page.body == PAGE and server.hits["/flaky"] == 3


def test_retry_after_is_honoured_within_reason(server: LoopbackServer, monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr(fetch_module.time, "sleep", slept.append)
    server.routes["/busy"] = Route(body=PAGE, fail_first=2, fail_status=429, fail_headers={"Retry-After": "3600"})
    fetch(server.url("/busy"), options(retries=2))
    assert slept == [MAX_RETRY_AFTER_S, MAX_RETRY_AFTER_S]


def test_backoff_grows_without_retry_after(server: LoopbackServer, monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr(fetch_module.time, "sleep", slept.append)
    server.routes["/busy"] = Route(body=PAGE, fail_first=2, fail_status=502)
    fetch(server.url("/busy"), options(retries=2, backoff=0.5))
    assert slept == [0.5, 1.0]


def test_timeout(server: LoopbackServer) -> None:
    server.routes["/slow"] = Route(body=PAGE, delay=1.0)
    with pytest.raises(FetchError, match=r"/slow: timed out"):
        fetch(server.url("/slow"), options(read_timeout=0.2, retries=0))


def test_redirect_loop(server: LoopbackServer) -> None:
    server.routes["/a"] = Route(status=302, headers={"Location": "/b"})
    server.routes["/b"] = Route(status=302, headers={"Location": "/a"})
    with pytest.raises(FetchError, match=r"/a: redirect loop"):
        fetch(server.url("/a"), options())


def test_redirect_limit_and_followed_redirect(server: LoopbackServer) -> None:
    for i in range(6):
        server.routes[f"/r{i}"] = Route(status=301, headers={"Location": f"/r{i + 1}"})
    server.routes["/r6"] = Route(body=PAGE)
    with pytest.raises(FetchError, match=r"too many redirects \(more than 3\)"):
        fetch(server.url("/r0"), options(max_redirects=3))
    page = fetch(server.url("/r0"), options(max_redirects=6))
    assert page.final_url == server.url("/r6") and page.url == server.url("/r0")


def test_non_html_content_type_is_refused(server: LoopbackServer) -> None:
    server.routes["/img"] = Route(body=b"\x89PNG....", headers={"Content-Type": "image/png"})
    with pytest.raises(FetchError, match=r"/img: unsupported content type image/png"):
        load_note(server.url("/img"), options())


def test_body_over_limit_declared(server: LoopbackServer) -> None:
    server.routes["/big"] = Route(body=b"<p>" + b"x" * 5000 + b"</p>")
    with pytest.raises(FetchError, match=r"/big: body of 5007 bytes is over the 1000-byte limit"):
        fetch(server.url("/big"), options(max_bytes=1000))


def test_body_over_limit_streamed_stops_reading(server: LoopbackServer) -> None:
    server.routes["/endless"] = Route(stream_bytes=50 * 1024 * 1024)
    with pytest.raises(FetchError, match=r"/endless: body is over the 100000-byte limit"):
        fetch(server.url("/endless"), options(max_bytes=100_000))


def test_empty_page(server: LoopbackServer) -> None:
    server.routes["/empty"] = Route(body=b"")
    with pytest.raises(ExtractError, match=r"/empty: empty page"):
        load_note(server.url("/empty"), options())


def test_page_without_main_text(server: LoopbackServer) -> None:
    body = (
        b"<html><body><nav><a href='/'>Home</a> <a href='/x'>Markets</a></nav><footer>(c) 2026</footer></body></html>"
    )
    server.routes["/nav"] = Route(body=body)
    with pytest.raises(ExtractError, match=r"/nav: no main text found"):
        load_note(server.url("/nav"), options())


def test_utf8_page_declared_latin1(server: LoopbackServer) -> None:
    body = ARTICLE.replace("<head>", '<head><meta charset="iso-8859-1">').encode("utf-8")
    server.routes["/latin"] = Route(body=body, headers={"Content-Type": "text/html; charset=ISO-8859-1"})
    note = load_note(server.url("/latin"), options())
    assert "3.50%–3.75%" in note.text and "café owners" in note.text and "“higher for longer”" in note.text


def test_cp1252_page_declared_latin1_and_undeclared(server: LoopbackServer) -> None:
    body = ARTICLE.encode("cp1252")
    server.routes["/cp1252"] = Route(body=body, headers={"Content-Type": "text/html; charset=latin-1"})
    server.routes["/bare"] = Route(body=body, headers={"Content-Type": "text/html"})
    for path in ("/cp1252", "/bare"):
        note = load_note(server.url(path), options())
        assert "“higher for longer”" in note.text and "3.50%–3.75%" in note.text and "café" in note.text, path


def test_malformed_html_still_yields_the_text(server: LoopbackServer) -> None:
    body = (
        b"<html><body><div><article><p>Copper rose 4% this week as Chinese demand <b>picked up <i>again</b></i>, "
        b"and warehouse stocks fell to their lowest since 2023.<p>Miners led the FTSE 100 higher while "
        b"the pound held steady near 1.27 dollars.</div></span></td><p>Analysts expect tighter supply "
        b"to keep prices firm into the spring, barring a slowdown in construction."
    )
    server.routes["/broken"] = Route(body=body)
    note = load_note(server.url("/broken"), options())
    assert "demand picked up again, and warehouse stocks fell" in note.text
    assert "Analysts expect tighter supply to keep prices firm" in note.text


def test_binary_junk_served_as_html(server: LoopbackServer) -> None:
    server.routes["/junk.html"] = Route(body=bytes(range(256)) * 40)
    with pytest.raises(ExtractError, match=r"/junk.html: is not HTML \(binary content\)"):
        load_note(server.url("/junk.html"), options())


def test_unreadable_pdf(server: LoopbackServer) -> None:
    server.routes["/note.pdf"] = Route(
        body=b"%PDF-1.7\n garbage that is no PDF", headers={"Content-Type": "application/pdf"}
    )
    with pytest.raises(ExtractError, match=r"/note.pdf: unreadable PDF"):
        load_note(server.url("/note.pdf"), options())


def test_pdf_served_over_http(server: LoopbackServer, tmp_path: Path) -> None:
    from test_ingest_files import make_pdf

    server.routes["/ok.pdf"] = Route(
        body=make_pdf(tmp_path / "n.pdf").read_bytes(), headers={"Content-Type": "application/pdf"}
    )
    note = load_note(server.url("/ok.pdf"), options())
    assert note.format == "pdf" and "small-cap earnings" in note.text


def test_robots_disallow_and_override(server: LoopbackServer) -> None:
    server.routes["/robots.txt"] = Route(
        body=b"User-agent: *\nDisallow: /private/\n", headers={"Content-Type": "text/plain"}
    )
    server.routes["/private/note"] = Route(body=PAGE)
    server.routes["/open"] = Route(status=302, headers={"Location": "/private/note"})
    with pytest.raises(FetchError, match=r"/private/note: disallowed by robots.txt"):
        fetch(server.url("/private/note"), options())
    with pytest.raises(FetchError, match=r"/open: disallowed by robots.txt"):  # every redirect hop is checked
        fetch(server.url("/open"), options())
    assert server.hits["/private/note"] == 0
    assert fetch(server.url("/private/note"), options(respect_robots=False)).status == 200


def test_loopback_refused_unless_allowed(server: LoopbackServer) -> None:
    server.routes["/note"] = Route(body=PAGE)
    with pytest.raises(FetchError, match=r"resolves to non-public address 127\.0\.0\.1 \(allow with --allow-private\)"):
        load_note(server.url("/note"), options(allow_private=False))
    assert server.hits["/note"] == 0 and server.hits["/robots.txt"] == 0


def test_every_resolved_address_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", 80)),
        (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("fe80::1", 80, 0, 0)),
    ]
    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", lambda *a, **k: answers)
    with pytest.raises(FetchError, match=r"non-public address fe80::1"):
        fetch("http://mixed.example/note", options(allow_private=False))


def test_not_http(tmp_path: Path) -> None:
    with pytest.raises(FetchError, match=r"ftp://x/y: not an http\(s\) URL"):
        fetch("ftp://x/y", options())


def test_cache_hit_on_rerun_does_not_refetch(server: LoopbackServer, tmp_path: Path) -> None:
    server.routes["/note"] = Route(body=PAGE)
    opts = options(cache_dir=tmp_path / "cache")
    first = load_note(server.url("/note"), opts)
    second = load_note(server.url("/note"), opts)
    assert first == second and server.hits["/note"] == 1 and server.hits["/robots.txt"] == 1
    assert len(list((tmp_path / "cache" / "pages").iterdir())) == 1


def test_stale_cache_is_revalidated_with_etag(server: LoopbackServer, tmp_path: Path) -> None:
    server.routes["/note"] = Route(body=PAGE, etag='"v1"')
    opts = options(cache_dir=tmp_path / "cache", cache_ttl_s=0.000001)
    with Fetcher(opts) as fetcher:
        first = fetcher.fetch(server.url("/note"))
        again = fetcher.fetch(server.url("/note"))
    assert not first.from_cache and again.from_cache and again.body == PAGE
    assert server.hits["/note"] == 2 and server.requests[-1][1].get("If-None-Match") == '"v1"'
