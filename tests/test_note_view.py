"""The annotated note view (``analyze --html``, and ``report``'s note pages), on a real corpus note.

The note is read, analysed and checked by the real pipeline (one ``analyze --html --json`` run
against the market store of ../shared); its page is parsed here and driven in headless Chromium
(``chromium_pipe``: click, keyboard, print media, screenshot; the net log proves nothing is fetched).
A hostile note (script, event handlers, markup in every field) must render as text and run nothing.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
import shutil
import struct
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner

from notes_analyzer.cli import app
from notes_analyzer.market.queries import MarketQueries
from notes_analyzer.market.store import open_store
from notes_analyzer.records import (
    CatalystMention,
    Claim,
    Evidence,
    Note,
    NoteAnalysis,
    NoteReport,
    Observation,
    Quantity,
    Sentence,
    SentenceSentiment,
    Stance,
    SupportScore,
    Verdict,
    from_json,
)
from notes_analyzer.report.note_view import (
    LEGEND_ORDER,
    _claimed_mark,
    build_note_view,
    claim_anchor,
    render_note_html,
)

REPO = Path(__file__).resolve().parent.parent
NOTE = REPO / "corpus" / "notes" / "2025-12-12-meridian-third-cut.html"
AS_OF = "2026-01-20"
WEEK = "2025-W50"  # the note is dated 2025-12-12
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (apt-get install -y chromium)")


@pytest.fixture(scope="module")
def store_copy(market_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A writable copy of the session market store."""
    copy = tmp_path_factory.mktemp("view-store") / "market.duckdb"
    shutil.copy(market_store_path, copy)
    return copy


