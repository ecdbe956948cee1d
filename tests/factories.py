"""factory-boy factories for every registry model; tests build data with these."""

import factory

from registry import models
from registry.choices import OrganisationKind, ProvinceKind, ZoneKind


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{n % 90 + 10:02d}")
    name_ar = factory.Sequence(lambda n: f"جهة {n}")
    name_fr = factory.Sequence(lambda n: f"Région {n}")
    name_en = factory.Sequence(lambda n: f"Region {n}")


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Province
        django_get_or_create = ("code",)

    region = factory.SubFactory(RegionFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.region.code}.{n % 900 + 100:03d}")
    kind = ProvinceKind.PROVINCE
    name_ar = factory.Sequence(lambda n: f"إقليم {n}")
    name_fr = factory.Sequence(lambda n: f"Province {n}")
    name_en = factory.Sequence(lambda n: f"Province {n}")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Source

    code = factory.Sequence(lambda n: f"SRC-{n}")
    title_en = factory.Sequence(lambda n: f"Article {n}")
    language = "ar"
    text = "تضم جهة فاس مكناس 15 منطقة صناعية عملية وواعدة حسب المركز الجهوي للاستثمار ."


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organisation

    code = factory.Sequence(lambda n: f"ORG-{n}")
    kind = OrganisationKind.PUBLIC_AGENCY
    name_ar = factory.Sequence(lambda n: f"وكالة {n}")
    name_fr = factory.Sequence(lambda n: f"Agence {n}")
    name_en = factory.Sequence(lambda n: f"Agency {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person

    code = factory.Sequence(lambda n: f"PERSON-{n}")
    name_ar = factory.Sequence(lambda n: f"شخص {n}")


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Sector

    code = factory.Sequence(lambda n: f"SECTOR-{n}")
    name_en = factory.Sequence(lambda n: f"Sector {n}")


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Zone

    code = factory.Sequence(lambda n: f"ZONE-{n}")
    kind = ZoneKind.INDUSTRIAL_ZONE
    name_ar = factory.Sequence(lambda n: f"المنطقة الصناعية {n}")
    name_fr = factory.Sequence(lambda n: f"Zone industrielle {n}")
    name_en = factory.Sequence(lambda n: f"Industrial zone {n}")
    province = factory.SubFactory(ProvinceFactory)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Agreement

    code = factory.Sequence(lambda n: f"AGREEMENT-{n}")
    kind = "mou"
    title_en = factory.Sequence(lambda n: f"Memorandum {n}")


class AgreementPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AgreementParty

    agreement = factory.SubFactory(AgreementFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    roles = factory.LazyFunction(lambda: ["signatory"])


class FundingCommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FundingCommitment

    code = factory.Sequence(lambda n: f"FUNDING-{n}")
    kind = "allocation"
    amount = 1_000_000
    funder = factory.SubFactory(OrganisationFactory)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Meeting

    code = factory.Sequence(lambda n: f"MEETING-{n}")
    kind = "consultation"
    title_en = factory.Sequence(lambda n: f"Meeting {n}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Indicator

    code = factory.Sequence(lambda n: f"INDICATOR-{n}")
    kind = "other"
    name_en = factory.Sequence(lambda n: f"Indicator {n}")
    value = 1


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Citation

    source = factory.SubFactory(SourceFactory)
    record = factory.SubFactory(ZoneFactory)
    quote = "15 منطقة صناعية"
