"""Leads （招商需求）, their submissions, notes, assignment rules and the audit log."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def mask_phone(phone: str) -> str:
    """'13812345678' → '138****5678'; anything else keeps only its last four characters."""
    phone = phone or ""
    if len(phone) == 11:
        return f"{phone[:3]}****{phone[-4:]}"
    return "****" + phone[-4:] if len(phone) > 4 else "****"


class Stage(models.TextChoices):
    NEW = "new", _("新线索")
    CONTACTED = "contacted", _("初步接触")
    INTERESTED = "interested", _("意向")
    KEY = "key", _("重点跟进")
    SIGNED = "signed", _("已签约")
    LOST = "lost", _("流失")


# The funnel path; 流失 can happen from any stage and is counted beside it.
FUNNEL = [Stage.NEW, Stage.CONTACTED, Stage.INTERESTED, Stage.KEY, Stage.SIGNED]
STAGE_RANK = {s: i for i, s in enumerate(FUNNEL)}


class Use(models.TextChoices):
    FACTORY = "factory", _("厂房")
    LAND = "land", _("土地")
    OFFICE = "office", _("写字楼")
    WAREHOUSE = "warehouse", _("仓库")


class Lead(models.Model):
    description = models.TextField(_("需求描述"))
    industry = models.ForeignKey(
        "parks.Industry", verbose_name=_("产业"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="leads",
    )
    use = models.CharField(_("用途"), max_length=12, choices=Use.choices)
    area_m2 = models.DecimalField(
        _("面积（㎡）"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    investment_wan = models.DecimalField(
        _("计划投资（万元）"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    annual_tax_wan = models.DecimalField(
        _("预计年税收（万元）"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    regions = models.CharField(_("意向地区"), max_length=200, blank=True)
    company = models.CharField(_("公司名称"), max_length=120)
    company_key = models.CharField(_("公司（归一）"), max_length=120, db_index=True, editable=False)
    contact_name = models.CharField(_("联系人"), max_length=60)
    phone = models.CharField(_("手机号"), max_length=11, db_index=True)
    consent = models.BooleanField(_("同意联系"), default=False)
    article = models.ForeignKey(
        "portal.Article", verbose_name=_("来源文章"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="leads",
    )
    stage = models.CharField(_("阶段"), max_length=12, choices=Stage.choices, default=Stage.NEW, db_index=True)
    furthest_stage = models.PositiveSmallIntegerField(_("最远阶段"), default=0, editable=False)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("招商顾问"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="assigned_leads",
    )
    follow_up_on = models.DateField(_("下次跟进"), null=True, blank=True)
    submission_count = models.PositiveIntegerField(_("提交次数"), default=1)
    # Optimistic locking: every write bumps it with a conditional UPDATE (``where version=v``),
    # so a desk save based on a stale page cannot silently undo a change made meanwhile.
    version = models.PositiveIntegerField(_("版本"), default=0, editable=False)
    is_sample = models.BooleanField(_("示例数据"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    last_submitted_at = models.DateTimeField(_("最近提交"), db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["-last_submitted_at", "-id"]
        verbose_name = verbose_name_plural = _("招商线索")
        permissions = [
            ("access_desk", "进入线索台"),
            ("export_leads", "导出线索"),
        ]

    def __str__(self) -> str:
        return f"{self.company}({self.get_use_display()})"

    def get_absolute_url(self) -> str:
        return reverse("leads:detail", args=[self.pk])

    def save(self, *args, **kwargs):
        # A whole-row save (the admin) is a change too: open desk pages must see it. The desk,
        # claims and merges write with conditional UPDATEs that bump the version themselves.
        if self.pk is not None and not kwargs.get("update_fields") and not kwargs.get("force_insert"):
            self.version += 1
        super().save(*args, **kwargs)
        fields = kwargs.get("update_fields")
        if fields is None or "regions" in fields:
            self.sync_provinces()

    def sync_provinces(self) -> None:
        """Store the provinces 意向地区 names (see LeadProvince)."""
        from parkpulse.parks.mapdata import lead_provinces

        codes = lead_provinces(self.regions)
        stored = set(self.provinces.values_list("code", flat=True))
        if stored != codes:
            self.provinces.exclude(code__in=codes).delete()
            LeadProvince.objects.bulk_create([LeadProvince(lead=self, code=c) for c in codes - stored])

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    def can_see_phone(self, user) -> bool:
        """Whole numbers: admins, and the consultant the lead is assigned to."""
        if not user.is_authenticated:
            return False
        return user.is_superuser or (self.assignee_id == user.pk and user.has_perm("leads.access_desk"))

    def can_edit(self, user) -> bool:
        """Stage, notes and follow-up: admins, the assignee, any consultant while unassigned."""
        if not user.is_authenticated or not user.has_perm("leads.access_desk"):
            return False
        return user.is_superuser or self.assignee_id in (None, user.pk)

    def set_stage(self, stage: str) -> None:
        self.stage = stage
        if stage in STAGE_RANK:
            self.furthest_stage = max(self.furthest_stage, STAGE_RANK[stage])

    def as_match_query(self) -> dict:
        return {
            "industry": self.industry_id, "use": self.use, "area_m2": self.area_m2,
            "investment_wan": self.investment_wan, "annual_tax_wan": self.annual_tax_wan,
            "regions": self.regions,
        }


class LeadProvince(models.Model):
    """A province (6-digit division code) that a lead's 意向地区 names, as the park map reads
    it (``parks.mapdata.lead_provinces``: 长三角 → four provinces, 苏州 → 江苏, 全国 → none).

    Kept by ``Lead.save``, so the desk's ``?region=`` filter and the map's lead counts are
    indexed lookups instead of reading every lead's text.
    """

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="provinces")
    code = models.CharField(_("省级行政区代码"), max_length=6, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lead", "code"], name="lead_province_once")]
        verbose_name = verbose_name_plural = _("线索意向省份")

    def __str__(self) -> str:
        return self.code


class Submission(models.Model):
    """Each time the form was sent: the rate limit counts these, merges keep the history."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="submissions")
    ip = models.GenericIPAddressField("IP", null=True, blank=True, db_index=True)
    phone = models.CharField(_("手机号"), max_length=11, db_index=True)
    data = models.JSONField(_("提交内容"), default=dict)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = _("提交记录")


