"""An index on a figure's (section, key), for search by a figure's name (budgets.figure_labels).

"三公" asks for six (section, key) pairs; a common pair is found at once by the capped scan
(budgets/search_sql.py), but a pair that few or no documents have (年末结转和结余, a 决算 key)
made the scan read the whole table: 240,000 figures at 10,000 disclosures.
"""

from django.db import migrations

CREATE = "CREATE INDEX IF NOT EXISTS figure_section_key ON budgets_figure (section, key);"
DROP = "DROP INDEX IF EXISTS figure_section_key;"


class Migration(migrations.Migration):
    dependencies = [("budgets", "0010_search_figures_indexes")]

    operations = [migrations.RunSQL(CREATE, DROP)]
