"""Hostile names and files met while Snakemake reads the workflow: the build stops before any
job is planned, with one line naming the file, the field and the name, and runs nothing.

Each case runs the real Snakemake in a copy of the project. No case may create a file (the
names hold ``$(touch pwned)`` and the like), print a traceback, or change anything in the copy.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from .project import copy_project, snakemake, tree_digest
from .test_yamlfile import alias_bomb

ARTICLE = "nato-restraint-2022"
RULE = r"ids are lowercase letters a-z, digits and '-', starting with a letter or a digit"
OFFLINE_MIRROR = {"online": "true", "mirror": "http://127.0.0.1:9/"}  # never reached


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def stopped(project: Path, *args: str, **config: str) -> str:
    """Run Snakemake; return the one error line it stops with. Nothing may change or appear
    anywhere under the test's folder (a command run by the shell would create ``pwned``)."""
    folder = project.parent
    before = tree_digest(folder)
    result = snakemake(project, *args, timeout=120, **config)
    assert result.returncode == 1, result.stderr
    errors = [line for line in result.stderr.splitlines() if "error" in line.lower()]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith("factcheck: error: "), result.stderr
    assert "Traceback" not in result.stderr and 'File "' not in result.stderr, result.stderr
    after = {
        k: v for k, v in tree_digest(folder).items() if not k.startswith("project/.snakemake/")
    }
    assert after == before
    assert not list(folder.rglob("pwned*"))
    return errors[0]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def claims_of(project: Path) -> Path:
    return project / "sources" / "articles" / f"{ARTICLE}.yaml"


@pytest.mark.parametrize(
    ("stem", "shown", "problem"),
    [
        (
            "a$(touch pwned)`touch pwned2`",
            "a$(touch pwned)`touch pwned2`",
            "it has U+0024 DOLLAR SIGN at position 2",
        ),
        ("a\nb\x1b[2J", r"a\x0ab\x1b[2J", "it has U+000A (a control character) at position 2"),
    ],
    ids=["command", "line-break-and-terminal-escape"],
)
def test_claims_file_name(project: Path, stem: str, shown: str, problem: str) -> None:
    (project / "sources" / "articles" / f"{stem}.yaml").write_bytes(claims_of(project).read_bytes())
    line = stopped(project)
    assert line.startswith(f"factcheck: error: sources/articles/{shown}.yaml: file name: ")
    assert f"article id {stem!r} is not allowed: {problem}" in line
    assert re.search(RULE, line)


def test_catalog_source_id_running_a_command_at_drift_time(project: Path) -> None:
    catalog = project / "sources" / "catalog.yaml"
    edit(catalog, "      sipri-milex-2025:\n", "      sipri-milex-2025`touch pwned`:\n")
    line = stopped(project, "drift", **OFFLINE_MIRROR)
    assert line.startswith("factcheck: error: sources/catalog.yaml: datasets.sipri-milex.sources: ")
    assert "source id 'sipri-milex-2025`touch pwned`' is not allowed" in line
    assert "U+0060 GRAVE ACCENT at position 17" in line


def test_lock_source_id_running_a_command(project: Path) -> None:
    lock_path = project / "sources" / "sources.lock.json"
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    lock["sources"]["x$(touch pwned)"] = lock["sources"]["sipri-milex-2025"]
    lock_path.write_text(json.dumps(lock), encoding="utf-8")
    line = stopped(project)
    assert "sources/sources.lock.json: sources: source id 'x$(touch pwned)' is not allowed" in line


@pytest.mark.parametrize(
    ("old", "new", "field", "name"),
    [
        (
            "primary: {edition: sipri-latest, year: 2021",
            'primary: {edition: "sipri-latest$(touch pwned)", year: 2021',
            r"claims\[22\]\.check\.primary\.edition",
            "edition or source id 'sipri-latest$(touch pwned)'",
        ),
        (
            "        id: npr-2018\n",
            '        id: "../../npr-2018"\n',
            r"claims\[\d+\]\.check\.document\.id",
            "document id '../../npr-2018'",
        ),
    ],
    ids=["edition", "document"],
)
def test_id_in_a_claims_file(project: Path, old: str, new: str, field: str, name: str) -> None:
    edit(claims_of(project), old, new)
    line = stopped(project)
    assert re.search(rf"{ARTICLE}\.yaml: {field}: ", line), line
    assert f"{name} is not allowed" in line


def test_article_text_outside_its_folder_is_not_read(project: Path) -> None:
    """The file's sha256 matches, so only the folder check stands between it and the report."""
    os_release = Path("/etc/os-release").resolve()
    digest = hashlib.sha256(os_release.read_bytes()).hexdigest()
    text = claims_of(project).read_text(encoding="utf-8")
    text = re.sub(r"sha256: d87a954c\w+", f"sha256: {digest}", text, count=1)
    claims_of(project).write_text(text, encoding="utf-8")
    edit(
        claims_of(project),
        "file: nato-restraint-2022.txt",
        "file: ../../../../etc/os-release",
    )
    line = stopped(project)
    assert f"{ARTICLE}.yaml: article.text.file: '../../../../etc/os-release' is not a path" in line


REASON = 'reason: "A judgement of strategy; that NATO chose not to intervene directly is not'
REASON += ' in dispute."'


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            REASON.encode(),
            f"{REASON}, extra: {alias_bomb()}".encode(),
            r"line LINE: the number of nodes with every alias expanded is [\d,]+, over the limit",
        ),
        (
            b"\nclaims:\n",
            b"\nclaims: []\nclaims:\n",
            r"key 'claims' is given twice in one mapping \(first at line LINE\)",
        ),
        ("Russia’s size".encode(), b"Russia\x92s size", r"line \d+: not UTF-8 text: byte 0x92"),
    ],
    ids=["alias-bomb", "duplicate-key", "not-utf8"],
)
def test_claims_file_the_workflow_cannot_read(
    project: Path, old: bytes, new: bytes, expected: str
) -> None:
    path = claims_of(project)
    data = path.read_bytes()
    assert old in data
    at = data[: data.index(old)].count(b"\n") + 1 + old.startswith(b"\n")
    path.write_bytes(data.replace(old, new, 1))
    line = stopped(project)
    assert line.startswith(f"factcheck: error: sources/articles/{ARTICLE}.yaml: ")
    assert re.search(expected.replace("LINE", str(at)), line), line


def test_catalog_the_workflow_cannot_read(project: Path) -> None:
    catalog = project / "sources" / "catalog.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8") + "datasets: {}\n", encoding="utf-8")
    line = stopped(project)
    assert "sources/catalog.yaml: line " in line
    assert "key 'datasets' is given twice" in line
