"""Regions get their official code (行政区划代码) and a fourth level, the town (街道/镇/乡).

Regions created before, by name, get their code from the national list (``ingest.places``)
when the path of names (山西省 / 晋城市 / 城区) is unambiguous there; the others keep an
empty code and are still found by (parent, name).
"""

from django.db import migrations, models

LEVELS = ("province", "city", "county", "town")


def path_of(region, by_pk):
    """{"province": …, "city": …, "county": …} of a region and the regions above it."""
    names = {}
    while region is not None:
        names[region.level] = region.name
        region = by_pk.get(region.parent_id)
    return names


def fill_codes(apps, schema_editor):
    from ingest import places

    Region = apps.get_model("budgets", "Region")
    regions = list(Region.objects.all())
    by_pk = {region.pk: region for region in regions}
    taken = {region.code for region in regions if region.code}
    for region in regions:
        if region.code or region.level not in LEVELS:
            continue
        code = places.codes_of(path_of(region, by_pk)).get(region.level)
        if code and code not in taken:
            region.code = code
            region.save(update_fields=["code"])
            taken.add(code)


class Migration(migrations.Migration):
    dependencies = [("budgets", "0008_disclosure_recent_index")]

    operations = [
        migrations.AddField(
            model_name="region",
            name="code",
            field=models.CharField(
                blank=True,
                default=None,
                max_length=12,
                null=True,
                unique=True,
                verbose_name="行政区划代码",
            ),
        ),
        migrations.AlterField(
            model_name="region",
            name="level",
            field=models.CharField(
                choices=[
                    ("province", "省"),
                    ("city", "市"),
                    ("county", "县"),
                    ("town", "乡镇街道"),
                ],
                max_length=16,
                verbose_name="级别",
            ),
        ),
        migrations.RunPython(fill_codes, migrations.RunPython.noop),
    ]
