"""Report rendering: the drift status of the last drift check, when there is one."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from factcheck.live.status import DETAILS, write_status
from factcheck.report.render import render_html

from .conftest import ROOT


@pytest.fixture
def verdicts_file(tmp_path, real_verdicts):
    path = tmp_path / "verdicts.json"
    path.write_text(json.dumps(real_verdicts))
    return path


NATO = "nato-restraint-2022"
SUMMARY = dict.fromkeys(
    (
        "sources_changed", "failed", "refused", "bytes_changed", "vanished", "moved",
        "used_values_changed", "headlines_changed", "verdicts_changed", "verdict_errors",
    ),
    0,
)  # fmt: skip


def _status(
    path, real_verdicts, *, verdicts=(), values=(), changed=(), vanished=(), failed=(), fetched=None
) -> None:
    """A drift status as the drift target writes it: ``verdicts`` (article, claim) whose
    verdict would change, ``values`` and ``changed``/``vanished``/``failed`` files by source
    id; every source of ``fetched`` (default: the NATO report's and one other) compared."""
    ids = fetched if fetched is not None else [s["id"] for s in real_verdicts["sources"]]
    ids = [*ids, "elsewhere-source"]
    outcome = {i: "failed" for i in failed} | {i: "vanished" for i in vanished}
    report = {
        "run": "20261130T060000Z",
        "checked": "2026-11-30T06:00:00Z",
        "summary": SUMMARY | {"sources_fetched": len(ids)},
        "drift": {"bytes": False, "values": False, "verdicts": False, "failed": False},
        "pins": {s["id"]: s["sha256"] for s in real_verdicts["sources"] if s["id"] in ids},
        "sources": [
            {"source": i, "outcome": outcome.get(i, "downloaded"), "changed": False} for i in ids
        ],
        "bytes": [{"source": i, "change": "changed"} for i in changed]
        + [{"source": i, "change": "vanished"} for i in vanished],
        "values": {"used": [{"source": i, "entity": "Russia"} for i in values]},
        "verdicts": [
            {"article": article, "claim": claim, "what": "verdict"} for article, claim in verdicts
        ],
    }
    write_status(report, [], path)


def _about(tmp_path, verdicts_file, drift) -> str:
    out = tmp_path / "report.html"
    render_html(verdicts_file, ROOT / "templates", out, drift)
    html = " ".join(out.read_text().split())
    return html.split("<h3>About this report</h3>", 1)[1]


def _sources(real_verdicts, n: int = 1) -> list[str]:
    return [s["id"] for s in real_verdicts["sources"]][:n]


def test_report_states_the_last_drift_check_for_its_own_files(
    tmp_path, verdicts_file, real_verdicts
):
    status = tmp_path / "drift-status.json"
    _status(status, real_verdicts)
    about = _about(tmp_path, verdicts_file, status)
    live = [s for s in real_verdicts["sources"] if not s["archived"]]
    assert len(real_verdicts["sources"]) - len(live) == 3  # old releases kept in archives
    assert (
        "The data files used here were last compared with the publishers’ current files on "
        f"30 November 2026: all {len(live)} were fetched (three archived releases were not "
        "compared). The publishers’ current files are the ones used here." in about
    )


def test_another_articles_changed_verdict_is_not_this_reports(
    tmp_path, verdicts_file, real_verdicts
):
    status = tmp_path / "drift-status.json"
    _status(status, real_verdicts, verdicts=[("mint-numbers-war-2022", "russia-area")])
    about = _about(tmp_path, verdicts_file, status)
    assert "out of date" not in about and "verdict" not in about.split("Built from")[0]
    assert "The publishers’ current files are the ones used here." in about


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        (
            {"verdicts": [(NATO, "ukraine-area")], "values": 1, "changed": 1},
            "one file had changed, one figure used here had changed and one verdict of this "
            "report would change. <strong>Some verdicts of this report are out of date with "
            "the publishers’ current data.</strong>",
        ),
        (
            {"verdicts": [(NATO, "ukraine-area"), (NATO, "defense-budget")], "changed": 2},
            "two files had changed and two verdicts of this report would change.",
        ),
        ({"changed": 3}, "three files had changed. No verdict of this report would change."),
        (
            {"failed": 1},
            "one file could not be fetched or read. What those files hold now is not known here.",
        ),
        ({"vanished": 2}, "two files were no longer served."),
    ],
)
def test_report_states_what_changed_for_it_with_plurals(
    tmp_path, verdicts_file, real_verdicts, changes, says
):
    by_source = {
        key: _sources(real_verdicts, changes.get(key, 0))
        for key in ("values", "changed", "vanished", "failed")
    }
    status = tmp_path / "drift-status.json"
    _status(status, real_verdicts, verdicts=changes.get("verdicts", ()), **by_source)
    about = _about(tmp_path, verdicts_file, status)
    assert says in about
    assert not re.search(r"\b1 \w+s\b|\bone (?:files|figures|verdicts)\b", about)


