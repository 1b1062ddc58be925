"""Small site-level views: /favicon.ico, /robots.txt and the staff-only design page."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control

# Pages with personal data or forms: useless to a search engine.
ROBOTS_DISALLOW = ["/admin/", "/accounts/", "/leads/", "/collect/", "/parks/me/", "/parks/review/",
                   "/search/", "/design/", "/lang/", "/en/admin/", "/en/leads/", "/en/search/"]


@cache_control(max_age=86400, public=True)
def favicon(request):
    return FileResponse(open(finders.find("parkpulse/favicon.ico"), "rb"), content_type="image/x-icon")


@cache_control(max_age=3600, public=True)
def robots_txt(request):
    lines = ["User-agent: *", *[f"Disallow: {p}" for p in ROBOTS_DISALLOW], "",
             f"Sitemap: {request.build_absolute_uri(reverse('search:sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


class SampleForm(forms.Form):
    """Every control the site uses, with one field in error, for the design page."""

    company = forms.CharField(label=_("公司名称"), max_length=60, help_text=_("营业执照上的全称"))
    phone = forms.CharField(label=_("手机号"), max_length=11)
    use = forms.ChoiceField(label=_("用途"), choices=[("factory", _("厂房")), ("land", _("土地")), ("office", _("写字楼"))])
    area = forms.DecimalField(label=_("需求面积（㎡）"), required=False)
    start = forms.DateField(label=_("计划入驻日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    kinds = forms.MultipleChoiceField(label=_("载体类型"), required=False, widget=forms.CheckboxSelectMultiple,
                                      choices=[("factory", _("厂房")), ("warehouse", _("仓库"))])
    note = forms.CharField(label=_("需求描述"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    consent = forms.BooleanField(label=_("我同意招商顾问与我联系"))


@login_required
def design(request):
    if not request.user.is_staff:
        raise PermissionDenied
    form = SampleForm({"company": "", "phone": "13800000000", "use": "factory", "area": "很大", "consent": "on"})
    form.is_valid()
    page = Paginator(range(95), 10).get_page(3)
    return render(request, "design.html", {
        "form": form, "page": page, "page_range": page.paginator.get_elided_page_range(page.number),
        "rows": [("苏州工业园区", "江苏", "国家级", 86.4), ("张江高科技园区", "上海", "国家级", 84.1),
                 ("东湖新技术开发区", "湖北", "国家级", 80.7)],
    })
