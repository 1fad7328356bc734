"""The FAS nuclear warhead parser on the five real files (expected numbers read by hand)."""

from __future__ import annotations

import dataclasses
import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from factcheck.errors import FactcheckError
from factcheck.pinned.catalog import Source, load_catalog
from factcheck.pinned.figures import Figure
from factcheck.pinned.parsers import Extraction, parse

SOURCES = Path(__file__).resolve().parent.parent / "sources"
OWID_NAME = "Nuclear warhead {} \N{EN DASH} Federation of American Scientists{}.csv"
FILES = {
    "fas-owid-stockpiles-2022": OWID_NAME.format("stockpiles", " (2022)"),
    "fas-owid-inventories-2022": OWID_NAME.format("inventories", ""),
    "fas-tableau-inventories-2022": "nuclear_weapons_inventories_2022_raw.csv",
    "fas-tableau-inventories-2023": "nuclear_weapons_inventories_2023_raw.csv",
    "fas-tableau-stockpiles-2023": "nuclear_weapons_stockpiles_raw.csv",
}
VOCABULARY = {
    "total_inventory",
    "military_stockpile",
    "deployed_strategic",
    "deployed_nonstrategic",
    "reserve_nondeployed",
    "retired",
}
USA = "United States of America"
# The "Total Inventory" column of nuclear_weapons_inventories_2022_raw.csv, read by hand.
TOTAL_INVENTORY_2022 = {
    "Russia": 5977,
    USA: 5428,
    "France": 290,
    "China": 350,
    "United Kingdom": 225,
    "Israel": 90,
    "Pakistan": 165,
    "India": 160,
    "North Korea": 20,
}


def source(source_id: str) -> Source:
    return load_catalog(SOURCES).source(source_id)


def path_of(snapshots: Path, source_id: str) -> Path:
    return snapshots / "nuclear" / FILES[source_id]


def extract(snapshots: Path, source_id: str) -> Extraction:
    return parse(path_of(snapshots, source_id), source(source_id))


def value(figures: list[Figure], entity: str, measure: str, year: int) -> float:
    found = [f for f in figures if (f.entity, f.measure, f.year) == (entity, measure, year)]
    assert len(found) == 1, (entity, measure, year, found)
    return found[0].value


@pytest.mark.parametrize("source_id", sorted(FILES))
def test_vocabulary_and_unit(snapshots: Path, source_id: str) -> None:
    figures = extract(snapshots, source_id).figures
    assert figures
    assert {f.measure for f in figures} <= VOCABULARY
    assert {f.unit for f in figures} == {"warheads"}
    assert not [f for f in figures if "  " in f.entity or f.entity in ("US", "United States")]


@pytest.mark.parametrize(
    ("source_id", "year", "russia", "usa"),
    [
        ("fas-owid-inventories-2022", 2022, 5977, 5428),
        ("fas-tableau-inventories-2022", 2022, 5977, 5428),
        ("fas-tableau-inventories-2023", 2023, 5889, 5244),
    ],
)
def test_total_inventories(
    snapshots: Path, source_id: str, year: int, russia: int, usa: int
) -> None:
    figures = extract(snapshots, source_id).figures
    assert value(figures, "Russia", "total_inventory", year) == russia
    assert value(figures, USA, "total_inventory", year) == usa


def test_wide_export_uses_total_inventory_not_the_sum_column(snapshots: Path) -> None:
    extraction = extract(snapshots, "fas-tableau-inventories-2022")
    totals = {f.entity: f.value for f in extraction.figures if f.measure == "total_inventory"}
    assert totals == TOTAL_INVENTORY_2022  # the SUM column says Russia 6065, France 570
    assert not [f for f in extraction.figures if "SUM(" in f.locator]
    russia = next(
        f for f in extraction.figures if f.entity == "Russia" and f.measure == "total_inventory"
    )
    assert russia.locator == 'row 2, column "Total Inventory"'
    assert extraction.release == "FAS Tableau export, inventories (wide), 2022"
    # Empty "Retired" cells are missing values, not zeros.
    assert {f.entity for f in extraction.figures if f.measure == "retired"} == {"Russia", USA}


def test_transposed_export_ignores_the_sum_row(snapshots: Path) -> None:
    extraction = extract(snapshots, "fas-tableau-inventories-2023")
    assert not [f for f in extraction.figures if "SUM(" in f.locator]
    assert value(extraction.figures, "Russia", "deployed_strategic", 2023) == 1674
    assert value(extraction.figures, "North Korea", "reserve_nondeployed", 2023) == 30
    assert extraction.release == "FAS Tableau export, inventories (transposed), 2023"


@pytest.mark.parametrize(
    ("entity", "year", "vintage_2022", "vintage_2023"),
    [("China", 2021, 350, 370), ("China", 2022, 350, 390), ("United Kingdom", 2021, 180, 225)],
)
def test_stockpile_history_revised_between_vintages(
    snapshots: Path, entity: str, year: int, vintage_2022: int, vintage_2023: int
) -> None:
    old = extract(snapshots, "fas-owid-stockpiles-2022").figures
    new = extract(snapshots, "fas-tableau-stockpiles-2023").figures
    assert value(old, entity, "military_stockpile", year) == vintage_2022
    assert value(new, entity, "military_stockpile", year) == vintage_2023


