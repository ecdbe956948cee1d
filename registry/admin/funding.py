from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from registry.models import FundingCommitment

from .base import RecordAdmin


@admin.register(FundingCommitment)
class FundingCommitmentAdmin(RecordAdmin):
    list_display = (
        "code",
        "__str__",
        "amount",
        "currency",
        "kind",
        "funder",
        "recipient",
        "announced_on",
        "publication_state",
        "citation_count",
    )
    list_filter = (
        "kind",
        "confidence",
        "currency",
        ("announced_on", admin.DateFieldListFilter),
        ("zones__region", admin.RelatedOnlyFieldListFilter),
        ("funder", admin.RelatedOnlyFieldListFilter),
        ("recipient", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("funder", "recipient")
    ordering = ("-announced_on", "code")
    autocomplete_fields = ("funder", "recipient", "zones", "agreement", "meeting")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "code",
                    "kind",
                    ("amount", "currency", "amount_qualifier", "amount_as_stated"),
                    ("funder", "recipient"),
                )
            },
        ),
        (
            _("Purpose"),
            {
                "fields": (
                    "purpose_ar",
                    "purpose_fr",
                    "purpose_en",
                    "zones",
                    "agreement",
                    "meeting",
                )
            },
        ),
        (
            _("Dates and confidence"),
            {
                "fields": (
                    ("announced_on", "announced_on_precision"),
                    ("period_start_year", "period_end_year"),
                    "confidence",
                    "notes",
                )
            },
        ),
        (_("Publication"), {"fields": ("publication_state", "created", "updated")}),
    )
