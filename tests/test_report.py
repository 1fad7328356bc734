"""Report rendering: the drift status of the last drift check, when there is one."""

from __future__ import annotations

import json

import pytest

from factcheck.report.render import render_html

from .conftest import ROOT


@pytest.fixture
def verdicts_file(tmp_path, real_verdicts):
    path = tmp_path / "verdicts.json"
    path.write_text(json.dumps(real_verdicts))
    return path


def _drift(verdicts_changed: int, bytes_changed: int) -> dict:
    return {
        "checked": "2026-11-30T06:00:00Z",
        "summary": {
            "sources_fetched": 14,
            "bytes_changed": bytes_changed,
            "vanished": 0,
            "moved": 0,
            "used_values_changed": verdicts_changed,
            "verdicts_changed": verdicts_changed,
        },
        "drift": {
            "bytes": bool(bytes_changed),
            "values": bool(verdicts_changed),
            "verdicts": bool(verdicts_changed),
        },
    }


@pytest.mark.parametrize(
    ("verdicts_changed", "bytes_changed", "says"),
    [
        (2, 3, "Some verdicts of this report are out of date with the publishers’ current data."),
        (0, 3, "The files changed, but no verdict would."),
        (0, 0, "The publishers’ current files are the ones used here."),
    ],
)
def test_report_states_the_last_drift_check(
    tmp_path, verdicts_file, verdicts_changed, bytes_changed, says
):
    drift = tmp_path / "drift.json"
    drift.write_text(json.dumps(_drift(verdicts_changed, bytes_changed)))
    out = tmp_path / "report.html"
    render_html(verdicts_file, ROOT / "templates", out, drift)
    html = " ".join(out.read_text().split())
    assert "last compared with the publishers’ current files on 30 November 2026: 14 files" in html
    assert says in html


def test_report_without_a_drift_check_says_so(tmp_path, verdicts_file):
    out = tmp_path / "report.html"
    render_html(verdicts_file, ROOT / "templates", out, tmp_path / "absent.json")
    assert "have not been compared with the publishers’ current files" in out.read_text()


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
