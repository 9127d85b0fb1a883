"""Index build throughput, and the share of build time spent on anything but the model.

    python benchmarks/build_throughput.py                          # the seed report
    C=/work/shared/corpus/reports/city_multiyear             # plus two more reports:
    python benchmarks/build_throughput.py --files $C/2025_邢台市_*.txt $C/2025_鄂州市_*.txt
    python benchmarks/build_throughput.py --repeats 5

For the seed report (documents/) plus any `--files`, each repeat times:

    build        a fresh index: `sync_index(..., rebuild=True)` into an empty temp folder
                 (read, chunk, embed, BM25, FAISS, write), with the model already loaded
    embed alone  the same model embedding exactly the passages that build embeds: the unique
                 `passage_text(chunk, title)` of the chunks `chunk_document` makes, sorted, as
                 `sync_index` sends them
    read+chunk   `load_document` + `chunk_document` alone (part of the overhead)

and prints the medians of wall time (and of this process's CPU time): characters of document
text per second of build, and the overhead (build - embed) / build in % (target < 10%), by wall
time and by CPU time (which other processes on a busy machine disturb less). One untimed build
of the first file warms the imports first. The 1-minute load average is printed: above the core
count, numbers are inflated. As the difference of two noisy times is itself noisy, the
overhead is also shown against the time the build spends inside the model (a timing wrapper
around the embedder), which other load blurs much less.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


from machine import load_average  # noqa: E402

from assistant.config import Settings  # noqa: E402
from assistant.index.build import passage_text, sync_index  # noqa: E402
from assistant.index.embedders import Embedder, Progress, make_embedder  # noqa: E402
from assistant.reading.documents import find_document_files, load_document  # noqa: E402
from assistant.reading.structure import chunk_document  # noqa: E402

TARGET_OVERHEAD = 10.0
LABELS = {
    "build": "build (sync_index, rebuild=True)",
    "embed": "model embeds the passages alone",
    "read": "read + chunk alone (overhead part)",
}
Timing = tuple[float, float]  # wall seconds, CPU seconds


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", nargs="*", type=Path, default=[], help="more reports")
    parser.add_argument("--documents-dir", type=Path, default=ROOT / "documents")
    parser.add_argument("--repeats", type=int, default=3, help="timed repeats (3); median shown")
    parser.add_argument("--embedder", default="e5-small", help="model (default e5-small)")
    return parser.parse_args()


def passages(files: list[Path], chunk_chars: int) -> tuple[list[str], int, int]:
    """The texts a fresh build embeds (unique, sorted), the document characters, the chunks."""
    texts, characters = [], 0
    for path in files:
        document = load_document(path)
        characters += len(document.text)
        texts += [
            passage_text(c, document.title)
            for c in chunk_document(document, chunk_chars=chunk_chars)
        ]
    return sorted(set(texts)), characters, len(texts)


class TimedEmbedder:
    """Passes calls to a model and adds up the wall seconds spent in `encode_passages`."""

    def __init__(self, model: Embedder) -> None:
        self.model, self.name, self.dimension = model, model.name, model.dimension
        self.seconds = 0.0

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self.model.encode_queries(texts)

    def encode_passages(
        self, texts: Sequence[str], *, progress: Progress | None = None
    ) -> np.ndarray:
        started = time.perf_counter()
        try:
            return self.model.encode_passages(texts, progress=progress)
        finally:
            self.seconds += time.perf_counter() - started


def time_build(files: list[Path], embedder: TimedEmbedder, chunk_chars: int) -> Timing:
    with tempfile.TemporaryDirectory(prefix="build-") as folder:
        return time_call(
            sync_index,
            files,
            index_dir=Path(folder) / "index",
            embedder=embedder,
            chunk_chars=chunk_chars,
            rebuild=True,
        )


def time_call(call: Callable[..., object], *args: object, **kwargs: object) -> Timing:
    """Wall seconds and this process's CPU seconds (all threads) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    call(*args, **kwargs)
    return time.perf_counter() - wall, time.process_time() - cpu


def overhead(build: float, embed: float) -> float:
    return (build - embed) / build * 100


def report(runs: dict[str, list[Timing]], characters: int, inside: list[float]) -> None:
    wall = {key: statistics.median(t[0] for t in timings) for key, timings in runs.items()}
    cpu = {key: statistics.median(t[1] for t in timings) for key, timings in runs.items()}
    print(f"{'':<36}{'wall s':>9}{'chars/s':>9}{'CPU s':>9}")
    for key, label in LABELS.items():
        speed = f"{characters / wall[key]:>9.0f}" if key != "read" else f"{'':>9}"
        print(f"{label:<36}{wall[key]:>9.3f}{speed}{cpu[key]:>9.3f}")
    each = [overhead(b[0], e[0]) for b, e in zip(runs["build"], runs["embed"], strict=True)]
    result = overhead(wall["build"], wall["embed"])
    verdict = "meets" if result < TARGET_OVERHEAD else "misses"
    print(
        f"overhead (build - embed) / build = {result:.1f}% of wall time ({verdict} the "
        f"<{TARGET_OVERHEAD:.0f}% target); per repeat: "
        + ", ".join(f"{value:.1f}%" for value in each)
    )
    print(
        f"same by CPU time (less sensitive to other load): "
        f"{overhead(cpu['build'], cpu['embed']):.1f}%"
    )
    inner = statistics.median(overhead(b[0], e) for b, e in zip(runs["build"], inside, strict=True))
    print(
        f"same by the time the build itself spends in encode_passages (little blurred by load): "
        f"{inner:.1f}%"
    )


def main() -> None:
    args = parse_args()
    print(load_average())
    settings = Settings(embedder=args.embedder)
    files = find_document_files([args.documents_dir, *args.files])
    embedder = TimedEmbedder(make_embedder(settings.embedder))
    texts, characters, chunks = passages(files, settings.chunk_chars)
    time_build(files[:1], embedder, settings.chunk_chars)  # warm-up: imports, first model call
    runs: dict[str, list[Timing]] = {key: [] for key in LABELS}
    inside: list[float] = []
    for _ in range(args.repeats):
        embedder.seconds = 0.0
        runs["build"].append(time_build(files, embedder, settings.chunk_chars))
        inside.append(embedder.seconds)
        runs["embed"].append(time_call(embedder.model.encode_passages, texts))
        runs["read"].append(time_call(passages, files, settings.chunk_chars))
    print(
        f"{len(files)} file(s), {characters} characters, {chunks} chunks, "
        f"{len(texts)} unique passages ({sum(map(len, texts))} characters embedded); "
        f"model {embedder.name}; median of {args.repeats}"
    )
    report(runs, characters, inside)
    print(load_average())


if __name__ == "__main__":
    main()
