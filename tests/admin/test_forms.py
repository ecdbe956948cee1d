"""Admin forms: party roles as checkboxes, validation from the model's clean()."""

import re

import pytest
from django.urls import reverse

from registry.choices import PartyRole
from registry.models import AgreementParty
from tests import factories

from .helpers import change_form_data

pytestmark = pytest.mark.django_db


def test_party_roles_are_checkboxes_saved_as_a_json_list(admin_client):
    party = factories.AgreementPartyFactory(roles=[PartyRole.SIGNATORY])
    url = reverse("admin:registry_agreementparty_change", args=[party.pk])
    response = admin_client.get(url)
    assert 'type="checkbox" name="roles" value="funder"' in response.content.decode()
    data = change_form_data(response)
    data["roles"] = [PartyRole.SIGNATORY, PartyRole.FUNDER]
    assert admin_client.post(url, data).status_code == 302
    party.refresh_from_db()
    assert party.roles == ["signatory", "funder"]


def test_party_without_a_role_is_refused_on_the_roles_field(admin_client):
    party = factories.AgreementPartyFactory()
    url = reverse("admin:registry_agreementparty_change", args=[party.pk])
    admin_client.cookies["django_language"] = "en"
    data = change_form_data(admin_client.get(url))
    data.pop("roles")
    response = admin_client.post(url, data)
    assert response.context["adminform"].form.errors["roles"] == ["Give at least one role."]
    assert AgreementParty.objects.get(pk=party.pk).roles == ["signatory"]


def test_agreement_edits_parties_inline(admin_client):
    agreement = factories.AgreementFactory()
    organisation = factories.OrganisationFactory()
    url = reverse("admin:registry_agreement_change", args=[agreement.pk])
    data = change_form_data(admin_client.get(url))
    prefix = "party_roles"
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-organisation": str(organisation.pk),
            f"{prefix}-0-roles": [PartyRole.PARTNER, PartyRole.IMPLEMENTER],
            f"{prefix}-0-order": "1",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert agreement.party_roles.get().roles == ["partner", "implementer"]


def test_other_spellings_are_edited_one_per_line(admin_client):
    zone = factories.ZoneFactory(aliases=["Fez Shore"])
    url = reverse("admin:registry_zone_change", args=[zone.pk])
    response = admin_client.get(url)
    assert ">\nFez Shore</textarea>" in response.content.decode()
    data = change_form_data(response, aliases="Fez Shore\n  فاس-شور \n\nFez Shore\n")
    assert admin_client.post(url, data).status_code == 302
    zone.refresh_from_db()
    assert zone.aliases == ["Fez Shore", "فاس-شور"]
    assert "فاس شور" in zone.search_text


def test_inputs_follow_the_direction_of_their_language(admin_client):
    zone = factories.ZoneFactory()
    admin_client.cookies["django_language"] = "fr"
    content = admin_client.get(reverse("admin:registry_zone_change", args=[zone.pk])).content
    content = content.decode()

    def tag(name):
        return re.search(rf'<input[^>]* name="{name}"[^>]*>', content).group(0)

    assert 'dir="rtl"' in tag("name_ar")
    assert 'dir="ltr"' in tag("name_fr") and 'dir="ltr"' in tag("code")
