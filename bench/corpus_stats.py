"""Rows and storage of the corpus database, per disclosure and extrapolated to the country.

Sizes are ``pg_total_relation_size`` (table + TOAST + indexes) of every table of the budgets
app, divided by the number of disclosures; the generated source files are counted on disk.
The national estimate multiplies by 250,000 disclosures a year over 10 years (2.5 million).

    python -m bench.corpus_stats --database-url URL
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from bench.common import MEDIA_ROOT, django_setup, print_figures

NATIONAL_DISCLOSURES_PER_YEAR = 250_000
NATIONAL_YEARS = 10
NATIONAL_DISCLOSURES = NATIONAL_DISCLOSURES_PER_YEAR * NATIONAL_YEARS
MB = 1024 * 1024
TB = 1024**4


def table_sizes() -> list[tuple[str, int, int]]:
    """(table, rows, bytes with TOAST and indexes) of the budgets and ingest apps, largest first."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, COALESCE(s.n_live_tup, 0), pg_total_relation_size(c.oid)
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
            WHERE c.relkind = 'r' AND n.nspname = 'public'
              AND (c.relname LIKE 'budgets\\_%' OR c.relname LIKE 'ingest\\_%')
            ORDER BY 3 DESC
            """
        )
        return [(name, int(rows), int(size)) for name, rows, size in cursor.fetchall()]


def exact_counts(tables: Sequence[str]) -> dict[str, int]:
    from django.db import connection

    counts = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def disclosure_columns() -> dict[str, float]:
    """Average stored (compressed) bytes of the two large columns of a disclosure."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT avg(pg_column_size(source_text)), avg(pg_column_size(parsed)),"
            " avg(octet_length(source_text)) FROM budgets_disclosure"
        )
        text, parsed, raw = cursor.fetchone()
    return {
        "source_text": float(text or 0),
        "parsed": float(parsed or 0),
        "source_text_raw": float(raw or 0),
    }


def files_bytes() -> int:
    """Bytes of the corpus's generated files (generate_corpus: var/bench/media/<database>)."""
    from django.db import connection

    folder = MEDIA_ROOT / connection.settings_dict["NAME"] / "disclosures"
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.exists() else 0


def corpus_figures() -> tuple[dict[str, Any], list[str]]:
    from budgets.models import Disclosure, Organization, Region

    disclosures = Disclosure.objects.count()
    if not disclosures:
        return {"corpus_disclosures": 0}, ["the corpus database is empty"]
    sizes = table_sizes()
    counts = exact_counts([name for name, _, _ in sizes])
    db_bytes = sum(size for _, _, size in sizes)
    rows = sum(counts.values())
    files = files_bytes()
    columns = disclosure_columns()
    per_db = db_bytes / disclosures
    per_files = files / disclosures
    figures: dict[str, Any] = {
        "corpus_disclosures": disclosures,
        "corpus_organizations": Organization.objects.count(),
        "corpus_regions": Region.objects.count(),
        "rows_per_disclosure": round(rows / disclosures, 1),
        "db_total_mb": round(db_bytes / MB, 1),
        "db_bytes_per_disclosure": round(per_db),
        "db_source_text_bytes_per_disclosure": round(columns["source_text"]),
        "db_parsed_json_bytes_per_disclosure": round(columns["parsed"]),
        "files_bytes_per_disclosure": round(per_files),
        "national_disclosures": NATIONAL_DISCLOSURES,
        "national_rows_billion": round(rows / disclosures * NATIONAL_DISCLOSURES / 1e9, 2),
        "national_db_tb": round(per_db * NATIONAL_DISCLOSURES / TB, 2),
        "national_files_tb": round(per_files * NATIONAL_DISCLOSURES / TB, 2),
    }
    lines = [
        f"corpus: {disclosures} disclosures, {figures['corpus_organizations']} organizations, "
        f"{figures['corpus_regions']} regions; {rows} rows ({figures['rows_per_disclosure']} per "
        f"disclosure), database {figures['db_total_mb']} MB = {per_db / 1024:.0f} KB per "
        f"disclosure, files {per_files / 1024:.0f} KB per disclosure",
        f"  of a disclosure row: source text {columns['source_text'] / 1024:.0f} KB stored "
        f"({columns['source_text_raw'] / 1024:.0f} KB raw), parse JSON "
        f"{columns['parsed'] / 1024:.0f} KB stored",
    ]
    lines += [
        f"  {name:32s} {counts[name]:>10d} rows {size / MB:9.1f} MB" for name, _, size in sizes[:8]
    ]
    lines.append(
        f"  national, {NATIONAL_DISCLOSURES:,} disclosures: {figures['national_rows_billion']} "
        f"billion rows, database {figures['national_db_tb']} TB, files "
        f"{figures['national_files_tb']} TB"
    )
    return figures, lines


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    args = parser.parse_args(argv)
    django_setup(args.database_url)
    figures, lines = corpus_figures()
    print_figures(figures, lines)


if __name__ == "__main__":
    main()
