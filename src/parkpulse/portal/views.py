"""Portal pages: home, category list, article page, and the Chinese error pages."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from parkpulse.portal.models import Article, Category


def home(request):
    latest = Article.objects.published().select_related("category")[:20]
    return render(request, "portal/home.html", {"latest": latest})


def category(request, slug):
    cat = get_object_or_404(Category, slug=slug)
    page = Paginator(Article.objects.published().filter(category=cat), 20).get_page(request.GET.get("page"))
    return render(request, "portal/category.html", {"category": cat, "page": page})


def article(request, pk):
    obj = get_object_or_404(Article.objects.published().select_related("category", "source"), pk=pk)
    return render(request, "portal/article.html", {"article": obj})


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
