"""Readable organization URLs: /organizations/org-<hash>/ becomes the name
(/organizations/晋城市商务局/); the old slug is kept in ``legacy_slug`` and redirects.

Two names that read the same get "-2", "-3" …, in the order the organizations were created, so
the older one keeps the plain name. A migration of its own: PostgreSQL refuses the schema
changes of 0012 in the transaction that has updated the rows (deferred foreign-key triggers).
"""

from django.db import migrations
from django.utils.text import slugify

SLUG_MAX_LENGTH = 200


def readable_slugs(apps, schema_editor):
    Organization = apps.get_model("budgets", "Organization")
    taken: set[str] = set()
    organizations = list(Organization.objects.order_by("pk"))
    for organization in organizations:
        if organization.slug.startswith("org-"):
            organization.legacy_slug = organization.slug
        name = "".join(organization.name.split())  # spaces in a Chinese name are layout
        base = slugify(name, allow_unicode=True)[:SLUG_MAX_LENGTH].strip("-")
        base = base or organization.slug
        slug, number = base, 1
        while slug in taken:
            number += 1
            suffix = f"-{number}"
            slug = f"{base[: SLUG_MAX_LENGTH - len(suffix)]}{suffix}"
        taken.add(slug)
        organization.slug = slug
    # Two passes, so that no new slug meets an old one under the unique constraint.
    for organization in organizations:
        organization.temporary = organization.slug
        organization.slug = f"moving-{organization.pk}"
    Organization.objects.bulk_update(organizations, ["slug", "legacy_slug"], batch_size=1000)
    for organization in organizations:
        organization.slug = organization.temporary
    Organization.objects.bulk_update(organizations, ["slug"], batch_size=1000)


def hash_slugs(apps, schema_editor):
    Organization = apps.get_model("budgets", "Organization")
    organizations = list(Organization.objects.exclude(legacy_slug=None))
    for organization in organizations:
        organization.slug = organization.legacy_slug
    Organization.objects.bulk_update(organizations, ["slug"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("budgets", "0014_withdrawal_source_and_readable_slugs")]

    operations = [migrations.RunPython(readable_slugs, hash_slugs)]
