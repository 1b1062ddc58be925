"""Demo content for the parks app: real park names with their source, sample profiles and
listings （labelled 示例数据）， demo accounts for each parks role, a claim, a change request
and a short edit history.

Parks are found or created by name, so this works before or after another app's demo has
created the same parks; profile fields already filled by someone else are left alone.
"""

from __future__ import annotations

import os
import random
import secrets
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction

from parkpulse.parks import roles, versioning
from parkpulse.parks.models import ChangeRequest, Industry, Listing, Park, ParkClaim, ReviewStatus

NHT_SOURCE = "名称、级别、所在地：科技部火炬中心公布的国家高新区名单"
ETDZ_SOURCE = "名称、级别、所在地：商务部公布的国家级经济技术开发区名单"

# (name, aliases, level, province, city, district, industry codes, source)
# Names, levels and locations are public facts (source above); everything else is sample.
PARKS = [
    ("中关村科技园区", ["中关村"], "nht", "北京市", "北京市", "海淀区", ["ict", "ai", "ic"], NHT_SOURCE),
    ("上海张江高新技术产业开发区", ["张江高新区"], "nht", "上海市", "上海市", "浦东新区", ["ic", "biomed", "ai"], NHT_SOURCE),
    ("苏州工业园区", ["苏州园区", "SIP"], "nht", "江苏省", "苏州市", "", ["biomed", "ic", "materials"],
     NHT_SOURCE + ";同时列入商务部国家级经济技术开发区名单"),
    ("深圳市高新技术产业园区", ["深圳高新区"], "nht", "广东省", "深圳市", "南山区", ["ict", "ic", "ai"], NHT_SOURCE),
    ("武汉东湖新技术开发区", ["东湖高新区", "中国光谷"], "nht", "湖北省", "武汉市", "", ["ict", "biomed", "energy"], NHT_SOURCE),
    ("西安高新技术产业开发区", ["西安高新区"], "nht", "陕西省", "西安市", "", ["ic", "equipment", "ict"], NHT_SOURCE),
    ("成都高新技术产业开发区", ["成都高新区"], "nht", "四川省", "成都市", "", ["ict", "biomed", "ic"], NHT_SOURCE),
    ("杭州高新技术产业开发区", ["杭州高新区", "滨江高新区"], "nht", "浙江省", "杭州市", "滨江区", ["ict", "ai"], NHT_SOURCE),
    ("合肥高新技术产业开发区", ["合肥高新区"], "nht", "安徽省", "合肥市", "", ["ai", "ic", "energy"], NHT_SOURCE),
    ("广州高新技术产业开发区", ["广州高新区"], "nht", "广东省", "广州市", "黄埔区", ["biomed", "ict", "materials"], NHT_SOURCE),
    ("南京高新技术产业开发区", ["南京高新区"], "nht", "江苏省", "南京市", "", ["ict", "biomed"], NHT_SOURCE),
    ("长沙高新技术产业开发区", ["长沙高新区"], "nht", "湖南省", "长沙市", "", ["equipment", "ict", "materials"], NHT_SOURCE),
    ("株洲高新技术产业开发区", ["株洲高新区"], "nht", "湖南省", "株洲市", "", ["equipment", "materials"], NHT_SOURCE),
    ("天津经济技术开发区", ["泰达", "TEDA"], "netdz", "天津市", "天津市", "滨海新区", ["auto", "biomed", "equipment"], ETDZ_SOURCE),
    ("昆山经济技术开发区", ["昆山开发区"], "netdz", "江苏省", "苏州市", "昆山市", ["ict", "equipment"], ETDZ_SOURCE),
]

SAMPLE_POLICY = (
    "【示例数据】以下政策为演示编写，并非园区真实政策：\n"
    "1. 固定资产投资达到标准的项目，按设备投资额给予一定比例补贴；\n"
    "2. 人才公寓前三年租金减免；\n3. 研发投入按规定享受加计扣除。"
)

KIND_TITLES = {
    "factory": ["标准厂房", "高标准厂房", "单层钢结构厂房", "多层生产厂房"],
    "land": ["工业用地", "产业用地地块"],
    "office": ["研发办公楼", "写字楼整层", "孵化器办公空间"],
    "warehouse": ["高标仓库", "冷链仓库", "物流仓储中心"],
}


def demo_password() -> str:
    return os.environ.get("PARKPULSE_DEMO_PASSWORD") or secrets.token_urlsafe(9)


def ensure_user(username: str, password: str, *groups: str, **extra):
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.com", **extra})
    if created:
        user.set_password(password)
        user.save()
    for g in groups:
        roles.add_to_group(user, g)
    return user, created


def fill_blank(park: Park, values: dict) -> None:
    """Set only fields still empty: another app may have filled some already."""
    for name, value in values.items():
        if getattr(park, name) in (None, "", []):
            setattr(park, name, value)


def sample_profile(rng: random.Random, name: str, city: str) -> dict:
    planned = Decimal(rng.randrange(3000, 30000)) / 100
    lo = Decimal(rng.randrange(15, 60))
    return {
        "planned_area_km2": planned,
        "built_area_km2": (planned * Decimal(rng.randrange(40, 90)) / 100).quantize(Decimal("0.01")),
        "land_price_min": lo,
        "land_price_max": lo + rng.randrange(10, 60),
        "min_investment_intensity": Decimal(rng.choice([300, 400, 500, 600, 800])),
        "min_tax_per_mu": Decimal(rng.choice([20, 30, 40, 50])),
        "description": (
            f"【示例数据】{name}位于{city},本段简介为演示编写，面积、地价、投资强度与税收要求等数字均为虚构，"
            "仅用于展示园区资料页的样式。"
        ),
        "policies": SAMPLE_POLICY,
        "contact_name": "示例联系人",
        "contact_phone": f"0{rng.randrange(100, 999)}-{rng.randrange(60000000, 69999999)}",
        "contact_email": "sample@example.com",
    }


