"""The claim lexicon (``lexicon.yaml`` of the models folder): cues as data, shared by ``nlp/`` and ``check/``.

``Lexicon.load(path)`` reads the file once; the bundle of models carries one ``Lexicon`` (loaded from
``--models``), and every rule reads its cues through it.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from notes_analyzer.errors import ConfigError

__all__ = ["Lexicon", "lexicon_path"]

NEVER = r"(?!x)x"  # a regex that matches nothing: an absent cue
CUE_PART = re.compile(r"\$\{(\w+)\}")  # "${name}" in a cue: the pattern of the cue ``name``


def lexicon_path(models_dir: Path | None = None) -> Path:
    from notes_analyzer.config import repo_models_dir

    return (models_dir or repo_models_dir()) / "lexicon.yaml"


class Lexicon:
    """The cues of one lexicon file, compiled on first use."""

    def __init__(self, data: dict[str, Any], path: Path) -> None:
        self.path = path
        self._data = data

    @classmethod
    def load(cls, path: Path | None = None) -> Lexicon:
        """The lexicon at ``path`` (default: the repo's ``models/lexicon.yaml``), read once per path."""
        return _load(Path(path) if path else lexicon_path())

    def _compile(self, source: str, what: str, flags: int = 0) -> re.Pattern[str]:
        try:
            return re.compile(source, flags)
        except re.error as exc:
            raise ConfigError(f"{self.path}: bad {what} pattern ({exc})") from None

    @cache  # noqa: B019 - lexicons are few and live as long as the process
    def foreign_subjects(self) -> re.Pattern[str]:
        """One regex for the subjects outside the registry (companies, baskets, foreign economies, ETF prices)."""
        patterns = [self._parts(p) for p in self._data.get("foreign_subjects") or []]
        return self._compile("|".join(f"(?:{p})" for p in patterns) or NEVER, "foreign_subjects")

    def glue_words(self) -> tuple[str, ...]:
        """Words that scraping glues to an instrument's name ("Nasdaqfutures", "S&P 500was"): ``glue_words``."""
        return tuple(str(w) for w in self._data.get("glue_words") or ())

    @cache  # noqa: B019
    def anaphors(self) -> tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]:
        """(regex, instrument ids) for words that name an instrument named before ("the precious metal")."""
        return tuple((self._compile(rf"\b(?:{phrase})\b", "anaphors", re.IGNORECASE), tuple(targets))
                     for phrase, targets in (self._data.get("anaphors") or {}).items())

    @cache  # noqa: B019
    def foreign_economy(self) -> tuple[re.Pattern[str], re.Pattern[str]]:
        """(another economy named, words of economic data): ``foreign_economy`` and ``macro_words``."""
        return (self._compile(self._parts(self._data.get("foreign_economy") or NEVER), "foreign_economy"),
                self._compile(self._parts(self._data.get("macro_words") or NEVER), "macro_words"))

    def page_furniture(self) -> dict[str, tuple[str, ...]]:
        """Share widgets, section headings and photo credits scraping glues into prose: ``page_furniture``."""
        return {key: tuple(str(v) for v in values or ())
                for key, values in (self._data.get("page_furniture") or {}).items()}

    def word_glue(self) -> dict[str, Any]:
        """Rules for splitting two ordinary words glued by scraping ("declinedabout"): ``word_glue``."""
        return dict(self._data.get("word_glue") or {})

    @cache  # noqa: B019
    def broad_market(self) -> tuple[str, re.Pattern[str]] | None:
        """(instrument id, regex) for the phrases that name the whole stock market ("stocks", "Wall Street")."""
        entry = self._data.get("broad_market")
        if not entry:
            return None
        return str(entry["instrument"]), self._compile(entry["pattern"], "broad_market")

    def each_index(self) -> tuple[tuple[str, ...], re.Pattern[str]] | None:
        """(instrument ids, regex) for the market named as each of its major indexes ("all three major
        indexes jumped at least 7.8%", "every major index lost over 4%"): one check per index."""
        entry = (self._data.get("broad_market") or {}).get("each")
        if not entry:
            return None
        return tuple(str(i) for i in entry["instruments"]), self._compile(entry["pattern"], "broad_market.each")

    @cache  # noqa: B019
    def session_cues(self) -> tuple[re.Pattern[str], re.Pattern[str]]:
        """(a move closed on one session, a perfect tense or a longer frame) regexes."""
        return (self._compile(self._data.get("session_move", NEVER), "session_move"),
                self._compile(self._data.get("perfect_tense", NEVER), "perfect_tense"))

    @cache  # noqa: B019
    def pattern(self, name: str) -> re.Pattern[str]:
        """The frame cue ``patterns.<name>``, compiled case-insensitively."""
        source = (self._data.get("patterns") or {}).get(name)
        if source is None:
            raise ConfigError(f"{self.path}: no pattern '{name}' under 'patterns'")
        return self._compile(self._parts(source), f"'{name}'", re.IGNORECASE)

    @cache  # noqa: B019
    def cue(self, name: str) -> re.Pattern[str]:
        """The claim rules' cue ``cues.<name>``: case-insensitive unless its entry says ``case_sensitive: true``
        (a mapping with the pattern under ``pattern``); a list is one pattern in pieces, joined as written;
        ``${other}`` stands for the pattern of the cue ``other``."""
        source, case_sensitive = self._cue_source(name, ())
        return self._compile(source, f"cue '{name}'", 0 if case_sensitive else re.IGNORECASE)

    def _parts(self, source: str, outer: tuple[str, ...] = ()) -> str:
        """``source`` with each ``${name}`` replaced by the pattern of the cue ``name`` (``outer``: the cues
        being filled in around it, to catch a cue that is part of itself)."""
        return CUE_PART.sub(lambda part: self._cue_source(part.group(1), outer)[0], source)

    def _cue_source(self, name: str, outer: tuple[str, ...]) -> tuple[str, bool]:
        """(the pattern of the cue ``name``, its ``${…}`` parts filled in; whether it is case-sensitive)."""
        if name in outer:
            raise ConfigError(f"{self.path}: cue '{name}' is part of itself ({' -> '.join((*outer, name))})")
        entry = (self._data.get("cues") or {}).get(name)
        case_sensitive = False
        if isinstance(entry, dict):
            case_sensitive = bool(entry.get("case_sensitive", False))
            entry = entry.get("pattern")
        if isinstance(entry, list) and all(isinstance(piece, str) for piece in entry):
            entry = "".join(entry)
        if entry is None:
            raise ConfigError(f"{self.path}: no cue '{name}' under 'cues'")
        if not isinstance(entry, str):
            raise ConfigError(f"{self.path}: cue '{name}' must be a pattern, a list of pieces or a mapping with one")
        return self._parts(entry, (*outer, name)), case_sensitive

    @cache  # noqa: B019
    def reading(self, name: str) -> re.Pattern[str]:
        """The reading cue ``reading.<name>`` (how a claim's words are read into its slots), case-insensitive."""
        source = (self._data.get("reading") or {}).get(name)
        if source is None:
            raise ConfigError(f"{self.path}: no cue '{name}' under 'reading'")
        return self._compile(self._parts(source), f"reading '{name}'", re.IGNORECASE)

    def mapping(self, name: str) -> dict[str, str]:
        """A word -> value table (e.g. ``from_extreme_metrics``)."""
        return {str(k): str(v) for k, v in (self._data.get(name) or {}).items()}

    def syntax(self) -> dict[str, Any]:
        """How claim slots are read off the dependency parse (``syntax``: matcher patterns, label lists)."""
        entry = self._data.get("syntax") or {}
        if not isinstance(entry, dict):
            raise ConfigError(f"{self.path}: 'syntax' must be a mapping")
        return entry

    @cache  # noqa: B019
    def syntax_directions(self) -> tuple[tuple[str, re.Pattern[str]], ...]:
        """(direction, one move word) regexes of ``syntax.directions``, matched whole and case-insensitively."""
        entries = (self.syntax().get("directions") or {}).items()
        return tuple((str(label), self._compile(source, f"syntax direction {label!r}", re.IGNORECASE))
                     for label, source in entries)

    @cache  # noqa: B019
    def since_anchors(self) -> tuple[tuple[re.Pattern[str], str], ...]:
        """Named anchors of "since <an episode>" (``since_anchors``): (regex, the time expression it stands for)."""
        return tuple((self._compile(k, f"since anchor {k!r}", re.IGNORECASE), v)
                     for k, v in self.mapping("since_anchors").items())


@lru_cache(maxsize=8)
def _load(path: Path) -> Lexicon:
    import yaml

    from notes_analyzer import yamlfile

    try:
        data = yamlfile.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read the claim lexicon ({exc})") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the claim lexicon must be a mapping")
    return Lexicon(data, path)
