from django.db import migrations, models
import django.utils.timezone


def create_singleton(apps, schema_editor):
    apps.get_model("registry", "DataVersion").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_staff_groups")]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                (
                    "id",
                    models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False),
                ),
                ("version", models.PositiveBigIntegerField(default=0, verbose_name="version")),
                (
                    "changed",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="changed"
                    ),
                ),
            ],
            options={"verbose_name": "data version", "verbose_name_plural": "data versions"},
        ),
        migrations.RunPython(create_singleton, migrations.RunPython.noop),
    ]
