"""The project's YAML data files (lexicon, registry, sectors, events), parsed with libyaml's safe loader
when PyYAML was built with it (several times faster at model load), else PyYAML's own safe loader."""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

__all__ = ["safe_load"]


def safe_load(text: str) -> Any:
    """``yaml.safe_load`` on the fastest safe loader available (raises ``yaml.YAMLError`` alike)."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
