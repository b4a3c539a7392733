"""Catalysts a note cites: matched by name/alias and by embedding similarity to paraphrases.

The taxonomy lives in ``models/catalysts.yaml``. ``CatalystMatcher.load()`` builds a spaCy
``PhraseMatcher`` (attr ``LOWER``) over the aliases and embeds the example paraphrases once
with the shared :class:`~notes_analyzer.nlp.encoder.Encoder` (cached as safetensors, keyed by a
hash of the yaml and the encoder). ``find()`` then reuses the pipeline's sentence embeddings.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from notes_analyzer import records
from notes_analyzer.errors import ConfigError, ModelLoadError
from notes_analyzer.records import CatalystDirection

log = logging.getLogger(__name__)

__all__ = [
    "EMBEDDING_LOW_MARGIN",
    "EMBEDDING_LOW_THRESHOLD",
    "EMBEDDING_MARGIN",
    "EMBEDDING_THRESHOLD",
    "Catalyst",
    "CatalystHead",
    "CatalystMatcher",
    "evaluate_catalysts",
    "load_dev_rows",
    "unglue",
]

#: Cosine similarity a sentence needs to a catalyst's closest example paraphrase to count as a
#: paraphrase match (chosen on scripts/data/nlp_dev.jsonl, precision first; see
#: scripts/evaluate_catalysts.py --sweep) ...
EMBEDDING_THRESHOLD = 0.65
#: ... while beating the runner-up catalyst by this much (else the sentence is ambiguous);
EMBEDDING_MARGIN = 0.03
#: or, a weaker similarity that stands clearly apart from every other catalyst.
EMBEDDING_LOW_THRESHOLD = 0.50
EMBEDDING_LOW_MARGIN = 0.12
#: Tokens each side of an alias match quoted as its evidence.
#: Tokens before an alias match searched for multi-word negators ("less vulnerable to a … downturn").
NEGATION_WINDOW_TOKENS = 8
#: Tokens each side of an alias match searched for catalyst-specific cues ("cooling" inflation).
CUE_WINDOW_TOKENS = 6
#: Instruments that are the catalyst's own variable rather than what it acts on.
MACRO_TARGETS = frozenset(
    {"FEDFUNDS_TARGET", "UST10Y", "UST2Y", "CPI", "CORE_CPI", "UNRATE", "PAYEMS", "GDP", "WTI", "BRENT"}
)
DIRECTIONS = ("tailwind", "headwind", "risk")
#: How the trained head joins the matcher: "off"; "fill" (its proposals only in sentences where the
#: matcher found no catalyst); "add" (any catalyst the matcher did not find in the sentence).
HEAD_MODES = ("off", "fill", "add")
#: A fixed text whose embedding tells encoders apart in the prototype cache key.
CACHE_PROBE = "Rate cuts and tariffs move markets."


def default_taxonomy_path() -> Path:
    from notes_analyzer.config import repo_models_dir

    return repo_models_dir() / "catalysts.yaml"


@dataclass(frozen=True, slots=True)
class Catalyst:
    """One entry of the taxonomy."""

    id: str
    group: str
    name: str
    direction: CatalystDirection
    aliases: tuple[str, ...]
    examples: tuple[str, ...]
    cues: dict[str, tuple[str, ...]]
    requires_cue: bool = False
    cue_scope: str = "window"
    min_similarity: float = 0.0
    #: aliases too generic to stand alone ("hikes", "expensive"): they count only with one of
    #: ``context`` within ``CONTEXT_WINDOW_TOKENS`` tokens, and never right after one of ``not_after``
    generic_aliases: frozenset[str] = frozenset()
    context: tuple[str, ...] = ()
    not_after: frozenset[str] = frozenset()
    #: another catalyst that takes the sentence when it matches too, if every match of this one is one
    #: of ``yield_aliases`` ("the AI revolution" beside "AI infrastructure" is the spending cycle)
    yields_to: str | None = None
    yield_aliases: frozenset[str] = frozenset()


# --------------------------------------------------------------------------- taxonomy


def read_taxonomy(path: Path) -> tuple[dict[str, Any], tuple[Catalyst, ...]]:
    """The yaml's direction cues and its catalysts; ``ConfigError`` naming the file if malformed."""
    import yaml

    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser is ~10x faster
        data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 (safe loader)
        catalysts = tuple(_catalyst(entry) for entry in data["catalysts"])
        cues = data["direction_cues"]
    except FileNotFoundError:
        raise ModelLoadError(f"{path}: catalyst taxonomy not found") from None
    except (yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"{path}: malformed catalyst taxonomy ({exc})") from None
    ids = [c.id for c in catalysts]
    if len(set(ids)) != len(ids):
        raise ConfigError(f"{path}: duplicate catalyst ids")
    return {**cues, "negators": data.get("negators", []), "glued_words": data.get("glued_words", [])}, catalysts


