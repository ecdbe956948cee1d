"""A generic test base for a read-only API resource: a subclass is mostly data.

A subclass sets ``basename`` (the route name), ``record_keys`` (keys every list
record has), the pinned numbers of SQL queries (data-version read included) of a list
page and of a detail, in JSON and in CSV, and ``make(**kwargs)`` / ``make_draft()`` to
create a published and, for publishable resources, an unpublished record.
"""

import csv
import io

import pytest
from django.urls import reverse

from registry.api import views
from registry.importing import exporting
from registry.importing.schema import sheet_for


def list_url(basename, **params):
    from urllib.parse import urlencode

    query = f"?{urlencode(params, doseq=True)}" if params else ""
    return reverse(f"api:{basename}-list") + query


def detail_url(basename, code):
    return reverse(f"api:{basename}-detail", kwargs={"code": code})


def codes(response):
    assert response.status_code == 200, response.content
    return [record["code"] for record in response.json()["results"]]


def read_csv(content):
    """Rows of a CSV file as the exports write it (UTF-8 with a BOM)."""
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def csv_cells(content, model):
    """An English CSV of ``model``'s sheet as ``{code: {column name: cell}}``."""
    sheet = sheet_for(model)
    header, *rows = read_csv(content)
    assert header == sheet.headers("en")
    names = [column.name for column in sheet.columns]
    return {row[0]: dict(zip(names, row, strict=True)) for row in rows}


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
    csv_list_queries = None
    detail_queries = None
    csv_detail_queries = None
    publishable = True

    def make(self, **kwargs):
        raise NotImplementedError

    def make_draft(self):
        return self.make(publication_state="draft")

    @property
    def viewset(self):
        return VIEWSETS[self.basename]

    @property
    def model(self):
        return self.viewset.queryset.model

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

    @pytest.mark.parametrize("fmt", ["json", "csv"])
    def test_list_query_count_is_constant(self, client, django_assert_num_queries, fmt):
        expected = {"json": self.list_queries, "csv": self.csv_list_queries}[fmt]
        self.make()
        client.get(list_url(self.basename, format=fmt))  # warms per-process caches
        with django_assert_num_queries(expected):
            client.get(list_url(self.basename, limit=1000, format=fmt))
        for _ in range(12):
            self.make()
        with django_assert_num_queries(expected):
            response = client.get(list_url(self.basename, limit=1000, format=fmt))
        assert response.status_code == 200
        listed = codes(response) if fmt == "json" else read_csv(response.content)[1:]
        assert len(listed) >= 13
        with django_assert_num_queries(expected):
            client.get(list_url(self.basename, limit=1, format=fmt))

    @pytest.mark.parametrize("fmt", ["json", "csv"])
    def test_detail_query_count(self, client, django_assert_num_queries, fmt):
        expected = {"json": self.detail_queries, "csv": self.csv_detail_queries}[fmt]
        url = detail_url(self.basename, self.make().code) + f"?format={fmt}"
        client.get(url)  # warms per-process caches
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200

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

    @pytest.mark.parametrize("language", ["en", "fr", "ar"])
    def test_csv_is_the_admin_export_in_the_requests_language(self, client, language):
        """With every record published, a CSV page holds the admin export's rows."""
        self.make()
        self.make()
        response = client.get(
            list_url(self.basename, format="csv", limit=1000), HTTP_ACCEPT_LANGUAGE=language
        )
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        header, *rows = read_csv(response.content)
        export = exporting.export_bytes("csv", sheet_for(self.model), language=language)
        export_header, *export_rows = read_csv(export)
        assert header == export_header
        assert sorted(rows) == sorted(export_rows)
        by_accept = client.get(
            list_url(self.basename, limit=1000),
            HTTP_ACCEPT="text/csv",
            HTTP_ACCEPT_LANGUAGE=language,
        )
        assert by_accept.content == response.content

    def test_csv_page_has_the_records_of_the_json_page_in_its_order(self, client):
        for _ in range(4):
            self.make()
        if self.publishable:
            self.make_draft()
        for params in ({"limit": 3}, {"ordering": "-code", "limit": 3, "offset": 1}):
            json_codes = codes(client.get(list_url(self.basename, **params)))
            rows = read_csv(client.get(list_url(self.basename, format="csv", **params)).content)
            assert [row[0] for row in rows[1:]] == json_codes

    def test_csv_of_a_detail_is_its_row_of_the_list(self, client):
        record = self.make()
        self.make()
        listed = read_csv(client.get(list_url(self.basename, format="csv")).content)
        detail = read_csv(
            client.get(detail_url(self.basename, record.code) + "?format=csv").content
        )
        assert detail == [listed[0], next(row for row in listed if row[0] == record.code)]
        if self.publishable:
            draft = self.make_draft()
            response = client.get(detail_url(self.basename, draft.code) + "?format=csv")
            assert response.status_code == 404
            assert response["Content-Type"] == "application/json"
