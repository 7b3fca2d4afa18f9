"""Bigram GIN indexes for the portal's substring search (/search/, /indicators/), in core
PostgreSQL, and a truthful help text for ``Organization.is_synthetic``.

Search matches substrings (`UPPER(col) LIKE UPPER('%商务%')`): Chinese has no spaces, and the
queries people type are two to four characters. Migration 0003's trigram indexes need pg_trgm
(absent from the embedded server) and serve no pattern under three characters. Here instead:

- ``budgets_bigrams(text) -> text[]``: every pair of adjacent characters of ``upper(text)``
  ("乡村e镇" -> {乡村, 村E, E镇}; a text under two characters -> {}). IMMUTABLE, so it can be
  indexed and is evaluated once when a query is planned. Written in PL/pgSQL over the string
  split into characters: the obvious SQL, ``substr(upper(t), i, 2)`` over ``generate_series``,
  is quadratic in UTF-8 text (each substr walks from the start) and took 30 s per 20,000
  narrative sections instead of 1.3 s. Duplicate pairs are left in; GIN removes them.
  Marked PARALLEL RESTRICTED although it is safe: a search keeps the first 1,000 matches
  it finds (budgets/search_sql.py), and only a scan in one process finds the same ones on
  every request; parallel workers interleave their rows differently each time. A
  capped scan reads a few hundred pages, so it loses nothing by running alone.
- ``CREATE INDEX … USING gin (budgets_bigrams(col))`` on each column search reads.

If ``upper(col)`` contains ``upper(term)``, every bigram of the term is a bigram of the column,
so ``budgets_bigrams(col) @> budgets_bigrams(term)`` finds a superset of the matches through
the index, and the LIKE kept beside it makes the result exact (budgets/search_sql.py renders
both). A term of one character has no bigram and is matched by LIKE alone.

Columns, with index size and build time at 10,000 disclosures (2 busy cores):

=====================================  ==========  ======  =======
column                                 rows        index   build
=====================================  ==========  ======  =======
organization.name                      2,437       96 kB   0.02 s
project.name                           137,895     5.3 MB  1.4 s
performancetarget.project_name         146,935     5.5 MB  1.3 s
indicator.level2 (/indicators/ only)   1,200,342   5.2 MB  3.2 s
indicator.level3                       1,200,342   28 MB   12 s
indicator.value_text                   1,200,342   9.0 MB  5.3 s
narrativesection.heading               129,238     4.0 MB  1.5 s
narrativesection.text                  129,238     49 MB   32 s
=====================================  ==========  ======  =======

About 106 MB in all (the rest of the database: 2.6 GB). The narrative text index is the big
one (49 MB beside a 79 MB table: some 140 distinct bigrams a section); it is kept because
without it every search reads all the text, 440-480 ms a query at 10,000 disclosures and
growing with the corpus, against a few ms through the index. ``disclosure.entity_name``
(0003's list) is not searched by these pages and stays as it is.

Writes pay for the indexes: COPY of 120,000 indicators took 2.3 s instead of 0.1 s, of 13,000
narrative sections 3.2 s instead of 0.08 s, so storing a document costs about 5-6 ms more
(2 ms its indicators, 3 ms its narrative text).

The migration ends with ANALYZE of the indexed tables, so the planner has statistics on the
new expressions (which bigrams are common) before the first search. Indexes are built inside
the migration's transaction, which blocks writes to those tables for about a minute at
10,000 disclosures; on a much larger database build them beforehand with
``CREATE INDEX CONCURRENTLY`` and the same names (the statements use IF NOT EXISTS).
"""

from django.db import migrations, models

COLUMNS = [
    ("budgets_organization", "name"),
    ("budgets_project", "name"),
    ("budgets_performancetarget", "project_name"),
    ("budgets_indicator", "level2"),
    ("budgets_indicator", "level3"),
    ("budgets_indicator", "value_text"),
    ("budgets_narrativesection", "heading"),
    ("budgets_narrativesection", "text"),
]


def index_name(table: str, column: str) -> str:
    return f"{table.removeprefix('budgets_')}_{column}_bigrams"


CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION budgets_bigrams(t text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL RESTRICTED AS $$
DECLARE
  chars text[] := string_to_array(upper(t), NULL);
  pairs text[] := '{}';
BEGIN
  FOR i IN 1 .. cardinality(chars) - 1 LOOP
    pairs := pairs || (chars[i] || chars[i + 1]);
  END LOOP;
  RETURN pairs;
END
$$;
"""

CREATE_INDEXES = "\n".join(
    f"CREATE INDEX IF NOT EXISTS {index_name(table, column)} ON {table} "
    f'USING gin (budgets_bigrams("{column}"));'
    for table, column in COLUMNS
)

ANALYZE = "ANALYZE " + ", ".join(sorted({table for table, _ in COLUMNS})) + ";"

DROP = (
    "\n".join(f"DROP INDEX IF EXISTS {index_name(table, column)};" for table, column in COLUMNS)
    + "\nDROP FUNCTION IF EXISTS budgets_bigrams(text);"
)


class Migration(migrations.Migration):
    dependencies = [("budgets", "0004_performance_indexes")]

    operations = [
        migrations.RunSQL(CREATE_FUNCTION + CREATE_INDEXES + "\n" + ANALYZE, DROP),
        migrations.AlterField(
            model_name="organization",
            name="is_synthetic",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "基准测试生成的虚构单位(generate_corpus 的合成语料, parse_bench 的入库测试), "
                    "不是来自公开文件; generate_corpus 不写入含其他单位的数据库"
                ),
                verbose_name="系统生成",
            ),
        ),
    ]
