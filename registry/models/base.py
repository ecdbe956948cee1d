"""Abstract bases and shared field helpers for every registry model."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from registry.choices import DatePrecision, PublicationState, Qualifier
from registry.text import search_document

LANGUAGE_ORDER = ("ar", "fr", "en")

# Django's four permissions plus django-import-export's two, so that ``migrate`` creates
# ``import_<model>`` and ``export_<model>`` like any other permission.
IMPORTABLE_PERMISSIONS = ("add", "change", "delete", "view", "import", "export")

code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*\Z",
    _("Use letters, digits, dots, hyphens and underscores only, starting with a letter or digit."),
    code="invalid_code",
)


def code_field(**kwargs):
    """The stable public code: unique, used in URLs and to match import rows."""
    kwargs.setdefault("max_length", 64)
    kwargs.setdefault("verbose_name", _("code"))
    return models.CharField(
        unique=True,
        validators=[code_validator],
        help_text=_("Stable public identifier, used in URLs and spreadsheets."),
        **kwargs,
    )


def localized(obj, field):
    """The value of ``<field>_<language>`` in the active language, else the first one set."""
    active = (get_language() or settings.LANGUAGE_CODE)[:2]
    for language in (active, *LANGUAGE_ORDER):
        value = getattr(obj, f"{field}_{language}", "")
        if value:
            return value
    return ""


def validate_partial_date(value, precision, field_name, *, not_after_today=True):
    """Errors for a date that does not match its precision or has not happened yet."""
    errors = {}
    if value is None:
        return errors
    if precision == DatePrecision.MONTH and value.day != 1:
        errors[field_name] = _("A date known to the month is stored as the first of that month.")
    elif precision == DatePrecision.YEAR and (value.month, value.day) != (1, 1):
        errors[field_name] = _("A date known to the year is stored as the first of January.")
    if not_after_today and value > timezone.localdate():
        errors[field_name] = _("This date is in the future; record a planned date elsewhere.")
    return errors


def validate_acyclic_parent(obj, field="parent"):
    """Refuse a parent chain that leads back to ``obj`` (a record is not its own ancestor)."""
    ancestor, seen = getattr(obj, field), set()
    while ancestor is not None and ancestor.pk not in seen:
        if obj.pk is not None and ancestor.pk == obj.pk:
            raise ValidationError({field: _("A record cannot be its own ancestor.")})
        seen.add(ancestor.pk)
        ancestor = getattr(ancestor, field)


def precision_field(verbose_name):
    return models.CharField(
        verbose_name,
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("How precisely the source states the date."),
    )


class TimeStampedModel(models.Model):
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(publication_state=PublicationState.PUBLISHED)

    def drafts(self):
        return self.filter(publication_state=PublicationState.DRAFT)


class RecordModel(TimeStampedModel):
    """A record the public may see once an editor publishes it; it carries citations.

    ``search_fields`` lists the attributes folded into ``search_text``, the stored,
    normalised column that admin search, the API and the importer query.
    """

    publication_state = models.CharField(
        _("publication state"),
        max_length=10,
        choices=PublicationState.choices,
        default=PublicationState.DRAFT,
        db_index=True,
    )
    search_text = models.TextField(_("search text"), editable=False, default="")
    citations = GenericRelation("registry.Citation")

    objects = PublishableQuerySet.as_manager()

    search_fields = ("code",)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.refresh_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def refresh_search_text(self):
        """Recompute ``search_text``; bulk writers call this because they bypass save()."""
        self.search_text = self.build_search_text(lambda name: getattr(self, name, ""))

    @classmethod
    def build_search_text(cls, value_of):
        """The search document from ``value_of(field_name)`` for each of ``search_fields``."""
        parts = []
        for name in cls.search_fields:
            value = value_of(name)
            parts.extend(value if isinstance(value, list | tuple) else [value])
        return search_document(*parts)

    @property
    def is_published(self):
        return self.publication_state == PublicationState.PUBLISHED


class TrilingualNames(models.Model):
    """Names in Arabic, French and English; ``str()`` shows the active language's."""

    name_ar = models.CharField(_("name (Arabic)"), max_length=300, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=300, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name or getattr(self, "code", "")

    @property
    def name(self):
        return localized(self, "name")

    def clean(self):
        super().clean()
        if not (self.name_ar or self.name_fr or self.name_en):
            raise ValidationError({"name_ar": _("Give the name in at least one language.")})


currency_validator = RegexValidator(
    r"^[A-Z]{3}\Z", _("Use a three-letter ISO 4217 currency code such as MAD or EUR.")
)


def currency_field(verbose_name):
    return models.CharField(
        verbose_name, max_length=3, default="MAD", validators=[currency_validator]
    )


def qualifier_field(verbose_name):
    return models.CharField(
        verbose_name, max_length=6, choices=Qualifier.choices, default=Qualifier.EXACT
    )


class TrilingualTitles(models.Model):
    """Titles in Arabic, French and English; ``str()`` shows the active language's."""

    title_ar = models.CharField(_("title (Arabic)"), max_length=500, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=500, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.title or getattr(self, "code", "")

    @property
    def title(self):
        return localized(self, "title")
