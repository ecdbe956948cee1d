"""What each public record looks like.

The declarations here drive three other things, so they cannot drift apart: the base
viewset derives ``select_related``/``Prefetch`` (published rows only) from the nested
serializers, the CSV renderer flattens ``csv_columns``, and drf-spectacular documents
the fields.
"""

from django.utils.functional import cached_property
from rest_framework import serializers

from registry.models import (
    Agreement,
    AgreementParty,
    Citation,
    FormerRegion,
    FundingCommitment,
    Meeting,
    Organisation,
    Person,
    Province,
    Region,
    Sector,
    Source,
    Zone,
    ZoneEvent,
    ZoneJobFigure,
    ZoneOrganisation,
)
from registry.models.base import RecordModel

from .fields import (
    AreaField,
    CoordinatesField,
    MoneyField,
    PartialDateField,
    RecordURLField,
)

NAMES = ("name_ar", "name_fr", "name_en")
TITLES = ("title_ar", "title_fr", "title_en")


def prefetched_attribute(source):
    """Where the base viewset stores the published rows of a to-many relation."""
    return f"published_{source}"


class PublishedListSerializer(serializers.ListSerializer):
    """A to-many relation rendered from the base's ``Prefetch(..., to_attr=...)`` list.

    The list holds published rows only; reading it also spares Django building one
    related-manager queryset per record. Unpublished items still render as nothing.
    """

    def get_attribute(self, instance):
        rows = getattr(instance, prefetched_attribute(self.source), None)
        return super().get_attribute(instance) if rows is None else rows

    def to_representation(self, data):
        return [item for item in super().to_representation(data) if item is not None]


# DRF's to_representation of these fields returns a model's value unchanged.
VERBATIM = (
    serializers.CharField.to_representation,
    serializers.ChoiceField.to_representation,
    serializers.JSONField.to_representation,
)


class FastModelSerializer(serializers.ModelSerializer):
    """``ModelSerializer`` that copies plain columns with one ``getattr``.

    DRF resolves every field through ``get_attribute`` and ``to_representation``; for
    text, choice and JSON columns both are the identity, and skipping them makes a page
    of records several times cheaper. Every other field goes DRF's way. Subclasses
    render to-many relations with :class:`PublishedListSerializer`.
    """

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        meta = cls.__dict__.get("Meta")
        if meta is not None and not hasattr(meta, "list_serializer_class"):
            meta.list_serializer_class = PublishedListSerializer

    @cached_property
    def _plan(self):
        return [
            (
                field.field_name,
                field,
                field.source_attrs[0]
                if len(field.source_attrs) == 1 and type(field).to_representation in VERBATIM
                else None,
            )
            for field in self._readable_fields
        ]

    def to_representation(self, instance):
        ret = {}
        for name, field, column in self._plan:
            if column is not None:
                ret[name] = getattr(instance, column)
            else:
                attribute = field.get_attribute(instance)
                ret[name] = None if attribute is None else field.to_representation(attribute)
        return ret


