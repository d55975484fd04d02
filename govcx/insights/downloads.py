"""Figure rows as CSV: the columns of `ROW_FIELDS`, the same for every download.

A suppressed row keeps only its name and `suppressed=true` (its value, interval and n are
already gone from the row). Text cells are neutralised so that a label a respondent could
have influenced (a page address, an answer) never runs as a spreadsheet formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from govcx.insights.rows import ROW_FIELDS, FigureRow
from govcx.lib.csvsafe import neutralise_cell


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return neutralise_cell(str(value))


def rows_csv(rows: Iterable[FigureRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(ROW_FIELDS)
    for row in rows:
        values = row.as_dict()
        writer.writerow([cell(values[name]) for name in ROW_FIELDS])
    return buffer.getvalue()
