"""Demo content for the lead desk: a sample consultant, an assignment rule and sample leads.

Everything here is invented for the demo and labelled 示例数据；the phone numbers are in the
138 0000 xxxx block and belong to nobody we know of.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from parkpulse.leads.intake import company_key, pick_assignee
from parkpulse.leads.models import STAGE_RANK, AssignmentRule, Lead, Note
from parkpulse.leads.roles import CONSULTANT_GROUP
from parkpulse.parks.models import Industry

CONSULTANT = "consultant"

SAMPLES = [
    # company, contact, industry, use, area, investment, tax, regions, stage, days ago, description
    ("示例生物医药科技有限公司", "张先生", "biomed", "factory", 5000, 20000, 1500, "长三角", "key", 12,
     "建设生物医药中试车间，需要 GMP 洁净厂房，层高 6 米以上，明年二季度投产。"),
    ("示例半导体材料有限公司", "李女士", "ic", "land", 40000, 120000, 6000, "江苏、安徽", "interested", 20,
     "第三代半导体衬底材料项目，拟拿地自建，需双回路供电。"),
    ("示例智能装备有限公司", "王经理", "equipment", "factory", 12000, 15000, 900, "苏州", "contacted", 5,
     "高端数控装备总装基地，需要承重 3 吨/㎡ 以上的单层厂房。"),
    ("示例新能源电池有限公司", "赵总", "energy", "land", 66667, 300000, 15000, "成渝", "new", 1,
     "动力电池模组项目，一期 100 亩，二期预留。"),
    ("示例软件信息有限公司", "陈女士", "ict", "office", 1500, 2000, 300, "上海", "signed", 40,
     "研发中心，需要 1500㎡ 写字楼，可拎包入住优先。"),
    ("示例冷链物流有限公司", "周先生", "services", "warehouse", 8000, 6000, 200, "京津冀", "lost", 35,
     "冷链仓储分拨中心，需要高标库，靠近高速出入口。"),
    ("示例人工智能有限公司", "吴先生", "ai", "office", 800, 1000, 120, "", "new", 0,
     "算法团队落地，需要 800㎡ 办公及机房空间。"),
]


def load_demo(log=print) -> None:
    User = get_user_model()
    password = os.environ.get("PARKPULSE_DEMO_PASSWORD") or secrets.token_urlsafe(9)
    user, _ = User.objects.get_or_create(username=CONSULTANT, defaults={"first_name": "示例顾问"})
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get(name=CONSULTANT_GROUP))
    AssignmentRule.objects.get_or_create(
        name="示例规则：长三角 → 示例顾问", defaults={"region": "长三角", "consultant": user, "priority": 10}
    )
    now = timezone.now()
    industries = {i.code: i for i in Industry.objects.all()}
    for i, (company, contact, ind, use, area, inv, tax, regions, stage, days, text) in enumerate(SAMPLES):
        when = now - timedelta(days=days)
        lead = Lead(
            description=f"{text}（示例数据）", industry=industries.get(ind), use=use, area_m2=area,
            investment_wan=inv, annual_tax_wan=tax, regions=regions, company=company,
            company_key=company_key(company), contact_name=contact, phone=f"138000000{i:02d}",
            consent=True, stage=stage, furthest_stage=STAGE_RANK.get(stage, 1),
            follow_up_on=(timezone.localdate() + timedelta(days=i - 2)) if stage not in ("signed", "lost") else None,
            last_submitted_at=when, is_sample=True,
        )
        lead.assignee = pick_assignee(lead)
        lead.save()
        Lead.objects.filter(pk=lead.pk).update(created_at=when)
        Note.objects.create(lead=lead, kind=Note.Kind.SYSTEM, body="示例数据：演示用线索")
    log(f"招商线索：{len(SAMPLES)} 条示例线索；招商顾问账号 {CONSULTANT} 密码 {password}")
