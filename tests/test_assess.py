"""What the drift report says of a source's figures, on two real World Bank releases."""

from __future__ import annotations

from factcheck.live.assess import Assessment, Key, compare_figures
from factcheck.pinned.figures import Figure, parse_extract

from .conftest import ROOT

CANADA_2020: Key = ("AG.SRF.TOTL.K2", "Canada", 2020)
RUSSIA_2020: Key = ("AG.SRF.TOTL.K2", "Russia", 2020)


def figures(source_id: str) -> dict[Key, Figure]:
    path = ROOT / "sources" / "extracts" / f"{source_id}.csv"
    return {
        (f.measure, f.entity, f.year): f
        for f in parse_extract(path.read_text(encoding="utf-8"), path)
    }


def compared(used: set[Key]) -> Assessment:
    """The November 2024 surface areas against July 2026's: Canada's jumps by 58%."""
    found = Assessment("wb-surface-area", "https://api.worldbank.org/", "wb", "downloaded")
    old, new = figures("wb-surface-area-2024-11"), figures("wb-surface-area-2026-07")
    compare_figures(found, old, new, used)
    return found


def test_a_jump_in_a_figure_a_claim_uses_is_held_for_review() -> None:
    found = compared({CANADA_2020, RUSSIA_2020})
    assert found.refusals == [
        "Canada, AG.SRF.TOTL.K2, 2020, which a claim uses, moved by +58% "
        "(9,879,750 -> 15,640,500): check with the publisher that it is meant"
    ]


def test_the_same_jump_in_a_figure_no_claim_uses_is_only_counted() -> None:
    found = compared({RUSSIA_2020})
    assert found.refusals == []
    assert any("values revised, 1 of them used by claims" in c for c in found.changes)
