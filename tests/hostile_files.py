"""Hostile files of the kinds a shared drive holds, made at test time (never committed).

``write_hostile_batch(folder, notes, hostile)`` writes ``notes`` ordinary notes (from
``scripts/gen_corpus.py``) and ``hostile`` hostile files cycling through ``KINDS``. Each kind
says whether a correct pipeline scores it (``ok``) or records an error for it (``error``).
"""

from __future__ import annotations

import os
import random
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from gen_corpus import make_note, write_note  # noqa: E402

_SENTENCE = "The S&P 500 rose 1.2% on Tuesday as investors weighed the outlook for rate cuts"


def _note_text(rng: random.Random, published: str = "2025-12-02") -> str:
    title, source, _, body = make_note(rng, 120)
    return f"{title}\nBy Analyst\nPublished: {published}\nSource: {source}\n\n{body}\n"


def _bomb(compress: Callable[[], object], size: int = 512 << 20) -> bytes:
    """``size`` zero bytes compressed by a streaming compressor (about 0.5 MB out)."""
    engine = compress()
    chunk = b"\0" * (1 << 20)
    parts = [engine.compress(chunk) for _ in range(size >> 20)]  # type: ignore[attr-defined]
    parts.append(engine.flush())  # type: ignore[attr-defined]
    return b"".join(parts)


_BOMBS: dict[str, bytes] = {}


def _cached_bomb(kind: str) -> bytes:
    if kind not in _BOMBS:
        if kind == "gzip":
            _BOMBS[kind] = _bomb(lambda: zlib.compressobj(9, zlib.DEFLATED, 31))  # gzip container
        else:
            _BOMBS[kind] = _bomb(lambda: zlib.compressobj(9))
    return _BOMBS[kind]


