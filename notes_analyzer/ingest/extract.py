"""HTML, plain text, Markdown and PDF → ``Note``.

HTML: the page is parsed once with lxml; metadata comes from ``metadata.extract_metadata``
on that tree and the main text from trafilatura on the same tree (link text kept inline,
comments, nav and share widgets left out), then the boilerplate lines trafilatura lets
through are dropped (``boilerplate.py``).
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from notes_analyzer.errors import ExtractError
from notes_analyzer.ingest.boilerplate import drop_boilerplate
from notes_analyzer.ingest.decode import decode_bytes, one_line
from notes_analyzer.ingest.metadata import PageMetadata, extract_metadata, parse_date
from notes_analyzer.records import Note

__all__ = [
    "MIN_BODY_WORDS",
    "TRAFILATURA_OPTIONS",
    "make_note",
    "main_text_lines",
    "rejoin_fragments",
    "note_from_html",
    "note_from_markdown",
    "note_from_pdf",
    "note_from_text",
    "normalise_text",
]

logger = logging.getLogger(__name__)

#: A page whose main text has fewer words than this holds no note.
MIN_BODY_WORDS = 20
#: Length of ``Note.id`` (hex characters of the content hash).
NOTE_ID_CHARS = 16
#: A line starting with one of these continues the line before it.
CONTINUATION_PUNCT = frozenset(",.;:!?)]%")
#: How trafilatura is called: plain text, link text kept inline (no URLs), no comments.
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "output_format": "txt",
    "include_comments": False,
    "include_tables": True,
    "include_links": False,
    "include_images": False,
    "include_formatting": False,
    "favor_recall": True,
    "deduplicate": False,
}


def note_from_html(
    html: str | bytes,
    *,
    url: str | None = None,
    path: str | Path | None = None,
    encoding: str | None = None,
    fetched_at: datetime | None = None,
) -> Note:
    """A ``Note`` from an HTML page (bytes are decoded, wrong charset declarations tolerated)."""
    name = str(url or path or "<html>")
    text = decode_bytes(html, name=name, header_charset=encoding) if isinstance(html, bytes) else html
    if not text.strip():
        raise ExtractError(f"{name}: empty page")
    tree = _parse_html(text, name)
    meta = extract_metadata(tree, url)
    lines = main_text_lines(tree, name, url=url)
    if lines and meta.title and lines[0].casefold() == meta.title.casefold():
        lines = lines[1:]  # the headline repeated as the first line; it is Note.title
    return make_note(lines, name=name, fmt="html", meta=meta, url=url, path=path, fetched_at=fetched_at)


def _parse_html(text: str, name: str):
    from trafilatura.utils import load_html

    tree = load_html(text)
    if tree is None or tree.find(".//body") is None and not tree.xpath("//p|//div|//article"):
        raise ExtractError(f"{name}: is not HTML (no document could be parsed)")
    return tree


def main_text_lines(tree: Any, name: str, *, url: str | None = None) -> list[str]:
    """The note's paragraphs from an lxml tree: trafilatura's main text minus boilerplate lines."""
    import trafilatura

    extracted = trafilatura.extract(tree, url=url, **TRAFILATURA_OPTIONS)
    if not extracted:
        raise ExtractError(f"{name}: no main text found")
    kept, dropped = drop_boilerplate(_clean_lines(extracted.splitlines()))
    for pattern, line in dropped:
        logger.debug("%s: dropped boilerplate line (%s): %r", name, pattern, line)
    return rejoin_fragments(kept)


def rejoin_fragments(lines: list[str]) -> list[str]:
    """Mend sentences cut where a link or ``<br>`` was ("has rocketed" / ", marking …").

    A line that starts with closing punctuation is glued to the line before it; a line that starts
    in lower case follows on (with a space) from a line that stopped mid-sentence.
    """
    mended: list[str] = []
    for line in lines:
        previous = mended[-1] if mended else ""
        if previous and line[0] in CONTINUATION_PUNCT:
            mended[-1] = previous + line
        elif previous and line[0].islower() and _stops_mid_sentence(previous):
            mended[-1] = f"{previous} {line}"
        else:
            mended.append(line)
    return mended


def _stops_mid_sentence(line: str) -> bool:
    return (line[-1].isalnum() or line[-1] in ",;(") and not line.startswith(("- ", "* ", "| ", "#"))


def _clean_lines(lines: list[str]) -> list[str]:
    """Whitespace normalised inside each line; empty lines removed."""
    cleaned = []
    for line in lines:
        line = re.sub(r"\s+", " ", unicodedata.normalize("NFC", line)).strip()
        if line:
            cleaned.append(line)
    return cleaned


def make_note(
    paragraphs: list[str],
    *,
    name: str,
    fmt: Literal["html", "pdf", "markdown", "text"],
    meta: PageMetadata | None = None,
    url: str | None = None,
    path: str | Path | None = None,
    fetched_at: datetime | None = None,
) -> Note:
    """Build the ``Note``; raises ExtractError when too little text is left."""
    meta = meta or PageMetadata()
    text = "\n\n".join(paragraphs)
    if len(text.split()) < MIN_BODY_WORDS:
        raise ExtractError(f"{name}: no main text found (only {len(text.split())} words)")
    content_hash = hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()
    return Note(
        id=content_hash[:NOTE_ID_CHARS],
        text=text,
        paragraphs=tuple(paragraphs),
        title=meta.title,
        authors=meta.authors,
        published=meta.published,
        source=meta.site_name or _source_of(url),
        url=url,
        canonical_url=meta.canonical_url,
        language=meta.language,
        path=str(path) if path is not None else None,
        format=fmt,
        content_hash=content_hash,
        fetched_at=fetched_at,
    )


def normalise_text(text: str) -> str:
    """The text the content hash is taken of: NFC, whitespace collapsed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def _source_of(url: str | None) -> str | None:
    if not url:
        return None
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname
    return host.removeprefix("www.") if host else None


