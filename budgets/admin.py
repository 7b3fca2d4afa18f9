"""Admin for budget data. Parsed figures are read-only: they change only by re-ingesting."""

from django.contrib import admin
from django.http import HttpRequest

from budgets.models import (
    Disclosure,
    EconomicItem,
    EconomicLine,
    Figure,
    FunctionalCode,
    FunctionalLine,
    GlossaryTerm,
    Indicator,
    NarrativeSection,
    Organization,
    PerformanceTarget,
    Project,
    Region,
    ValidationCheck,
)


class ReadOnlyMixin:
    """Rows written by ingest: viewable, deletable with their disclosure, never edited here."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    extra = 0
    show_change_link = True
    can_delete = False


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "region", "is_synthetic", "slug"]
    list_filter = ["kind", "is_synthetic", "region"]
    search_fields = ["name", "normalized_name", "slug"]
    readonly_fields = ["slug", "created_at"]
    autocomplete_fields = ["parent"]


@admin.register(FunctionalCode)
class FunctionalCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "fiscal_year", "parent"]
    list_filter = ["fiscal_year", "level"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]


@admin.register(EconomicItem)
class EconomicItemAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "scheme", "fiscal_year"]
    list_filter = ["fiscal_year", "scheme"]
    search_fields = ["code", "name"]


class ValidationCheckInline(ReadOnlyInline):
    model = ValidationCheck
    fields = ["position", "check_name", "status", "outcome", "expected", "actual", "unit"]


class FigureInline(ReadOnlyInline):
    model = Figure
    fields = ["section", "key", "amount_yuan", "line_start", "line_end"]


@admin.register(Disclosure)
class DisclosureAdmin(admin.ModelAdmin):
    """Status and publication are managed here; the parsed content is not editable."""

    list_display = [
        "entity_name",
        "fiscal_year",
        "kind",
        "version",
        "status",
        "checks_passed",
        "checks_failed",
        "total_yuan",
        "created_at",
    ]
    list_filter = ["status", "kind", "fiscal_year"]
    search_fields = ["entity_name", "organization__name", "sha256", "original_filename"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["organization"]
    readonly_fields = [
        "sha256",
        "original_filename",
        "source_format",
        "source_file",
        "amount_unit",
        "parsed",
        "source_text",
        "checks_passed",
        "checks_failed",
        "checks_skipped",
        "total_yuan",
        "basic_yuan",
        "project_yuan",
        "three_public_yuan",
        "operating_yuan",
        "created_at",
        "updated_at",
    ]
    inlines = [FigureInline, ValidationCheckInline]


class DisclosureRowAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_select_related = ["disclosure"]
    search_fields = ["disclosure__entity_name"]
    list_filter = ["disclosure__fiscal_year"]


@admin.register(Figure)
class FigureAdmin(DisclosureRowAdmin):
    list_display = ["disclosure", "section", "key", "amount_yuan", "line_start", "line_end"]
    list_filter = ["section", *DisclosureRowAdmin.list_filter]


@admin.register(FunctionalLine)
class FunctionalLineAdmin(DisclosureRowAdmin):
    list_display = ["disclosure", "table", "code", "name", "total", "basic", "project"]
    list_filter = ["table", *DisclosureRowAdmin.list_filter]
    search_fields = ["code", "name", *DisclosureRowAdmin.search_fields]


@admin.register(EconomicLine)
class EconomicLineAdmin(DisclosureRowAdmin):
    list_display = [
        "disclosure",
        "position",
        "dept_item_name",
        "gov_item_name",
        "is_category",
        "total",
        "personnel",
        "public",
    ]
    search_fields = ["dept_item_name", "gov_item_name", *DisclosureRowAdmin.search_fields]


@admin.register(Project)
class ProjectAdmin(DisclosureRowAdmin):
    list_display = ["disclosure", "kind", "name", "category", "amount_yuan"]
    list_filter = ["kind", "category", *DisclosureRowAdmin.list_filter]
    search_fields = ["name", *DisclosureRowAdmin.search_fields]


class IndicatorInline(ReadOnlyInline):
    model = Indicator
    fields = ["position", "level1", "level2", "level3", "value_text", "comparator", "number"]


@admin.register(PerformanceTarget)
class PerformanceTargetAdmin(DisclosureRowAdmin):
    list_display = ["disclosure", "project_name", "implementing_unit", "annual_funds_yuan"]
    search_fields = ["project_name", *DisclosureRowAdmin.search_fields]
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["target", "level1", "level2", "level3", "value_text", "comparator", "number"]
    list_select_related = ["target"]
    search_fields = ["level3", "target__project_name"]


@admin.register(NarrativeSection)
class NarrativeSectionAdmin(DisclosureRowAdmin):
    list_display = ["disclosure", "position", "heading"]
    search_fields = ["heading", "text", *DisclosureRowAdmin.search_fields]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(DisclosureRowAdmin):
    list_display = ["disclosure", "term"]
    search_fields = ["term", *DisclosureRowAdmin.search_fields]


@admin.register(ValidationCheck)
class ValidationCheckAdmin(DisclosureRowAdmin):
    list_display = ["disclosure", "check_name", "status", "outcome", "expected", "actual", "unit"]
    list_filter = ["status", "outcome", *DisclosureRowAdmin.list_filter]
    search_fields = ["check_name", *DisclosureRowAdmin.search_fields]
