"""The editor's form for a fact from the news: confirm, correct or reject."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

ACTIONS = [("confirm", _("确认")), ("correct", _("更正并确认")), ("reject", _("驳回"))]


class FactReviewForm(forms.Form):
    action = forms.ChoiceField(label=_("审核结果"), choices=ACTIONS, widget=forms.RadioSelect)
    metric = forms.CharField(label=_("指标"), max_length=40, required=False)
    value = forms.DecimalField(label=_("数值"), max_digits=24, decimal_places=6, required=False)
    unit = forms.CharField(label=_("单位"), max_length=16, required=False)
    qualifier = forms.CharField(label=_("限定词"), max_length=16, required=False)
    period = forms.CharField(label=_("时期"), max_length=40, required=False)
    year = forms.IntegerField(label=_("年份"), min_value=1949, max_value=2100, required=False)
    reason = forms.CharField(label=_("审核意见"), max_length=300, required=False)

    def __init__(self, *args, fact=None, **kwargs):
        if fact is not None and not kwargs.get("initial"):
            kwargs["initial"] = {n: getattr(fact, n) for n in ("metric", "value", "unit", "qualifier", "period", "year")}
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("驳回时必须填写理由。"))
        if action == "correct":
            for name in ("metric", "value", "unit"):
                if data.get(name) in (None, ""):
                    self.add_error(name, _("更正时必须填写此项。"))
        return data

    def values(self) -> dict:
        d = self.cleaned_data
        return {n: d.get(n) if d.get(n) is not None else "" for n in ("metric", "value", "unit", "qualifier", "period")} | {
            "year": d.get("year")}
