"""Insights: metric definitions, statistics, rollups, dashboards, and the Python API.

The Python API (`insights.figures(...)`, `insights.trust(...)` … see govcx/insights/frames.py
and docs/insights-python-api.md) is imported on first use: this package is a Django app, so
importing it must not import models (or pandas and SciPy) before Django is set up.

`figures` is also the name of a submodule (govcx/insights/figures.py, the FigureRow rows). Once
a submodule is imported Python sets it as an attribute of its package, and a module-level
`__getattr__` is never asked for an attribute that exists; so `insights.figures` is always that
module, made callable: calling it calls `frames.figures`, while `insights.figures.FigureRow`
and `from govcx.insights.figures import …` go on working as before.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # so that type checkers see the functions, not the figures module
    from govcx.insights.frames import breakdown as breakdown
    from govcx.insights.frames import drivers as drivers
    from govcx.insights.frames import equity as equity
    from govcx.insights.frames import figures as figures
    from govcx.insights.frames import response_rates as response_rates
    from govcx.insights.frames import trend as trend
    from govcx.insights.frames import trust as trust

PYTHON_API = ("figures", "trust", "trend", "breakdown", "equity", "drivers", "response_rates")


class _FiguresModule(types.ModuleType):
    """govcx.insights.figures, which can also be called as the Python API's `figures`."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from govcx.insights import frames

        return frames.figures(*args, **kwargs)


class _InsightsPackage(types.ModuleType):
    def __setattr__(self, name: str, value: object) -> None:
        # The import system sets each newly imported submodule on its package this way.
        if name == "figures" and type(value) is types.ModuleType:
            value.__class__ = _FiguresModule
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _InsightsPackage


def __getattr__(name: str) -> Any:
    if name == "figures":  # not imported yet: importing it makes it callable (see above)
        return importlib.import_module(f"{__name__}.figures")
    if name in PYTHON_API:
        from govcx.insights import frames

        return getattr(frames, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
