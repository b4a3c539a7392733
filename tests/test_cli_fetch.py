"""``notes-analyzer fetch`` on files and a loopback URL; errors are one line, exit 1, no traceback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ingest_server import LoopbackServer, Route, loopback_server
from typer.testing import CliRunner

from notes_analyzer.cli import app

FIXTURES = Path(__file__).parent / "fixtures" / "html"
runner = CliRunner()


@pytest.fixture
def server() -> LoopbackServer:
    with loopback_server() as srv:
        yield srv


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def test_fetch_file_prints_the_note() -> None:
    result = runner.invoke(app, ["fetch", str(FIXTURES / "ainvest_smallcaps.html")])
    assert result.exit_code == 0, result.output
    assert "Small Caps Open 2026 With a Rotation Built to Last" in result.output
    assert "Marcus Ellery" in result.output and "2026-01-14" in result.output and "AInvest" in result.output
    assert "words" in result.output and "The first two weeks of January" in result.output


def test_fetch_json_is_a_note(tmp_path: Path) -> None:
    result = runner.invoke(app, ["fetch", str(FIXTURES / "marketnotes_meta_only.html"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["authors"] == ["Priya Raman"] and data["format"] == "html"
    assert data["text"] == "\n\n".join(data["paragraphs"])


def test_fetch_markdown_text_and_pdf_files(tmp_path: Path) -> None:
    from test_ingest_files import make_pdf

    (tmp_path / "n.md").write_text(
        "# Gold\n\nGold rose 2% this week as the dollar slipped and real yields fell "
        "for a third week in a row, the longest run since the summer.\n",
        encoding="utf-8",
    )
    (tmp_path / "n.txt").write_text(
        "Silver rose 3% this week as solar demand held up and mine supply "
        "stayed tight across Latin America for the fourth month running.\n",
        encoding="utf-8",
    )
    make_pdf(tmp_path / "n.pdf")
    for name, needle in (("n.md", "Gold rose 2%"), ("n.txt", "Silver rose 3%"), ("n.pdf", "Small caps have opened")):
        result = runner.invoke(app, ["fetch", str(tmp_path / name), "--json"])
        assert result.exit_code == 0, result.output
        assert needle in json.loads(result.stdout)["text"]


def test_fetch_url_from_loopback(server: LoopbackServer) -> None:
    server.routes["/note"] = Route(body=(FIXTURES / "ainvest_divs.html").read_bytes())
    result = runner.invoke(app, ["fetch", server.url("/note"), "--allow-private", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["authors"] == ["Dana Whitfield", "Owen Park"]
    again = runner.invoke(app, ["fetch", server.url("/note"), "--allow-private"])
    assert again.exit_code == 0 and server.hits["/note"] == 1  # second run served from the cache


def test_fetch_flags_reach_the_fetcher(server: LoopbackServer) -> None:
    server.routes["/robots.txt"] = Route(body=b"User-agent: *\nDisallow: /\n", headers={"Content-Type": "text/plain"})
    server.routes["/note"] = Route(body=(FIXTURES / "ainvest_divs.html").read_bytes())
    refused = runner.invoke(app, ["fetch", server.url("/note")])
    assert refused.exit_code == 1 and "non-public address" in refused.stderr
    blocked = runner.invoke(app, ["fetch", server.url("/note"), "--allow-private"])
    assert blocked.exit_code == 1 and "robots.txt" in blocked.stderr
    allowed = runner.invoke(app, ["fetch", server.url("/note"), "--allow-private", "--no-robots", "--no-cache"])
    assert allowed.exit_code == 0, allowed.output


def test_fetch_bad_file_raises_package_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.html"
    junk.write_bytes(bytes(range(256)) * 10)
    result = runner.invoke(app, ["fetch", str(junk)])
    assert result.exit_code == 1 and "junk.html" in result.stderr and "binary" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def _console_script() -> list[str]:
    script = shutil.which("notes-analyzer", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "notes_analyzer"]


@pytest.mark.parametrize(
    "make_source, reason",
    [
        (lambda srv, tmp: srv.url("/gone"), "HTTP 404"),
        (lambda srv, tmp: srv.url("/slow"), "timed out"),
        (lambda srv, tmp: str(tmp / "missing.html"), "no such file"),
        (lambda srv, tmp: str(tmp / "[bold]missing.html"), "no such file"),  # printed as is, not as markup
        (lambda srv, tmp: str(tmp / "bad.pdf"), "unreadable PDF"),
    ],
)
def test_console_script_error_is_one_line_without_traceback(
    server: LoopbackServer, tmp_path: Path, make_source, reason: str
) -> None:
    server.routes["/slow"] = Route(body=b"<p>late</p>", delay=3.0)
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4 not really")
    config = tmp_path / "config.toml"
    config.write_text("[fetch]\nread_timeout = 0.3\nretries = 0\n", encoding="utf-8")
    source = make_source(server, tmp_path)
    env = {**os.environ, "NOTES_ANALYZER_CONFIG": str(config), "XDG_CACHE_HOME": str(tmp_path / "c")}
    proc = subprocess.run(
        [*_console_script(), "fetch", source, "--allow-private"], capture_output=True, text=True, env=env, timeout=60
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and source in lines[0] and reason in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr
