"""Parsers turn one raw source file into tidy figures.

Each parser module has ``parse(path, source) -> Extraction``. A parser that meets a file it
does not understand raises FactcheckError naming the file, the sheet or field, and what it
expected; it never guesses.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, replace
from pathlib import Path

from ...errors import FactcheckError
from ..catalog import Source
from ..figures import AGGREGATE, Figure

MODULES = {
    "sipri": "sipri",
    "factbook": "factbook",
    "worldbank": "worldbank",
    "fas-owid": "fas",
    "fas-tableau": "fas",
}


@dataclass(frozen=True)
class Extraction:
    """What a parser read from one file: its figures and the release the file says it is."""

    figures: list[Figure]
    release: str


def parse(path: Path, source: Source) -> Extraction:
    """Parse ``path`` with the parser the catalog names for ``source``; rows the catalog's
    ``aggregates`` option names (as published) are marked as aggregates."""
    module = importlib.import_module(f"{__name__}.{MODULES[source.parser]}")
    extraction = module.parse(Path(path), source)
    if not extraction.figures:
        raise FactcheckError(f"no figures found by the {source.parser} parser", path=path)
    aggregates = set(source.options.get("aggregates", []))
    return Extraction(
        figures=[
            replace(f, group=AGGREGATE) if f.entity_as_published in aggregates else f
            for f in extraction.figures
        ],
        release=extraction.release,
    )
