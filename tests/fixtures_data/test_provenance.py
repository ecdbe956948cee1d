"""Provenance: every fixture fact cites an exact quote that occurs in its source."""

from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from registry.models import Citation, Source

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("document_fixtures_for_module")]

SHARED_SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
CITED_ALONE = {"source", "citation"}  # a source is the citation's target, not a cited fact
NOT_FACTS = {"dataversion"}  # the public API's change counter


def test_every_quote_occurs_verbatim_in_its_source():
    citations = list(Citation.objects.select_related("source"))
    assert len(citations) > 250
    missing = [c.pk for c in citations if c.quote not in c.source.text]
    assert missing == []


def test_every_citation_passes_model_validation():
    for citation in Citation.objects.select_related("source", "content_type"):
        citation.full_clean()


def test_every_fixture_record_has_a_citation():
    cited = set(Citation.objects.values_list("content_type_id", "object_id"))
    for model in apps.get_app_config("registry").get_models():
        if model._meta.model_name in CITED_ALONE | NOT_FACTS or model.__name__.startswith(
            "Historical"
        ):
            continue
        content_type = ContentType.objects.get_for_model(model)
        uncited = [
            pk
            for pk in model.objects.values_list("pk", flat=True)
            if (content_type.pk, pk) not in cited
        ]
        assert uncited == [], f"{model.__name__} without citation: {uncited}"


def test_field_citations_name_real_fields():
    for citation in Citation.objects.exclude(field_name="").select_related("content_type"):
        citation.content_type.model_class()._meta.get_field(citation.field_name)


def test_five_seed_articles_are_sources_with_their_full_text():
    seeds = Source.objects.exclude(file_name="").filter(language="ar")
    assert seeds.count() == 5
    if SHARED_SEEDS.is_dir():
        for source in seeds:
            assert source.text == (SHARED_SEEDS / source.file_name).read_text(encoding="utf-8")


def test_committed_fixtures_match_the_fact_specification():
    call_command("build_fixtures", "--check")
