"""Shared CLI pieces: consoles, exit codes, and flags defined once as ``Annotated`` aliases."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from notes_analyzer.config import ENCODER_RUNTIMES

EXIT_OK = 0
EXIT_INPUT = 1  # bad input: unreadable file, failed fetch, unknown series …
EXIT_INTERNAL = 2  # a bug: please report
EXIT_NOTES_FAILED = 3  # score --strict: the batch completed, but some notes have error records
EXIT_USAGE = 64  # a usage error: unknown option, bad value, missing argument (sysexits EX_USAGE)
EXIT_INTERRUPTED = 130

console = Console()
err_console = Console(stderr=True)


@dataclass
class _State:
    debug: bool = False


state = _State()

StoreOpt = Annotated[
    Path | None,
    typer.Option(
        "--store", help="Market-data store (DuckDB file). Default: $NOTES_ANALYZER_STORE, else the user data dir."),
]
ModelsOpt = Annotated[
    Path | None, typer.Option("--models", help="Folder of trained heads and registries (default: the repo's models/).")
]
#: ``--encoder`` choices: the runtimes of ``NlpOptions.encoder``.
class EncoderRuntime(StrEnum):
    onnx = "onnx"
    torch = "torch"


assert tuple(r.value for r in EncoderRuntime) == tuple(ENCODER_RUNTIMES), "keep in step with NlpOptions.encoder"
EncoderOpt = Annotated[
    EncoderRuntime | None,
    typer.Option("--encoder", case_sensitive=False,
                 help="Encoder runtime: onnx (default; exported and cached on first use) or torch (fallback)."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a rich table.")]
MarketDataOpt = Annotated[
    Path | None,
    typer.Option("--market-data", envvar="NOTES_ANALYZER_MARKET_DATA",
                 help="Folder of market-data CSVs imported into the store when it is empty (offline set-up)."),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option("--as-of",
                 help="Decide verdicts as of this ISO date (default: today); forecasts due later stay pending."),
]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="TOML config file (default: $NOTES_ANALYZER_CONFIG).")]

# The fetch flags, defined once for every command that fetches (fetch, analyze, collect).
NoRobotsOpt = Annotated[bool, typer.Option("--no-robots", help="Fetch even where robots.txt disallows.")]
AllowPrivateOpt = Annotated[
    bool, typer.Option("--allow-private", help="Allow private/loopback addresses (intranet or local servers).")
]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Do not read or write the page cache.")]


def fetch_options(*, no_robots: bool = False, allow_private: bool = False, no_cache: bool = False,
                  config: Path | None = None):
    """FetchOptions from defaults < config file [fetch] < flags; the user cache dir unless --no-cache."""
    from dataclasses import replace

    from notes_analyzer.config import FetchOptions, build_options, default_cache_dir

    flags = {"respect_robots": False if no_robots else None, "allow_private": True if allow_private else None}
    options = build_options(FetchOptions, "fetch", flags, str(config) if config else None)
    if no_cache:
        return replace(options, cache_dir=None)
    return options if options.cache_dir else replace(options, cache_dir=default_cache_dir() / "pages")
