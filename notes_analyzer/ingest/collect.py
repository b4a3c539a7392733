"""Collect new notes from RSS/Atom feeds, sitemaps or files of URLs into a folder, politely.

Each source expands to article URLs (a sitemap index recursively, an HTML page through the
feeds it advertises). Pages are fetched with the ``Fetcher`` rules (robots.txt, limits,
private-address guard) under a per-host rate limit and a concurrency cap, deduplicated by
URL, canonical URL and content hash, and saved as ``<id>.json`` (the Note, which ``score``
reads) plus the raw page in ``.raw/`` (hidden, so ``score`` does not read it twice). An index
file remembers what was collected, so a re-run fetches only what is new.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from notes_analyzer.config import FetchOptions
from notes_analyzer.errors import ExtractError, FetchError, NotesAnalyzerError
from notes_analyzer.ingest.fetch import ACCEPTED_CONTENT_TYPES, Fetcher
from notes_analyzer.records import to_json

log = logging.getLogger(__name__)

__all__ = ["CollectSummary", "collect", "discover_urls"]

INDEX_FILE = ".collected.jsonl"
RAW_DIR = ".raw"
XML_CONTENT_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/xml", "text/xml",
                               "application/feed+json", "application/json"})
FEED_LINK_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")
#: Most sitemaps followed from one sitemap index, and most URLs taken from one source.
MAX_SITEMAPS = 50
MAX_URLS_PER_SOURCE = 5000


@dataclass(slots=True)
class CollectSummary:
    discovered: int = 0
    saved: list[Path] = field(default_factory=list)
    known: int = 0
    duplicates: int = 0
    failed: dict[str, str] = field(default_factory=dict)


class HostRateLimit:
    """At most one request per ``interval`` seconds to each host, across threads."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, url: str) -> None:
        host = urlsplit(url).netloc
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next.get(host, now))
            self._next[host] = slot + self.interval
        if slot > now:
            time.sleep(slot - now)


def collect(sources: Sequence[str], into: Path, options: FetchOptions | None = None, *,
            rate_limit_s: float = 1.0, concurrency: int = 4) -> CollectSummary:
    """Collect the notes ``sources`` lead to into ``into``; returns what was saved, known or failed."""
    options = options or FetchOptions()
    into.mkdir(parents=True, exist_ok=True)
    index = _CollectIndex(into / INDEX_FILE)
    summary = CollectSummary()
    limiter = HostRateLimit(rate_limit_s)
    with Fetcher(options, accept=ACCEPTED_CONTENT_TYPES | XML_CONTENT_TYPES) as fetcher:
        urls = discover_urls(sources, fetcher, limiter, summary.failed)
        summary.discovered = len(urls)
        new = [u for u in urls if not index.knows_url(u)]
        summary.known = len(urls) - len(new)
        with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
            for url, result in zip(new, pool.map(lambda u: _fetch_note(fetcher, limiter, u), new), strict=True):
                _keep(url, result, into, index, summary)
    return summary


def _fetch_note(fetcher: Fetcher, limiter: HostRateLimit, url: str):
    from notes_analyzer.ingest import note_from_page

    try:
        limiter.wait(url)
        page = fetcher.fetch(url)
        return page, note_from_page(page)
    except NotesAnalyzerError as exc:
        return exc


def _keep(url: str, result, into: Path, index: _CollectIndex, summary: CollectSummary) -> None:
    """Save a fetched note unless its canonical URL or content was collected before."""
    if isinstance(result, NotesAnalyzerError):
        summary.failed[url] = str(result)
        return
    page, note = result
    canonical = note.canonical_url or page.final_url
    if index.knows_url(canonical) or index.knows_hash(note.content_hash):
        summary.duplicates += 1
        index.add(url=url, canonical=canonical, content_hash=note.content_hash, file=None)
        return
    path = into / f"{note.id}.json"
    raw = into / RAW_DIR / f"{note.id}{'.pdf' if page.body.startswith(b'%PDF') else '.html'}"
    raw.parent.mkdir(exist_ok=True)
    raw.write_bytes(page.body)
    path.write_text(to_json(note, indent=1), encoding="utf-8")
    index.add(url=url, canonical=canonical, content_hash=note.content_hash, file=path.name)
    summary.saved.append(path)


