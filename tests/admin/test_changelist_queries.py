"""Every admin changelist runs a fixed number of queries, whatever the row count."""

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry import models
from registry.models.base import RecordModel
from tests import factories

pytestmark = pytest.mark.django_db

# Queries of one changelist page, pinned: a new N+1 or a lost select_related fails here.
EXPECTED_QUERIES = {
    "agreement": 9,
    "agreementparty": 5,
    "citation": 8,
    "formerregion": 5,
    "fundingcommitment": 10,
    "indicator": 7,
    "meeting": 8,
    "meetingparticipant": 5,
    "organisation": 8,
    "organisationname": 5,
    "person": 6,
    "province": 6,
    "region": 5,
    "sector": 5,
    "source": 7,
    "zone": 10,
    "zoneevent": 5,
    "zonejobfigure": 5,
    "zoneorganisation": 5,
}


class World:
    """The related rows every built row points at."""

    def __init__(self):
        self.region = factories.RegionFactory(code="03", name_fr="Fès-Meknès")
        self.province = factories.ProvinceFactory(code="03.231", region=self.region)
        self.organisation = factories.OrganisationFactory(region=self.region)
        self.person = factories.PersonFactory()
        self.zone = factories.ZoneFactory(province=self.province)
        self.agreement = factories.AgreementFactory(province=self.province)
        self.meeting = factories.MeetingFactory(province=self.province)
        self.source = factories.SourceFactory(publisher=self.organisation)


def two_characters(i):
    """Region codes have two characters; base 36 gives room for 1,296 of them."""
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return digits[i // 36 % 36] + digits[i % 36]


def build(model, i, world):
    """An unsaved row of ``model`` numbered ``i``."""
    name = {"name_fr": f"Nom {i}", "name_ar": f"اسم {i}"}
    builders = {
        models.Region: lambda: models.Region(code=two_characters(i), **name),
        models.Province: lambda: models.Province(
            code=f"{i // 1000:02d}.{i % 1000:03d}", kind="province", region=world.region, **name
        ),
        models.FormerRegion: lambda: models.FormerRegion(code=f"FR-{i}", **name),
        models.Sector: lambda: models.Sector(code=f"S-{i}", **name),
        models.Organisation: lambda: models.Organisation(
            code=f"O-{i}", kind="ministry", region=world.region, province=world.province, **name
        ),
        models.OrganisationName: lambda: models.OrganisationName(
            organisation=world.organisation, **name
        ),
        models.Person: lambda: models.Person(code=f"P-{i}", **name),
        models.Zone: lambda: models.Zone(
            code=f"Z-{i}",
            kind="industrial_zone",
            province=world.province,
            region=world.region,
            area_ha=10,
            **name,
        ),
        models.ZoneOrganisation: lambda: models.ZoneOrganisation(
            zone=world.zone,
            organisation=factories.OrganisationFactory.build(code=f"ZO-{i}"),
            role="developer",
        ),
        models.ZoneJobFigure: lambda: models.ZoneJobFigure(
            zone=world.zone, kind="direct", basis="target", count=i
        ),
        models.ZoneEvent: lambda: models.ZoneEvent(
            zone=world.zone, kind="launch", person=world.person
        ),
        models.Agreement: lambda: models.Agreement(
            code=f"A-{i}", title_fr=f"Convention {i}", kind="mou", province=world.province
        ),
        models.AgreementParty: lambda: models.AgreementParty(
            agreement=world.agreement,
            organisation=factories.OrganisationFactory.build(code=f"PO-{i}"),
            roles=["signatory"],
            signatory=world.person,
        ),
        models.FundingCommitment: lambda: models.FundingCommitment(
            code=f"F-{i}",
            amount=i,
            kind="grant",
            funder=world.organisation,
            recipient=world.organisation,
        ),
        models.Meeting: lambda: models.Meeting(
            code=f"M-{i}", title_fr=f"Réunion {i}", kind="forum", province=world.province
        ),
        models.MeetingParticipant: lambda: models.MeetingParticipant(
            meeting=world.meeting,
            person=world.person,
            organisation=world.organisation,
            role="participant",
        ),
        models.Indicator: lambda: models.Indicator(
            code=f"I-{i}", kind="other", value=i, region=world.region, **name
        ),
        models.Source: lambda: models.Source(
            code=f"SRC-{i}", title_ar=f"مقال {i}", language="ar", text="نص", publisher=None
        ),
        models.Citation: lambda: models.Citation(
            source=world.source,
            content_type=ContentType.objects.get_for_model(models.Zone),
            object_id=world.zone.pk,
            quote="نص",
        ),
    }
    return builders[model]()


def add_rows(model, start, stop, world):
    rows = [build(model, i, world) for i in range(start, stop)]
    if model in (models.AgreementParty, models.ZoneOrganisation):
        # Each row needs its own organisation (a party or role is unique per organisation).
        models.Organisation.objects.bulk_create([row.organisation for row in rows])
        for row in rows:
            row.organisation = row.organisation
    for row in rows:
        if isinstance(row, RecordModel):
            row.refresh_search_text()
    created = model.objects.bulk_create(rows)
    if issubclass(model, RecordModel):
        content_type = ContentType.objects.get_for_model(model)
        models.Citation.objects.bulk_create(
            models.Citation(
                source=world.source, content_type=content_type, object_id=row.pk, quote="نص"
            )
            for row in created
        )


def count_queries(client, url):
    client.get(url)  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


ADMIN_MODELS = sorted(
    (m for m in admin.site._registry if m._meta.app_label == "registry"),
    key=lambda m: m._meta.model_name,
)


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m._meta.model_name)
def test_changelist_query_count_does_not_grow_with_rows(admin_client, model):
    world = World()
    url = reverse(f"admin:registry_{model._meta.model_name}_changelist")
    existing = model.objects.count()
    add_rows(model, 100, 110 - existing, world)
    small, response = count_queries(admin_client, url)
    assert response.context["cl"].result_count == 10
    add_rows(model, 200, 1200, world)
    large, response = count_queries(admin_client, url)
    assert response.context["cl"].result_count >= 1000
    assert small == large, f"{model._meta.model_name}: {small} queries at 10 rows, {large} at 1,000"
    assert large == EXPECTED_QUERIES[model._meta.model_name]
