"""Write the PDF notes of the sample corpus (``corpus/notes/*.pdf``) with fpdf2.

The notes' text lives here; the PDFs are committed, so this only needs re-running after an
edit. Document info carries the title, author and publication date (what ``ingest`` reads);
the first lines of the page repeat the source and the date, as a broker PDF does.

    python scripts/make_corpus_pdfs.py [--out corpus]
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "notes"
FONT = "Helvetica"
BODY_SIZE = 10.5
LINE_HEIGHT = 5.4


@dataclass(frozen=True)
class PdfNote:
    filename: str
    source: str
    title: str
    author: str
    published: datetime
    paragraphs: tuple[str, ...]


NOTES = (
    PdfNote(
        filename="2025-12-17-copperline-ai-capex-2026.pdf",
        source="Copperline Capital Notes",
        title="2026 Outlook: The Capex Cycle Has Legs",
        author="Priya Raman",
        published=datetime(2025, 12, 17, 14, 0, tzinfo=UTC),
        paragraphs=(
            "Every year-end outlook has a single idea at its centre. Ours for 2026 is that the artificial "
            "intelligence build-out is still in its early innings, and that the spending it drives will spread "
            "well beyond the handful of mega-cap names that have captured most of the gains so far.",
            "Start with what has already happened. The Nasdaq 100 has gained roughly 20% in 2025 so far, even "
            "after the pullback of the past two weeks, and the largest cloud providers have raised their capital "
            "spending plans at almost every earnings call this year. Data centres, power equipment, cooling, "
            "networking and memory have all been pulled into the cycle. We estimate that the hyperscalers will "
            "spend well over $500 billion on capital projects in 2026, a figure that would have seemed absurd "
            "two years ago.",
            "The skeptics' case is that this is a bubble that ends the way the fibre build-out ended in 2001. We "
            "take the point seriously, but the differences matter: today's spenders fund capex from operating "
            "cash flow rather than debt, and utilisation of the capacity they are building is high. The risk is "
            "less a crash in demand than a period of digestion, where spending growth slows and the market "
            "punishes the suppliers with the richest valuations.",
            "Macro conditions are supportive. The Federal Reserve has cut three times this year, and the 10-year "
            "Treasury yield sits at 4.15%, which is tolerable for long-duration equities. Tariffs remain a "
            "headwind for hardware supply chains, and we expect further disputes in 2026, but so far companies "
            "have absorbed most of the cost. A pick-up in mergers and acquisitions, helped by a friendlier "
            "regulatory stance, should add support for mid-cap technology and industrial names.",
            "Our forecasts for 2026: we expect the S&P 500 to end 2026 at 7,800, driven by double-digit "
            "earnings growth rather than a higher multiple. We expect the Nasdaq 100 to outperform the equal-"
            "weight S&P 500 again, though by a narrower margin than in 2025. We expect the 10-year yield to end "
            "2026 between 4.00% and 4.50%.",
            "Positioning: we are overweight semiconductors, electrical equipment and utilities with data-centre "
            "exposure, and we are adding to industrials that supply power and cooling. We are underweight "
            "consumer discretionary, where tariff costs and a softer labour market meet. Our highest-conviction "
            "idea is a basket of power-grid suppliers, which we rate a conviction buy.",
            "Risks to this view: a sharp slowdown in cloud revenue growth, an escalation of export controls on "
            "advanced chips, or a rebound in inflation that forces the Fed to reverse course.",
        ),
    ),
    PdfNote(
        filename="2026-01-09-harbor-january-effect.pdf",
        source="Harbor Street Research",
        title="The January Effect Is Back",
        author="Daniel Okafor",
        published=datetime(2026, 1, 9, 21, 30, tzinfo=UTC),
        paragraphs=(
            "Seven trading days into 2026 and the small-cap trade we have been recommending since the summer is "
            "working better than we dared hope. The Russell 2000 closed Friday at 2,624.22, a new record, and is "
            "up 5.7% since the last close of 2025. Over the same stretch the S&P 500 has gained 1.8%, so small "
            "caps are ahead by nearly four percentage points in the first week and a half of the year.",
            "The so-called January effect, the tendency of small stocks to outperform in the first weeks of the "
            "year, has been unreliable for decades. This year it has help. Tax-loss selling in December pushed "
            "down some of the weakest names in the index, and those are now rebounding hardest. More important, "
            "the macro picture has turned in favour of domestic, rate-sensitive companies.",
            "The Federal Reserve ended 2025 with the federal funds target range at 3.50%-3.75% after three cuts. "
            "Markets expect at least one more in the first half of this year. The 10-year Treasury yield, at "
            "4.18% on Friday, has not risen on the better growth news, which takes away the main threat to the "
            "rally: a back-up in long rates that tightens financial conditions for smaller borrowers.",
            "Earnings are the other leg. Analysts expect Russell 2000 earnings to grow by more than 20% in 2026 "
            "after three years of declines, helped by lower interest costs and the investment incentives in the "
            "One Big Beautiful Bill Act. We think those estimates are too high in aggregate, but the direction "
            "is right, and the bar for positive surprises in cyclical sectors is low.",
            "What would change our mind? A reacceleration of inflation that takes rate cuts off the table, or a "
            "rise in unemployment sharp enough to threaten consumer spending. Neither is our base case. We also "
            "watch the regional banks closely; they have rallied hard and are the part of the index most exposed "
            "to a credit scare.",
            "We keep our overweight in US small caps and raise our year-end target for the Russell 2000 to "
            "3,100. We expect small caps to outperform large caps over the full year 2026, not just in January.",
        ),
    ),
    PdfNote(
        filename="2026-01-30-meridian-january-review.pdf",
        source="Meridian Macro Letter",
        title="January in Review: Small Caps Lead, Crypto Lags",
        author="Elena Vasquez",
        published=datetime(2026, 1, 30, 22, 15, tzinfo=UTC),
        paragraphs=(
            "January is over, and it was a month in which the market broadened. The Russell 2000 gained 5.3% "
            "in January, its best month since August, while the S&P 500 rose 1.4% and the Nasdaq 100 rose "
            "3.5%. Leadership came from small caps, industrials and materials; the mega-cap technology stocks "
            "that dominated 2025 spent most of the month going sideways.",
            "The Federal Reserve held rates at 3.50%-3.75% at its January meeting, as expected. The statement "
            "acknowledged that the unemployment rate has stabilised, and the committee signalled no hurry to "
            "resume cutting. We now think the next cut comes no earlier than June, and we withdraw our earlier "
            "call for two cuts by mid-year.",
            "Commodities were the story outside equities. WTI crude rose about 12% over the month, to $64.50 "
            "a barrel, as supply disruptions and colder weather reversed December's slide. Gold rallied more "
            "than 10% in January on a monthly-average basis and has now more than doubled in two years. Higher "
            "energy prices are a risk to the disinflation story, and we expect headline inflation to firm in "
            "the spring.",
            "Bitcoin was the laggard. It fell 4% in January and ended the month near $84,000, as flows out of "
            "spot ETFs continued and leveraged positions were unwound. The drop accelerated in the last week, "
            "and we would not be surprised by further weakness.",
            "Rates were steady. The 10-year Treasury yield ended January at 4.26%, up eight basis points on the "
            "month, as stronger activity data and heavy issuance offset the Fed's dovish tilt. Tariff "
            "headlines, which briefly sent the VIX above 20 on January 20, faded as the month went on.",
            "Our forecasts: we expect the unemployment rate to stay below 4.5% through mid-year, we expect the "
            "10-year yield to end June below 4%, and we expect the S&P 500 to be higher in a year's time, but "
            "we think small caps will keep outperforming while the economy is re-accelerating.",
        ),
    ),
)


def write_pdf(note: PdfNote, out_dir: Path) -> Path:
    """One note as a small, text-based PDF with its document info set."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(note.title)
    pdf.set_author(note.author)
    pdf.set_subject(note.source)
    pdf.set_creator(note.source)
    pdf.set_creation_date(note.published)
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.set_font(FONT, "B", 9)
    pdf.cell(0, 5, f"{note.source.upper()}  |  {note.published:%B %d, %Y}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 8, note.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "I", 10)
    pdf.cell(0, 6, f"By {note.author}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(FONT, "", BODY_SIZE)
    for paragraph in note.paragraphs:
        pdf.multi_cell(0, LINE_HEIGHT, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2.5)
    path = out_dir / note.filename
    pdf.output(str(path))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=CORPUS, help="folder to write the PDFs in")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for note in NOTES:
        path = write_pdf(note, args.out)
        words = sum(len(p.split()) for p in note.paragraphs)
        print(f"{path}  {path.stat().st_size:,} bytes  {words} words")


if __name__ == "__main__":
    main()
