"""How much of a question's wording a text holds: its tokens by their weight, its topic terms,
and (with the model's word vectors) the words near them in meaning."""

from __future__ import annotations

import math
from collections.abc import Mapping

from assistant.answer.word_vectors import Nearness
from assistant.index import StoredIndex, tokenize
from assistant.index.tokenizer import normalize
from assistant.search import Query


def token_weights(index: StoredIndex, tokens: list[str], *, with_titles: bool = False) -> dict:
    """BM25's IDF of each distinct question token; a token no chunk holds weighs the most.

    `with_titles` counts a report's title as part of each of its chunks, so the name in every
    title (`外海街道`) weighs little, as a word on every page would."""
    total = len(index.chunks)
    in_titles = index.title_token_frequency() if with_titles else {}
    weights = {}
    for token in set(tokens):
        frequency = min(total, index.chunk_frequency(token) + in_titles.get(token, 0))
        weights[token] = math.log(1 + (total - frequency + 0.5) / (frequency + 0.5))
    return weights


def topic_weights(index: StoredIndex, query: Query) -> dict[str, float]:
    """The question's topic terms, weighted by squared IDF with report titles counted: one rare
    topic word (`GDP`, `常住人口`) outweighs the report's own name (`外海街道`)."""
    weights = token_weights(index, list(query.topic), with_titles=True)
    return {term: weight * weight for term, weight in weights.items()}


def coverage(weights: dict[str, float], present: set[str]) -> float:
    """Share of the question's token weight among the tokens `present` in a text."""
    total = math.fsum(weights.values())
    if total <= 0:
        return 0.0
    return math.fsum(weight for token, weight in weights.items() if token in present) / total


def topic_coverage(
    weights: dict[str, float], text: str, stand_ins: Mapping[str, tuple[str, ...]] | None = None
) -> float:
    """Share of the question's topic weight that `text` covers; a term is also covered by a
    report word standing in for it (`stand_ins`: 医疗 for the 看病 of an everyday question).

    A missing bigram whose two characters are both covered by found bigrams only straddles a
    word boundary (`产业当家`: `业当`), so it does not count as missing."""
    return topic_coverages(weights, text, stand_ins or {}, None)[0]


def topic_coverages(
    weights: dict[str, float],
    text: str,
    stand_ins: Mapping[str, tuple[str, ...]],
    near: Nearness | None,
    present: set[str] | None = None,
) -> tuple[float, float]:
    """`topic_coverage`, and the same share where a missing term counts as far as the nearest
    word of `text` is near it in meaning (`word_vectors`): 大气 covers much of the 空气 asked
    about. In the second a term covered by a stand-in counts once, in full. Sums are exact
    (`fsum`), so a refit does not depend on the order a set of terms is read in."""
    present = set(tokenize(text)) if present is None else present
    found, not_held = _topic_terms_in(weights, text, present, stand_ins)
    found_weight = math.fsum(weights[term] for term in found)
    total = found_weight + math.fsum(weights[term] for term in not_held)
    missing = not_held - found
    closeness = near.closeness(text) if near is not None and missing else {}
    near_weight = math.fsum(weights[term] * closeness.get(term, 0.0) for term in missing)
    near_total = found_weight + math.fsum(weights[term] for term in missing)
    return (
        found_weight / total if total > 0 else 0.0,
        (found_weight + near_weight) / near_total if near_total > 0 else 0.0,
    )


def _topic_terms_in(
    weights: dict[str, float],
    text: str,
    present: set[str],
    stand_ins: Mapping[str, tuple[str, ...]],
) -> tuple[set[str], set[str]]:
    """The topic terms `text` covers, and those it does not hold itself (a term of three or
    more characters covered by a stand-in is in both, as `topic_coverage` was fitted).
    `present`: the tokens of `text`."""
    # stand-ins are read as the question is (`plain_words.stand_ins`: NFKC, lower case), so the
    # text is too: the table writes `5g` and `PM2.5`, a report `5G` and `ＰＭ２.５`
    lowered = normalize(text) if stand_ins else text
    found = {
        term
        for term in weights
        if term in present or any(word in lowered for word in stand_ins.get(term, ()))
    }
    found_chars = {char for term in found for char in term}
    missing = {
        term
        for term in weights
        if term not in present and not (len(term) == 2 and set(term) <= found_chars)
    }
    return found, missing
