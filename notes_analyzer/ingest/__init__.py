"""Ingest stage: a URL, a file or a folder → ``Note`` records.

``load_note`` is the one entry point: it fetches http(s) URLs (``fetch.py``) and reads HTML,
PDF, Markdown, text and saved-Note JSON files (``extract.py``); ``iter_folder`` walks a folder.
"""

from __future__ import annotations

import logging
from pathlib import Path

from notes_analyzer.config import FetchOptions
from notes_analyzer.errors import ExtractError, NotesAnalyzerError
from notes_analyzer.ingest.decode import one_line
from notes_analyzer.records import Note

__all__ = ["SUPPORTED_SUFFIXES", "is_url", "iter_folder", "load_note", "note_from_file", "note_from_page"]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

#: File suffix -> format read by ``note_from_file``.
SUPPORTED_SUFFIXES = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
    ".json": "json",
}


def is_url(source: str | Path) -> bool:
    return isinstance(source, str) and source.lower().startswith(("http://", "https://"))


def load_note(source: str | Path, options: FetchOptions | None = None) -> Note:
    """A ``Note`` from an http(s) URL or a file; raises FetchError / ExtractError naming ``source``."""
    if is_url(source):
        from notes_analyzer.ingest.fetch import fetch

        return note_from_page(fetch(str(source), options))
    return note_from_file(Path(source), max_bytes=(options or FetchOptions()).max_bytes)


def note_from_page(page) -> Note:
    """A ``Note`` from a ``FetchedPage`` (HTML, PDF or text, by content type)."""
    from notes_analyzer.ingest import extract

    content_type = page.content_type or ""
    if content_type == "application/pdf" or page.body.startswith(b"%PDF"):
        return extract.note_from_pdf(page.body, url=page.url)
    if content_type in ("text/plain", "text/markdown", "text/x-markdown"):
        note = extract.note_from_text(page.body, path=None)
        return _with(note, url=page.url, fetched_at=page.fetched_at)
    return extract.note_from_html(page.body, url=page.final_url, encoding=page.encoding, fetched_at=page.fetched_at)


def note_from_file(path: Path, *, max_bytes: int | None = None) -> Note:
    """A ``Note`` from a file, by suffix; an unsupported suffix or a file over ``max_bytes`` is an ExtractError."""
    from notes_analyzer.ingest import extract

    if path.is_dir():
        raise ExtractError(f"{path}: is a folder, not a file (folders are read with iter_folder)")
    kind = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise ExtractError(f"{path}: unsupported file type {path.suffix or '(none)'!r} (known: {known})")
    data = extract._read_file(path, max_bytes or extract.MAX_FILE_BYTES)
    if kind == "pdf":
        return extract.note_from_pdf(data, path=path)
    if kind == "json":
        return _note_from_json(data, path)
    if kind == "markdown":
        return extract.note_from_markdown(data, path=path)
    if kind == "text":
        return extract.note_from_text(data, path=path)
    return extract.note_from_html(data, path=path)


def _note_from_json(data: bytes, path: Path) -> Note:
    from notes_analyzer.records import from_json

    try:
        return from_json(Note, data.decode("utf-8"))
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise ExtractError(f"{path}: not a saved Note JSON ({type(exc).__name__}: {one_line(exc)})") from None


def _with(note: Note, **changes) -> Note:
    from dataclasses import replace

    return replace(note, **changes)


def iter_folder(folder: Path, *, recursive: bool = True):
    """Every file under ``folder`` → ``(path, Note | NotesAnalyzerError)``; see ``folder.iter_folder``."""
    from notes_analyzer.ingest.folder import iter_folder as _iter

    return _iter(folder, recursive=recursive)


_ = NotesAnalyzerError  # re-exported for callers catching ingest errors