# ---------------------------------------------------------------- text and Markdown


def note_from_text(text: str | bytes, *, path: str | Path | None = None, title: str | None = None) -> Note:
    """A ``Note`` from plain text: blank lines separate paragraphs (else every line is one).

    A header block at the top (title line, ``By …``, ``Published: …``/a date line, ``Source: …``)
    becomes metadata, not body text.
    """
    name = str(path or "<text>")
    if isinstance(text, bytes):
        text = decode_bytes(text, name=name, kind="text")
    text = text.replace("\r\n", "\n")
    header, rest = _text_header(text.lstrip().split("\n"), want_title=title is None)
    blocks = [b for b in re.split(r"\n\s*\n", "\n".join(rest)) if b.strip()]
    if len(blocks) <= 1:
        blocks = "\n".join(rest).splitlines()
    paragraphs = _clean_lines([" ".join(b.splitlines()) for b in blocks])
    first_title = title or header.title
    if len(paragraphs) > 1 and first_title and paragraphs[0].lstrip("# ").casefold() == first_title.casefold():
        paragraphs = paragraphs[1:]  # the headline repeated as a heading ("# Title"); it is Note.title
    if not paragraphs:
        raise ExtractError(f"{name}: empty file")
    meta = PageMetadata(title=first_title, authors=header.authors,
                        published=header.published or _dateline_date(rest), site_name=header.site_name)
    return make_note(paragraphs, name=name, fmt="text", meta=meta, path=path)


def _dateline_date(lines: list[str]) -> datetime | None:
    """The most frequent line that is nothing but a date ("Jan.14 2026" under a scraped page)."""
    from collections import Counter

    dates = Counter(line.strip() for line in lines if _is_date_line(line))
    for line, _ in dates.most_common(1):
        return parse_date(line.replace(".", " "))
    return None


def _is_date_line(line: str) -> bool:
    line = line.strip()
    return (0 < len(line) < 40 and bool(re.search(r"\b(19|20)\d{2}\b", line))
            and re.fullmatch(r"[\w ,./:-]+", line) is not None and len(line.split()) <= 5
            and parse_date(line.replace(".", " ")) is not None)


#: Header lines of text/Markdown notes: "By Jane Doe", "Published: 2026-01-14", "Source: The Desk".
_BYLINE = re.compile(r"^\s*(?:by|author|authors)\s*[:\s]\s*(?P<value>\S.{0,80})$", re.IGNORECASE)
_DATELINE = re.compile(r"^\s*(?:published|date|dated|updated)\s*:\s*(?P<value>.{4,40})$", re.IGNORECASE)
_SOURCELINE = re.compile(r"^\s*(?:source|publisher|from)\s*:\s*(?P<value>\S.{0,80})$", re.IGNORECASE)
#: Longest line taken as a title, in words; a header block has at most this many lines.
MAX_TITLE_WORDS = 20
MAX_HEADER_LINES = 6


