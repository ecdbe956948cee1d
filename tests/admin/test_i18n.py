"""The admin speaks Arabic (right to left), French and English, switchable by the user."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests import factories

from .helpers import change_form_data

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "locale"


def po_entries(language):
    """(msgid, [msgstr, ...]) pairs of a .po file, header left out."""
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = []
    for block in text.split("\n\n"):
        fields, key = {}, None
        for line in block.splitlines():
            keyword = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if keyword:
                key = keyword.group(1)
                fields[key] = keyword.group(2)
            elif line.startswith('"') and key:
                fields[key] += line[1:-1]
        translations = [value for name, value in fields.items() if name.startswith("msgstr")]
        if fields.get("msgid"):
            msgid = fields["msgid"].replace('\\"', '"').replace("\\n", "\n")
            if "msgctxt" in fields:  # gettext keys a message with a context as "context\x04id"
                msgid = f"{fields['msgctxt']}\x04{msgid}"
            entries.append((msgid, translations))
    return entries


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_every_message_is_translated_and_compiled(language):
    entries = po_entries(language)
    assert len(entries) > 300
    untranslated = [msgid for msgid, translations in entries if not all(translations)]
    assert untranslated == []
    mo = LOCALE / language / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    compiled = {key if isinstance(key, str) else key[0] for key in catalog} - {""}
    assert compiled == {msgid for msgid, _ in entries}, "run msgfmt: the .mo is stale"


def test_arabic_is_the_default_and_right_to_left(admin_client):
    response = admin_client.get(reverse("admin:registry_zone_changelist"))
    content = response.content.decode()
    assert 'dir="rtl"' in content
    assert 'lang="ar"' in content
    assert "المناطق" in content  # "zones"
    assert "حالة النشر" in content  # "publication state" filter


@pytest.mark.parametrize(
    ("language", "expected", "direction"),
    [("fr", "superficie (hectares)", "ltr"), ("en", "area (hectares)", "ltr")],
)
def test_switching_language(admin_client, language, expected, direction):
    zone = factories.ZoneFactory()
    change_url = reverse("admin:registry_zone_change", args=[zone.pk])
    response = admin_client.post(
        reverse("set_language"), {"language": language, "next": change_url}
    )
    assert response.status_code == 302
    content = admin_client.get(change_url).content.decode()
    assert f'lang="{language}"' in content and f'dir="{direction}"' in content
    assert expected in content.lower()


def test_switcher_is_in_the_header(admin_client):
    content = admin_client.get(reverse("admin:index")).content.decode()
    assert 'id="language-switcher"' in content
    for code, name in [("ar", "العربيّة"), ("fr", "français"), ("en", "English")]:
        assert f'value="{code}"' in content
        assert name.lower() in content.lower()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("ar", "يجب أن تكون المساحة أكبر من صفر."),
        ("fr", "La superficie doit être supérieure à zéro."),
        ("en", "The area must be greater than zero."),
    ],
)
def test_clean_errors_show_on_the_field_in_the_users_language(admin_client, language, message):
    zone = factories.ZoneFactory(area_ha=10)
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    url = reverse("admin:registry_zone_change", args=[zone.pk])
    response = admin_client.post(url, change_form_data(admin_client.get(url), area_ha="-3"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["area_ha"] == [message]


def test_choices_are_translated(admin_client):
    factories.ZoneFactory(status="under_construction")
    content = admin_client.get(reverse("admin:registry_zone_changelist")).content.decode()
    assert "في طور الإنجاز" in content
