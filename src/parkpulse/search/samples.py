"""A small hand-labelled set of sample articles （示例数据） for related-article evaluation.

Every text here was written for ParkPulse's tests and is labelled 示例数据；none of it reports
a real event or figure. Articles in the same ``cluster`` are about the same thing (a park's
industry, a city's sector) and are each other's right neighbours; ``None`` marks an article
that is related to nothing in the set. ``duplicate_of`` marks a repost of another sample.
Park names are real parks, used only as names (source: 科技部火炬中心 national high-tech
zone list; 苏州工业园区 and 合肥高新区 are listed there).
"""

from __future__ import annotations

SAMPLE_PARKS = [
    # (key, name, aliases, province, city)
    ("sip", "苏州工业园区", ["苏州园区"], "江苏省", "苏州市"),
    ("hefei", "合肥高新技术产业开发区", ["合肥高新区"], "安徽省", "合肥市"),
    ("szhitech", "深圳市高新技术产业园区", ["深圳高新区"], "广东省", "深圳市"),
]

# (key, cluster, category, title, body, duplicate_of key)
SAMPLE_ARTICLES = [
    ("bio1", "sip-bio", "news", "示例：苏州工业园区生物医药企业加快创新药研发",
     "示例数据。苏州工业园区的生物医药企业围绕创新药、抗体药物和细胞治疗加大研发投入，园区新建两座公共实验平台，服务药物临床前研究。", None),
    ("bio2", "sip-bio", "news", "示例：苏州园区医疗器械产业链不断完善",
     "示例数据。苏州园区的医疗器械企业与生物医药研发机构合作，形成从研发、临床试验到生产的产业链，园区为创新药和器械企业提供注册申报服务。", None),
    ("bio3", "sip-bio", "policy", "示例：苏州工业园区出台生物医药产业扶持办法",
     "示例数据。苏州工业园区发布生物医药产业扶持办法，对创新药临床试验、细胞治疗和医疗器械注册给予补贴，并支持公共实验平台建设。", None),
    ("bio4", "sip-bio", "news", "示例：抗体药物与细胞治疗项目落户苏州园区",
     "示例数据。一批抗体药物和细胞治疗项目签约落户苏州园区，项目将利用园区公共实验平台开展创新药研发，园区生物医药集群继续扩大。", None),
    ("bio1-repost", "sip-bio", "news", "示例：苏州工业园区生物医药企业加快创新药研发",
     "示例数据。（转载）苏州工业园区的生物医药企业围绕创新药、抗体药物和细胞治疗加大研发投入，园区新建两座公共实验平台，服务药物临床前研究。", "bio1"),
    ("ev1", "hefei-ev", "news", "示例：合肥高新区新能源汽车产业链加速成型",
     "示例数据。合肥高新区围绕新能源汽车整车、动力电池和电驱系统引进配套企业，新能源汽车产业链在安徽省合肥市加速成型。", None),
    ("ev2", "hefei-ev", "news", "示例：合肥动力电池企业扩建储能电池产线",
     "示例数据。安徽省合肥市一家动力电池企业扩建产线，新增储能电池产能，产品配套新能源汽车整车企业和储能电站。", None),
    ("ev3", "hefei-ev", "policy", "示例：合肥高新区发布新能源汽车零部件招商政策",
     "示例数据。合肥高新区发布新能源汽车零部件招商政策，重点引进动力电池材料、电驱系统和充电设备企业，对标准厂房租金给予优惠。", None),
    ("ev4", "hefei-ev", "news", "示例：电驱系统项目签约合肥高新区",
     "示例数据。一个新能源汽车电驱系统项目签约合肥高新区，将与园区动力电池和整车企业协同，完善合肥新能源汽车产业链。", None),
    ("bjai1", "bj-ai", "news", "示例：北京市朝阳区建设人工智能大模型创新街区",
     "示例数据。北京市朝阳区推进人工智能大模型创新街区建设，为大模型企业提供算力券和数据标注服务，吸引算法团队入驻。", None),
    ("bjai2", "bj-ai", "policy", "示例：北京朝阳区发布算力补贴措施支持大模型企业",
     "示例数据。北京朝阳区出台算力补贴措施，大模型企业购买智算中心算力可获补贴，区内人工智能企业还可申请数据标注服务支持。", None),
    ("bjai3", "bj-ai", "news", "示例：朝阳区大模型企业与智算中心签约",
     "示例数据。北京市朝阳区多家大模型企业与智算中心签约，人工智能算法团队将获得稳定算力，朝阳区人工智能产业集聚加快。", None),
    ("ccauto1", "cc-auto", "news", "示例：长春市朝阳区汽车零部件企业扩产",
     "示例数据。吉林省长春市朝阳区的汽车零部件企业扩建冲压和焊装车间，为整车企业配套车身零部件，带动上下游供应链。", None),
    ("ccauto2", "cc-auto", "policy", "示例：长春朝阳区支持汽车零部件企业技术改造",
     "示例数据。长春市朝阳区对汽车零部件企业的焊装、冲压设备技术改造给予补助，推动零部件配套整车企业供应链本地化。", None),
    ("ccauto3", "cc-auto", "news", "示例：吉林长春汽车零部件供应链对接会举行",
     "示例数据。吉林省长春市举行汽车零部件供应链对接会，朝阳区冲压、焊装零部件企业与整车企业签订配套协议。", None),
    ("chip1", "sz-chip", "news", "示例：深圳高新区集成电路设计企业加快芯片流片",
     "示例数据。深圳高新区的集成电路设计企业加快芯片流片，园区与晶圆厂合作提供多项目晶圆服务，降低芯片设计企业成本。", None),
    ("chip2", "sz-chip", "policy", "示例：深圳出台集成电路产业扶持政策支持芯片设计",
     "示例数据。广东省深圳市出台集成电路扶持政策，对芯片设计企业的流片费用和EDA工具采购给予补贴，支持封测和晶圆制造项目。", None),
    ("chip3", "sz-chip", "news", "示例：碳化硅功率芯片项目落户深圳",
     "示例数据。一个碳化硅功率芯片项目落户深圳市，项目涵盖晶圆制造和封测，将与深圳高新区的集成电路设计企业形成配套。", None),
    ("chip4", "sz-chip", "news", "示例：深圳高新区芯片封测平台投入使用",
     "示例数据。深圳高新区芯片封测公共平台投入使用，为集成电路设计企业提供封装测试服务，缩短芯片流片后的验证周期。", None),
    ("food1", "cd-food", "news", "示例：成都预制菜企业扩建中央厨房",
     "示例数据。四川省成都市一家预制菜企业扩建中央厨房，新增川菜预制菜生产线，产品通过冷链物流销往全国。", None),
    ("food2", "cd-food", "policy", "示例：成都支持预制菜和农产品加工企业发展",
     "示例数据。成都市发布措施支持预制菜和农产品加工企业，建设冷链物流中心，对中央厨房和食品检测设备投资给予补助。", None),
    ("food3", "cd-food", "news", "示例：川菜预制菜冷链物流中心在成都开工",
     "示例数据。服务川菜预制菜企业的冷链物流中心在成都市开工，建成后将为中央厨房和农产品加工企业提供仓储配送。", None),
    ("lone1", None, "news", "示例：某园区开展消防安全演练",
     "示例数据。某园区物业组织消防安全演练，员工学习灭火器使用和疏散路线，演练持续一个小时。", None),
    ("lone2", None, "policy", "示例：园区人才公寓申请须知",
     "示例数据。园区人才公寓面向入驻企业员工开放申请，申请人需提交劳动合同和社保证明，租期一年。", None),
]


