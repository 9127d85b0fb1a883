"""Figure rules, table-driven from real report sentences (copied in, so no files are read).

Sources: the seed report (外海街道 2022), the city reports (永州 2014/2016, 北京 2022, 深圳 2022,
成都 2019/2020, 邢台 2021-08, 鄂州 2014/2016/2021, 天津 2026, 上海 2019) and the 洛阳 2023
statistical bulletin.
"""

from __future__ import annotations

import pytest

from assistant.answer.figures import answering_figure, find_figures, parse_number
from assistant.search.query import asks_for_quantity

# --- real sentences -------------------------------------------------------------------------

SEED_ECONOMY = "经济运行稳中有进,实现规模以上工业产值超400亿元,规模以上工业增加值104.86亿元。"
SEED_INDUSTRY = (
    "工业优势进一步巩固,工业产值全区占比近70%;工业投资增长35.7%,"
    "占固定资产投资比重约50.44%,经济发展后劲突显。"
)
SEED_FIRMS = (
    "产业发展量质齐升,坚持“工业立街”,年内新增60家专精特新企业、57家规上企业,"
    "在全区40%的土地**上创造了70%的经济体量,集聚了全区78%的规上工业企业、79%的专精特新企业、"
    "87%的国家高新技术企业,实体经济数量质量位居全市镇(街)第一。"
)
SEED_CLUSTER = (
    "推动“1+3”战略性产业集群发展壮大,高端装备制造、新一代电子信息技术产业产值超百亿,"
    "占全街道规上工业总产值超57%。"
)
SEED_GIANTS = (
    "创新驱动成效显著,新增2家专精特新“小巨人”企业,全区16家专精特新“小巨人”企业均落户外海。"
)
SEED_TALENT = "积极引进博士(后)15人,新增认定高层次人才111人,累计引进境外高端人才超40人。"
SEED_CRAFTSMEN = "完成第二批“龙溪传人”评定,5名一线产业工人被评为能工巧匠型传人。"
SEED_LAND = (
    "重点项目加快推进,高标准推进占地904亩的高新区17号、18号地的统一设计、统一定位、统一招商,"
    "占地334****工业园项目率先破土动工。"
)
SEED_PLOTS = "攻坚完成17、26、27号地及安全应急产业园收地填土工作。"
SEED_MASKED = (
    "率先开放34****医疗机构,建成2****服务站,80岁以上人群第一剂次疫苗接种覆盖率全区第一,"
    "助力疫情防控顺利转段。"
)
SEED_OPENING = (
    "2022年,****党工委、****区委、区政府坚强领导,紧紧依靠区直有关部门大力支持,"
    "****区委“高质量发展突破年”工作安排,****区委“1+5+3”工作举措,"
    "团结带领全街道各级各部门和广大党员干部转作风、提士气。"
)
SEED_GRID = "治理基础不断夯实,优化划分77个智慧网格、1008个“最小单元”。"
SEED_TRAINING = (
    "制定网格员培训“优阶计划”和量化考核制度,组织各类思想、技能教育培训57场次,"
    "实现网格员职业责任感、归属感“双提升”。"
)
SEED_HOUSING = (
    "民生保障持续强化,全区规模最大、占地39亩的****花园项目破土动工,"
    "成功争取高新一小、****学校、实验小学等项目落户建设。"
)
SEED_ANNIVERSARY = (
    "用好五大祠、陈少白故居、青青读书会等历史遗迹,办好陈伯坛先生诞辰160周年纪念活动,"
    "推广外海面、花生饼、生恭鲤鱼、太虚拳等非遗**。"
)
SEED_BRANCHES = "德众泰、朝扬精密等18****党支部,其中高新技术企业6家,成立数量稳居全区首位。"
YONGZHOU_2014 = (
    "全年地方生产总值完成1163.4亿元（预计数，下同）、增长10%，固定资产投资突破千亿，"
    "达到1071.9亿元、增长33.5%，社会消费品零售总额完成374.4亿元、增长13.7%，财政收入超过百亿，"
    "达到100.4亿元、增长15.8%，城乡居民收入达到22368元、7799元，分别增长12.5%和13%。"
)
LUOYANG_POPULATION = (
    "年末常住人口707.9万人，其中全市城镇常住人口477.3万人，常住人口城镇化率为67.42%，"
    "比上年末提高0.94个百分点。"
)
LUOYANG_BIRTHS = (
    "全市出生人口5.1万人，出生率为7.20‰；死亡人口5.5万人，死亡率为7.77‰；自然增长率为-0.57‰。"
)
BEIJING_2022 = (
    "初步预计，全市地区生产总值超过4万亿元、同比增长8.5%，居民消费价格上涨1.1%，"
    "居民人均可支配收入实际增长8%，经济结构和质量持续优化提升，"
    "人均地区生产总值和全员劳动生产率保持全国第一。"
)
CHENGDU_TOWNS = (
    "大力推进品质活力示范乡镇建设，在着力抓好15个全国重点镇和省级示范乡镇的同时，"
    "每个县区集中力量建设3至5个品质活力示范乡镇。"
)
BRANDS = "坚持“一县一品”做大做强地方文旅品牌，打造1—2个全国性文旅活动品牌。"
XINGTAI_NURSERY = (
    "发展普惠性托育，支持社会力量发展婴幼儿照护服务，鼓励有条件的幼儿园招收2-3岁幼儿，"
    "到2025年每千人口拥有3岁以下婴幼儿托位4.1个，解决好生育“三孩”的后顾之忧。"
)
EZHOU_HOUSING = "新建保障性住房1.29万套，实施农村危房改造1.17万户，完成因灾倒房重建2003户。"
EZHOU_XIAOKANG = "全面小康实现程度提高2.5个百分点左右。"
EZHOU_PLENUM = (
    "根据党的十九届五中全会、省委十一届八次全会和市委七届十一次全会精神，"
    "市人民政府组织编制了《鄂州市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"
    "（草案）》，提请大会审议。"
)
ZHEJIANG_MODEL = "学习借鉴浙江“千万工程”经验，分类推进美丽乡村示范村、整治村建设。"
EDUCATION = (
    "教育事关千家万户，我们要以先行示范的标准加快推进幼有善育、学有优教，"
    "努力让每一个孩子享受更加公平优质的教育，拥有更加光明的未来。"
)
FOREIGN_CAPITAL = "落实省“外资10条”，提高利用外资的质量和水平。"
EXPORTS = (
    "继续实施外贸企业“破零倍增”计划，重点扶持“五十百”企业做大做强，全年实现外贸进出口9亿美元。"
)
SHENZHEN_SERVICES = (
    "前海扩区效应凸显，105项制度创新成果全国复制推广，五年新注册港资企业超6000家、"
    "引进全球头部服务商42家，现代服务业增加值增长超一倍。"
)
SHENZHEN_POWER = (
    "全社会用电量、供电量均突破1000亿千瓦时，最高用电负荷突破2000万千瓦，"
    "光明燃机电源基地、大唐国际宝昌燃气热电扩建等项目开工建设。"
)
METRO = "开通试运营地铁5号线一二期、10号线二期，加快6号线、8号线、9号线、17号线等地铁项目建设。"
PERMITS = "“证照分离”改革试点第一批116项和第二批82项全面完成，累计146项改革事项在全国推广。"
SAFETY = "安全生产工作保持全省先进，各类事故起数、死亡人数同比分别下降61%和31%。"
BASE_STATIONS = "规划新建5G基站1.5万个。"
PM25 = (
    "实施打赢蓝天保卫战三年行动计划，热电锅炉全部达到超低排放标准要求，"
    "市区PM2.5平均浓度降为每立方米39.8微克、下降10.8%。"
)
TIANJIN_REFORM = (
    "改革开放先行区引领带动作用更加彰显，滨海新区开发开放龙头作用更加突出，"
    "百余项国家级改革试点任务先行探索，重点领域支撑性改革集成发力，"
    "自贸试验区制度创新指数连续五年排名全国第三，"
    "新华·波罗的海国际航运中心发展指数排位升至全球第18位，市属国企利润年均增长11.1%，"
    "民营经营主体超178万户，上市公司增至88家，实际使用外资263亿美元。"
)

