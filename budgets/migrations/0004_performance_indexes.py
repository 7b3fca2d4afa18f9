"""Indexes the benchmarks showed a need for (bench/, README "Benchmarks").

`/functions/<code>/` (the ranking of every organization's amount for one code), its totals and
`/api/functions/<code>/` filter FunctionalLine on ``"table" = 'expenditure' AND code = …``.
Without an index that is a sequential scan of every functional line (702,000 rows at 10,000
disclosures: 75-90 ms per query, three such queries per page); with this one, 10-15 ms.
INCLUDE (total, disclosure_id) lets `/functions/` sum a code's totals from the index alone
(470 ms → 170 ms at 10,000 disclosures, once VACUUM has set the visibility map).

Written as SQL, not as ``Meta.indexes``: the model belongs to the data model's owners, and an
index only in the migration state would make ``makemigrations`` want to drop it again.
"""

from django.db import migrations

CREATE = """
CREATE INDEX IF NOT EXISTS functionalline_table_code
    ON budgets_functionalline ("table", code) INCLUDE (total, disclosure_id);
"""
DROP = "DROP INDEX IF EXISTS functionalline_table_code;"


class Migration(migrations.Migration):
    dependencies = [("budgets", "0003_search_indexes")]

    operations = [migrations.RunSQL(CREATE, DROP)]
