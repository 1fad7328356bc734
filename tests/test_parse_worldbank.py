"""The World Bank WDI parser on the real bulk CSVs (expected numbers read by hand)."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path

import pytest

from factcheck.errors import FactcheckError
from factcheck.pinned.catalog import Source, load_catalog
from factcheck.pinned.figures import Figure
from factcheck.pinned.parsers import Extraction, parse

SOURCES = Path(__file__).resolve().parent.parent / "sources"
FILES = {
    "wb-surface-area-2024-11": ("API_AG.SRF.TOTL.K2_DS2_en_csv_v2_9771.csv", "2024-11-13"),
    "wb-surface-area-2026-07": ("API_AG.SRF.TOTL.K2_DS2_en_csv_v2_34852.csv", "2026-07-13"),
    "wb-land-area-2026-01": ("API_AG.LND.TOTL.K2_DS2_en_csv_v2_323.csv", "2026-01-28"),
    "wb-gdp-growth-2024-06": ("API_NY.GDP.MKTP.KD.ZG_DS2_en_csv_v2_261404.csv", "2024-06-28"),
    "wb-gdp-growth-2025-10": ("API_NY.GDP.MKTP.KD.ZG_DS2_en_csv_v2_130026.csv", "2025-10-07"),
    "wb-gdp-growth-2026-01": ("API_NY.GDP.MKTP.KD.ZG_DS2_en_csv_v2_40824.csv", "2026-01-28"),
    "wb-gdp-current-usd-2026-07": ("API_NY.GDP.MKTP.CD_DS2_en_csv_v2_234.csv", "2026-07-13"),
    "wb-population-2026-07": ("API_SP.POP.TOTL_DS2_en_csv_v2_33112.csv", "2026-07-13"),
    "wb-country-russia-2025-04": ("russia_eco_indicators.csv", "2025-04-15"),
    "wb-country-ukraine-2025-04": ("ukr_eco_indicators.csv", "2025-04-15"),
}
RUSSIA = "Russia"


def source(source_id: str) -> Source:
    return load_catalog(SOURCES).source(source_id)


def path_of(snapshots: Path, source_id: str) -> Path:
    return snapshots / "worldbank" / FILES[source_id][0]


def extract(snapshots: Path, source_id: str) -> Extraction:
    return parse(path_of(snapshots, source_id), source(source_id))


def value(figures: list[Figure], entity: str, year: int, measure: str | None = None) -> float:
    found = [
        f for f in figures if f.entity == entity and f.year == year and measure in (None, f.measure)
    ]
    assert len(found) == 1, (entity, year, measure, found)
    return found[0].value


@pytest.mark.parametrize("source_id", sorted(FILES))
def test_release_date_read_from_line_3(snapshots: Path, source_id: str) -> None:
    assert extract(snapshots, source_id).release == f"WDI, last updated {FILES[source_id][1]}"


def test_surface_area_2024_release(snapshots: Path) -> None:
    figures = extract(snapshots, "wb-surface-area-2024-11").figures
    assert value(figures, RUSSIA, 2021) == 17_098_250
    assert value(figures, "Ukraine", 2021) == 603_550
    russia = next(f for f in figures if f.entity == RUSSIA and f.year == 2021)
    assert russia.entity_as_published == "Russian Federation"
    assert russia.measure == "AG.SRF.TOTL.K2"
    assert russia.unit == "sq. km"
    assert russia.locator == 'row 208 (RUS), column "2021"'  # grep -n '"RUS"' in the file
    assert not [f for f in figures if f.year in (2022, 2023)]  # the last years are empty


def test_surface_area_2026_release_revises_russia_only(snapshots: Path) -> None:
    figures = extract(snapshots, "wb-surface-area-2026-07").figures
    for year in (2020, 2021, 2022, 2023):
        assert value(figures, RUSSIA, year) == 17_125_190
        assert value(figures, "Ukraine", year) == 603_550
    assert value(figures, RUSSIA, 2019) == 17_098_250


def test_land_area(snapshots: Path) -> None:
    figures = extract(snapshots, "wb-land-area-2026-01").figures
    assert value(figures, RUSSIA, 2021) == 16_376_870
    assert value(figures, "Ukraine", 2021) == 579_400
    assert {f.unit for f in figures} == {"sq. km"}


@pytest.mark.parametrize(
    ("source_id", "growth_2022", "growth_2023"),
    [("wb-gdp-growth-2024-06", -2.07, 3.60), ("wb-gdp-growth-2025-10", -1.44, 4.08)],
)
def test_gdp_growth_revised_between_releases(
    snapshots: Path, source_id: str, growth_2022: float, growth_2023: float
) -> None:
    figures = extract(snapshots, source_id).figures
    assert value(figures, RUSSIA, 2022) == pytest.approx(growth_2022, abs=0.005)
    assert value(figures, RUSSIA, 2023) == pytest.approx(growth_2023, abs=0.005)
    assert {f.unit for f in figures} == {"annual %"}


def test_population_and_gdp_current_usd(snapshots: Path) -> None:
    population = extract(snapshots, "wb-population-2026-07").figures
    assert value(population, RUSSIA, 2021) == 144_746_762
    assert value(population, "Ukraine", 2021) == 44_298_640
    assert {f.unit for f in population} == {"people"}
    gdp = extract(snapshots, "wb-gdp-current-usd-2026-07").figures
    assert value(gdp, RUSSIA, 2021) == pytest.approx(1.829186719575e12)
    assert value(gdp, "Ukraine", 2021) == pytest.approx(1.99765859571e11)
    assert {f.unit for f in gdp} == {"current US$"}


def test_aliases_give_the_sipri_names(snapshots: Path) -> None:
    figures = extract(snapshots, "wb-population-2026-07").figures
    usa = [f for f in figures if f.entity_as_published == "United States"]
    assert usa
    assert {f.entity for f in usa} == {"United States of America"}
    assert value(figures, "United States of America", 2021) == 332_100_166


@pytest.mark.parametrize(
    ("source_id", "entity", "personnel_2020"),
    [
        ("wb-country-russia-2025-04", RUSSIA, 1_454_000),
        ("wb-country-ukraine-2025-04", "Ukraine", 298_000),
    ],
)
def test_country_files_keep_only_the_listed_indicators(
    snapshots: Path, source_id: str, entity: str, personnel_2020: float
) -> None:
    figures = extract(snapshots, source_id).figures
    assert {f.measure for f in figures} == set(source(source_id).options["indicators"])
    assert {f.entity for f in figures} == {entity}
    personnel = [f for f in figures if f.measure == "MS.MIL.TOTL.P1"]
    assert value(personnel, entity, 2020) == personnel_2020
    assert {f.unit for f in personnel} == {"people"}
    assert max(f.year for f in personnel) == 2020  # empty from 2021 on


def test_countries_option_keeps_only_those_rows(snapshots: Path) -> None:
    wanted = ["Russian Federation", "Ukraine"]
    src = dataclasses.replace(source("wb-land-area-2026-01"), options={"countries": wanted})
    figures = parse(path_of(snapshots, "wb-land-area-2026-01"), src).figures
    assert {f.entity_as_published for f in figures} == set(wanted)
    assert value(figures, RUSSIA, 2021) == 16_376_870


def test_listed_indicator_missing_from_file_fails(snapshots: Path) -> None:
    src = dataclasses.replace(source("wb-land-area-2026-01"), options={"indicators": ["NO.SUCH"]})
    with pytest.raises(FactcheckError, match=r"NO\.SUCH"):
        parse(path_of(snapshots, "wb-land-area-2026-01"), src)


def test_zip_as_served_parses_like_the_bare_csv(snapshots: Path, tmp_path: Path) -> None:
    source_id = "wb-land-area-2026-01"
    csv_path = path_of(snapshots, source_id)
    metadata = snapshots / "worldbank" / f"Metadata_Indicator_{csv_path.name}"
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.write(metadata, metadata.name)
        zf.write(csv_path, csv_path.name)
    assert parse(archive, source(source_id)) == parse(csv_path, source(source_id))


def test_zip_without_data_member_fails(snapshots: Path, tmp_path: Path) -> None:
    metadata = (
        snapshots / "worldbank" / "Metadata_Indicator_API_AG.LND.TOTL.K2_DS2_en_csv_v2_323.csv"
    )
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(metadata, metadata.name)
    with pytest.raises(FactcheckError, match=r"API_\*\.csv") as error:
        parse(archive, source("wb-land-area-2026-01"))
    assert str(archive) in str(error.value)


def _broken_copy(snapshots: Path, tmp_path: Path, old: bytes, new: bytes) -> Path:
    data = path_of(snapshots, "wb-surface-area-2024-11").read_bytes()
    assert old in data
    broken = tmp_path / "API_broken.csv"
    broken.write_bytes(data.replace(old, new, 1))
    return broken


def test_broken_header_fails_naming_the_file(snapshots: Path, tmp_path: Path) -> None:
    broken = _broken_copy(snapshots, tmp_path, b'"Country Code",', b'"Code",')
    with pytest.raises(FactcheckError, match="Country Name,Country Code") as error:
        parse(broken, source("wb-surface-area-2024-11"))
    assert str(broken) in str(error.value)


def test_locale_formatted_number_fails_not_misread(snapshots: Path, tmp_path: Path) -> None:
    old = b'"Russian Federation","RUS","Surface area (sq. km)","AG.SRF.TOTL.K2","",'
    broken = _broken_copy(snapshots, tmp_path, old, old[:-3] + b'"1.234,5",')
    with pytest.raises(FactcheckError, match=r"1\.234,5") as error:
        parse(broken, source("wb-surface-area-2024-11"))
    assert str(broken) in str(error.value)
    assert 'row 208 (RUS), column "1960"' in str(error.value)


def test_missing_release_date_fails(snapshots: Path, tmp_path: Path) -> None:
    broken = _broken_copy(snapshots, tmp_path, b'"Last Updated Date",', b'"Updated",')
    with pytest.raises(FactcheckError, match="Last Updated Date") as error:
        parse(broken, source("wb-surface-area-2024-11"))
    assert str(broken) in str(error.value)


def test_html_page_saved_as_csv_fails(tmp_path: Path) -> None:
    page = tmp_path / "API_AG.SRF.TOTL.K2.csv"
    page.write_text(
        "<!DOCTYPE html>\n<html><head><title>Error</title></head>\n"
        '<body><p>The page you requested, "indicator", is unavailable.</p></body></html>\n',
        encoding="utf-8",
    )
    with pytest.raises(FactcheckError) as error:
        parse(page, source("wb-surface-area-2024-11"))
    assert str(page) in str(error.value)
