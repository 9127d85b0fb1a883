"""The one Chinese tokenizer for BM25, used at index *and* query time.

Character unigrams + bigrams of CJK runs, whole Latin words and numbers. Measured on CMRC 2018 and
the seed report, this matched or beat jieba words (docs/benchmarks.md) and needs no dictionary.
Questions are also folded to simplified characters and stripped of question words, which would
otherwise score as rare, informative terms.
"""

from __future__ import annotations

import functools
import re
import unicodedata

TOKENIZER_NAME = "cjk-unigram-bigram-v1"

# A run of CJK ideographs: `规上工业增加值`
CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# A Latin word or a number, decimals kept whole: `35.7`, `5g`, `cbd`
WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")
# Question words that carry no content: `多少`, `什么`, `哪些`, `怎么样` …
QUESTION_WORDS = re.compile(
    r"请问|多少|什么|哪些|哪个|哪里|哪儿|哪|怎么样|怎么|怎样|如何|是否|有没有|有无|为何|为什么|"
    r"多大|多高|多长|多久|多远|多快|是谁|谁|几个|几家|几项|几|吗|呢|吧|么|啊|呀|"
    # relative years are resolved by the year handling (years.py), not matched as words
    r"前年|去年|今年|明年|上一年|本年"
)


# Function characters and years: a bigram that holds one says nothing about the topic
# (`道的`, `是谁`, `年坚`), so "does the report talk about this?" ignores them.
YEAR_WORDS = re.compile(r"(?:1[89]|20)\d\d年")
FUNCTION_CHARS = re.compile(r"[的了是有在和与及或要把被对为以于等都也就还从到给让将这那个]")
# Words that frame a resident's question without naming its topic (`会不会改造`, `有什么办法`,
# `附近…有新建的吗`, `什么时候能解决` once 什么 is dropped): as topic they occur in few
# passages, so they weighed the most and were always missing. Whole jieba words only: `能源`,
# `社会` and `解决机制` keep their characters.
FRAME_WORDS = frozenset(
    [
        "会",
        "不会",
        "会不会",
        "能",
        "不能",
        "能不能",
        "可以",
        "可不可以",
        "是不是",
        "要不要",
        "想",
        "想要",
        "打算",
        "问题",
        "办法",
        "情况",
        "时候",
        "起来",
        "一下",
        "附近",
        "家里",
        "我们",
        "咱们",
        "大家",
        "老百姓",
        "好的",
        "不好",
    ]
)


def normalize(text: str) -> str:
    """NFKC (full-width to half-width) and lower case."""
    return unicodedata.normalize("NFKC", text).lower()


# Brackets inside a word: `镇(街)` is asked as `镇街`.
INNER_BRACKET = re.compile(r"(?<=[\u4e00-\u9fff])[()](?=[\u4e00-\u9fff])")


def tokenize(text: str) -> list[str]:
    """Tokens of a passage: CJK unigrams and bigrams, Latin words and numbers."""
    text = INNER_BRACKET.sub("", normalize(text))
    tokens: list[str] = []
    for run in CJK_RUN.findall(text):
        tokens.extend(run)
        tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    tokens.extend(WORD.findall(text))
    return tokens


def to_simplified(text: str) -> str:
    """Traditional characters folded to simplified (江门's overseas readers write 江門)."""
    return _converter().convert(text)


@functools.lru_cache(maxsize=1)
def _converter():  # type: ignore[no-untyped-def]
    from opencc import OpenCC

    return OpenCC("t2s")


# Hong Kong colloquial words, read after folding to simplified characters (幾多 -> 几多):
# `几多` = 多少, `边个` = 哪个, `边啲` = 哪些, `咗` = 了, `系` alone = 是 (but 体系 stays).
COLLOQUIAL = (
    ("几多", "多少"),
    ("边个", "哪个"),
    ("边啲", "哪些"),
    ("边度", "哪里"),
    ("边间", "哪间"),
    ("乜嘢", "什么"),
    ("乜", "什么"),
    ("咩", "什么"),
    ("点解", "为什么"),
    ("几耐", "多久"),
    ("是咪", "是不是"),  # 係咪, once 係 is read as 是
    # the year and day counted from today: `舊年` is 去年, as a year word must know
    ("旧年", "去年"),
    ("出年", "明年"),
    ("而家", "现在"),
    ("琴日", "昨天"),
    ("听日", "明天"),
    ("揾", "找"),  # 搵, as OpenCC folds it
    ("畀", "给"),
    ("睇", "看"),
    ("谂", "想"),
    ("嚟", "来"),
    ("屋企", "家里"),
    ("细路", "孩子"),
    ("返工", "上班"),
    ("呢个", "这个"),
    ("呢啲", "这些"),
    ("点样", "怎样"),
    ("几时", "什么时候"),
    ("有冇", "有没有"),
    ("冇", "没有"),
    ("咗", "了"),
    ("唔", "不"),
    ("𠮶", "那"),  # 嗰 (that), as OpenCC folds it
    ("嗰", "那"),
    ("嘅", "的"),
    ("啲", "些"),
    ("喺", "在"),
    ("佢哋", "他们"),
    ("佢", "他"),
    ("咁", "这么"),
)
# `边` before a measure word is 哪 (`边条村`, `边年`); alone it stays (`旁边`, `周边`)
COLLOQUIAL_WHICH = re.compile(r"边(?=[条只位家年次种项座块所间个])")
# `係` is folded to 系; alone (not in 体系/关系/联系) it is the verb 是.
COLLOQUIAL_IS = re.compile(r"(?<![体关联派世谱直])系(?![统列数])")


def prepare_question(question: str) -> str:
    """The question as searched: stripped, simplified characters, colloquial words read."""
    text = to_simplified(normalize(question).strip())
    if "係" in question:
        text = COLLOQUIAL_IS.sub("是", text)
    for word, meaning in COLLOQUIAL:
        text = text.replace(word, meaning)
    return COLLOQUIAL_WHICH.sub("哪", text)


def tokenize_query(question: str) -> list[str]:
    """Tokens of a question, without question words (split there, so no bigram bridges them)."""
    return tokenize(QUESTION_WORDS.sub(" ", prepare_question(question)))


def topic_terms(question: str) -> list[str]:
    """The question's content bigrams and words: what a passage must mention to answer it.
    Bigrams are taken inside the question's words (jieba), not across them: `附近看病` is 附近
    and 看病, not also `近看`, and `会不会改造` leaves no `会改`. Such bridges occur in no
    report, so as topic they weighed the most and were always missing: a question in everyday
    words (`会不会`, `想`, `有…吗`) looked as if it asked about something the reports lack."""
    text = YEAR_WORDS.sub(" ", QUESTION_WORDS.sub(" ", prepare_question(question)))
    words = (word for word in _words(text) if word not in FRAME_WORDS)
    pieces = (FUNCTION_CHARS.sub(" ", word) for word in words)
    return sorted({token for piece in pieces for token in tokenize(piece) if len(token) >= 2})


def _words(text: str) -> list[str]:
    """`text` cut into words by jieba's dictionary (loaded once, quietly)."""
    return _segmenter().lcut(text)


@functools.lru_cache(maxsize=1)
def _segmenter():  # type: ignore[no-untyped-def]
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    segmenter = jieba.Tokenizer()
    segmenter.initialize()
    return segmenter


def load_segmenter() -> None:
    """Load jieba's dictionary now (0.4-1 s), with the index, rather than on the first question."""
    _segmenter()
