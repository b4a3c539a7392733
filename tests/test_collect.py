"""collect: feeds, sitemaps and URL files from a loopback server, politely and only once."""

from __future__ import annotations

import json
import time

import pytest
from ingest_server import LoopbackServer, Route
from typer.testing import CliRunner

from notes_analyzer.cli import app
from notes_analyzer.config import FetchOptions
from notes_analyzer.ingest.collect import HostRateLimit, collect
from notes_analyzer.records import Note, from_json

ARTICLE = """<html><head><title>{title} | Desk</title>
<link rel="canonical" href="{canonical}">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{title}",
"datePublished": "2026-01-14T08:00:00Z", "author": {{"@type": "Person", "name": "Jane Doe"}}}}</script>
</head><body><nav>Home | Markets</nav><article><h1>{title}</h1>
<p>{body} The Russell 2000 rose 6.1% in the first two weeks of January, its best start since 2019.</p>
<p>The Nasdaq 100 gained a meager 2.0% over the same stretch as investors rotated out of the largest
technology companies and into smaller, domestically focused firms with more floating-rate debt.</p>
</article></body></html>"""


def _article(title: str, body: str, canonical: str) -> Route:
    return Route(body=ARTICLE.format(title=title, body=body, canonical=canonical).encode())


@pytest.fixture
def site():
    with LoopbackServer() as server:
        for name, text in (("a", "Small caps lead."), ("b", "Rates fall."), ("c", "Oil slips.")):
            url = server.url(f"/notes/{name}.html")
            server.routes[f"/notes/{name}.html"] = _article(f"Note {name.upper()}", text, url)
        # the same article under a tracking URL: same canonical URL and content
        server.routes["/notes/a.html?utm=x"] = server.routes["/notes/a.html"]
        server.routes["/feed.xml"] = Route(
            body=f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>
<item><title>A</title><link>{server.url('/notes/a.html')}</link></item>
<item><title>A again</title><link>{server.url('/notes/a.html?utm=x')}</link></item>
<item><title>B</title><link>{server.url('/notes/b.html')}</link></item>
</channel></rss>""".encode(), headers={"Content-Type": "application/rss+xml"})
        server.routes["/sitemap.xml"] = Route(
            body=f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{server.url('/sitemap-1.xml')}</loc></sitemap></sitemapindex>""".encode(),
            headers={"Content-Type": "application/xml"})
        server.routes["/sitemap-1.xml"] = Route(
            body=f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{server.url('/notes/b.html')}</loc></url><url><loc>{server.url('/notes/c.html')}</loc></url>
<url><loc>{server.url('/private/d.html')}</loc></url></urlset>""".encode(),
            headers={"Content-Type": "application/xml"})
        server.routes["/robots.txt"] = Route(body=b"User-agent: *\nDisallow: /private/\n",
                                             headers={"Content-Type": "text/plain"})
        yield server


def _options() -> FetchOptions:
    return FetchOptions(allow_private=True, retries=0, backoff=0.0)


def test_collects_feed_and_sitemap_dedupes_and_only_new_on_rerun(site, tmp_path):
    into = tmp_path / "notes"
    first = collect([site.url("/feed.xml"), site.url("/sitemap.xml")], into, _options(), rate_limit_s=0.0)
    saved = sorted(from_json(Note, p.read_text()).title for p in first.saved)
    assert saved == ["Note A", "Note B", "Note C"]
    assert first.duplicates == 1  # a.html?utm=x: same canonical URL
    assert list(first.failed) == [site.url("/private/d.html")]
    assert "robots.txt" in first.failed[site.url("/private/d.html")]
    assert all((into / ".raw" / f"{p.stem}.html").is_file() for p in first.saved)
    note = from_json(Note, first.saved[0].read_text())
    assert note.authors == ("Jane Doe",) and note.published.date().isoformat() == "2026-01-14"
    hits_before = site.hits["/notes/a.html"]

    second = collect([site.url("/feed.xml"), site.url("/sitemap.xml")], into, _options(), rate_limit_s=0.0)
    assert second.saved == [] and second.known >= 3
    assert site.hits["/notes/a.html"] == hits_before  # not fetched again


def test_url_file_and_cli(site, tmp_path):
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# desk list\n{site.url('/notes/c.html')}\n\n{site.url('/missing.html')}\n")
    result = CliRunner().invoke(app, ["collect", str(urls), "--into", str(tmp_path / "n"), "--allow-private",
                                      "--rate", "0", "--json"])
    assert result.exit_code == 1  # one URL failed
    out = json.loads(result.stdout)
    assert len(out["saved"]) == 1 and list(out["failed"]) == [site.url("/missing.html")]
    assert "404" in out["failed"][site.url("/missing.html")]


def test_bad_url_file_is_a_clear_error(tmp_path):
    urls = tmp_path / "urls.txt"
    urls.write_text("not a url\n")
    summary = collect([str(urls)], tmp_path / "n", _options())
    assert "not a URL" in summary.failed[str(urls)]


def test_per_host_rate_limit_spaces_requests():
    limiter = HostRateLimit(0.2)
    started = time.monotonic()
    for _ in range(3):
        limiter.wait("http://127.0.0.1:9/x")
    limiter.wait("http://127.0.0.2:9/x")  # another host: no wait
    assert 0.38 <= time.monotonic() - started < 0.6
