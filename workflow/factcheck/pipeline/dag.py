"""What a build step reads and which code drives it, found cheaply at workflow parse time.

The helpers the Snakefile calls read the claims files, the catalog and the lock with the
pipeline's one YAML reader, and check every name that becomes a file path or reaches a
command line (article ids, source ids, document ids) before any job is planned. A bad input
stops the build at once with the step's one-line message (``factcheck: error: <file>: ...``),
not a traceback; a structure the helpers cannot follow is left for the step to report.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import json
import os
import re
import shlex
import sys
from collections.abc import Callable, Iterator, MutableMapping
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from .. import atomic
from ..errors import FactcheckError, one_line
from ..filenames import check_id, path_inside
from ..yamlfile import read_yaml

P = ParamSpec("P")
R = TypeVar("R")
SCOPE_KEYS = ("edition", "source")  # a reading's edition or source id
SCOPE_LIST_KEYS = ("editions", "sources")
GROUP_KEYS = ("among", "total")  # a ranking's or a sum's group of entities
# A Snakemake placeholder such as {input.claims} or {output}, not yet quoted ({x:q}) and
# not an escaped brace ({{x}}).
_PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][\w.]*)\}(?!\})")


def stops_the_build(helper: Callable[P, R]) -> Callable[P, R]:
    """A parse-time helper whose FactcheckError stops Snakemake with one line, exit status 1."""

    @functools.wraps(helper)
    def checked(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return helper(*args, **kwargs)
        except FactcheckError as exc:
            print(one_line(str(exc)), file=sys.stderr)
            raise SystemExit(1) from None

    return checked


class _Memory:
    """What the parse-time helpers found of each file, by the file's version (its mtime and
    size, as Snakemake itself compares files), kept between runs once enabled."""

    def __init__(self) -> None:
        self.path: Path | None = None
        self.entries: dict[str, dict[str, Any]] = {}
        self.changed = False

    def recall(self, key: str, files: list[Path], find: Callable[[], list[str]]) -> list[str]:
        """``find()``, or what it gave when ``files`` had the versions they have now."""
        try:
            version = [[info.st_mtime_ns, info.st_size] for info in map(os.stat, files)]
        except OSError:
            return find()  # a missing file: the helper (or the step) says what is wrong
        entry = self.entries.get(key)
        if entry is None or entry["version"] != version:
            entry = {"files": [str(path) for path in files], "version": version, "value": find()}
            self.entries[key] = entry
            self.changed = True
        return entry["value"]

    def save(self) -> None:
        """Write what was found, if anything new, leaving out the files that are gone."""
        if self.path is not None and self.changed:
            kept = {
                key: entry
                for key, entry in self.entries.items()
                if all(os.path.exists(name) for name in entry["files"])
            }
            atomic.write_text(self.path, json.dumps(kept, separators=(",", ":")))


_MEMORY = _Memory()


def remember_between_runs(path: Path | str) -> None:
    """Keep what the helpers find of each claims file in ``path`` (read now, written at
    exit if something was new): a run with nothing to do on a thousand articles then reads
    one file instead of parsing a thousand claims files."""
    _MEMORY.path = Path(path)
    try:
        _MEMORY.entries = json.loads(_MEMORY.path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        _MEMORY.entries = {}
    atexit.register(_MEMORY.save)


def _yaml(path: Path) -> Any:
    """A YAML file's content, parsed once per version of the file."""
    return _parsed(path, path.stat().st_mtime_ns if path.exists() else 0)


@functools.cache
def _parsed(path: Path, _version: int) -> Any:
    return read_yaml(path) or {}


def named_ids(claims: Any) -> Iterator[tuple[str, str, Any]]:
    """(what, field, name) of every edition, source and document id a claims file names,
    and of every group its checks rank within or total."""

    def walk(node: Any, field: str) -> Iterator[tuple[str, str, Any]]:
        if isinstance(node, dict):
            for key, value in node.items():
                where = f"{field}.{key}"
                if key in SCOPE_KEYS:
                    yield "edition or source id", where, value
                elif key in SCOPE_LIST_KEYS and isinstance(value, list):
                    for number, item in enumerate(value):
                        yield "edition or source id", f"{where}[{number}]", item
                elif key == "use" and isinstance(value, dict):  # edition swaps
                    for swapped, edition in value.items():
                        yield "edition or source id", f"{where}.{swapped}", edition
                elif key in GROUP_KEYS and isinstance(value, str):
                    yield "group", where, value
                elif key == "document" and isinstance(value, dict) and "id" in value:
                    yield "document id", f"{where}.id", value["id"]
                else:
                    yield from walk(value, where)
        elif isinstance(node, list):
            for number, item in enumerate(node):
                yield from walk(item, f"{field}[{number}]")

    if isinstance(claims, dict) and isinstance(claims.get("claims"), list):
        for number, claim in enumerate(claims["claims"]):
            if isinstance(claim, dict):
                yield from walk(claim.get("check"), f"claims[{number}].check")


