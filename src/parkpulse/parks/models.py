"""Parks, the shared industry taxonomy as rows, and property listings inside parks."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse


class Industry(models.Model):
    """One entry of ``parkpulse.textkit.taxonomy``, stored so parks, listings and leads can join on it."""

    code = models.SlugField("代码", max_length=40, primary_key=True)
    name = models.CharField("名称", max_length=60)
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = verbose_name_plural = "产业"

    def __str__(self) -> str:
        return self.name


class Park(models.Model):
    class Level(models.TextChoices):
        NATIONAL_HIGH_TECH = "nht", "国家级高新区"
        NATIONAL_ETDZ = "netdz", "国家级经开区"
        PROVINCIAL = "provincial", "省级园区"
        OTHER = "other", "其他"

    name = models.CharField("名称", max_length=120, unique=True)
    aliases = models.JSONField("别名", default=list, blank=True, help_text="简称等,列表")
    former_names = models.JSONField("曾用名", default=list, blank=True)
    level = models.CharField("级别", max_length=16, choices=Level.choices, default=Level.OTHER)
    province = models.CharField("省份", max_length=30, blank=True, db_index=True)
    city = models.CharField("城市", max_length=30, blank=True, db_index=True)
    district = models.CharField("区县", max_length=30, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    founded = models.DateField("设立时间", null=True, blank=True)
    planned_area_km2 = models.DecimalField(
        "规划面积(平方公里)", max_digits=9, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    built_area_km2 = models.DecimalField(
        "建成面积(平方公里)", max_digits=9, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    industries = models.ManyToManyField(Industry, verbose_name="主导产业", blank=True, related_name="parks")
    land_price_min = models.DecimalField(
        "工业地价下限(万元/亩)", max_digits=9, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    land_price_max = models.DecimalField(
        "工业地价上限(万元/亩)", max_digits=9, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    min_investment_intensity = models.DecimalField(
        "投资强度要求(万元/亩)", max_digits=9, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    min_tax_per_mu = models.DecimalField(
        "亩均税收要求(万元/亩)", max_digits=9, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    policies = models.TextField("政策", blank=True)
    description = models.TextField("简介", blank=True)
    website = models.URLField("网站", blank=True)
    contact_name = models.CharField("联系人", max_length=60, blank=True)
    contact_phone = models.CharField("联系电话", max_length=40, blank=True)
    contact_email = models.EmailField("联系邮箱", blank=True)
    logo = models.ImageField("标志", upload_to="parks/logos/", blank=True)
    source_note = models.CharField(
        "资料来源", max_length=300, blank=True, help_text="事实(名称、级别、设立时间)的出处"
    )
    is_sample = models.BooleanField("示例数据", default=False)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="园区负责人", blank=True, related_name="managed_parks"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = verbose_name_plural = "园区"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("parks:detail", args=[self.pk])

    @property
    def all_names(self) -> list[str]:
        return [self.name, *self.aliases, *self.former_names]


class ParkPhoto(models.Model):
    park = models.ForeignKey(Park, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField("照片", upload_to="parks/photos/")
    caption = models.CharField("说明", max_length=120, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "园区照片"


class Listing(models.Model):
    """A factory, plot of land, office or warehouse offered for rent or sale."""

    class Kind(models.TextChoices):
        FACTORY = "factory", "厂房"
        LAND = "land", "土地"
        OFFICE = "office", "写字楼"
        WAREHOUSE = "warehouse", "仓库"

    class Deal(models.TextChoices):
        RENT = "rent", "出租"
        SALE = "sale", "出售"

    park = models.ForeignKey(Park, verbose_name="所属园区", on_delete=models.CASCADE, related_name="listings")
    title = models.CharField("标题", max_length=160)
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    deal = models.CharField("方式", max_length=8, choices=Deal.choices, default=Deal.RENT)
    area_m2 = models.DecimalField("面积(㎡)", max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    price = models.DecimalField(
        "价格", max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)],
        help_text="出租:元/㎡/月;出售:万元",
    )
    floor_height_m = models.DecimalField("层高(米)", max_digits=5, decimal_places=2, null=True, blank=True)
    floor_load_kg_m2 = models.PositiveIntegerField("承重(kg/㎡)", null=True, blank=True)
    land_use = models.CharField("土地用途", max_length=40, blank=True)
    land_term_years = models.PositiveSmallIntegerField("土地年限(年)", null=True, blank=True)
    industries = models.ManyToManyField(Industry, verbose_name="适合产业", blank=True, related_name="listings")
    available_from = models.DateField("可用日期", null=True, blank=True)
    is_available = models.BooleanField("可用", default=True, db_index=True)
    description = models.TextField("说明", blank=True)
    contact_name = models.CharField("联系人", max_length=60, blank=True)
    contact_phone = models.CharField("联系电话", max_length=40, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="维护人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="listings",
    )
    is_sample = models.BooleanField("示例数据", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = verbose_name_plural = "载体"

    def __str__(self) -> str:
        return self.title


class ListingPhoto(models.Model):
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField("照片", upload_to="listings/")

    class Meta:
        verbose_name = verbose_name_plural = "载体照片"
