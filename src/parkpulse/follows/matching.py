"""What is new for a user's follows: published articles and confirmed facts since a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from parkpulse.follows.models import Follow
from parkpulse.parks.fact_models import ParkFact
from parkpulse.portal.models import Article, Tag

LIMIT = 50


@dataclass
class Updates:
    articles: list
    facts: list

    def __bool__(self) -> bool:
        return bool(self.articles or self.facts)


def article_filter(follows) -> Q | None:
    q = Q()
    any_ = False
    for f in follows:
        any_ = True
        if f.kind == Follow.Kind.PARK and f.value.isdigit():
            q |= Q(parks=int(f.value))
        elif f.kind == Follow.Kind.PLACE:
            q |= Q(tags__kind=Tag.Kind.REGION, tags__slug=f.value)
        elif f.kind == Follow.Kind.INDUSTRY:
            q |= Q(tags__kind=Tag.Kind.INDUSTRY, tags__slug=f.value)
        elif f.kind == Follow.Kind.SEARCH:
            words = f.value.split()
            if words:
                term = Q()
                for w in words[:5]:  # every word, in the title or the text
                    term &= Q(title__icontains=w) | Q(body_text__icontains=w)
                q |= term
    return q if any_ else None


def updates_for(user, since: datetime | None = None, limit: int = LIMIT) -> Updates:
    follows = list(user.follows.all())
    q = article_filter(follows)
    if q is None:
        return Updates([], [])
    articles = Article.objects.published().filter(q)
    if since is not None:
        articles = articles.filter(published_at__gt=since)
    ids = list(articles.order_by("-published_at", "-id").values_list("id", flat=True).distinct()[: limit * 2])
    seen, ordered = set(), []
    for i in ids:  # distinct, in order (the join may repeat an article)
        if i not in seen:
            seen.add(i)
            ordered.append(i)
    arts = Article.objects.in_bulk(ordered[:limit])
    park_ids = [int(f.value) for f in follows if f.kind == Follow.Kind.PARK and f.value.isdigit()]
    facts = ParkFact.objects.filter(park_id__in=park_ids, status=ParkFact.Status.CONFIRMED).select_related("park")
    if since is not None:
        facts = facts.filter(reviewed_at__gt=since)
    return Updates([arts[i] for i in ordered[:limit] if i in arts], list(facts.order_by("-reviewed_at")[:limit]))
