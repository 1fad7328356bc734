"""The claims the README shows as examples are real: each, put in place of the claim of the
same id in its article's claims file, validates and rates as the committed claim does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from factcheck.checks.rating import HEDGES
from factcheck.checks.verdicts import build_verdicts

from .conftest import ROOT
from .project import copy_project

ARTICLES = ROOT / "sources" / "articles"


def readme_claims() -> list[dict]:
    """Every claim in the README's fenced YAML blocks."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```yaml\n(.*?)^```", text, flags=re.S | re.M)
    found = []
    for block in blocks:
        data = yaml.safe_load(block)
        if isinstance(data, dict) and "claims" in data:
            found += data["claims"]
        elif isinstance(data, list):
            found += data
    return found


def article_of(claim: dict) -> Path:
    """The claims file holding a claim of this id and quote."""
    [path] = [
        path
        for path in sorted(ARTICLES.glob("*.yaml"))
        if any(
            (c["id"], c["quote"]) == (claim["id"], claim["quote"])
            for c in yaml.safe_load(path.read_text(encoding="utf-8"))["claims"]
        )
    ]
    return path


def test_the_readme_shows_claims() -> None:
    assert {claim["check"]["type"] for claim in readme_claims()} >= {"ratio", "quantity"}


@pytest.mark.parametrize("claim", readme_claims(), ids=lambda claim: claim["id"])
def test_a_readme_claim_rates_as_the_committed_one(claim: dict, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    path = project / "sources" / "articles" / article_of(claim).name
    committed = build_verdicts(path, project / "sources", path.parent)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["claims"] = [claim if c["id"] == claim["id"] else c for c in data["claims"]]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    rebuilt = build_verdicts(path, project / "sources", path.parent)

    [before] = [c for c in committed["claims"] if c["id"] == claim["id"]]
    [after] = [c for c in rebuilt["claims"] if c["id"] == claim["id"]]
    assert (after["verdict"], after["reason"]) == (before["verdict"], before["reason"])


def test_the_readme_lists_every_hedge_word_the_rule_knows() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text[text.index("| hedge |") :].split("\n\n")[0].splitlines()[2:]
    listed = [{w.strip() for w in row.split("|")[1].split(",")} for row in table]
    assert listed == [{word or "(no `hedge`)" for word in hedge.words} for hedge in HEDGES]