# --- find_figures ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (SEED_ECONOMY, [("超400亿元", 400.0, "亿元", "超"), ("104.86亿元", 104.86, "亿元", "")]),
        (
            SEED_INDUSTRY,
            [
                ("近70%", 70.0, "%", "近"),
                ("增长35.7%", 35.7, "%", "增长"),
                ("约50.44%", 50.44, "%", "约"),
            ],
        ),
        (SEED_CLUSTER, [("超百亿", 100.0, "亿", "超"), ("超57%", 57.0, "%", "超")]),
        (SEED_GIANTS, [("新增2家", 2.0, "家", "新增"), ("16家", 16.0, "家", "")]),
        (
            SEED_TALENT,
            [("15人", 15.0, "人", ""), ("111人", 111.0, "人", ""), ("超40人", 40.0, "人", "超")],
        ),
        (SEED_GRID, [("77个", 77.0, "个", ""), ("1008个", 1008.0, "个", "")]),
        (SEED_TRAINING, [("57场次", 57.0, "场次", "")]),
        (SEED_LAND, [("904亩", 904.0, "亩", "")]),
        (SEED_HOUSING, [("39亩", 39.0, "亩", "")]),
        (SEED_ANNIVERSARY, [("160周年", 160.0, "周年", "")]),
        (SEED_MASKED, [("80岁以上", 80.0, "岁", "以上")]),
        (SEED_BRANCHES, [("6家", 6.0, "家", "")]),
        (
            LUOYANG_POPULATION,
            [
                ("707.9万人", 707.9, "万人", ""),
                ("477.3万人", 477.3, "万人", ""),
                ("67.42%", 67.42, "%", ""),
                ("提高0.94个百分点", 0.94, "个百分点", "提高"),
            ],
        ),
        (
            LUOYANG_BIRTHS,
            [
                ("5.1万人", 5.1, "万人", ""),
                ("7.20‰", 7.2, "‰", ""),
                ("5.5万人", 5.5, "万人", ""),
                ("7.77‰", 7.77, "‰", ""),
                ("-0.57‰", -0.57, "‰", ""),
            ],
        ),
        (
            BEIJING_2022,
            [
                ("超过4万亿元", 4.0, "万亿元", "超过"),
                ("增长8.5%", 8.5, "%", "增长"),
                ("上涨1.1%", 1.1, "%", "上涨"),
                ("增长8%", 8.0, "%", "增长"),
            ],
        ),
        (CHENGDU_TOWNS, [("15个", 15.0, "个", ""), ("3至5个", 3.0, "个", "")]),
        (BRANDS, [("1—2个", 1.0, "个", "")]),
        (
            EZHOU_HOUSING,
            [
                ("1.29万套", 1.29, "万套", ""),
                ("1.17万户", 1.17, "万户", ""),
                ("2003户", 2003.0, "户", ""),
            ],
        ),
        (EZHOU_XIAOKANG, [("提高2.5个百分点左右", 2.5, "个百分点", "提高 左右")]),
        (
            SHENZHEN_POWER,
            [
                ("突破1000亿千瓦时", 1000.0, "亿千瓦时", "突破"),
                ("突破2000万千瓦", 2000.0, "万千瓦", "突破"),
            ],
        ),
        (BASE_STATIONS, [("1.5万个", 1.5, "万个", "")]),
        (SAFETY, [("下降61%", 61.0, "%", "下降"), ("31%", 31.0, "%", "")]),
        (EXPORTS, [("9亿美元", 9.0, "亿美元", "")]),
        (
            SHENZHEN_SERVICES,
            [
                ("105项", 105.0, "项", ""),
                ("超6000家", 6000.0, "家", "超"),
                ("42家", 42.0, "家", ""),
                ("增长超一倍", 1.0, "倍", "增长超"),
            ],
        ),
    ],
)
def test_find_figures(sentence: str, expected: list[tuple[str, float, str, str]]) -> None:
    figures = find_figures(sentence)
    assert [(f.text, f.value, f.unit, f.qualifier) for f in figures] == expected
    assert all(sentence[f.start : f.end] == f.text for f in figures)


