"""The two example articles, checked with YAML only: every verdict the one an editor would
get by hand, every figure recomputed here from the committed extracts with the csv module.

Expected figures are copied by hand from ``sources/extracts/*.csv``.
"""

from __future__ import annotations

import csv
from typing import Any

import pytest

from factcheck.checks.verdicts import build_verdicts
from factcheck.report.summary import bottom_line, published_verdict

from .conftest import ROOT

ARTICLES = ROOT / "sources/articles"

# wb-gdp-current-usd-2026-07.csv, 2021, current US$
GDP = {
    "Russia": 1829186719575.1,
    "Belgium": 598522422241.851,
    "Netherlands": 1054472123449.6,
    "European Union": 17495257191725.6,
}
GDP_2020 = {"Russia": 1493075894362.14, "European Union": 15504058553907.7}
# sipri-milex-2025.csv (2021) and sipri-milex-2021.csv (2020), US$ m
MILEX = {"Russia": 65907.7050471045, "United States of America": 806230.2}
MILEX_2020 = {"Russia": 61712.53716893713, "United States of America": 778232.2}
# wb-surface-area-2026-07.csv / -2024-11.csv, wb-land-area-2026-01.csv, wb-population-2026-07.csv
SURFACE = {"Russia": 17125190, "Ukraine": 603550, "India": 3287260, "Canada": 15634410}
CANADA_2020_NOV_2024 = 9879750
LAND = {"India": 2973190, "Russia": 16376870, "Ukraine": 579400, "France": 538950}
POPULATION = {"India": 1414203896, "Ukraine": 44298640}
UKRAINE_PEAK = (1993, 52350126)
SUCCESSOR_STATES_2024_11 = 22307793  # the fifteen republics' surface areas, 2021, summed


