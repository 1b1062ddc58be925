"""The taxonomy's industry names, listed for translation (``Industry.display_name`` looks them
up with gettext; the names themselves live in parkpulse.textkit.taxonomy)."""

from django.utils.translation import gettext_noop

NAMES = [
    gettext_noop("生物医药"), gettext_noop("集成电路/第三代半导体"), gettext_noop("人工智能"),
    gettext_noop("新材料/纳米"), gettext_noop("高端装备"), gettext_noop("新能源"),
    gettext_noop("新一代信息技术"), gettext_noop("现代服务"), gettext_noop("汽车及零部件"),
    gettext_noop("节能环保"), gettext_noop("食品与消费品"),
]
