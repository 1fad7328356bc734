"""Text patches of a project copy, one per candidate speed-up (see experiments.py).

Each patch edits files of a throwaway copy, never the repository, and raises ``Skip`` when
the text it anchors on is not in this version of the project.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

VALIDATE = re.compile(r'(?m)^validate\(config, "([^"]+)"\)$')
VALIDATE_IMPORT = "from snakemake.utils import min_version, validate"
BY_HAND = """import yaml as _yaml

# benchmark variant: the config schema's defaults and required keys, without jsonschema
with open("SCHEMA", encoding="utf-8") as _handle:
    _schema = _yaml.safe_load(_handle)
for _key, _spec in _schema.get("properties", {}).items():
    if "default" in _spec:
        config.setdefault(_key, _spec["default"])
if _missing := [key for key in _schema.get("required", []) if key not in config]:
    raise ValueError(f"config: missing {_missing}")"""
DAG_LOAD = 'yaml.safe_load(path.read_text(encoding="utf-8"))'
BUILD_ALL = """\"\"\"Run ``factcheck`` subcommands, separated by ``--``, in one process.\"\"\"
import sys

from factcheck.cli import main

commands = [[]]
for arg in sys.argv[1:]:
    commands.append([]) if arg == "--" else commands[-1].append(arg)
for command in commands:
    if code := main(command):
        sys.exit(code)
"""
CHAIN = ("verdicts", "report_html", "report_pdf")  # the rules ``merged`` runs as one job
FACTCHECK_SHELL = re.compile(
    r"\{(?P<python>[\w.]+)\} -m factcheck (?P<args>.+?) 2> \{log\}"
    r" \|\| \(cat \{log\} >&2; exit 1\)"
)
SHELL_SECTION = re.compile(r"(?ms)^    shell:\n.*?(?=^    \w+:|^\S|\Z)")
CANCEL_TIMERS = """

# Snakemake's job-rate limiter (default --max-jobs-per-timespan 100/1s) re-arms a non-daemon
# 1 s threading.Timer at every scheduling pass; the interpreter waits for the last one at exit.
onsuccess:
    import threading

    for _timer in threading.enumerate():
        if isinstance(_timer, threading.Timer):
            _timer.cancel()


onerror:
    import threading

    for _timer in threading.enumerate():
        if isinstance(_timer, threading.Timer):
            _timer.cancel()
"""


class Skip(Exception):
    """The anchor text of a patch is not in this version of the project."""


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise Skip(f"{path.name}: {old[:60]!r} not found")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --------------------------------------------------------------------------- rule files


@dataclass
class Rule:
    """One ``rule NAME:`` block of a .smk file: its span and its directives' bodies."""

    name: str
    start: int
    end: int
    sections: dict[str, str]  # directive -> body dedented by 8 (or the inline value)


def parse_rules(text: str) -> list[Rule]:
    """The rule blocks of a Snakemake file formatted the way snakefmt writes them."""
    heads = list(re.finditer(r"(?m)^rule (\w+):\n", text))
    rules = []
    for i, head in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        sections: dict[str, str] = {}
        current = None
        for line in text[head.end() : end].splitlines(keepends=True):
            directive = re.match(r"^    (\w+):[ \t]*(.*)$", line)
            if directive:
                current = directive.group(1)
                sections[current] = directive.group(2) + "\n" if directive.group(2) else ""
            elif line.startswith("        ") and current:
                sections[current] += line[8:]
            elif line.strip() and not line.startswith("#"):
                current = None
        rules.append(Rule(head.group(1), head.start(), end, sections))
    return rules


def split_items(body: str) -> list[str]:
    """Top-level comma-separated items of a directive's body (brackets, quotes respected)."""
    items, current, depth, quote, i = [], "", 0, "", 0
    while i < len(body):
        char = body[i]
        current += char
        if quote:
            if char == "\\":
                current += body[i + 1]
                i += 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            items.append(current[:-1].strip())
            current = ""
        i += 1
    if current.strip():
        items.append(current.strip())
    return items


def named(item: str) -> tuple[str, str]:
    """``name=expr`` -> (name, expr); an unnamed item cannot be merged."""
    found = re.match(r"(\w+)\s*=(?!=)\s*(.*)", item, re.DOTALL)
    if not found:
        raise Skip(f"unnamed item {item[:40]!r}")
    return found.group(1), found.group(2)


def shell_text(rule: Rule) -> str:
    """The rule's shell command (its string literals joined)."""
    body = rule.sections.get("shell")
    if body is None:
        raise Skip(f"rule {rule.name} has no shell:")
    return ast.literal_eval("(" + body + ")")


