"""Names: ids that become file names, paths that must stay in their folder, names that only
look alike, and error lines that stay one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.errors import FactcheckError, one_line
from factcheck.filenames import check_id, path_inside
from factcheck.pinned.names import confusion

from .conftest import ROOT

CYRILLIC_A = "\u0430"
ZERO_WIDTH_SPACE = "\u200b"


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("a$(touch pwned)", "it has U+0024 DOLLAR SIGN at position 2"),
        ("../etc", "it has U+002E FULL STOP at position 1"),
        ("-rf", "it has U+002D HYPHEN-MINUS at position 1"),
        ("npr-2018\n", r"it has U+000A (a control character) at position 9"),
        (f"russi{CYRILLIC_A}", "it has U+0430 CYRILLIC SMALL LETTER A at position 6"),
        ("Russia", "it has U+0052 LATIN CAPITAL LETTER R at position 1"),
        ("", "it is empty"),
        ("x" * 101, "it has 101 characters"),
    ],
)
def test_ids_are_refused_naming_the_character(name: str, problem: str) -> None:
    with pytest.raises(FactcheckError) as caught:
        check_id(name, what="source id", path="sources/catalog.yaml", field="datasets.x.sources")
    message = str(caught.value)
    assert message.startswith("sources/catalog.yaml: datasets.x.sources: source id ")
    assert f"is not allowed: {problem}; ids are lowercase letters a-z, digits and '-'" in message


def test_valid_ids_pass() -> None:
    for name in ("nato-restraint-2022", "sipri-milex-2025", "npr-2018", "a", "x" * 100):
        assert check_id(name, what="id", path=None, field=None) == name


@pytest.mark.parametrize(
    "name", ["../../../../etc/os-release", "/etc/os-release", "a/../../b.txt", "..\\x.txt", ""]
)
def test_paths_leading_out_of_their_folder(tmp_path: Path, name: str) -> None:
    with pytest.raises(FactcheckError, match=r"^c\.yaml: article\.text\.file: .* is not a path"):
        path_inside(tmp_path, name, path="c.yaml", field="article.text.file")


def test_symbolic_link_out_of_the_folder(tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "page.txt").symlink_to("/etc/os-release")
    with pytest.raises(FactcheckError, match=r"'page\.txt' leads out of the folder .* \(to /"):
        path_inside(texts, "page.txt", path="c.yaml", field="article.text.file")


def test_paths_inside_their_folder(tmp_path: Path) -> None:
    assert path_inside(tmp_path, "page.txt", path="c", field="f") == tmp_path / "page.txt"
    assert path_inside(tmp_path, "sub/page.txt", path="c", field="f") == tmp_path / "sub/page.txt"


KNOWN = ["Russia", "Ukraine", "United States"]


@pytest.mark.parametrize(
    ("given", "explained"),
    [
        (
            f"Russi{CYRILLIC_A}",
            f'"Russi{CYRILLIC_A}" has U+0430 CYRILLIC SMALL LETTER A at position 6, '
            'where the known name "Russia" has "a"',
        ),
        (
            f"Rus{ZERO_WIDTH_SPACE}sia",
            f'"Rus{ZERO_WIDTH_SPACE}sia" has U+200B ZERO WIDTH SPACE at position 4, '
            'which the known name "Russia" does not have',
        ),
        (
            "\uff35kraine",
            '"\uff35kraine" has U+FF35 FULLWIDTH LATIN CAPITAL LETTER U at position 1, '
            'where the known name "Ukraine" has "U"',
        ),
        (
            "United\u00a0States",
            '"United\u00a0States" has U+00A0 NO-BREAK SPACE at position 7, '
            'where the known name "United States" has " "',
        ),
    ],
    ids=["cyrillic", "zero-width", "fullwidth", "no-break-space"],
)
def test_confusion_names_the_character(given: str, explained: str) -> None:
    assert confusion(given, KNOWN) == explained


def test_names_that_differ_visibly_are_no_confusion() -> None:
    assert confusion("Rusia", KNOWN) is None
    assert confusion("Russia", KNOWN) is None  # a known name itself
    assert confusion("russia", KNOWN) is None


def test_error_lines_stay_one_line() -> None:
    line = one_line("sources/articles/a\nb\x1b[2J.yaml: file name: bad\r")
    assert line == r"factcheck: error: sources/articles/a\x0ab\x1b[2J.yaml: file name: bad\x0d"


def test_every_claims_file_name_is_a_valid_id() -> None:
    for path in (ROOT / "sources" / "articles").glob("*.yaml"):
        assert check_id(path.stem, what="article id", path=path, field=None) == path.stem
