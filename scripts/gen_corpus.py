"""Generate a synthetic corpus of market notes (and hostile files) for benchmarks and reliability tests.

Notes are built from varied commentary sentences about real instruments, with figures
drawn at random (so some claims are right and most are wrong: the point is load, not truth),
in HTML, Markdown and text. Hostile files cover what a shared drive really holds.

    python scripts/gen_corpus.py OUT_DIR --notes 200 --words 1000 --hostile 0.1
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

INSTRUMENTS = [
    "the Russell 2000", "small-cap stocks", "the Nasdaq 100", "the S&P 500", "the Dow",
    "the tech-heavy Nasdaq", "large caps", "the 10-year Treasury yield", "gold", "bitcoin", "oil",
]
VERBS_UP = ["rose", "gained", "climbed", "advanced", "rallied", "jumped"]
VERBS_DOWN = ["fell", "slipped", "declined", "dropped", "retreated", "slumped"]
PERIODS = ["in January", "last week", "this year", "year to date", "in the fourth quarter", "since the December meeting",
           "over the past month", "in 2025"]
CATALYSTS = [
    "The Federal Reserve's rate cuts have lowered borrowing costs for smaller firms.",
    "Tariff announcements weighed on importers and raised input costs.",
    "AI capital expenditure by the hyperscalers remains the dominant theme in large caps.",
    "Reshoring incentives in the One Big Beautiful Bill Act restored 100% bonus depreciation.",
    "A pick-up in M&A and IPO activity would favour smaller companies.",
    "Recession fears resurfaced after a weak payrolls report.",
    "Valuation gaps between small and large caps sit near a 25-year extreme.",
    "Energy prices eased as OPEC+ added supply.",
    "Credit spreads widened modestly as high-yield issuance picked up.",
    "Geopolitical tensions kept a bid under gold and the dollar.",
]
FILLER = [
    "Investors are weighing how durable the move is likely to be.",
    "Positioning remains light, according to dealer surveys.",
    "We continue to prefer quality balance sheets with self-funding cash flows.",
    "Breadth has improved, with more than half of index members above their 200-day averages.",
    "The macro backdrop is mixed, with growth slowing but inflation cooling.",
    "Analysts expect earnings growth to accelerate in the second half of 2026.",
    "We would use any pullback to add exposure, keeping position sizes modest.",
    "The risk to this view is a renewed rise in long-term yields.",
    "Flows into exchange-traded funds tracking the index have turned positive.",
    "Management commentary on the latest earnings calls was cautiously optimistic.",
]
SOURCES = ["Harbor Street Research", "Meridian Macro Letter", "Copperline Capital Notes", "The Tape Weekly"]


def _claim(rng: random.Random) -> str:
    subject = rng.choice(INSTRUMENTS)
    up = rng.random() < 0.6
    verb = rng.choice(VERBS_UP if up else VERBS_DOWN)
    figure = f"{rng.uniform(0.3, 12):.1f}%"
    kind = rng.random()
    if kind < 0.5:
        return f"{subject[0].upper()}{subject[1:]} {verb} {figure} {rng.choice(PERIODS)}."
    if kind < 0.7:
        return f"The Fed has delivered {rng.choice(['two', 'three', 'four'])} rate cuts, leaving the federal funds rate in a " \
               f"{rng.choice(['3.50%-3.75%', '3.75%-4.00%', '4.25%-4.50%'])} range."
    if kind < 0.85:
        return f"{subject[0].upper()}{subject[1:]} hit a record high {rng.choice(['last week', 'on Tuesday', 'in January'])}."
    return f"We expect {subject} to outperform over the next twelve months, with earnings growth of about " \
           f"{rng.randint(5, 20)}% in 2026."


def make_note(rng: random.Random, words: int) -> tuple[str, str, date, str]:
    """A (title, source, date, body) tuple of about ``words`` words."""
    published = date(2025, 11, 3) + timedelta(days=rng.randint(0, 110))
    paragraphs, count = [], 0
    while count < words:
        sentences = [rng.choice([_claim, lambda r: r.choice(CATALYSTS), lambda r: r.choice(FILLER)])(rng)
                     for _ in range(rng.randint(3, 6))]
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    title = f"{rng.choice(['Rotation', 'Rates', 'Small caps', 'Macro', 'Markets'])} " \
            f"{rng.choice(['watch', 'outlook', 'update', 'check-in'])} #{rng.randint(1, 999)}"
    return title, rng.choice(SOURCES), published, "\n\n".join(paragraphs)


def write_note(out: Path, index: int, rng: random.Random, words: int) -> Path:
    title, source, published, body = make_note(rng, words)
    style = index % 3
    if style == 0:
        paras = "".join(f"<p>{p}</p>\n" for p in body.split("\n\n"))
        path = out / f"note_{index:04d}.html"
        path.write_text(
            f'<!doctype html><html lang="en"><head><title>{title} | {source}</title>'
            f'<meta property="og:site_name" content="{source}">'
            f'<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{title}", '
            f'"datePublished": "{published.isoformat()}T08:00:00Z", "author": {{"@type": "Person", '
            f'"name": "Analyst {index}"}}, "publisher": {{"name": "{source}"}}}}</script></head>'
            f'<body><nav>Home | Markets | Subscribe</nav><article><h1>{title}</h1>{paras}</article>'
            f"<footer>© {source}</footer></body></html>",
            encoding="utf-8",
        )
    elif style == 1:
        path = out / f"note_{index:04d}.md"
        path.write_text(f"# {title}\n\nBy Analyst {index}\nPublished: {published.isoformat()}\n"
                        f"Source: {source}\n\n{body}\n", encoding="utf-8")
    else:
        path = out / f"note_{index:04d}.txt"
        path.write_text(f"{title}\nBy Analyst {index}\n{published.isoformat()}\n\n{body}\n", encoding="utf-8")
    return path


def write_hostile(out: Path, index: int, rng: random.Random) -> Path:
    """One hostile file, cycling through the kinds a real drive holds."""
    kind = index % 7
    name = f"hostile_{index:04d}"
    if kind == 0:
        path = out / f"{name}_empty.txt"
        path.write_bytes(b"")
    elif kind == 1:
        path = out / f"{name}_binary.html"
        path.write_bytes(bytes(rng.getrandbits(8) for _ in range(4096)))
    elif kind == 2:
        path = out / f"{name}_huge.txt"
        path.write_bytes(b"word " * (4 * 1024 * 1024))  # 20 MB
    elif kind == 3:
        path = out / f"{name}_latin1.html"
        path.write_bytes('<html><head><meta charset="utf-8"><title>Caf\u00e9 note</title></head><body><p>'
                         'Le caf\u00e9 \u00e9tait ferm\u00e9. Stocks rose 2% \u2014 a d\u00e9j\u00e0 vu rally.</p>'
                         '</body></html>'.encode("cp1252", errors="replace"))
    elif kind == 4:
        path = out / f"{name}_german.txt"
        path.write_text("Die Aktienm\u00e4rkte haben sich in dieser Woche deutlich erholt, weil die "
                        "Zentralbank die Zinsen gesenkt hat und die Anleger wieder mehr Risiko eingehen. " * 8,
                        encoding="utf-8")
    elif kind == 5:
        path = out / f"{name}_nobody.html"
        path.write_text("<html><head><title>Empty</title></head></html>", encoding="utf-8")
    else:
        path = out / f"{name}_truncated.pdf"
        path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Ty")
    return path


def generate(out: Path, notes: int, words: int = 1000, hostile: float = 0.0, seed: int = 7) -> list[Path]:
    """Write ``notes`` notes plus ``round(notes * hostile)`` hostile files into ``out``."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    paths = [write_note(out, i, rng, words) for i in range(notes)]
    paths += [write_hostile(out, i, rng) for i in range(round(notes * hostile))]
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--notes", type=int, default=200)
    parser.add_argument("--words", type=int, default=1000)
    parser.add_argument("--hostile", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    paths = generate(args.out, args.notes, args.words, args.hostile, args.seed)
    print(f"wrote {len(paths)} files to {args.out}")


if __name__ == "__main__":
    main()
