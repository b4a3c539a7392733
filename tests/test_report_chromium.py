"""The HTML report in headless Chromium: it renders, its charts are in the DOM, it fetches nothing.

Needs Debian's ``chromium`` (``apt-get install -y chromium``); skipped, saying so, without it.
Chromium's own background requests (update checks …) are told apart from the page's by the
net log: a request made by the page carries the page's ``file://`` network isolation key.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from report_factory import week3_desk

from notes_analyzer.report.weekly import build_weekly, write_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (apt-get install -y chromium)")

TIMEOUT_S = 120
WINDOW = (1280, 2000)
MIN_PNG_BYTES = 20_000
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", '--host-resolver-rules=MAP * ~NOTFOUND',
]


def _chromium(tmp: Path, name: str, page: Path, *extra: str) -> subprocess.CompletedProcess:
    profile = tmp / f"profile-{name}"
    args = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--log-net-log={tmp / f'{name}.netlog.json'}",
            *extra, page.resolve().as_uri()]
    return subprocess.run(args, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)


def _page_requests(netlog: Path) -> list[str]:
    """URLs the page (not the browser) asked for, other than file: and data: ones."""
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    urls = []
    for event in log["events"]:
        params = event.get("params", {})
        if event["type"] == start_job and params.get("network_isolation_key", "").startswith("file://"):
            if not params["url"].startswith(("file:", "data:")):
                urls.append(params["url"])
    return urls


@pytest.fixture(scope="module")
def report_html(tmp_path_factory) -> Path:
    this_week, earlier = week3_desk()
    out = tmp_path_factory.mktemp("report")
    html, _ = write_report(build_weekly(this_week, earlier, "2026-W03"), out)
    return html


def test_renders_with_charts_and_no_network(report_html, tmp_path):
    done = _chromium(tmp_path, "dom", report_html, "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert "Weekly notes report — 2026-W03" in dom
    charts = re.findall(r'<svg[^>]*data-chart="(\w+)"', dom)
    assert sorted(charts) == ["catalysts", "histogram", "sources", "stances", "track"]
    assert dom.count("<path") > 100  # the charts' bars, axes and glyphs are drawn
    assert _page_requests(tmp_path / "dom.netlog.json") == []


def test_screenshot_is_a_real_picture(report_html, tmp_path):
    shot = tmp_path / "report.png"
    done = _chromium(tmp_path, "shot", report_html, f"--screenshot={shot}", f"--window-size={WINDOW[0]},{WINDOW[1]}")
    assert done.returncode == 0, done.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == WINDOW
    assert len(data) > MIN_PNG_BYTES  # a blank page compresses to a few kB
    assert _page_requests(tmp_path / "shot.netlog.json") == []


def test_the_network_check_sees_a_page_that_fetches(tmp_path):
    """Control: the net-log check does catch a page that loads a remote image and stylesheet."""
    page = tmp_path / "fetching.html"
    page.write_text('<img src="https://example.org/x.png"><link rel="stylesheet" href="http://example.net/a.css">')
    _chromium(tmp_path, "control", page, "--dump-dom")
    assert sorted(_page_requests(tmp_path / "control.netlog.json")) == [
        "http://example.net/a.css", "https://example.org/x.png"
    ]