def discover_urls(sources: Iterable[str], fetcher: Fetcher, limiter: HostRateLimit,
                  failed: dict[str, str]) -> list[str]:
    """Article URLs from feeds, sitemaps, HTML pages advertising feeds, or local files of URLs."""
    urls: list[str] = []
    for source in sources:
        try:
            found = _expand(source, fetcher, limiter)
        except NotesAnalyzerError as exc:
            failed[source] = str(exc)
            continue
        log.info("%s: %d URLs", source, len(found))
        urls.extend(found[:MAX_URLS_PER_SOURCE])
    return list(dict.fromkeys(urls))


def _expand(source: str, fetcher: Fetcher, limiter: HostRateLimit) -> list[str]:
    if not source.lower().startswith(("http://", "https://")):
        return _url_file(Path(source))
    limiter.wait(source)
    page = fetcher.fetch(source)
    text = page.body.decode(page.encoding or "utf-8", errors="replace")
    root = _xml_root(text)
    if root is not None and _local(root.tag) in ("urlset", "sitemapindex"):
        return _sitemap_urls(root, fetcher, limiter, seen={source})
    if root is not None and _local(root.tag) in ("rss", "feed", "RDF"):
        return _feed_links(root, page.final_url)
    feeds = _advertised_feeds(text, page.final_url)
    if feeds:
        return [u for feed in feeds for u in _expand(feed, fetcher, limiter)]
    return [page.final_url]  # a plain article page


def _url_file(path: Path) -> list[str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ExtractError(f"{path}: cannot read the URL list ({exc})") from None
    urls = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    bad = [u for u in urls if not u.lower().startswith(("http://", "https://"))]
    if bad:
        raise ExtractError(f"{path}: not a URL: {bad[0]!r}")
    return urls


def _xml_root(text: str):
    from lxml import etree

    head = text.lstrip()[:200].lower()
    if not head.startswith("<?xml") and not head.startswith(("<rss", "<feed", "<urlset", "<sitemapindex", "<rdf")):
        return None
    try:
        return etree.fromstring(text.encode("utf-8"), parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise ExtractError(f"malformed XML feed or sitemap ({exc})") from None


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _children(node, name: str) -> list:
    return [child for child in node.iter() if _local(child.tag) == name]


def _sitemap_urls(root, fetcher: Fetcher, limiter: HostRateLimit, seen: set[str]) -> list[str]:
    locs = [(loc.text or "").strip() for loc in _children(root, "loc")]
    if _local(root.tag) == "urlset":
        return [u for u in locs if u]
    urls: list[str] = []
    for sitemap in locs[:MAX_SITEMAPS]:
        if not sitemap or sitemap in seen:
            continue
        seen.add(sitemap)
        try:
            limiter.wait(sitemap)
            page = fetcher.fetch(sitemap)
            child = _xml_root(page.body.decode(page.encoding or "utf-8", errors="replace"))
        except (FetchError, ExtractError) as exc:
            log.warning("%s: skipped (%s)", sitemap, exc)
            continue
        if child is not None:
            urls.extend(_sitemap_urls(child, fetcher, limiter, seen))
    return urls


def _feed_links(root, base: str) -> list[str]:
    """Item links of an RSS 1/2 or Atom feed."""
    links = []
    for item in [*_children(root, "item"), *_children(root, "entry")]:
        for link in (c for c in item if _local(c.tag) == "link"):
            href = link.get("href") or (link.text or "").strip()
            if href and link.get("rel", "alternate") == "alternate":
                links.append(urljoin(base, href))
                break
    return links


def _advertised_feeds(html: str, base: str) -> list[str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    return [urljoin(base, tag["href"]) for tag in soup.find_all("link", href=True)
            if "alternate" in (tag.get("rel") or []) and tag.get("type") in FEED_LINK_TYPES]


class _CollectIndex:
    """What earlier runs collected: URLs, canonical URLs and content hashes (append-only JSONL)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.urls: set[str] = set()
        self.hashes: set[str] = set()
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    self._remember(json.loads(line))

    def _remember(self, entry: dict) -> None:
        self.urls.update(u for u in (entry.get("url"), entry.get("canonical")) if u)
        if entry.get("content_hash"):
            self.hashes.add(entry["content_hash"])

    def knows_url(self, url: str) -> bool:
        return url in self.urls

    def knows_hash(self, content_hash: str) -> bool:
        return content_hash in self.hashes

    def add(self, **entry: str | None) -> None:
        self._remember(entry)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry) + "\n")