def test_a_changed_file_of_another_article_is_not_counted(tmp_path, verdicts_file, real_verdicts):
    status = tmp_path / "drift-status.json"
    _status(status, real_verdicts, changed=["elsewhere-source"], values=["elsewhere-source"])
    about = _about(tmp_path, verdicts_file, status)
    assert "had changed" not in about
    assert "The publishers’ current files are the ones used here." in about


def test_files_not_compared_are_counted_as_such(tmp_path, verdicts_file, real_verdicts):
    status = tmp_path / "drift-status.json"
    _status(status, real_verdicts, fetched=_sources(real_verdicts, 2))
    about = _about(tmp_path, verdicts_file, status)
    live = [s for s in real_verdicts["sources"] if not s["archived"]]
    assert f"30 November 2026: 2 of the {len(live)} were fetched (three archived" in about


def test_report_without_a_drift_check_says_so(tmp_path, verdicts_file):
    about = _about(tmp_path, verdicts_file, tmp_path / "absent.json")
    assert (
        "No comparison with the publishers’ current files had been run when this report was "
        "built." in about
    )
    assert "since this report was built" not in about


def test_a_status_written_before_per_article_details_says_so(
    tmp_path, verdicts_file, real_verdicts
):
    status = tmp_path / "drift-status.json"
    _status(status, real_verdicts, verdicts=[(NATO, "ukraine-area")])
    old = {k: v for k, v in json.loads(status.read_text()).items() if k not in DETAILS}
    status.write_text(json.dumps(old))
    about = _about(tmp_path, verdicts_file, status)
    assert "did not record what it found for each article" in about
    assert "out of date" not in about


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("{not json", "unreadable drift status"),
        ('{"checked": "2026-11-30"}', "not a drift status: expected the fields"),
        (
            '{"run": "r", "checked": "2026-11-30", "summary": [], "drift": {}, "pins": {}}',
            "not a drift status: malformed summary",
        ),
    ],
)
def test_a_malformed_drift_status_stops_the_report_in_one_line(
    tmp_path, verdicts_file, content, says
):
    status = tmp_path / "drift-status.json"
    status.write_text(content)
    out = tmp_path / "report.html"
    result = subprocess.run(
        [sys.executable, "-m", "factcheck", "html", "--verdicts", str(verdicts_file),
         "--templates", str(ROOT / "templates"), "--drift", str(status), "--out", str(out)],
        capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"factcheck: error: {status}: {says}"), lines[0]
    assert not out.exists()


def test_archived_releases_are_marked_as_copies(tmp_path, verdicts_file, real_verdicts):
    out = tmp_path / "report.html"
    render_html(verdicts_file, ROOT / "templates", out)
    html = " ".join(out.read_text().split())
    marked = "from an archived copy"
    for source in real_verdicts["sources"]:
        section = html.split(f'id="src-{source["id"]}"', 1)[1].split("</li>", 1)[0]
        assert (marked in section) == source["archived"], source["id"]
    assert any(source["archived"] for source in real_verdicts["sources"])


ARTICLE_URL = (
    "https://responsiblestatecraft.org/2022/03/15/"
    "how-restraint-from-nato-has-made-things-worse-for-russia-in-ukraine/"
)


@pytest.mark.parametrize("archive_url", [None, "https://archive.example.org/2022/page"])
def test_sources_say_where_the_article_text_came_from(tmp_path, real_verdicts, archive_url):
    assert real_verdicts["article_text"] == {
        "file": "nato-restraint-2022.txt",
        "sha256": "d87a954c176ac5934f3c38cf1b9b3932fd115d227e1970d99310a96ac5c571c5",
        "url": ARTICLE_URL,
        "retrieved": "2026-11-25",
    }
    document = dict(real_verdicts)
    if archive_url:
        document["article_text"] = {**real_verdicts["article_text"], "archive_url": archive_url}
    verdicts = tmp_path / "verdicts.json"
    verdicts.write_text(json.dumps(document))
    out = tmp_path / "report.html"
    render_html(verdicts, ROOT / "templates", out)
    html = " ".join(out.read_text().split())
    entry = html.split('id="src-article-text"', 1)[1].split("</p>", 1)[0]
    assert f'as saved on 25 November 2026 from <a href="{ARTICLE_URL}">' in entry
    assert "d87a954c176ac5934f3c38cf1b9b3932fd115d227e1970d99310a96ac5c571c5" in entry
    assert (f'(archived copy: <a href="{archive_url}">' in entry) == bool(archive_url)
