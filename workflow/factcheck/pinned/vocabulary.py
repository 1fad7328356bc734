"""What the pinned data can speak of: measures (label, units, editions) and entity spellings.

Read from the catalog (measure labels) and the pinned extracts (which measures each edition
holds, in which unit; every entity name, as claims spell it and as the publisher does), to
suggest which measures and entity names a sentence of an article could be checked with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .catalog import Catalog, load_catalog
from .figures import extract_rows
from .index import read_pinned_extract

# Words of measure labels and units that say nothing about what is measured.
_GENERIC_WORDS = frozenset({"of", "the", "and", "us", "current", "total", "annual"})
MONEY, PERCENTAGE = "money", "percentage"  # kinds of figure a text may write


def words_of(text: str) -> set[str]:
    """The words of ``text``, lowercased, a plural -s dropped ("Areas" -> "area")."""
    return {
        word[:-1] if len(word) > 3 and word.endswith("s") else word
        for word in re.findall(r"[^\W_]+", text.lower())
    }


def _meaningful(words: set[str]) -> set[str]:
    return {word for word in words if len(word) > 1 and word not in _GENERIC_WORDS}


@dataclass
class Measure:
    """A measure the pinned extracts hold: its id, label, units and the editions holding it."""

    id: str
    label: str
    units: list[str] = field(default_factory=list)
    editions: list[str] = field(default_factory=list)

    def score(self, words: set[str], kinds: set[str]) -> int:
        """How many pointers to this measure a text holds: words of its label, and a mention
        of its unit (its words, or a sum of money or a percentage: ``kinds``); 0 for none."""
        in_label = len(_meaningful(words_of(self.label)) & words)
        return in_label + any(_unit_in(unit, words, kinds) for unit in self.units)


def _unit_in(unit: str, words: set[str], kinds: set[str]) -> bool:
    """Whether a text of these ``words``, writing these ``kinds`` of figure, mentions a figure
    in ``unit``."""
    unit_words = _meaningful(words_of(unit))
    if unit_words and unit_words <= words:
        return True
    if MONEY in kinds and ("$" in unit or "usd" in unit.lower()):
        return True
    return PERCENTAGE in kinds and "%" in unit


@dataclass(frozen=True)
class EntityMention:
    """An entity name found in a sentence: as written there, and as claims name it."""

    spelling: str
    names: tuple[str, ...]


class Vocabulary:
    """The measures and entity names of the pinned data, for suggestions."""

    def __init__(self, measures: list[Measure], spellings: dict[str, set[str]]):
        self.measures = measures
        self.spellings = spellings
        # Longest spellings first, so that "South Sudan" is found whole, not as "Sudan".
        names = sorted(spellings, key=lambda name: (-len(name), name))
        self._pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")
            if names
            else None
        )

    def measures_for(self, text: str, kinds: set[str]) -> list[Measure]:
        """Measures whose label or unit the text's words match, best match first; ``kinds``:
        the kinds of figure the text writes (MONEY, PERCENTAGE), which point to units."""
        words = words_of(text)
        scored = [(m.score(words, kinds), k, m) for k, m in enumerate(self.measures)]
        return [
            measure for score, _, measure in sorted(scored, key=lambda s: (-s[0], s[1])) if score
        ]

    def entities_in(self, text: str) -> list[EntityMention]:
        """Entity names of the pinned data written in ``text`` (case-sensitive), in order."""
        if self._pattern is None:
            return []
        found: dict[str, EntityMention] = {}
        for match in self._pattern.finditer(text):
            spelling = match.group()
            found.setdefault(
                spelling, EntityMention(spelling, tuple(sorted(self.spellings[spelling])))
            )
        return list(found.values())


def load_vocabulary(root: Path | str = "sources") -> Vocabulary:
    """The vocabulary of every pinned source under ``root``, each extract checked by sha256."""
    catalog = load_catalog(root)
    measures: dict[str, Measure] = {}
    spellings: dict[str, set[str]] = {}
    for source_id in sorted(catalog.pins):
        source = catalog.source(source_id)
        path = catalog.extract_path(source_id)
        for _, cells in extract_rows(read_pinned_extract(catalog, source_id), path):
            entity, as_published, measure_id, _, _, unit = cells[:6]
            measure = measures.setdefault(
                measure_id, Measure(measure_id, catalog.measure_label(measure_id))
            )
            if unit not in measure.units:
                measure.units.append(unit)
            if source.edition not in measure.editions:
                measure.editions.append(source.edition)
            for spelling in {" ".join(entity.split()), " ".join(as_published.split())} - {""}:
                spellings.setdefault(spelling, set()).add(entity)
    for measure in measures.values():
        measure.editions.sort()
    ordered = sorted(measures.values(), key=lambda m: _catalog_order(catalog, m.id))
    return Vocabulary(ordered, spellings)


def _catalog_order(catalog: Catalog, measure_id: str) -> tuple[int, int]:
    """Where the catalog lists a measure: by dataset, then within the dataset's measures."""
    for k, source in enumerate(catalog.sources.values()):
        if measure_id in source.measures:
            return k, list(source.measures).index(measure_id)
    return len(catalog.sources), 0
