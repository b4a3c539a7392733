"""Fetch one web page politely and safely: limits, robots.txt, retries, private-address guard, cache.

``fetch(url, options)`` is the one-call entry; ``Fetcher`` keeps one HTTP client and the
robots.txt rules per site for many URLs. Every failure is a ``FetchError`` naming the URL.
"""

from __future__ import annotations

import email.utils
import ipaddress
import logging
import socket
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from notes_analyzer.config import FetchOptions
from notes_analyzer.errors import FetchError
from notes_analyzer.ingest.cache import PageCache
from notes_analyzer.ingest.decode import one_line

__all__ = ["ACCEPTED_CONTENT_TYPES", "FetchedPage", "Fetcher", "fetch"]

logger = logging.getLogger(__name__)

#: Content types a note can arrive as; anything else is refused before the body is read.
ACCEPTED_CONTENT_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "application/pdf",
        "text/plain",
        "text/markdown",
        "text/x-markdown",
    }
)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
#: Longest Retry-After we honour; a server asking for more gets this much.
MAX_RETRY_AFTER_S = 60.0
ROBOTS_MAX_BYTES = 512 * 1024
CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchedPage:
    """A fetched response body and what the server said about it."""

    url: str
    final_url: str
    status: int
    content_type: str | None
    encoding: str | None
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    from_cache: bool = False
    fetched_at: datetime | None = None


def fetch(url: str, options: FetchOptions | None = None) -> FetchedPage:
    """Fetch ``url`` (see ``Fetcher``)."""
    with Fetcher(options) as fetcher:
        return fetcher.fetch(url)


