"""Check kinds: each turns one claim's ``check`` spec and the pinned data into a result.

A check module has ``run(claim, index) -> dict``: the claim's verdict, the reason, and every
figure it used, as plain JSON-ready data (see ``verdicts.json``).
"""

from __future__ import annotations

import importlib
from typing import Any

from ..data import DataIndex

MODULES = {"ratio": "ratio"}


def run_check(claim: dict[str, Any], index: DataIndex) -> dict[str, Any]:
    """Run the check the claim names."""
    module = importlib.import_module(f"{__name__}.{MODULES[claim['check']['type']]}")
    return module.run(claim, index)
