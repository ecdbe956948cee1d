"""What each public record looks like.

The declarations here drive two other things, so they cannot drift apart: the base
viewset derives ``select_related``/``Prefetch`` (published rows only) from the nested
serializers, and drf-spectacular documents the fields. CSV is not declared here: it is
the admin export's sheet of each table.
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


class SourceDetailSerializer(SourceSerializer):
    """A source with its full text, in which every citation's quote occurs verbatim."""

    class Meta(SourceSerializer.Meta):
        fields = (*SourceSerializer.Meta.fields, "text", "notes")


class ReferenceSerializer(FastModelSerializer):
    """Geography and sectors: reference data, always public, without citations."""


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


class SectorSerializer(ReferenceSerializer):
    url = RecordURLField("sector")

    class Meta:
        model = Sector
        fields = ("code", "url", *NAMES)
