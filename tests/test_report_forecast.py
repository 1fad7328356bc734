"""The forecasts table: a forecast that did not count towards the verdict says why."""

from __future__ import annotations

import copy

from factcheck.report.views import tables_for


def _meets(document: dict, claim: dict) -> dict[str, str]:
    """By forecaster or outcome: the table's "Meets" cell."""
    return {row[1]: str(row[4]) for row in tables_for(claim, document)[0].rows}


def test_forecasts_that_did_not_count_are_marked(real_verdicts):
    document = copy.deepcopy(real_verdicts)
    claim = next(c for c in document["claims"] if c["id"] == "sanctions-devastating")
    late, unverified = [r for r in claim["readings"] if r["role"] == "at_publication"]
    late["details"] |= {"published": "2022-05-14", "in_window": False}
    unverified["figures"][0]["verified"] = False
    meets = _meets(document, claim)
    by = {reading["label"].split(", forecast")[0] for reading in (late, unverified)}
    assert by <= set(meets)
    assert meets[late["label"].split(", forecast")[0]] == (
        "yes, but not counted: published 60 days after the article"
    )
    assert meets[unverified["label"].split(", forecast")[0]] == (
        "yes, but not counted: not verified"
    )


def test_forecasts_that_counted_are_not_marked(real_verdicts):
    claim = next(c for c in real_verdicts["claims"] if c["id"] == "sanctions-devastating")
    assert all("not counted" not in cell for cell in _meets(real_verdicts, claim).values())


def test_a_forecast_dated_by_its_month_is_marked_without_a_count_of_days(real_verdicts):
    document = copy.deepcopy(real_verdicts)
    claim = next(c for c in document["claims"] if c["id"] == "sanctions-devastating")
    late = next(r for r in claim["readings"] if r["role"] == "at_publication")
    late["details"] |= {"published": "2022-06", "in_window": False}
    assert _meets(document, claim)[late["label"].split(", forecast")[0]] == (
        "yes, but not counted: published in June 2022, too late after the article"
    )
