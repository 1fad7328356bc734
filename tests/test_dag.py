"""Parse-time helpers of the Snakefile: the steps' shell commands and what they read."""

from __future__ import annotations

import subprocess

from factcheck.dag import extracts_for, step_command

from .conftest import ROOT


def test_step_command_writes_settings_as_quoted_options():
    command = step_command(
        "exports --out {output}",
        python="/opt/my env/python",
        code="abc123",
        base_url="https://example.org/a b/",
    )
    first, second = command.split("\n")
    assert first == "# factcheck code abc123"
    assert second == (
        "'/opt/my env/python' -m factcheck exports --out {output}"
        " --base-url 'https://example.org/a b/' 2> {log} || (cat {log} >&2; exit 1)"
    )


def test_step_command_keeps_braces_in_settings_from_snakemake_formatting():
    command = step_command("verdicts", python="python3", code="0", article_text_dir="texts/{x}")
    assert "--article-text-dir 'texts/{{x}}'" in command
    # once Snakemake has formatted it, bash gets the setting as written
    formatted = command.replace("{log}", "/dev/null").format()
    echoed = subprocess.run(
        ["bash", "-c", formatted.replace("python3 -m factcheck verdicts", "echo")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert echoed.stdout.strip() == "--article-text-dir texts/{x}"


def test_extracts_for_lists_the_editions_and_sources_an_article_names():
    extracts = extracts_for(ROOT / "sources/articles/nato-restraint-2022.yaml", ROOT / "sources")
    assert extracts
    assert all((ROOT / "sources").as_posix() in path and path.endswith(".csv") for path in extracts)
    assert any("sipri" in path for path in extracts)
