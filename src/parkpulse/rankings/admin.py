from django.contrib import admin

from parkpulse.rankings.models import Dataset, Run, UnitResult


@admin.register(Dataset)
class DatasetAdmin(admin.ModelAdmin):
    list_display = ["name", "framework_key", "is_sample", "created_at"]
    list_filter = ["is_sample", "framework_key"]
    exclude = ["data"]
    # the stored framework and data define every run made from them: not edited by hand
    readonly_fields = ["framework_key", "framework_yaml", "created_at"]

    def has_add_permission(self, request):
        # datasets come from /rankings/import/ (validated, with their run); an admin "add"
        # without the excluded data was an IntegrityError (found by tests/site/test_fuzz_urls.py)
        return False


@admin.register(Run)
class RunAdmin(admin.ModelAdmin):
    list_display = ["__str__", "replications", "seed", "created_at"]
    readonly_fields = ["dataset", "options", "seed", "replications", "parameters", "groups", "sobol", "created_at"]
    exclude = ["uncertainty"]

    def has_add_permission(self, request):
        return False  # runs are computed, never typed in


@admin.register(UnitResult)
class UnitResultAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "rank", "score", "park", "run"]
    list_filter = ["year", "run"]
    search_fields = ["name", "code"]
    raw_id_fields = ["park", "run"]
