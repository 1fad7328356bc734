"""Parse-time helpers of the Snakefile: the steps' shell commands and what they read."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from snakemake.utils import format as snakemake_format

from factcheck.cli import parser
from factcheck.errors import FactcheckError
from factcheck.pipeline.dag import (
    extracts_for,
    interpreter_first_on_path,
    present,
    step_command,
    validate_settings,
)
from factcheck.schema import apply_defaults

from .conftest import ROOT
from .project import copy_project


def test_step_command_writes_settings_as_quoted_options():
    command = step_command(
        "exports --out {output}", code="abc123", base_url="https://example.org/a b/"
    )
    first, second = command.split("\n")
    assert first == "# factcheck code abc123"
    assert second == (
        "python3 workflow/steps.py exports --out {output:q}"
        " --base-url 'https://example.org/a b/' 2> {log:q} || (cat {log:q} >&2; exit 1)"
    )


def test_the_interpreter_running_snakemake_comes_first_on_the_jobs_path():
    environ = {"PATH": "/usr/bin:/opt/venv/bin:/bin"}
    interpreter_first_on_path("/opt/venv/bin/python", environ)
    assert environ["PATH"] == "/opt/venv/bin:/usr/bin:/bin"
    empty: dict[str, str] = {}
    interpreter_first_on_path("/opt/venv/bin/python", empty)
    assert empty["PATH"].split(":")[0] == "/opt/venv/bin"


def test_steps_run_the_package_beside_the_script_whatever_is_installed(tmp_path):
    """workflow/steps.py imports the factcheck package of its own folder: a copy of the
    workflow runs its own code, with no package installed where python3 is."""
    workflow = tmp_path / "workflow"
    shutil.copytree(ROOT / "workflow", workflow, ignore=shutil.ignore_patterns("__pycache__"))
    (workflow / "factcheck" / "cli.py").write_text("def main():\n    print('the copy')\n")
    ran = subprocess.run(
        [sys.executable, "-E", "-s", str(workflow / "steps.py")],  # no PYTHONPATH, no user site
        capture_output=True,
        text=True,
        check=True,
    )
    assert ran.stdout == "the copy\n"


class _Storage:
    """What present() reads of Snakemake's workflow object, with a storage holding ``held``."""

    def __init__(self, provider: str | None, held: set[str]):
        self.storage_settings = SimpleNamespace(default_storage_provider=provider)
        self.held = held

    def inputfile(self, path: str) -> SimpleNamespace:
        return SimpleNamespace(storage_object=SimpleNamespace(exists=lambda: path in self.held))


def test_present_looks_where_the_jobs_will_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "here.json").write_text("{}")
    local = _Storage(None, set())
    assert present("here.json", local) == ["here.json"]
    assert present("gone.json", local) == []
    stored = _Storage("fs", {"gone.json"})  # a storage provider: only the storage counts
    assert present("gone.json", stored) == ["gone.json"]
    assert present("here.json", stored) == []


def echoed(command: str, **values: object) -> list[str]:
    """The arguments bash gives the step once Snakemake has formatted ``command`` with
    ``values`` (the step replaced by a script printing one argument per line)."""
    formatted = snakemake_format(command, log="/dev/null", **values)
    script = formatted.replace("python3 workflow/steps.py", "printf '%s\\n'", 1)
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=True)
    return result.stdout.splitlines()


def test_step_command_keeps_braces_in_settings_from_snakemake_formatting():
    command = step_command("verdicts", code="0", article_text_dir="texts/{x}")
    assert "--article-text-dir 'texts/{{x}}'" in command
    assert echoed(command) == ["verdicts", "--article-text-dir", "texts/{x}"]


HOSTILE_PATH = "sources/articles/a$(touch pwned)`touch pwned` 'x'; touch pwned.yaml"


def test_step_command_quotes_every_placeholder(tmp_path):
    command = step_command(
        "verdicts --claims {input.claims} --out {output} {params.online} {params.drift}"
        " --mirror={params.mirror}",
        code="0",
    )
    values = {
        "input": SimpleNamespace(claims=HOSTILE_PATH),
        "output": f"output/{HOSTILE_PATH}",
        "params": SimpleNamespace(online="", drift=["--drift", "a b"], mirror="$(touch pwned)"),
    }
    arguments = echoed(command.replace("python3", f"cd {tmp_path} && python3", 1), **values)
    assert arguments == [
        "verdicts",
        "--claims",
        HOSTILE_PATH,
        "--out",
        f"output/{HOSTILE_PATH}",
        "--drift",
        "a b",
        "--mirror=$(touch pwned)",
    ]
    assert list(tmp_path.iterdir()) == []  # nothing ran


