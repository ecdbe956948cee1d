from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType

from registry.models import Citation, Province, Region, Sector, Source, Zone


def make_registry_sample():
    """A small registry touching every kind of reference a backup must carry across."""
    region = Region.objects.create(code="03", name_ar="جهة فاس مكناس", name_fr="Fès-Meknès")
    province = Province.objects.create(
        code="03.231", kind="prefecture", region=region, name_ar="عمالة فاس", name_fr="Fès"
    )
    sectors = [
        Sector.objects.create(code="agro", name_fr="Agro-industrie"),
        Sector.objects.create(code="textile", name_ar="النسيج"),
    ]
    zones = []
    for number in range(3):
        zone = Zone.objects.create(
            code=f"ZONE-{number}",
            name_ar=f"المنطقة الصناعية {number}",
            kind="industrial_zone",
            status="operational",
            province=province,
            area_ha=Decimal("12.5000") + number,
            aliases=[f"zone {number}", "منطقة"],
            publication_state="published" if number else "draft",
        )
        zone.sectors.set(sectors[: number + 1])
        zones.append(zone)
    source = Source.objects.create(
        code="SRC-1", title_ar="مقال", language="ar", text="أعلن عن إحداث المنطقة الصناعية 1 بفاس"
    )
    Citation.objects.create(
        source=source,
        content_type=ContentType.objects.get_for_model(Zone),
        object_id=zones[1].pk,
        quote="المنطقة الصناعية 1",
    )
    editors = Group.objects.create(name="editors")
    editors.permissions.add(Permission.objects.get(codename="publish_zone"))
    editor = User.objects.create_user("editor", password="a-long-enough-password-1")
    editor.groups.add(editors)
    return zones


@pytest.fixture
def registry_sample(db):
    return make_registry_sample()