def _catalyst(entry: dict[str, Any]) -> Catalyst:
    direction = entry.get("direction", "tailwind")
    own = entry.get("own_subject") or {}
    if direction not in DIRECTIONS:
        raise ValueError(f"catalyst {entry.get('id')!r}: direction {direction!r} not in {DIRECTIONS}")
    return Catalyst(
        id=entry["id"], group=entry["group"], name=entry["name"], direction=direction,
        aliases=tuple(entry.get("aliases", ())), examples=tuple(entry.get("examples", ())),
        cues={k: tuple(v) for k, v in (entry.get("cues") or {}).items()},
        requires_cue=bool(entry.get("requires_cue", False)),
        cue_scope=entry.get("cue_scope", "window"),
        min_similarity=float(entry.get("min_similarity", 0.0)),
        generic_aliases=frozenset(a.lower() for a in alias_variants(own.get("aliases", ()))),
        context=tuple(w.lower() for w in own.get("near", ())),
        not_after=frozenset(w.lower() for w in own.get("not_after", ())),
        yields_to=(entry.get("yields") or {}).get("to"),
        yield_aliases=frozenset(a.lower() for a in alias_variants((entry.get("yields") or {}).get("aliases", ()))),
    )


def alias_variants(aliases: Iterable[str]) -> list[str]:
    """Each alias, its hyphen/space twin ("rate-cut" ~ "rate cut"), its plural ("downturns") and, for
    an alias with the word "AI" or "US", its other spelling ("artificial intelligence spending", "U.S.")."""
    seen: dict[str, None] = {}
    for alias in _spelling_twins(aliases):
        for form in (alias, alias.replace("-", " "), alias.replace(" ", "-") if alias.count(" ") == 1 else alias):
            seen.setdefault(form, None)
            seen.setdefault(_plural(form), None)
    return list(seen)


#: Words written two ways in notes: "AI" / "artificial intelligence", "US" / "U.S." (the tokenizer keeps
#: "U.S." whole only when capitalised, so that twin is written so).
_SPELLINGS = ((re.compile(r"(?<![\w-])ai(?!\w)"), "artificial intelligence"),
              (re.compile(r"(?<![\w.])us(?![\w.])"), "U.S."))


def _spelling_twins(aliases: Iterable[str]) -> list[str]:
    out: list[str] = []
    for alias in aliases:
        out.append(alias)
        for rx, spelled in _SPELLINGS:
            twin = rx.sub(spelled, alias)
            if twin != alias:
                out.append(twin)
    return out


def _plural(phrase: str) -> str:
    head, _, last = phrase.rpartition(" ")
    if len(last) <= 3 or not last.isalpha() or last.endswith("s"):
        return phrase
    plural = last[:-1] + "ies" if last.endswith("y") and last[-2] not in "aeiou" else last + "s"
    return f"{head} {plural}" if head else plural


