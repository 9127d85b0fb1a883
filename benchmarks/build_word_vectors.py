"""Make the word-vector table the answer layer reads for words near in meaning.

    python benchmarks/build_word_vectors.py            # writes calibration/<model>.words.npz

The vocabulary is jieba's 60,000 most frequent words of 2 to 4 Chinese characters (so everyday
words a resident asks in are there: 看病, 租房, 餐厅) and every such jieba word of the reports in
`shared/corpus/` (the reports' own words: 出租屋, 黑臭). No question set is read. Each word is
embedded alone by the default model as a query (words compared with words), the vectors are
centred, projected on their top 128 principal directions, re-normalised and stored as int8:
near pairs stay as far above chance as in the full 384 (the printed check), at a twelfth of the
size.
`chance` is the 99th percentile of the cosine of random word pairs: nearer than that means
something. Takes about 9 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import jieba
import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from assistant.answer.word_vectors import word_vectors_file  # noqa: E402
from assistant.index.embedders import E5SmallEmbedder  # noqa: E402
from assistant.reading.documents import find_document_files, load_document  # noqa: E402

SHARED_CORPUS = HERE.parent.parent / "shared" / "corpus"
WORD = re.compile(r"[\u4e00-\u9fff]{2,4}")
GENERAL_WORDS = 60_000  # jieba's dictionary beyond this is mostly names and idioms
DIRECTIONS = 128
RANDOM_PAIRS = 200_000
BATCH = 512
# Pairs a resident's and a report's wording link (near), and pairs they must not (far)
NEAR_PAIRS = (("空气", "大气"), ("租房", "出租屋"), ("看病", "医疗"), ("发臭", "黑臭"))
FAR_PAIRS = (("财政", "企业"), ("书记", "党工委"), ("空气", "大米"))


def general_words(limit: int) -> set[str]:
    dictionary = Path(jieba.__file__).parent / "dict.txt"
    rows = [line.split() for line in dictionary.read_text(encoding="utf-8").splitlines()]
    words = [(int(row[1]), row[0]) for row in rows if len(row) > 1 and WORD.fullmatch(row[0])]
    return {word for _, word in sorted(words, key=lambda pair: -pair[0])[:limit]}  # stable


def corpus_words(folder: Path) -> set[str]:
    words: set[str] = set()
    for path in find_document_files([folder]):
        try:
            text = load_document(path).text
        except Exception as error:  # a trap file of the corpus: its words are not needed
            print(f"skipped {path.name}: {error}", file=sys.stderr)
            continue
        words.update(word for word in jieba.lcut(text) if WORD.fullmatch(word))
    return words


def embed(embedder: E5SmallEmbedder, words: list[str]) -> np.ndarray:
    started, parts = time.perf_counter(), []
    for i in range(0, len(words), BATCH):
        parts.append(embedder.encode_queries(words[i : i + BATCH]))
        print(f"{i + BATCH} words, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return np.concatenate(parts).astype(np.float32)


def reduce(vectors: np.ndarray, directions: int) -> np.ndarray:
    """Centred on the mean word, projected on the top principal directions, re-normalised.
    Centring drops the direction every word shares, so cosines spread out (chance 0.88 → 0.28)."""
    centred = vectors - vectors.mean(axis=0)
    _, _, basis = np.linalg.svd(centred[:: max(1, len(centred) // 20_000)], full_matrices=False)
    reduced = centred @ basis[:directions].T
    return reduced / np.linalg.norm(reduced, axis=1, keepdims=True)


def chance_cosine(vectors: np.ndarray, rng: np.random.Generator) -> float:
    a, b = rng.integers(0, len(vectors), (2, RANDOM_PAIRS))
    return float(np.percentile(np.sum(vectors[a] * vectors[b], axis=1), 99))


def check(words: list[str], full: np.ndarray, stored: np.ndarray) -> float:
    """Prints how far above chance a few near pairs stay in the full and the stored vectors;
    returns the stored vectors' chance cosine."""
    rows = {word: i for i, word in enumerate(words)}
    pairs = [(a, b) for a, b in NEAR_PAIRS + FAR_PAIRS if a in rows and b in rows]
    for name, vectors in (("full", full), ("stored", stored)):
        chance = chance_cosine(vectors, np.random.default_rng(0))
        above = [
            f"{a}/{b} {(float(vectors[rows[a]] @ vectors[rows[b]]) - chance) / (1 - chance):.2f}"
            for a, b in pairs
        ]
        print(f"{name}: chance cosine {chance:.3f}; above chance: " + ", ".join(above))
    return chance


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=SHARED_CORPUS)
    parser.add_argument("--output", type=Path, help="default: beside the model's calibration")
    args = parser.parse_args()
    words = sorted(general_words(GENERAL_WORDS) | corpus_words(args.corpus))
    print(f"{len(words)} words", file=sys.stderr)
    embedder = E5SmallEmbedder()
    full = embed(embedder, words)
    stored = np.round(reduce(full, DIRECTIONS) * 127).astype(np.int8)
    chance = check(words, full, stored.astype(np.float32) / 127)
    path = args.output or word_vectors_file(embedder.name)
    np.savez_compressed(path, words=np.array(words), vectors=stored, chance=np.float32(chance))
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB), chance cosine {chance:.3f}")


if __name__ == "__main__":
    main()
