"""Bytes → text for web pages and text files, robust to wrongly declared encodings.

Order: a byte-order mark; strict UTF-8 (a page that decodes as UTF-8 *is* UTF-8, whatever it
declares); the declared charset (HTTP header, then ``<meta charset>``), with latin-1 read as
cp1252 as browsers do; finally charset_normalizer's guess.
"""

from __future__ import annotations

import codecs
import logging
import re

from notes_analyzer.errors import ExtractError

__all__ = ["decode_bytes", "declared_charset", "looks_binary", "one_line"]

logger = logging.getLogger(__name__)

#: Share of control bytes (other than tab/CR/LF/FF) above which content is binary, not text.
MAX_CONTROL_BYTE_SHARE = 0.02
#: How many leading bytes are inspected for binary content and <meta charset>.
SNIFF_BYTES = 4096
#: Magic numbers of formats that are never HTML or text.
BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"\x7fELF")
#: Labels that browsers decode as windows-1252 (WHATWG encoding standard).
CP1252_ALIASES = {"latin-1", "latin1", "iso-8859-1", "iso8859-1", "iso_8859-1", "us-ascii", "ascii", "l1"}

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def looks_binary(data: bytes) -> bool:
    """True for content that is clearly not text: a binary magic number, or more than
    ``MAX_CONTROL_BYTE_SHARE`` control bytes (NUL included). A stray NUL in text is not binary."""
    head = data[:SNIFF_BYTES]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if head.startswith(BINARY_MAGIC):
        return True
    if not head:
        return False
    controls = sum(head.count(bytes([c])) for c in _CONTROL)
    return controls / len(head) > MAX_CONTROL_BYTE_SHARE


def declared_charset(data: bytes, header_charset: str | None = None) -> str | None:
    """The charset the server or the page declares, normalised; None when none or unknown."""
    candidates = [header_charset]
    match = _META_CHARSET.search(data[:SNIFF_BYTES])
    if match:
        candidates.append(match.group(1).decode("ascii", "ignore"))
    for label in candidates:
        if not label:
            continue
        label = label.strip().lower()
        if label in CP1252_ALIASES:
            return "cp1252"
        try:
            return codecs.lookup(label).name
        except LookupError:
            logger.debug("unknown charset label %r", label)
    return None


def decode_bytes(data: bytes, *, name: str, header_charset: str | None = None, kind: str = "HTML") -> str:
    """Decode page or file bytes to text (stray NUL bytes dropped); raises ExtractError for binary content."""
    return _decode(data, name=name, header_charset=header_charset, kind=kind).replace("\x00", "")


def _decode(data: bytes, *, name: str, header_charset: str | None, kind: str) -> str:
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if looks_binary(data):
        raise ExtractError(f"{name}: is not {kind} (binary content)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data, header_charset)
    if declared and declared != "utf-8":
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            logger.info("%s: declared charset %s does not fit the bytes; guessing", name, declared)
    return _guess(data)


def _guess(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return data.decode("cp1252", errors="replace")
    return str(best)


def one_line(value: object) -> str:
    """``str(value)`` with every run of whitespace (newlines too) made one space, for error messages."""
    return " ".join(str(value).split())