@pytest.fixture(scope="module")
def analyzed(store_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[NoteReport, Path]:
    """``analyze NOTE --html FILE --json``: the report (stdout) and the page (FILE)."""
    page = tmp_path_factory.mktemp("view") / "pages" / "third-cut.html"
    result = CliRunner().invoke(app, ["analyze", str(NOTE), "--store", str(store_copy), "--as-of", AS_OF,
                                      "--json", "--html", str(page)])
    assert result.exit_code == 0, result.output
    assert f"note view: {page}" in " ".join(result.stderr.split())
    return from_json(NoteReport, result.stdout), page


def _tree(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")


def _text(element) -> str:
    return " ".join(element.get_text().split())


def _claims_in_order(report: NoteReport) -> list[Claim]:
    return [c for _, c in sorted(enumerate(report.analysis.claims), key=lambda ic: (ic[1].sentence_index, ic[0]))]


# --------------------------------------------------------------------------- the page's content


def test_every_claim_is_highlighted_with_its_verdict(analyzed):
    report, page = analyzed
    tree = _tree(page)
    markers = tree.select("article a.claim")
    claims = _claims_in_order(report)
    labels = {v.claim_id: v.label for v in report.verdicts}
    assert len(markers) == len(claims) == 10  # 10: "the unemployment rate drifted up through the autumn" too
    for marker, claim in zip(markers, claims, strict=True):
        assert marker.get("data-verdict") == labels[claim.id]
        assert marker.get("href") == f"#{claim_anchor(claim.id)}"
        assert marker.get("aria-controls") == claim_anchor(claim.id) and marker.get("aria-expanded") == "false"
        assert marker.get("aria-label").startswith(f"Claim {marker.get('data-claim')}, ")
        span = marker.parent.find_previous_sibling()  # the highlighted words sit just before the markers
        assert marker.get("data-claim") in span.get("data-claims").split()
        assert _text(span) == " ".join(claim.text.split())
        assert f"v-{labels[claim.id]}" in span.get("class") or len(span.get("data-claims").split()) > 1
    verdicts = Counter(labels.values())
    assert verdicts["supported"] == 4 and verdicts["pending"] == 4 and verdicts["not_checkable"] == 1
    legend = {li.get("data-verdict"): int(li.get("data-count")) for li in tree.select("ul.legend li[data-verdict]")}
    assert list(legend) == list(LEGEND_ORDER)
    assert legend == {label: verdicts.get(label, 0) for label in LEGEND_ORDER}


def test_two_claims_on_one_sentence_share_a_banded_span(analyzed):
    report, page = analyzed
    shared = [s for s in _tree(page).select("article .span") if len(s.get("data-claims").split()) == 2]
    assert len(shared) == 1  # the 10-year forecast and the opinion on duration, one sentence
    assert "linear-gradient" in shared[0].get("style")
    kinds = {c.kind for c in _claims_in_order(report)[8:10]}
    assert kinds == {"forecast", "opinion"}


def test_the_text_is_the_notes_text_and_each_sentence_has_its_sentiment(analyzed):
    report, page = analyzed
    article = _tree(page).select("article")[0]
    for junk in article.select(".markers"):
        junk.decompose()
    assert _text(article) == " ".join(report.note.text.split())
    tree = _tree(page)
    for sentiment in report.analysis.sentiments:
        (marker,) = tree.select(f"#s-{sentiment.sentence_index} > .senti")
        assert sentiment.label in marker.get("class")
        assert marker.get("aria-label").startswith(f"Sentence {sentiment.sentence_index + 1}: {sentiment.label}")


def test_header_shows_support_and_coverage(analyzed):
    report, page = analyzed
    line = _text(_tree(page).select("#score")[0])
    support = report.support
    assert f"Support score {support.score * 100:.0f}%" in line
    assert f"coverage {support.coverage * 100:.0f}% ({support.checkable} of {support.total} claims" in line
    assert report.note.title in _text(_tree(page).select("h1")[0])


def test_evidence_sections_hold_the_audit_trail(analyzed):
    report, page = analyzed
    tree = _tree(page)
    verdicts = {v.claim_id: v for v in report.verdicts}
    for claim in _claims_in_order(report):
        verdict = verdicts[claim.id]
        (section,) = tree.select(f"section.evidence#{claim_anchor(claim.id)}")
        text = _text(section)
        assert " ".join(verdict.reason.split()) in text
        evidence = verdict.evidence
        if evidence and evidence.observations:
            assert evidence.computed_text in text and evidence.tolerance in text
            rows = section.select("table.obs tbody tr")
            assert [tuple(td.get_text() for td in r.select("td")[:2]) for r in rows] == [(o.series, o.date.isoformat())
                                                              for o in evidence.observations]
            (svg,) = section.select("figure svg")
            assert svg.get("role") == "img" and "observations used" in svg.get("aria-label")
        else:
            assert not section.select("svg")
    cpi = next(c for c in report.analysis.claims if c.metric == "inflation")
    caption = _text(tree.select(f"#{claim_anchor(cpi.id)} figcaption")[0])
    # the chart draws the store's series around the two observations used (2024-09 and 2025-09)
    start, end = re.search(r"CPIAUCSL from (\S+) to (\S+);", caption).groups()
    assert start < "2024-09-01" <= "2025-09-01" <= end and "red: claimed 3%" in caption


def test_catalysts_and_stances_link_to_their_sentences(analyzed):
    report, page = analyzed
    tree = _tree(page)
    sentence_ids = {f"s-{s.index}" for s in report.analysis.sentences}
    panels = {_text(h): h.parent for h in tree.select("aside h2")}
    catalysts = next(p for title, p in panels.items() if title.startswith("Catalysts"))
    stances = next(p for title, p in panels.items() if title.startswith("Stances"))
    linked = {a.get("href")[1:] for a in catalysts.select("a")}
    assert linked == {f"s-{m.sentence_index}" for m in report.analysis.catalysts} and linked <= sentence_ids
    stance_links = {a.get("href")[1:] for a in stances.select("a")}
    assert stance_links == {f"s-{i}" for s in report.analysis.stances for i in s.sentence_indices}
    assert len(stances.select("li")) == len(report.analysis.stances)


def test_page_is_self_contained_and_only_its_own_script_may_run(analyzed):
    _, page = analyzed
    tree = _tree(page)
    assert not tree.select("[src]") and not tree.select("link")
    assert not [a["href"] for a in tree.select("[href]") if not a["href"].startswith("#")]  # the note has no URL
    (script,) = tree.select("script")
    digest = base64.b64encode(hashlib.sha256(script.string.encode("utf-8")).digest()).decode()
    csp = tree.select_one("meta[http-equiv='Content-Security-Policy']")["content"]
    assert "default-src 'none'" in csp and f"script-src 'sha256-{digest}'" in csp


def test_claimed_figures_are_marked_in_the_series_units(analyzed):
    report, _ = analyzed
    verdicts = {v.claim_id: v for v in report.verdicts}
    by_metric = {c.metric: c for c in report.analysis.claims if c.kind != "forecast"}
    cpi = by_metric["inflation"]
    mark = _claimed_mark(cpi, verdicts[cpi.id].evidence, sorted(verdicts[cpi.id].evidence.observations,
                                                                key=lambda o: o.date))
    assert mark.kind == "point" and mark.day == date(2025, 9, 1)
    assert mark.value == pytest.approx(314.732 * 1.03)  # 3% a year on the September 2024 index
    yield_claim = by_metric["yield"]
    mark = _claimed_mark(yield_claim, verdicts[yield_claim.id].evidence, verdicts[yield_claim.id].evidence.observations)
    assert (mark.kind, mark.value) == ("level", 4.14)
    target = by_metric["target_range"]
    mark = _claimed_mark(target, verdicts[target.id].evidence, verdicts[target.id].evidence.observations)
    assert (mark.kind, mark.value, mark.upper) == ("band", 3.5, 3.75)


def test_a_return_claim_marks_the_level_it_implies(market_store):
    """'down 3%' on the Russell 2000: the claimed level is 3% below the base close, on the last day."""
    base = Observation(series="RUT", date=date(2025, 12, 31), value=2481.91)
    final = Observation(series="RUT", date=date(2026, 1, 13), value=2633.11)
    claim = Claim(id="c", sentence_index=0, text="The Russell 2000 fell 3% this year.", kind="return",
                  values=(Quantity(value=3.0, unit="percent", text="3%"),), direction="down")
    evidence = Evidence(sentence="RUT rose 6.1%", series=("RUT",), observations=(base, final),
                        computed=(final.value / base.value - 1) * 100, computed_text="+6.1%")
    mark = _claimed_mark(claim, evidence, (base, final))
    assert mark.kind == "point" and mark.day == final.date and mark.value == pytest.approx(2481.91 * 0.97)
    report = _report_of(claim, Verdict(claim_id="c", label="contradicted", reason="RUT rose 6.1%", evidence=evidence),
                        text=claim.text)
    (view,) = build_note_view(report, MarketQueries(market_store)).claims
    assert "RUT from 2025-12-" in view.chart_caption and "red: claimed 3%" in view.chart_caption
    assert view.chart.count("<path") > 20


# --------------------------------------------------------------------------- hostile notes

PAYLOAD = '<script>document.title="PWNED"</script><img src=x onerror="document.body.dataset.pwned=1">'


def _report_of(claim: Claim, verdict: Verdict, *, text: str, **note_fields: object) -> NoteReport:
    sentence = Sentence(index=0, text=text, start=0, end=len(text))
    note = Note(id="n-1", text=text, published=datetime(2026, 1, 14, tzinfo=UTC), **note_fields)
    analysis = NoteAnalysis(note_id=note.id, sentences=(sentence,), claims=(claim,),
                            sentiments=(SentenceSentiment(sentence_index=0, label="negative", probability=0.9),))
    return NoteReport(note=note, analysis=analysis, verdicts=(verdict,),
                      support=SupportScore(score=0.0, coverage=1.0, checkable=1, total=1,
                                           counts={"contradicted": 1}))


def hostile_report() -> NoteReport:
    """Markup and script in every field a note or its analysis can carry."""
    first = f"The S&P 500 fell 3% {PAYLOAD} this week."
    second = 'Analysts say </p></article><script>alert(1)</script> "rates" & <b onclick="x()">more</b>.'
    text = f"{first}\n\n{second}"
    sentences = (Sentence(index=0, text=first, start=0, end=len(first), paragraph=0),
                 Sentence(index=1, text=second, start=len(first) + 2, end=len(text), paragraph=1))
    claim = Claim(id='x:"c1"<>', sentence_index=0, text=first, kind="return",
                  values=(Quantity(value=3.0, unit="percent", text=f"3% {PAYLOAD}"),), direction="down")
    obs = (Observation(series="SPX", date=date(2026, 1, 9), value=6966.28),
           Observation(series=PAYLOAD, date=date(2026, 1, 12), value=6970.0),  # a second line: a legend
           Observation(series="SPX", date=date(2026, 1, 13), value=6963.74))
    evidence = Evidence(sentence=f"SPX was flat {PAYLOAD}", series=("SPX", PAYLOAD), observations=obs,
                        computed=(6963.74 / 6966.28 - 1) * 100, computed_text=f"-0.04% {PAYLOAD}",
                        tolerance=PAYLOAD, proxy=PAYLOAD)
    verdict = Verdict(claim_id=claim.id, label="contradicted", reason=f"wrong {PAYLOAD}", evidence=evidence)
    note = Note(id="hostile<1>", text=text, title=f"</title>{PAYLOAD}", source=PAYLOAD, authors=(PAYLOAD,),
                url="javascript:alert(1)", published=datetime(2026, 1, 14, tzinfo=UTC))
    analysis = NoteAnalysis(
        note_id=note.id, sentences=sentences, claims=(claim,),
        sentiments=(SentenceSentiment(sentence_index=0, label="negative", probability=0.9),),
        stances=(Stance(target=PAYLOAD, label="bearish", score=-0.5, mentions=1, sentence_indices=(1,)),),
        catalysts=(CatalystMention(catalyst="tariffs", group=PAYLOAD, name=PAYLOAD, sentence_index=1,
                                   evidence=second, direction="headwind"),),
        warnings=(PAYLOAD,),
    )
    return NoteReport(note=note, analysis=analysis, verdicts=(verdict,),
                      support=SupportScore(score=0.0, coverage=1.0, checkable=1, total=1, counts={"contradicted": 1}))


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    page = tmp_path_factory.mktemp("hostile") / "hostile.html"
    page.write_text(render_note_html(hostile_report()), encoding="utf-8")
    return page


def test_hostile_note_is_escaped(hostile_page):
    tree = _tree(hostile_page)
    assert len(tree.select("script")) == 1 and not tree.select("img, b")
    assert not tree.select("[onerror], [onclick]")
    assert not [a["href"] for a in tree.select("[href]") if a["href"].lower().startswith("javascript")]
    article = _text(tree.select("article")[0])
    assert PAYLOAD in article and "</p></article><script>alert(1)</script>" in article
    assert tree.title.get_text().startswith(f"</title>{PAYLOAD}")
    assert len(tree.select("article a.claim")) == 1
    (svg,) = tree.select("section.evidence svg")  # its legend names the hostile series and claimed figure
    assert svg.select("path") and PAYLOAD in svg["aria-label"]


def test_a_report_without_sentences_lists_its_claims_below_the_text():
    """A stored report whose sentences are gone still shows its text and every claim with its evidence."""
    from report_factory import week3_desk

    report = next(r for r in week3_desk()[0] if r.note.id == "harbor-1")
    tree = BeautifulSoup(render_note_html(report), "lxml")
    assert _text(tree.select("article")[0]) == report.note.text
    assert [a["data-verdict"] for a in tree.select("a.claim")] == [v.label for v in report.verdicts]
    assert tree.select("#unplaced") and len(tree.select("section.evidence")) == len(report.verdicts)


def test_charts_drawn_in_worker_processes_are_the_charts_drawn_here(analyzed, market_store, monkeypatch):
    from notes_analyzer.report import evidence_chart as charts
    from notes_analyzer.report.note_view import chart_spec

    report, _ = analyzed
    verdicts = {v.claim_id: v for v in report.verdicts}
    queries = MarketQueries(market_store)
    specs = [spec for c in report.analysis.claims if (spec := chart_spec(c, verdicts[c.id], queries)[0])]
    assert len(specs) == 3
    monkeypatch.setattr(charts, "PARALLEL_FROM", 2)
    pooled = charts.draw_charts(specs, workers=2)
    here = charts.draw_charts(specs, workers=1)
    assert pooled == here and all(svg and svg.startswith("<svg") for svg in pooled.values())


def test_html_flag_refuses_a_folder_before_loading_anything(tmp_path):
    result = CliRunner().invoke(app, ["analyze", str(NOTE), "--html", str(tmp_path)])
    assert result.exit_code == 1
    assert "is a folder" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_an_unwritable_page_is_a_clear_error(tmp_path):
    from notes_analyzer.errors import ConfigError
    from notes_analyzer.report.note_view import write_note_html

    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    with pytest.raises(ConfigError, match="cannot write the note view"):
        write_note_html(hostile_report(), blocker / "page.html")


# --------------------------------------------------------------------------- report: one page per note


def test_report_writes_a_page_per_note_linked_from_the_claim_tables(analyzed, store_copy, tmp_path):
    report, _ = analyzed
    contradicted = next(v for v in report.verdicts if v.label == "supported")
    # one contradicted claim, so the weekly report's "most contradicted" table lists this note
    flipped = tuple(v if v is not contradicted else Verdict(
        claim_id=v.claim_id, label="contradicted", reason="contradicted (test)", evidence=v.evidence)
        for v in report.verdicts)
    from dataclasses import replace

    from notes_analyzer.results import save_report

    with open_store(store_copy) as store:
        save_report(store, replace(report, verdicts=flipped))
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["report", "--week", WEEK, "--store", str(store_copy), "--out", str(out)])
    assert result.exit_code == 0, result.output
    (page,) = (out / "notes").glob("note-*.html")
    weekly = _tree(out / f"weekly-{WEEK}.html")
    anchor = claim_anchor(contradicted.claim_id)
    links = {a.get("href") for a in weekly.select("#contradicted ~ table a")}
    assert f"notes/{page.name}#{anchor}" in links and f"notes/{page.name}" in links
    assert f"(notes/{page.name}#{anchor})" in (out / f"weekly-{WEEK}.md").read_text(encoding="utf-8")
    tree = _tree(page)
    assert tree.select(f"section.evidence#{anchor}")
    assert tree.select("p.back a")[0].get("href") == f"../weekly-{WEEK}.html"
    assert len(tree.select("article a.claim")) == len(report.analysis.claims)
    assert tree.select(f"#{anchor} svg")  # the chart drew the store's series in the report too


def test_a_page_that_fails_costs_only_its_own_link(tmp_path, monkeypatch, caplog):
    from report_factory import week3_desk

    from notes_analyzer.report import note_view

    reports = week3_desk()[0]
    real = note_view.render_note_html

    def failing(report: NoteReport, *args, **kwargs) -> str:
        if report.note.id == "harbor-2":
            raise ValueError("a bug in one note's page")
        return real(report, *args, **kwargs)

    monkeypatch.setattr(note_view, "render_note_html", failing)
    monkeypatch.setattr(logging.getLogger("notes_analyzer"), "propagate", True)  # a CLI run above turned it off
    pages = note_view.write_note_pages(reports, tmp_path)
    assert set(pages) == {r.note.id for r in reports} - {"harbor-2"}
    assert all((tmp_path / page).is_file() for page in pages.values())
    assert "harbor-2 could not be written (ValueError: a bug in one note's page)" in caplog.text


# --------------------------------------------------------------------------- in the browser


@needs_chromium
def test_page_in_chromium_click_keyboard_print_and_no_network(analyzed, tmp_path):
    from chromium_pipe import Browser
    from test_report_chromium import _page_requests

    report, page = analyzed
    claims = _claims_in_order(report)
    labels = {v.claim_id: v.label for v in report.verdicts}
    with Browser(tmp_path, "view") as browser:
        browser.open(page)
        rendered = browser.js("[...document.querySelectorAll('article a.claim')].map(a => a.dataset.verdict)")
        assert rendered == [labels[c.id] for c in claims]
        assert browser.js("document.querySelectorAll('.evidence.open').length") == 0
        assert browser.js("getComputedStyle(document.querySelector('.evidence')).display") == "none"

        cpi = next(n for n, c in enumerate(claims, 1) if c.metric == "inflation")
        browser.click(f'a.claim[data-claim="{cpi}"]')
        shown = browser.js("[...document.querySelectorAll('.evidence')].filter(e => e.offsetParent !== null)"
                           ".map(e => e.dataset.claim)")
        assert shown == [str(cpi)]
        chart = browser.js(f"(() => {{ const s = document.querySelector('.evidence[data-claim=\"{cpi}\"] svg');"
                           " const r = s.getBoundingClientRect(); return [r.width, r.height]; })()")
        assert chart[0] > 200 and chart[1] > 80  # the chart is laid out, not just in the DOM
        assert browser.js(f"document.querySelector('a.claim[data-claim=\"{cpi}\"]').getAttribute('aria-expanded')"
                          ) == "true"
        assert browser.js("[...document.querySelectorAll('.span.active')].map(s => s.dataset.claims)") == [str(cpi)]
        browser.screenshot(tmp_path / "note-view.png")

        browser.click('.span[data-claims="1"]')  # the highlighted words open their claim too
        assert browser.js("[...document.querySelectorAll('.evidence.open')].map(e => e.dataset.claim)") == ["1"]

        browser.press("Tab")  # from claim 1's words: the next claim marker
        assert browser.js("document.activeElement.dataset.claim") == "1"
        browser.press("Tab")
        assert browser.js("document.activeElement.dataset.claim") == "2"
        assert browser.js("[...document.querySelectorAll('.evidence.open')].map(e => e.dataset.claim)") == ["2"]
        browser.press("Enter")  # opens it and takes focus to the evidence
        assert browser.js("document.activeElement.dataset.claim + ' ' + document.activeElement.tagName") == "2 SECTION"
        browser.press("Escape")
        assert browser.js("document.activeElement.dataset.claim + ' ' + document.activeElement.className") == \
            "2 claim supported"
        assert browser.js("document.querySelectorAll('.evidence.open').length") == 0

        browser.call("Emulation.setEmulatedMedia", {"media": "print"})
        printed = browser.js("[...document.querySelectorAll('.evidence')].filter(e => getComputedStyle(e).display"
                             " !== 'none').length")
        assert printed == len(claims)  # on paper every claim's evidence follows the text
        assert browser.js("getComputedStyle(document.getElementById('evidence')).position") == "static"
        pdf = base64.b64decode(browser.call("Page.printToPDF", {"printBackground": True})["data"])
        assert pdf.startswith(b"%PDF-") and len(pdf) > 50_000
    shot = (tmp_path / "note-view.png").read_bytes()
    assert shot[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", shot[16:24]) == (1280, 1000)
    assert len(shot) > 50_000
    assert _page_requests(tmp_path / "view.netlog.json") == []


@needs_chromium
def test_weekly_link_opens_the_claim_on_its_page(analyzed, tmp_path):
    from chromium_pipe import Browser

    report, page = analyzed
    claim = _claims_in_order(report)[3]
    with Browser(tmp_path, "link") as browser:
        browser.call("Page.navigate", {"url": f"{page.resolve().as_uri()}#{claim_anchor(claim.id)}"})
        browser.wait_for("Page.loadEventFired")
        assert browser.js("[...document.querySelectorAll('.evidence.open')].map(e => e.dataset.claim)") == ["4"]


@needs_chromium
def test_hostile_note_runs_nothing_in_chromium(hostile_page, tmp_path):
    from chromium_pipe import Browser
    from test_report_chromium import _page_requests

    with Browser(tmp_path, "hostile") as browser:
        browser.open(hostile_page)
        assert browser.js("document.title").startswith(f"</title>{PAYLOAD}")
        assert browser.js("document.body.dataset.pwned") is None
        assert browser.js("document.querySelectorAll('img, b').length") == 0
        assert PAYLOAD in browser.js("document.querySelector('article').textContent")
        browser.click("article a.claim")
        assert PAYLOAD in browser.js("document.querySelector('.evidence.open').textContent")
        assert browser.js("document.body.dataset.pwned") is None and browser.js("document.title") != "PWNED"
        browser.screenshot(tmp_path / "hostile.png")
    assert _page_requests(tmp_path / "hostile.netlog.json") == []


@needs_chromium
def test_the_injection_check_sees_a_page_that_runs_the_payload(tmp_path):
    """Control: the same payload written unescaped does run, and the checks above would see it."""
    from chromium_pipe import Browser

    page = tmp_path / "raw.html"
    page.write_text(f"<html><head><title>t</title></head><body>{PAYLOAD}</body></html>", encoding="utf-8")
    with Browser(tmp_path, "raw") as browser:
        browser.open(page)
        assert browser.js("document.title") == "PWNED"
        assert browser.js("document.body.dataset.pwned") == "1"
