"""The one place that loads model artefacts: spaCy, the encoder, the trained heads, the registry.

``load_models(options)`` returns a :class:`Models` bundle that the NLP stage takes as an
argument; nothing here runs at import time. A missing required artefact (spaCy model, encoder)
raises ``ModelLoadError`` naming it; an optional head that is not trained yet is ``None``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from notes_analyzer.config import NlpOptions, repo_models_dir
from notes_analyzer.errors import ModelLoadError, NotesAnalyzerError

if TYPE_CHECKING:
    from spacy.language import Language

    from notes_analyzer.market.events import EventRegistry
    from notes_analyzer.market.instruments import InstrumentRegistry
    from notes_analyzer.nlp.catalysts import CatalystHead, CatalystMatcher
    from notes_analyzer.nlp.claims import ClaimHead
    from notes_analyzer.nlp.encoder import Encoder
    from notes_analyzer.nlp.entities import EntityLinker
    from notes_analyzer.nlp.lexicon import Lexicon
    from notes_analyzer.nlp.onnx_encoder import OnnxEncoder
    from notes_analyzer.nlp.sentiment import SentimentHead, SequenceClassifierSentiment
    from notes_analyzer.nlp.syntax import SyntaxReader

T = TypeVar("T")

log = logging.getLogger(__name__)

__all__ = ["SPACY_DISABLE", "Models", "load_encoder", "load_models", "load_spacy"]

#: spaCy components the NLP stage does not use. Sentences come from the statistical sentence
#: recogniser (``senter``), which runs before the parser: the parser then parses within those
#: sentences (``doc.sents`` stay the senter's) and ``nlp/syntax.py`` reads claim slots off its tree.
SPACY_DISABLE = ("ner", "lemmatizer", "tagger", "attribute_ruler")


@dataclass(frozen=True, slots=True, kw_only=True)
class Models:
    """Everything the NLP stage needs, loaded once per process and passed in.

    ``event_aliases`` are the (alias, event id) pairs of the events source: the store's events
    table (see :meth:`with_events`), or the seed file the store is built from when there is no store.
    """

    nlp: Language
    encoder: Encoder | OnnxEncoder
    linker: EntityLinker
    registry: InstrumentRegistry
    lexicon: Lexicon
    #: the fine-tuned model's head (its weights are in ``encoder``: one pass for every head), a
    #: classifier directory (its own pass), or None when neither is there
    sentiment: SentimentHead | SequenceClassifierSentiment | None = None
    claim_head: ClaimHead | None = None
    catalysts: CatalystMatcher | None = None
    #: claim slots read off the dependency parse; None when the spaCy pipeline has no parser
    syntax: SyntaxReader | None = None
    event_aliases: tuple[tuple[str, str], ...] = ()
    #: (name or alias, date) of the same events, where a window can start ("since Liberation Day")
    event_dates: tuple[tuple[str, date], ...] = ()
    options: NlpOptions = field(default_factory=NlpOptions)
    models_dir: Path = field(default_factory=repo_models_dir)

    def with_events(self, events: EventRegistry) -> Models:
        """The bundle reading event mentions from ``events`` (the store's events table)."""
        return replace(self, event_aliases=events.alias_pairs(), event_dates=events.anchor_dates())


@contextlib.contextmanager
def _torch_hidden() -> Iterator[None]:
    """Make ``import torch`` fail for the duration (unless torch is loaded already).

    spaCy's thinc imports torch whenever it is installed, only for GPU and PyTorch wrappers that the
    lean CPU pipeline never uses; with the ONNX encoder that import is the largest part of a cold start.
    """
    if "torch" in sys.modules:
        yield
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # the import system's "not importable" marker
    try:
        yield
    finally:
        if sys.modules.get("torch", ...) is None:
            del sys.modules["torch"]


def load_spacy(name: str, *, without_torch: bool = False) -> Language:
    """The spaCy pipeline, lean: tokenizer, tok2vec, the sentence recogniser, then the parser.

    ``without_torch`` keeps thinc from importing torch when spaCy is imported first here."""
    with _torch_hidden() if without_torch else contextlib.nullcontext():
        import spacy

    order = _senter_first(name)
    try:
        nlp = spacy.load(name, exclude=list(SPACY_DISABLE),
                         config={"nlp": {"pipeline": order}} if order else {})
    except OSError as exc:
        raise ModelLoadError(f"spaCy model {name!r} is not installed ({exc})") from None
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    return nlp


def _senter_first(name: str) -> list[str] | None:
    """The model's pipe order with the sentence recogniser moved just before the parser (a parser
    after it respects its sentences); None when the model lacks either or cannot be read here."""
    from spacy.util import get_package_path, is_package, load_config

    root = get_package_path(name) if is_package(name) else Path(name)
    config = next(iter(sorted(root.glob("*/config.cfg"))), root / "config.cfg")
    if not config.is_file():
        return None
    pipeline = list(load_config(config)["nlp"]["pipeline"])
    if "senter" not in pipeline or "parser" not in pipeline:
        return None
    pipeline.remove("senter")
    pipeline.insert(pipeline.index("parser"), "senter")
    return pipeline


def _threads(options: NlpOptions) -> int | None:
    return options.threads or int(os.environ.get("OMP_NUM_THREADS", "0") or 0) or None


def _sentiment_head(options: NlpOptions, models_dir: Path) -> SentimentHead | None:
    """The fine-tuned sentiment model the encoder is built from, or None: a classifier directory is
    asked for, the model is not trained yet, or ``encoder_path`` names an encoder it does not fit."""
    import json

    from notes_analyzer.nlp.encoder import default_encoder_path
    from notes_analyzer.nlp.sentiment import CONFIG_FILE, WEIGHTS_FILE, SentimentHead

    head_dir = models_dir / "sentiment"
    if options.classifier_path:
        return None
    if not (head_dir / CONFIG_FILE).is_file() or not (head_dir / WEIGHTS_FILE).is_file():
        log.warning("sentiment model not available (%s; train it with scripts/train_sentiment.py): "
                    "sentiment stays empty", head_dir)
        return None
    head = SentimentHead.load(head_dir)
    encoder_dir = Path(options.encoder_path) if options.encoder_path else default_encoder_path()
    try:
        base = json.loads((encoder_dir / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return head  # the encoder's own loading reports a missing or broken directory
    if not head.fits(base):
        log.warning("the sentiment model at %s is a fine-tuned MiniLM and does not fit the encoder at %s: "
                    "sentiment stays empty (use classifier_path for another model)", head_dir, encoder_dir)
        return None
    return head


def _load_encoder(options: NlpOptions, head: SentimentHead | None) -> Encoder | OnnxEncoder:
    """The encoder every head reads: the fine-tuned model when ``head`` is given (ONNX or torch)."""
    sentiment_dir = head.path if head is not None else None
    if options.encoder == "onnx":
        from notes_analyzer.nlp.onnx_encoder import OnnxEncoder

        return OnnxEncoder(options.encoder_path, sentiment_dir=sentiment_dir, max_length=options.max_length,
                           batch_size=options.batch_size, quantize=options.quantize, threads=_threads(options),
                           cache_dir=options.cache_dir)
    from notes_analyzer.nlp.encoder import Encoder

    return Encoder(options.encoder_path, sentiment_dir=sentiment_dir, max_length=options.max_length,
                   batch_size=options.batch_size, quantize=options.quantize, threads=_threads(options))


def load_encoder(options: NlpOptions | None = None) -> Encoder | OnnxEncoder:
    """The pipeline's encoder alone (what ``load_models`` gives ``Models.encoder``), for scripts."""
    options = options or NlpOptions()
    return _load_encoder(options, _sentiment_head(options, options.models_root()))


def _load_registry(models_dir: Path) -> InstrumentRegistry:
    from notes_analyzer.market.instruments import InstrumentRegistry

    try:
        return InstrumentRegistry.load(models_dir / "instruments.yaml")
    except NotesAnalyzerError as exc:
        raise ModelLoadError(f"instrument registry: {exc}") from None


def _optional(what: str, loader: Callable[[], T]) -> T | None:
    """Run ``loader``; a head whose artefact is not trained yet is ``None`` (logged)."""
    try:
        return loader()
    except FileNotFoundError as exc:
        log.warning("%s not available (%s): its results stay empty", what, exc)
        return None


def _load_classifier(options: NlpOptions) -> SequenceClassifierSentiment:
    from notes_analyzer.nlp.sentiment import SequenceClassifierSentiment

    if options.classifier_path is None:
        raise ModelLoadError("no sentiment classifier directory was given")
    return SequenceClassifierSentiment(options.classifier_path, max_length=options.max_length,
                                       batch_size=options.batch_size)


def _load_claim_head(models_dir: Path, encoder: Encoder | OnnxEncoder) -> ClaimHead | None:
    from notes_analyzer.nlp.claims import FEATURE_NAMES, ClaimHead

    head = ClaimHead.load(models_dir / "claims")
    if head.coef.shape[0] != encoder.dim + len(FEATURE_NAMES):
        log.warning("claim head was trained on %d-d embeddings, the encoder at %s gives %d: head not used "
                    "(retrain it with scripts/train_claims.py)", head.coef.shape[0] - len(FEATURE_NAMES),
                    encoder.path, encoder.dim)
        return None
    return head


def _load_catalysts(models_dir: Path, encoder: Encoder | OnnxEncoder) -> CatalystMatcher:
    from notes_analyzer.nlp.catalysts import CatalystMatcher

    path = models_dir / "catalysts.yaml"
    if not path.is_file():
        raise FileNotFoundError(path)
    head = _optional("catalyst head", lambda: _load_catalyst_head(models_dir, encoder))
    mode = str(head.meta.get("mode", "fill")) if head is not None else "off"
    return CatalystMatcher(head=head, head_mode=mode).load(path, encoder=encoder)


def _load_catalyst_head(models_dir: Path, encoder: Encoder | OnnxEncoder) -> CatalystHead | None:
    """The trained catalyst head (``models/catalyst_head``), unless made on embeddings of another width."""
    from notes_analyzer.nlp.catalysts import CatalystHead

    head = CatalystHead.load(models_dir / "catalyst_head")
    if head.dim != encoder.dim:
        log.warning("catalyst head was trained on %d-d embeddings, the encoder at %s gives %d: head not used "
                    "(retrain it with scripts/train_catalysts.py)", head.dim, encoder.path, encoder.dim)
        return None
    return head


def load_models(options: NlpOptions | None = None, events: EventRegistry | None = None) -> Models:
    """Load spaCy, the encoder, the registry, the lexicon and every trained head that exists, all
    from ``options.models_dir`` (default: the repo's ``models/``).

    ``events``: the events source for event mentions (an Analyzer passes the store's); without
    one, the seed ``events.yaml`` of the same models folder is read.
    """
    from notes_analyzer.market.events import EventRegistry
    from notes_analyzer.nlp.entities import EntityLinker
    from notes_analyzer.nlp.lexicon import Lexicon
    from notes_analyzer.nlp.syntax import SyntaxReader

    options = options or NlpOptions()
    models_dir = options.models_root()
    nlp = load_spacy(options.spacy_model, without_torch=options.encoder == "onnx")
    head = _sentiment_head(options, models_dir)
    encoder = _load_encoder(options, head)
    sentiment: SentimentHead | SequenceClassifierSentiment | None = \
        _load_classifier(options) if options.classifier_path else head
    registry = _load_registry(models_dir)
    linker = EntityLinker.with_sectors(nlp, registry.aliases(), models_dir / "sectors.yaml")
    if events is None:
        try:
            events = EventRegistry.load(models_dir / "events.yaml")
        except NotesAnalyzerError as exc:
            raise ModelLoadError(f"events: {exc}") from None
    lexicon = Lexicon.load(models_dir / "lexicon.yaml")
    return Models(
        nlp=nlp, encoder=encoder, linker=linker, registry=registry, lexicon=lexicon,
        syntax=SyntaxReader(nlp.vocab, lexicon) if "parser" in nlp.pipe_names else None,
        sentiment=sentiment,
        claim_head=_optional("claim head", lambda: _load_claim_head(models_dir, encoder)),
        catalysts=_optional("catalyst matcher", lambda: _load_catalysts(models_dir, encoder)),
        event_aliases=events.alias_pairs(), event_dates=events.anchor_dates(), options=options, models_dir=models_dir,
    )