def block(key: str, items: list[str]) -> str:
    """A directive with one item per line, continuation lines kept as written."""
    lines = "".join(
        "        " + item.replace("\n", "\n        ").rstrip() + ",\n" for item in items
    )
    return f"    {key}:\n{lines}"


def param_placeholder(expr: str) -> str | None:
    """The shell placeholder that says what a param says, if it is that simple."""
    if expr.isidentifier():
        return "{" + expr + "}"
    if found := re.fullmatch(r"config\[[\"'](\w+)[\"']\]", expr):
        return "{config[" + found.group(1) + "]}"
    if found := re.fullmatch(r'lambda (\w+): f"([^"]*)"', expr):  # f"{config['x']}{w.name}"
        text = re.sub(r"\{config\['(\w+)'\]\}", r"{config[\1]}", found.group(2))
        text = text.replace("{" + found.group(1) + ".", "{wildcards.")
        return None if re.search(r"\{(?!config\[|wildcards\.)", text) else text
    return None


def _set_shell(chunk: str, command: str) -> str:
    return SHELL_SECTION.sub(
        lambda _: "    shell:\n        " + json.dumps(command) + "\n\n\n", chunk, count=1
    )


# --------------------------------------------------------------------------- variants


def no_params(root: Path) -> None:
    """No ``params:`` anywhere: the shell commands say the same with config/wildcards."""
    rules_file = root / "workflow" / "rules" / "report.smk"
    text = rules_file.read_text(encoding="utf-8")
    changed = False
    for rule in reversed(parse_rules(text)):
        if "params" not in rule.sections:
            continue
        shell = shell_text(rule)
        for item in split_items(rule.sections["params"]):
            name, expr = named(item)
            placeholder = param_placeholder(expr)
            if placeholder is None:
                raise Skip(f"rule {rule.name}: param {name} is not a name or a config key")
            shell = shell.replace("{params." + name + ":q}", "'" + placeholder + "'")
            shell = shell.replace("{params." + name + "}", placeholder)
        chunk = text[rule.start : rule.end]
        chunk = re.sub(r"(?m)^    params:\n(?:        .*\n)*", "", chunk)
        text = text[: rule.start] + _set_shell(chunk, shell) + text[rule.end :]
        changed = True
    if not changed:
        raise Skip("no rule has params:")
    rules_file.write_text(text, encoding="utf-8")


def no_validate(root: Path) -> None:
    """The config checked by hand (schema defaults, required keys) instead of jsonschema."""
    snakefile = root / "Snakefile"
    text = snakefile.read_text(encoding="utf-8")
    found = VALIDATE.search(text)
    if not found or VALIDATE_IMPORT not in text:
        raise Skip("the Snakefile does not call snakemake.utils.validate(config, ...)")
    text = text.replace(VALIDATE_IMPORT, "from snakemake.utils import min_version", 1)
    text = text.replace(found.group(0), BY_HAND.replace("SCHEMA", found.group(1)), 1)
    snakefile.write_text(text, encoding="utf-8")


def fast_dag(root: Path) -> None:
    """factcheck.dag: libyaml's CSafeLoader, and each file parsed once per process."""
    dag = root / "workflow" / "factcheck" / "dag.py"
    _replace(dag, "import yaml\n", "import functools\n\nimport yaml\n")
    _replace(
        dag, "def _yaml(path: Path) -> Any:", "@functools.cache\ndef _yaml(path: Path) -> Any:"
    )
    _replace(
        dag,
        DAG_LOAD,
        'yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", '
        "yaml.SafeLoader))",
    )