class Fetcher:
    """An HTTP client with the fetch rules of ``FetchOptions``; use as a context manager."""

    def __init__(self, options: FetchOptions | None = None, *, accept: frozenset[str] = ACCEPTED_CONTENT_TYPES) -> None:
        self.options = options or FetchOptions()
        self.accept = accept
        self.cache = PageCache(self.options.cache_dir) if self.options.cache_dir else None
        self._robots: dict[str, RobotFileParser | None] = {}
        self._client = httpx.Client(
            follow_redirects=False,
            headers={"User-Agent": self.options.user_agent, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
            timeout=httpx.Timeout(self.options.read_timeout, connect=self.options.connect_timeout),
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(self, url: str) -> FetchedPage:
        """The page at ``url``: from the cache when fresh, else from the network (revalidated)."""
        _check_scheme(url)
        cached = self.cache.lookup(url) if self.cache else None
        if cached and self.cache is not None and self.cache.is_fresh(cached, self.options.cache_ttl_s):
            logger.info("%s: from cache", url)
            return cached
        page = self._follow(url, cached)
        if self.cache and not page.from_cache:
            self.cache.store(page)
        return page

    def _follow(self, url: str, cached: FetchedPage | None) -> FetchedPage:
        """GET ``url`` following redirects by hand, so every hop is checked."""
        seen: list[str] = []
        current = url
        while True:
            self._check_allowed(current, url)
            seen.append(current)
            response = self._get_with_retries(current, url, cached if current == url else None)
            if response.status_code not in REDIRECT_STATUSES:
                return self._read(url, current, response, cached)
            target = _redirect_target(response, current, url)
            response.close()
            if target in seen:
                raise FetchError(f"{url}: redirect loop ({' -> '.join([*seen, target])})")
            if len(seen) > self.options.max_redirects:
                raise FetchError(f"{url}: too many redirects (more than {self.options.max_redirects})")
            current = target

    def _check_allowed(self, current: str, url: str) -> None:
        _check_scheme(current)
        if not self.options.allow_private:
            _refuse_private(current, url)
        if self.options.respect_robots and not self._robots_allow(current):
            raise FetchError(f"{url}: disallowed by robots.txt of {_origin(current)} (override with --no-robots)")

    def _get_with_retries(self, current: str, url: str, cached: FetchedPage | None) -> httpx.Response:
        headers = self.cache.validators(cached) if (self.cache and cached) else {}
        for attempt in range(self.options.retries + 1):
            last = attempt == self.options.retries
            try:
                response = self._client.send(self._client.build_request("GET", current, headers=headers), stream=True)
            except httpx.TimeoutException:
                if last:
                    raise FetchError(
                        f"{url}: timed out (connect {self.options.connect_timeout}s, read {self.options.read_timeout}s)"
                    ) from None
                self._sleep(attempt, None, url, "timeout")
                continue
            except httpx.TransportError as exc:
                if last:
                    raise FetchError(f"{url}: cannot connect ({one_line(exc) or type(exc).__name__})") from None
                self._sleep(attempt, None, url, type(exc).__name__)
                continue
            if response.status_code in RETRY_STATUSES and not last:
                response.close()
                self._sleep(attempt, response.headers.get("Retry-After"), url, f"HTTP {response.status_code}")
                continue
            return response
        raise AssertionError("unreachable")  # the loop returns or raises on its last attempt

    def _sleep(self, attempt: int, retry_after: str | None, url: str, why: str) -> None:
        delay = _retry_after_seconds(retry_after)
        if delay is None:
            delay = self.options.backoff * (2**attempt)
        delay = min(delay, MAX_RETRY_AFTER_S)
        logger.info("%s: %s, retrying in %.2fs", url, why, delay)
        time.sleep(delay)

    def _read(self, url: str, final_url: str, response: httpx.Response, cached: FetchedPage | None) -> FetchedPage:
        try:
            if response.status_code == 304 and cached is not None:
                logger.info("%s: not modified, cached copy reused", url)
                if self.cache is not None:
                    self.cache.touch(cached)
                return cached
            if response.status_code >= 400:
                raise FetchError(f"{url}: HTTP {response.status_code} {response.reason_phrase}".rstrip())
            content_type = _content_type(response, url, self.accept)
            body = _read_limited(response, url, self.options.max_bytes)
        finally:
            response.close()
        return FetchedPage(
            url=url,
            final_url=final_url,
            status=response.status_code,
            content_type=content_type,
            encoding=response.charset_encoding,
            body=body,
            headers=dict(response.headers),
            fetched_at=datetime.now(UTC),
        )

    def _robots_allow(self, current: str) -> bool:
        origin = _origin(current)
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(origin)
        rules = self._robots[origin]
        return True if rules is None else rules.can_fetch(self.options.user_agent, current)

    def _load_robots(self, origin: str) -> RobotFileParser | None:
        """The site's robots.txt rules; None (allow all) when it has none (RFC 9309: 4xx)."""
        robots_url = f"{origin}/robots.txt"
        try:
            response = self._client.get(robots_url)
        except httpx.HTTPError as exc:
            logger.info("%s: unreachable (%s); treating the site as allowing all", robots_url, exc)
            return None
        if response.status_code >= 500:
            logger.info("%s: HTTP %s; treating the site as disallowing all", robots_url, response.status_code)
            parser = RobotFileParser()
            parser.disallow_all = True  # type: ignore[attr-defined]  # the stdlib parser's own flag, unstubbed
            return parser
        if response.status_code >= 400:
            return None
        parser = RobotFileParser(robots_url)
        parser.parse(response.content[:ROBOTS_MAX_BYTES].decode("utf-8", "replace").splitlines())
        return parser


def _check_scheme(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{url}: not an http(s) URL")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _refuse_private(current: str, url: str) -> None:
    """Raise unless every address ``current``'s host resolves to is public."""
    parts = urlsplit(current)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"{url}: cannot resolve host {parts.hostname} ({one_line(exc)})") from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global:
            raise FetchError(
                f"{url}: refused, host {parts.hostname} resolves to non-public address {address} "
                "(allow with --allow-private)"
            )


def _redirect_target(response: httpx.Response, current: str, url: str) -> str:
    location = response.headers.get("Location")
    if not location:
        raise FetchError(f"{url}: HTTP {response.status_code} redirect without a Location header")
    return urljoin(current, location)


def _content_type(response: httpx.Response, url: str, accept: frozenset[str]) -> str | None:
    raw = response.headers.get("Content-Type")
    if not raw:
        return None
    content_type = raw.split(";")[0].strip().lower()
    if content_type not in accept:
        raise FetchError(f"{url}: unsupported content type {content_type} (expected {', '.join(sorted(accept))})")
    return content_type


def _read_limited(response: httpx.Response, url: str, max_bytes: int) -> bytes:
    """The body, read in chunks; stops and raises as soon as it passes ``max_bytes``."""
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"{url}: body of {int(declared)} bytes is over the {max_bytes}-byte limit")
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_bytes(CHUNK_BYTES):
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"{url}: body is over the {max_bytes}-byte limit")
            chunks.append(chunk)
    except httpx.TimeoutException:
        raise FetchError(f"{url}: timed out while reading the body") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: connection failed while reading the body ({one_line(exc)})") from None
    return b"".join(chunks)


def _retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds (delta-seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
