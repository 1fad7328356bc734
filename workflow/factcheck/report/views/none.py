"""Statements not checked have no tables: the report lists them with the reason."""

from __future__ import annotations

from typing import Any

from ..tables import Table


def tables(claim: dict[str, Any], doc: dict[str, Any]) -> list[Table]:
    return []
