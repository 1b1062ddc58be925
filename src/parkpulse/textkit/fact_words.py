"""The vocabulary of park facts: metric keywords by unit class, units and their scaling,
qualifiers, and the words that make a figure something other than a park's own total.

Each keyword maps a *unit class* to a metric, so one word can govern different figures:
签约 + 个 is a number of signed projects, 签约 + 亿元 is an investment amount. Plain data,
read by :mod:`parkpulse.textkit.facts`.
"""

from __future__ import annotations

from decimal import Decimal

MONEY, FIRMS, ITEMS, PEOPLE, PATENTS, PERCENT, AREA, POINTS = (
    "money", "firms", "items", "people", "patents", "percent", "area", "points",
)

# canonical unit of each class (money in 亿元 or 亿美元, chosen by the currency)
CLASS_UNIT = {FIRMS: "家", ITEMS: "个", PEOPLE: "人", PATENTS: "件", PERCENT: "%", AREA: "平方公里"}

# unit as written → (class, factor to the canonical unit)
UNITS: dict[str, tuple[str, Decimal]] = {
    "元": (MONEY, Decimal("1E-8")),
    "美元": (MONEY, Decimal("1E-8")),
    "家": (FIRMS, Decimal(1)),
    "户": (FIRMS, Decimal(1)),
    "个": (ITEMS, Decimal(1)),
    "项": (ITEMS, Decimal(1)),
    "人": (PEOPLE, Decimal(1)),
    "名": (PEOPLE, Decimal(1)),
    "件": (PATENTS, Decimal(1)),
    "%": (PERCENT, Decimal(1)),
    "％": (PERCENT, Decimal(1)),
    "个百分点": (POINTS, Decimal(1)),
    "百分点": (POINTS, Decimal(1)),
    "平方公里": (AREA, Decimal(1)),
    "平方千米": (AREA, Decimal(1)),
    "平方米": (AREA, Decimal("1E-6")),
    "公顷": (AREA, Decimal("0.01")),
    "亩": (AREA, Decimal(1) / Decimal(1500)),  # 1 km² = 1,500 亩
}
MULTIPLIERS = {"万亿": Decimal("1E12"), "亿": Decimal("1E8"), "万": Decimal("1E4")}

_GROWTH_UP = ("增长", "增速", "增幅", "同比增长", "上涨", "提高", "提升", "上升", "增长率", "增加")
_GROWTH_DOWN = ("下降", "减少", "回落", "下滑", "降低")

# keyword → {unit class: metric}
KEYWORDS: dict[str, dict[str, str]] = {}


def _add(words: tuple[str, ...] | list[str], **by_class: str) -> None:
    for w in words:
        KEYWORDS.setdefault(w, {}).update({_CLASS_ARGS[k]: v for k, v in by_class.items()})


_CLASS_ARGS = {"money": MONEY, "firms": FIRMS, "items": ITEMS, "people": PEOPLE,
               "patents": PATENTS, "percent": PERCENT, "area": AREA}

_add(("企业", "市场主体", "经营主体", "各类企业", "外资企业"), firms="企业数")
_add(("高新技术企业", "高企", "国家高企", "国家高新技术企业", "国家级高新技术企业"), firms="高新技术企业数")
_add(("规上企业", "规上工业企业", "规模以上企业", "规模以上工业企业"), firms="规上企业数")
_add(("上市企业", "上市公司"), firms="上市企业数")
_add(("专精特新", "专精特新企业"), firms="专精特新企业数")
_add(("独角兽", "独角兽企业"), firms="独角兽企业数")
_add(("瞪羚", "瞪羚企业"), firms="瞪羚企业数")
_add(("项目", "重大项目", "产业项目"), items="项目数")
_add(("签约项目", "签约"), items="签约项目数", money="投资额")
_add(("营业收入", "营收", "营业总收入", "总收入", "经营收入", "技工贸总收入"), money="营业收入")
_add(("产值", "工业总产值", "工业产值"), money="产值")
_add(("产业规模",), money="产业规模")
_add(("地区生产总值", "生产总值", "GDP", "经济总量"), money="地区生产总值")
_add(("增加值", "工业增加值"), money="增加值")
_add(("投资", "总投资", "投资额", "投资总额", "总投资额", "计划投资", "协议投资", "协议投资额",
      "签约金额", "签约额", "到位资金", "招商引资"), money="投资额")
