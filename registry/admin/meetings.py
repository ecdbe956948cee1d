from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from registry.models import Indicator, Meeting, MeetingParticipant

from .base import ChildAdmin, CitationInline, RecordAdmin, TabularInline
from .columns import name, title


class MeetingParticipantInline(TabularInline):
    model = MeetingParticipant
    fields = ("person", "organisation", "role", "office_ar", "office_fr", "order")
    autocomplete_fields = ("person", "organisation")


@admin.register(Meeting)
class MeetingAdmin(RecordAdmin):
    list_display = (
        "code",
        title,
        "kind",
        "held_on",
        "province",
        "publication_state",
        "citation_count",
    )
    list_filter = (
        "kind",
        ("held_on", admin.DateFieldListFilter),
        ("province__region", admin.RelatedOnlyFieldListFilter),
        ("province", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("province",)
    ordering = ("-held_on", "code")
    autocomplete_fields = ("province",)
    inlines = [MeetingParticipantInline, CitationInline]
    fieldsets = (
        (None, {"fields": ("code", "title_ar", "title_fr", "title_en", "kind")}),
        (
            _("Date and place"),
            {
                "fields": (
                    ("held_on", "held_on_precision", "held_on_as_stated"),
                    "date_note",
                    ("place_ar", "place_fr", "place_en"),
                    "province",
                )
            },
        ),
        (
            _("Subject and outcomes"),
            {
                "fields": (
                    "subject_ar",
                    "subject_fr",
                    "subject_en",
                    "outcomes_ar",
                    "outcomes_fr",
                    "outcomes_en",
                )
            },
        ),
        (_("Publication"), {"fields": ("publication_state", "created", "updated")}),
    )


@admin.register(MeetingParticipant)
class MeetingParticipantAdmin(ChildAdmin):
    list_display = ("meeting", "person", "organisation", "role", "order")
    list_filter = ("role",)
    list_select_related = ("meeting", "person", "organisation")
    autocomplete_fields = ("meeting", "person", "organisation")
    ordering = ("meeting__code", "order")
    normalised_search_paths = (
        "meeting__search_text",
        "person__search_text",
        "organisation__search_text",
    )


@admin.register(Indicator)
class IndicatorAdmin(RecordAdmin):
    list_display = (
        "code",
        name,
        "kind",
        "value",
        "unit",
        "region",
        "reference_date",
        "publication_state",
        "citation_count",
    )
    list_filter = (
        "kind",
        "confidence",
        ("region", admin.RelatedOnlyFieldListFilter),
        ("reference_date", admin.DateFieldListFilter),
    )
    list_select_related = ("region",)
    ordering = ("code",)
    autocomplete_fields = ("region", "zone", "organisation", "meeting")
