"""The issue's queries, run against the document fixtures (loaded once for the module)."""

import pytest

from .test_search import search

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("document_fixtures_for_module")]


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("عين الشقف", {"FES-AIN-CHKEF"}),
        ("عين الشكاك", {"SEFROU-AIN-CHEGGAG"}),
        ("ايت قمرة", {"AL-HOCEIMA-AIT-KAMRA"}),
        ("Ait Kamra", {"AL-HOCEIMA-AIT-KAMRA"}),
        ("Fes Shore", {"FES-SHORE"}),
        ("Ain Chkef", {"FES-AIN-CHKEF"}),
        ("الكوطيف", {"FES-EX-COTEF"}),
        ("fes-ain-chkef", {"FES-AIN-CHKEF"}),
    ],
)
def test_document_fixtures_are_found_by_the_issue_queries(admin_client, term, expected):
    assert search(admin_client, "zone", term) == expected