@pytest.mark.parametrize(
    ("sentence", "expected_texts"),
    [
        (SEED_OPENING, []),  # 2022年 is a year, “1+5+3” a code
        (SEED_CRAFTSMEN, ["5名"]),  # 第二批 is an ordinal
        (SEED_LAND, ["904亩"]),  # 17号、18号地 are plot numbers; 334**** is masked
        (SEED_PLOTS, []),  # 17、26、27号地
        (SEED_MASKED, ["80岁以上"]),  # 34**** and 2**** are masked; 第一 is a rank
        (SEED_CLUSTER, ["超百亿", "超57%"]),  # “1+3”
        (SEED_BRANCHES, ["6家"]),  # 18****党支部
        (EZHOU_PLENUM, []),  # 十九届五中全会, 十一届八次, 七届十一次, 第十四个, 二〇三五年
        (ZHEJIANG_MODEL, []),  # “千万工程” is a name
        (EDUCATION, []),  # 千家万户, 每一个
        (FOREIGN_CAPITAL, []),  # “外资10条” is a policy name
        (EXPORTS, ["9亿美元"]),  # 破零倍增, “五十百”
        (METRO, []),  # 5号线, 17号线
        (PM25, ["39.8微克", "下降10.8%"]),  # PM2.5, 三年行动计划
        (XINGTAI_NURSERY, ["2-3岁", "3岁以下", "4.1个"]),  # 到2025年, 每千人口, “三孩”
        (TIANJIN_REFORM, ["百余项", "增长11.1%", "超178万户", "88家", "263亿美元"]),  # 第三, 第18位
    ],
)
def test_not_figures(sentence: str, expected_texts: list[str]) -> None:
    assert [figure.text for figure in find_figures(sentence)] == expected_texts


