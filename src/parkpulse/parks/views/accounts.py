"""Registration of company users. Login itself is Django's LoginView at /accounts/login/,
guarded by django-axes; a new user is logged in through the model backend directly (axes
counts failed logins, and a fresh registration is not one)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from parkpulse.parks import limits, roles
from parkpulse.parks.forms import RegisterForm
from parkpulse.parks.models import Registration
from parkpulse.site.client_ip import client_ip


def register(request):
    if request.user.is_authenticated:
        return redirect("parks:dashboard")
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip = client_ip(request)
        refused = limits.registration_limited(ip)
        if refused:
            form.add_error(None, refused)
            return render(request, "registration/register.html", {"form": form, "next": next_url}, status=429)
        with transaction.atomic():
            user = form.save()
            Registration.objects.create(user=user, ip=ip)
        roles.add_to_group(user, roles.COMPANY)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("注册成功，欢迎使用。"))
        return redirect(next_url or "parks:dashboard")
    return render(request, "registration/register.html", {"form": form, "next": next_url})
