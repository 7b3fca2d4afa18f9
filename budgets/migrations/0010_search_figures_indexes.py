"""Indexes for finding figures by name, code and amount (/search/, /api/search/).

Search reads, besides 0005's columns: the name of each row of the 预算支出总表 (functional
lines of other tables repeat the same codes and names), the two item names of the basic
expenditure's economic rows, and the amounts of those rows, of projects and of figures
(三公, 机关运行经费, 政府采购, the 收支总表 totals).

- Names: 0005's bigram GIN indexes (``budgets_bigrams(col)``), the functional one partial on
  the 预算支出总表, which is what search filters on.
- Amounts: one GIN index per table on the array of its amount columns, e.g.
  ``ARRAY[total, basic, project]``, written exactly as ``budgets.search_sql.AmountArray``
  renders it so that the planner matches the expression. ``ARRAY[…] && ARRAY[v1, v2]`` (an
  amount typed in 万元 or in 元) is answered by one index scan instead of a scan per column.
- Codes are served by 0006's (table, code, total) index.
"""

from django.db import migrations

EXPENDITURE = "\"table\" = 'expenditure'"

INDEXES = {
    "functionalline_name_bigrams": (
        f'budgets_functionalline USING gin (budgets_bigrams("name")) WHERE {EXPENDITURE}'
    ),
    "functionalline_amounts": (
        "budgets_functionalline USING gin ((ARRAY[\"total\", \"basic\", \"project\"])) "
        f"WHERE {EXPENDITURE}"
    ),
    "economicline_dept_item_name_bigrams": (
        'budgets_economicline USING gin (budgets_bigrams("dept_item_name"))'
    ),
    "economicline_gov_item_name_bigrams": (
        'budgets_economicline USING gin (budgets_bigrams("gov_item_name"))'
    ),
    "economicline_amounts": (
        'budgets_economicline USING gin ((ARRAY["total", "personnel", "public"]))'
    ),
    "project_amounts": 'budgets_project USING gin ((ARRAY["amount_yuan"]))',
    "figure_amounts": 'budgets_figure USING gin ((ARRAY["amount_yuan"]))',
}

CREATE = "\n".join(f"CREATE INDEX IF NOT EXISTS {name} ON {spec};" for name, spec in INDEXES.items())
ANALYZE = "ANALYZE budgets_functionalline, budgets_economicline, budgets_project, budgets_figure;"
DROP = "\n".join(f"DROP INDEX IF EXISTS {name};" for name in INDEXES)


class Migration(migrations.Migration):
    dependencies = [("budgets", "0009_region_code_and_town_level")]

    operations = [migrations.RunSQL(CREATE + "\n" + ANALYZE, DROP)]
