"""A clone of the committed repository, with nothing beside it, builds as a new user gets it;
a checkout that converts line endings (``core.autocrlf=true``) builds the very same bytes."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT
from .documented import run_documented
from .project import PRODUCTS

ARTICLE = "nato-restraint-2022"
BUILD = ".venv/bin/snakemake -c1"


@pytest.fixture(scope="module")
def clones(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """HEAD cloned as is (``lf``) and with line-ending conversion (``crlf``), each alone in
    a folder, and built with the README's build command."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: there is no commit to clone")
    built = {}
    for name, options in (("lf", []), ("crlf", ["-c", "core.autocrlf=true"])):
        clone = tmp_path_factory.mktemp(name) / "main"
        command = ["git", "clone", "--quiet", *options, str(ROOT), str(clone)]
        subprocess.run(command, check=True, capture_output=True, timeout=120)
        result = run_documented(clone, BUILD)
        assert result.returncode == 0, result.stderr
        (clone / "build.out").write_text(result.stdout, encoding="utf-8")
        built[name] = clone
    return built


def _tracked(clone: Path) -> dict[str, bytes]:
    names = subprocess.run(
        ["git", "ls-files", "-z"], cwd=clone, capture_output=True, check=True
    ).stdout.split(b"\0")
    return {name.decode(): (clone / name.decode()).read_bytes() for name in names if name}


def test_a_bare_clone_builds_every_output_and_names_the_report(clones: dict[str, Path]) -> None:
    clone = clones["lf"]
    for name in PRODUCTS:
        assert (clone / "output" / ARTICLE / name).stat().st_size > 0, name
    # the verdicts of the article's claims, counted by hand from its claims file
    lines = (clone / "build.out").read_text(encoding="utf-8").splitlines()
    assert (
        f"output/{ARTICLE}/report.pdf: 8 accurate, 1 not borne out since, "
        "1 could not be checked here, 37 not checkable"
    ) in lines
    assert lines[-1].startswith("warning: claimreview.jsonld links to https://example.org/")


def test_a_checkout_converting_line_endings_builds_the_same_bytes(
    clones: dict[str, Path],
) -> None:
    lf, crlf = clones["lf"], clones["crlf"]
    config = ["git", "config", "core.autocrlf"]
    assert subprocess.run(config, cwd=crlf, capture_output=True, text=True).stdout == "true\n"
    converted = _tracked(crlf)
    assert converted == _tracked(lf)  # .gitattributes: every file as committed
    assert not any(b"\r\n" in data for data in converted.values())
    for name in PRODUCTS:
        assert (crlf / "output" / ARTICLE / name).read_bytes() == (
            lf / "output" / ARTICLE / name
        ).read_bytes(), name