def test_find_figures_survives_odd_input() -> None:
    assert find_figures("") == []
    assert find_figures("****") == []
    assert find_figures("34****") == []


# --- indicator ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "figure_text", "indicator"),
    [
        (SEED_ECONOMY, "超400亿元", "规模以上工业产值"),
        (SEED_ECONOMY, "104.86亿元", "规模以上工业增加值"),
        (SEED_INDUSTRY, "近70%", "工业产值全区占比"),
        (SEED_INDUSTRY, "增长35.7%", "工业投资"),
        (SEED_INDUSTRY, "约50.44%", "占固定资产投资比重"),
        (SEED_FIRMS, "新增60家", "专精特新企业"),
        (SEED_FIRMS, "57家", "规上企业"),
        (SEED_FIRMS, "78%", "规上工业企业"),
        (SEED_GIANTS, "16家", "专精特新“小巨人”企业"),
        (SEED_TALENT, "15人", "积极引进博士(后)"),
        (SEED_TALENT, "超40人", "引进境外高端人才"),
        (SEED_CRAFTSMEN, "5名", "一线产业工人"),
        (SEED_GRID, "1008个", "最小单元"),
        (YONGZHOU_2014, "增长10%", "地方生产总值"),
        (YONGZHOU_2014, "突破千亿", "固定资产投资"),
        (YONGZHOU_2014, "13%", "城乡居民收入"),
        (LUOYANG_POPULATION, "67.42%", "常住人口城镇化率"),
        (LUOYANG_POPULATION, "提高0.94个百分点", "常住人口城镇化率"),
        (BEIJING_2022, "增长8.5%", "全市地区生产总值"),
        (BEIJING_2022, "增长8%", "居民人均可支配收入"),
        (SAFETY, "下降61%", "死亡人数"),
        (EZHOU_HOUSING, "1.17万户", "实施农村危房改造"),
        (TIANJIN_REFORM, "88家", "上市公司"),
        (PERMITS, "82项", "第二批"),
        (XINGTAI_NURSERY, "4.1个", "婴幼儿托位"),
    ],
)
def test_indicator(sentence: str, figure_text: str, indicator: str) -> None:
    figures = {figure.text: figure for figure in find_figures(sentence)}
    assert figures[figure_text].indicator == indicator


