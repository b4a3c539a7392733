"""The three uses end to end: ``analyze`` one note, ``score`` a folder (resumable, forecast ledger)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from notes_analyzer.cli import app
from notes_analyzer.records import NoteReport, from_dict, from_json

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus" / "notes"
AS_OF = "2026-11-24"


@pytest.fixture
def store(writable_store: Path) -> Path:
    return writable_store


def _run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_analyze_json_report_of_a_corpus_note(store: Path) -> None:
    result = _run("analyze", str(CORPUS / "2025-12-12-meridian-third-cut.html"), "--store", str(store),
                  "--as-of", AS_OF, "--json")
    assert result.exit_code == 0, result.output
    report = from_json(NoteReport, result.stdout)
    assert report.note.title == "The Third Cut Is the Quiet One"
    assert report.note.published.date().isoformat() == "2025-12-12"
    labels = {v.claim_id: v.label for v in report.verdicts}
    assert len(labels) == len(report.analysis.claims) > 0
    ranges = [c for c in report.analysis.claims if c.kind == "range"]
    assert ranges and labels[ranges[0].id] == "supported"  # 3.50%-3.75% after the December cut
    assert all(v.evidence is not None for v in report.verdicts if v.label in ("supported", "contradicted"))
    assert report.support.total == len(report.analysis.claims)
    assert 0 <= report.support.score <= 1 and report.support.checkable > 0
    assert report.analysis.catalysts and report.analysis.sentences


def test_analyze_terminal_report_shows_contradicted_first(store: Path) -> None:
    result = _run("analyze", str(CORPUS / "2025-12-19-tape-weekly-wrap.txt"), "--store", str(store), "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "The Tape Weekly: Quad Witching and a Quiet Fade" in out and "support" in out
    assert "contradicted" in out
    first_verdict_row = next(line for line in out.splitlines()
                             if any(w in line for w in ("contradicted", "imprecise", "supported", "unverifiable")))
    assert "contradicted" in first_verdict_row


@pytest.mark.parametrize("args, message", [
    (["analyze", "no/such/note.html"], "no such file"),
    (["analyze", "https://127.0.0.1:9/x.html"], "refused"),
])
def test_analyze_bad_input_is_one_line_exit_1(store: Path, args: list[str], message: str) -> None:
    result = _run(*args, "--store", str(store))
    assert result.exit_code == 1
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_analyze_without_a_store_says_how_to_make_one(tmp_path: Path) -> None:
    result = _run("analyze", str(CORPUS / "2025-12-19-tape-weekly-wrap.txt"), "--store", str(tmp_path / "none.duckdb"))
    assert result.exit_code == 1
    assert "market import" in result.stderr


def _lines(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]


def test_score_corpus_resumes_rescoring_only_changes(store: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    shutil.copytree(CORPUS, notes)
    files = sorted(p for p in notes.rglob("*") if p.is_file())
    out = tmp_path / "out"
    first = _run("score", str(notes), "--out", str(out), "--store", str(store), "--as-of", AS_OF)
    assert first.exit_code == 0, first.output
    records = _lines(out)
    assert sorted(r["path"] for r in records) == sorted(str(p) for p in files)
    assert all(r["status"] == "ok" for r in records)
    csv_rows = (out / "summary.csv").read_text().splitlines()
    assert len(csv_rows) == len(files) + 1

    again = _run("score", str(notes), "--out", str(out), "--store", str(store), "--as-of", AS_OF)
    assert again.exit_code == 0 and f"0 scored, {len(files)} already scored" in again.stderr
    assert len(_lines(out)) == len(files)

    changed = files[0]
    changed.write_text(changed.read_text() + "\n\nThe VIX closed at 14.91 on 2025-12-19.\n")
    third = _run("score", str(notes), "--out", str(out), "--store", str(store), "--as-of", AS_OF)
    assert "1 scored" in third.stderr

    from notes_analyzer.market.store import open_store
    from notes_analyzer.results import load_reports

    with open_store(store, read_only=True) as opened:
        from datetime import date

        stored = load_reports(opened, date(2025, 12, 1), date(2026, 2, 1))
    assert len(stored) == len(files)


def test_forecast_ledger_decides_pending_forecasts_on_a_later_run(store: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    shutil.copy(CORPUS / "2025-12-19-tape-weekly-wrap.txt", notes)
    out = tmp_path / "out"
    assert _run("score", str(notes), "--out", str(out), "--store", str(store), "--as-of", "2025-12-20").exit_code == 0
    report = from_dict(NoteReport, _lines(out)[-1]["report"])
    pending = [v for v in report.verdicts if v.label == "pending" and v.checkable_after]
    assert pending, "the note forecasts the S&P 500's 2025 close"

    later = _run("score", str(notes), "--out", str(out), "--store", str(store), "--as-of", AS_OF)
    assert later.exit_code == 0
    updated = from_dict(NoteReport, _lines(out)[-1]["report"])
    decided = {v.claim_id: v for v in updated.verdicts}
    for verdict in pending:
        now = decided[verdict.claim_id]
        assert now.label != "pending" and now.decided_on.isoformat() == AS_OF

    from notes_analyzer.market.store import open_store

    with open_store(store, read_only=True) as opened:
        rows = opened.connection.execute(
            "SELECT verdict, decided_on FROM forecast_ledger WHERE decided_on IS NOT NULL").fetchall()
    assert len(rows) >= len(pending)


def test_analyze_an_intranet_url_with_the_shared_fetch_flags(store: Path, tmp_path: Path, monkeypatch) -> None:
    from ingest_server import Route, loopback_server

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    page = (REPO / "tests" / "fixtures" / "html" / "ainvest_smallcaps.html").read_bytes()
    with loopback_server() as server:
        server.routes["/note"] = Route(body=page)
        refused = _run("analyze", server.url("/note"), "--store", str(store))
        assert refused.exit_code == 1 and "--allow-private" in refused.stderr
        result = _run("analyze", server.url("/note"), "--store", str(store), "--allow-private", "--no-robots",
                      "--no-cache", "--json", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    report = from_json(NoteReport, result.stdout)
    assert report.note.url == server.url("/note") and report.analysis.claims


@pytest.mark.parametrize("args, words", [
    (["analyze", "note.html", "--bogus"], "No such option: --bogus"),
    (["score", "corpus/notes", "--workers", "many"], "Invalid value for '--workers'"),
    (["analyze"], "Missing argument"),
])
def test_usage_errors_show_the_usage_line_and_exit_64(args: list[str], words: str) -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "notes_analyzer", *args], capture_output=True, text=True,
                          cwd=REPO, timeout=60)
    assert done.returncode == 64, done.stderr
    assert done.stderr.startswith("Usage: ") and words in done.stderr and "internal error" not in done.stderr


def test_score_exit_codes_bad_notes_zero_strict_three_run_failure_one(store: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    shutil.copy(CORPUS / sorted(p.name for p in CORPUS.iterdir() if p.suffix == ".md")[0], notes / "good.md")
    (notes / "empty.txt").write_bytes(b"")
    ok = _run("score", str(notes), "--out", str(tmp_path / "out"), "--store", str(store), "--as-of", AS_OF)
    assert ok.exit_code == 0, ok.output
    assert "2 files: 1 scored, 0 already scored, 1 with error records (ingest 1)" in ok.stderr
    strict = _run("score", str(notes), "--out", str(tmp_path / "out"), "--store", str(store), "--strict")
    assert strict.exit_code == 3
    missing = _run("score", str(notes), "--store", str(tmp_path / "nowhere.duckdb"))
    assert missing.exit_code == 1 and "no market-data store" in missing.stderr
