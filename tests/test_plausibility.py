"""A release whose figures jump by orders of magnitude from the pinned ones is refused."""

from __future__ import annotations

import dataclasses

import pytest

from factcheck.errors import FactcheckError
from factcheck.live.plausibility import check_magnitudes
from factcheck.pinned.catalog import load_catalog
from factcheck.pinned.figures import read_extract
from factcheck.pinned.parsers import parse

from .conftest import ROOT


@pytest.fixture(scope="module")
def sipri():
    return read_extract(ROOT / "sources" / "extracts" / "sipri-milex-2025.csv")


def _scaled(figures, factor):
    return [dataclasses.replace(f, value=f.value * factor) for f in figures]


@pytest.mark.parametrize("factor", [1000, 0.001, 20])
def test_values_scaled_by_a_unit_change_are_refused(sipri, factor):
    with pytest.raises(
        FactcheckError, match=r"sipri-milex-2025: figures moved by a typical factor"
    ) as info:
        check_magnitudes("sipri-milex-2025", sipri, _scaled(sipri, factor))
    # the message names figures, with old and new values
    assert "military_expenditure_current_usd" in str(info.value)
    assert " -> " in str(info.value)


@pytest.mark.parametrize("factor", [19, 0.06])
def test_values_scaled_just_inside_the_limit_pass(sipri, factor):
    check_magnitudes("sipri-milex-2025", sipri, _scaled(sipri, factor))


def test_real_revisions_between_editions_pass(snapshots):
    """The 2024 and 2025 SIPRI releases differ by real revisions: accepted."""
    source = load_catalog(ROOT / "sources").source("sipri-milex-2025")
    older = parse(snapshots / "sipri" / "SIPRI-Milex-data-1949-2023.xlsx", source).figures
    newer = parse(snapshots / "sipri" / "SIPRI-Milex-data-1949-2024_2.xlsx", source).figures
    was = {(f.entity, f.measure, f.year): f.value for f in older}
    now = {(f.entity, f.measure, f.year): f.value for f in newer}
    assert (len(was), len(now)) == (len(older), len(newer))  # one figure per key
    shared = was.keys() & now.keys()
    assert len(shared) > 1000  # 8,691 in these releases
    assert sum(was[key] != now[key] for key in shared) > 10  # 298 revised
    check_magnitudes("sipri-milex-2025", older, newer)


def test_a_few_large_revisions_do_not_trip_the_check(sipri):
    shaken = [
        dataclasses.replace(f, value=f.value * 30) if n % 10 == 0 else f
        for n, f in enumerate(sipri)
    ]
    check_magnitudes("sipri-milex-2025", sipri, shaken)