# --- parse_number ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("104.86", 104.86),
        ("1,008", 1008.0),
        ("-0.57", -0.57),
        ("1.2万", 12000.0),
        ("三百", 300.0),
        ("一千二百", 1200.0),
        ("两万", 20000.0),
        ("百", 100.0),
        ("十五", 15.0),
        ("二十一", 21.0),
        ("三万五千", 35000.0),
        ("一亿二千万", 120_000_000.0),
        ("二〇三五", 2035.0),
        ("增长", None),
        ("", None),
        ("34****", None),
    ],
)
def test_parse_number(text: str, value: float | None) -> None:
    assert parse_number(text) == value


# --- asks_for_quantity ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("规模以上工业产值是多少？", True),
        ("新增了几家专精特新企业？", True),
        ("工业产值占全区的比重有多大？", True),
        ("工业投资增长多少？", True),
        ("工业投资增长情况", True),
        ("城镇化率比上年末提高了几个百分点？", True),
        ("工业产值全区占比", True),
        ("实体经济数量质量在全市排名第几？", True),
        ("居民消费价格下降了吗", True),
        ("外海街道2023年工作谋划有哪些？", False),
        ("什么是“1+3”战略性产业集群？", False),
        ("如何推动经济增长？", False),
        ("怎么开展产业链招商？", False),
        ("是否建成了政务服务标杆大厅？", False),
        ("这几乎是全区第一吗", False),
    ],
)
def test_asks_for_quantity(question: str, expected: bool) -> None:
    assert asks_for_quantity(question) is expected


# --- answering_figure -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        ("工业投资增长多少？", SEED_INDUSTRY, "增长35.7%"),
        ("工业产值全区占比多少？", SEED_INDUSTRY, "近70%"),
        ("工业投资占固定资产投资比重是多少？", SEED_INDUSTRY, "约50.44%"),
        ("新增多少家专精特新企业", SEED_FIRMS, "新增60家"),
        ("新增几家规上企业？", SEED_FIRMS, "57家"),
        ("规上工业企业占全区的比例是多少", SEED_FIRMS, "78%"),
        ("规模以上工业增加值多少亿元？", SEED_ECONOMY, "104.86亿元"),
        ("新增认定高层次人才多少人？", SEED_TALENT, "111人"),
        ("财政收入达到多少？", YONGZHOU_2014, "100.4亿元"),
        ("社会消费品零售总额增长多少", YONGZHOU_2014, "增长13.7%"),
        ("死亡率是多少？", LUOYANG_BIRTHS, "7.77‰"),
        ("城镇化率提高了几个百分点？", LUOYANG_POPULATION, "提高0.94个百分点"),
        ("居民消费价格上涨多少？", BEIJING_2022, "上涨1.1%"),
    ],
)
def test_answering_figure(question: str, sentence: str, expected: str) -> None:
    figure = answering_figure(question, sentence)
    assert figure is not None
    assert figure.text == expected


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        ("规模以上工业产值是多少？", SEED_OPENING),  # no figure in the sentence
        ("规模以上工业产值是多少？", ""),
    ],
)
def test_answering_figure_none(question: str, sentence: str) -> None:
    assert answering_figure(question, sentence) is None
