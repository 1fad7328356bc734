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
    """``7 accurate, 1 approximately accurate, 1 misleading, 38 not checked``: the verdicts
    given, in the order of the rating scale, then the claims without a verdict."""
    given = Counter(claim["verdict"] for claim in verdicts["claims"])
    parts = [
        f"{given[step['verdict']]} {step['verdict'].lower()}"
        for step in verdicts["rule"]["scale"]
        if given[step["verdict"]]
    ]
    if given[None]:
        parts.append(f"{given[None]} not checked")
    return ", ".join(parts)


def report_summary(
    articles: list[str], output: Path | str = "output", since: float = 0
) -> list[str]:
    """One line per article whose report exists, ``<report.pdf>: <verdict counts>``, if the
    run built any report (one modified at ``since``, a time.time() value, or later)."""
    folders = [Path(output) / article for article in articles]
    built = [
        folder
        for folder in folders
        if (folder / "report.pdf").exists() and (folder / "verdicts.json").exists()
    ]
    if not any((folder / "report.pdf").stat().st_mtime >= since for folder in built):
        return []
    return [
        f"{folder / 'report.pdf'}: "
        + verdict_counts(json.loads((folder / "verdicts.json").read_text(encoding="utf-8")))
        for folder in built
    ]
