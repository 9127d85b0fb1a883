"""Residents' words read in the reports' words: 看病 is 就医/医疗, 生孩子 is 生育.

People ask in everyday words; reports write official ones. Neither BM25 nor the small embedding
model links `看病` with `医疗` reliably, so a question naming an everyday word also searches the
report words for it (added to its BM25 tokens, one way: a question in report words is not
widened). Several report words per everyday word: any of them may be the one a report uses.
A small table, extended by adding a row; every report word here occurs in the corpus.
"""

from __future__ import annotations

from collections.abc import Iterable

# everyday word -> report words (space-separated); longer everyday words first where they overlap
PLAIN_WORDS = {
    "看病": "就医 医疗 诊疗",
    "看医生": "就医 医疗",
    "上学": "入学 就学 教育",
    "上幼儿园": "学前教育 入园",
    "幼儿园": "学前教育 入园",
    "生孩子": "生育",
    "生娃": "生育",
    "带孩子": "托育 育儿",
    "带娃": "托育 育儿",
    "老人": "老年 养老",
    "老年人": "老年 养老",
    "大学毕业生": "高校毕业生",
    "大学生": "高校毕业生",
    "找工作": "就业",
    "有活干": "就业",
    # `城里`/`乡下` appear in 38 of the 364 everyday-word training questions
    "城里人": "城镇居民 城镇",
    "城里": "城镇 城市",
    "乡下人": "农村居民 农民",
    "乡下": "农村 乡村",
    "打工": "务工 就业",
    "房子": "住房",
    "买房": "住房 购房",
    "租房": "租赁住房 租房",
    "报销": "医保 报销",
    "地铁": "轨道交通 地铁",
    "公交车": "公共交通 公交",
    "堵车": "拥堵",
    "停车": "停车 泊位",
    "空气": "空气质量",
    "垃圾": "垃圾分类 固体废物",
    "厕所": "厕所 公厕",
    "自来水": "供水",
    "喝水": "饮水 供水",
    "网速": "网络 宽带 5g",
    "省钱": "压减 压缩 节约",
    "节省开支": "压减 压缩 一般性支出 节约",
    "节约开支": "压减 压缩 一般性支出 节约",
    "花钱": "支出 投入 资金",
    "花了多少钱": "支出 投入 资金",
    "补贴": "补贴 补助 津贴",
    "开厂": "企业 投产",
    "办厂": "企业 投产",
    "游客": "游客 旅游",
    "景点": "景区",
    "拆迁": "征收 拆迁 三旧",
    "旧村": "三旧 城中村",
    "吃饭": "助餐 餐饮",
    "治安": "治安 平安",
    "打官司": "纠纷 调解 法律",
    "上访": "信访",
    "办事": "政务服务 办理",
    "跑腿": "跑一次 一网通办",
}


def report_words(question: str) -> list[str]:
    """The report words for the everyday words `question` (simplified) names, in order."""
    found: list[str] = []
    for plain, words in PLAIN_WORDS.items():
        if plain in question:
            found += [word for word in words.split() if word not in question]
    return list(dict.fromkeys(found))


def stand_ins(question: str, terms: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """For each of `terms` (a question's topic bigrams) inside an everyday word of `question`,
    the report words that stand for it: a passage writing 医疗 covers the 看病 asked about."""
    found: dict[str, tuple[str, ...]] = {}
    for plain, words in PLAIN_WORDS.items():
        if plain in question:
            for term in terms:
                if term in plain:
                    found[term] = found.get(term, ()) + tuple(words.split())
    return found
