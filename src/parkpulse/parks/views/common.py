"""Helpers the parks views share: pagination that tolerates any ``page`` value, and the
query string of the current filters (for pagination links)."""

from __future__ import annotations

from django.core.paginator import Paginator


def paginate(request, queryset, per_page: int = 20):
    # get_page() maps "abc", "-1" and huge numbers to a valid page instead of raising
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
