"""A generic test base for a read-only API resource: a subclass is mostly data.

A subclass sets ``basename`` (the route name), ``record_keys`` (keys every list
record has), ``list_queries`` (the pinned number of SQL queries of a list page, the
data-version read included), and ``make(**kwargs)`` / ``make_draft()`` to create a
published and, for publishable resources, an unpublished record.
"""

import csv
import io

import pytest
from django.urls import reverse

from registry.api import views


def list_url(basename, **params):
    from urllib.parse import urlencode

    query = f"?{urlencode(params, doseq=True)}" if params else ""
    return reverse(f"api:{basename}-list") + query


def detail_url(basename, code):
    return reverse(f"api:{basename}-detail", kwargs={"code": code})


def codes(response):
    assert response.status_code == 200, response.content
    return [record["code"] for record in response.json()["results"]]


VIEWSETS = {
    "zone": views.ZoneViewSet,
    "agreement": views.AgreementViewSet,
    "funding-commitment": views.FundingCommitmentViewSet,
    "organisation": views.OrganisationViewSet,
    "region": views.RegionViewSet,
    "province": views.ProvinceViewSet,
    "sector": views.SectorViewSet,
    "source": views.SourceViewSet,
}


@pytest.mark.django_db
class ReadOnlyResourceTests:
    basename = None
    record_keys = set()
    list_queries = None
    publishable = True

    def make(self, **kwargs):
        raise NotImplementedError

    def make_draft(self):
        return self.make(publication_state="draft")

    @property
    def viewset(self):
        return VIEWSETS[self.basename]

    def test_list_shows_published_records_only(self, client):
        shown = self.make()
        if self.publishable:
            hidden = self.make_draft()
        found = codes(client.get(list_url(self.basename, limit=1000)))
        assert shown.code in found
        if self.publishable:
            assert hidden.code not in found

    def test_record_carries_code_url_and_declared_keys(self, client):
        record = self.make()
        body = client.get(detail_url(self.basename, record.code)).json()
        assert body["code"] == record.code
        assert body["url"] == f"http://testserver{detail_url(self.basename, record.code)}"
        assert self.record_keys <= set(body)
        if self.publishable:
            assert "citations" in body

    def test_detail_of_draft_or_unknown_code_is_404(self, client):
        if self.publishable:
            draft = self.make_draft()
            assert client.get(detail_url(self.basename, draft.code)).status_code == 404
        for code in ("no-such-code", "bad code", "x" * 300, "-dash", "%00"):
            response = client.get(detail_url(self.basename, code))
            assert response.status_code == 404
            assert response["Content-Type"] == "application/json"

    @pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
    def test_writes_are_405(self, client, method):
        record = self.make()
        for url in (list_url(self.basename), detail_url(self.basename, record.code)):
            response = getattr(client, method)(url, {"code": "X"}, format="json")
            assert response.status_code == 405
        assert type(record).objects.filter(pk=record.pk, code=record.code).exists()

    def test_head_and_options(self, client):
        self.make()
        assert client.head(list_url(self.basename)).status_code == 200
        options = client.options(list_url(self.basename))
        assert options.status_code == 200
        assert set(options["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}

    def test_unknown_parameter_is_400_listing_accepted_ones(self, client):
        response = client.get(list_url(self.basename, regoin="03"))
        assert response.status_code == 400
        body = response.json()
        assert "regoin" in body["errors"]
        accepted = set(self.viewset.filterset_class.base_filters) | {
            "limit",
            "offset",
            "after",
            "format",
        }
        assert set(body["accepted"]) == accepted

    def test_single_valued_parameter_given_twice_is_400(self, client):
        response = client.get(list_url(self.basename, limit=["1", "2"]))
        assert response.status_code == 400
        assert "limit" in response.json()["errors"]

    def test_list_query_count_is_constant(self, client, django_assert_num_queries):
        self.make()
        client.get(list_url(self.basename))  # warms per-process caches (content types)
        with django_assert_num_queries(self.list_queries):
            client.get(list_url(self.basename, limit=1000))
        for _ in range(12):
            self.make()
        with django_assert_num_queries(self.list_queries):
            response = client.get(list_url(self.basename, limit=1000))
        assert len(codes(response)) >= 13
        with django_assert_num_queries(self.list_queries):
            client.get(list_url(self.basename, limit=1))

    def test_keyset_pages_cover_every_record_once(self, client):
        for _ in range(5):
            self.make()
        expected = codes(client.get(list_url(self.basename, limit=1000)))
        seen, url = [], list_url(self.basename, limit=2)
        while url:
            body = client.get(url).json()
            seen += [record["code"] for record in body["results"]]
            url = body["next"]
            assert url is None or "after=" in url
        assert seen == expected

    def test_offset_pages_with_ordering(self, client):
        for _ in range(5):
            self.make()
        expected = codes(client.get(list_url(self.basename, limit=1000, ordering="-code")))
        first = client.get(list_url(self.basename, limit=3, ordering="-code")).json()
        assert [r["code"] for r in first["results"]] == expected[:3]
        assert first["previous"] is None
        second = client.get(first["next"]).json()
        assert [r["code"] for r in second["results"]] == expected[3:6]
        assert second["previous"] is not None

    @pytest.mark.parametrize(
        "params",
        [
            {"limit": "0"},
            {"limit": "1001"},
            {"limit": "-1"},
            {"limit": "1e3"},
            {"limit": "99999999999999999999"},
            {"offset": "-5"},
            {"offset": "NaN"},
            {"after": "A", "ordering": "code"},
            {"ordering": "password"},
            {"format": "xml"},
        ],
    )
    def test_invalid_paging_ordering_or_format_is_400(self, client, params):
        response = client.get(list_url(self.basename, **params))
        assert response.status_code == 400, response.content
        assert response.json()["detail"]

    def test_every_documented_ordering_works(self, client):
        self.make()
        self.make()
        ordering = self.viewset.filterset_class.base_filters["ordering"]
        for value, _label in ordering.extra["choices"]:
            response = client.get(list_url(self.basename, ordering=value))
            assert response.status_code == 200, (value, response.content)

    def test_csv_has_the_declared_columns(self, client):
        record = self.make()
        response = client.get(list_url(self.basename, format="csv"))
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[0] == list(self.viewset.serializer_class.csv_columns)
        assert record.code in [row[0] for row in rows[1:]]
        by_accept = client.get(list_url(self.basename), HTTP_ACCEPT="text/csv")
        assert by_accept.content == response.content
