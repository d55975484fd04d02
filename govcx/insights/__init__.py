"""Insights: metric definitions, statistics, rollups, dashboards, and the Python API.

The Python API (`insights.figures(...)`, `insights.trust(...)` … see govcx/insights/frames.py
and docs/insights-python-api.md) is imported on first use: this package is a Django app, so
importing it must not import models (or pandas and SciPy) before Django is set up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # so that type checkers know the functions' signatures
    from govcx.insights.frames import breakdown as breakdown
    from govcx.insights.frames import drivers as drivers
    from govcx.insights.frames import equity as equity
    from govcx.insights.frames import figures as figures
    from govcx.insights.frames import response_rates as response_rates
    from govcx.insights.frames import trend as trend
    from govcx.insights.frames import trust as trust

PYTHON_API = ("figures", "trust", "trend", "breakdown", "equity", "drivers", "response_rates")


def __getattr__(name: str) -> Any:
    if name in PYTHON_API:
        from govcx.insights import frames

        return getattr(frames, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