class Note(models.Model):
    class Kind(models.TextChoices):
        NOTE = "note", _("备注")
        STAGE = "stage", _("阶段变更")
        SYSTEM = "system", _("系统")

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices, default=Kind.NOTE)
    body = models.TextField(_("内容"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = _("跟进记录")


class AssignmentRule(models.Model):
    """New leads go to the first active rule (by priority) whose region and industry fit."""

    name = models.CharField(_("名称"), max_length=60, blank=True)
    region = models.CharField(
        _("地区"), max_length=60, blank=True, help_text=_("省、市、区县或'长三角'等；留空表示不限")
    )
    industry = models.ForeignKey(
        "parks.Industry", verbose_name=_("产业"), null=True, blank=True, on_delete=models.CASCADE,
        help_text=_("留空表示不限"),
    )
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("招商顾问"), on_delete=models.CASCADE, related_name="lead_rules"
    )
    priority = models.PositiveIntegerField(_("优先级"), default=100, help_text=_("数字小的先匹配"))
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["priority", "id"]
        verbose_name = verbose_name_plural = _("分配规则")

    def __str__(self) -> str:
        return self.name or f"{self.region or '不限地区'} / {self.industry or '不限产业'} → {self.consultant}"


class AuditLog(models.Model):
    class Action(models.TextChoices):
        PHONE_VIEW = "phone_view", _("查看完整手机号")
        EXPORT = "export", _("导出")
        API_READ = "api_read", _("接口读取")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("操作"), max_length=12, choices=Action.choices)
    lead = models.ForeignKey(
        Lead, verbose_name=_("线索"), null=True, blank=True, on_delete=models.SET_NULL, related_name="audit"
    )
    detail = models.CharField(_("详情"), max_length=300, blank=True)
    ip = models.GenericIPAddressField("IP", null=True, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = _("审计日志")
