import pytest
from django.utils import translation

from registry.models import Province, Region, Sector


@pytest.fixture(autouse=True)
def english(settings):
    """Messages and headers in English: in direct calls, and in requests, where
    LocaleMiddleware falls back to LANGUAGE_CODE (Arabic by default)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def geography(db):
    """Two regions and three provinces, two of them sharing a French name."""
    fes = Region.objects.create(
        code="03", name_ar="فاس مكناس", name_fr="Fès-Meknès", name_en="Fez-Meknes"
    )
    east = Region.objects.create(
        code="02", name_ar="الشرق", name_fr="L'Oriental", name_en="Oriental"
    )
    return {
        "fes_region": fes,
        "fes": Province.objects.create(
            code="03.231",
            name_ar="فاس",
            name_fr="Fès",
            name_en="Fez",
            kind="prefecture",
            region=fes,
        ),
        "taza": Province.objects.create(
            code="03.561",
            name_ar="تازة",
            name_fr="Taza",
            name_en="Taza",
            kind="province",
            region=fes,
        ),
        "guercif": Province.objects.create(
            code="02.271",
            name_ar="جرسيف",
            name_fr="Guercif",
            name_en="Taza",
            kind="province",
            region=east,
        ),
        "agro": Sector.objects.create(
            code="AGRO", name_ar="الصناعات الغذائية", name_fr="Agro-industrie"
        ),
        "textile": Sector.objects.create(code="TEXTILE", name_ar="النسيج", name_fr="Textile"),
    }
