"""Published figures as flat rows: one shape for pages, CSV, the JSON API and DataFrames.

Every figure a person or program reads leaves govcx as a `FigureRow`. A suppressed row has no
value, interval or n — only the fact that the group is smaller than the organization's
minimum — so no route can leak what a page hides.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from govcx.lib.stats import Comparison, Figure

ROW_FIELDS: tuple[str, ...] = ()  # filled below from the dataclass
SMALL = "small"
COMPLEMENT = "complement"
REST = "rest"


@dataclass(frozen=True)
class FigureRow:
    section: str  # which part of a dashboard: "trust", "v1_items", "v2_drivers" …
    metric: str  # a stable key: "trust", "ease", "drivers_negative:efficiency" …
    label: str  # what a person reads
    unit: str  # "share" (0–1), "mean" (on the question's scale), "importance", "difference"
    group_by: str = ""  # "" for the whole scope, else a dimension: "channel", "fiscal_quarter" …
    group: str = ""  # the group's stable key within the dimension
    group_label: str = ""
    value: float | None = None
    low: float | None = None
    high: float | None = None
    n: int | None = None
    suppressed: bool = False
    # Why a row is hidden: "small" (fewer than the minimum), "complement" (it would give away
    # a smaller hidden group by subtraction) or "rest" (everyone else is under the minimum).
    suppression: str = ""
    minimum_size: int = 0
    compared_with: str = ""  # "rest", a period key, …; "" when nothing was compared
    test: str = ""
    difference: float | None = None
    p_value: float | None = None
    adjusted_p_value: float | None = None
    correction: str = ""
    significant: bool | None = None

    @classmethod
    def of(cls, figure: Figure, **fields: Any) -> FigureRow:
        """A row from a figure; a suppressed figure keeps neither value, interval nor n."""
        if figure.suppressed:
            return cls(
                suppressed=True, suppression=SMALL, minimum_size=figure.minimum_size, **fields
            )
        return cls(
            value=figure.value,
            low=figure.low,
            high=figure.high,
            n=figure.n,
            minimum_size=figure.minimum_size,
            **fields,
        )

    def compared(self, comparison: Comparison | None, compared_with: str) -> FigureRow:
        """This row with a comparison's result; none is attached to a suppressed row."""
        if comparison is None or self.suppressed:
            return self
        return dataclasses.replace(
            self,
            compared_with=compared_with,
            test=comparison.test,
            difference=comparison.difference,
            p_value=comparison.p_value,
            adjusted_p_value=comparison.adjusted_p_value,
            correction=comparison.correction,
            significant=comparison.significant,
        )

    def suppress(self, reason: str) -> FigureRow:
        """Hide this row for `reason` (COMPLEMENT or REST): it is not small itself."""
        return FigureRow(
            section=self.section,
            metric=self.metric,
            label=self.label,
            unit=self.unit,
            group_by=self.group_by,
            group=self.group,
            group_label=self.group_label,
            suppressed=True,
            suppression=self.suppression or reason,
            minimum_size=self.minimum_size,
        )

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @property
    def suppression_text(self) -> str:
        if self.suppression == COMPLEMENT:
            return "hidden so that a smaller group's figure cannot be worked out"
        if self.suppression == REST:
            return f"hidden: everyone else numbers fewer than {self.minimum_size} responses"
        return f"fewer than {self.minimum_size} responses"


ROW_FIELDS = tuple(field.name for field in dataclasses.fields(FigureRow))


def suppress_complements(rows: list[FigureRow]) -> list[FigureRow]:
    """Within one breakdown, never leave exactly one group hidden.

    With the total published, a single hidden group's figure could be recovered from the
    others; hiding the next smallest group too closes that door.
    """
    hidden = [row for row in rows if row.suppressed]
    if len(hidden) != 1:
        return rows
    shown = [row for row in rows if not row.suppressed and row.n is not None]
    if not shown:
        return rows
    smallest = min(shown, key=lambda row: row.n or 0)
    return [row.suppress(COMPLEMENT) if row is smallest else row for row in rows]
