"""The shared industry taxonomy: the codes parks, listings, leads and article tags use.

Each entry is ``(code, name, keywords)``; the keywords are the words an article or a lead
uses when it means that industry. Codes are stable identifiers stored in the database;
names and keywords may be refined without a migration.
"""

from __future__ import annotations

from typing import NamedTuple


class Industry(NamedTuple):
    code: str
    name: str
    keywords: tuple[str, ...]


INDUSTRIES: tuple[Industry, ...] = (
    Industry("biomed", "生物医药", ("生物医药", "医药", "创新药", "生物制药", "医疗器械", "疫苗", "基因", "细胞治疗", "CXO")),
    Industry("ic", "集成电路/第三代半导体", ("集成电路", "半导体", "芯片", "晶圆", "封测", "碳化硅", "氮化镓", "第三代半导体", "光刻")),
    Industry("ai", "人工智能", ("人工智能", "AI", "大模型", "机器学习", "算力", "智能算法", "机器人", "人形机器人", "智算中心")),
    Industry("materials", "新材料/纳米", ("新材料", "纳米", "复合材料", "先进材料", "石墨烯", "稀土", "高分子")),
    Industry("equipment", "高端装备", ("高端装备", "装备制造", "智能制造", "轨道交通", "航空航天", "数控机床", "工业母机")),
    Industry("energy", "新能源", ("新能源", "光伏", "储能", "锂电", "动力电池", "氢能", "风电", "新能源汽车")),
    Industry("ict", "新一代信息技术", ("新一代信息技术", "软件", "信息技术", "数字经济", "大数据", "云计算", "5G", "物联网", "工业互联网")),
    Industry("services", "现代服务", ("现代服务", "金融", "物流", "科技服务", "商务服务", "跨境电商", "服务外包", "总部经济")),
    Industry("auto", "汽车及零部件", ("汽车", "零部件", "整车", "智能网联汽车", "新能源汽车", "汽车电子")),
    Industry("green", "节能环保", ("节能环保", "环保", "节能", "循环经济", "绿色低碳", "碳中和")),
    Industry("food", "食品与消费品", ("食品", "消费品", "农产品加工", "预制菜")),
)

INDUSTRY_BY_CODE = {item.code: item for item in INDUSTRIES}
INDUSTRY_CHOICES = [(item.code, item.name) for item in INDUSTRIES]


def industry_name(code: str) -> str:
    item = INDUSTRY_BY_CODE.get(code)
    return item.name if item else code
