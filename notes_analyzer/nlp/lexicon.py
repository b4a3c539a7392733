"""The claim lexicon (``models/lexicon.yaml``): cues as data, shared by ``nlp/`` and ``check/``."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from notes_analyzer.errors import ConfigError

__all__ = ["broad_market", "foreign_subjects", "lexicon_path", "mapping", "pattern", "session_cues"]


def lexicon_path(models_dir: Path | None = None) -> Path:
    from notes_analyzer.config import repo_models_dir

    return (models_dir or repo_models_dir()) / "lexicon.yaml"


@lru_cache(maxsize=4)
def _load(path: Path) -> dict:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read the claim lexicon ({exc})") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the claim lexicon must be a mapping")
    return data


@lru_cache(maxsize=4)
def foreign_subjects(path: Path | None = None) -> re.Pattern[str]:
    """One regex for the subjects outside the registry (companies, baskets, foreign economies, ETF prices)."""
    patterns = _load(path or lexicon_path()).get("foreign_subjects") or []
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!x)x")
    except re.error as exc:
        raise ConfigError(f"{path or lexicon_path()}: bad foreign_subjects pattern ({exc})") from None


@lru_cache(maxsize=4)
def broad_market(path: Path | None = None) -> tuple[str, re.Pattern[str]] | None:
    """(instrument id, regex) for the phrases that name the whole stock market ("stocks", "Wall Street")."""
    entry = _load(path or lexicon_path()).get("broad_market")
    if not entry:
        return None
    return str(entry["instrument"]), re.compile(entry["pattern"])


@lru_cache(maxsize=4)
def session_cues(path: Path | None = None) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(a move closed on one session, a perfect tense or a longer frame) regexes."""
    data = _load(path or lexicon_path())
    return re.compile(data.get("session_move", r"(?!x)x")), re.compile(data.get("perfect_tense", r"(?!x)x"))


@lru_cache(maxsize=64)
def pattern(name: str, path: Path | None = None) -> re.Pattern[str]:
    """The frame cue ``patterns.<name>`` of the lexicon, compiled case-insensitively."""
    source = (_load(path or lexicon_path()).get("patterns") or {}).get(name)
    if source is None:
        raise ConfigError(f"{path or lexicon_path()}: no pattern '{name}' under 'patterns'")
    try:
        return re.compile(source, re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(f"{path or lexicon_path()}: bad pattern '{name}' ({exc})") from None


def mapping(name: str, path: Path | None = None) -> dict[str, str]:
    """A word -> value table of the lexicon (e.g. ``from_extreme_metrics``)."""
    return dict(_load(path or lexicon_path()).get(name) or {})