_add(("固定资产投资",), money="固定资产投资")
_add(("实际使用外资", "实际利用外资", "利用外资", "使用外资"), money="实际使用外资")
_add(("税收", "税收收入", "税收总额"), money="税收")
_add(("一般公共预算收入", "财政收入", "公共财政预算收入"), money="一般公共预算收入")
_add(("进出口", "进出口总额", "外贸进出口", "进出口额"), money="进出口额")
_add(("出口", "出口额", "出口总额"), money="出口额")
_add(("研发投入", "研发经费", "R&D投入"), money="研发投入")
_add(("研发投入强度", "研发强度"), percent="研发投入强度")
_add(("利润", "利润总额"), money="利润")
_add(_GROWTH_UP, percent="增速")
_add(_GROWTH_DOWN, percent="增速")
_add(("占比", "比重", "占"), percent="占比")
_add(("面积", "占地面积", "占地", "用地", "工业用地", "行政区划面积", "总面积"), area="面积")
_add(("规划面积",), area="规划面积")
_add(("建成面积", "建成区面积"), area="建成面积")
_add(("从业人员", "就业人员", "员工", "从业者"), people="从业人员")
_add(("专利", "发明专利", "有效发明专利"), patents="专利数")

DECLINE = frozenset(_GROWTH_DOWN)
RATE_WORDS = ("增速", "增幅", "增长率", "占比", "比重", "强度", "速度")
RATE_CHANGES = ("提高", "提升", "加快", "回落", "下降", "上升", "放缓", "降低", "增加", "减少", "收窄", "扩大")

# A figure per something is an intensity, not the park's total: 亩均税收, 人均产值, 单个项目.
PER_UNIT = ("亩均", "人均", "日均", "地均", "平均", "单个", "单位", "每")
# "新增" turns a total into an increment: a metric of its own.
NEW_PREFIX = ("新增", "净增", "新认定", "新设立", "新注册", "新落户")
TOTAL_WORDS = ("累计", "总数", "总量", "共有")
# targets and forecasts are not facts
TARGET_WORDS = ("力争", "目标", "预计", "有望", "争取", "将达到", "将突破", "将超过", "计划到", "预期")
RANK_WORDS = ("排名", "排", "位列", "位居", "居", "名列", "跃升至", "跃居", "升至", "位次", "列")

QUALIFIERS_BEFORE = (
    ("累计", "累计"), ("同比", "同比"), ("环比", "环比"),
    ("超过", "超"), ("突破", "超"), ("超", "超"), ("逾", "超"), ("破", "超"),
    ("将近", "约"), ("约为", "约"), ("约", "约"), ("近", "约"),
    ("达到", "达"), ("达", "达"),
)
QUALIFIERS_AFTER = (("以上", "超"), ("余", "超"), ("多", "超"), ("左右", "约"))

# Whole-country, -province or -city scopes that, as a clause's subject, are not the park.
SCOPE_WORDS = ("全国", "全省", "全市", "全县", "我国", "我省", "我市", "本市", "本省", "该市", "该省",
               "全球", "全世界", "国内", "省内", "市内")
# Words that refer back to the park named before (at the start of a clause only).
ANAPHORA = ("该园区", "园区", "该区", "本区", "高新区", "开发区", "经开区", "示范区", "新区")
# A place after one of these is an object (占全市的20%, 比苏州高新区多), not the subject.
OBJECT_MARKERS = ("占", "比", "较", "于", "超过", "是", "居", "位居", "位列", "列", "排名", "跻身", "借鉴",
                  "对", "向", "赴", "到", "至")
CONJUNCTIONS = ("和", "与", "及", "以及", "、", "同")
EVENT_VERBS = ("举行", "举办", "召开", "开幕", "闭幕", "落幕", "启动")
DIFFERENCE_BEFORE = ("多", "少", "高出", "低出", "增加", "减少", "提高", "提升", "高于", "低于", "扩大", "缩小")
