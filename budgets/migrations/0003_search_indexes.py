"""Trigram GIN indexes for the portal's substring search (/search/, /indicators/).

Chinese text has no spaces, so search matches substrings: Django's `icontains` becomes
`UPPER("col"::text) LIKE UPPER('%商务%')`, which a B-tree cannot serve. pg_trgm's GIN index
on the same expression, `UPPER("col"::text) gin_trgm_ops`, can (for patterns of three or more
characters; shorter ones fall back to a scan, still correct).

pg_trgm ships with PostgreSQL's contrib package (the postgres:16 image has it) and is a
trusted extension since PostgreSQL 13, so the database owner may create it. The embedded
development server (pgserver) has no contrib extensions: there the migration does nothing and
search works unindexed. Each step is skipped rather than failing, so the migration applies
everywhere; re-running `migrate` after installing contrib does not add the indexes (the
migration is recorded), run the SQL below by hand then.
"""

from django.db import migrations

INDEXED_COLUMNS = [
    ("budgets_organization", "name"),
    ("budgets_disclosure", "entity_name"),
    ("budgets_project", "name"),
    ("budgets_performancetarget", "project_name"),
    ("budgets_indicator", "level3"),
    ("budgets_indicator", "value_text"),
    ("budgets_narrativesection", "heading"),
    ("budgets_narrativesection", "text"),
]


def index_name(table: str, column: str) -> str:
    return f"{table.removeprefix('budgets_')}_{column}_trgm"


CREATE_INDEXES = "\n".join(
    f'    CREATE INDEX IF NOT EXISTS {index_name(table, column)} ON {table} '
    f'USING gin (UPPER("{column}"::text) gin_trgm_ops);'
    for table, column in INDEXED_COLUMNS
)

FORWARD_SQL = f"""
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
    RAISE NOTICE 'pg_trgm is not available: search runs without trigram indexes';
    RETURN;
  END IF;
  BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
  EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'no privilege to create pg_trgm: search runs without trigram indexes';
    RETURN;
  END;
{CREATE_INDEXES}
END
$$;
"""

REVERSE_SQL = "\n".join(
    f"DROP INDEX IF EXISTS {index_name(table, column)};" for table, column in INDEXED_COLUMNS
)


class Migration(migrations.Migration):

    dependencies = [
        ("budgets", "0002_project_fund_sources_economic_figures"),
    ]

    operations = [
        migrations.RunSQL(FORWARD_SQL, REVERSE_SQL),
    ]
