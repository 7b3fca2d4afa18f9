"""B-tree indexes on Indicator.level1 and level2, for the choice lists of /indicators/.

The 一级指标 and 二级指标 lists hold every distinct value of the column. ``SELECT DISTINCT``
reads all 1.2 million indicators at 10,000 disclosures (130-170 ms each, two per page), for
3 and 13 values. With these indexes the lists are read by a loose index scan
(`budgets.filters.indicators.distinct_values`): one index probe per value, under 1 ms. Unlike a
cache, the lists can never be stale.

Written as SQL, not as ``Meta.indexes``, for the reason 0004 gives.
"""

from django.db import migrations

CREATE = """
CREATE INDEX IF NOT EXISTS indicator_level1 ON budgets_indicator (level1);
CREATE INDEX IF NOT EXISTS indicator_level2 ON budgets_indicator (level2);
"""
DROP = """
DROP INDEX IF EXISTS indicator_level1;
DROP INDEX IF EXISTS indicator_level2;
"""


class Migration(migrations.Migration):
    dependencies = [("budgets", "0006_ranking_indexes")]

    operations = [migrations.RunSQL(CREATE, DROP)]
