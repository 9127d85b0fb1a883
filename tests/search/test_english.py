"""An English question read in the reports' words (search/english.py and its two .tsv files)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.search.english import (
    GLOSSARY_FILE,
    PLACES,
    PLACES_FILE,
    REPORT_WORD,
    TERMS,
    VOCABULARY,
    base_form,
    candidate_forms,
    in_report_words,
    load_glossary,
)
from assistant.search.places import named_places
from assistant.search.query import understand

CORPUS = Path("/work/shared/corpus")
# Listed words whose base form is listed too, on purpose: a phrase uses the word as written
# (`party building`, `talent strengthening`) or it means something else (`parking` is not `park`).
DISTINCT_FORMS = {
    "added", "arts", "based", "bonded", "building", "charging", "expected", "financing",
    "ageing", "goods", "greening", "heating", "housing", "leading", "listed", "living", "nursing",
    "opening", "parking", "planning", "planting", "rated", "recycling", "rights", "sales", "seed",
    "shipping", "sized", "skilled", "skills", "spending", "strengthening", "surveyed", "testing",
    "training", "upgrading", "wind", "working",
}  # fmt: skip


def words_of(question: str) -> list[str]:
    return in_report_words(question).split()


@pytest.mark.parametrize("path", [GLOSSARY_FILE, PLACES_FILE])
def test_every_line_of_the_data_files_is_a_comment_or_an_entry(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    entries = [line for line in lines if line.strip() and not line.startswith("#")]
    glossary = load_glossary(path)  # raises on a malformed line or a phrase listed twice
    assert len(glossary) == len(entries)
    for phrase, words in glossary.items():
        assert phrase == phrase.lower().strip() and "  " not in phrase
        assert all(REPORT_WORD.fullmatch(word) for word in words.split()), phrase


def test_the_glossary_covers_the_reports_broadly_and_apart_from_places() -> None:
    assert 500 <= len(TERMS) <= 1500
    assert not set(TERMS) & set(PLACES)
    assert {"洛阳", "周口", "黔东南", "蓬江", "台山", "香港", "澳门", "粤港澳大湾区"} <= {
        word for words in PLACES.values() for word in words.split()
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("park 公园\n", "expected `english phrase<TAB>中文 words`"),
        ("park\t\n", "expected `english phrase<TAB>中文 words`"),
        ("\t公园\n", "expected `english phrase<TAB>中文 words`"),
        ("park\t公园\t花园\n", "expected `english phrase<TAB>中文 words`"),
        ("park\t公园, 花园\n", "not words of a report"),
        ("park\t公园\n# parks\nPark\t花园\n", "glossary.tsv:3: 'park' is listed twice"),
    ],
)
def test_a_bad_line_is_named(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "glossary.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_glossary(path)


@pytest.mark.parametrize(
    ("question", "words"),
    [
        (
            "Has the land acquisition and backfilling for the safety and emergency industrial "
            "park been completed?",
            "收地 填土 安全 应急 产业园 完成",
        ),
        (
            "What was the result of the acceptance review of the talent-strengthening programme?",
            "验收 人才 成效 是什么",
        ),
        ("How much did fixed-asset investment grow in 2022?", "固定资产投资 2022年 是多少"),
        ("What were total retail sales of consumer goods last year?", "社会消费品零售总额 去年"),
        ("How many enterprises above designated size were added?", "规模以上 规上 企业 新增"),
        ("Which strategic emerging industries does the city support?", "战略性新兴产业 城市"),
        ("How will idle factories and low-efficiency land be revitalised?", "闲置厂房 低效用地"),
        ("Which urban villages and old neighbourhoods were renovated?", "城中村 老旧小区 改造"),
        ("How many kindergarten places and primary schools were built?", "幼儿园 小学 建成"),
        ("What subsidies and allowances do people in difficulty receive?", "补贴 津贴 困难群众"),
        ("How are petitions and disputes handled by grid members?", "信访 纠纷 网格员"),
        ("Were hidden dangers of fire safety in rental houses inspected?", "隐患 消防安全 出租屋"),
        ("Which party branches became demonstration sites?", "党支部 示范点"),
        ("Which ancestral halls and former residences will be restored?", "祠 故居"),
        ("Is intangible cultural heritage promoted?", "非遗"),
        ("Where can residents go bird watching along the river embankment?", "观鸟 河 堤岸"),
        ("How was class B management of COVID carried out?", "乙类乙管 疫情 开展"),
        ("What was the vaccination rate of people over 80?", "疫苗接种 率 是多少"),
        ("How many postdocs and high-level talents were introduced?", "博士后 高层次人才"),
        ("Who were named skilled craftsmen?", "能工巧匠 评为"),
        ("Where did the subdistrict rank in the rural revitalization assessment?", "排名 考核"),
        ("Did the village win the first prize or the second prize?", "一等奖 二等奖 村 获得"),
        ("When did the inpatient building start construction?", "住院 开工"),
        ("Was the new campus of the hospital put into operation?", "新院区 医院 投用"),
        ("Did Jiangmen's Xinhui district get approval for the pilot?", "江门 新会 区 获批 试点"),
        ("How is Waihai part of the Guangdong-Hong Kong-Macao Greater Bay Area?", "粤港澳大湾区"),
    ],
)
def test_a_question_about_a_report_topic_is_read_in_its_words(question: str, words: str) -> None:
    missing = set(words.split()) - set(words_of(question))
    assert not missing, in_report_words(question)


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("what was sichuan's gdp in 2024?", "2024年 四川 地区生产总值 生产总值 是多少"),
        ("how many new urban jobs did anhui add last year?", "安徽 新增 城镇新增就业 去年 是多少"),
        ("which village will build a park?", "村 将 建设 公园 是什么"),
        ("hello", ""),
    ],
)
def test_in_report_words(question: str, words: str) -> None:
    assert set(words_of(question)) == set(words.split())


@pytest.mark.parametrize(
    ("question", "wins", "loses"),
    [
        ("the industrial park", "产业园", "工业"),  # not `industrial` + `park`
        ("industrial parks", "产业园", "公园"),  # the plural still finds the phrase
        ("the park", "公园", "产业园"),
        ("new urban jobs", "城镇新增就业", "城市"),
        ("the beijing tianjin hebei region", "京津冀", "北京"),  # a region, not Beijing's reports
        ("national high-tech enterprises", "高新技术企业", "全国"),
    ],
)
def test_a_longer_phrase_wins_over_its_words(question: str, wins: str, loses: str) -> None:
    assert wins in words_of(question) and loses not in words_of(question)


@pytest.mark.parametrize(
    ("word", "listed"),
    [
        ("parks", "park"),
        ("cities", "city"),
        ("taxes", "tax"),
        ("completed", "complete"),
        ("renovated", "renovate"),
        ("started", "start"),
        ("planned", "plan"),  # a doubled consonant
        ("backfilling", "backfill"),
        ("craftsmen", "craftsman"),
        ("specialised", "specialized"),  # British spelling
        ("organisations", "organization"),
        ("centres", "center"),
        ("programme", "program"),
        ("park", "park"),  # listed as written
        ("parking", "parking"),  # listed: not `park`
        ("news", "news"),  # not a plural
        ("has", "has"),  # too short to cut
        ("unlisted", "unlisted"),
    ],
)
def test_a_word_is_read_as_its_listed_base_form(word: str, listed: str) -> None:
    assert base_form(word) == listed


def test_the_glossary_lists_base_forms() -> None:
    """A phrase written with `parks` would never match: questions are read as `park`."""
    inflected = {
        word
        for word in VOCABULARY
        if any(form != word and form in VOCABULARY for form in candidate_forms(word))
    }
    assert inflected == DISTINCT_FORMS


@pytest.mark.parametrize(
    ("question", "years", "asked"),
    [
        ("How many schools were built in 2022 and 2023?", ["2022年", "2023年"], "是多少"),
        ("What share of the budget went to education?", [], "是多少"),
        ("What proportion of enterprises are high-tech?", [], "是多少"),
        ("What percentage of villages have sewage treatment?", [], "是多少"),
        ("Where did the district rank in 2021?", ["2021年"], "是多少"),
        ("What was GDP in 2019?", ["2019年"], "是多少"),
        ("Which temples were restored in 2023?", ["2023年"], "是什么"),
        ("What honours did the community receive?", [], "是什么"),
        ("Has the park been completed?", [], None),
    ],
)
def test_years_and_the_question_word_are_kept(
    question: str, years: list[str], asked: str | None
) -> None:
    words = words_of(question)
    assert [word for word in words if word.endswith("年") and word[:-1].isdigit()] == years
    assert [word for word in words if word in {"是多少", "是什么"}] == ([asked] if asked else [])
    assert words[-1] == asked or asked is None


def test_no_glossary_word_names_a_place() -> None:
    """A topic word must not turn on the place filter (`国家安全` would name the State Council)."""
    issuers = {word for words in PLACES.values() for word in words.split()} | {"国务院"}
    naming = {word for words in TERMS.values() for word in words.split()}
    assert {word for word in naming if named_places(word, issuers)} == set()


def test_the_glossary_words_occur_in_the_reports() -> None:
    """Guards against invented vocabulary: a word no report uses adds nothing to BM25."""
    files = sorted(CORPUS.rglob("*.txt")) if CORPUS.is_dir() else []
    if not files:
        pytest.skip(f"no corpus at {CORPUS}")
    text = "".join(path.read_text(encoding="utf-8", errors="ignore") for path in files).lower()
    words = {word for words in TERMS.values() for word in words.split()}
    missing = sorted(word for word in words if word not in text)
    assert len(missing) <= 0.1 * len(words), missing


def test_an_english_question_is_embedded_as_asked_and_matched_in_report_words() -> None:
    query = understand("What was Sichuan's GDP in 2024?")
    assert query.embedded.startswith("what was sichuan")
    assert "四川" in query.tokens and query.years == {2024} and query.wants_amount
    assert not query.in_chinese
    chinese = understand("2024年四川地区生产总值是多少？")
    assert chinese.in_chinese and chinese.embedded == chinese.simplified
