"""``analyze`` (one note) and ``score`` (a folder in batch)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from notes_analyzer.cli.common import (
    EXIT_NOTES_FAILED,
    AllowPrivateOpt,
    AsOfOpt,
    ConfigOpt,
    EncoderOpt,
    JsonOpt,
    MarketDataOpt,
    ModelsOpt,
    NoCacheOpt,
    NoRobotsOpt,
    StoreOpt,
    console,
    err_console,
    fetch_options,
)
from notes_analyzer.errors import ConfigError


def register(app: typer.Typer) -> None:
    app.command()(analyze)
    app.command()(score)


def analyze(
    source: Annotated[str, typer.Argument(help="A URL (http/https) or a file (HTML, PDF, Markdown, text).")],
    store: StoreOpt = None,
    market_data: MarketDataOpt = None,
    models: ModelsOpt = None,
    encoder: EncoderOpt = None,
    as_of: AsOfOpt = None,
    json_out: JsonOpt = False,
    html_out: Annotated[Path | None, typer.Option(
        "--html", help="Also write the annotated note view (one self-contained HTML page) to this file.")] = None,
    no_robots: NoRobotsOpt = False,
    allow_private: AllowPrivateOpt = False,
    no_cache: NoCacheOpt = False,
    config: ConfigOpt = None,
) -> None:
    """Analyse one note: claims with verdicts and evidence, support score, sentiment, stances, catalysts.

    Exit codes: 0 success, 1 bad input (unreadable note, failed fetch, no store), 2 internal error.
    """
    from notes_analyzer.api import Analyzer, ensure_market_data, read_note, require_store
    from notes_analyzer.cli.render import render_report
    from notes_analyzer.config import CheckOptions, NlpOptions, build_options
    from notes_analyzer.records import to_json

    cfg = str(config) if config else None
    nlp = build_options(NlpOptions, "nlp", {"models_dir": models, "encoder": encoder.value if encoder else None}, cfg)
    check = build_options(CheckOptions, "check", {"as_of": as_of}, cfg)
    fetch = fetch_options(no_robots=no_robots, allow_private=allow_private, no_cache=no_cache, config=config)
    if html_out is not None and html_out.is_dir():
        raise ConfigError(f"--html {html_out}: is a folder; give the page's file name")
    store_path = require_store(ensure_market_data(store, market_data, nlp.models_root()))
    note = read_note(source, fetch)  # bad input fails here, before the models load
    with Analyzer.open(store_path=store_path, nlp_options=nlp, check_options=check, fetch_options=fetch) as analyzer:
        report = analyzer.analyze(note)
        if html_out is not None:
            from notes_analyzer.report.note_view import write_note_html

            err_console.print(f"note view: {write_note_html(report, html_out, analyzer.queries)}", highlight=False,
                              soft_wrap=True)
    if json_out:
        typer.echo(to_json(report, indent=2))
    else:
        render_report(report, console)


def score(
    folder: Annotated[Path, typer.Argument(help="Folder of notes (HTML, PDF, Markdown, text, saved JSON).")],
    out: Annotated[Path | None, typer.Option("--out", help="Results folder (default: FOLDER/.notes-analyzer).")] = None,
    workers: Annotated[int, typer.Option("--workers", "-j", min=1, help="Worker processes.")] = 1,
    force: Annotated[bool, typer.Option("--force", help="Re-score notes already scored.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help=f"Exit {EXIT_NOTES_FAILED} when any note failed.")] = False,
    worker_memory: Annotated[int | None, typer.Option(
        "--worker-memory", min=256, help="Resident memory one worker may use, in MB (default 2048).")] = None,
    note_seconds: Annotated[float | None, typer.Option(
        "--note-seconds", min=1, help="Time limit for one file, in seconds (default 120).")] = None,
    engine: Annotated[Literal["process", "ray"] | None, typer.Option(
        "--engine", help="Run the workers as local processes (default) or as Ray actors (the extra "
        "notes-analyzer\\[ray]).")] = None,
    ray_address: Annotated[str | None, typer.Option(
        "--ray-address", help="With --engine ray: join the Ray cluster at this address (default: local Ray).")] = None,
    store: StoreOpt = None,
    market_data: MarketDataOpt = None,
    models: ModelsOpt = None,
    encoder: EncoderOpt = None,
    as_of: AsOfOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Score every note in a folder (recursively): writes results.jsonl (one line per file: report or
    error), summary.csv, and stores reports for the weekly report. Re-runs skip notes already scored
    and re-check forecasts that came due.

    Exit codes: 0 the batch completed and every file is accounted for (bad notes are error records,
    counted on stderr); 1 the run failed (no store, store in use, unreadable folder); 2 internal
    error; 3 with --strict, some notes failed; 130 interrupted.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from notes_analyzer.batch import score_folder
    from notes_analyzer.config import CheckOptions, NlpOptions, ScoreOptions, build_options

    cfg = str(config) if config else None
    nlp = build_options(NlpOptions, "nlp", {"models_dir": models, "encoder": encoder.value if encoder else None}, cfg)
    check = build_options(CheckOptions, "check", {"as_of": as_of}, cfg)
    options = build_options(ScoreOptions, "score", {
        "workers": workers, "force": force or None, "strict": strict or None,
        "worker_memory_mb": worker_memory, "note_seconds": note_seconds, "engine": engine,
        "ray_address": ray_address}, cfg)
    if not folder.is_dir():
        raise ConfigError(f"{folder}: not a folder")
    columns = (TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]} notes/s · {task.fields[failed]} failed"), TimeRemainingColumn())
    with Progress(*columns, console=err_console, transient=True) as progress:
        task = progress.add_task("scoring", total=None, rate="–", failed=0)
        failed = 0

        def show(outcome, done: int, total: int) -> None:
            nonlocal failed
            failed += outcome.status == "error"
            elapsed = progress.tasks[0].elapsed or 1e-9
            progress.update(task, completed=done, total=total, rate=f"{done / elapsed:.1f}", failed=failed)

        summary = score_folder(folder, out_dir=out, store_path=store, market_data=market_data,
                               score_options=options, nlp_options=nlp, check_options=check, on_outcome=show)
    console.print(f"results: {summary.results_path}\nsummary: {summary.summary_path}")
    by_stage = ", ".join(f"{stage} {n}" for stage, n in summary.errors_by_stage.items())
    failed_total = sum(summary.errors_by_stage.values())
    err_console.print(
        f"{summary.total} files: {summary.scored} scored, {summary.skipped} already scored, "
        f"{failed_total} with error records" + (f" ({by_stage})" if by_stage else "")
        + f"; {summary.seconds:.1f} s", highlight=False, soft_wrap=True)
    if options.strict and failed_total:
        raise typer.Exit(code=EXIT_NOTES_FAILED)
