"""Query filters of the public API, one FilterSet per resource.

Vocabulary (the same on every resource): a foreign key filters by the related record's
public code and takes several values (``?region=03&region=08``); a code list takes
several values (``?status=planned&status=operational``); numbers and dates take
``__gte``/``__lte``; ``q`` searches the normalised text the admin searches; ``ordering``
sorts by one of the listed fields. Numbers are parsed strictly: no exponent, no NaN or
infinity, at most 18 integer digits, so a hostile value gets a 400 and never reaches SQL.
"""

import re
from decimal import Decimal

import django_filters as filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from registry.choices import (
    AgreementKind,
    AgreementStatus,
    Confidence,
    FundingKind,
    Language,
    OrganisationKind,
    ProvinceKind,
    ZoneKind,
    ZoneStatus,
)
from registry.models import (
    Agreement,
    FundingCommitment,
    Organisation,
    Province,
    Region,
    Sector,
    Source,
    Zone,
)
from registry.text import normalize

DECIMAL_PATTERN = r"^-?[0-9]{1,18}(\.[0-9]{1,6})?$"
INTEGER_PATTERN = r"^-?[0-9]{1,9}$"
CURRENCY_PATTERN = r"^[A-Z]{3}$"
CODE_SCHEMA = {"type": "string", "maxLength": 64}


class StrictNumberField(forms.CharField):
    """A plain decimal or integer written out in digits; anything else is an error."""

    def __init__(self, *, pattern, convert, **kwargs):
        self.regex, self.convert = re.compile(pattern), convert
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if not self.regex.fullmatch(value):
            raise forms.ValidationError(
                _("Enter a number written in digits, such as 12 or 12.5 (no exponent)."),
                code="invalid",
            )
        return self.convert(value)


class DecimalFilter(filters.NumberFilter):
    field_class = StrictNumberField

    def __init__(self, *args, **kwargs):
        kwargs.update(pattern=DECIMAL_PATTERN, convert=Decimal)
        super().__init__(*args, **kwargs)
        # Documented as a string so the schema says exactly which spellings are accepted.
        self._spectacular_annotation = {
            "field": {"type": "string", "format": "decimal", "pattern": DECIMAL_PATTERN}
        }

    def get_max_validator(self):
        return None


class IntegerFilter(filters.NumberFilter):
    field_class = StrictNumberField

    def __init__(self, *args, **kwargs):
        kwargs.update(pattern=INTEGER_PATTERN, convert=int)
        super().__init__(*args, **kwargs)
        self._spectacular_annotation = {
            "field": {"type": "integer", "minimum": -999_999_999, "maximum": 999_999_999}
        }

    def get_max_validator(self):
        return None


class StrictDateFilter(filters.DateFilter):
    """ISO dates only (``2021-04-05``), so ``04/05/2021`` cannot mean two things."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        super().__init__(*args, **kwargs)


class StableOrderingFilter(filters.OrderingFilter):
    """Sorts by the chosen fields, then by code, so pages never overlap or skip rows."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value and not {"code", "-code"} & set(value):
            qs = qs.order_by(*qs.query.order_by, "code")
        return qs


class CodesFilter(filters.ModelMultipleChoiceFilter):
    """Several public codes of related records; an unknown or unpublished code is a 400.

    Across a to-many relation it filters with a semi-join (``pk IN (subquery)``)
    instead of a join and ``DISTINCT``, which would sort every matching row of a
    large table before the page could be cut.
    """

    def __init__(self, *args, **kwargs):
        kwargs.update(to_field_name="code", distinct=False)
        super().__init__(*args, **kwargs)
        self._spectacular_annotation = {"field": CODE_SCHEMA}

    def filter(self, qs, value):
        if not value:
            return qs
        match = {f"{self.field_name}__code__in": [record.code for record in value]}
        if self.crosses_many(qs.model):
            return qs.filter(pk__in=qs.model._base_manager.filter(**match).values("pk"))
        return qs.filter(**match)

    def crosses_many(self, model):
        for name in self.field_name.split("__"):
            field = model._meta.get_field(name)
            if field.many_to_many or field.one_to_many:
                return True
            model = field.related_model
        return False


def codes(field_name, queryset, label):
    return CodesFilter(field_name=field_name, queryset=queryset, label=label)


def choices(choices_class, label, field_name=None):
    return filters.MultipleChoiceFilter(
        field_name=field_name, choices=choices_class.choices, label=label, distinct=False
    )


def published_organisations():
    return Organisation.objects.published()


class RecordFilterSet(filters.FilterSet):
    """``q`` searches the stored normalised text, as the admin does (Arabic-aware)."""

    q = filters.CharFilter(
        method="search",
        max_length=200,
        label=_("Search names and codes (Arabic, French or English; accents ignored)"),
    )

    def search(self, queryset, name, value):
        needle = normalize(value)
        return queryset.filter(search_text__contains=needle) if needle else queryset


class ReferenceFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", max_length=200, label=_("Search codes and names"))
    ordering = StableOrderingFilter(fields=("code", "name_ar", "name_fr", "name_en"))

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(code__istartswith=value)
            | Q(name_ar__icontains=value)
            | Q(name_fr__icontains=value)
            | Q(name_en__icontains=value)
        )


