"""Text patches of a project copy, one per variant that experiments.py measures.

Each patch edits files of a throwaway copy, never the repository, and raises ``Skip`` when
the text it anchors on is not in this version of the project.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

PROFILE = Path("profiles") / "default" / "config.yaml"
RATE_LIMIT = re.compile(r"(?m)^max-jobs-per-timespan: .*\n")
GREEDY = re.compile(r"(?m)^scheduler: greedy\n")
SHELL_SECTION = re.compile(r"(?ms)^    shell:\n.*?(?=^    \w+:|^\S|\Z)")
RULE_HEAD = re.compile(r"(?m)^rule (\w+):\n")


class Skip(Exception):
    """The anchor text of a patch is not in this version of the project."""


def _drop_profile_setting(root: Path, setting: re.Pattern[str], what: str) -> None:
    """Remove one setting from the copy's workflow profile: Snakemake's default applies."""
    profile = root / PROFILE
    text = profile.read_text(encoding="utf-8") if profile.exists() else ""
    if not setting.search(text):
        raise Skip(f"{PROFILE} does not set {what}")
    profile.write_text(setting.sub("", text), encoding="utf-8")


def default_rate_limit(root: Path) -> None:
    """Snakemake's default job-rate limiter (100 jobs per 1 s), not the profile's setting.

    The limiter re-arms a Timer at every scheduling pass, so every finished job starts one
    more self-renewing chain of wake-ups; each wake-up re-checks the inputs of every ready
    job. The profile's 60 s timespan makes those wake-ups 60 times rarer.
    """
    _drop_profile_setting(root, RATE_LIMIT, "max-jobs-per-timespan")


def ilp(root: Path) -> None:
    """Snakemake's default job selection, an ILP solved at every scheduling pass, instead
    of the profile's greedy one."""
    _drop_profile_setting(root, GREEDY, "scheduler: greedy")


def trivial(root: Path) -> None:
    """Every rule of report.smk only touches its outputs: Snakemake's own cost per job."""
    rules_file = root / "workflow" / "rules" / "report.smk"
    text = rules_file.read_text(encoding="utf-8")
    heads = list(RULE_HEAD.finditer(text))
    if not heads:
        raise Skip("report.smk has no rules")
    ends = [head.start() for head in heads[1:]] + [len(text)]
    touch = "    shell:\n        " + json.dumps("touch {output}") + "\n\n\n"
    for head, end in reversed(list(zip(heads, ends, strict=True))):
        chunk = SHELL_SECTION.sub(lambda _: touch, text[head.start() : end], count=1)
        text = text[: head.start()] + chunk + text[end:]
    rules_file.write_text(text, encoding="utf-8")


VARIANTS: dict[str, Callable[[Path], None]] = {
    "default_rate_limit": default_rate_limit,
    "ilp": ilp,
    "trivial": trivial,
}
