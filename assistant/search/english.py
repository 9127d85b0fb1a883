"""An English question read in the reports' own words, for BM25 and the answer's evidence.

The multilingual model links an English question to a Chinese passage by meaning, but BM25, the
place filter and the answer's coverage features need the reports' words: `Sichuan` is 四川,
`GDP` is 地区生产总值, `how many` asks an amount. This small glossary of place names and the
vocabulary of government work reports gives them; the dense search still embeds the question
as asked. Longer phrases are listed before their words (`urban jobs` before `jobs`).
"""

from __future__ import annotations

import re

# Provinces and the cities of the reports (pinyin as written in English).
PLACES = {
    "beijing": "北京", "shanghai": "上海", "tianjin": "天津", "chongqing": "重庆",
    "hebei": "河北", "shanxi": "山西", "shaanxi": "陕西", "liaoning": "辽宁", "jilin": "吉林",
    "heilongjiang": "黑龙江", "jiangsu": "江苏", "zhejiang": "浙江", "anhui": "安徽",
    "fujian": "福建", "jiangxi": "江西", "shandong": "山东", "henan": "河南", "hubei": "湖北",
    "hunan": "湖南", "guangdong": "广东", "guangxi": "广西", "hainan": "海南", "sichuan": "四川",
    "guizhou": "贵州", "yunnan": "云南", "tibet": "西藏", "xizang": "西藏", "gansu": "甘肃",
    "qinghai": "青海", "ningxia": "宁夏", "xinjiang": "新疆", "inner mongolia": "内蒙古",
    "shenzhen": "深圳", "chengdu": "成都", "hangzhou": "杭州", "jiangmen": "江门",
    "waihai": "外海", "xingtai": "邢台", "ezhou": "鄂州", "yongzhou": "永州",
    "china": "全国", "the country": "全国", "nationwide": "全国", "national": "全国",
}
# Words of the reports, phrase -> the reports' wording (several words: any of them).
TERMS = {
    "little giant": "小巨人", "specialised and innovative": "专精特新",
    "specialized and innovative": "专精特新", "high-tech": "高新技术", "gdp": "地区生产总值",
    "gross regional product": "地区生产总值", "gross domestic product": "国内生产总值",
    "economy": "经济总量", "economic growth": "经济增长", "growth": "增长", "target": "目标",
    "urban jobs": "城镇新增就业", "jobs": "就业", "employment": "就业",
    "unemployment": "失业率", "grain": "粮食", "output": "产量", "harvest": "产量",
    "cotton": "棉花", "industrial": "工业", "industry": "产业", "manufacturing": "制造业",
    "investment": "投资", "added value": "增加值", "value added": "增加值",
    "enterprises": "企业", "companies": "企业", "firms": "企业", "revenue": "收入",
    "fiscal": "财政", "budget": "预算", "deficit": "赤字", "tax": "税", "fees": "费",
    "exports": "出口", "imports": "进口", "foreign trade": "外贸", "retail": "零售",
    "consumption": "消费", "income": "收入", "residents": "居民", "population": "人口",
    "hospital": "医院", "medical": "医疗", "health": "健康", "insurance": "医保",
    "registration": "挂号", "elderly": "养老", "pension": "养老", "childcare": "托育",
    "nursery": "托育", "kindergarten": "学前", "school": "学校", "schools": "学校",
    "students": "学生", "education": "教育", "housing": "住房", "homes": "住房",
    "heating": "供暖", "households": "户", "renovation": "改造", "renovated": "改造",
    "old neighbourhoods": "老旧小区", "old neighborhoods": "老旧小区", "village": "村",
    "villages": "村", "park": "公园", "road": "路", "roads": "道路", "railway": "铁路",
    "high-speed rail": "高铁", "airport": "机场", "port": "港口", "tourist": "景区",
    "scenic": "景区", "5a": "5a", "environment": "环境", "air quality": "空气质量",
    "pm2.5": "pm2.5", "carbon": "碳", "energy": "能源", "electricity": "电力",
    "technology": "科技", "science": "科学", "innovation": "创新", "research": "研发",
    "talent": "人才", "talents": "人才", "phd": "博士", "doctoral": "博士", "patents": "专利",
    "digital": "数字", "agriculture": "农业", "farmers": "农民", "rural": "乡村",
    "poverty": "脱贫", "migrant": "随迁", "subsidy": "补贴", "award": "奖", "prize": "奖",
    "party": "党", "government": "政府", "epidemic": "疫情", "covid": "疫情",
    "hospital beds": "床位", "water": "水", "flood": "防汛", "safety": "安全",
    "last year": "去年", "this year": "今年", "next year": "明年",
    "plan": "计划", "plans": "计划", "will": "将", "build": "建设", "built": "建成",
    "new": "新增", "added": "新增", "add": "新增",
}
# Questions that ask an amount, read as the Chinese question word the rules know.
ASKS_AMOUNT = re.compile(
    r"\bhow (?:many|much|big|large|long|fast)\b|\bwhat (?:share|percentage|proportion|rate)\b"
)
ASKS_WHICH = re.compile(r"\bwhich\b|\bwhat\b")
# `what was X's GDP`: a `what` question about one of these asks an amount too
AMOUNT_WORDS = re.compile(
    r"\b(?:gdp|output|growth|rate|ratio|revenue|income|jobs|economy|size|number|total|target)\b"
)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
PHRASES = sorted({**PLACES, **TERMS}.items(), key=lambda item: -len(item[0]))
PATTERN = re.compile(r"\b(?:" + "|".join(re.escape(key) for key, _ in PHRASES) + r")\b")
WORDING = dict(PHRASES)


def in_report_words(question: str) -> str:
    """The Chinese words an English question names, with its years and question word:
    `what was sichuan's gdp in 2024?` -> `2024年 四川 地区生产总值 是多少`."""
    text = question.lower()
    words = [f"{year}年" for year in YEAR.findall(text)]
    words += [WORDING[match] for match in PATTERN.findall(text)]
    if ASKS_AMOUNT.search(text) or (ASKS_WHICH.search(text) and AMOUNT_WORDS.search(text)):
        words.append("是多少")
    elif ASKS_WHICH.search(text):
        words.append("是什么")
    return " ".join(dict.fromkeys(words))
