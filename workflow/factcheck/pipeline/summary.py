"""The lines a build ends with: each article's report and how many claims got each verdict.

Called from the Snakefile's ``onsuccess``, and imported by every run, even one with nothing to
do: it reads ``verdicts.json`` with the standard library alone (no pandas, jsonschema,
weasyprint or matplotlib), taking the order of the verdicts from the file's own rating scale.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any


def verdict_counts(verdicts: dict[str, Any]) -> str:
    """``8 accurate, 1 not borne out since, 1 could not be checked here, 37 not checkable``:
    the verdicts given, in the order of the rating scale, then the claims without one."""
    given = Counter(claim["verdict"] for claim in verdicts["claims"])
    status = Counter(claim["status"] for claim in verdicts["claims"] if claim["verdict"] is None)
    parts = [
        f"{given[step['verdict']]} {step['verdict'].lower()}"
        for step in verdicts["rule"]["scale"]
        if given[step["verdict"]]
    ]
    if status["not checked here"]:
        parts.append(f"{status['not checked here']} could not be checked here")
    if status["not checkable"]:
        parts.append(f"{status['not checkable']} not checkable")
    return ", ".join(parts)


PLACEHOLDER_BASE_URL = "https://example.org/"
"""Where config/config.yaml says reports are published until a newsroom sets its own."""


def report_summary(
    articles: list[str], output: Path | str = "output", since: float = 0, base_url: str = ""
) -> list[str]:
    """One line per article whose report exists, ``<report.pdf>: <verdict counts>``, if the
    run built any report (one modified at ``since``, a time.time() value, or later); then a
    warning if the ClaimReview exports link to the placeholder ``base_url``."""
    folders = [Path(output) / article for article in articles]
    built = [
        folder
        for folder in folders
        if (folder / "report.pdf").exists() and (folder / "verdicts.json").exists()
    ]
    if not any((folder / "report.pdf").stat().st_mtime >= since for folder in built):
        return []
    lines = [
        f"{folder / 'report.pdf'}: "
        + verdict_counts(json.loads((folder / "verdicts.json").read_text(encoding="utf-8")))
        for folder in built
    ]
    if base_url.startswith(PLACEHOLDER_BASE_URL):
        lines.append(
            f"warning: claimreview.jsonld links to {base_url}, a placeholder: set "
            "report_base_url in config/config.yaml to where the reports are published"
        )
    return lines