class BriefSerializer(FastModelSerializer):
    """A related record in brief: code, names and, for a public resource, its URL.

    An unpublished record renders as ``null``: a published zone whose developer is
    still a draft shows no developer rather than the draft.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("allow_null", True)  # absent, or not published
        super().__init__(*args, **kwargs)

    def to_representation(self, instance):
        if isinstance(instance, RecordModel) and not instance.is_published:
            return None
        # A page names the same region, province or source many times: render each once.
        rendered = self.context.setdefault("rendered_briefs", {})
        key = (type(self), instance.pk)
        if key not in rendered:
            rendered[key] = super().to_representation(instance)
        return rendered[key]


def brief(model, names=NAMES, view_name=None, extra=()):
    """A brief serializer class for ``model``, named ``<Model>Brief`` in the schema."""
    attrs = {}
    if view_name:
        attrs["url"] = RecordURLField(view_name)
    meta = type(
        "Meta",
        (),
        {"model": model, "fields": ("code", *extra, *names, *attrs), "read_only_fields": ()},
    )
    return type(f"{model.__name__}Brief", (BriefSerializer,), {**attrs, "Meta": meta})


RegionBrief = brief(Region, view_name="region")
ProvinceBrief = brief(Province, view_name="province")
FormerRegionBrief = brief(FormerRegion)
SectorBrief = brief(Sector, view_name="sector")
ZoneBrief = brief(Zone, view_name="zone")
OrganisationBrief = brief(Organisation, view_name="organisation", extra=("acronym",))
PersonBrief = brief(Person)
AgreementBrief = brief(Agreement, names=TITLES, view_name="agreement")
MeetingBrief = brief(Meeting, names=TITLES)
SourceBrief = brief(Source, names=TITLES, view_name="source")


class CitationSerializer(FastModelSerializer):
    """Provenance: the source, the exact words it prints, and the field they support."""

    source = SourceBrief()
    field = serializers.CharField(source="field_name", help_text="Empty: the whole record.")

    class Meta:
        model = Citation
        fields = ("source", "field", "quote", "note")

    def to_representation(self, instance):
        if not instance.source.is_published:
            return None
        return super().to_representation(instance)


class RecordSerializer(FastModelSerializer):
    """Fields every published record carries."""

    citations = CitationSerializer(many=True)

    #: CSV header -> dotted path into the rendered record; ``[]`` joins a list.
    csv_columns = {}


class ZoneSerializer(RecordSerializer):
    url = RecordURLField("zone")
    region = RegionBrief()
    province = ProvinceBrief()
    province_as_stated = ProvinceBrief()
    former_region_as_stated = FormerRegionBrief()
    parent = ZoneBrief()
    area = AreaField()
    cost = MoneyField("cost_amount", "cost_currency", "cost_qualifier")
    coordinates = CoordinatesField()
    sectors = SectorBrief(many=True)

    class Meta:
        model = Zone
        fields = (
            "code",
            "url",
            *NAMES,
            "aliases",
            "kind",
            "status",
            "region",
            "province",
            "province_as_stated",
            "former_region_as_stated",
            "grouping_as_stated",
            "locality_ar",
            "locality_fr",
            "parent",
            "area",
            "cost",
            "coordinates",
            "sectors",
            "description_ar",
            "description_fr",
            "description_en",
            "updated",
            "citations",
        )

    csv_columns = {
        "code": "code",
        "name_ar": "name_ar",
        "name_fr": "name_fr",
        "name_en": "name_en",
        "aliases": "aliases[]",
        "kind": "kind",
        "status": "status",
        "region": "region.code",
        "province": "province.code",
        "province_as_stated": "province_as_stated.code",
        "former_region_as_stated": "former_region_as_stated.code",
        "grouping_as_stated": "grouping_as_stated",
        "locality_ar": "locality_ar",
        "locality_fr": "locality_fr",
        "parent": "parent.code",
        "area_ha": "area.hectares",
        "area_qualifier": "area.qualifier",
        "area_as_stated": "area.as_stated",
        "cost_amount": "cost.amount",
        "cost_currency": "cost.currency",
        "cost_qualifier": "cost.qualifier",
        "latitude": "coordinates.latitude",
        "longitude": "coordinates.longitude",
        "sectors": "sectors[].code",
        "description_ar": "description_ar",
        "description_fr": "description_fr",
        "description_en": "description_en",
        "sources": "citations[].source.code",
    }


class ZoneRoleSerializer(FastModelSerializer):
    organisation = OrganisationBrief()

    class Meta:
        model = ZoneOrganisation
        fields = ("organisation", "role", "note")


class ZoneJobFigureSerializer(FastModelSerializer):
    class Meta:
        model = ZoneJobFigure
        fields = ("kind", "basis", "count", "qualifier", "year", "note")


class ZoneEventSerializer(FastModelSerializer):
    date = PartialDateField("date", as_stated="date_as_stated")
    person = PersonBrief()

    class Meta:
        model = ZoneEvent
        fields = (
            "kind",
            "date",
            "date_end",
            "person",
            "progress_percent",
            "progress_qualifier",
            "description_ar",
            "description_fr",
            "description_en",
        )


class ZoneDetailSerializer(ZoneSerializer):
    """A zone with the organisations, job figures and milestones the list leaves out."""

    organisations = ZoneRoleSerializer(many=True, source="roles")
    job_figures = ZoneJobFigureSerializer(many=True)
    events = ZoneEventSerializer(many=True)

    class Meta(ZoneSerializer.Meta):
        fields = (*ZoneSerializer.Meta.fields, "organisations", "job_figures", "events", "notes")


class AgreementSerializer(RecordSerializer):
    url = RecordURLField("agreement")
    signed_on = PartialDateField("signed_on", as_stated="signed_on_as_stated")
    province = ProvinceBrief()
    meeting = MeetingBrief()
    zones = ZoneBrief(many=True)

    class Meta:
        model = Agreement
        fields = (
            "code",
            "url",
            *TITLES,
            "kind",
            "status",
            "signed_on",
            "place_ar",
            "place_fr",
            "place_en",
            "province",
            "meeting",
            "subject_ar",
            "subject_fr",
            "subject_en",
            "zones",
            "updated",
            "citations",
        )

    csv_columns = {
        "code": "code",
        "title_ar": "title_ar",
        "title_fr": "title_fr",
        "title_en": "title_en",
        "kind": "kind",
        "status": "status",
        "signed_on": "signed_on.date",
        "signed_on_precision": "signed_on.precision",
        "signed_on_as_stated": "signed_on.as_stated",
        "place_ar": "place_ar",
        "place_fr": "place_fr",
        "place_en": "place_en",
        "province": "province.code",
        "meeting": "meeting.code",
        "subject_ar": "subject_ar",
        "subject_fr": "subject_fr",
        "subject_en": "subject_en",
        "zones": "zones[].code",
        "sources": "citations[].source.code",
    }


class AgreementPartySerializer(FastModelSerializer):
    organisation = OrganisationBrief()
    roles = serializers.ListField(child=serializers.CharField())
    signatory = PersonBrief()

    class Meta:
        model = AgreementParty
        fields = (
            "organisation",
            "roles",
            "signatory",
            "signatory_office_ar",
            "signatory_office_fr",
        )


class AgreementDetailSerializer(AgreementSerializer):
    """An agreement with its parties, in the order the source lists them."""

    parties = AgreementPartySerializer(many=True, source="party_roles")

    class Meta(AgreementSerializer.Meta):
        fields = (*AgreementSerializer.Meta.fields, "parties")


class FundingCommitmentSerializer(RecordSerializer):
    url = RecordURLField("funding-commitment")
    amount = MoneyField("amount", "currency", "amount_qualifier", as_stated="amount_as_stated")
    funder = OrganisationBrief()
    recipient = OrganisationBrief()
    agreement = AgreementBrief()
    meeting = MeetingBrief()
    announced_on = PartialDateField("announced_on")
    zones = ZoneBrief(many=True)

    class Meta:
        model = FundingCommitment
        fields = (
            "code",
            "url",
            "amount",
            "kind",
            "funder",
            "recipient",
            "purpose_ar",
            "purpose_fr",
            "purpose_en",
            "zones",
            "agreement",
            "meeting",
            "announced_on",
            "period_start_year",
            "period_end_year",
            "confidence",
            "notes",
            "updated",
            "citations",
        )

    csv_columns = {
        "code": "code",
        "amount": "amount.amount",
        "currency": "amount.currency",
        "amount_qualifier": "amount.qualifier",
        "amount_as_stated": "amount.as_stated",
        "kind": "kind",
        "funder": "funder.code",
        "recipient": "recipient.code",
        "purpose_ar": "purpose_ar",
        "purpose_fr": "purpose_fr",
        "purpose_en": "purpose_en",
        "zones": "zones[].code",
        "agreement": "agreement.code",
        "meeting": "meeting.code",
        "announced_on": "announced_on.date",
        "announced_on_precision": "announced_on.precision",
        "period_start_year": "period_start_year",
        "period_end_year": "period_end_year",
        "confidence": "confidence",
        "notes": "notes",
        "sources": "citations[].source.code",
    }


class OrganisationSerializer(RecordSerializer):
    url = RecordURLField("organisation")
    parent = OrganisationBrief()
    members = OrganisationBrief(many=True)
    region = RegionBrief()
    former_region = FormerRegionBrief()
    province = ProvinceBrief()

    class Meta:
        model = Organisation
        fields = (
            "code",
            "url",
            *NAMES,
            "acronym",
            "kind",
            "parent",
            "members",
            "region",
            "former_region",
            "province",
            "aliases",
            "description",
            "updated",
            "citations",
        )

    csv_columns = {
        "code": "code",
        "name_ar": "name_ar",
        "name_fr": "name_fr",
        "name_en": "name_en",
        "acronym": "acronym",
        "kind": "kind",
        "parent": "parent.code",
        "members": "members[].code",
        "region": "region.code",
        "former_region": "former_region.code",
        "province": "province.code",
        "aliases": "aliases[]",
        "description": "description",
        "sources": "citations[].source.code",
    }


class SourceSerializer(RecordSerializer):
    url = RecordURLField("source")
    document_url = serializers.CharField(source="url", help_text="Where the document was read.")
    publisher = OrganisationBrief()
    published_on = PartialDateField("published_on", as_stated="published_on_as_stated")

    class Meta:
        model = Source
        fields = (
            "code",
            "url",
            *TITLES,
            "publisher",
            "publisher_as_stated",
            "byline",
            "published_on",
            "language",
            "file_name",
            "document_url",
            "licence",
            "updated",
            "citations",
        )

    csv_columns = {
        "code": "code",
        "title_ar": "title_ar",
        "title_fr": "title_fr",
        "title_en": "title_en",
        "publisher": "publisher.code",
        "publisher_as_stated": "publisher_as_stated",
        "byline": "byline",
        "published_on": "published_on.date",
        "published_on_precision": "published_on.precision",
        "published_on_as_stated": "published_on.as_stated",
        "language": "language",
        "file_name": "file_name",
        "url": "document_url",
        "licence": "licence",
    }


class SourceDetailSerializer(SourceSerializer):
    """A source with its full text, in which every citation's quote occurs verbatim."""

    class Meta(SourceSerializer.Meta):
        fields = (*SourceSerializer.Meta.fields, "text", "notes")


class ReferenceSerializer(FastModelSerializer):
    """Geography and sectors: reference data, always public, without citations."""

    csv_columns = {"code": "code", "name_ar": "name_ar", "name_fr": "name_fr", "name_en": "name_en"}


class RegionSerializer(ReferenceSerializer):
    url = RecordURLField("region")

    class Meta:
        model = Region
        fields = ("code", "url", *NAMES)


class RegionDetailSerializer(RegionSerializer):
    provinces = ProvinceBrief(many=True)

    class Meta(RegionSerializer.Meta):
        fields = (*RegionSerializer.Meta.fields, "provinces")


class ProvinceSerializer(ReferenceSerializer):
    url = RecordURLField("province")
    region = RegionBrief()

    class Meta:
        model = Province
        fields = ("code", "url", *NAMES, "kind", "region")

    csv_columns = {**ReferenceSerializer.csv_columns, "kind": "kind", "region": "region.code"}


class SectorSerializer(ReferenceSerializer):
    url = RecordURLField("sector")

    class Meta:
        model = Sector
        fields = ("code", "url", *NAMES)
