"""What a build step reads and which code drives it, found cheaply at workflow parse time."""

from __future__ import annotations

import functools
import hashlib
import json
import shlex
from pathlib import Path
from typing import Any

import yaml

from .. import atomic

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml(path: Path) -> Any:
    """A YAML file's content, parsed once per version of the file."""
    try:
        return _parsed(path, path.stat().st_mtime_ns)
    except OSError:
        return {}  # the build step itself reports the problem, with file and field


@functools.cache
def _parsed(path: Path, _version: int) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}
    except (OSError, yaml.YAMLError):
        return {}


def scopes_used(claims: dict[str, Any], groups: dict[str, Any] | None = None) -> set[str]:
    """Every edition or source id any claim reads figures from, including the sources that
    define the regions of the groups (catalog's or claims') its checks rank within or total."""
    found: set[str] = set()
    named: set[str] = set()
    groups = {**(groups or {}), **claims.get("groups", {})}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("edition", "source"):
                    found.add(value)
                elif key in ("editions", "sources"):
                    found.update(value)
                elif key in ("among", "total") and isinstance(value, str):
                    named.add(value)
                elif key == "use":
                    found.update(value.values())
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk([claim["check"] for claim in claims["claims"]])
    found.update(
        groups[name]["region"]["source"] for name in named if "region" in groups.get(name, {})
    )
    return found


def extracts_for(claims_path: Path | str, sources_root: Path | str = "sources") -> list[str]:
    """The pinned extracts an article's checks read: of every edition or source it names."""
    claims = _yaml(Path(claims_path))
    catalog = _yaml(Path(sources_root) / "catalog.yaml")
    try:
        scopes = scopes_used(claims, catalog.get("groups"))
    except (KeyError, TypeError, AttributeError):
        return []
    return sorted(
        f"{sources_root}/extracts/{source_id}.csv"
        for dataset in (catalog.get("datasets") or {}).values()
        for source_id, source in (dataset.get("sources") or {}).items()
        if source_id in scopes or source.get("edition") in scopes
    )


def article_text_for(claims_path: Path | str, text_dir: Path | str) -> list[str]:
    """The scraped article text a claims file names, if it names one."""
    claims = _yaml(Path(claims_path))
    try:
        return [str(Path(text_dir) / claims["article"]["text"]["file"])]
    except (KeyError, TypeError):
        return []


def validate_settings(config: dict[str, Any], where: str, stamp: Path | str) -> None:
    """Validate the workflow's settings against the config schema, unless ``stamp`` says
    that these very settings (and schema) were found valid by an earlier run.

    Importing jsonschema costs about as much as the rest of a run with nothing to do; the
    stamp holds the digest of the last settings found valid, so that a rerun skips it.
    """
    from .. import schema

    text = json.dumps(config, sort_keys=True, default=str)
    schema_file = schema.SCHEMA_DIR / "config.schema.yaml"
    digest = hashlib.sha256(text.encode() + b"\0" + schema_file.read_bytes()).hexdigest()
    stamp = Path(stamp)
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == digest:
        return
    schema.validate(config, "config", where)
    atomic.write_text(stamp, digest)


def code_digest(package: Path | str) -> str:
    """sha256 of the package's Python sources (paths and contents), in a stable order."""
    digest = hashlib.sha256()
    for path in sorted(Path(package).rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def step_command(arguments: str, *, python: str, code: str, **settings: Any) -> str:
    """Shell command of a rule that runs ``python -m factcheck <arguments>``.

    ``settings`` become options written into the command as text (``article_text_dir=x`` ->
    ``--article-text-dir x``), quoted for the shell and kept from Snakemake's ``{...}``
    formatting. The first line is a comment holding ``code``, the package's digest.
    Snakemake reruns a job whose command text changed (its ``code`` rerun trigger), so a new
    setting or a change to the package reruns the steps concerned, with no ``params:`` to
    compare (comparing params makes Snakemake import pandas on every run). The step's stderr
    goes to the rule's log and is shown again if the step fails.
    """
    options = "".join(
        f" --{name.replace('_', '-')} {shlex.quote(str(value))}" for name, value in settings.items()
    )
    options = options.replace("{", "{{").replace("}", "}}")
    return (
        f"# factcheck code {code}\n{shlex.quote(python)} -m factcheck {arguments}{options}"
        " 2> {log} || (cat {log} >&2; exit 1)"
    )


def live_sources(root: Path | str = "sources") -> dict[str, dict[str, str]]:
    """URL and format of each non-archived source, by id (YAML only, at workflow parse time)."""
    data = _yaml(Path(root) / "catalog.yaml")
    try:
        return {
            source_id: {"url": source["url"], "format": dataset["format"]}
            for dataset in data["datasets"].values()
            for source_id, source in sorted(dataset["sources"].items())
            if not source.get("archived", False)
        }
    except (KeyError, TypeError, AttributeError):
        return {}  # the steps themselves report the problem, with file and field


def pinned_extracts(root: Path | str = "sources") -> list[str]:
    """Extract paths of every pinned source (lock only, at workflow parse time)."""
    try:
        pins = json.loads((Path(root) / "sources.lock.json").read_text(encoding="utf-8"))
        return [f"{root}/extracts/{source_id}.csv" for source_id in sorted(pins["sources"])]
    except (OSError, ValueError, KeyError, TypeError):
        return []
