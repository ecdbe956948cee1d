"""The API over the document fixtures: provenance travels with every published fact."""

import pytest

from registry.models import Agreement, FundingCommitment, Organisation, Source, Zone

from .base import codes, list_url


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
