"""Admin import with a preview stored in the database, then confirm; exports; permissions."""

import datetime as dt
import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from registry.models import Zone
from registry.models.imports import ImportJob

pytestmark = pytest.mark.urls("tests.resources.admin_urls")


CSV = "code,name_fr,kind,area_ha\nZ1,Un,industrial_zone,12\nZ2,Deux,industrial_quarter,\n"


@pytest.fixture
def importer(db, django_user_model):
    user = django_user_model.objects.create_user("importer", password="x", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["import_zone", "export_zone", "view_zone"])
    )
    return user


def upload(client, text=CSV, name="zones.csv"):
    return client.post(
        "/admin/registry/zone/import/", {"file": SimpleUploadedFile(name, text.encode())}
    )


def test_permissions_exist_for_every_table(db):
    codenames = set(Permission.objects.values_list("codename", flat=True))
    for model in ("zone", "organisation", "agreement", "fundingcommitment", "source", "citation"):
        assert {f"import_{model}", f"export_{model}"} <= codenames


def test_without_the_permission_no_buttons_and_no_import(client, db, django_user_model):
    user = django_user_model.objects.create_user("viewer", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_zone"))
    client.force_login(user)
    page = client.get("/admin/registry/zone/")
    assert page.status_code == 200 and b"import/" not in page.content
    assert client.get("/admin/registry/zone/import/").status_code == 403
    assert upload(client).status_code == 403
    assert client.get("/admin/registry/zone/export/?format=csv&language=en").status_code == 403
    assert not Zone.objects.exists()


def test_preview_then_confirm(client, importer):
    client.force_login(importer)
    page = client.get("/admin/registry/zone/")
    assert b'href="import/"' in page.content and b'href="export/"' in page.content
    preview = upload(client)
    assert preview.status_code == 200
    assert b"Preview: 2 new" in preview.content
    assert not Zone.objects.exists()
    job = ImportJob.objects.get()
    assert job.user == importer and job.file_name == "zones.csv"
    response = client.post(f"/admin/registry/zone/import/{job.pk}/confirm/")
    assert response.status_code == 302
    assert set(Zone.objects.values_list("code", flat=True)) == {"Z1", "Z2"}
    assert not ImportJob.objects.exists()
    assert Zone.objects.get(code="Z1").history.get().history_user == importer
    again = upload(client)
    assert b"Nothing to change" in again.content and not ImportJob.objects.exists()


def test_errors_are_listed_and_no_confirm_is_offered(client, importer):
    client.force_login(importer)
    page = upload(client, "code,name_fr,kind,area_ha\nZ1,Un,nope,12,\n")
    assert "row 2, column kind: &#x27;nope&#x27; is not one of" in page.content.decode()
    assert b"Confirm import" not in page.content and not ImportJob.objects.exists()


def test_the_confirm_step_is_the_users_own(client, importer, django_user_model):
    client.force_login(importer)
    upload(client)
    job = ImportJob.objects.get()
    other = django_user_model.objects.create_user("other", is_staff=True)
    other.user_permissions.set(importer.user_permissions.all())
    client.force_login(other)
    assert client.post(f"/admin/registry/zone/import/{job.pk}/confirm/").status_code == 404
    assert not Zone.objects.exists()


def test_abandoned_previews_are_purged(client, importer, settings):
    client.force_login(importer)
    upload(client)
    ImportJob.objects.update(created=timezone.now() - dt.timedelta(days=2))
    old = ImportJob.objects.get()
    response = client.post(f"/admin/registry/zone/import/{old.pk}/confirm/")
    assert response.status_code == 302 and not Zone.objects.exists()
    upload(client)
    ImportJob.objects.update(created=timezone.now() - dt.timedelta(days=2))
    upload(client)
    assert ImportJob.objects.count() == 1  # the expired one went with the new upload


def test_upload_limits_are_form_errors(client, importer, settings):
    client.force_login(importer)
    settings.IMPORT_MAX_UPLOAD_SIZE = 10
    page = upload(client)
    assert page.status_code == 200 and b"the largest file accepted is" in page.content
    settings.IMPORT_MAX_UPLOAD_SIZE = 10_000
    page = upload(client, name="zones.xls")
    assert b"use .xlsx, .csv or .json" in page.content


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_export_downloads(client, importer, fmt):
    Zone.objects.create(code="Z1", name_fr="=1+1", kind="industrial_zone")
    client.force_login(importer)
    response = client.get(f"/admin/registry/zone/export/?format={fmt}&language=en")
    assert response.status_code == 200
    assert "zone-" in response["Content-Disposition"] and fmt in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(body)).active
        header = [cell.value for cell in sheet[1]]
        assert sheet.cell(row=2, column=header.index("name (French)") + 1).value == "'=1+1"
    elif fmt == "csv":
        assert "'=1+1" in body.decode("utf-8-sig")
    else:
        assert '"=1+1"' in body.decode()


def test_whole_registry_workbook_needs_every_permission(client, importer, django_user_model):
    client.force_login(importer)
    assert client.get("/admin/workbook/export/").status_code == 403
    admin = django_user_model.objects.create_superuser("root", password="x")
    client.force_login(admin)
    Zone.objects.create(code="Z1", name_fr="Un", kind="industrial_zone")
    response = client.get("/admin/workbook/export/?format=xlsx&language=en")
    data = b"".join(response.streaming_content)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames[:4] == ["region", "province", "formerregion", "sector"]
    Zone.objects.all().delete()
    preview = client.post(
        "/admin/workbook/import/", {"file": SimpleUploadedFile("registry.xlsx", data)}
    )
    assert b"Preview: 1 new" in preview.content
    job = ImportJob.objects.get()
    client.post(f"/admin/workbook/import/{job.pk}/confirm/")
    assert Zone.objects.get().name_fr == "Un"
