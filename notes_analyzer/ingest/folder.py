"""Walk a folder and read every file in it as a note; each file is accounted for."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from notes_analyzer.errors import ExtractError, NotesAnalyzerError
from notes_analyzer.records import Note

__all__ = ["iter_folder", "note_files"]

logger = logging.getLogger(__name__)


def iter_folder(folder: Path, *, recursive: bool = True) -> Iterator[tuple[Path, Note | NotesAnalyzerError]]:
    """``(path, Note)`` for each readable file, ``(path, error)`` for the others, in sorted path order.

    Hidden files and folders (a leading dot) are skipped; an unsupported suffix yields an
    ExtractError item rather than being skipped silently.
    """
    from notes_analyzer.ingest import note_from_file

    folder = Path(folder)
    if not folder.is_dir():
        raise ExtractError(f"{folder}: not a folder")
    for path in _files(folder, recursive):
        try:
            yield path, note_from_file(path)
        except NotesAnalyzerError as exc:
            logger.info("%s", exc)
            yield path, exc


def _files(folder: Path, recursive: bool) -> list[Path]:
    pattern = "**/*" if recursive else "*"
    files = [
        p
        for p in folder.glob(pattern)
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    ]
    return sorted(files, key=lambda p: p.relative_to(folder).as_posix())


def note_files(folder: Path, *, recursive: bool = True) -> list[Path]:
    """The files ``iter_folder`` would read, in the same order (for batch runs that read them elsewhere)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ExtractError(f"{folder}: not a folder")
    return _files(folder, recursive)
