"""Admin for leads: phones stay masked here too; the whole number is revealed (and logged) on the desk."""

from django.contrib import admin

from parkpulse.leads.models import AssignmentRule, AuditLog, Lead, Note, Submission


class NoteInline(admin.TabularInline):
    model = Note
    extra = 0
    fields = ["created_at", "author", "kind", "body"]
    readonly_fields = ["created_at"]


@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin):
    list_display = ["id", "company", "contact_name", "masked_phone", "industry", "use", "stage", "assignee",
                    "follow_up_on", "last_submitted_at", "is_sample"]
    list_filter = ["stage", "use", "industry", "assignee", "is_sample"]
    search_fields = ["company", "contact_name", "description", "=phone"]
    exclude = ["phone"]
    readonly_fields = ["masked_phone", "submission_count", "created_at", "last_submitted_at"]
    inlines = [NoteInline]

    def has_add_permission(self, request):
        return False  # leads come from the public form, with a phone the admin form cannot hold

    @admin.display(description="手机号")
    def masked_phone(self, obj):
        return obj.masked_phone


@admin.register(AssignmentRule)
class AssignmentRuleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "region", "industry", "consultant", "priority", "active"]
    list_editable = ["priority", "active"]
    list_filter = ["active", "industry"]


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    """Read-only: an audit log nobody can edit or delete from the admin."""

    list_display = ["created_at", "user", "action", "lead", "detail", "ip"]
    list_filter = ["action", "user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "lead", "ip"]
    exclude = ["phone", "data"]

    def has_change_permission(self, request, obj=None):
        return False
