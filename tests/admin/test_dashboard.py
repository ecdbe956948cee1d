"""The admin opens on a dashboard of counts, a chart per region, work to do and changes."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry.dashboard import model_summaries, zones_by_region
from registry.models import Source, Zone
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    fes = factories.RegionFactory(code="03", name_fr="Fès-Meknès")
    oriental = factories.RegionFactory(code="02", name_fr="Oriental")
    factories.RegionFactory(code="09", name_fr="Souss-Massa")
    fes_prefecture = factories.ProvinceFactory(code="03.231", region=fes)
    oujda = factories.ProvinceFactory(code="02.411", region=oriental)
    zones = [
        factories.ZoneFactory(province=fes_prefecture, area_ha=Decimal("154")),
        factories.ZoneFactory(province=fes_prefecture, area_ha=Decimal("20")),
        factories.ZoneFactory(province=oujda, area_ha=Decimal("87"), publication_state="published"),
    ]
    factories.CitationFactory(record=zones[0])
    return zones


def test_counts_drafts_and_uncited(data):
    summaries = {s.model: s for s in model_summaries([Zone, Source])}
    assert (summaries[Zone].total, summaries[Zone].drafts, summaries[Zone].uncited) == (3, 2, 2)
    assert summaries[Source].total == 1


def test_zones_and_hectares_per_region(data):
    bars = {bar.region.code: bar for bar in zones_by_region()}
    assert (bars["03"].zones, bars["03"].hectares) == (2, Decimal("174"))
    assert (bars["02"].zones, bars["02"].hectares) == (1, Decimal("87"))
    assert (bars["09"].zones, bars["09"].hectares_share) == (0, 0)
    assert bars["03"].zones_share == 1 and bars["03"].hectares_share == 1
    assert bars["02"].hectares_share == pytest.approx(87 / 174)


def test_index_page_shows_the_dashboard(admin_client, data):
    admin_client.cookies["django_language"] = "en"
    response = admin_client.get(reverse("admin:index"))
    content = response.content.decode()
    assert "Zones and hectares per region" in content
    assert content.count('<svg role="img"') == 3
    assert 'width="100%"' in content  # the largest bar
    assert "?cited=no" in content and "?publication_state__exact=draft" in content
    assert "Latest changes" in content
    assert "cdn" not in content.lower() and "https://" not in content


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_dashboard_query_count_does_not_grow(admin_client, data):
    url = reverse("admin:index")
    admin_client.get(url)
    before = count_queries(admin_client, url)
    region = factories.RegionFactory(code="05")
    factories.ZoneFactory.create_batch(30, region=region, province=None)
    factories.AgreementFactory.create_batch(10)
    assert count_queries(admin_client, url) == before


def test_viewer_sees_the_dashboard(client, viewer, data):
    client.force_login(viewer)
    assert b"registry-dashboard" in client.get(reverse("admin:index")).content


def test_staff_without_permissions_sees_no_figures(client, django_user_model, data):
    user = django_user_model.objects.create_user("nobody", is_staff=True)
    client.force_login(user)
    content = client.get(reverse("admin:index")).content.decode()
    assert "Zones and hectares per region" not in content
