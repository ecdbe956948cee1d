"""Admin search goes through registry.text.normalize and finds variant spellings."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def zones(db):
    return {
        "fes_shore": factories.ZoneFactory(
            code="ZN-FES-SHORE",
            name_ar="فاس شور",
            name_fr="Fès Shore",
            aliases=["Fez Shore", "فاس-شور"],
            kind="technology_park",
        ),
        "ain_chkef": factories.ZoneFactory(
            code="ZN-AIN-CHKEF", name_ar="المنطقة الصناعية لعين الشقف", name_fr="Aïn Chkef"
        ),
        "ain_cheggag": factories.ZoneFactory(
            code="ZN-AIN-CHEGGAG",
            name_ar="المنطقة الصناعية عين الشكاك",
            name_fr="Zone industrielle d'Aïn Cheggag",
        ),
        "ait_kamra": factories.ZoneFactory(
            code="ZAE-AIT-KAMRA",
            name_ar="منطقة الأنشطة الاقتصادية آيت قمرة",
            name_fr="Zone d'activités économiques d'Aït Kamra",
        ),
    }


def search(client, model_name, term):
    response = client.get(reverse(f"admin:registry_{model_name}_changelist"), {"q": term})
    assert response.status_code == 200
    return {obj.code for obj in response.context["cl"].result_list}


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("عين الشقف", {"ZN-AIN-CHKEF"}),
        ("عين الشّقف", {"ZN-AIN-CHKEF"}),
        ("عين الشكاك", {"ZN-AIN-CHEGGAG"}),
        ("ايت قمرة", {"ZAE-AIT-KAMRA"}),
        ("أيت قمره", {"ZAE-AIT-KAMRA"}),
        ("Ait Kamra", {"ZAE-AIT-KAMRA"}),
        ("AÏT KAMRA", {"ZAE-AIT-KAMRA"}),
        ("Fes Shore", {"ZN-FES-SHORE"}),
        ("fès-shore", {"ZN-FES-SHORE"}),
        ("فاس ـ شور", {"ZN-FES-SHORE"}),
        ("Fez Shore", {"ZN-FES-SHORE"}),
        ("Aïn Chkef", {"ZN-AIN-CHKEF"}),
        ("Ain Cheggag", {"ZN-AIN-CHEGGAG"}),
        ("المنطقة الصناعية", {"ZN-AIN-CHKEF", "ZN-AIN-CHEGGAG"}),
        ("zn-ain-cheggag", {"ZN-AIN-CHEGGAG"}),
        ("ZAE-AIT-KAMRA", {"ZAE-AIT-KAMRA"}),
        ("Meknès", set()),
    ],
)
def test_zone_search_understands_variants(admin_client, zones, term, expected):
    assert search(admin_client, "zone", term) == expected


def test_blank_search_lists_everything(admin_client, zones):
    assert len(search(admin_client, "zone", "  ـ ")) == len(zones)


def test_child_rows_are_found_by_their_zone(admin_client, zones):
    organisation = factories.OrganisationFactory(name_fr="Agence Al Omrane")
    for zone in zones.values():
        zone.roles.create(organisation=organisation, role="developer")
    response = admin_client.get(
        reverse("admin:registry_zoneorganisation_changelist"), {"q": "عين الشقف"}
    )
    assert [row.zone.code for row in response.context["cl"].result_list] == ["ZN-AIN-CHKEF"]


def test_reference_tables_search_the_same_way(admin_client):
    factories.RegionFactory(code="03", name_fr="Fès-Meknès", name_ar="جهة فاس مكناس")
    factories.RegionFactory(code="01", name_fr="Tanger-Tétouan-Al Hoceïma")
    response = admin_client.get(reverse("admin:registry_region_changelist"), {"q": "fes meknes"})
    assert [r.code for r in response.context["cl"].result_list] == ["03"]


def test_autocomplete_uses_the_same_matcher(admin_client, zones):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "ايت قمرة",
            "app_label": "registry",
            "model_name": "zoneevent",
            "field_name": "zone",
        },
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(zones["ait_kamra"].pk)]
