"""The one YAML reader: the real files read as before; hostile ones refused in one line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from factcheck import yamlfile
from factcheck.errors import FactcheckError
from factcheck.yamlfile import load_yaml_text, read_yaml

from .conftest import ROOT

REAL_FILES = [
    ROOT / "sources" / "catalog.yaml",
    *sorted((ROOT / "sources" / "articles").glob("*.yaml")),
    *sorted((ROOT / "workflow" / "schemas").glob("*.yaml")),
]


def alias_bomb(levels: int = 10, fan_out: int = 10) -> str:
    """YAML flow mapping in which each level repeats the one below ``fan_out`` times."""
    items = [f"l0: &a0 [{', '.join(['x'] * fan_out)}]"]
    items += [f"l{n}: &a{n} [{', '.join([f'*a{n - 1}'] * fan_out)}]" for n in range(1, levels)]
    return "{" + ", ".join(items) + "}"


def refused(text: str, pattern: str) -> str:
    with pytest.raises(FactcheckError) as caught:
        load_yaml_text(text, "f.yaml")
    message = str(caught.value)
    assert message.startswith("f.yaml: "), message
    assert "\n" not in message
    assert re.search(pattern, message), message
    return message


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda path: path.name)
def test_real_files_read_as_the_safe_loader_reads_them(path: Path) -> None:
    class DatesAsText(yaml.SafeLoader):
        pass

    DatesAsText.yaml_implicit_resolvers = {
        key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    assert read_yaml(path) == yaml.load(path.read_text(encoding="utf-8"), Loader=DatesAsText)


def test_dates_stay_text_and_merge_keys_are_no_duplicates() -> None:
    data = load_yaml_text("base: &b {a: 1, d: 2022-03-15}\nmore: {<<: *b, a: 2}\n", "f.yaml")
    assert data == {"base": {"a": 1, "d": "2022-03-15"}, "more": {"a": 2, "d": "2022-03-15"}}


def test_duplicate_key_names_the_key_and_both_lines() -> None:
    refused(
        "article: {id: x}\nclaims:\n  - a\nreview: {}\nclaims:\n  - b\n",
        r"^f\.yaml: line 5: key 'claims' is given twice in one mapping \(first at line 2\)",
    )
    refused("{a: 1, a: 2}", r"line 1: key 'a' is given twice")


def test_alias_bomb_is_refused_before_anything_is_built() -> None:
    refused(
        f"check: {alias_bomb()}",
        r"line 1: the number of nodes with every alias expanded is [\d,]+, over the limit of "
        r"500,000 \(MAX_YAML_NODES in workflow/factcheck/yamlfile\.py\)",
    )


def test_aliases_are_counted() -> None:
    many = "{a: &a x, " + ", ".join(f"k{n}: *a" for n in range(101)) + "}"
    refused(many, r"the number of aliases is 101, over the limit of 100 \(MAX_YAML_ALIASES")
    assert len(load_yaml_text(many.replace(", k100: *a", ""), "f.yaml")) == 101


def test_alias_to_its_own_node_is_refused() -> None:
    refused("a: &a [1, *a]", r"line 1: alias \*a refers to a node that contains it")


def test_nesting_that_crashes_libyaml_is_refused() -> None:
    """libyaml's composer recurses: 100,000 nested brackets end the process (SIGSEGV)."""
    refused("a: " + "[" * 100_000 + "]" * 100_000, r"the nesting depth is 65, over the limit of 64")


def test_file_over_the_size_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlfile, "MAX_YAML_BYTES", 10_000)
    with pytest.raises(
        FactcheckError, match=r"the file size is 32,\d{3}, over the limit of 10,000"
    ):
        read_yaml(ROOT / "sources" / "articles" / "nato-restraint-2022.yaml")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (".nan", r"'\.nan' is not a finite number"),
        (".inf", r"'\.inf' is not a finite number"),
        ("-.Inf", r"'-\.Inf' is not a finite number"),
        ("1.0e+400", r"'1\.0e\+400' is not a finite number"),
        ("1.0e-320", r"'1\.0e-320' is a denormal number \(nearer zero than 2\.2e-308\)"),
        ("9" * 5000, r"a number written with 5,000 characters, over the limit of 40"),
        ("0." + "0" * 400 + "1", r"a number written with 403 characters"),
    ],
)
def test_numbers_that_cannot_be_computed_with(value: str, expected: str) -> None:
    refused(
        f"evidence:\n  - id: x\n    value: {value}\n",
        rf"^f\.yaml: evidence\[0\]\.value \(line 3\): {expected}",
    )


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes("a: café\nb: ".encode() + b"caf\xe9\n")
    with pytest.raises(FactcheckError, match=r"f\.yaml: line 2: not UTF-8 text: byte 0xe9"):
        read_yaml(path)


def test_syntax_error_and_missing_file(tmp_path: Path) -> None:
    refused("a: [1, 2", r"not valid YAML: while parsing a flow sequence")
    with pytest.raises(FactcheckError, match=r"missing\.yaml: file not found"):
        read_yaml(tmp_path / "missing.yaml")