def test_every_rule_quotes_its_placeholders():
    """No rule writes a shell command of its own: each goes through step_command."""
    shells = [
        (rules.name, shell)
        for rules in [ROOT / "Snakefile", *sorted((ROOT / "workflow" / "rules").glob("*.smk"))]
        for shell in re.findall(
            r"(?ms)^    shell:\n(.*?)(?=^\S|^    \w+:|\Z)", rules.read_text(encoding="utf-8")
        )
    ]
    assert len(shells) >= 9  # verdicts, html, pdf, exports, fetch, fetched, drift x2, pin...
    for name, shell in shells:
        assert shell.strip().startswith("factcheck_step("), (name, shell)


def test_extracts_for_lists_the_editions_and_sources_an_article_names(real_verdicts):
    extracts = extracts_for(ROOT / "sources/articles/nato-restraint-2022.yaml", ROOT / "sources")
    assert extracts
    # exactly the extracts the verdicts step reads, and all of them are there
    assert {Path(p).stem for p in extracts} == {s["id"] for s in real_verdicts["sources"]}
    assert all(Path(p).is_file() for p in extracts)
    assert all((ROOT / "sources").as_posix() in path and path.endswith(".csv") for path in extracts)
    assert any("sipri" in path for path in extracts)


def test_config_defaults_fill_only_missing_settings():
    config = {"report_base_url": "https://example.org/", "online": True}
    apply_defaults(config, "config")
    assert config["online"] is True  # given: kept
    assert config["drift_fail_on"] == "verdict"  # missing: the schema's default
    assert config["fetch_retries"] == 4


def test_settings_found_valid_are_remembered_and_bad_ones_still_refused(tmp_path):
    stamp = tmp_path / "valid-config.sha256"
    config = {"report_base_url": "https://example.org/"}
    apply_defaults(config, "config")
    validate_settings(config, "config.yaml", stamp)
    digest = stamp.read_text()
    validate_settings(config, "config.yaml", stamp)  # remembered: not validated again
    assert stamp.read_text() == digest
    with pytest.raises(FactcheckError) as error:
        validate_settings({**config, "drift_fail_on": "never"}, "config.yaml", stamp)
    assert str(error.value) == (
        "config.yaml: drift_fail_on: 'never' is not allowed; allowed values: 'verdict', 'value'"
    )
    assert stamp.read_text() == digest  # the last settings found valid


def test_every_step_command_parses_with_the_default_settings(tmp_path):
    """Each step's shell command, as Snakemake writes it with the default settings (an empty
    mirror and raw-file cache among them), is one the command line accepts."""
    targets = ["all", "drift", "pin", "pin_documents", "raw", "raw_import"]
    command = [sys.executable, "-m", "snakemake", "-n", "-p", "--forceall", "-c1", *targets]
    project = copy_project(tmp_path / "project")
    plan = subprocess.run(
        [*command, "--config", "online=true"], cwd=project, capture_output=True, text=True
    )
    assert plan.returncode == 0, plan.stderr
    steps = [
        line.split(" workflow/steps.py ", 1)[1].split(" 2> ", 1)[0]
        for line in plan.stdout.splitlines()
        if line.startswith("python3 workflow/steps.py ")
    ]
    assert {step.split()[0] for step in steps} >= {"article", "fetch", "drift", "raw-fetch"}
    for step in steps:
        parser().parse_args(shlex.split(step))  # exits (fails the test) on a bad command


def test_what_the_helpers_found_is_remembered_by_file_version(tmp_path, monkeypatch):
    """A second run reads the memory instead of the claims file, until the file changes;
    files that are gone are forgotten."""
    from factcheck.pipeline import dag

    project = copy_project(tmp_path / "project")
    monkeypatch.chdir(project)
    claims = Path("sources/articles/nato-restraint-2022.yaml")
    memory = Path(".snakemake/factcheck-claims.json")
    monkeypatch.setattr(dag, "_MEMORY", dag._Memory())
    dag.remember_between_runs(memory)
    found = dag.extracts_for(claims), dag.article_text_for(claims)
    dag._MEMORY.save()
    assert json.loads(memory.read_text())

    parses = []

    def reading(path: Path) -> None:
        parses.append(path)
        raise FactcheckError("read", path=path)

    monkeypatch.setattr(dag, "_checked_claims", reading)
    monkeypatch.setattr(dag, "_MEMORY", dag._Memory())
    dag.remember_between_runs(memory)
    assert (dag.extracts_for(claims), dag.article_text_for(claims)) == found
    assert parses == []
    claims.write_text(claims.read_text() + "\n")  # another version: read again
    with pytest.raises(SystemExit):
        dag.extracts_for(claims)
    assert parses == [claims]

    claims.unlink()
    dag._MEMORY.changed = True
    dag._MEMORY.save()
    assert all(str(claims) not in key for key in json.loads(memory.read_text()))