def scopes_used(claims: dict[str, Any], groups: Any = None) -> set[str]:
    """Every edition or source id any claim reads figures from, including the sources that
    define the regions of the groups (catalog's or claims') its checks rank within or total."""
    named = list(named_ids(claims))
    found = {name for what, _, name in named if what == "edition or source id"}
    groups = {**_mapping(groups), **_mapping(claims.get("groups"))}
    for name in {name for what, _, name in named if what == "group"}:
        region = _mapping(_mapping(groups.get(name)).get("region"))
        if isinstance(region.get("source"), str):
            found.add(region["source"])
    return found


def _mapping(node: Any) -> dict[str, Any]:
    """``node`` if it is a mapping, else an empty one (the step reports the structure)."""
    return node if isinstance(node, dict) else {}


@stops_the_build
def article_ids(folder: Path | str) -> list[str]:
    """The article ids: the names of the claims files ``<folder>/<id>.yaml`` (hidden files
    left out), each a valid id."""
    return sorted(
        check_id(path.stem, what="article id", path=path, field="file name")
        for path in Path(folder).glob("*.yaml")
        if not path.name.startswith(".")
    )


def _checked_claims(claims_path: Path) -> Any:
    """A claims file's content, every id in it that names a file checked."""
    claims = _yaml(claims_path)
    for what, field, name in named_ids(claims):
        if what != "group":  # a group is a name in the data, not a file
            check_id(name, what=what, path=claims_path, field=field)
    return claims


def _catalog_sources(sources_root: Path) -> dict[str, tuple[str, dict[str, Any]]]:
    """source id -> (dataset id, source entry) of the catalog, each source id checked."""
    path = sources_root / "catalog.yaml"
    found = {}
    catalog = _yaml(path)
    datasets = catalog.get("datasets") if isinstance(catalog, dict) else None
    for dataset_id, dataset in (datasets if isinstance(datasets, dict) else {}).items():
        sources = dataset.get("sources") if isinstance(dataset, dict) else None
        for source_id, source in (sources if isinstance(sources, dict) else {}).items():
            where = f"datasets.{dataset_id}.sources"
            check_id(source_id, what="source id", path=path, field=where)
            found[source_id] = (dataset_id, source if isinstance(source, dict) else {})
    return found


@stops_the_build
def extracts_for(claims_path: Path | str, sources_root: Path | str = "sources") -> list[str]:
    """The pinned extracts an article's checks read: of every edition or source it names."""
    catalog = Path(sources_root) / "catalog.yaml"
    return _MEMORY.recall(
        f"extracts_for:{claims_path}:{sources_root}",
        [Path(claims_path), catalog],
        lambda: _extracts_for(Path(claims_path), Path(sources_root)),
    )


def _extracts_for(claims_path: Path, sources_root: Path | str) -> list[str]:
    claims = _checked_claims(Path(claims_path))
    scopes = scopes_used(claims, _mapping(_yaml(Path(sources_root) / "catalog.yaml")).get("groups"))
    return sorted(
        f"{sources_root}/extracts/{source_id}.csv"
        for source_id, (_, source) in _catalog_sources(Path(sources_root)).items()
        if source_id in scopes or source.get("edition") in scopes
    )


@stops_the_build
def article_text_for(claims_path: Path | str) -> list[str]:
    """The scraped article text a claims file names, beside it, if it names one."""
    return _MEMORY.recall(
        f"article_text_for:{claims_path}",
        [Path(claims_path)],
        lambda: _article_text_for(Path(claims_path)),
    )


def _article_text_for(claims_path: Path) -> list[str]:
    claims = _checked_claims(Path(claims_path))
    try:
        name = claims["article"]["text"]["file"]
    except (KeyError, TypeError):
        return []
    if not isinstance(name, str):
        return []  # the step reports the field's type
    folder = Path(claims_path).parent
    return [str(path_inside(folder, name, path=claims_path, field="article.text.file"))]


