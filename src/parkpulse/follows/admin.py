from django.contrib import admin

from parkpulse.follows.models import Follow, Subscriber


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "label", "value", "created_at"]
    list_filter = ["kind"]
    search_fields = ["user__username", "label", "value"]


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["user", "digest", "last_digest_at"]
    exclude = ["feed_key"]  # a secret: not shown