def _cue_regex(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """One regex matching any phrase as whole words."""
    alts = sorted({re.escape(p.lower()) for p in phrases}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)") if alts else None


# --------------------------------------------------------------------------- trained head


class CatalystHead:
    """One-vs-rest logistic regression over sentence embeddings (``scripts/train_catalysts.py``).

    Weights in ``head.safetensors`` (``coef`` (classes, dim), ``intercept`` (classes,)), class ids and
    the default threshold in ``meta.json``; applied with numpy.
    """

    def __init__(self, coef: np.ndarray, intercept: np.ndarray, meta: dict[str, Any]) -> None:
        self.coef = np.asarray(coef, dtype=np.float32)
        self.intercept = np.asarray(intercept, dtype=np.float32).ravel()
        self.classes: tuple[str, ...] = tuple(meta["classes"])
        self.threshold = float(meta.get("threshold", 0.5))
        self.meta = meta
        if self.coef.shape[0] != len(self.classes) or self.intercept.shape[0] != len(self.classes):
            raise ModelLoadError(f"catalyst head: {self.coef.shape[0]} rows for {len(self.classes)} classes")

    @classmethod
    def load(cls, directory: Path) -> CatalystHead:
        """The head saved in ``directory``; ``FileNotFoundError`` when there is none."""
        import json

        from safetensors.numpy import load_file

        path = Path(directory) / "head.safetensors"
        if not path.is_file():
            raise FileNotFoundError(f"{path} (train it with scripts/train_catalysts.py)")
        try:
            weights = load_file(str(path))
            meta = json.loads((Path(directory) / "meta.json").read_text(encoding="utf-8"))
            return cls(weights["coef"], weights["intercept"], meta)
        except (OSError, ValueError, KeyError) as exc:
            raise ModelLoadError(f"{path}: cannot load catalyst head ({exc})") from None

    @property
    def dim(self) -> int:
        return int(self.coef.shape[1])

    def predict_proba(self, embeddings: np.ndarray) -> np.ndarray:
        """P(catalyst) per sentence and class, (n, classes)."""
        emb = np.atleast_2d(np.asarray(embeddings, dtype=np.float32))
        if emb.shape[1] != self.dim:
            raise ValueError(f"catalyst head expects {self.dim}-d embeddings, got {emb.shape[1]}")
        return 1.0 / (1.0 + np.exp(-(emb @ self.coef.T + self.intercept)))


def default_head_dir() -> Path:
    from notes_analyzer.config import repo_models_dir

    return repo_models_dir() / "catalyst_head"


# --------------------------------------------------------------------------- matcher


class CatalystMatcher:
    """Finds catalyst mentions in sentences.

    Parameters are stored as given; ``load()`` reads the taxonomy, builds the phrase matcher and
    embeds the example paraphrases (``use_embeddings=False`` skips the encoder entirely).
    ``head`` (a :class:`CatalystHead`) joins as ``head_mode`` says (``HEAD_MODES``), its proposals
    above ``head_threshold`` (None: the head's own), direction from the cues; a nearest-example
    match then stands only when the head gives it ``head_gate`` or more (None: the head's ``gate``).
    """

    def __init__(self, *, threshold: float = EMBEDDING_THRESHOLD, margin: float = EMBEDDING_MARGIN,
                 low_threshold: float = EMBEDDING_LOW_THRESHOLD, low_margin: float = EMBEDDING_LOW_MARGIN,
                 use_embeddings: bool = True, cache_dir: Path | None = None, head: CatalystHead | None = None,
                 head_mode: str = "off", head_threshold: float | None = None,
                 head_gate: float | None = None) -> None:
        if head_mode not in HEAD_MODES:
            raise ValueError(f"head_mode must be one of {HEAD_MODES}, got {head_mode!r}")
        self.head = head
        self.head_mode = head_mode
        self.head_threshold = head_threshold
        self.head_gate = head_gate
        self.threshold = threshold
        self.margin = margin
        self.low_threshold = low_threshold
        self.low_margin = low_margin
        self.use_embeddings = use_embeddings
        self.cache_dir = cache_dir

    # -- loading

    def load(self, path: Path | None = None, encoder: Any = None) -> CatalystMatcher:
        """Read the taxonomy at ``path`` (default ``models/catalysts.yaml``); returns ``self``."""
        import spacy
        from spacy.matcher import PhraseMatcher

        self.path_ = Path(path) if path else default_taxonomy_path()
        cues, self.catalysts_ = read_taxonomy(self.path_)
        self.by_id_ = {c.id: c for c in self.catalysts_}
        self.cue_res_ = {k: _cue_regex(cues.get(k, ())) for k in ("risk", "headwind", "tailwind")}
        explicit = cues.get("explicit") or {}
        self.explicit_res_ = {k: _cue_regex(explicit.get(k, ())) for k in ("headwind", "tailwind")}
        self.verdict_undone_ = frozenset(w.lower() for w in explicit.get("undone_by", ()))
        self.ignore_re_ = _cue_regex(cues.get("ignore", ()))
        self.reducing_ = frozenset(w.lower() for w in cues.get("reducing", ()))
        self.receding_ = frozenset(w.lower() for w in cues.get("receding", ()))
        self.glued_words_ = tuple(sorted({w.lower() for w in cues.get("glued_words", ())}, key=len, reverse=True))
        self.specific_res_ = {c.id: {k: _cue_regex(v) for k, v in c.cues.items()} for c in self.catalysts_}
        self.nlp_ = spacy.blank("en")
        # tokenized like the sentences, so "aren't directly affected by" matches "are n't directly …"
        self.negators_ = tuple([t.lower_ for t in self.nlp_.tokenizer(n)] for n in cues.get("negators", ()))
        self.matcher_ = PhraseMatcher(self.nlp_.vocab, attr="LOWER")
        for c in self.catalysts_:
            self.matcher_.add(c.id, list(self.nlp_.tokenizer.pipe(alias_variants(c.aliases))))
        self.prototypes_: np.ndarray | None
        self.prototype_ids_: tuple[str, ...]
        self.prototypes_, self.prototype_ids_ = self._prototypes(encoder) if self.use_embeddings else (None, ())
        return self

    def _prototypes(self, encoder: Any) -> tuple[np.ndarray, tuple[str, ...]]:
        """Example embeddings (n_examples, dim) and the catalyst id of each row."""
        from safetensors.numpy import load_file, save_file

        ids = tuple(c.id for c in self.catalysts_ for _ in c.examples)
        texts = [e for c in self.catalysts_ for e in c.examples]
        cache = self._cache_file(encoder)
        if cache.is_file():
            arr = load_file(str(cache))["prototypes"]
            if arr.shape[0] == len(texts):
                return arr, ids
        if encoder is None:
            from notes_analyzer.nlp.encoder import Encoder

            encoder = Encoder()
        arr = np.ascontiguousarray(encoder.encode(texts), dtype=np.float32)
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            save_file({"prototypes": arr}, str(cache))
        except OSError as exc:  # a read-only cache is not fatal
            log.warning("cannot cache catalyst prototypes at %s: %s", cache, exc)
        return arr, ids

    def _cache_file(self, encoder: Any) -> Path:
        from notes_analyzer.config import default_cache_dir

        h = hashlib.sha256(self.path_.read_bytes())
        h.update(_encoder_fingerprint(encoder).encode())
        base = Path(self.cache_dir) if self.cache_dir else default_cache_dir() / "catalysts"
        return base / f"prototypes-{h.hexdigest()[:16]}.safetensors"

    # -- finding

    def find(self, sentences: Sequence[records.Sentence], embeddings: np.ndarray | None = None,
             mentions: Sequence[records.EntityMention] = ()) -> tuple[records.CatalystMention, ...]:
        """Catalyst mentions, one per (sentence, catalyst), alias matches first."""
        if not hasattr(self, "matcher_"):
            raise ModelLoadError("CatalystMatcher.find() before load()")
        if embeddings is not None and len(embeddings) != len(sentences):
            raise ValueError(f"{len(sentences)} sentences but {len(embeddings)} embeddings")
        by_sentence: dict[int, list[records.EntityMention]] = {}
        for m in mentions:
            by_sentence.setdefault(m.sentence_index, []).append(m)
        out: list[records.CatalystMention] = []
        head = self._head_proba(embeddings)
        unglued = [unglue(s.text, self.glued_words_) for s in sentences]
        for i, (sentence, doc) in enumerate(zip(sentences, self.nlp_.tokenizer.pipe(t for t, _ in unglued),
                                                strict=True)):
            found = self._alias_mentions(sentence, doc, by_sentence.get(sentence.index, ()), unglued[i][1])
            emb = embeddings[i] if embeddings is not None else None
            found += self._embedding_mentions(sentence, doc, emb, {m.catalyst for m in found},
                                              by_sentence.get(sentence.index, ()))
            if head is not None:
                found = self._gated(found, head[i])
            if head is not None and (self.head_mode == "add" or not found):
                found += self._head_mentions(sentence, doc, head[i], {m.catalyst for m in found},
                                             by_sentence.get(sentence.index, ()))
            out.extend(found)
        return tuple(out)

    def _head_proba(self, embeddings: np.ndarray | None) -> np.ndarray | None:
        """The head's probabilities per sentence, or None when it is off or has no embeddings."""
        if self.head is None or self.head_mode == "off" or embeddings is None or not len(embeddings):
            return None
        return self.head.predict_proba(embeddings)

    def _gated(self, found: list[records.CatalystMention], proba: np.ndarray) -> list[records.CatalystMention]:
        """Nearest-example matches the head backs (P >= ``head_gate``); alias matches all stay."""
        assert self.head is not None
        gate = self.head_gate if self.head_gate is not None else self.head.meta.get("gate")
        if gate is None:
            return found
        col = {cid: j for j, cid in enumerate(self.head.classes)}
        return [m for m in found if m.method != "embedding" or m.catalyst not in col
                or proba[col[m.catalyst]] >= float(gate)]

    def _head_mentions(self, sentence: records.Sentence, doc: Any, proba: np.ndarray, seen: set[str],
                       mentions: Sequence[records.EntityMention]) -> list[records.CatalystMention]:
        """The head's proposals above its threshold that the matcher did not find, best first."""
        assert self.head is not None
        threshold = self.head.threshold if self.head_threshold is None else self.head_threshold
        out = []
        for j in np.argsort(-proba):
            if proba[j] < threshold:
                break
            cat = self.by_id_.get(self.head.classes[j])
            if cat is None or cat.id in seen:
                continue
            direction = self._direction(cat, doc, 0, len(doc), embedding=True)
            if direction is None:
                continue
            out.append(records.CatalystMention(
                catalyst=cat.id, group=cat.group, name=cat.name, sentence_index=sentence.index,
                evidence=sentence.text, direction=direction, method="head", score=round(float(proba[j]), 4),
                subject=_subject(sentence, mentions, 0)))
        return out

    def _alias_mentions(self, sentence: records.Sentence, doc: Any, mentions: Sequence[records.EntityMention],
                        inserted: Sequence[int] = ()) -> list[records.CatalystMention]:
        from spacy.tokens import Span
        from spacy.util import filter_spans

        spans = filter_spans([Span(doc, s, e, label=mid) for mid, s, e in self.matcher_(doc)])
        by_catalyst: dict[str, list[Any]] = {}
        for span in sorted(spans, key=lambda sp: sp.start):
            if not self._negated(doc, span.start) and self._has_own_subject(self.by_id_[span.label_], doc, span):
                by_catalyst.setdefault(span.label_, []).append(span)
        out: dict[str, records.CatalystMention] = {}
        for cid, cat_spans in by_catalyst.items():
            cat = self.by_id_[cid]
            span, direction = self._pick_span(cat, doc, cat_spans)
            if direction is None:
                continue
            start, end = _original_offset(span.start_char, inserted), _original_offset(span.end_char, inserted)
            evidence, match = evidence_snippet(sentence.text, start, end)
            out[cid] = records.CatalystMention(
                catalyst=cid, group=cat.group, name=cat.name, sentence_index=sentence.index,
                evidence=evidence, evidence_match=match, direction=direction, method="alias", score=1.0,
                subject=_subject(sentence, mentions, start))
        return [m for cid, m in out.items() if not self._yields(self.by_id_[cid], by_catalyst[cid], out)]

    @staticmethod
    def _yields(cat: Catalyst, spans: list[Any], found: dict[str, Any]) -> bool:
        """The sentence belongs to ``cat.yields_to``: it matched too, and ``cat`` only by a yielding alias."""
        return bool(cat.yields_to in found and all(sp.text.lower() in cat.yield_aliases for sp in spans))

    def _embedding_mentions(self, sentence: records.Sentence, doc: Any, emb: np.ndarray | None,
                            seen: set[str], mentions: Sequence[records.EntityMention]
                            ) -> list[records.CatalystMention]:
        if emb is None or self.prototypes_ is None or not len(self.prototypes_):
            return []
        best = self.similarities(emb)
        ranked = sorted(best.items(), key=lambda kv: kv[1], reverse=True)
        (top_id, top), runner_up = ranked[0], (ranked[1][1] if len(ranked) > 1 else 0.0)
        clear = (top >= self.threshold and top - runner_up >= self.margin) or \
            (top >= self.low_threshold and top - runner_up >= self.low_margin)
        if not clear or top_id in seen or top < self.by_id_[top_id].min_similarity:
            return []
        cat = self.by_id_[top_id]
        direction = self._direction(cat, doc, 0, len(doc), embedding=True)
        if direction is None:
            return []
        return [records.CatalystMention(
            catalyst=cat.id, group=cat.group, name=cat.name, sentence_index=sentence.index,
            evidence=sentence.text, direction=direction, method="embedding", score=round(float(top), 4),
            subject=_subject(sentence, mentions, 0))]

    def _pick_span(self, cat: Catalyst, doc: Any, spans: list[Any]) -> tuple[Any, CatalystDirection | None]:
        """The catalyst's first match, with the direction most of its matches give (ties: the first)."""
        directions = [self._direction(cat, doc, sp.start, sp.end) for sp in spans]
        votes = [d for d in directions if d is not None]
        if not votes:
            return spans[0], None
        best = max(dict.fromkeys(votes), key=votes.count)
        return spans[directions.index(best)], best

    def similarities(self, embedding: np.ndarray) -> dict[str, float]:
        """Best cosine similarity of one sentence embedding to each catalyst's examples."""
        if self.prototypes_ is None:
            return {}
        sims = self.prototypes_ @ np.asarray(embedding, dtype=np.float32)
        best: dict[str, float] = {}
        for cid, sim in zip(self.prototype_ids_, sims, strict=True):
            best[cid] = max(best.get(cid, -1.0), float(sim))
        return best

    @staticmethod
    def _has_own_subject(cat: Catalyst, doc: Any, span: Any) -> bool:
        """A generic alias ("hikes", "expensive") needs its own subject nearby: rate words near the Fed
        or a central bank, valuation words near a market or a multiple ("cost hikes" is no Fed hike);
        without ``near`` words, only a word of ``not_after`` right before it rules it out."""
        if span.text.lower() not in cat.generic_aliases:
            return True
        if span.start > 0 and doc[span.start - 1].lower_ in cat.not_after:
            return False
        if not cat.context:  # only ``not_after`` rules it out ("market downturn" is no recession)
            return True
        lo, hi = max(0, span.start - CONTEXT_WINDOW_TOKENS), min(len(doc), span.end + CONTEXT_WINDOW_TOKENS)
        window = " " + " ".join(t.lower_ for t in doc[lo:hi]) + " "
        return any(f" {word} " in window for word in cat.context)

    # -- direction

    def _negated(self, doc: Any, start: int) -> bool:
        """A negator right before the match, or a multi-word one in the few tokens before it."""
        before = [t.lower_ for t in doc[max(0, start - NEGATION_WINDOW_TOKENS): start]]
        for neg in self.negators_:
            if len(neg) == 1:
                if before[-1:] == neg:
                    return True
            elif any(before[i: i + len(neg)] == neg for i in range(len(before) - len(neg) + 1)):
                return True
        return False

    def _direction(self, cat: Catalyst, doc: Any, start: int, end: int, *,
                   embedding: bool = False) -> CatalystDirection | None:
        """tailwind/headwind/risk for the catalyst; None when it needs a cue and has none.

        Order: the writer's own verdict in the match's clause ("a tailwind", "a key headwind"; not
        one a verb undoes: "could derail the tailwind"); a risk cue anywhere (conditionals govern
        the sentence); the catalyst's own cues near the match ("cooling" inflation); generic cues
        in the match's clause, then in the sentence; the catalyst's default.
        """
        text = _doc_text(doc)
        verdict = self._verdict(self._clean(_clause(doc, start, end)))
        if verdict is not None:
            return verdict
        risk = self._risk_cue(self._clean(text))
        if risk:
            return risk
        lo, hi = (start, end) if cat.cue_scope == "match" else (start - CUE_WINDOW_TOKENS, end + CUE_WINDOW_TOKENS)
        window = self._clean(doc[max(0, lo): hi].text)
        labels: tuple[CatalystDirection, ...] = ("risk", "headwind", "tailwind")
        for label in labels:
            if self._has(self.specific_res_[cat.id].get(label), window):
                return label
        for scope in (_clause(doc, start, end), text):
            generic = self._generic_cue(self._clean(scope))
            if generic == "headwind":
                return "headwind" if cat.direction == "tailwind" else cat.direction
            if generic == "tailwind":
                return "tailwind"
        if cat.requires_cue and not embedding:
            return None
        return cat.direction

    def _verdict(self, text: str) -> CatalystDirection | None:
        """The writer's explicit "tailwind"/"headwind", unless a verb just before it undoes it."""
        for label in ("headwind", "tailwind"):
            rx = self.explicit_res_[label]
            for m in rx.finditer(text) if rx else ():
                before = [w.strip(",.") for w in text[max(0, m.start() - 40): m.start()].split()[-4:]]
                if not any(w in self.verdict_undone_ for w in before):
                    return self._generic_cue(text, self.explicit_res_)
        return None

    def _risk_cue(self, text: str) -> CatalystDirection | None:
        """"risk" for a risk cue; "tailwind" when it has receded ("fears have faded"); else None."""
        rx = self.cue_res_["risk"]
        for m in rx.finditer(text) if rx else ():
            after = [w.strip(",.") for w in text[m.end(): m.end() + 30].split()[:3]]
            return "tailwind" if any(w in self.receding_ for w in after) else "risk"
        return None

    def _generic_cue(self, text: str, res: dict[str, re.Pattern[str] | None] | None = None
                     ) -> CatalystDirection | None:
        """"headwind" for a headwind cue that is not reduced ("reducing a key headwind" is a
        tailwind), "tailwind" for a tailwind cue, else None (cues: ``res``, default the generic ones)."""
        res = self.cue_res_ if res is None else res
        tailwind = self._has(res["tailwind"], text)
        rx = res["headwind"]
        for m in rx.finditer(text) if rx else ():
            before = text[max(0, m.start() - 30): m.start()].split()
            if any(w.strip(",.") in self.reducing_ for w in before[-3:]):
                tailwind = True
            else:
                return "headwind"
        return "tailwind" if tailwind else None

    def _clean(self, text: str) -> str:
        text = text.lower()
        return self.ignore_re_.sub(" ", text) if self.ignore_re_ else text

    @staticmethod
    def _has(rx: re.Pattern[str] | None, text: str) -> bool:
        return bool(rx and rx.search(text))


def _encoder_fingerprint(encoder: Any) -> str:
    """Which encoder made the prototypes: its path and a probe embedding (fp32 and int8 differ)."""
    if encoder is None:
        return "default-encoder"
    probe = np.asarray(encoder.encode([CACHE_PROBE]), dtype=np.float32)
    digest = hashlib.sha256(np.round(probe, 4).tobytes()).hexdigest()[:16]
    return f"{getattr(encoder, 'path', '')}:{digest}"


_CLAUSE_BREAKS = frozenset({",", ";", ":", "—", "–", "(", ")"})


#: How far (tokens) a generic alias looks for its own subject.
CONTEXT_WINDOW_TOKENS = 10
#: Longest catalyst evidence snippet, in characters (whole words, cut at clause breaks first).
MAX_EVIDENCE_CHARS = 220
_STRONG_BREAK = re.compile(r"[;:—–]\s|\s[—–]\s")
_COMMA_BREAK = re.compile(r",\s")


def evidence_snippet(text: str, start: int, end: int) -> tuple[str, tuple[int, int]]:
    """The clause of ``text`` holding the match ``start:end``, in whole words, at most
    ``MAX_EVIDENCE_CHARS`` long, and the match's offsets in it (to emphasise it)."""
    lo, hi = 0, len(text)
    for breaks in (_STRONG_BREAK, _COMMA_BREAK):
        if hi - lo <= MAX_EVIDENCE_CHARS:
            break
        lo = max([lo] + [m.end() for m in breaks.finditer(text, lo, start)])
        hi = min([hi] + [m.start() + 1 for m in breaks.finditer(text, end, hi)])
    if hi - lo > MAX_EVIDENCE_CHARS:  # still long: a window of whole words around the match
        room = max(0, MAX_EVIDENCE_CHARS - (end - start)) // 2
        left, right = max(lo, start - room), min(hi, end + room)
        lo = text.find(" ", left, start) + 1 if left > lo and text.find(" ", left, start) >= 0 else max(lo, left)
        cut = text.rfind(" ", end, right)
        hi = cut if right < hi and cut > 0 else right
    while lo > 0 and not text[lo - 1].isspace() and lo > start - MAX_EVIDENCE_CHARS:  # never mid-word
        lo -= 1
    while hi < len(text) and not text[hi].isspace() and hi < end + MAX_EVIDENCE_CHARS:
        hi += 1
    raw = text[lo:hi]
    snippet = raw.strip().rstrip(",;:")
    shift = lo + (len(raw) - len(raw.lstrip()))
    return snippet, (start - shift, end - shift)


#: Endings that make a glued catalyst word a longer word of its own ("inflationary"), not two words.
_WORD_ENDINGS = frozenset({"s", "es", "ed", "ing", "ary", "al", "ly", "er", "ers", "ist", "ists", "ism", "ion", "ions"})
_LETTERS = re.compile(r"[A-Za-z]+")
#: A letter right against a markdown link bracket: "recession]([link]", "[the".
_BRACKET_GLUE = re.compile(r"(?<=[A-Za-z])(?=[\[\]])|(?<=[\[\]])(?=[A-Za-z])")


def unglue(text: str, words: Sequence[str]) -> tuple[str, list[int]]:
    """``text`` with a space between a catalyst word and the word glued to it where scraping dropped a
    hyperlink's spaces ("newtariff policies" -> "new tariff policies"), and between a word and the
    markdown link brackets stuck to it ("recession]([link]"), and the offsets (in ``text``) where
    spaces were put."""
    cuts = {m.start() for m in _BRACKET_GLUE.finditer(text)}
    for m in _LETTERS.finditer(text) if words else ():
        word = m.group().lower()
        for w in words:
            i = word.find(w)
            if i < 0 or word == w:
                continue
            prefix, suffix = word[:i], word[i + len(w):]
            possessive = prefix == "s" and text[m.start() - 1: m.start()] in ("'", "\u2019")  # "Nvidia'searnings"
            bad_suffix = bool(suffix) and (len(suffix) < 2 or suffix in _WORD_ENDINGS)
            if (prefix and len(prefix) < 2 and not possessive) or bad_suffix:
                continue
            cuts.update(m.start() + k for k in (i, i + len(w)) if 0 < k < len(word))
            break
    inserted = sorted(cuts)
    bounds = [0, *inserted, len(text)]
    return " ".join(text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)), inserted