def present(path: str, workflow: Any) -> list[str]:
    """``[path]`` if the file is there for the build to read, else ``[]``.

    Where it is looked for is where the jobs will read it: in the default storage when
    Snakemake runs with one (``--default-storage-provider``; a job on a node without this
    folder reads it from there, and decides the same), else in this folder. ``workflow`` is
    Snakemake's workflow object.
    """
    if workflow.storage_settings.default_storage_provider is None:
        return [path] if os.path.exists(path) else []
    return [path] if workflow.inputfile(path).storage_object.exists() else []


def article_texts(articles: list[str], folder: Path | str = "sources/articles") -> list[str]:
    """The texts of the given articles (:func:`article_text_for` of each claims file)."""
    return [text for article in articles for text in article_text_for(f"{folder}/{article}.yaml")]


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


STEP = "python3 workflow/steps.py"
"""How a job runs a step: ``python3`` as the job's PATH finds it, on the script beside the
``factcheck`` package (see :func:`interpreter_first_on_path` and ``workflow/steps.py``)."""


def interpreter_first_on_path(executable: str, environ: MutableMapping[str, str]) -> None:
    """Put the folder of ``executable``, the interpreter running Snakemake, first on the PATH
    of ``environ``, which the jobs inherit: their ``python3`` is that interpreter, unless
    the job's own environment (a conda environment, a container) comes first."""
    folder = os.path.dirname(executable)
    rest = [entry for entry in environ.get("PATH", "").split(os.pathsep) if entry != folder]
    environ["PATH"] = os.pathsep.join([folder, *rest])


def step_command(arguments: str, *, code: str, **settings: Any) -> str:
    """Shell command of a rule that runs the step ``<arguments>`` (:data:`STEP`).

    The command names no path of the machine (the interpreter is found on PATH), so that its
    text, on which Snakemake reruns a job, is the same whichever interpreter, virtual
    environment or cluster node runs Snakemake. Every placeholder in ``arguments`` is quoted
    for the shell (``{input.claims}`` becomes ``{input.claims:q}``), so that no path,
    wildcard or parameter is ever read by the shell as code; a parameter that is a list
    gives one argument per item, an empty one none. ``settings`` become options written
    into the command as text (``base_url=x`` -> ``--base-url x``), quoted for the shell and
    kept from Snakemake's ``{...}`` formatting. The first line is a comment holding
    ``code``, the package's digest. Snakemake reruns a job whose command text changed (its
    ``code`` rerun trigger), so a new setting or a change to the package reruns the steps
    concerned, with no ``params:`` to compare (comparing params makes Snakemake import
    pandas on every run). The step's stderr goes to the rule's log and is shown again if
    the step fails.
    """
    quoted = _PLACEHOLDER.sub(r"{\1:q}", arguments)
    options = "".join(
        f" --{name.replace('_', '-')} {shlex.quote(str(value))}" for name, value in settings.items()
    )
    options = options.replace("{", "{{").replace("}", "}}")
    return (
        f"# factcheck code {code}\n{STEP} {quoted}{options}"
        " 2> {log:q} || (cat {log:q} >&2; exit 1)"
    )


@stops_the_build
def live_sources(root: Path | str = "sources") -> dict[str, dict[str, str]]:
    """URL and format of each non-archived source, by id (YAML only, at workflow parse time)."""
    _catalog_sources(Path(root))  # every source id checked
    catalog = _yaml(Path(root) / "catalog.yaml")
    try:
        return {
            source_id: {"url": source["url"], "format": dataset["format"]}
            for dataset in catalog["datasets"].values()
            for source_id, source in sorted(dataset["sources"].items())
            if not source.get("archived", False)
        }
    except (KeyError, TypeError, AttributeError):
        return {}  # the steps themselves report the problem, with file and field


@stops_the_build
def pinned_extracts(root: Path | str = "sources") -> list[str]:
    """Extract paths of every pinned source (lock only, at workflow parse time)."""
    path = Path(root) / "sources.lock.json"
    try:
        pins = json.loads(path.read_text(encoding="utf-8"))["sources"]
    except (OSError, ValueError, KeyError, TypeError):
        return []  # the steps themselves report the problem, with file and field
    return [
        f"{root}/extracts/{check_id(source_id, what='source id', path=path, field='sources')}.csv"
        for source_id in sorted(pins)
    ]
