"""The view of a quote looked up in a primary document: the document, and the passage
where the quote was found (or the closest one, differences marked)."""

from __future__ import annotations

from typing import Any

from ..tables import DIFF_NOTE, Table, diff_markup, link


def tables(claim: dict[str, Any], doc: dict[str, Any]) -> list[Table]:
    document = claim["details"]["document"]
    copy = (
        f"read {document['retrieved']} (sha256 {document['sha256'][:12]}…)"
        if document["pinned"]
        else "none pinned in this project"
    )
    found = [
        Table(
            "Primary document",
            ["", ""],
            [
                ["Title", link(document["title"], document["url"])],
                ["Publisher", document["publisher"]],
                ["Published", document["published"]],
                ["Copy checked", copy],
            ],
        )
    ]
    passage = claim["details"].get("passage")
    if passage:
        page = "—" if passage["page"] is None else str(passage["page"])
        rows = [["Page", page], ["Passage", f"“{passage['passage']}”"]]
        note = ""
        if passage.get("diff"):
            rows.append(["The article's words against it", diff_markup(passage["diff"])])
            note = DIFF_NOTE
        found.append(Table("The quote in the document", ["", ""], rows, note))
    return found
