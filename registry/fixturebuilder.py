"""Builds the document fixtures from a readable fact specification.

``fixtures/facts.py`` states each fact once, with the exact quote that supports it;
this module turns it into Django fixture JSON and refuses to build when a quote is not
verbatim in its source, a code does not resolve, or a record has no citation.
"""

import csv
import json
import runpy
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.db import models

from registry.models.base import RecordModel

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"
SOURCES_DIR = FIXTURES_DIR / "sources"
# Fixed timestamps keep the generated files identical from one build to the next.
FIXTURE_TIME = "2026-11-25T00:00:00Z"


class FixtureError(Exception):
    pass


@dataclass
class Cite:
    source: str
    quote: str
    field: str = ""
    note: str = ""


@dataclass
class Fact:
    model: str
    fields: dict
    cites: list = field(default_factory=list)


def cite(source, quote, field="", note=""):
    return Cite(source, quote, field, note)


def fact(model, *cites, **fields):
    return Fact(f"registry.{model.lower()}", fields, list(cites))


def source_text(file_name):
    return (SOURCES_DIR / file_name).read_text(encoding="utf-8")


def read_csv(file_name):
    with (SOURCES_DIR / file_name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def csv_line(file_name, code):
    """The raw line of a reference CSV whose first column is ``code``: quotable verbatim."""
    for line in source_text(file_name).splitlines():
        if line.split(",", 1)[0] == code:
            return line
    raise FixtureError(f"{file_name} has no row {code}")


class Builder:
    def __init__(self):
        self.entries = []
        self.pks = {}  # (model label, code) -> pk
        self.next_pk = {}
        self.source_texts = {}  # source code -> text
        self.pending = []  # (model, pk, Cite) still to add

    def add(self, item):
        model = apps.get_model(item.model)
        label = model._meta.label_lower
        pk = self.next_pk.get(label, 1)
        self.next_pk[label] = pk + 1
        fields = {}
        for name, value in item.fields.items():
            fields[name] = self.resolve(model, name, value)
        fields.setdefault("created", FIXTURE_TIME)
        fields.setdefault("updated", FIXTURE_TIME)
        if issubclass(model, RecordModel):
            fields.setdefault("publication_state", "published")
            fields["search_text"] = model.build_search_text(lambda n: item.fields.get(n, ""))
        if "code" in item.fields:
            key = (label, item.fields["code"])
            if key in self.pks:
                raise FixtureError(f"duplicate code {key}")
            self.pks[key] = pk
        if label == "registry.source":
            self.source_texts[item.fields["code"]] = item.fields["text"]
        self.entries.append({"model": label, "pk": pk, "fields": fields})
        if not item.cites and label != "registry.source":
            raise FixtureError(f"{label} {item.fields.get('code', pk)} has no citation")
        # Citations wait for every source to be known: a publisher may cite its own article.
        self.pending.extend((model, pk, citation) for citation in item.cites)
        return pk

    def finish(self):
        for model, pk, citation in self.pending:
            self.add_citation(model, pk, citation)
        self.pending = []
        return self.entries

    def resolve(self, model, name, value):
        try:
            model_field = model._meta.get_field(name)
        except Exception as error:
            raise FixtureError(f"{model.__name__} has no field {name}") from error
        if isinstance(model_field, models.ForeignKey) and isinstance(value, str):
            return self.pk_of(model_field.related_model, value)
        if isinstance(model_field, models.ManyToManyField):
            return [self.pk_of(model_field.related_model, code) for code in value]
        return value

    def pk_of(self, model, code):
        try:
            return self.pks[(model._meta.label_lower, code)]
        except KeyError:
            raise FixtureError(f"no {model.__name__} with code {code!r} (yet)") from None

    def add_citation(self, model, object_pk, citation):
        text = self.source_texts.get(citation.source)
        if text is None:
            raise FixtureError(f"unknown source {citation.source!r}")
        if citation.quote not in text:
            raise FixtureError(f"quote not verbatim in {citation.source}: {citation.quote!r}")
        if citation.field:
            try:
                model._meta.get_field(citation.field)
            except Exception as error:
                raise FixtureError(f"{model.__name__} has no field {citation.field!r}") from error
        self.add_raw(
            "registry.citation",
            {
                "source": self.pk_of(apps.get_model("registry.source"), citation.source),
                "content_type": ["registry", model._meta.model_name],
                "object_id": object_pk,
                "field_name": citation.field,
                "quote": citation.quote,
                "note": citation.note,
            },
        )

    def add_raw(self, label, fields):
        pk = self.next_pk.get(label, 1)
        self.next_pk[label] = pk + 1
        fields = {**fields, "created": FIXTURE_TIME, "updated": FIXTURE_TIME}
        self.entries.append({"model": label, "pk": pk, "fields": fields})


def build(spec_path):
    """Return ``{file name: fixture entries}`` for the geography and registry fixtures."""
    spec = runpy.run_path(str(spec_path))
    geography, registry = Builder(), Builder()
    for item in spec["geography"]():
        geography.add(item)
    geography.finish()
    # The registry file goes on where geography stopped: it may refer to its codes,
    # and ids of models present in both files (sources, citations) never collide.
    registry.pks = dict(geography.pks)
    registry.source_texts = dict(geography.source_texts)
    registry.next_pk = dict(geography.next_pk)
    for item in spec["registry"]():
        registry.add(item)
    registry.finish()
    return {"geography.json": geography.entries, "registry.json": registry.entries}


def dumps(entries):
    return json.dumps(entries, ensure_ascii=False, indent=1) + "\n"