def _original_offset(offset: int, inserted: Sequence[int]) -> int:
    """An offset into ``unglue``'s text mapped back to the original text."""
    shift = 0
    for cut in inserted:
        if cut + shift < offset:
            shift += 1
    return offset - shift


def _clause(doc: Any, start: int, end: int) -> str:
    """The text between the clause breaks around tokens ``start:end``."""
    left = start
    while left > 0 and doc[left - 1].text not in _CLAUSE_BREAKS:
        left -= 1
    right = end
    while right < len(doc) and doc[right].text not in _CLAUSE_BREAKS:
        right += 1
    return doc[left:right].text


def _subject(sentence: records.Sentence, mentions: Sequence[records.EntityMention], at: int) -> str | None:
    """The stance target mentioned closest to ``at`` (sentence-relative chars), macro series aside."""
    best: tuple[int, str] | None = None
    for m in mentions:
        if m.target in MACRO_TARGETS:
            continue
        rel = m.start - sentence.start if sentence.start <= m.start <= sentence.end else m.start
        dist = abs(rel - at)
        if best is None or dist < best[0]:
            best = (dist, m.target)
    return best[1] if best else None


# --------------------------------------------------------------------------- evaluation


def load_dev_rows(path: Path) -> list[dict[str, Any]]:
    """The labelled dev set (``scripts/data/nlp_dev.jsonl``) as a list of dicts."""
    import json

    rows = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ConfigError(f"{path}:{n}: not JSON ({exc.msg})") from None
    return rows


