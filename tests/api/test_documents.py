"""The API over the document fixtures: provenance travels with every published fact."""

import pytest

from registry.models import Agreement, Citation, FundingCommitment, Organisation, Source, Zone
from tests.api import factories

from .base import codes, detail_url, list_url


@pytest.mark.parametrize(
    ("basename", "model"),
    [
        ("zone", Zone),
        ("agreement", Agreement),
        ("funding-commitment", FundingCommitment),
        ("organisation", Organisation),
        ("source", Source),
    ],
)
def test_every_published_record_is_listed_and_nothing_else(
    client, document_fixtures_for_module, db, basename, model
):
    expected = sorted(model.objects.published().values_list("code", flat=True))
    assert expected, "the fixtures publish records of every kind"
    assert codes(client.get(list_url(basename, limit=1000))) == expected


def test_every_quote_occurs_in_its_source_text(client, document_fixtures_for_module, db):
    texts = {}
    quotes = 0
    for basename in ("zone", "agreement", "funding-commitment", "organisation"):
        for record in client.get(list_url(basename, limit=1000)).json()["results"]:
            for citation in record["citations"]:
                url = citation["source"]["url"]
                if url not in texts:
                    texts[url] = client.get(url).json()["text"]
                assert citation["quote"] in texts[url], (record["code"], citation["quote"])
                quotes += 1
    assert quotes > 20


def test_zones_of_fes_meknes_by_area(client, document_fixtures_for_module, db):
    body = client.get(
        list_url("zone", region="03", area_ha__gte="100", ordering="-area_ha", limit=2)
    ).json()
    first = body["results"][0]
    assert first["code"] == "FES-BENSOUDA"
    assert first["area"] == {"hectares": "154.0000", "qualifier": "exact", "as_stated": "154"}
    assert any(c["field"] == "area_ha" for c in first["citations"])


def test_a_source_lists_the_citations_of_its_own_record_not_every_quote_taken_from_it(client, db):
    article = factories.SourceFactory(code="SRC-ARTICLE")
    register = factories.SourceFactory(code="SRC-REGISTER", text="نشر المقال يوم 29 نونبر 2024")
    zone = factories.ZoneFactory()
    Citation.objects.create(source=article, record=zone, quote="154 هكتار")
    Citation.objects.create(
        source=register, record=article, field_name="published_on", quote="29 نونبر 2024"
    )
    assert list(article.quotes.values_list("quote", flat=True)) == ["154 هكتار"]

    body = client.get(detail_url("source", "SRC-ARTICLE")).json()
    assert [(c["source"]["code"], c["field"]) for c in body["citations"]] == [
        ("SRC-REGISTER", "published_on")
    ]
    listed = client.get(list_url("source", limit=1000)).json()["results"]
    counts = {r["code"]: len(r["citations"]) for r in listed}
    assert (counts["SRC-ARTICLE"], counts["SRC-REGISTER"]) == (1, 0)
