"""Admin for parks: every profile save in the admin is recorded as a park revision too."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from parkpulse.parks import versioning
from parkpulse.parks.models import (
    ChangeRequest,
    Industry,
    Listing,
    ListingPhoto,
    Park,
    ParkClaim,
    ParkFact,
    ParkPhoto,
    ParkRevision,
)


class ParkPhotoInline(admin.TabularInline):
    model = ParkPhoto
    extra = 0


@admin.register(Park)
class ParkAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "province", "city", "is_sample", "updated_at"]
    list_filter = ["level", "province", "is_sample", "industries"]
    search_fields = ["name", "city", "district"]
    filter_horizontal = ["industries", "managers"]
    inlines = [ParkPhotoInline]

    def save_model(self, request, obj, form, change):
        if change:
            versioning.ensure_baseline(obj)  # the stored state before this save
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # after the M2M fields are saved, so the snapshot has the new industries
        versioning.record_revision(form.instance, author=request.user, reason="管理后台修改" if change else "管理后台新建")


class ListingPhotoInline(admin.TabularInline):
    model = ListingPhoto
    extra = 0


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin):
    list_display = ["title", "park", "kind", "deal", "area_m2", "price", "is_available", "owner", "is_sample"]
    list_filter = ["kind", "deal", "is_available", "is_sample"]
    search_fields = ["title", "park__name"]
    raw_id_fields = ["park", "owner"]
    inlines = [ListingPhotoInline]


@admin.register(ParkClaim)
class ParkClaimAdmin(admin.ModelAdmin):
    # review happens on the claim page (it adds the manager and the role); the admin lists
    list_display = ["park", "user", "status", "created_at", "reviewer"]
    list_filter = ["status"]
    exclude = ["proof"]  # private storage has no URL; the link below goes through the checked view
    readonly_fields = ["proof_link", "proof_name"]
    raw_id_fields = ["park", "user", "reviewer"]

    @admin.display(description="证明材料")
    def proof_link(self, obj):
        if not obj.pk or not obj.proof:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("parks:claim_proof", args=[obj.pk]), obj.proof_name or "下载")


@admin.register(ChangeRequest)
class ChangeRequestAdmin(admin.ModelAdmin):
    list_display = ["park", "author", "status", "created_at", "reviewer"]
    list_filter = ["status"]
    readonly_fields = ["base", "proposed"]
    raw_id_fields = ["park", "author", "reviewer"]


@admin.register(ParkRevision)
class ParkRevisionAdmin(admin.ModelAdmin):
    list_display = ["park", "number", "author", "approved_by", "reason", "created_at"]
    readonly_fields = [f.name for f in ParkRevision._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(Industry)


@admin.register(ParkFact)
class ParkFactAdmin(admin.ModelAdmin):
    list_display = ["park", "metric", "value", "unit", "period", "status", "source_date"]
    list_filter = ["status", "metric"]
    search_fields = ["park__name", "sentence", "source_title"]
    raw_id_fields = ["park", "article", "reviewer"]
    readonly_fields = ["created_at"]
