"""Every command has help text and a README entry; importing the CLI loads no model or store."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import typer

from notes_analyzer.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands(group, prefix: str = "") -> list:
    out = []
    for name, command in group.commands.items():
        out.append((f"{prefix}{name}", command))
        if getattr(command, "commands", None):
            out.extend(_commands(command, f"{prefix}{name} "))
    return out


def test_every_command_has_help_and_a_readme_entry() -> None:
    commands = _commands(typer.main.get_command(app))
    names = {name for name, _ in commands}
    assert {"fetch", "analyze", "score", "collect", "report", "market", "market import", "market update"} <= names
    for name, command in commands:
        assert (command.help or "").strip(), f"{name} has no help text"
        assert f"notes-analyzer {name}" in README or f"`{name.split()[-1]}" in README, f"{name} not in README"


def test_importing_the_cli_loads_no_heavy_library() -> None:
    code = ("import sys, notes_analyzer.cli, notes_analyzer.api; "
            "print(sorted(m for m in ('torch', 'transformers', 'spacy', 'duckdb', 'sklearn') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_help_runs_without_error() -> None:
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0 and "analyze" in result.stdout and "score" in result.stdout


def test_every_option_of_the_user_commands_is_in_the_readme() -> None:
    """The CLI table and flag lists name every option (the fetch flags shared by fetch/analyze/collect too)."""
    commands = dict(_commands(typer.main.get_command(app)))
    fetch_flags = {"--allow-private", "--no-robots", "--no-cache"}
    for name in ("fetch", "analyze", "collect", "score", "report", "disagreements"):
        options = {opt for param in commands[name].params for opt in getattr(param, "opts", ())
                   if opt.startswith("--")}
        if name in ("fetch", "analyze", "collect"):
            assert fetch_flags <= options, f"{name} lacks the shared fetch flags"
        for option in options - {"--help"}:
            assert f"`{option}" in README or f"{option} " in README or f"[{option}" in README, \
                f"{name} {option} is not documented in README.md"
