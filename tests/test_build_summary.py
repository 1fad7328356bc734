"""The lines a build ends with: each article's report and the count of each verdict."""

from __future__ import annotations

import json
import os
from pathlib import Path

from factcheck.pipeline.summary import report_summary

STATUS = {None: "not checkable", "": "not checked here"}  # no verdict, for two reasons
SCALE = ["Accurate", "Approximately accurate", "Misleading", "Inaccurate", "Unverifiable"]


def _article(output: Path, name: str, verdicts: list[str | None], built_at: float) -> None:
    folder = output / name
    folder.mkdir(parents=True)
    document = {
        "rule": {"scale": [{"verdict": verdict} for verdict in SCALE]},
        "claims": [
            {"id": f"c{n}", "verdict": verdict or None, "status": STATUS.get(verdict, "checked")}
            for n, verdict in enumerate(verdicts)
        ],
    }
    (folder / "verdicts.json").write_text(json.dumps(document))
    (folder / "report.pdf").write_bytes(b"%PDF-")
    os.utime(folder / "report.pdf", (built_at, built_at))


def test_one_line_per_article_in_the_order_of_the_scale(tmp_path):
    output = tmp_path / "output"
    _article(output, "a", ["Misleading", None, "Accurate", "Accurate", None, ""], 2000)
    _article(output, "b", ["Unverifiable"], 1000)
    assert report_summary(["a", "b", "not-built"], output, since=1500) == [
        f"{output}/a/report.pdf: 2 accurate, 1 misleading, 1 could not be checked here, "
        "2 not checkable",
        f"{output}/b/report.pdf: 1 unverifiable",
    ]


def test_nothing_when_the_run_built_no_report(tmp_path):
    output = tmp_path / "output"
    _article(output, "a", ["Accurate"], 1000)
    assert report_summary(["a"], output, since=1500) == []


def test_a_placeholder_report_address_is_warned_about_once(tmp_path):
    output = tmp_path / "output"
    _article(output, "a", ["Accurate"], 2000)
    _article(output, "b", ["Accurate"], 2000)
    placeholder = report_summary(["a", "b"], output, 1500, "https://example.org/factchecks/")
    assert placeholder[-1] == (
        "warning: claimreview.jsonld links to https://example.org/factchecks/, a placeholder: "
        "set report_base_url in config/config.yaml to where the reports are published"
    )
    assert len(placeholder) == 3
    assert len(report_summary(["a", "b"], output, 1500, "https://news.example.net/")) == 2
