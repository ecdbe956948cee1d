from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from registry.choices import PartyRole
from registry.models import Agreement, AgreementParty

from .base import ChildAdmin, CitationInline, RecordAdmin, StackedInline
from .columns import title


class AgreementPartyForm(forms.ModelForm):
    """Roles are a JSON list in the database and a set of checkboxes on screen."""

    # Not required here: the model's clean() says "Give at least one role." on the field.
    roles = forms.MultipleChoiceField(
        label=_("roles"),
        choices=PartyRole.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = AgreementParty
        fields = (
            "agreement",
            "organisation",
            "roles",
            "signatory",
            "signatory_office_ar",
            "signatory_office_fr",
            "order",
        )


class AgreementPartyInline(StackedInline):
    model = AgreementParty
    form = AgreementPartyForm
    fields = (
        ("organisation", "order"),
        "roles",
        ("signatory", "signatory_office_ar", "signatory_office_fr"),
    )
    autocomplete_fields = ("organisation", "signatory")


@admin.register(Agreement)
class AgreementAdmin(RecordAdmin):
    list_display = (
        "code",
        title,
        "kind",
        "status",
        "signed_on",
        "province",
        "publication_state",
        "citation_count",
    )
    list_filter = (
        "kind",
        "status",
        ("signed_on", admin.DateFieldListFilter),
        ("province__region", admin.RelatedOnlyFieldListFilter),
        ("province", admin.RelatedOnlyFieldListFilter),
        ("parties", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("province",)
    ordering = ("-signed_on", "code")
    autocomplete_fields = ("province", "meeting", "zones")
    inlines = [AgreementPartyInline, CitationInline]
    fieldsets = (
        (None, {"fields": ("code", "title_ar", "title_fr", "title_en", "kind", "status")}),
        (
            _("Signature"),
            {
                "fields": (
                    ("signed_on", "signed_on_precision", "signed_on_as_stated"),
                    ("place_ar", "place_fr", "place_en"),
                    "province",
                    "meeting",
                )
            },
        ),
        (_("Subject and zones"), {"fields": ("subject_ar", "subject_fr", "subject_en", "zones")}),
        (_("Publication"), {"fields": ("publication_state", "created", "updated")}),
    )


@admin.register(AgreementParty)
class AgreementPartyAdmin(ChildAdmin):
    form = AgreementPartyForm
    list_display = ("agreement", "organisation", "roles_display", "signatory", "order")
    list_select_related = ("agreement", "organisation", "signatory")
    autocomplete_fields = ("agreement", "organisation", "signatory")
    ordering = ("agreement__code", "order")
    normalised_search_paths = ("agreement__search_text", "organisation__search_text")

    @admin.display(description=_("roles"))
    def roles_display(self, obj):
        return obj.get_roles_display()
