"""CIA World Factbook pages as JSON (github.com/factbook/factbook.json).

Values are text such as ``"17,098,242 sq km"``; keys change between vintages (``"total"``
in 2022, ``"total "`` with a trailing space in 2026), so keys are matched after stripping.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ...errors import FactcheckError
from .. import limits
from ..catalog import Source
from ..figures import Figure
from ..numbers import parse_number
from . import Extraction

AREA_MEASURES = {"total": "area_total", "land": "area_land", "water": "area_water"}
AREA_TEXT = re.compile(r"^\s*([\d,.]+)\s*sq km\b")


def _load(path: Path) -> dict[str, Any]:
    """The page as a JSON object, within the size and nesting caps of ``limits``."""
    limits.check_file_size(path, "json")
    try:
        text = path.read_text(encoding="utf-8-sig")
        limits.check_json_depth(text, path)
        data = json.loads(text)
    except ValueError as exc:  # bad UTF-8 or JSON, or a number of over 4,300 digits
        raise FactcheckError(f"not a Factbook JSON page: {exc}", path=path) from exc
    if not isinstance(data, dict):
        raise FactcheckError("expected a JSON object at the top level", path=path)
    return data


def _child(node: Any, key: str, path: Path, where: str) -> tuple[str, Any]:
    """Find ``key`` in ``node`` ignoring surrounding spaces; return (key as published, value)."""
    if isinstance(node, dict):
        for published, value in node.items():
            if published.strip() == key:
                return published, value
    raise FactcheckError(f"expected a field {key!r}", path=path, field=where)


def parse(path: Path, source: Source) -> Extraction:
    """Read total, land and water area (sq km) of the country the source is about; the
    Factbook's area note, if any, is kept verbatim with the total area."""
    if not source.entity:
        raise FactcheckError("a Factbook source needs an 'entity' in the catalog", field=source.id)
    data = _load(path)
    _, geography = _child(data, "Geography", path, "(top level)")
    _, area = _child(geography, "Area", path, "Geography")
    notes = [
        text
        for published, text in area.items()
        if published.strip() == "note" and isinstance(text, str)
    ]
    figures = []
    for key, measure in AREA_MEASURES.items():
        published_key, field = _child(area, key, path, "Geography.Area")
        locator = f"Geography.Area[{published_key!r}].text"
        _, text = _child(field, "text", path, locator[: -len(".text")])
        match = AREA_TEXT.match(text) if isinstance(text, str) else None
        if match is None:
            raise FactcheckError(
                f"expected text like '17,098,242 sq km', found {text!r}", path=path, field=locator
            )
        try:
            value = parse_number(match.group(1))
        except ValueError as exc:
            raise FactcheckError(str(exc), path=path, field=locator) from exc
        figures.append(
            Figure(
                entity=source.entity,
                entity_as_published=source.entity,
                measure=measure,
                year=None,
                value=value,
                unit="sq km",
                locator=locator,
                note=notes[0] if notes and measure == "area_total" else "",
            )
        )
    return Extraction(figures=figures, release=f"Factbook page for {source.entity}")
