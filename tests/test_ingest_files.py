"""load_note on files (HTML, PDF, Markdown, text, saved JSON) and the folder loader."""

from __future__ import annotations

from pathlib import Path

import pytest

from notes_analyzer.errors import ExtractError, NotesAnalyzerError
from notes_analyzer.ingest import iter_folder, load_note
from notes_analyzer.ingest.extract import note_from_pdf, pdf_paragraphs
from notes_analyzer.records import Note, to_json

FIXTURES = Path(__file__).parent / "fixtures" / "html"
PDF_PARAGRAPHS = [
    "Small caps have opened the year with their best two weeks since 2013, and breadth inside the index "
    "has widened day after day as managers add to industrials and regional banks.",
    "We expect small-cap earnings to grow faster than those of the S&P 500 in 2026, helped by lower "
    "borrowing costs and by the return of full expensing for new equipment.",
    "The main risk is a return of recession fears, which would hit the most indebted companies first.",
]


def make_pdf(path: Path, paragraphs: list[str] = PDF_PARAGRAPHS) -> Path:
    """A two-page PDF note written with fpdf2 (title and author in its document info)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title("Small caps: the rotation has legs")
    pdf.set_author("Marcus Ellery")
    pdf.set_font("Helvetica", size=11)
    for i, paragraph in enumerate(paragraphs):
        if i in (0, 2):
            pdf.add_page()
        pdf.multi_cell(0, 6, paragraph)
        pdf.ln(6)
    pdf.output(str(path))
    return path


def test_pdf_file(tmp_path: Path) -> None:
    note = load_note(make_pdf(tmp_path / "note.pdf"))
    assert note.format == "pdf" and note.title == "Small caps: the rotation has legs"
    assert note.authors == ("Marcus Ellery",) and note.published is not None
    assert list(note.paragraphs) == PDF_PARAGRAPHS  # wrapped lines re-joined, one paragraph each
    assert note.path == str(tmp_path / "note.pdf")


def test_pdf_source_from_subject_else_the_first_page_letterhead(tmp_path: Path) -> None:
    from fpdf import FPDF

    def write(name: str, subject: str | None, header: str, author: str | None) -> Path:
        pdf = FPDF()
        pdf.set_title("Rates outlook")
        if subject:
            pdf.set_subject(subject)
        if author:
            pdf.set_author(author)
        pdf.set_font("Helvetica", size=11)
        pdf.add_page()
        pdf.cell(0, 6, header, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        for paragraph in PDF_PARAGRAPHS:
            pdf.multi_cell(0, 6, paragraph)
            pdf.ln(6)
        pdf.output(str(tmp_path / name))
        return tmp_path / name

    subject = load_note(write("a.pdf", "Meridian Macro Letter", "Weekly note", "Ana Ruiz"))
    assert subject.source == "Meridian Macro Letter"
    lettered = load_note(write("b.pdf", None, "HARBOR STREET RESEARCH  |  January 14, 2026", None))
    assert lettered.source == "Harbor Street Research"
    described = load_note(write("c.pdf", "A long description of what this quarterly note is about and why",
                                "Source: Copperline Capital Notes", "Ben Ode"))
    assert described.source == "Copperline Capital Notes" and described.authors == ("Ben Ode",)


def test_pdf_paragraphs_join_hyphenated_lines() -> None:
    text = (
        "The index rose in a broad-\nbased rally that lifted every\nsector.\n"
        "A new paragraph starts here and goes on\nto end."
    )
    assert pdf_paragraphs(text) == [
        "The index rose in a broadbased rally that lifted every sector.",
        "A new paragraph starts here and goes on to end.",
    ]


def test_unreadable_pdf_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage")
    with pytest.raises(ExtractError, match=r"bad.pdf: unreadable PDF"):
        load_note(bad)
    truncated = tmp_path / "cut.pdf"
    truncated.write_bytes(make_pdf(tmp_path / "full.pdf").read_bytes()[:300])
    with pytest.raises(ExtractError, match=r"cut.pdf: (unreadable PDF|PDF has no extractable text)"):
        note_from_pdf(truncated)


def test_markdown_file_with_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(
        "---\ntitle: Rates weekly\nauthor: Priya Raman and Owen Park\ndate: 2026-01-16\n---\n"
        "# Rates weekly\n\nThe curve steepened to 68 basis points, its widest since "
        "[early 2022](https://example.com/curve), as traders pushed back the next cut.\n\n"
        "* Two-year yields fell to **3.61%** on Friday after the data.\n"
        "* Ten-year yields held near 4.29% as supply loomed.\n",
        encoding="utf-8",
    )
    note = load_note(path)
    assert note.title == "Rates weekly" and note.authors == ("Priya Raman", "Owen Park")
    assert note.published.date().isoformat() == "2026-01-16" and note.format == "markdown"
    assert "its widest since early 2022, as traders pushed back the next cut." in note.text
    assert "https://" not in note.text and "Two-year yields fell to 3.61% on Friday after the data." in note.paragraphs


def test_text_file_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text(
        "Gold rose 2% on the week as the dollar\nslipped against the yen.\n\n"
        "Silver followed, gaining 3.4% as industrial demand from solar makers held up well.\n",
        encoding="utf-8",
    )
    note = load_note(path)
    assert note.paragraphs == (
        "Gold rose 2% on the week as the dollar slipped against the yen.",
        "Silver followed, gaining 3.4% as industrial demand from solar makers held up well.",
    )
    assert note.text == "\n\n".join(note.paragraphs) and note.format == "text"


def test_seed_note_text_reads(seed_text: str, tmp_path: Path) -> None:
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    note = load_note(path)
    assert note.word_count > 1000 and "strongest start to a year in over a decade" in note.text


def test_saved_note_json_round_trips(tmp_path: Path) -> None:
    note = load_note(FIXTURES / "ainvest_smallcaps.html")
    path = tmp_path / "note.json"
    path.write_text(to_json(note), encoding="utf-8")
    assert load_note(path) == note
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(ExtractError, match=r"broken.json: not a saved Note JSON"):
        load_note(broken)


def test_note_id_is_stable_content_hash() -> None:
    a = load_note(FIXTURES / "ainvest_smallcaps.html")
    b = load_note(FIXTURES / "ainvest_smallcaps.html")
    c = load_note(FIXTURES / "ainvest_divs.html")
    assert a.id == b.id and a.id == a.content_hash[:16] and len(a.content_hash) == 64 and a.id != c.id


def test_binary_junk_html_file(tmp_path: Path) -> None:
    junk = tmp_path / "junk.html"
    junk.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(ExtractError, match=r"junk.html: is not HTML \(binary content\)"):
        load_note(junk)


@pytest.mark.parametrize(
    "name, message",
    [
        ("missing.html", "no such file"),
        ("note.docx", "unsupported file type '.docx'"),
    ],
)
def test_bad_files(tmp_path: Path, name: str, message: str) -> None:
    if name.endswith(".docx"):
        (tmp_path / name).write_bytes(b"PK\x03\x04")
    with pytest.raises(ExtractError, match=rf"{name}: {message}"):
        load_note(tmp_path / name)


def test_folder_given_as_a_file(tmp_path: Path) -> None:
    with pytest.raises(ExtractError, match=r": is a folder, not a file"):
        load_note(tmp_path)


def test_text_served_as_html_file(tmp_path: Path) -> None:
    path = tmp_path / "plain.html"
    path.write_text("Just a sentence, no markup at all.", encoding="utf-8")
    with pytest.raises(ExtractError, match=r"plain.html: (is not HTML|no main text)"):
        load_note(path)


def test_empty_text_and_html_files(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "empty.html").write_bytes(b"")
    with pytest.raises(ExtractError, match=r"empty.txt: empty file"):
        load_note(tmp_path / "empty.txt")
    with pytest.raises(ExtractError, match=r"empty.html: empty page"):
        load_note(tmp_path / "empty.html")


def test_iter_folder_accounts_for_every_file(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.html").write_bytes((FIXTURES / "ainvest_divs.html").read_bytes())
    make_pdf(tmp_path / "sub" / "a.pdf")
    (tmp_path / "c.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "d.txt").write_text("too short", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("ignored", encoding="utf-8")
    items = list(iter_folder(tmp_path))
    assert [p.relative_to(tmp_path).as_posix() for p, _ in items] == ["b.html", "c.docx", "d.txt", "sub/a.pdf"]
    kinds = {p.name: (r.format if isinstance(r, Note) else str(r)) for p, r in items}
    assert kinds["b.html"] == "html" and kinds["a.pdf"] == "pdf"
    assert "unsupported file type" in kinds["c.docx"] and "no main text" in kinds["d.txt"]
    assert all(isinstance(r, Note | NotesAnalyzerError) for _, r in items)
    assert [p.name for p, _ in iter_folder(tmp_path, recursive=False)] == ["b.html", "c.docx", "d.txt"]
    notes = [r for _, r in items if isinstance(r, Note)]
    assert {n.path for n in notes} == {str(tmp_path / "b.html"), str(tmp_path / "sub" / "a.pdf")}


def test_text_header_block_becomes_metadata_not_body(tmp_path: Path) -> None:
    path = tmp_path / "wrap.txt"
    path.write_text("The Tape Weekly: A Quiet Fade\nBy Marcus Lindqvist\nPublished: 2025-12-19\n"
                    "Source: The Tape Weekly\n\nThe S&P 500 fell 0.3% for the week, ending at 6,834.50, after a "
                    "sharp Wednesday sell-off in chip stocks was only partly reversed on Thursday.\n", encoding="utf-8")
    note = load_note(path)
    assert note.title == "The Tape Weekly: A Quiet Fade"
    assert note.authors == ("Marcus Lindqvist",)
    assert note.published.date().isoformat() == "2025-12-19"
    assert note.source == "The Tape Weekly"
    assert note.paragraphs[0].startswith("The S&P 500 fell 0.3%")


def test_text_without_header_keeps_first_paragraph(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    body = ("Small caps rallied hard in the first two weeks of January as investors rotated out of "
            "the largest technology names and into domestic cyclicals.")
    path.write_text(f"{body}\n\nA second paragraph follows here with more words about rates and credit.\n")
    note = load_note(path)
    assert note.title is None and note.published is None
    assert note.paragraphs[0] == body


def test_scraped_text_date_lines_give_the_publication_date(seed_text: str, tmp_path: Path) -> None:
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    assert load_note(path).published.date().isoformat() == "2026-01-14"


def test_markdown_byline_block_without_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text("# Rates outlook\n\nBy Ann Lee\nPublished: 2026-01-09\nSource: Meridian\n\n"
                    "The ten-year yield closed at 4.17% on Thursday, a touch lower on the week, while the "
                    "two-year fell further as traders priced in another cut.\n", encoding="utf-8")
    note = load_note(path)
    assert (note.title, note.authors, note.source) == ("Rates outlook", ("Ann Lee",), "Meridian")
    assert note.published.date().isoformat() == "2026-01-09"
    assert not any(p.startswith("By Ann Lee") for p in note.paragraphs)
