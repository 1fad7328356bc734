"""The conda environment of the steps (`snakemake --sdm conda`): valid and self-contained.

No conda is run here: the file is checked against what the tests run with, the
virtual environment installed from requirements.lock.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from .conftest import ROOT

ENV_FILE = ROOT / "workflow" / "envs" / "factcheck.yaml"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.+!_-]+)$")


def _applies(requirement: Requirement) -> bool:
    """Whether a requirement holds on this platform (linux, this Python), no extras asked."""
    return requirement.marker is None or requirement.marker.evaluate({"extra": ""})


def _locked() -> dict[str, str]:
    """Version by normalised name, as requirements.lock pins it."""
    lines = (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
    pins = [line.split("==") for line in lines if line and not line.startswith("#")]
    return {canonicalize_name(name): version for name, version in pins}


def _runtime_closure() -> set[str]:
    """The normalised names of pyproject.toml's dependencies and of all theirs."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found: set[str] = set()
    todo = [Requirement(text) for text in project["dependencies"]]
    while todo:
        requirement = todo.pop()
        name = canonicalize_name(requirement.name)
        if _applies(requirement) and name not in found:
            found.add(name)
            todo += [Requirement(text) for text in metadata.requires(name) or []]
    return found


@pytest.fixture(scope="module")
def environment() -> dict:
    return yaml.safe_load(ENV_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pip(environment) -> list[str]:
    """The environment's pip entries."""
    [entries] = [item["pip"] for item in environment["dependencies"] if isinstance(item, dict)]
    return entries


@pytest.fixture(scope="module")
def pinned(pip) -> dict[str, str]:
    """Version by normalised name of the environment's pip packages."""
    return {
        canonicalize_name(match.group(1)): match.group(2) for match in map(PIN.match, pip) if match
    }


def test_the_environment_names_its_channel_python_and_libraries(environment):
    assert environment["channels"] == ["conda-forge", "nodefaults"]
    conda = [item for item in environment["dependencies"] if isinstance(item, str)]
    python = next(item for item in conda if item.startswith("python="))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert SpecifierSet(project["requires-python"]).contains(python.split("=")[1] + ".0")
    assert {item.split(">=")[0] for item in conda} >= {"pip", "pango", "harfbuzz"}


def test_the_environment_is_self_contained(pip):
    """Only pinned packages from an index: nothing of this checkout (no -e, no path), no
    other file (no -r, no -c), so that it is the same wherever Snakemake builds it."""
    assert pip
    assert [entry for entry in pip if not PIN.match(entry)] == []


def test_the_environment_holds_the_dependencies_at_the_locked_versions(pinned):
    locked = _locked()
    assert set(pinned) == _runtime_closure()
    assert pinned == {name: locked[name] for name in pinned}


def test_every_requirement_of_a_pinned_package_is_met_within_the_environment(pinned):
    for name, version in pinned.items():
        for text in metadata.requires(name) or []:
            requirement = Requirement(text)
            if not _applies(requirement):
                continue
            needed = canonicalize_name(requirement.name)
            assert needed in pinned, f"{name} {version} needs {text}, not in the environment"
            assert requirement.specifier.contains(pinned[needed], prereleases=True), (
                f"{name} {version} needs {text}; the environment pins {pinned[needed]}"
            )


def test_every_rule_that_runs_a_step_uses_the_environment():
    rules = [ROOT / "Snakefile", *sorted((ROOT / "workflow" / "rules").glob("*.smk"))]
    for path in rules:
        text = path.read_text(encoding="utf-8")
        bodies = re.split(r"(?m)^rule ", text)[1:]
        for body in bodies:
            name = body.split(":", 1)[0]
            if "    shell:" not in body:
                continue
            conda = re.search(r'(?m)^    conda:\n\s+"([^"]+)"', body)
            assert conda, f"{path.name}: rule {name} has no conda: environment"
            assert (path.parent / conda.group(1)).resolve() == ENV_FILE, name