def make_listings(rng: random.Random, parks: list[Park], owner, count: int = 30) -> int:
    industries = {i.code: i for i in Industry.objects.all()}
    made = 0
    for n in range(count):
        park = parks[n % len(parks)]
        kind = ["factory", "factory", "land", "office", "warehouse"][n % 5]
        deal = "sale" if kind == "land" or n % 7 == 0 else "rent"
        area = Decimal(rng.choice([800, 1500, 2400, 3600, 5000, 6200, 8000, 12000, 20000, 33000]))
        title = f"{park.aliases[0] if park.aliases else park.name} {rng.choice(KIND_TITLES[kind])} {int(area)}㎡（示例{n + 1:02d}）"
        values = {
            "park": park, "kind": kind, "deal": deal, "area_m2": area,
            "price": (Decimal(rng.randrange(18, 95)) if deal == "rent" else Decimal(rng.randrange(300, 9000))),
            "description": "【示例数据】本载体为演示编写，面积、价格、参数和联系人均为虚构。",
            "contact_name": "示例招商专员", "contact_phone": f"1{rng.choice('3589')}{rng.randrange(100000000, 999999999)}",
            "is_sample": True, "is_available": n % 11 != 10,
            "owner": owner if park.managers.filter(pk=getattr(owner, "pk", None)).exists() else None,
        }
        if kind in ("factory", "warehouse"):
            values["floor_height_m"] = Decimal(rng.choice([6, 8, 9, 10, 12]))
            values["floor_load_kg_m2"] = rng.choice([500, 800, 1000, 1500, 3000])
        if kind == "land":
            values["land_use"] = "工业用地"
            values["land_term_years"] = 50
        listing, created = Listing.objects.get_or_create(title=title, park=park, defaults=values)
        if created:
            codes = [i.code for i in park.industries.all()][:2]
            listing.industries.set([industries[c] for c in codes if c in industries])
            made += 1
    return made


PDF_PLACEHOLDER = b"%PDF-1.4\n% ParkPulse demo proof (sample, not a real document)\n%%EOF\n"


@transaction.atomic
def load_demo(log=print) -> None:
    rng = random.Random(20261127)
    parks = []
    for name, aliases, level, province, city, district, codes, source in PARKS:
        park, _ = Park.objects.get_or_create(name=name)
        fill_blank(park, {"aliases": aliases, "level": level, "province": province, "city": city,
                          "district": district, "source_note": source})
        if park.level == Park.Level.OTHER:
            park.level = level
        fill_blank(park, sample_profile(rng, name, city))
        park.is_sample = True
        park.save()
        if not park.industries.exists():
            park.industries.set(Industry.objects.filter(code__in=codes))
        parks.append(park)

    password = demo_password()
    editor, _ = ensure_user("editor", password, roles.EDITOR, is_staff=True)
    manager, _ = ensure_user("manager", password, roles.COMPANY)
    company, _ = ensure_user("company", password, roles.COMPANY)
    sip = next(p for p in parks if p.name == "苏州工业园区")
    zz = next(p for p in parks if p.name == "株洲高新技术产业开发区")

    # manager: an approved claim on 苏州工业园区, one pending change request
    if not ParkClaim.objects.filter(user=manager, park=sip).exists():
        claim = ParkClaim(park=sip, user=manager, position="招商局（示例）", phone="13800000001",
                          note="【示例数据】演示用认领申请。", proof_name="示例证明.pdf")
        claim.proof.save("demo.pdf", ContentFile(PDF_PLACEHOLDER), save=False)
        claim.save()
        from parkpulse.parks.views.claims import review_claim

        review_claim(claim, editor, "approve", "示例：已核实")
    # company: a pending claim on 株洲高新区, for the editor's review queue
    if not ParkClaim.objects.filter(user=company, park=zz).exists():
        claim = ParkClaim(park=zz, user=company, position="园区办公室（示例）", phone="13800000002",
                          note="【示例数据】演示用待审核认领。", proof_name="示例授权书.pdf")
        claim.proof.save("demo.pdf", ContentFile(PDF_PLACEHOLDER), save=False)
        claim.save()

    # history: the editor corrects a field, so the park page has a diff to show
    if sip.revisions.count() < 2:
        versioning.apply_changes(
            sip, {"address": "（示例地址）苏州市某路 1 号"}, author=editor, approved_by=editor,
            reason="示例：补充地址",
        )
    if not ChangeRequest.objects.filter(park=sip, author=manager).exists():
        base = versioning.snapshot(sip)
        ChangeRequest.objects.create(
            park=sip, author=manager, base=base, note="示例：更新联系人", status=ReviewStatus.PENDING,
            proposed={"contact_name": "示例联系人（新）", "contact_phone": "0512-60000000"},
        )

    made = make_listings(rng, parks, manager)
    from parkpulse.parks import facts_demo

    facts_demo.load_demo(log, editor=editor)
    log(f"园区：{len(parks)} 个（名称/级别为公开信息，其余为示例数据），载体 {made} 个（示例数据）")
    log(f"园区演示账号：editor（编辑）、manager（苏州工业园区负责人）、company（公司用户），密码 {password}")
