"""``notes-analyzer report`` run in-process against a temp store of scored notes."""

from __future__ import annotations

import pytest
from report_factory import week3_desk
from typer.testing import CliRunner

from notes_analyzer.cli import app
from notes_analyzer.market.store import open_store
from notes_analyzer.results import save_report

runner = CliRunner()


@pytest.fixture
def store_path(tmp_path):
    path = tmp_path / "store.duckdb"
    this_week, earlier = week3_desk()
    with open_store(path) as store:
        for item in [*earlier, *this_week]:
            save_report(store, item)
    return path


def test_week_report_written(store_path, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["report", "--week", "2026-W03", "--store", str(store_path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    html, md = out / "weekly-2026-W03.html", out / "weekly-2026-W03.md"
    assert str(html) in result.stdout and str(md) in result.stdout
    text = md.read_text(encoding="utf-8")
    assert "**4** notes from **3** sources" in text
    assert "| Fed rate cuts | monetary | 3 | 0 | +3 |" in text  # previous week read from the store
    assert "The jobless rate will reach 5% by mid-January." in text  # forecast from last week's note
    assert text.count('data-chart="') == 0 and html.read_text(encoding="utf-8").count('data-chart="') == 5


def test_date_range_and_one_format(store_path, tmp_path):
    args = ["report", "--from", "2026-01-05", "--to", "2026-01-18", "--format", "md", "--store", str(store_path),
            "--out", str(tmp_path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    (written,) = tmp_path.glob("weekly-*")
    assert written.name == "weekly-2026-01-05_2026-01-18.md"
    assert "**6** notes from **3** sources" in written.read_text(encoding="utf-8")


def test_empty_week_says_so(store_path, tmp_path):
    result = runner.invoke(app, ["report", "--week", "2026-W30", "--store", str(store_path), "--out", str(tmp_path)])
    assert result.exit_code == 0
    assert "no notes were scored for 2026-W30" in result.stderr
    assert "No notes were scored for 2026-W30" in (tmp_path / "weekly-2026-W30.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--week", "2026-W3x"], "not an ISO week"),
        (["--week", "2026-W03", "--from", "2026-01-01"], "not both"),
        (["--from", "2026-01-01"], "--from and --to"),
        (["--from", "2026-01-01", "--to", "January 9"], "not a date"),
        (["--week", "2026-W03", "--format", "pdf"], "unknown report format"),
    ],
)
def test_bad_flags_are_one_line_errors(store_path, tmp_path, args, message):
    result = runner.invoke(app, ["report", *args, "--store", str(store_path), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_missing_store_is_an_error(tmp_path):
    result = runner.invoke(app, ["report", "--week", "2026-W03", "--store", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1 and "none.duckdb" in result.stderr
