"""Factories for the API tests (published by default; pass ``publication_state`` for drafts)."""

import factory
from django.contrib.contenttypes.models import ContentType

from registry import choices, models

# Re-exported: the API tests reach every factory through this module.
from tests.factories import ProvinceFactory as ProvinceFactory
from tests.factories import RegionFactory as RegionFactory

PUBLISHED = choices.PublicationState.PUBLISHED
DRAFT = choices.PublicationState.DRAFT


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Sector
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"SECTOR-{n}")
    name_fr = factory.Sequence(lambda n: f"Secteur {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organisation

    code = factory.Sequence(lambda n: f"ORG-{n:05d}")
    name_ar = factory.Sequence(lambda n: f"مؤسسة {n}")
    name_fr = factory.Sequence(lambda n: f"Organisation {n}")
    kind = choices.OrganisationKind.PUBLIC_AGENCY
    publication_state = PUBLISHED


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Source

    code = factory.Sequence(lambda n: f"SRC-{n:05d}")
    title_fr = factory.Sequence(lambda n: f"Article {n}")
    language = choices.Language.ARABIC
    text = "أعلنت الوزارة عن إحداث منطقة صناعية جديدة بمساحة 154 هكتار."
    publication_state = PUBLISHED


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Zone

    code = factory.Sequence(lambda n: f"ZONE-{n:05d}")
    name_ar = factory.Sequence(lambda n: f"المنطقة الصناعية {n}")
    name_fr = factory.Sequence(lambda n: f"Zone industrielle {n}")
    kind = choices.ZoneKind.INDUSTRIAL_ZONE
    status = choices.ZoneStatus.OPERATIONAL
    publication_state = PUBLISHED


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Agreement

    code = factory.Sequence(lambda n: f"AGR-{n:05d}")
    title_fr = factory.Sequence(lambda n: f"Convention {n}")
    kind = choices.AgreementKind.CONVENTION
    publication_state = PUBLISHED


class FundingCommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FundingCommitment

    code = factory.Sequence(lambda n: f"FUND-{n:05d}")
    kind = choices.FundingKind.BUDGET
    publication_state = PUBLISHED


def cite(record, source=None, quote="منطقة صناعية", field_name=""):
    """A citation of ``record`` quoting ``source`` (which must contain ``quote``)."""
    return models.Citation.objects.create(
        source=source or SourceFactory(),
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        field_name=field_name,
        quote=quote,
    )
