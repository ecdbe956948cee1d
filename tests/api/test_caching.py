"""ETag, Last-Modified and 304 come from the data version, before any data query."""

import pytest
from django.apps import apps as global_apps
from django.contrib.contenttypes.models import ContentType
from django.utils.http import http_date

from registry.models import DataVersion, Zone
from registry.models.dataversion import tracks_data

from . import factories as f
from .base import detail_url, list_url


@pytest.mark.django_db
class TestConditionalGet:
    def test_every_response_has_validators_and_cache_control(self, client, settings):
        settings.REGISTRY_API_CACHE_SECONDS = 300
        zone = f.ZoneFactory()
        for url in (list_url("zone"), detail_url("zone", zone.code), "/api/v1/stats/"):
            response = client.get(url)
            assert response["ETag"].startswith('"')
            assert response["Last-Modified"]
            assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=300"}
            assert "Accept" in response["Vary"]

    def test_if_none_match_gives_304_with_one_query_and_no_body(
        self, client, django_assert_num_queries
    ):
        f.cite(f.ZoneFactory())
        etag = client.get(list_url("zone")).headers["ETag"]
        with django_assert_num_queries(1):  # the data version, nothing else
            response = client.get(list_url("zone"), HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 304
        assert response.content == b""
        assert response["ETag"] == etag
        weak = client.get(list_url("zone"), HTTP_IF_NONE_MATCH=f'W/{etag}, "other"')
        assert weak.status_code == 304

    def test_if_modified_since(self, client):
        f.ZoneFactory()
        last_modified = client.get(list_url("zone"))["Last-Modified"]
        assert client.get(list_url("zone"), HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
        stale = http_date(0)
        assert client.get(list_url("zone"), HTTP_IF_MODIFIED_SINCE=stale).status_code == 200

    def test_etag_differs_by_url_format_and_language(self, client):
        f.ZoneFactory()
        tags = {
            client.get(list_url("zone"))["ETag"],
            client.get(list_url("zone", limit=1))["ETag"],
            client.get(list_url("zone", format="csv"))["ETag"],
            client.get(list_url("zone"), HTTP_ACCEPT="text/csv")["ETag"],
            # CSV headers are in the request's language
            client.get(list_url("zone", format="csv"), HTTP_ACCEPT_LANGUAGE="fr")["ETag"],
        }
        assert len(tags) == 5
        assert "Accept-Language" in client.get(list_url("zone", format="csv"))["Vary"]

    def test_a_bad_request_is_never_a_304(self, client):
        f.ZoneFactory()
        etag = client.get(list_url("zone"))["ETag"]
        assert client.get(list_url("zone", bad="1"), HTTP_IF_NONE_MATCH="*").status_code == 400
        assert client.get(list_url("zone"), HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.django_db
class TestDataVersion:
    """Every kind of write moves the version on, so no cached copy outlives a change."""

    def changes(self, client, write):
        before = client.get(list_url("zone"))["ETag"]
        write()
        after = client.get(list_url("zone"), HTTP_IF_NONE_MATCH=before)
        assert after.status_code == 200, "a write left the ETag unchanged"
        return after

    def test_save(self, client):
        zone = f.ZoneFactory()
        self.changes(client, lambda: zone.save())

    def test_publish_and_unpublish(self, client):
        zone = f.ZoneFactory(publication_state=f.DRAFT)

        def publish():
            zone.publication_state = f.PUBLISHED
            zone.save()

        assert self.changes(client, publish).json()["results"][0]["code"] == zone.code

    def test_delete(self, client):
        zone = f.ZoneFactory()
        assert self.changes(client, zone.delete).json()["results"] == []

    def test_many_to_many(self, client):
        zone, sector = f.ZoneFactory(), f.SectorFactory()
        self.changes(client, lambda: zone.sectors.add(sector))
        self.changes(client, lambda: zone.sectors.remove(sector))

    def test_citation_and_reference_data(self, client):
        zone = f.ZoneFactory()
        self.changes(client, lambda: f.cite(zone))
        self.changes(client, lambda: f.RegionFactory())

    def test_bulk_writers_bump_explicitly(self, client):
        zone = f.ZoneFactory()

        def bulk_update():
            type(zone).objects.filter(pk=zone.pk).update(name_fr="Nouveau nom")
            DataVersion.bump()

        self.changes(client, bulk_update)

    def test_history_rows_and_content_types_do_not_bump(self):
        f.ZoneFactory()
        version = DataVersion.current()[0]
        ContentType.objects.clear_cache()
        ContentType.objects.get_for_model(DataVersion)
        assert DataVersion.current()[0] == version

    def test_data_migrations_do_not_touch_the_version(self):
        from django.db.migrations.state import ProjectState

        historical_zone = ProjectState.from_apps(global_apps).apps.get_model("registry", "Zone")
        assert not tracks_data(historical_zone)
        assert tracks_data(Zone)

    def test_version_row_is_recreated_if_missing(self):
        DataVersion.objects.all().delete()
        assert DataVersion.current() == (0, None)
        f.ZoneFactory()
        assert DataVersion.current()[0] >= 1
