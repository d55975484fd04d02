"""Make CSV cells safe to open in a spreadsheet.

Respondents type free text, and a cell such as `=HYPERLINK(...)` or `@SUM(...)` is run as a
formula by Excel, LibreOffice and Google Sheets (CSV or formula injection). Prefixing a single
quote makes every spreadsheet show the text as typed; the quote is visible, which is the
price of never running a respondent's formula on an analyst's machine.
"""

from __future__ import annotations

from collections.abc import Iterable

# What a spreadsheet treats as the start of a formula. Tab and carriage return are included
# because some spreadsheets strip them and then read what follows as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: str) -> str:
    """The value, with a leading single quote if a spreadsheet would read it as a formula."""
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_row(values: Iterable[str]) -> list[str]:
    return [neutralise_cell(value) for value in values]
