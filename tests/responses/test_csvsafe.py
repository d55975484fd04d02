import pytest

from govcx.lib.csvsafe import neutralise_cell, neutralise_row


@pytest.mark.parametrize(
    "value",
    ["=SUM(1+1)", "+1234", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "=", "-"],
)
def test_formula_starts_get_a_leading_quote(value: str) -> None:
    assert neutralise_cell(value) == "'" + value


@pytest.mark.parametrize(
    "value",
    ["", "Quick and easy.", "1", "2025-01-02T03:04:05+00:00", " =1+1", "a=b", "'already"],
)
def test_other_values_are_unchanged(value: str) -> None:
    assert neutralise_cell(value) == value


def test_a_row_is_neutralised_cell_by_cell() -> None:
    assert neutralise_row(["ok", "=1", "@x", "3"]) == ["ok", "'=1", "'@x", "3"]
