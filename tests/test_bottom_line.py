"""The first page's bottom line over every combination of then and now an article can give."""

from __future__ import annotations

from typing import Any

import pytest

from factcheck.report.summary import bottom_line, published_verdict

LATER, EARLIER = "wb-2026-07", "sipri-2021"


def claim(
    name: str,
    now: str | None,
    then: str | None = None,
    *,
    status: str = "checked",
    category: str = "opinion",
    later_data: bool = False,
) -> dict[str, Any]:
    """A checked claim: ``then`` is its reading with the data of the time, if it has one;
    its primary reading rests on a release after the article if ``later_data``."""
    source = LATER if later_data else EARLIER
    readings = [{"role": "primary", "figures": [{"source_id": source}], "verdict": now}]
    if then is not None:
        readings.append(
            {"role": "at_publication", "figures": [{"source_id": EARLIER}], "verdict": then}
        )
    return {
        "id": name,
        "summary": name.capitalize() + ".",
        "quote": name,
        "status": status,
        "verdict": now,
        "at_publication": {"verdict": then} if then is not None else None,
        "readings": readings if status == "checked" else [],
        "figures": [],
        "details": {"category": category},
    }


def document(*claims: dict[str, Any]) -> dict[str, Any]:
    return {
        "claims": list(claims),
        "sources": [
            {"id": LATER, "available_at_publication": False},
            {"id": EARLIER, "available_at_publication": True},
        ],
    }


def opinion(name: str, category: str = "opinion") -> dict[str, Any]:
    return claim(name, None, status="not checkable", category=category)


def test_a_draft_with_nothing_checked_claims_nothing_about_corrections() -> None:
    text = bottom_line(document(opinion("a"), opinion("b", "needs reporting")))
    assert text == (
        "No statement of the article has been checked against data yet. "
        "Two are opinion or would need reporting, and are listed at the end."
    )


def test_none_holding_is_said_in_words() -> None:
    text = bottom_line(document(claim("a", "Inaccurate", "Inaccurate")))
    assert "None holds up." in text and "No hold" not in text
    assert "A correction is warranted for “A”." in text


def test_wrong_now_and_unsettled_then_is_left_to_the_editor() -> None:
    text = bottom_line(document(claim("a", "Inaccurate", "Unverifiable")))
    assert "No correction is needed" not in text and "A correction is warranted" not in text
    assert "Figures published since the article contradict “A”" in text


def test_wrong_now_on_later_data_only_is_left_to_the_editor() -> None:
    doc = document(claim("a", "Inaccurate", later_data=True))
    assert published_verdict(doc["claims"][0], doc) is None
    assert "whether a correction is due is for the editor to judge" in bottom_line(doc)


def test_a_reading_of_the_time_on_later_data_is_not_assessed_then() -> None:
    late = claim("a", "Accurate", "Accurate")
    late["readings"][1]["figures"] = [{"source_id": LATER}]
    assert published_verdict(late, document(late)) is None


@pytest.mark.parametrize(
    ("then", "now", "says"),
    [
        ("Accurate", "Accurate", "No correction is needed."),
        ("Accurate", "Not borne out since", "An update may be warranted: “A” matched"),
        ("Accurate", "Inaccurate", "An update may be warranted: “A” matched"),
        ("Inaccurate", "Inaccurate", "A correction is warranted for “A”."),
        ("Misleading", "Not borne out since", "A correction is warranted for “A”."),
        ("Inaccurate", "Accurate", "“A” did not match the figures of its time, but figures"),
        ("Accurate", "Unverifiable", "The sources available do not settle “A”."),
    ],
)
def test_every_pair_of_then_and_now_is_said(then: str, now: str, says: str) -> None:
    assert says in bottom_line(document(claim("a", now, then)))
