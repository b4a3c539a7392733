"""``notes-analyzer collect``: new notes from feeds, sitemaps or URL lists into a folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from notes_analyzer.cli.common import (
    EXIT_INPUT,
    AllowPrivateOpt,
    ConfigOpt,
    JsonOpt,
    NoCacheOpt,
    NoRobotsOpt,
    console,
    err_console,
    fetch_options,
)


def register(app: typer.Typer) -> None:
    app.command()(collect)


def collect(
    sources: Annotated[list[str], typer.Argument(help="RSS/Atom feeds, sitemaps, pages advertising a feed, "
                                                      "or local files listing one URL per line.")],
    into: Annotated[Path, typer.Option("--into", help="Folder to save notes in (the folder 'score' reads).")],
    rate: Annotated[float, typer.Option("--rate", min=0.0, help="Seconds between requests to one host.")] = 1.0,
    concurrency: Annotated[int, typer.Option("--concurrency", min=1, help="Pages fetched at once.")] = 4,
    no_robots: NoRobotsOpt = False,
    allow_private: AllowPrivateOpt = False,
    no_cache: NoCacheOpt = False,
    json_out: JsonOpt = False,
    config: ConfigOpt = None,
) -> None:
    """Collect new notes politely (robots.txt, per-host rate limit, concurrency cap), deduplicated by
    URL, canonical URL and content hash; each saved as JSON plus the raw page. Re-runs fetch only
    what is new. Exit 1 if any source or page failed."""
    import json

    from notes_analyzer.ingest.collect import collect as run_collect

    options = fetch_options(no_robots=no_robots, allow_private=allow_private, no_cache=no_cache, config=config)
    summary = run_collect(sources, into, options, rate_limit_s=rate, concurrency=concurrency)
    if json_out:
        typer.echo(json.dumps({"discovered": summary.discovered, "saved": [str(p) for p in summary.saved],
                               "already_collected": summary.known, "duplicates": summary.duplicates,
                               "failed": summary.failed}, indent=2))
    else:
        console.print(f"{summary.discovered} URLs found: {len(summary.saved)} new notes saved in {into}, "
                      f"{summary.known} collected before, {summary.duplicates} duplicates, "
                      f"{len(summary.failed)} failed")
        for url, reason in summary.failed.items():
            err_console.print(f"failed: {reason}" if url in reason else f"failed: {url}: {reason}",
                              soft_wrap=True, markup=False)
    if summary.failed:
        raise typer.Exit(code=EXIT_INPUT)
