"""Quantity expressions a claims file gets wrong: one line naming the file, the claim and
what is wrong with the expression, and no verdicts written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from factcheck.cli import main

from .project import copy_project, tree_digest

ARTICLE = "mint-numbers-war-2022"
LSE = "lse-russia-cannot-win-2022"


def verdicts_of(project: Path, article: str, capsys: pytest.CaptureFixture[str]) -> str:
    """Run the verdicts step on an edited claims file: its one-line error."""
    folder = project / "sources" / "articles"
    before = tree_digest(project / "sources")
    out = project / "output" / "verdicts.json"
    argv = ["verdicts", "--claims", str(folder / f"{article}.yaml"), "--sources"]
    argv += [str(project / "sources"), "--article-text-dir", str(folder), "--out", str(out)]
    assert main(argv) == 1
    assert not out.exists() and tree_digest(project / "sources") == before
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("factcheck: error: "), err
    return err


@pytest.mark.parametrize(
    ("article", "old", "new", "expected"),
    [
        (
            ARTICLE,
            "value: {total: Soviet successor states}",
            "value: {figure: Russia, total: Soviet successor states}",
            r"\(ussr-area\): an expression holds exactly one operation \(figure, number, sum, "
            r".*\); \['figure', 'total'\] holds 'figure' and 'total'",
        ),
        (
            ARTICLE,
            "value: {ratio: [{figure: Russia}, {figure: Ukraine}]}",
            "value: {sum: [{figure: Russia}, {figure: Ukraine, measure: SP.POP.TOTL}]}",
            r"\(twenty-eight-times\): cannot take the sum of figures in \['km²', 'people'\]",
        ),
        (
            ARTICLE,
            "value: {ratio: [{figure: Russia}, {figure: Ukraine}]}",
            "value: {ratio: [{figure: Russia}, {number: 0, unit: km²}]}",
            r"\(twenty-eight-times\): division by zero",
        ),
        (
            ARTICLE,
            "value: {total: Soviet successor states}",
            "value: {total: Soviet successor state}",
            r"\(ussr-area\): no group 'Soviet successor state' in the data; "
            r"did you mean 'Soviet successor states'\?",
        ),
        (
            ARTICLE,
            "value: {rank: Canada}",
            "value: {rank: Canada, exclude: [Canada]}",
            r"\(canada-second\): Canada is not among the entities ranked in 'wb-2024-11' "
            r"\(AG.SRF.TOTL.K2, 2020, leaving out Canada\)",
        ),
        (
            ARTICLE,
            "value: {rank: Canada}",
            "value: {rank: Canda}",
            r"\(canada-second\): no entity 'Canda' in the data; did you mean 'Canada'\?",
        ),
        (
            ARTICLE,
            "value: {peak: Ukraine, from: 1960, to: 2021}",
            "value: {peak: Ukraine, from: 1900, to: 1950}",
            r"no figure for Ukraine from 1900 in 'wb-2026-07'",
        ),
        (
            ARTICLE,
            "value: {rank: Canada}",
            "value: {rank: Canada, among: Europe}",
            r"\(canada-second\): Canada is not among the entities ranked in Europe in 'wb-2024-11'",
        ),
        (
            LSE,
            "value: {figure: Belgium}",
            "value: {divide: [{figure: Belgium}, {figure: Netherlands}]}",
            r"claims\[\d+\]\.check\.value: .*'divide'",
        ),
    ],
    ids=[
        "two-operations",
        "units-that-do-not-add",
        "division-by-zero",
        "unknown-group",
        "rank-of-an-excluded-entity",
        "misspelt-entity",
        "peak-without-figures",
        "rank-outside-the-group",
        "unknown-operation",
    ],
)
def test_an_expression_that_cannot_be_computed_is_named(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    article: str,
    old: str,
    new: str,
    expected: str,
) -> None:
    project = copy_project(tmp_path / "project")
    path = project / "sources" / "articles" / f"{article}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")

    err = verdicts_of(project, article, capsys)

    assert f"{article}.yaml" in err
    assert re.search(expected, err), err
