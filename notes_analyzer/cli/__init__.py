"""The ``notes-analyzer`` command line: a thin typer app over ``notes_analyzer.api``.

Each command group lives in its own module of this package; this module builds the app,
sets up logging from ``-v/-q`` and turns library errors into one line on stderr.
"""

from __future__ import annotations

import logging
import sys
from typing import Annotated, Any

import typer
from typer._click.core import Context as ClickContext  # typer vendors click; its groups take this Context
from typer.core import TyperGroup

from notes_analyzer import __version__
from notes_analyzer.cli import analyze as _analyze
from notes_analyzer.cli import collect as _collect
from notes_analyzer.cli import disagreements as _disagreements
from notes_analyzer.cli import fetch as _fetch
from notes_analyzer.cli import market as _market
from notes_analyzer.cli import report as _report
from notes_analyzer.cli.common import EXIT_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_USAGE, err_console, state
from notes_analyzer.errors import NotesAnalyzerError

__all__ = ["app", "main"]

class _Group(TyperGroup):
    """The root command group: a library error anywhere below becomes one line on stderr, exit 1.

    Handled here (not only in ``main``) so the console script and in-process runs
    (``typer.testing.CliRunner``) behave the same.
    """

    def invoke(self, ctx: ClickContext) -> Any:
        try:
            return super().invoke(ctx)
        except NotesAnalyzerError as exc:
            if state.debug:
                raise
            report_error(exc)
            raise typer.Exit(code=EXIT_INPUT) from None


def report_error(exc: BaseException) -> None:
    from rich.markup import escape

    err_console.print(f"[red]error:[/red] {escape(str(exc))}", markup=True, highlight=False, soft_wrap=True)


app = typer.Typer(
    cls=_Group,
    name="notes-analyzer",
    help=(
        "Read market-commentary notes (URLs, HTML, PDF, Markdown, text), extract their claims, "
        "sentiment and catalysts, and check each claim against a local market-data store."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"notes-analyzer {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="More log output (-vv: debug).")] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Global options; logs and progress go to stderr, results to stdout."""
    from rich.logging import RichHandler

    level = logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    logger = logging.getLogger("notes_analyzer")
    logger.handlers[:] = [RichHandler(console=err_console, show_path=False, rich_tracebacks=debug)]
    logger.setLevel(level)
    logger.propagate = False
    state.debug = debug


_fetch.register(app)
_analyze.register(app)
_collect.register(app)
app.add_typer(_market.app, name="market")
_report.register(app)
_disagreements.register(app)


def main() -> None:
    """Console-script entry point: library errors become one line and exit code 1."""
    try:
        code = app(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except NotesAnalyzerError as exc:  # raised outside a command (e.g. while parsing options)
        if state.debug:
            raise
        report_error(exc)
        sys.exit(EXIT_INPUT)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err_console.print("aborted")
        sys.exit(EXIT_INTERRUPTED)
    except KeyboardInterrupt:
        err_console.print("interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except typer.TyperException as exc:  # click's usage errors: unknown option, bad value, missing argument
        show = getattr(exc, "show", None)
        if callable(show):
            show()  # the usage line, then "Error: No such option: --bogus"
        else:
            err_console.print(f"error: {exc.format_message()}", markup=False)
        sys.exit(EXIT_USAGE)
    except Exception as exc:  # noqa: BLE001 - last-resort guard: one line, not a traceback
        if state.debug:
            raise
        err_console.print(f"[red]internal error:[/red] {type(exc).__name__}: {exc} (run with --debug for details)")
        sys.exit(EXIT_INTERNAL)