def merged(root: Path) -> None:
    """The rules of CHAIN replaced by one rule whose one Python process runs all of them."""
    rules_file = root / "workflow" / "rules" / "report.smk"
    text = rules_file.read_text(encoding="utf-8")
    rules = {rule.name: rule for rule in parse_rules(text)}
    if any(name not in rules for name in CHAIN):
        raise Skip(f"report.smk no longer has the rules {CHAIN}")
    outputs: dict[str, str] = {}
    for name in CHAIN:
        items = split_items(rules[name].sections.get("output", ""))
        if len(items) != 1 or re.match(r"\w+\s*=", items[0]):
            raise Skip(f"rule {name} has not exactly one unnamed output")
        outputs[name] = items[0]
    inputs: dict[str, str] = {}
    params: dict[str, str] = {}
    commands, python = [], ""
    for name in CHAIN:
        rule = rules[name]
        renames: dict[str, str] = {}
        for item in split_items(rule.sections.get("input", "")):
            key, expr = named(item)
            producer = next((p for p, out in outputs.items() if out == expr.strip()), None)
            if producer:
                renames[key] = f"output.{producer}"
            elif inputs.get(key, expr) != expr:
                inputs[f"{name}_{key}"] = expr
                renames[key] = f"input.{name}_{key}"
            else:
                inputs[key] = expr
                renames[key] = f"input.{key}"
        for item in split_items(rule.sections.get("params", "")):
            key, expr = named(item)
            if params.setdefault(key, expr) != expr:
                raise Skip(f"param {key} differs between the rules")
        command = FACTCHECK_SHELL.fullmatch(shell_text(rule))
        if not command:
            raise Skip(f"rule {name}'s shell is not '{{python}} -m factcheck ... 2> {{log}} ...'")
        python = python or command["python"]
        args = re.sub(
            r"\{input\.(\w+)(:q)?\}",
            lambda m, renames=renames: "{" + renames[m.group(1)] + "}",
            command["args"],
        )
        commands.append(args.replace("{output}", "{output." + name + "}"))
    log_file = split_items(rules[CHAIN[0]].sections.get("log", '"output/logs/merged.log"'))[0]
    log_file = re.sub(r"[\w.-]+\.log\"$", 'merged.log"', log_file)
    shell = f"{{{python}}} build_all.py {' -- '.join(commands)}"
    shell += " 2> {log} || (cat {log} >&2; exit 1)"
    rule_text = "rule merged_report:\n"
    rule_text += block("input", [f"{k}={v}" for k, v in inputs.items()])
    rule_text += block("output", [f"{name}={out}" for name, out in outputs.items()])
    rule_text += block("log", [log_file])
    if params:
        rule_text += block("params", [f"{k}={v}" for k, v in params.items()])
    rule_text += f"    shell:\n        {json.dumps(shell)}\n\n\n"
    spans = sorted((rules[name].start, rules[name].end) for name in CHAIN)
    for start, end in reversed(spans):
        text = text[:start] + text[end:]
    text = text[: spans[0][0]] + rule_text + text[spans[0][0] :]
    rules_file.write_text(text, encoding="utf-8")
    (root / "build_all.py").write_text(BUILD_ALL, encoding="utf-8")


def trivial(root: Path) -> None:
    """Every rule of report.smk only touches its outputs: Snakemake's own cost per job."""
    rules_file = root / "workflow" / "rules" / "report.smk"
    text = rules_file.read_text(encoding="utf-8")
    rules = [rule for rule in parse_rules(text) if "shell" in rule.sections]
    if not rules:
        raise Skip("report.smk has no shell rules")
    for rule in reversed(rules):
        chunk = _set_shell(text[rule.start : rule.end], "touch {output}")
        text = text[: rule.start] + chunk + text[rule.end :]
    rules_file.write_text(text, encoding="utf-8")


def cancel_timers(root: Path) -> None:
    """onsuccess/onerror cancel the rate limiter's leftover 1 s Timer: no wait at exit."""
    snakefile = root / "Snakefile"
    text = snakefile.read_text(encoding="utf-8")
    if "onsuccess:" in text or "onerror:" in text:
        raise Skip("the Snakefile already has an onsuccess: or onerror: handler")
    snakefile.write_text(text + CANCEL_TIMERS, encoding="utf-8")


def no_rate_limit(root: Path) -> None:
    """A workflow profile that arms the rate limiter's re-evaluation Timer every 60 s, not 1 s.

    Each scheduling pass arms a new 1 s Timer whose release causes another pass, so every
    job completion starts one more self-renewing chain of wake-ups: passes per second grow
    with the jobs done, and each pass stats the inputs of every ready job. With a 60 s
    timespan the chains fire 60 times less often; ``cancel_timers`` ends them at exit.
    """
    profile = root / "profiles" / "default" / "config.yaml"
    if profile.exists():
        raise Skip("profiles/default/config.yaml exists already")
    cancel_timers(root)
    profile.parent.mkdir(parents=True)
    profile.write_text('max-jobs-per-timespan: "100000/60s"\n', encoding="utf-8")


def combined(root: Path) -> None:
    """Every variant above that changes the pipeline's cost (not ``trivial``) that applies.

    Those that do not apply are listed in ``ROOT/.bench-skipped``.
    """
    skipped = []
    for patch in (merged, no_params, no_validate, fast_dag, cancel_timers):
        try:
            patch(root)
        except Skip as why:
            skipped.append(f"{patch.__name__}: {why}")
    if len(skipped) == 5:
        raise Skip("; ".join(skipped))
    (root / ".bench-skipped").write_text("\n".join(skipped), encoding="utf-8")


VARIANTS: dict[str, Callable[[Path], None]] = {
    "no_params": no_params,
    "no_validate": no_validate,
    "fast_dag": fast_dag,
    "cancel_timers": cancel_timers,
    "no_rate_limit": no_rate_limit,
    "merged": merged,
    "trivial": trivial,
    "all": combined,
}
