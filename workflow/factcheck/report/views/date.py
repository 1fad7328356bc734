"""The view of a date check: the cited sources that date the event, and any notes in the
pinned data that mention it."""

from __future__ import annotations

from typing import Any

from ...dates import long_date
from ..tables import Table, cited, link, place, plain_text, source_name


def tables(claim: dict[str, Any], doc: dict[str, Any]) -> list[Table]:
    found = [
        Table(
            "Dated sources",
            ["Event date", "Source", "Passage", "Counts"],
            [
                [
                    long_date(reading["details"]["date"]),
                    cited(doc, reading["details"]["evidence_id"]),
                    f"“{reading['details']['passage']}”",
                    "yes" if reading["verdict"] else "no: not verified",
                ]
                for reading in claim["readings"]
            ],
        )
    ]
    notes = claim["details"]["corroboration"]
    if notes:
        found.append(
            Table(
                "Corroboration in pinned data",
                ["Source", "Looked for", "Found", "The publisher's note"],
                [
                    [
                        link(source_name(doc, note["source_id"]), f"#src-{note['source_id']}")
                        + f", {place(note['locator'])}",
                        note["looked_for"],
                        "yes" if note["found"] else "no",
                        plain_text(note["note"]),
                    ]
                    for note in notes
                ],
                "A note in the data corroborates the date; it does not change the verdict.",
            )
        )
    return found


def why(claim: dict[str, Any], doc: dict[str, Any]) -> str:
    details = claim["details"]
    counted = [r for r in claim["readings"] if r["verdict"]]
    dated = "; ".join(
        f"{r['label'].split(',')[0]} dates it {long_date(r['details']['date'])}" for r in counted
    )
    return f"Only the date of {details['event']} is checked: {dated}."