def evaluate_catalysts(rows: Sequence[dict[str, Any]], matcher: CatalystMatcher,
                       embeddings: np.ndarray | None = None) -> dict[str, float]:
    """Precision/recall/F1 over (row, catalyst id) pairs and direction accuracy on matched pairs.

    ``embeddings`` are the rows' sentence embeddings (one per row, in order); each row is read
    as a one-sentence note.
    """
    sentences = [records.Sentence(index=i, text=r["text"], start=0, end=len(r["text"])) for i, r in enumerate(rows)]
    predicted = {(m.sentence_index, m.catalyst): m.direction for m in matcher.find(sentences, embeddings)}
    gold = {(i, c["id"]): c["direction"] for i, r in enumerate(rows) for c in r.get("catalysts", ())}
    hits = predicted.keys() & gold.keys()
    precision = len(hits) / len(predicted) if predicted else 0.0
    recall = len(hits) / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    same = sum(predicted[k] == gold[k] for k in hits)
    return {"precision": precision, "recall": recall, "f1": f1,
            "direction_accuracy": same / len(hits) if hits else 0.0,
            "gold": float(len(gold)), "predicted": float(len(predicted)), "matched": float(len(hits))}


def _doc_text(doc: Any) -> str:
    """``doc.text``, joined once per doc (spaCy rebuilds it from the tokens on every access)."""
    text = doc.user_data.get("notes_analyzer.text")
    if text is None:
        text = doc.user_data["notes_analyzer.text"] = doc.text
    return text
