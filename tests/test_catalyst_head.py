"""The trained catalyst head (models/catalyst_head): loading, probabilities, joining the matcher."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from notes_analyzer import records
from notes_analyzer.errors import ModelLoadError
from notes_analyzer.nlp.catalysts import CatalystHead, CatalystMatcher, default_head_dir

REPO = Path(__file__).resolve().parent.parent
TRAIN = REPO / "scripts" / "data" / "catalysts_train.jsonl"


@pytest.fixture(scope="module")
def encoder():
    from notes_analyzer.config import NlpOptions
    from notes_analyzer.models import load_encoder

    return load_encoder(NlpOptions(threads=1))  # the pipeline's encoder: the one the head was trained on


@pytest.fixture(scope="module")
def head():
    return CatalystHead.load(default_head_dir())


def _sentences(texts: list[str]) -> list[records.Sentence]:
    return [records.Sentence(index=i, text=t, start=0, end=len(t)) for i, t in enumerate(texts)]


def test_head_matches_the_taxonomy_and_the_encoder(head, encoder):
    from notes_analyzer.nlp.catalysts import default_taxonomy_path, read_taxonomy

    _, catalysts = read_taxonomy(default_taxonomy_path())
    assert head.classes == tuple(c.id for c in catalysts)
    assert head.dim == encoder.dim
    assert head.meta["mode"] in ("fill", "add") and 0 < head.threshold < 1


def test_training_data_is_written_and_labelled_with_taxonomy_ids(head):
    rows = [json.loads(line) for line in TRAIN.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) >= 400
    ids = {c["id"] for r in rows for c in r["catalysts"]}
    assert ids <= set(head.classes)
    assert sum(not r["catalysts"] for r in rows) >= 100  # hard negatives
    assert all(c["direction"] in ("tailwind", "headwind", "risk") for r in rows for c in r["catalysts"])


@pytest.mark.parametrize(("text", "catalyst"), [
    ("Washington slapped steep new charges on goods shipped in from Beijing.", "tariffs"),
    ("Cloud giants keep lifting their budgets for server farms and graphics processors.", "ai_capex"),
    ("Quarterly profits at most index members came in well ahead of forecasts.", "earnings_growth"),
    ("Stocks look pricey, trading at more than 25 times next year's profits.", "stretched_valuations"),
])
def test_head_ranks_the_written_driver_first(head, encoder, text, catalyst):
    proba = head.predict_proba(encoder.encode([text]))[0]
    assert head.classes[int(np.argmax(proba))] == catalyst


@pytest.mark.parametrize("text", [
    "The company is headquartered in Austin and employs 12,000 people.",
    "Shares rose 2% in early trading on Thursday.",
    "The board has a fiduciary duty to its shareholders.",
    "This newsletter is for information only and is not investment advice.",
])
def test_head_proposes_nothing_for_non_catalysts(head, encoder, text):
    assert head.predict_proba(encoder.encode([text]))[0].max() < head.threshold


def test_head_fills_sentences_the_matcher_leaves_empty(head, encoder, tmp_path):
    texts = ["The White House's new charges on foreign cars will cost the automakers billions.",
             "Shares rose 2% in early trading on Thursday.",
             "Quarterly profits at most index members came in well ahead of forecasts.",
             "Tariffs weighed on retailers."]
    emb = encoder.encode(texts)
    plain = CatalystMatcher(cache_dir=tmp_path).load(encoder=encoder)
    joined = CatalystMatcher(cache_dir=tmp_path, head=head, head_mode="fill", head_threshold=0.3).load(encoder=encoder)
    before = {(m.sentence_index, m.catalyst) for m in plain.find(_sentences(texts), emb)}
    after = joined.find(_sentences(texts), emb)
    assert not any(m.sentence_index == 0 for m in plain.find(_sentences(texts), emb))  # the matcher misses it
    assert {(0, "tariffs"), (2, "earnings_growth"), (3, "tariffs")} <= {(m.sentence_index, m.catalyst) for m in after}
    assert not any(m.sentence_index == 1 for m in after)
    from_head = [m for m in after if m.method == "head"]
    assert from_head and all(m.score >= 0.3 and m.direction in ("tailwind", "headwind", "risk") for m in from_head)
    assert all((m.sentence_index, m.catalyst) in before for m in after if m.method != "head")
    off = CatalystMatcher(cache_dir=tmp_path, head=head, head_mode="off").load(encoder=encoder)
    assert {(m.sentence_index, m.catalyst) for m in off.find(_sentences(texts), emb)} == before


def test_bad_head_mode_and_missing_or_mismatched_head(head, tmp_path):
    with pytest.raises(ValueError, match="head_mode"):
        CatalystMatcher(head_mode="always")
    with pytest.raises(FileNotFoundError):
        CatalystHead.load(tmp_path)
    with pytest.raises(ValueError, match="384-d|-d embeddings"):
        head.predict_proba(np.zeros((1, 10), dtype=np.float32))
    with pytest.raises(ModelLoadError):
        CatalystHead(np.zeros((2, 4)), np.zeros(3), {"classes": ["a", "b"]})


def test_gate_drops_nearest_example_matches_the_head_does_not_back(head, encoder, tmp_path):
    texts = ["Tariffs weighed on retailers.",  # an alias match: never gated
             "Quarterly profits at most index members came in well ahead of forecasts."]
    emb = encoder.encode(texts)
    ungated = CatalystMatcher(cache_dir=tmp_path, head=head, head_mode="fill", head_gate=0.0).load(encoder=encoder)
    shut = CatalystMatcher(cache_dir=tmp_path, head=head, head_mode="fill", head_gate=1.01,
                           head_threshold=1.01).load(encoder=encoder)
    found = shut.find(_sentences(texts), emb)
    assert [(m.sentence_index, m.catalyst, m.method) for m in found] == [(0, "tariffs", "alias")]
    assert all(m.method != "embedding" for m in found)
    assert (0, "tariffs") in {(m.sentence_index, m.catalyst) for m in ungated.find(_sentences(texts), emb)}
