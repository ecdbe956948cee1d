"""Shared factory-boy factories for registry records (additive: extend, don't rename)."""

import factory

from registry import choices, models


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{n % 100:02d}")
    name_fr = factory.Sequence(lambda n: f"Région {n}")
    name_ar = factory.Sequence(lambda n: f"جهة {n}")


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Province
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{n % 100:02d}.{n % 1000:03d}")
    kind = choices.ProvinceKind.PROVINCE
    region = factory.SubFactory(RegionFactory)
    name_fr = factory.Sequence(lambda n: f"Province {n}")
    name_ar = factory.Sequence(lambda n: f"إقليم {n}")


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Sector
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"sector-{n}")
    name_fr = factory.Sequence(lambda n: f"Secteur {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organisation

    code = factory.Sequence(lambda n: f"ORG-{n:05d}")
    name_fr = factory.Sequence(lambda n: f"Organisation {n}")
    name_ar = factory.Sequence(lambda n: f"مؤسسة {n}")
    kind = choices.OrganisationKind.PUBLIC_AGENCY


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person

    code = factory.Sequence(lambda n: f"PER-{n:05d}")
    name_fr = factory.Sequence(lambda n: f"Personne {n}")


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Zone

    code = factory.Sequence(lambda n: f"ZN-{n:06d}")
    name_fr = factory.Sequence(lambda n: f"Zone industrielle {n}")
    name_ar = factory.Sequence(lambda n: f"المنطقة الصناعية {n}")
    kind = choices.ZoneKind.INDUSTRIAL_ZONE
    status = choices.ZoneStatus.OPERATIONAL
    province = factory.SubFactory(ProvinceFactory)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Agreement

    code = factory.Sequence(lambda n: f"AGR-{n:05d}")
    title_fr = factory.Sequence(lambda n: f"Convention {n}")
    kind = choices.AgreementKind.CONVENTION


class AgreementPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AgreementParty

    agreement = factory.SubFactory(AgreementFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    roles = factory.LazyFunction(lambda: [choices.PartyRole.SIGNATORY])


class FundingCommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FundingCommitment

    code = factory.Sequence(lambda n: f"FND-{n:05d}")
    amount = 1_000_000
    kind = choices.FundingKind.ALLOCATION
    purpose_fr = factory.Sequence(lambda n: f"Aménagement {n}")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Meeting

    code = factory.Sequence(lambda n: f"MTG-{n:05d}")
    title_fr = factory.Sequence(lambda n: f"Réunion {n}")
    kind = choices.MeetingKind.CONSULTATION


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Indicator

    code = factory.Sequence(lambda n: f"IND-{n:05d}")
    name_fr = factory.Sequence(lambda n: f"Indicateur {n}")
    kind = choices.IndicatorKind.OTHER
    value = 1


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Source

    code = factory.Sequence(lambda n: f"SRC-{n:05d}")
    title_ar = factory.Sequence(lambda n: f"مقال {n}")
    language = choices.Language.ARABIC
    text = "أكد المسؤولون أن المنطقة الصناعية تمتد على مساحة 20 هكتار."


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Citation

    source = factory.SubFactory(SourceFactory)
    record = factory.SubFactory(ZoneFactory)
    quote = "المنطقة الصناعية"