def _text_header(lines: list[str], *, want_title: bool) -> tuple[PageMetadata, list[str]]:
    """Metadata from the header block at the top of a text note, and the lines after it."""
    block = []
    for line in lines[:MAX_HEADER_LINES]:
        if not line.strip():
            break
        block.append(line)
    found: dict[str, Any] = {}
    for line in block:
        for key, pattern in (("author", _BYLINE), ("date", _DATELINE), ("source", _SOURCELINE)):
            match = pattern.match(line)
            if match and key not in found:
                found[key] = match.group("value").strip()
                break
        else:
            if "date" not in found and _is_date_line(line):
                found["date"] = line.strip().replace(".", " ")
    if not found:
        return PageMetadata(), lines
    first = block[0].strip()
    is_title = want_title and not any(p.match(first) for p in (_BYLINE, _DATELINE, _SOURCELINE)) \
        and len(first.split()) <= MAX_TITLE_WORDS and not first.endswith(".")
    meta = PageMetadata(
        title=first.lstrip("# ").strip() if is_title else None,
        authors=_front_authors({"author": found["author"]}) if "author" in found else (),
        published=parse_date(found["date"]) if "date" in found else None,
        site_name=found.get("source"),
    )
    return meta, lines[len(block):]


def note_from_markdown(text: str | bytes, *, path: str | Path | None = None) -> Note:
    """A ``Note`` from Markdown: front matter (title/author/date) and blocks; link text kept, URLs dropped."""
    from lxml import html as lxml_html
    from markdown_it import MarkdownIt

    name = str(path or "<markdown>")
    if isinstance(text, bytes):
        text = decode_bytes(text, name=name, kind="Markdown")
    front, body = _front_matter(text, name)
    if not body.strip():
        raise ExtractError(f"{name}: empty file")
    tree = lxml_html.fromstring(f"<div>{MarkdownIt('commonmark').enable('table').render(body)}</div>")
    blocks = tree.xpath("//h1|//h2|//h3|//h4|//h5|//h6|//p|//li[not(p)]|//pre|//tr")
    paragraphs = _clean_lines([_block_text(b) for b in blocks])
    h1 = tree.xpath("//h1")
    meta = PageMetadata(
        title=str(front.get("title") or "") or (_block_text(h1[0]).strip() if h1 else None),
        authors=_front_authors(front),
        published=parse_date(str(front["date"])) if front.get("date") else None,
        site_name=str(front.get("source") or front.get("publisher") or "") or None,
    )
    if not front:
        meta = _markdown_header(paragraphs, meta)
    return make_note(paragraphs, name=name, fmt="markdown", meta=meta, path=path)


def _markdown_header(paragraphs: list[str], meta: PageMetadata) -> PageMetadata:
    """Without front matter: byline/date/source lines right after the title become metadata."""
    start = 1 if paragraphs and meta.title and paragraphs[0].strip() == meta.title else 0
    lines = [line for p in paragraphs[start:start + 1]
             for line in re.split(r"(?<=\S)\s+(?=(?:By|Published|Source|Date)\b)", p)]
    header, rest = _text_header(lines, want_title=False)
    if header == PageMetadata() or rest:  # only a paragraph made wholly of header lines is metadata
        return meta
    del paragraphs[start:start + 1]
    return PageMetadata(title=meta.title, authors=meta.authors or header.authors,
                        published=meta.published or header.published, site_name=meta.site_name or header.site_name)


def _block_text(element: Any) -> str:
    if element.tag == "tr":
        return " | ".join(cell.text_content().strip() for cell in element)
    return element.text_content()


def _front_matter(text: str, name: str) -> tuple[dict[str, Any], str]:
    match = re.match(r"^---\s*\n(.*?)\n---\s*\n", text, re.DOTALL)
    if not match:
        return {}, text
    import yaml

    from notes_analyzer import yamlfile

    try:
        data = yamlfile.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        logger.warning("%s: unreadable front matter ignored (%s)", name, exc)
        return {}, text[match.end() :]
    return (data if isinstance(data, dict) else {}), text[match.end() :]


def _front_authors(front: dict[str, Any]) -> tuple[str, ...]:
    value = front.get("authors", front.get("author"))
    if isinstance(value, str):
        return tuple(a.strip() for a in re.split(r"\s*(?:,|;|\band\b)\s*", value) if a.strip())
    if isinstance(value, list):
        return tuple(str(a).strip() for a in value if str(a).strip())
    return ()


# ---------------------------------------------------------------- PDF


