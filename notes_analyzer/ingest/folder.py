"""Walk a folder and read every file in it as a note; each file is accounted for."""

from __future__ import annotations

import logging
import os
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
    """Every non-hidden file under ``folder``, in sorted order; symlinked folders are not followed
    (no loops). A symlink that leads nowhere (broken, or a loop) is listed too, so that it becomes
    an error record instead of vanishing."""
    files: list[Path] = []
    for root, dirs, names in os.walk(folder, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")] if recursive else []
        for name in names:
            path = Path(root) / name
            if name.startswith(".") or not (path.is_file() or path.is_symlink()):
                continue
            files.append(path)
    return sorted(files, key=lambda p: p.relative_to(folder).as_posix())


def note_files(folder: Path, *, recursive: bool = True) -> list[Path]:
    """The files ``iter_folder`` would read, in the same order (for batch runs that read them elsewhere)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ExtractError(f"{folder}: not a folder")
    return _files(folder, recursive)
