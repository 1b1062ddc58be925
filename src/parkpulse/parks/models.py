"""Parks, the shared industry taxonomy as rows, property listings, and the records behind
claims and versioned edits (ParkClaim, ChangeRequest, ParkRevision)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parkpulse.site.images import SafeImageField


class Industry(models.Model):
    """One entry of ``parkpulse.textkit.taxonomy``, stored so parks, listings and leads can join on it."""

    code = models.SlugField(_("代码"), max_length=40, primary_key=True)
    name = models.CharField(_("名称"), max_length=60)
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = verbose_name_plural = _("产业")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The taxonomy name in the reader's language (the parks .po holds the English)."""
        return gettext(self.name)


class Park(models.Model):
    class Level(models.TextChoices):
        NATIONAL_HIGH_TECH = "nht", _("国家级高新区")
        NATIONAL_ETDZ = "netdz", _("国家级经开区")
        PROVINCIAL = "provincial", _("省级园区")
        OTHER = "other", _("其他")

    name = models.CharField(_("名称"), max_length=120, unique=True)
    aliases = models.JSONField(_("别名"), default=list, blank=True, help_text=_("简称等，列表"))
    former_names = models.JSONField(_("曾用名"), default=list, blank=True)
    level = models.CharField(_("级别"), max_length=16, choices=Level.choices, default=Level.OTHER)
    province = models.CharField(_("省份"), max_length=30, blank=True, db_index=True)
    city = models.CharField(_("城市"), max_length=30, blank=True, db_index=True)
    district = models.CharField(_("区县"), max_length=30, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    founded = models.DateField(_("设立时间"), null=True, blank=True)
    planned_area_km2 = models.DecimalField(
        _("规划面积（平方公里）"), max_digits=9, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    built_area_km2 = models.DecimalField(
        _("建成面积（平方公里）"), max_digits=9, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    industries = models.ManyToManyField(Industry, verbose_name=_("主导产业"), blank=True, related_name="parks")
    land_price_min = models.DecimalField(
        _("工业地价下限（万元/亩）"), max_digits=9, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    land_price_max = models.DecimalField(
        _("工业地价上限（万元/亩）"), max_digits=9, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    min_investment_intensity = models.DecimalField(
        _("投资强度要求（万元/亩）"), max_digits=9, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    min_tax_per_mu = models.DecimalField(
        _("亩均税收要求（万元/亩）"), max_digits=9, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    policies = models.TextField(_("政策"), blank=True)
    description = models.TextField(_("简介"), blank=True)
    website = models.URLField(_("网站"), blank=True)
    contact_name = models.CharField(_("联系人"), max_length=60, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    logo = SafeImageField(_("标志"), upload_to="parks/logos/", blank=True)
    source_note = models.CharField(
        _("资料来源"), max_length=300, blank=True, help_text=_("事实（名称、级别、设立时间）的出处")
    )
    is_sample = models.BooleanField(_("示例数据"), default=False)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("园区负责人"), blank=True, related_name="managed_parks"
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    # The directory lists parks in pinyin order (安徽 before 北京), kept in step on save.
    name_pinyin = models.CharField(_("名称拼音"), max_length=400, blank=True, editable=False, db_index=True)

    class Meta:
        ordering = ["name_pinyin", "name"]
        verbose_name = verbose_name_plural = _("园区")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        from parkpulse.textkit.pinyin import pinyin_key

        self.name_pinyin = pinyin_key(self.name)[:400]
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_pinyin"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("parks:detail", args=[self.pk])

    @property
    def all_names(self) -> list[str]:
        return [self.name, *self.aliases, *self.former_names]


class ParkPhoto(models.Model):
    park = models.ForeignKey(Park, on_delete=models.CASCADE, related_name="photos")
    image = SafeImageField(_("照片"), upload_to="parks/photos/")
    caption = models.CharField(_("说明"), max_length=120, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("园区照片")


class Listing(models.Model):
    """A factory, plot of land, office or warehouse offered for rent or sale."""

    class Kind(models.TextChoices):
        FACTORY = "factory", _("厂房")
        LAND = "land", _("土地")
        OFFICE = "office", _("写字楼")
        WAREHOUSE = "warehouse", _("仓库")

    class Deal(models.TextChoices):
        RENT = "rent", _("出租")
        SALE = "sale", _("出售")

    park = models.ForeignKey(Park, verbose_name=_("所属园区"), on_delete=models.CASCADE, related_name="listings")
    title = models.CharField(_("标题"), max_length=160)
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    deal = models.CharField(_("方式"), max_length=8, choices=Deal.choices, default=Deal.RENT)
    area_m2 = models.DecimalField(_("面积（㎡）"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    price = models.DecimalField(
        _("价格"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)],
        help_text=_("出租：元/㎡/月；出售：万元"),
    )
    floor_height_m = models.DecimalField(_("层高（米）"), max_digits=5, decimal_places=2, null=True, blank=True)
    floor_load_kg_m2 = models.PositiveIntegerField(_("承重（kg/㎡）"), null=True, blank=True)
    land_use = models.CharField(_("土地用途"), max_length=40, blank=True)
    land_term_years = models.PositiveSmallIntegerField(_("土地年限（年）"), null=True, blank=True)
    industries = models.ManyToManyField(Industry, verbose_name=_("适合产业"), blank=True, related_name="listings")
    available_from = models.DateField(_("可用日期"), null=True, blank=True)
    is_available = models.BooleanField(_("可用"), default=True, db_index=True)
    description = models.TextField(_("说明"), blank=True)
    contact_name = models.CharField(_("联系人"), max_length=60, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("维护人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="listings",
    )
    is_sample = models.BooleanField(_("示例数据"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = verbose_name_plural = _("载体")
        permissions = [("list_in_any_park", "在任意园区发布载体")]
        # the listing search sorts by date, price or area (most listings are available, and
        # SQLite cannot use an index on the bare boolean it filters on, so none is leading)
        indexes = [
            models.Index(fields=["updated_at", "id"], name="listing_updated_id"),
            models.Index(fields=["price", "id"], name="listing_price_id"),
            models.Index(fields=["area_m2", "id"], name="listing_area_id"),
        ]

    def __str__(self) -> str:
        return self.title


class ListingPhoto(models.Model):
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="photos")
    image = SafeImageField(_("照片"), upload_to="listings/")
    size = models.PositiveIntegerField(_("字节数"), default=0, editable=False)  # counted in the uploader's quota

    class Meta:
        verbose_name = verbose_name_plural = _("载体照片")


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files no web server may serve directly (claim proofs): outside MEDIA_ROOT, no URL.

    The folder is read from settings on every access (``PRIVATE_MEDIA_ROOT``, default
    ``<PARKPULSE_HOME>/private``) so tests and deployments can move it without a migration.
    """

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        root = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
        if root is None:
            root = Path(settings.MEDIA_ROOT).parent / "private"
        return str(root)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("private files have no public URL")


private_storage = PrivateStorage()


class ParkRevision(models.Model):
    """One saved state of a park's profile: a JSON snapshot, who made it, and why."""

    park = models.ForeignKey(Park, verbose_name=_("园区"), on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("版本号"))
    snapshot = models.JSONField(_("资料快照"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("修改人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="park_revisions",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="approved_park_revisions",
    )
    reason = models.CharField(_("修改说明"), max_length=300, blank=True)
    change_request = models.OneToOneField(
        "ChangeRequest", verbose_name=_("来自变更申请"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="revision",
    )
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        ordering = ["park", "-number"]
        constraints = [models.UniqueConstraint(fields=["park", "number"], name="park_revision_number")]
        verbose_name = verbose_name_plural = _("园区资料版本")

    def __str__(self) -> str:
        return f"{self.park} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("parks:revision", args=[self.park_id, self.number])


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("已驳回")
    EXPIRED = "expired", _("已过期")  # claims left pending past CLAIM_EXPIRY_DAYS (proof deleted)


def claim_proof_path(instance, filename):
    # The stored name never reuses the uploader's file name: it could hold anything.
    ext = os.path.splitext(filename)[1].lower()[:8]
    return f"claims/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{ext}"


class ParkClaim(models.Model):
    """A user's request to be recognised as a manager of a park, with private proof."""

    park = models.ForeignKey(Park, verbose_name=_("园区"), on_delete=models.CASCADE, related_name="claims")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.CASCADE, related_name="park_claims"
    )
    position = models.CharField(_("职务"), max_length=60)
    phone = models.CharField(_("联系电话"), max_length=40)
    note = models.TextField(_("说明"), max_length=2000)
    proof = models.FileField(_("证明材料"), storage=private_storage, upload_to=claim_proof_path, max_length=200)
    proof_name = models.CharField(_("证明材料原文件名"), max_length=200, blank=True)
    proof_size = models.PositiveIntegerField(_("证明材料字节数"), default=0, editable=False)
    status = models.CharField(
        _("状态"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING, db_index=True
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="reviewed_park_claims",
    )
    review_reason = models.CharField(_("审核意见"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = _("园区认领")
        permissions = [
            ("review_parkclaim", "审核园区认领"),
            ("view_claim_proof", "查看认领证明材料"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.park}"


class ChangeRequest(models.Model):
    """A park manager's proposed profile values, applied only when an editor approves."""

    park = models.ForeignKey(Park, verbose_name=_("园区"), on_delete=models.CASCADE, related_name="change_requests")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提交人"), on_delete=models.CASCADE, related_name="park_change_requests"
    )
    base = models.JSONField(_("提交时的资料"))
    proposed = models.JSONField(_("建议修改"), help_text=_("只含有改动的字段"))
    note = models.CharField(_("修改说明"), max_length=300)
    status = models.CharField(
        _("状态"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING, db_index=True
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="reviewed_park_changes",
    )
    review_reason = models.CharField(_("审核意见"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = _("园区资料变更申请")
        permissions = [("review_changerequest", "审核园区资料变更")]

    def __str__(self) -> str:
        return f"{self.park} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("parks:change_detail", args=[self.pk])


class Registration(models.Model):
    """Where each self-registered account came from: the per-IP registration limit counts these."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registration")
    ip = models.GenericIPAddressField("IP", null=True, blank=True, db_index=True)
    created_at = models.DateTimeField("注册时间", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "注册记录"


from parkpulse.parks.fact_models import ParkFact, ParkFactRevision  # noqa: E402,F401  (news facts)
