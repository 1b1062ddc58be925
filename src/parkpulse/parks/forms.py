"""Forms for the parks pages: filters (GET, forgiving), profile edits, claims, reviews,
listings and registration. Every message a visitor can see is Chinese first (gettext)."""

from __future__ import annotations

import re

from confusable_homoglyphs import confusables
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from parkpulse.parks.models import Industry, Listing, Park, ParkClaim
from parkpulse.site.images import SafeImageFormField
from parkpulse.site.inputs import NormalizedInputMixin, nfkc

SEPARATORS = re.compile(r"[,,、;;\n\r]+")
# ASCII digits only, after NFKC (see parkpulse.site.inputs): \d would take any script's digits
PHONE = re.compile(r"^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}(-[0-9]{1,6})?|400-?[0-9]{3}-?[0-9]{4})$")


def clean_phone_number(value: str) -> str:
    phone = re.sub(r"\s+", "", nfkc(value))
    if not PHONE.fullmatch(phone):
        raise ValidationError(_("请输入有效的手机号或座机号,例如 13800138000 或 0512-66880000。"))
    return phone


class ListField(forms.CharField):
    """A list of names typed as one line, separated by 、 , ; or new lines."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("多个名称用顿号、逗号或换行分隔"))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return "、".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        items = [item.strip() for item in SEPARATORS.split(text or "") if item.strip()]
        for item in items:
            if len(item) > 120:
                raise ValidationError(_("名称过长（最多 120 个字）：%(name)s…"), params={"name": item[:20]})
        return list(dict.fromkeys(items))


# ---- filters (GET): invalid values are dropped, never an error page -----------------------


class FilterForm(NormalizedInputMixin, forms.Form):
    def filters(self) -> dict:
        """The valid, non-empty values; a bad value of one field never hides the others."""
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v not in (None, "", [])}

    @property
    def dropped(self) -> list[str]:
        return [str(self.fields[name].label) for name in self.errors if name in self.fields]


class ParkFilterForm(FilterForm):
    q = forms.CharField(label=_("关键词"), required=False, max_length=60)
    province = forms.CharField(label=_("省份"), required=False, max_length=30)
    city = forms.CharField(label=_("城市"), required=False, max_length=30)
    level = forms.ChoiceField(label=_("级别"), required=False, choices=[("", _("全部级别")), *Park.Level.choices])
    industry = forms.ModelChoiceField(
        label=_("产业"), required=False, queryset=Industry.objects.all(), to_field_name="code",
        empty_label=_("全部产业"),
    )


class ListingFilterForm(FilterForm):
    q = forms.CharField(label=_("关键词"), required=False, max_length=60)
    # an id, not a <select>: thousands of parks would make every search page heavy; the park
    # page links here with ?park=<id> and the search page shows the park's name
    park = forms.ModelChoiceField(label=_("园区"), required=False, queryset=Park.objects.all(),
                                  widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("类型"), required=False, choices=[("", _("全部类型")), *Listing.Kind.choices])
    deal = forms.ChoiceField(label=_("方式"), required=False, choices=[("", _("出租或出售")), *Listing.Deal.choices])
    area_min = forms.DecimalField(label=_("最小面积（㎡）"), required=False, min_value=0, max_digits=12, decimal_places=2)
    area_max = forms.DecimalField(label=_("最大面积（㎡）"), required=False, min_value=0, max_digits=12, decimal_places=2)
    price_min = forms.DecimalField(label=_("最低价格"), required=False, min_value=0, max_digits=12, decimal_places=2)
    price_max = forms.DecimalField(label=_("最高价格"), required=False, min_value=0, max_digits=12, decimal_places=2)
    industry = forms.ModelChoiceField(
        label=_("产业"), required=False, queryset=Industry.objects.all(), to_field_name="code",
        empty_label=_("全部产业"),
    )
    province = forms.CharField(label=_("省份"), required=False, max_length=30)
    city = forms.CharField(label=_("城市"), required=False, max_length=30)


# ---- park profile -------------------------------------------------------------------------


class ParkProfileForm(NormalizedInputMixin, forms.ModelForm):
    """The profile fields a manager may propose and an editor may change directly."""

    aliases = ListField(label=_("别名"))
    former_names = ListField(label=_("曾用名"))
    website = forms.URLField(label=_("网站"), required=False, max_length=200, assume_scheme="https")
    reason = forms.CharField(
        label=_("修改说明"), max_length=300, help_text=_("请简要说明修改内容及依据，审核和历史记录中可见"),
        widget=forms.TextInput(attrs={"size": 60}),
    )

    class Meta:
        model = Park
        fields = [
            "name", "aliases", "former_names", "level", "province", "city", "district", "address",
            "founded", "planned_area_km2", "built_area_km2", "industries", "land_price_min",
            "land_price_max", "min_investment_intensity", "min_tax_per_mu", "policies",
            "description", "website", "contact_name", "contact_phone", "contact_email", "source_note",
        ]
        widgets = {
            "founded": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "industries": forms.CheckboxSelectMultiple,
            "policies": forms.Textarea(attrs={"rows": 5}),
            "description": forms.Textarea(attrs={"rows": 6}),
        }

    def clean(self):
        data = super().clean()
        lo, hi = data.get("land_price_min"), data.get("land_price_max")
        if lo is not None and hi is not None and lo > hi:
            self.add_error("land_price_max", _("地价上限不能低于下限。"))
        planned, built = data.get("planned_area_km2"), data.get("built_area_km2")
        if planned is not None and built is not None and built > planned:
            self.add_error("built_area_km2", _("建成面积不能大于规划面积。"))
        return data


# ---- claims and reviews -------------------------------------------------------------------

PROOF_TYPES = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}
PROOF_MAX_BYTES = 10 * 1024 * 1024


def validate_proof(upload):
    """A PDF, JPEG or PNG up to 10 MB whose content matches its extension."""
    name = upload.name or ""
    ext = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if ext not in PROOF_TYPES:
        raise ValidationError(_("证明材料只接受 PDF、JPG 或 PNG 文件。"), code="type")
    if upload.size > PROOF_MAX_BYTES:
        raise ValidationError(_("证明材料不能超过 10 MB。"), code="size")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in PROOF_TYPES[ext]):
        raise ValidationError(_("文件内容与扩展名不符，请上传真实的 PDF、JPG 或 PNG 文件。"), code="content")


class ClaimForm(forms.ModelForm):
    class Meta:
        model = ParkClaim
        fields = ["position", "phone", "note", "proof"]
        widgets = {"note": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "note": _("请说明您在园区的工作及需要更新的内容"),
            "proof": _("如工作证、任职文件或加盖公章的授权书；PDF/JPG/PNG，不超过 10 MB，仅编辑可见"),
        }

    def clean_phone(self):
        return clean_phone_number(self.cleaned_data["phone"])

    def clean_proof(self):
        proof = self.cleaned_data["proof"]
        validate_proof(proof)
        return proof


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结果"), choices=[("approve", _("通过")), ("reject", _("驳回"))], widget=forms.RadioSelect
    )
    reason = forms.CharField(label=_("审核意见"), max_length=300, required=False, widget=forms.TextInput(attrs={"size": 60}))

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("驳回时必须填写理由。"))
        return data


# ---- listings -----------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(SafeImageFormField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


BUILDING_KINDS = {Listing.Kind.FACTORY, Listing.Kind.WAREHOUSE}


class ListingForm(NormalizedInputMixin, forms.ModelForm):
    photos = MultipleImageField(label=_("照片"), required=False, help_text=_("可多选；JPG/PNG/WebP，每张不超过 5 MB"))

    class Meta:
        model = Listing
        fields = [
            "park", "title", "kind", "deal", "area_m2", "price", "floor_height_m", "floor_load_kg_m2",
            "land_use", "land_term_years", "industries", "available_from", "is_available",
            "description", "contact_name", "contact_phone",
        ]
        widgets = {
            "available_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "industries": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "floor_height_m": _("仅厂房、仓库"),
            "floor_load_kg_m2": _("仅厂房、仓库"),
            "land_use": _("仅土地，如 工业用地"),
            "land_term_years": _("仅土地"),
        }

    def __init__(self, *args, parks=None, **kwargs):
        super().__init__(*args, **kwargs)
        if parks is not None:
            self.fields["park"].queryset = parks
        self.fields["contact_phone"].required = True
        self.fields["contact_name"].required = True

    def clean_area_m2(self):
        area = self.cleaned_data["area_m2"]
        if area is not None and area <= 0:
            raise ValidationError(_("面积必须大于 0 ㎡。"))
        return area

    def clean_contact_phone(self):
        return clean_phone_number(self.cleaned_data["contact_phone"])

    def clean_photos(self):
        photos = self.cleaned_data.get("photos") or []
        if len(photos) > 8:
            raise ValidationError(_("最多上传 8 张照片。"))
        for photo in photos:
            if photo.size > 5 * 1024 * 1024:
                raise ValidationError(_("每张照片不能超过 5 MB。"))
        return photos

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Listing.Kind.LAND:
            if not data.get("land_use"):
                self.add_error("land_use", _("土地类载体请填写土地用途。"))
            if not data.get("land_term_years"):
                self.add_error("land_term_years", _("土地类载体请填写土地年限。"))
            if data.get("land_term_years") and data["land_term_years"] > 70:
                self.add_error("land_term_years", _("土地年限不超过 70 年。"))
        if kind and kind not in BUILDING_KINDS:
            # floor height and load describe a building for production or storage only
            data["floor_height_m"] = None
            data["floor_load_kg_m2"] = None
        if kind and kind != Listing.Kind.LAND:
            data["land_use"] = ""
            data["land_term_years"] = None
        h = data.get("floor_height_m")
        if h is not None and not (0 < h <= 50):
            self.add_error("floor_height_m", _("层高应在 0 到 50 米之间。"))
        return data


# ---- accounts -----------------------------------------------------------------------------


class RegisterForm(UserCreationForm):
    email = forms.EmailField(label=_("邮箱"), required=True)

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def clean_username(self):
        # Django's UsernameField has already applied NFKC (ｐａｙ → pay)
        username = super().clean_username()
        if not username:
            return username
        if confusables.is_confusable(username, preferred_aliases=["latin", "han", "common"]):
            # e.g. a Cyrillic "а" in "аdmin": it would show as another user's name
            raise ValidationError(_("用户名含有与拉丁字母形似的其他文字字符，请只用中文、英文字母、数字和 @ . + - _。"),
                                  code="confusable")
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise ValidationError(_("该用户名已被注册。"), code="unique")
        return username

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise ValidationError(_("该邮箱已注册，请直接登录。"))
        return email