def extract(name: str) -> list[dict[str, str]]:
    with (ROOT / "sources/extracts" / f"{name}.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def value(name: str, entity: str, measure: str, year: int) -> float:
    [row] = [
        r
        for r in extract(name)
        if (r["entity"], r["measure"], r["year"]) == (entity, measure, str(year))
    ]
    return float(row["value"])


@pytest.fixture(scope="module")
def lse_document() -> dict[str, Any]:
    return build_verdicts(ARTICLES / "lse-russia-cannot-win-2022.yaml", ROOT / "sources", ARTICLES)


@pytest.fixture(scope="module")
def lse(lse_document) -> dict[str, dict[str, Any]]:
    return {claim["id"]: claim for claim in lse_document["claims"]}


@pytest.fixture(scope="module")
def mint() -> dict[str, dict[str, Any]]:
    document = build_verdicts(ARTICLES / "mint-numbers-war-2022.yaml", ROOT / "sources", ARTICLES)
    return {claim["id"]: claim for claim in document["claims"]}


def primary(claim: dict[str, Any]) -> float:
    return next(r for r in claim["readings"] if r["role"] == "primary")["value"]


def test_the_extracts_hold_the_figures_copied_here():
    for entity, figure in GDP.items():
        assert value("wb-gdp-current-usd-2026-07", entity, "NY.GDP.MKTP.CD", 2021) == figure
    assert value("wb-surface-area-2024-11", "Canada", "AG.SRF.TOTL.K2", 2020) == (
        CANADA_2020_NOV_2024
    )
    assert (
        value("wb-population-2026-07", *("Ukraine", "SP.POP.TOTL"), UKRAINE_PEAK[0])
        == (UKRAINE_PEAK[1])
    )


LSE_VERDICTS = {
    # US$ 1.83 trillion, 11.0% above the IMF estimate the article quotes
    "russia-gdp-2021": ("Inaccurate", None),
    "belgium-netherlands-combined": ("Approximately accurate", None),  # 1.11 rounds to 1, 11% off
    "belgium-gdp": ("Approximately accurate", None),  # US$ 599 billion, 2.8% off
    "netherlands-gdp": ("Approximately accurate", None),  # US$ 1.05 trillion, 4.6% off
    "share-of-eu-gdp": ("Accurate", None),  # 10.46%: a whole percentage, rounds to 10
    # US$ 65.9 billion in 2021 (6.3% off); US$ 61.7 billion in 2020, the year then published
    "military-spending": ("Approximately accurate", "Accurate"),
    "military-share-of-gdp": ("Accurate", "Accurate"),  # 3.60% (2021), 4.13% (2020)
    "share-of-us-spending": ("Accurate", "Accurate"),  # 8.17% (2021), 7.93% (2020)
}


def test_lse_verdicts(lse):
    checked = {
        claim_id: (claim["verdict"], (claim["at_publication"] or {}).get("verdict"))
        for claim_id, claim in lse.items()
        if claim["status"] == "checked"
    }
    assert checked == LSE_VERDICTS


def test_a_claim_rated_only_on_later_figures_is_not_called_for_correction(lse_document, lse):
    """The 2021 GDP was an estimate in March 2022; only the full-year figure is pinned."""
    gdp = lse["russia-gdp-2021"]
    assert gdp["verdict"] == "Inaccurate" and gdp["at_publication"] is None
    assert published_verdict(gdp, lse_document) is None
    # its reading of the time divides by a GDP the World Bank released in 2026
    assert lse["military-share-of-gdp"]["at_publication"]["verdict"] == "Accurate"
    assert published_verdict(lse["military-share-of-gdp"], lse_document) is None
    text = bottom_line(lse_document)
    assert "A correction is warranted" not in text and "No correction is needed" not in text
    assert (
        "Figures published since the article contradict “Russia's GDP in 2021 was US$ 1,648 "
        "billion”; the figures of its time were not checked here, so whether a correction is "
        "due is for the editor to judge."
    ) in text


def test_lse_figures_recomputed(lse):
    assert primary(lse["russia-gdp-2021"]) == GDP["Russia"]
    assert primary(lse["belgium-netherlands-combined"]) == pytest.approx(
        GDP["Russia"] / (GDP["Belgium"] + GDP["Netherlands"])
    )
    assert primary(lse["share-of-eu-gdp"]) == pytest.approx(
        100 * GDP["Russia"] / GDP["European Union"]
    )
    share = lse["military-share-of-gdp"]
    assert primary(share) == pytest.approx(100 * MILEX["Russia"] * 1e6 / GDP["Russia"])
    at_publication = next(r for r in share["readings"] if r["role"] == "at_publication")
    assert at_publication["value"] == pytest.approx(
        100 * MILEX_2020["Russia"] * 1e6 / GDP_2020["Russia"]
    )
    assert {f["source_id"] for f in at_publication["figures"]} == {
        "sipri-milex-2021",
        "wb-gdp-current-usd-2026-07",
    }
    assert primary(lse["share-of-us-spending"]) == pytest.approx(
        100 * MILEX["Russia"] / MILEX["United States of America"]
    )


MINT_VERDICTS = {
    "ukraine-area": "Accurate",  # 603,550 km² rounds to 600,000
    "fifth-of-india": "Accurate",  # 0.184: nearly 0.2
    # Russia and Ukraine lead Europe by land area; by surface area Norway passes Ukraine
    "largest-in-europe-but-russia": "Approximately accurate",
    "russia-area": "Accurate",
    "largest-in-europe": "Accurate",
    "largest-in-world": "Accurate",
    "canada-second": "Accurate",
    "canada-area": "Accurate",  # 9.88 million km², before the World Bank's change
    "twenty-eight-times": "Accurate",  # 28.4
    "ussr-area": "Approximately accurate",  # 22.3 million km², not 22.5
    "india-density": "Approximately accurate",  # 476 per km², not 450
    "india-population": "Accurate",
    "indians-in-russia": "Accurate",  # 81.8
    "fifth-as-packed": "Accurate",  # 0.172 < 0.2
    "ukraine-population": "Accurate",  # 44.3 million
    "population-decline": "Accurate",
    "population-peak": "Approximately accurate",  # 52.4 million, but in 1993
}


def test_mint_verdicts(mint):
    checked = {c_id: c["verdict"] for c_id, c in mint.items() if c["status"] == "checked"}
    assert checked == MINT_VERDICTS


def test_mint_figures_recomputed(mint):
    assert primary(mint["fifth-of-india"]) == pytest.approx(SURFACE["Ukraine"] / SURFACE["India"])
    assert primary(mint["twenty-eight-times"]) == pytest.approx(
        SURFACE["Russia"] / SURFACE["Ukraine"]
    )
    assert primary(mint["india-density"]) == pytest.approx(POPULATION["India"] / LAND["India"])
    assert primary(mint["indians-in-russia"]) == pytest.approx(1.4e9 / SURFACE["Russia"])
    assert primary(mint["fifth-as-packed"]) == pytest.approx(
        (1.4e9 / SURFACE["Russia"]) / (POPULATION["India"] / LAND["India"])
    )
    assert primary(mint["canada-area"]) == CANADA_2020_NOV_2024
    assert primary(mint["ussr-area"]) == SUCCESSOR_STATES_2024_11
    peak = mint["population-peak"]
    assert (peak["readings"][0]["details"]["peak_year"], primary(peak)) == UKRAINE_PEAK
    assert primary(mint["population-decline"]) == POPULATION["Ukraine"] - UKRAINE_PEAK[1]
    assert primary(mint["canada-second"]) == 2


def test_mint_rankings_exclude_aggregates_and_rank_within_europe(mint):
    world = mint["largest-in-world"]["readings"][0]["figures"]
    assert [f["entity"] for f in world[:2]] == ["Russia", "Canada"]  # not "World" or "IDA total"
    europe = mint["largest-in-europe-but-russia"]["readings"]
    by_land = [(f["entity"], f["value"]) for f in europe[0]["figures"][:3]]
    assert by_land == [("Russia", LAND["Russia"]), ("Ukraine", LAND["Ukraine"]), ("France", 538950)]
    assert [f["entity"] for f in europe[1]["figures"][:3]] == ["Russia", "Norway", "France"]
