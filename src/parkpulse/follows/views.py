"""Follows: add and remove, the user's page with their feed links, and the personal feeds."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parkpulse.follows.matching import updates_for
from parkpulse.follows.models import Follow, Subscriber
from parkpulse.parks.models import Industry, Park
from parkpulse.portal.models import Tag


def subscriber(user) -> Subscriber:
    return Subscriber.objects.get_or_create(user=user)[0]


def resolve(kind: str, value: str) -> tuple[str, str]:
    """(stored value, label), or ValueError with a message for the reader."""
    value = (value or "").strip()
    if "\x00" in value or len(value) > 100:
        raise ValueError(_("关注对象无效。"))
    if kind == Follow.Kind.PARK:
        park = Park.objects.filter(pk=int(value)).first() if value.isdigit() else None
        if park is None:
            raise ValueError(_("园区不存在。"))
        return str(park.pk), park.name
    if kind == Follow.Kind.PLACE:
        tag = Tag.objects.filter(kind=Tag.Kind.REGION).filter(slug=value).first() or \
            Tag.objects.filter(kind=Tag.Kind.REGION, name=value).first()
        if tag is None:
            raise ValueError(_("没有找到这个地区，请输入省、市或区县的全称，例如“苏州市”。"))
        return tag.slug, tag.name
    if kind == Follow.Kind.INDUSTRY:
        ind = Industry.objects.filter(code=value).first() or Industry.objects.filter(name=value).first()
        if ind is None:
            raise ValueError(_("没有这个产业。"))
        return ind.code, ind.name
    if kind == Follow.Kind.SEARCH:
        words = " ".join(value.split())
        if not 1 <= len(words) <= 60:
            raise ValueError(_("搜索词应为 1–60 个字。"))
        return words, words
    raise ValueError(_("无效的关注类型。"))


def _back(request, default):
    nxt = request.POST.get("next", "")
    if nxt and url_has_allowed_host_and_scheme(nxt, {request.get_host()}, request.is_secure()):
        return redirect(nxt)
    return redirect(default)


@login_required
@require_POST
def follow_add(request):
    kind = request.POST.get("kind", "")
    try:
        value, label = resolve(kind, request.POST.get("value", ""))
    except ValueError as exc:
        messages.error(request, str(exc))
        return _back(request, "follows:mine")
    _f, created = Follow.objects.get_or_create(user=request.user, kind=kind, value=value,
                                               defaults={"label": label[:120]})
    if created:
        messages.success(request, _("已关注：%(label)s") % {"label": label})
    subscriber(request.user)
    return _back(request, "follows:mine")


@login_required
@require_POST
def follow_delete(request, pk):
    follow = get_object_or_404(Follow, pk=pk, user=request.user)  # only one's own
    follow.delete()
    messages.success(request, _("已取消关注。"))
    return _back(request, "follows:mine")


@login_required
def mine(request):
    sub = subscriber(request.user)
    if request.method == "POST" and "digest" in request.POST:
        sub.digest = request.POST.get("digest") == "1"
        sub.save(update_fields=["digest"])
        messages.success(request, _("已保存。"))
        return redirect("follows:mine")
    return render(request, "follows/mine.html", {
        "follows": request.user.follows.all(), "sub": sub, "kinds": Follow.Kind.choices,
        "industries": Industry.objects.all(), "updates": updates_for(request.user, limit=20),
        "feed_url": request.build_absolute_uri(reverse("follows:feed", args=[sub.feed_key])),
        "atom_url": request.build_absolute_uri(reverse("follows:feed-atom", args=[sub.feed_key])),
    })


class PersonalFeed(Feed):
    """New articles and confirmed facts for one user's follows; the URL's key is the secret."""

    def get_object(self, request, key):
        sub = Subscriber.objects.select_related("user").filter(feed_key=key).first()
        if sub is None or not sub.user.is_active:
            raise Http404(_("订阅地址无效"))
        return sub

    def title(self, obj):
        return f"{obj.user.username} 的关注 · ParkPulse"

    def link(self, obj):
        return reverse("follows:mine")

    def description(self, obj):
        return "关注的园区、地区、产业和搜索的新文章与数据动态"

    def items(self, obj):
        u = updates_for(obj.user)
        items = [("article", a, a.published_at) for a in u.articles] + [("fact", f, f.reviewed_at) for f in u.facts]
        return sorted(items, key=lambda x: x[2], reverse=True)[:50]

    def item_title(self, item):
        kind, obj, _when = item
        if kind == "fact":
            return f"【数据动态】{obj.park.name} {obj.metric} {obj.display_value}"
        return obj.title

    def item_description(self, item):
        kind, obj, _when = item
        return obj.sentence if kind == "fact" else (obj.summary or obj.body_text[:200])

    def item_link(self, item):
        return item[1].get_absolute_url()

    def item_guid(self, item):
        return f"{item[0]}-{item[1].pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item[2]


class PersonalAtomFeed(PersonalFeed):
    from django.utils.feedgenerator import Atom1Feed as feed_type  # noqa: N813

    def subtitle(self, obj):
        return self.description(obj)