class ZoneFilterSet(RecordFilterSet):
    region = codes("region", Region.objects.all(), _("Region code (HCP), e.g. 03"))
    province = codes("province", Province.objects.all(), _("Province code (HCP), e.g. 03.231"))
    sector = codes("sectors", Sector.objects.all(), _("Sector code"))
    organisation = codes(
        "organisations", published_organisations(), _("Code of an organisation with a role")
    )
    parent = codes("parent", Zone.objects.published(), _("Code of the zone it lies within"))
    kind = choices(ZoneKind, _("Kind"))
    status = choices(ZoneStatus, _("Status"))
    area_ha__gte = DecimalFilter(field_name="area_ha", lookup_expr="gte")
    area_ha__lte = DecimalFilter(field_name="area_ha", lookup_expr="lte")
    cost_amount__gte = DecimalFilter(field_name="cost_amount", lookup_expr="gte")
    cost_amount__lte = DecimalFilter(field_name="cost_amount", lookup_expr="lte")
    updated__gte = StrictDateFilter(field_name="updated", lookup_expr="date__gte")
    ordering = StableOrderingFilter(
        fields=("code", "name_ar", "name_fr", "name_en", "area_ha", "cost_amount", "updated")
    )

    class Meta:
        model = Zone
        fields = ()


class AgreementFilterSet(RecordFilterSet):
    kind = choices(AgreementKind, _("Kind"))
    status = choices(AgreementStatus, _("Status"))
    province = codes("province", Province.objects.all(), _("Province of signature"))
    region = codes("province__region", Region.objects.all(), _("Region of signature"))
    zone = codes("zones", Zone.objects.published(), _("Code of a zone it concerns"))
    organisation = codes("parties", published_organisations(), _("Code of a party"))
    signed_on__gte = StrictDateFilter(field_name="signed_on", lookup_expr="gte")
    signed_on__lte = StrictDateFilter(field_name="signed_on", lookup_expr="lte")
    ordering = StableOrderingFilter(fields=("code", "signed_on", "updated"))

    class Meta:
        model = Agreement
        fields = ()


class CurrencyCodesField(forms.MultipleChoiceField):
    """ISO 4217 codes; any well-formed code is accepted since the list is open."""

    def valid_value(self, value):
        return re.fullmatch(CURRENCY_PATTERN, value) is not None


class CurrencyFilter(filters.MultipleChoiceFilter):
    field_class = CurrencyCodesField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)
        self._spectacular_annotation = {"field": {"type": "string", "pattern": CURRENCY_PATTERN}}


class FundingCommitmentFilterSet(RecordFilterSet):
    funder = codes("funder", published_organisations(), _("Funder's code"))
    recipient = codes("recipient", published_organisations(), _("Recipient's code"))
    organisation = filters.ModelMultipleChoiceFilter(
        method="by_organisation",
        to_field_name="code",
        distinct=False,
        queryset=published_organisations(),
        label=_("Funder's or recipient's code"),
    )
    zone = codes("zones", Zone.objects.published(), _("Code of a zone it funds"))
    region = codes("zones__region", Region.objects.all(), _("Region of a zone it funds"))
    agreement = codes("agreement", Agreement.objects.published(), _("Agreement code"))
    kind = choices(FundingKind, _("Kind"))
    confidence = choices(Confidence, _("Confidence"))
    currency = CurrencyFilter(label=_("ISO 4217 currency code, e.g. MAD"))
    amount__gte = DecimalFilter(field_name="amount", lookup_expr="gte")
    amount__lte = DecimalFilter(field_name="amount", lookup_expr="lte")
    announced_on__gte = StrictDateFilter(field_name="announced_on", lookup_expr="gte")
    announced_on__lte = StrictDateFilter(field_name="announced_on", lookup_expr="lte")
    period_start_year__gte = IntegerFilter(field_name="period_start_year", lookup_expr="gte")
    period_end_year__lte = IntegerFilter(field_name="period_end_year", lookup_expr="lte")
    ordering = StableOrderingFilter(fields=("code", "amount", "announced_on", "updated"))

    class Meta:
        model = FundingCommitment
        fields = ()

    @extend_schema_field(OpenApiTypes.STR)
    def by_organisation(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Q(funder__in=value) | Q(recipient__in=value))


class OrganisationFilterSet(RecordFilterSet):
    kind = choices(OrganisationKind, _("Kind"))
    region = codes("region", Region.objects.all(), _("Region code"))
    province = codes("province", Province.objects.all(), _("Province code"))
    parent = codes("parent", published_organisations(), _("Parent organisation's code"))
    ordering = StableOrderingFilter(
        fields=("code", "name_ar", "name_fr", "name_en", "acronym", "updated")
    )

    class Meta:
        model = Organisation
        fields = ()


class SourceFilterSet(RecordFilterSet):
    language = choices(Language, _("Language"))
    publisher = codes("publisher", published_organisations(), _("Publisher's code"))
    published_on__gte = StrictDateFilter(field_name="published_on", lookup_expr="gte")
    published_on__lte = StrictDateFilter(field_name="published_on", lookup_expr="lte")
    ordering = StableOrderingFilter(fields=("code", "published_on", "updated"))

    class Meta:
        model = Source
        fields = ()


class RegionFilterSet(ReferenceFilterSet):
    class Meta:
        model = Region
        fields = ()


class ProvinceFilterSet(ReferenceFilterSet):
    region = codes("region", Region.objects.all(), _("Region code"))
    kind = choices(ProvinceKind, _("Kind"))

    class Meta:
        model = Province
        fields = ()


class SectorFilterSet(ReferenceFilterSet):
    class Meta:
        model = Sector
        fields = ()