def note_from_pdf(source: bytes | str | Path, *, path: str | Path | None = None, url: str | None = None) -> Note:
    """A ``Note`` from a PDF (pypdf): page text joined into paragraphs, document info as metadata."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if isinstance(source, str | Path):
        path = path or source
        data = _read_file(Path(source))
    else:
        data = source
    name = str(url or path or "<pdf>")
    with _quiet("pypdf"):
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise ExtractError(f"{name}: PDF is encrypted")
            pages = [page.extract_text() or "" for page in reader.pages]
            info = reader.metadata
        except ExtractError:
            raise
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as exc:
            raise ExtractError(f"{name}: unreadable PDF ({type(exc).__name__}: {one_line(exc)})") from None
    paragraphs = [p for page in pages for p in pdf_paragraphs(page)]
    if not paragraphs:
        raise ExtractError(f"{name}: PDF has no extractable text (scanned images?)")
    header = _pdf_letterhead(pages[0]) if pages else PageMetadata()
    subject = " ".join(((info.subject or "") if info else "").split())
    authors = tuple(a.strip() for a in re.split(r"[;,]", (info.author or "") if info else "") if a.strip())
    meta = PageMetadata(
        title=(info.title or "").strip() or None if info else None,
        authors=authors or header.authors,
        published=(info.creation_date if info else None) or header.published,
        site_name=(subject if subject and len(subject.split()) <= MAX_SOURCE_WORDS else None) or header.site_name,
    )
    return make_note(paragraphs, name=name, fmt="pdf", meta=meta, url=url, path=path)


#: A PDF's /Subject longer than this many words is a description, not the publisher's name.
MAX_SOURCE_WORDS = 8
#: A first-page letterhead "HARBOR STREET RESEARCH | January 14, 2026".
_LETTERHEAD = re.compile(r"^\s*(?P<source>[^|•·—–]{3,60}?)\s+[|•·—–]\s+(?P<date>.{6,40})$")


def _pdf_letterhead(first_page: str) -> PageMetadata:
    """Source, author and date from the first lines of a PDF's first page: a "Source:"/"By" header
    block, or a letterhead line naming the publisher beside a date."""
    lines = [line for line in first_page.splitlines() if line.strip()][:MAX_HEADER_LINES]
    meta, _ = _text_header(lines, want_title=False)
    source, published = meta.site_name, meta.published
    for line in lines:
        match = _LETTERHEAD.match(line)
        if match and not source and parse_date(match["date"]):
            name = match["source"].strip()
            source = name.title() if name.isupper() else name
            published = published or parse_date(match["date"])
            break
    return PageMetadata(authors=meta.authors, published=published, site_name=source)


@contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    """Keep a library's warnings about a damaged file off stderr (our error says it in one line)."""
    other = logging.getLogger(logger_name)
    level = other.level
    other.setLevel(logging.ERROR)
    try:
        yield
    finally:
        other.setLevel(level)


def pdf_paragraphs(page_text: str) -> list[str]:
    """Paragraphs of one page: blank lines split them, and so does a short line ending a sentence."""
    lines = [line.rstrip() for line in page_text.splitlines()]
    widths = sorted(len(line) for line in lines if line.strip())
    if not widths:
        return []
    full_width = widths[int(len(widths) * 0.75)]
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        stripped = line.strip()
        if not stripped:
            paragraphs, current = _flush(paragraphs, current)
            continue
        current = _join_wrapped(current, stripped)
        if stripped[-1] in '.!?:"”' and len(stripped) < 0.8 * full_width:
            paragraphs, current = _flush(paragraphs, current)
    paragraphs, _ = _flush(paragraphs, current)
    return paragraphs


def _join_wrapped(current: str, line: str) -> str:
    if not current:
        return line
    if current.endswith("-") and line[:1].islower():
        return current[:-1] + line
    return f"{current} {line}"


def _flush(paragraphs: list[str], current: str) -> tuple[list[str], str]:
    if current.strip():
        paragraphs.append(re.sub(r"\s+", " ", current).strip())
    return paragraphs, ""


#: Largest note file read (the same default as the network body limit).
MAX_FILE_BYTES = 10 * 1024 * 1024


def _read_file(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ExtractError(f"{path}: file of {size / 2**20:.1f} MiB is over the {max_bytes / 2**20:.1f} MiB limit")
        return path.read_bytes()
    except FileNotFoundError:
        raise ExtractError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ExtractError(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise ExtractError(f"{path}: cannot read ({one_line(exc.strerror or exc)})") from None
