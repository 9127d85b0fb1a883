"""Words near in meaning: the shipped table of the default model's word vectors."""

from __future__ import annotations

import pytest

from assistant.answer import word_vectors
from assistant.answer.coverage import topic_coverage, topic_coverages
from assistant.answer.word_vectors import load_word_vectors, nearness
from assistant.index.embedders import E5SmallEmbedder
from assistant.search.query import understand


@pytest.fixture(scope="module")
def table():
    loaded = load_word_vectors(E5SmallEmbedder.name)
    assert loaded is not None, "the default model's word vectors ship with its calibration"
    return loaded


def closeness(table, question: str, text: str) -> dict[str, float]:
    query = understand(question)
    near = nearness(table, query.topic, query.simplified)
    assert near is not None
    return near.closeness(text)


def near_share(weights, text, stand_ins, near) -> float:
    return topic_coverages(weights, text, stand_ins, near)[1]


def test_everyday_words_come_near_the_reports_words(table) -> None:
    assert closeness(table, "空气好不好？", "强化大气污染防控")["空气"] > 0.4
    assert closeness(table, "租房的人多吗？", "强化出租屋管理")["租房"] > 0.4
    # unrelated words stay at chance
    assert closeness(table, "空气好不好？", "大米产量稳定")["空气"] < 0.1


def test_the_same_word_is_as_near_as_can_be(table) -> None:
    assert closeness(table, "改造什么？", "老旧小区改造")["改造"] == pytest.approx(1.0, abs=0.02)


def test_a_term_the_table_lacks_is_read_as_the_question_word_holding_it(table) -> None:
    """`老房` is a bigram cut from `老房子`; the table holds the word."""
    assert "老房" not in table.rows and "老房子" in table.rows
    assert closeness(table, "老房子会不会改造？", "老旧小区改造")["老房"] > 0.2


def test_a_term_the_table_holds_is_read_as_itself(table) -> None:
    """`居民` of `居民消费价格` is 居民, not the 居民消费 that would bring it near `消费`."""
    assert "居民" in table.rows and "居民消费" in table.rows
    near = closeness(table, "居民消费价格涨了多少？", "促进线上线下消费融合发展")
    assert near["居民"] < 0.4


def test_a_text_without_table_words_is_at_chance(table) -> None:
    assert set(closeness(table, "空气好不好？", "2023 ABC").values()) == {0.0}


def test_near_words_cover_part_of_a_missing_topic(table) -> None:
    query = understand("空气不好有什么办法？")
    weights = dict.fromkeys(query.topic, 1.0)
    near = nearness(table, query.topic, query.simplified)
    assert topic_coverage(weights, "强化大气主要污染物防控") == 0.0
    assert 0.3 < near_share(weights, "强化大气主要污染物防控", {}, near) < 1.0
    assert near_share(weights, "大米产量稳定", {}, near) < 0.1
    assert near_share(weights, "改善空气质量", {}, near) == 1.0


def test_without_a_table_only_held_terms_count() -> None:
    """Another embedding model has no table: the feature is the topic held, stand-ins in full."""
    weights = {"看病": 1.0, "医院": 1.0}
    assert nearness(None, weights, "看病的医院") is None
    assert near_share(weights, "医院", {}, None) == pytest.approx(0.5)
    assert near_share(weights, "医疗 医院", {"看病": ("医疗",)}, None) == 1.0
    assert load_word_vectors("sentence-transformers:some-other-model") is None


def test_the_words_kept_for_texts_are_bounded(table, monkeypatch) -> None:
    """A long-running app reads ever new sentences: the kept words stay within CACHED_PARTS."""
    monkeypatch.setattr(word_vectors, "CACHED_PARTS", 5)
    for n in range(12):
        assert table.words_in(f"强化大气污染防控{n}") >= {"大气", "污染"}
        assert len(table._words_in) <= 5
