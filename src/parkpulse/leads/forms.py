"""The 招商需求 form and the small desk forms, with errors that say in Chinese what is wrong."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parkpulse.leads.models import Note, Stage, Use
from parkpulse.parks.models import Industry
from parkpulse.site.inputs import nfkc

# ASCII digits only: \d would also take full-width and Arabic-Indic digits (see site.inputs)
PHONE_RE = re.compile(r"^1[3-9][0-9]{9}$")
_NUMBER_NOISE = re.compile(r"[\s,,]|平方米|平米|㎡|m2|万元|万|元")
MAX_AMOUNT = Decimal("9999999999")


class PositiveAmountField(forms.CharField):
    """A positive number; accepts what people type: '5,000', '5000㎡', '300 万元'."""

    def __init__(self, *, unit: str, **kwargs):
        self.unit = unit
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "maxlength": 30}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if len(value) > 30:
            raise forms.ValidationError(
                gettext("请填写数字（单位：%(unit)s），例如 5000") % {"unit": self.unit}, code="invalid"
            )
        cleaned = _NUMBER_NOISE.sub("", nfkc(value))
        if not cleaned.isascii():
            raise forms.ValidationError(
                gettext("请填写数字（单位：%(unit)s），例如 5000") % {"unit": self.unit}, code="invalid"
            )
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            raise forms.ValidationError(
                gettext("请填写数字（单位：%(unit)s），例如 5000") % {"unit": self.unit}, code="invalid"
            ) from None
        if not number.is_finite() or number <= 0:
            raise forms.ValidationError(
                gettext("请填写大于 0 的数字（单位：%(unit)s）") % {"unit": self.unit}, code="min_value"
            )
        if number > MAX_AMOUNT:
            raise forms.ValidationError(gettext("数字过大，请检查单位(%(unit)s)") % {"unit": self.unit}, code="max_value")
        number = number.quantize(Decimal("0.01"))
        if number <= 0:  # 0.001 would be stored as 0.00, which "greater than 0" promised not to be
            raise forms.ValidationError(
                gettext("数字太小：最多保留两位小数，请填写不小于 0.01 的数字（单位：%(unit)s）") % {"unit": self.unit},
                code="min_value",
            )
        return number


class LeadForm(forms.Form):
    description = forms.CharField(
        label=_("需求描述"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("请简要描述您的需求"), "max_length": _("需求描述请控制在 2000 字以内")},
    )
    industry = forms.ModelChoiceField(
        label=_("所属产业"), queryset=Industry.objects.all(), required=False, empty_label=_("不确定 / 其他"),
        error_messages={"invalid_choice": _("请选择列表中的产业")},
    )
    use = forms.ChoiceField(
        label=_("用途"), choices=[("", _("请选择")), *Use.choices],
        error_messages={"required": _("请选择用途（厂房、土地、写字楼或仓库）"), "invalid_choice": _("请选择列表中的用途")},
    )
    area_m2 = PositiveAmountField(
        label=_("需求面积（㎡）"), unit=_("㎡"), error_messages={"required": _("请填写需求面积（单位：㎡）")}
    )
    investment_wan = PositiveAmountField(label=_("计划投资（万元）"), unit=_("万元"), required=False)
    annual_tax_wan = PositiveAmountField(label=_("预计年税收（万元）"), unit=_("万元"), required=False)
    regions = forms.CharField(
        label=_("意向地区"), max_length=200, required=False,
        help_text=_("省、市或区域，多个用逗号分隔，如：江苏、上海 或 长三角"),
        error_messages={"max_length": _("意向地区请控制在 200 字以内")},
    )
    company = forms.CharField(
        label=_("公司名称"), max_length=120,
        error_messages={"required": _("请填写公司名称"), "max_length": _("公司名称请控制在 120 字以内")},
    )
    contact_name = forms.CharField(
        label=_("联系人"), max_length=60,
        error_messages={"required": _("请填写联系人姓名"), "max_length": _("联系人姓名请控制在 60 字以内")},
    )
    phone = forms.CharField(
        label=_("手机号"), max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
        error_messages={"required": _("请填写手机号"), "max_length": _("请填写 11 位中国大陆手机号")},
    )
    consent = forms.BooleanField(
        label=_("我同意招商顾问通过以上方式与我联系"),
        error_messages={"required": _("请勾选同意联系，否则顾问无法与您联系")},
    )
    # Honeypot: hidden from people by CSS; bots fill every field.
    website = forms.CharField(label=_("网址（请留空）"), required=False)
    article = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean_phone(self):
        phone = re.sub(r"[\s-]", "", nfkc(self.cleaned_data["phone"]))
        if phone.startswith("+86"):
            phone = phone[3:]
        if not PHONE_RE.fullmatch(phone):
            raise forms.ValidationError(gettext("请填写正确的 11 位中国大陆手机号，例如 13812345678"), code="invalid")
        return phone

    def clean_company(self):
        company = " ".join(self.cleaned_data["company"].split())
        if len(company) < 2:
            raise forms.ValidationError(gettext("公司名称至少 2 个字"), code="too_short")
        return company

    def clean_description(self):
        text = self.cleaned_data["description"].strip()
        if len(text) < 4:
            raise forms.ValidationError(gettext("需求描述至少 4 个字，请说明产品、规模或时间"), code="too_short")
        return text

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class NoteForm(forms.ModelForm):
    class Meta:
        model = Note
        fields = ["body"]
        labels = {"body": _("跟进记录")}
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"body": {"required": _("请填写跟进内容")}}


class DeskForm(forms.Form):
    """Stage, follow-up date and (for admins) the assignee, changed together."""

    stage = forms.ChoiceField(label=_("阶段"), choices=Stage.choices)
    # <input type="date"> shows only ISO dates; the zh-hans default (2026/12/01) would be blank
    follow_up_on = forms.DateField(
        label=_("下次跟进"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("请填写正确的日期，如 2026-12-01")},
    )
    assignee = forms.ModelChoiceField(
        label=_("招商顾问"), queryset=get_user_model().objects.none(), required=False, empty_label=_("未分配")
    )
    # the lead's version when the page was drawn (optimistic locking, see Lead.version)
    version = forms.IntegerField(required=False, min_value=0, max_value=2**31, widget=forms.HiddenInput)

    def __init__(self, *args, consultants=None, **kwargs):
        super().__init__(*args, **kwargs)
        if consultants is None:
            del self.fields["assignee"]
        else:
            self.fields["assignee"].queryset = consultants