def labelled_neighbours() -> dict[str, set[str]]:
    """For each original article, the keys of the articles that should be listed as related."""
    originals = [a for a in SAMPLE_ARTICLES if a[5] is None]
    out = {}
    for key, cluster, *_ in originals:
        out[key] = {k for k, c, *_r in originals if c is not None and c == cluster and k != key}
    return out


def load_samples(category_model, article_model, park_model) -> dict[str, object]:
    """Create the sample parks, categories and articles; returns articles by key."""
    from datetime import timedelta

    from django.utils import timezone

    for _key, name, aliases, province, city in SAMPLE_PARKS:
        park_model.objects.get_or_create(
            name=name, defaults={"aliases": aliases, "province": province, "city": city, "is_sample": True}
        )
    cats = {
        slug: category_model.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in (("news", "园区资讯"), ("policy", "政策解读"))
    }
    now = timezone.now()
    made: dict[str, object] = {}
    for i, (key, _cluster, cat, title, body, dup) in enumerate(SAMPLE_ARTICLES):
        made[key] = article_model.objects.create(
            title=title, body_text=body, category=cats[cat], status="published",
            published_at=now - timedelta(days=len(SAMPLE_ARTICLES) - i),
            duplicate_of=made[dup] if dup else None, is_sample=True,
        )
    return made
