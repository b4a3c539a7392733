"""End-to-end evaluation on real commentary: ``score`` the labelled articles of ../shared/real-notes,
then match each labelled claim sentence to the claims the pipeline found there.

Gold labels: ``scripts/data/real/claims_*.jsonl`` (offsets into the article files, the gold verdict
and the fact computed with pandas from ../shared/market-data; see ``scripts/data/real/LABELLING.md``).
The split is by article (``test`` when the article number is divisible by 3): rules were developed on
``dev`` only. Prints, per split:

- accuracy over supported / refuted (contradicted or imprecise) / unverifiable;
- false-supported (the pipeline said supported, the gold says otherwise; target 0);
- true claims called contradicted or imprecise (share of gold-supported; target <= 3%);
- coverage: the share of checkable gold claims given a data-backed verdict (target >= 0.8).

    python scripts/evaluate_real.py [--split dev|test|all] [-v] [--store PATH] [--out DIR] [--reuse] [--sets a,b,c,d]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
ARTICLES = SHARED / "real-notes" / "articles"
LABELS = sorted((ROOT / "scripts" / "data" / "real").glob("claims_*.jsonl"))
REFUTED = {"contradicted", "imprecise"}


def load_gold(sets: str | None = None) -> list[dict]:
    """The labelled rows, of every ``claims_*.jsonl`` or only of the sets named ("a,b,c,d")."""
    rows = []
    wanted = None if sets is None else {f"claims_{name.strip()}.jsonl" for name in sets.split(",")}
    for path in LABELS:
        if wanted is not None and path.name not in wanted:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return rows


def check_offsets(rows: list[dict]) -> None:
    """Every span must still be the text that was labelled (sha1 of the span)."""
    texts: dict[str, str] = {}
    bad = 0
    for row in rows:
        text = texts.setdefault(row["article"], (ARTICLES / f"{row['article']}.txt").read_text(encoding="utf-8"))
        if hashlib.sha1(text[row["start"]:row["end"]].encode()).hexdigest()[:12] != row["sha1"]:
            bad += 1
    if bad:
        sys.exit(f"{bad} labelled spans no longer match their articles (sha1)")


def score_articles(articles: list[str], store: Path, out: Path, reuse: bool = False) -> dict[str, dict]:
    """Run ``notes-analyzer score`` on a folder holding the labelled articles; reports by article id."""
    folder = out / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    for article in articles:
        shutil.copy(ARTICLES / f"{article}.txt", folder / f"{article}.txt")
    cmd = [sys.executable, "-m", "notes_analyzer", "-q", "score", str(folder), "--out", str(out / "scores"),
           "--store", str(store), "--workers", "2", "--market-data", str(SHARED / "market-data")]
    if not (reuse and (out / "scores" / "results.jsonl").exists()):
        subprocess.run(cmd + ["--force"], check=True)
    reports = {}
    for line in (out / "scores" / "results.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        reports[Path(record["path"]).stem] = record
    return reports


#: A markdown link's brackets and address ("[Gold]([link]"), which the pipeline drops (ingest/repair.py).
MARKUP = re.compile(r"\[(?=[^\[\]\n]{0,300}?\]\((?:\[link\]|<?https?://))|\]\((?:\[link\]|<?https?://[^\s()<>]*>?)\)?")


def _locate(file_text: str, sentence: str, hint: int) -> tuple[int, int] | None:
    """Where a pipeline sentence sits in the article file (whitespace-insensitive; a hyphen the pipeline
    gave back in place of a scraped "?" — ingest/repair.py: lost_hyphens, same length — counts as written)."""
    from notes_analyzer.ingest.repair import lost_hyphens

    file_text = lost_hyphens(file_text)
    pos = file_text.find(sentence)
    if pos >= 0:
        return pos, pos + len(sentence)
    pattern = r"\s+".join(re.escape(w) for w in sentence.split())
    match = re.compile(pattern).search(file_text)
    if match:
        return match.start(), match.end()
    # the pipeline put spaces back between glued words ("theS&P 500was") and dropped markdown links'
    # brackets ("[Gold]([link]"): compare without any whitespace or link markup
    markup = {i for m in MARKUP.finditer(file_text) for i in range(m.start(), m.end())}
    kept = [i for i, ch in enumerate(file_text) if not ch.isspace() and i not in markup]
    squeezed, wanted = "".join(file_text[i] for i in kept), "".join(sentence.split())
    at = squeezed.find(wanted) if wanted else -1
    return (kept[at], kept[at + len(wanted) - 1] + 1) if at >= 0 else None


def predicted_claims(article: str, record: dict) -> list[dict]:
    """The pipeline's claims of one article, each with its sentence's span in the article file and verdict."""
    if record["status"] != "ok":
        return []
    file_text = (ARTICLES / f"{article}.txt").read_text(encoding="utf-8")
    report = record["report"]
    sentences = {s["index"]: s for s in report["analysis"]["sentences"]}
    verdicts = {v["claim_id"]: v for v in report["verdicts"]}
    out = []
    for order, claim in enumerate(report["analysis"]["claims"]):
        sentence = sentences.get(claim["sentence_index"])
        span = _locate(file_text, sentence["text"], sentence["start"]) if sentence else None
        if span is None and sentence and sentence.get("paragraph") == -1:  # the title, read apart (its column's
            span = (0, file_text.find("\n") if "\n" in file_text else len(file_text))  # name dropped): line 1
        verdict = verdicts.get(claim["id"], {})
        out.append({"claim": claim, "span": span, "order": order, "file_text": file_text,
                    "label": verdict.get("label", "unverifiable"),
                    "reason": verdict.get("reason", "")})
    return out


def three_way(label: str) -> str:
    if label == "supported":
        return "supported"
    if label in REFUTED:
        return "refuted"
    return "unverifiable"


def match(rows: list[dict], claims: list[dict]) -> list[tuple[dict, dict | None]]:
    """Each gold row with the pipeline claim read for it (None when none overlaps its span).

    Within one sentence, a leg first takes a claim about its own subject, so that a leg about
    something outside the registry ("S&P 500 futures") does not take the index's claim: of those, the
    one stating the leg's own figure, else one of the leg's kind (a record leg a record claim, a
    level leg a level claim), else the first; the best-fitting pairs of the sentence are made first. The legs left over then take the claims left over, in
    order.
    """
    pairs = []
    by_span: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for row in rows:
        by_span[(row["start"], row["end"])].append(row)
    for (start, end), legs in by_span.items():
        overlapping = [c for c in claims if c["span"] and c["span"][0] < end and start < c["span"][1]
                       and _about_span(c, start, end)]
        legs = sorted(legs, key=lambda r: r.get("leg", 0))
        chosen: dict[int, dict | None] = {}
        used: set[int] = set()
        # the best-fitting (leg, claim) pairs first, so that a level leg does not take the move claim a later
        # move leg of the same subject fits better
        ranked = sorted(((not _states_figure(c, leg), not _same_kind(c, leg), n, c["order"]), n, c)
                        for n, leg in enumerate(legs) for c in overlapping if leg["subject"] in c["claim"]["subject"])
        for _, n, claim in ranked:
            if n not in chosen and claim["order"] not in used:
                chosen[n] = claim
                used.add(claim["order"])
        named = {leg["subject"] for leg in legs}
        for n in range(len(legs)):
            if n in chosen:
                continue
            rest = [c for c in overlapping if c["order"] not in used and not set(c["claim"]["subject"]) & named
                    and (c["claim"]["kind"] == "event") == (legs[n]["kind"] == "event")]  # an event is its own fact
            chosen[n] = rest[0] if rest else None
            if rest:
                used.add(rest[0]["order"])
        pairs.extend((leg, chosen[n]) for n, leg in enumerate(legs))
    return pairs


def _squeezed(text: str) -> str:
    return "".join(MARKUP.sub("", text).split()).lower()


def _about_span(claim: dict, start: int, end: int) -> bool:
    """Whether a claim is about the labelled span: always when its sentence lies within the span; when
    its sentence runs past the span (the scrape lost the full stop between two sentences), only when
    its own words (its figures and its subject's name) are in the span."""
    span = claim["span"]
    if start <= span[0] and span[1] <= end:
        return True
    words = [v.get("text") for v in claim["claim"].get("values") or () if v.get("text")]
    if claim["claim"].get("subject_text") or not words:
        words.append(claim["claim"].get("subject_text"))
    row = _squeezed(claim["file_text"][start:end])
    return all(w and _squeezed(w) in row for w in words)


def _states_figure(claim: dict, leg: dict) -> bool:
    """Whether the claim states the leg's figure (a leg with none: never)."""
    value = (leg.get("claimed") or {}).get("value")
    if not isinstance(value, (int, float)):
        return False
    return any(abs(float(v["value"]) - float(value)) < 1e-6 for v in claim["claim"].get("values") or ())


LEVEL_METRIC = re.compile(r"level|close|open|yield|rate|price|ema|pivot|sma")


def _same_kind(claim: dict, leg: dict) -> bool:
    """A record leg read as a record claim, a level leg as a level claim, a move leg as a move."""
    kind, metric = claim["claim"]["kind"], str(leg.get("metric") or "")
    if leg.get("kind") == "record" or metric.startswith(("record", "rank")):
        return kind == "record"
    if LEVEL_METRIC.search(metric) and not metric.startswith(("return", "change", "intraday_return")):
        return kind == "level"
    return kind in ("return", "relative")


def figures(pairs: list[tuple[dict, dict | None]]) -> dict[str, float]:
    n = len(pairs)
    gold = [three_way(r["gold_verdict"] if r["gold_verdict"] != "refuted" else "contradicted") for r, _ in pairs]
    pred = [three_way(c["label"]) if c else "unverifiable" for _, c in pairs]
    correct = sum(g == p for g, p in zip(gold, pred, strict=True))
    false_supported = sum(p == "supported" and g != "supported" for g, p in zip(gold, pred, strict=True))
    true_refuted = sum(p == "refuted" and g == "supported" for g, p in zip(gold, pred, strict=True))
    n_true = sum(g == "supported" for g in gold)
    checkable = [(g, p) for g, p in zip(gold, pred, strict=True) if g != "unverifiable"]
    covered = sum(p != "unverifiable" for _, p in checkable)
    return {
        "rows": n, "accuracy": correct / n if n else 0.0, "false_supported": false_supported,
        "true_called_refuted": true_refuted, "true_called_refuted_share": true_refuted / n_true if n_true else 0.0,
        "gold_supported": n_true, "checkable": len(checkable),
        "coverage": covered / len(checkable) if checkable else 0.0,
        "checkable_accuracy": sum(g == p for g, p in checkable) / len(checkable) if checkable else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test", "all"), default="all")
    parser.add_argument("--store", type=Path, default=None, help="market store (default: a fresh one in --out)")
    parser.add_argument("--out", type=Path, default=None, help="work folder (default: a temp dir)")
    parser.add_argument("--reuse", action="store_true", help="reuse the results already in --out (no re-scoring)")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="list the rows the pipeline got wrong")
    parser.add_argument("--sets", default=None,
                        help="only these label files, by letter (e.g. 'a,b,c,d': the 69 articles labelled first)")
    args = parser.parse_args()

    rows = load_gold(args.sets)
    check_offsets(rows)
    out = args.out or Path(tempfile.mkdtemp(prefix="evaluate-real-"))
    store = args.store or out / "market.duckdb"
    articles = sorted({r["article"] for r in rows})
    reports = score_articles(articles, store, out, args.reuse)
    failed = [a for a in articles if reports.get(a, {}).get("status") != "ok"]
    by_article: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_article[row["article"]].append(row)
    pairs_by_split: dict[str, list[tuple[dict, dict | None]]] = defaultdict(list)
    spurious: Counter[str] = Counter()
    for article, article_rows in by_article.items():
        claims = predicted_claims(article, reports.get(article, {"status": "error"}))
        pairs = match(article_rows, claims)
        split = article_rows[0]["split"]
        pairs_by_split[split].extend(pairs)
        labelled = [(r["start"], r["end"]) for r in article_rows]
        for claim in claims:
            if claim["span"] and three_way(claim["label"]) != "unverifiable" and not any(
                    s < claim["span"][1] and claim["span"][0] < e for s, e in labelled):
                spurious[split] += 1

    print(f"labelled rows: {len(rows)} from {len(articles)} articles; articles not scored: {failed or 'none'}")
    splits = ("dev", "test") if args.split == "all" else (args.split,)
    for split in splits:
        f = figures(pairs_by_split[split])
        print(f"\n[{split}] {f['rows']} rows ({f['checkable']} checkable, {f['gold_supported']} gold-supported)")
        print(f"  accuracy (supported/refuted/unverifiable): {f['accuracy']:.3f}   [test target >= 0.90]")
        print(f"  accuracy on checkable rows:                {f['checkable_accuracy']:.3f}")
        print(f"  false-supported:                           {f['false_supported']}   [target 0]")
        print(f"  true claims called contradicted/imprecise: {f['true_called_refuted']} "
              f"({f['true_called_refuted_share']:.1%} of gold-supported)   [target <= 3%]")
        print(f"  coverage of checkable claims:              {f['coverage']:.3f}   [target >= 0.8]")
        print(f"  data-backed verdicts on unlabelled sentences: {spurious[split]}")
        if args.verbose:
            confusion = Counter((r["gold_verdict"], three_way(c["label"]) if c else "-none-")
                                for r, c in pairs_by_split[split])
            print("  gold -> predicted:", dict(sorted(confusion.items())))
            for row, claim in pairs_by_split[split]:
                pred = three_way(claim["label"]) if claim else "unverifiable"
                gold = "refuted" if row["gold_verdict"] == "refuted" else row["gold_verdict"]
                if pred != gold and (args.verbose > 1 or gold != "unverifiable" or pred != "unverifiable"):
                    text = (ARTICLES / f"{row['article']}.txt").read_text(encoding="utf-8")[row["start"]:row["end"]]
                    print(f"  - {row['article']}@{row['start']} leg {row.get('leg', 0)} gold={gold} pred={pred} "
                          f"subject={row['subject']} {row.get('metric')}: {' '.join(text.split())[:160]}")
                    if claim:
                        c = claim["claim"]
                        print(f"      claim: {c['kind']} {c['subject']} {c.get('metric')} {c.get('slots') or ''} "
                              f"-> {claim['label']}: "
                              f"{claim['reason'][:160]}")
                    print(f"      gold: {row.get('why', '')[:200]}")


if __name__ == "__main__":
    main()
