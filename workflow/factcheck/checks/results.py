"""What a check returns: the typed contract between the checks and every reader of
``verdicts.json`` (the report, its charts, the exports and the drift check).

A check returns a :class:`CheckResult`: its finding (verdict and reason) now and, where the
claim has one, at the article's publication; its readings, each with a :class:`Role`; every
figure it used as a :class:`FigureRef` (source, edition and cell, or the cited publication);
and ``details``, the kind's own JSON-ready data for its view in the report. Readers of the
written document find a claim's figures with :func:`figures_used`, and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .rating import Verdict


class Role(StrEnum):
    """What a reading is for."""

    PRIMARY = "primary"  # gives the claim's verdict
    AT_PUBLICATION = "at_publication"  # made with the data available when the article appeared
    OTHER = "other"  # a further source or vintage, rated on its own
    SENSITIVITY = "sensitivity"  # the same computation under other reasonable choices
    PART = "part"  # one of several readings that together give the verdict


class Status(StrEnum):
    """Whether a claim was checked."""

    CHECKED = "checked"
    NOT_CHECKABLE = "not checkable"  # opinion, prediction...: no check can settle it
    NOT_CHECKED_HERE = "not checked here"  # checkable, but what it needs is not available here


@dataclass(frozen=True)
class FigureRef:
    """One figure a check used: read from a pinned extract (``origin`` "data": source,
    edition, cell or field) or entered by hand from a cited publication ("published")."""

    origin: str
    entity: str
    measure: str
    measure_label: str
    year: int | None
    value: float
    unit: str
    source_id: str | None = None
    edition: str | None = None
    locator: str | None = None
    entity_as_published: str | None = None
    note: str | None = None
    evidence_id: str | None = None
    publisher: str | None = None
    verified: bool = True

    @property
    def key(self) -> tuple[Any, ...]:
        """What makes two references the same figure."""
        return (self.source_id or self.evidence_id, self.measure, self.entity, self.year)

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None or k == "year"}


@dataclass(frozen=True)
class Finding:
    """A verdict (None: not rated) and the reason for it, in a sentence."""

    verdict: Verdict | None
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {
            "verdict": None if self.verdict is None else self.verdict.value,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Reading:
    """One computation of the claim's figure: from which data, with what result."""

    role: Role
    label: str
    finding: Finding
    value: float | None = None
    figures: tuple[FigureRef, ...] = ()
    scope: str = ""  # the edition or source id read, or "published"
    measure: str = ""
    year: int | None = None
    formula: str = ""  # how the value was computed, in words and numbers
    details: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "role": self.role.value,
            "label": self.label,
            **self.finding.to_json(),
            "value": self.value,
            "scope": self.scope,
            "measure": self.measure,
            "year": self.year,
            "formula": self.formula,
            "figures": [f.to_json() for f in self.figures],
            "details": self.details,
        }


@dataclass(frozen=True)
class CheckResult:
    """Everything a check found for one claim."""

    finding: Finding
    at_publication: Finding | None = None
    status: Status = Status.CHECKED
    readings: tuple[Reading, ...] = ()
    figures: tuple[FigureRef, ...] = ()  # used beyond the readings' (series, paths, revisions)
    evidence: tuple[str, ...] = ()  # ids of cited publications the check read
    details: dict[str, Any] = field(default_factory=dict)

    def all_figures(self) -> list[FigureRef]:
        """Every figure used, once, in the order first used."""
        seen: dict[tuple[Any, ...], FigureRef] = {}
        for ref in [f for r in self.readings for f in r.figures] + list(self.figures):
            seen.setdefault(ref.key, ref)
        return list(seen.values())

    def to_json(self) -> dict[str, Any]:
        figures = self.all_figures()
        cited = {f.evidence_id for f in figures if f.evidence_id} | set(self.evidence)
        return {
            "status": self.status.value,
            **self.finding.to_json(),
            "at_publication": None
            if self.at_publication is None
            else self.at_publication.to_json(),
            "readings": [r.to_json() for r in self.readings],
            "figures": [f.to_json() for f in figures],
            "sources": sorted({f.source_id for f in figures if f.source_id}),
            "evidence": sorted(cited),
            "details": self.details,
        }


def figures_used(claim: dict[str, Any]) -> list[dict[str, Any]]:
    """Every figure a claim of a written verdicts document used, each once."""
    return claim["figures"]


def reading(claim: dict[str, Any], role: Role) -> dict[str, Any] | None:
    """The claim's first reading with ``role``, if any."""
    return next((r for r in claim["readings"] if r["role"] == role.value), None)
