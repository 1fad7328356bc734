"""Check kinds: each turns one claim's ``check`` spec and the pinned data into a result.

A check module has ``RULE`` (its rating rule, for the report's method section) and
``run(claim, context) -> dict``: the verdict, the reason, the figures it used, and report
tables of preformatted strings, as JSON-ready data (see ``verdicts.json``).
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

from .common import CheckContext

MODULES = {
    "ratio": "ratio",
    "ranking": "ranking",
    "profile": "profile",
    "forecast_outcome": "forecast_outcome",
    "date": "date",
    "quote_comparison": "quote_comparison",
    "document_quote": "document_quote",
    "published_figures": "published_figures",
    "none": "not_checked",
}


def module_for(check_type: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{MODULES[check_type]}")


def run_check(claim: dict[str, Any], context: CheckContext) -> dict[str, Any]:
    """Run the check the claim names."""
    return module_for(claim["check"]["type"]).run(claim, context)