@pytest.mark.parametrize("source_id", ["fas-owid-stockpiles-2022", "fas-tableau-stockpiles-2023"])
def test_world_row_is_total_inventory_not_stockpile(snapshots: Path, source_id: str) -> None:
    figures = extract(snapshots, source_id).figures
    world = [f for f in figures if f.entity == "World"]
    assert {f.measure for f in world} == {"total_inventory"}
    assert value(figures, "World", "total_inventory", 2021) == 13100
    assert value(figures, "World", "total_inventory", 1960) == 22144
    assert not [f for f in figures if f.entity != "World" and f.measure == "total_inventory"]


def test_long_export_names_normalised(snapshots: Path) -> None:
    extraction = extract(snapshots, "fas-tableau-stockpiles-2023")
    north_korea = [f for f in extraction.figures if f.entity == "North Korea"]
    assert {f.entity_as_published for f in north_korea} == {"North  Korea"}
    assert value(extraction.figures, "North Korea", "military_stockpile", 2023) == 30
    assert value(extraction.figures, USA, "military_stockpile", 2023) == 3708
    assert extraction.release == "FAS Tableau export, stockpiles (long), 1945-2023"


@pytest.mark.parametrize("source_id", sorted(FILES))
def test_russia_and_usa_rank_first_and_second(snapshots: Path, source_id: str) -> None:
    figures = extract(snapshots, source_id).figures
    measure = (
        "total_inventory"
        if any(f.measure == "total_inventory" and f.entity != "World" for f in figures)
        else "military_stockpile"
    )
    by_year: dict[int, dict[str, float]] = defaultdict(dict)
    for f in figures:
        if f.measure == measure and f.entity != "World" and f.year is not None and f.year >= 1960:
            by_year[f.year][f.entity] = f.value
    assert by_year
    for year, counts in by_year.items():
        top_two = sorted(counts, key=counts.__getitem__, reverse=True)[:2]
        assert set(top_two) == {"Russia", USA}, (year, top_two)


def test_layout_told_by_header_not_file_name(snapshots: Path, tmp_path: Path) -> None:
    misnamed = tmp_path / "nuclear_weapons_stockpiles_raw.csv"
    shutil.copyfile(path_of(snapshots, "fas-tableau-inventories-2023"), misnamed)
    extraction = parse(misnamed, source("fas-tableau-inventories-2023"))
    assert extraction == extract(snapshots, "fas-tableau-inventories-2023")


def _tableau_copy(snapshots: Path, tmp_path: Path, edit) -> Path:
    text = path_of(snapshots, "fas-tableau-inventories-2022").read_bytes().decode("utf-16")
    copy = tmp_path / "inventories.csv"
    copy.write_bytes(edit(text).encode("utf-16"))
    return copy


def test_thousands_separators_removed(snapshots: Path, tmp_path: Path) -> None:
    copy = _tableau_copy(snapshots, tmp_path, lambda t: t.replace("\t5977\n", '\t"5,977"\n'))
    figures = parse(copy, source("fas-tableau-inventories-2022")).figures
    assert value(figures, "Russia", "total_inventory", 2022) == 5977


def test_non_numeric_value_fails(snapshots: Path, tmp_path: Path) -> None:
    copy = _tableau_copy(snapshots, tmp_path, lambda t: t.replace("\t5977\n", "\tabout 6000\n"))
    with pytest.raises(FactcheckError, match="about 6000") as error:
        parse(copy, source("fas-tableau-inventories-2022"))
    assert str(copy) in str(error.value)
    assert 'row 2, column "Total Inventory"' in str(error.value)


def test_missing_total_inventory_column_fails(snapshots: Path, tmp_path: Path) -> None:
    def drop_last_column(text: str) -> str:
        return "".join(line.rsplit("\t", 1)[0] + "\n" for line in text.splitlines())

    copy = _tableau_copy(snapshots, tmp_path, drop_last_column)
    with pytest.raises(FactcheckError, match="Total Inventory") as error:
        parse(copy, source("fas-tableau-inventories-2022"))
    assert str(copy) in str(error.value)


def test_missing_year_option_fails(snapshots: Path) -> None:
    src = dataclasses.replace(source("fas-tableau-inventories-2022"), options={})
    path = path_of(snapshots, "fas-tableau-inventories-2022")
    with pytest.raises(FactcheckError, match="option 'year'") as error:
        parse(path, src)
    assert str(path) in str(error.value)


@pytest.mark.parametrize(
    ("source_id", "encoding", "text"),
    [
        ("fas-owid-inventories-2022", "utf-8", "Country;Year;Warheads\nRussia;2022;5977\n"),
        ("fas-tableau-inventories-2022", "utf-16", "Nation\tWarheads\nRussia\t5977\n"),
    ],
)
def test_unknown_header_fails_naming_the_file(
    tmp_path: Path, source_id: str, encoding: str, text: str
) -> None:
    path = tmp_path / "warheads.csv"
    path.write_bytes(text.encode(encoding))
    with pytest.raises(FactcheckError, match="unknown layout") as error:
        parse(path, source(source_id))
    assert str(path) in str(error.value)


def test_utf8_file_declared_utf16_fails(snapshots: Path) -> None:
    path = path_of(snapshots, "fas-owid-inventories-2022")
    src = dataclasses.replace(source("fas-owid-inventories-2022"), format="tsv-utf16")
    with pytest.raises(FactcheckError, match="UTF-16") as error:
        parse(path, src)
    assert str(path) in str(error.value)
