"""The claim lexicon (``models/lexicon.yaml``): cues as data, shared by ``nlp/`` and ``check/``."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from notes_analyzer.errors import ConfigError

__all__ = ["foreign_subjects", "lexicon_path"]


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
