"""Check kinds: each turns one claim's ``check`` spec and the pinned data into a result.

A check kind is one module here, named as the kind (``check.type`` in the claims file): it
has ``RULE`` (its rating rule, for the report's method section), ``SPEC`` (the JSON Schema
of its ``check`` spec, checked when the claims file is loaded) and
``run(claim, context) -> CheckResult`` (see :mod:`factcheck.checks.results`). How the report
shows its result is its view, :mod:`factcheck.report.views` (a module of the same name).
"""

from __future__ import annotations

import copy
import functools
import importlib
import pkgutil
from types import ModuleType
from typing import Any

from .. import schema
from ..errors import FactcheckError

NOT_KINDS = frozenset({"common", "expressions", "rating", "results", "verdicts"})
"""Modules of this package that are not check kinds."""


def kinds() -> list[str]:
    """Every check kind, by name."""
    return sorted(
        info.name for info in pkgutil.iter_modules(__path__) if info.name not in NOT_KINDS
    )


def module_for(kind: str) -> ModuleType:
    """The module of a check kind."""
    if kind not in kinds():
        raise FactcheckError(f"unknown check type {kind!r}; known: {', '.join(kinds())}")
    return importlib.import_module(f"{__name__}.{kind}")


@functools.cache
def claims_schema() -> dict[str, Any]:
    """The claims file's schema: ``workflow/schemas/claims.schema.yaml`` with each kind's
    ``SPEC`` as the shape of its ``check``, and the hedge words the rating rule knows."""
    import yaml

    from .rating import HEDGE_WORDS

    document = copy.deepcopy(schema.load_schema("claims"))
    defs = document["$defs"]
    defs["stated"]["properties"]["hedge"]["enum"] = sorted(HEDGE_WORDS)
    check = document["properties"]["claims"]["items"]["properties"]["check"]
    check["properties"]["type"] = {"enum": kinds()}
    check["allOf"] = []
    for kind in kinds():
        defs[f"check_{kind}"] = yaml.safe_load(module_for(kind).SPEC)
        check["allOf"].append(
            {
                "if": {"properties": {"type": {"const": kind}}},
                "then": {"$ref": f"#/$defs/check_{kind}"},
            }
        )
    return document
