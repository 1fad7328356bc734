"""The annex as an editor reads it: where each figure was read, in words; figures entered
by hand in the house style; each publication once; terms of use as a citation."""

from __future__ import annotations

import re
from typing import Any

import pytest

from factcheck.report.tables import place, publications, terms, where_read
from factcheck.report.views import shown_for

from .report_text import html_of


@pytest.mark.parametrize(
    ("locator", "written"),
    [
        ('row 6 ("Total Inventory"), column "China"', "row 6 (“Total Inventory”), column “China”"),
        ('row 208 (RUS), column "2021"', "row 208 (RUS), column “2021”"),
        (
            'row 10, column "nuclear_weapons_inventory"',
            "row 10, column “nuclear_weapons_inventory”",
        ),
        ("Current US$!BS158", "sheet “Current US$”, cell BS158"),
        ("Geography.Area['total '].text", "field Geography → Area → total"),
    ],
)
def test_places_are_written_with_the_publishers_headers_in_curly_quotes(locator, written):
    assert place(locator) == written


def _where(document: dict[str, Any], claim_id: str) -> list[str]:
    claim = next(c for c in document["claims"] if c["id"] == claim_id)
    return [str(line) for line in where_read(document, shown_for(claim))]


def test_a_figure_used_twice_is_listed_once_where_it_was_read(real_verdicts):
    lines = _where(real_verdicts, "largest-arsenals")
    assert sum(len(re.findall(r"China 2022, 350 in row 79\b", line)) for line in lines) == 1
    text = " ".join(lines)
    assert '"' not in re.sub(r'<a href="[^"]*">', "", text)
    assert (
        "column “nuclear_weapons_stockpile”: China 2021, 350 in row 78; China 2022, 350 in "
        "row 79; North Korea" in text
    )


def test_figures_entered_by_hand_are_written_in_the_house_style(real_verdicts):
    budget = " ".join(_where(real_verdicts, "defense-budget"))
    assert "US$ 45.8 billion" in budget and "US$ 4.7 billion" in budget
    assert "US$ bn" not in budget
    sanctions = " ".join(
        line for line in _where(real_verdicts, "sanctions-devastating") if "by hand" in line
    )
    assert "GDP growth forecast for 2022, −11.2%." in sanctions
    assert " %" not in sanctions


def test_each_publication_is_listed_once_with_its_figures(tmp_path, real_verdicts):
    html = html_of(tmp_path, real_verdicts)
    evidence = html.split("<h3>Published figures and texts</h3>", 1)[1].split("</ul>", 1)[0]
    cnn = next(e["url"] for e in real_verdicts["evidence"] if e["id"] == "iiss-2021-budget-russia")
    entries = evidence.split("<li ")[1:]
    assert sum(f'href="{cnn}"' in entry for entry in entries) == 1
    iiss = next(entry for entry in entries if f'href="{cnn}"' in entry)
    for figure in ("US$ 45.8 billion", "US$ 4.7 billion", "900,000 people", "196,000 people"):
        assert figure in iiss, figure
    for item in real_verdicts["evidence"]:  # every id still an anchor
        assert f'id="ev-{item["id"]}"' in evidence
    groups = publications(real_verdicts["evidence"])
    assert len(groups) == len(
        {(e["publisher"], e["published"], e.get("url")) for e in real_verdicts["evidence"]}
    )
    assert all(
        not group.text.endswith("..") and not group.text.endswith("”.”.") for group in groups
    )


def test_the_terms_of_use_read_as_a_citation(real_verdicts):
    sipri = [s for s in real_verdicts["sources"] if s["id"].startswith("sipri-milex")]
    assert "<year>" in sipri[0]["terms"]  # as the catalog writes it
    assert terms(sipri) == (
        "Free to use with attribution: “SIPRI Military Expenditure Database, 2021 and 2025, "
        "https://www.sipri.org/databases/milex”."
    )
