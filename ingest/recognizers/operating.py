"""表11 机关运行经费预算表 (also titled 机关运行经费预算财政拨款情况统计表).

Rows: 部门合计 (the total) and one row per administrative unit; columns 合计 and
the funds. ``operating_expenses`` in the schema is the total; the rows are kept too.
A 事业单位 has no 机关运行经费 and prints "本表无数据": total ``null``.
"""

from __future__ import annotations

import re
from typing import Any

from ingest.normalize import compact
from ingest.recognizers.base import (
    Cells,
    TableRead,
    clean_name,
    has_amounts,
    is_empty_table,
    line_lines,
)
from ingest.recognizers.header import Words, read_header, resolve_columns, row_width, table_unit
from ingest.segment import Section
from ingest.vocabulary import THREE_PUBLIC_FUNDS, TableKind

# The same fund columns as the 三公 table's.
_WORDS = Words.of(dict(THREE_PUBLIC_FUNDS))
KEYS = tuple(key for key, _ in THREE_PUBLIC_FUNDS)
TOTAL_LABELS = re.compile(r"(?:部门|单位)?(?:合计|总计)")


class OperatingRecognizer:
    """Reads 机关运行经费预算表."""

    kind = TableKind.OPERATING

    def read(self, section: Section) -> TableRead:
        """``{"total": …, "rows": [{"unit", "total", …}]}``."""
        lines = section.lines
        start = next((i for i, line in enumerate(lines) if has_amounts(line, 1)), len(lines))
        keys = KEYS
        columns = resolve_columns(
            read_header(lines[:start], _WORDS, 0).columns(keys),
            keys,
            1,
            row_width(lines[start:]),
        )
        cells = Cells("operating")
        data: dict[str, Any] = {"total": None, "rows": []}
        for line in lines[start:]:
            if not line.cells or not has_amounts(line, 1) or not compact(line.cells[0]):
                continue
            name = clean_name(line.cells[0])
            values = {
                key: cells.amount(line, index, f"{name} {key}") for key, index in columns.items()
            }
            if TOTAL_LABELS.fullmatch(compact(name)):
                data["total"] = values["total"]
                data["total_lines"] = line_lines(line)
            else:
                data["rows"].append({"unit": name, **values, "lines": line_lines(line)})
        if is_empty_table(lines):
            data = {"total": None, "rows": []}
        return TableRead(
            kind=self.kind,
            data=data,
            lines=section.span,
            empty=data["total"] is None and not data["rows"],
            unreadable=cells.unreadable,
            unit=table_unit(lines[:start])[0],
        )
