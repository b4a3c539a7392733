"""On-disk cache of fetched pages: an index entry per URL, bodies stored by content hash.

A page fetched less than ``cache_ttl_s`` ago is returned without touching the network; an
older one is revalidated with its ETag / Last-Modified (a 304 reuses the stored body).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from notes_analyzer.ingest.fetch import FetchedPage

__all__ = ["PageCache"]

logger = logging.getLogger(__name__)

#: Response headers kept with a cached page.
KEPT_HEADERS = ("content-type", "etag", "last-modified", "content-language")


class PageCache:
    """Cached pages under ``root``: ``index/<sha256(url)>.json`` and ``pages/<sha256(body)>.bin``."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).expanduser()

    def lookup(self, url: str) -> FetchedPage | None:
        """The cached page for ``url``, or None (a damaged entry is logged and ignored)."""
        from notes_analyzer.ingest.fetch import FetchedPage

        entry_path = self._entry_path(url)
        if not entry_path.is_file():
            return None
        try:
            entry = json.loads(entry_path.read_text(encoding="utf-8"))
            body = (self.root / "pages" / f"{entry['content_hash']}.bin").read_bytes()
        except (OSError, ValueError, KeyError) as exc:
            logger.warning("cache entry for %s unreadable, refetching: %s", url, exc)
            return None
        if hashlib.sha256(body).hexdigest() != entry["content_hash"]:
            logger.warning("cache body for %s does not match its hash, refetching", url)
            return None
        return FetchedPage(
            url=url,
            final_url=entry["final_url"],
            status=entry["status"],
            content_type=entry["content_type"],
            encoding=entry["encoding"],
            body=body,
            headers=entry["headers"],
            from_cache=True,
            fetched_at=datetime.fromisoformat(entry["fetched_at"]) if entry.get("fetched_at") else None,
        )

    def is_fresh(self, page: FetchedPage, ttl_s: float) -> bool:
        checked = self._entry_path(page.url).stat().st_mtime
        return time.time() - checked < ttl_s

    def validators(self, page: FetchedPage) -> dict[str, str]:
        """Conditional-request headers for revalidating ``page``."""
        headers = {}
        if page.headers.get("etag"):
            headers["If-None-Match"] = page.headers["etag"]
        if page.headers.get("last-modified"):
            headers["If-Modified-Since"] = page.headers["last-modified"]
        return headers

    def touch(self, page: FetchedPage) -> None:
        """Mark ``page`` as just revalidated."""
        os.utime(self._entry_path(page.url))

    def store(self, page: FetchedPage) -> None:
        """Write the page; a cache that cannot be written is logged, not fatal."""
        content_hash = hashlib.sha256(page.body).hexdigest()
        entry = {
            "url": page.url,
            "final_url": page.final_url,
            "status": page.status,
            "content_type": page.content_type,
            "encoding": page.encoding,
            "content_hash": content_hash,
            "headers": {k.lower(): v for k, v in page.headers.items() if k.lower() in KEPT_HEADERS},
            "fetched_at": page.fetched_at.isoformat() if page.fetched_at else None,
        }
        try:
            _write_atomic(self.root / "pages" / f"{content_hash}.bin", page.body)
            _write_atomic(self._entry_path(page.url), json.dumps(entry, indent=1).encode("utf-8"))
        except OSError as exc:
            logger.warning("cannot write the page cache under %s: %s", self.root, exc)

    def _entry_path(self, url: str) -> Path:
        return self.root / "index" / f"{hashlib.sha256(url.encode('utf-8')).hexdigest()}.json"


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