def _single_line(path: Path, rng: random.Random) -> None:
    path.write_text((_SENTENCE + " and ") * (4_000_000 // (len(_SENTENCE) + 5)), encoding="utf-8")


def _page_20mb(path: Path, rng: random.Random) -> None:
    para = f"<p>{_SENTENCE}.</p>\n".encode()
    path.write_bytes(b"<html><body>" + para * (20_000_000 // len(para)) + b"</body></html>")


def _page_8mb(path: Path, rng: random.Random) -> None:
    para = f"<p>{_SENTENCE}, while bond yields were steady.</p>\n".encode()
    path.write_bytes(b"<html><head><title>Big page</title></head><body><article>"
                     + para * (8_000_000 // len(para)) + b"</article></body></html>")


def _gzip_bomb(path: Path, rng: random.Random) -> None:
    path.write_bytes(_cached_bomb("gzip"))


def _zlib_bomb(path: Path, rng: random.Random) -> None:
    path.write_bytes(_cached_bomb("zlib"))


def _deep_nesting(path: Path, rng: random.Random) -> None:
    path.write_text("<html><body>" + "<div>" * 20_000 + f"<p>{_SENTENCE}.</p>" + "</div>" * 20_000
                    + "</body></html>", encoding="utf-8")


def _utf16(path: Path, rng: random.Random) -> None:
    path.write_bytes(_note_text(rng).encode("utf-16"))


def _cp1252(path: Path, rng: random.Random) -> None:
    text = _note_text(rng).replace("rose", "rose \u2018sharply\u2019 \u2013", 1)
    text += "Caf\u00e9 owners \u201cworried\u201d.\n"
    path.write_bytes(text.encode("cp1252"))


def _nul_bytes(path: Path, rng: random.Random) -> None:
    text = _note_text(rng)
    path.write_bytes(text[:200].encode() + b"\0\0\0" + text[200:].encode() + b"\0")


def _truncated_pdf(path: Path, rng: random.Random) -> None:
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Ty")


def _fake_pdf(path: Path, rng: random.Random) -> None:
    path.write_bytes(b"<html><body>not a pdf at all</body></html>" + bytes(rng.getrandbits(8) for _ in range(512)))


def _symlink_loop(path: Path, rng: random.Random) -> None:
    other = path.with_name(path.stem + "_b.txt")
    os.symlink(other.name, path)
    os.symlink(path.name, other)


def _odd_name(path: Path, rng: random.Random) -> None:
    odd = path.with_name(f"-rf \u00e9\u00e8 \u202e$(echo x) {path.stem} \U0001f4c8.txt")
    odd.write_text(_note_text(rng), encoding="utf-8")


def _future_date(path: Path, rng: random.Random) -> None:
    path.write_text(_note_text(rng, published="2031-06-30"), encoding="utf-8")


def _broken_front_matter(path: Path, rng: random.Random) -> None:
    title, source, _, body = make_note(rng, 120)
    path.write_text(f"---\ntitle: [unclosed\nsource: {{bad: yaml\n---\n\n# {title}\n\n{body}\n", encoding="utf-8")


def _script_injection(path: Path, rng: random.Random) -> None:
    title, source, _, body = make_note(rng, 120)
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    path.write_text(
        f'<html><head><title>{title}<script>alert(1)</script></title>'
        f'<meta property="og:site_name" content="Evil &lt;img src=x onerror=alert(1)&gt;">'
        f'<meta name="author" content="$\\\\undefinedmacro{{x}}$ <b>Research</b>"></head>'
        f'<body><script>document.write("<p>injected</p>")</script><article><h1>{title}</h1>{paras}'
        f'<p onclick="alert(2)">Click <a href="javascript:alert(3)">here</a>.</p></article></body></html>',
        encoding="utf-8")


def _empty(path: Path, rng: random.Random) -> None:
    path.write_bytes(b"")


def _binary(path: Path, rng: random.Random) -> None:
    path.write_bytes(bytes(rng.getrandbits(8) for _ in range(4096)))


def _german(path: Path, rng: random.Random) -> None:
    path.write_text("Die Aktienm\u00e4rkte haben sich in dieser Woche deutlich erholt, weil die Zentralbank die "
                    "Zinsen gesenkt hat und die Anleger wieder mehr Risiko eingehen. " * 8, encoding="utf-8")


#: kind -> (suffix, writer, expected status). "ok": a careful pipeline scores what is there;
#: "error": it records one clear error for the file.
KINDS: dict[str, tuple[str, Callable[[Path, random.Random], None], str]] = {
    "single_line_4mb": (".txt", _single_line, "ok"),
    "page_20mb": (".html", _page_20mb, "error"),
    "page_8mb": (".html", _page_8mb, "ok"),
    "gzip_bomb": (".html", _gzip_bomb, "error"),
    "zlib_bomb": (".html", _zlib_bomb, "error"),
    "deep_nesting": (".html", _deep_nesting, "any"),
    "utf16": (".txt", _utf16, "ok"),
    "cp1252": (".txt", _cp1252, "ok"),
    "nul_bytes": (".txt", _nul_bytes, "ok"),
    "truncated_pdf": (".pdf", _truncated_pdf, "error"),
    "fake_pdf": (".pdf", _fake_pdf, "error"),
    "symlink_loop": (".txt", _symlink_loop, "error"),
    "odd_name": (".txt", _odd_name, "ok"),
    "future_date": (".txt", _future_date, "ok"),
    "broken_front_matter": (".md", _broken_front_matter, "ok"),
    "script_injection": (".html", _script_injection, "ok"),
    "empty": (".txt", _empty, "error"),
    "binary": (".html", _binary, "error"),
    "german": (".txt", _german, "error"),
}
#: The big kinds are written once per batch (they cost disk and time, not coverage).
ONCE = {"single_line_4mb", "page_20mb", "page_8mb"}


def write_hostile_batch(folder: Path, notes: int, hostile: int, seed: int = 11) -> dict[Path, str]:
    """Write the batch; returns every file written (symlinks included) -> its hostile kind ("" for notes)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[Path, str] = {write_note(folder, i, rng, 120): "" for i in range(notes)}
    cycle = [k for k in KINDS if k not in ONCE]
    order = sorted(ONCE) + [cycle[i % len(cycle)] for i in range(max(0, hostile - len(ONCE)))]
    for index, kind in enumerate(order):
        suffix, writer, _ = KINDS[kind]
        path = folder / f"hostile_{index:04d}_{kind}{suffix}"
        before = set(folder.iterdir())
        writer(path, rng)
        for new in set(folder.iterdir()) - before:
            written[new] = kind
    return written
