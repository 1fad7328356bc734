"""The one YAML reader of the pipeline, at workflow parse time and in the steps.

libyaml (C) parses where it is installed. Before anything is built, one pass over the
parser's events bounds the document: its nesting depth (libyaml's composer recurses, and
crashes on a hundred thousand nested brackets), its number of aliases and its size once
every alias is expanded (ten levels of ten aliases stand for 10^10 nodes, which any walk
over the data would visit). Building the data then refuses a key given twice in one mapping
(YAML keeps the last one silently) and numbers that cannot be computed with (NaN,
infinities, denormals, thousands of digits: see :mod:`factcheck.finite`). Dates stay the
strings they were written as.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import yaml

from .errors import FactcheckError
from .finite import number_problem
from .textfile import decode_utf8

MAX_YAML_BYTES = 2 * 2**20
"""Largest YAML file read (the claims file: 33 KB; the catalog: 11 KB)."""

MAX_YAML_DEPTH = 64
"""Deepest nesting of sequences and mappings (real files: 7 levels)."""

MAX_YAML_ALIASES = 100
"""Most aliases (``*name``) in one file (real files: none)."""

MAX_YAML_NODES = 500_000
"""Most nodes once every alias is expanded (the claims file: 1,615)."""

_LIMITS_FILE = "workflow/factcheck/yamlfile.py"
_BASE: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE = "tag:yaml.org,2002:merge"


@dataclass(frozen=True)
class _Unfit:
    """Stands in the data for a number that cannot be computed with, until its field is found."""

    problem: str
    line: int


class _Refused(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class _Loader(_BASE):  # type: ignore[valid-type, misc]
    """Safe loader that refuses duplicate keys and marks unfit numbers; dates stay strings."""

    yaml_implicit_resolvers: ClassVar = {
        key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str):
        super().__init__(stream)
        self.unfit: list[_Unfit] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        first_line: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == _MERGE:
                continue
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            try:
                if key in first_line:
                    raise _Refused(
                        line,
                        f"key {key!r} is given twice in one mapping (first at line "
                        f"{first_line[key]}); YAML would keep only the last one",
                    )
                first_line[key] = line
            except TypeError:
                continue  # an unhashable key: the base class says so
        return super().construct_mapping(node, deep=deep)

    def construct_checked_number(self, node: yaml.ScalarNode) -> Any:
        line = node.start_mark.line + 1
        problem = number_problem(node.value)
        if problem is None:
            read = yaml.SafeLoader.yaml_constructors[node.tag]
            value = read(self, node)
            problem = number_problem(node.value, value)
        if problem is None:
            return value
        unfit = _Unfit(problem, line)
        self.unfit.append(unfit)
        return unfit


for _tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
    _Loader.add_constructor(_tag, _Loader.construct_checked_number)


def _cap(name: str, what: str, found: int, limit: int) -> str:
    return (
        f"{what} is {found:,}, over the limit of {limit:,} ({name} in {_LIMITS_FILE}); "
        "check that this is the file meant"
    )


def _bound(text: str) -> None:
    """Check depth, aliases and expanded size on the parser's events, before composing."""
    sizes: dict[str, int] = {}  # anchor -> expanded size of its node
    open_sizes: list[int] = []  # expanded size so far of each open collection
    open_anchors: list[str | None] = []
    aliases = 0
    for event in yaml.parse(text, Loader=_BASE):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.CollectionStartEvent):
            if len(open_sizes) >= MAX_YAML_DEPTH:
                raise _Refused(
                    line,
                    _cap(
                        "MAX_YAML_DEPTH", "the nesting depth", len(open_sizes) + 1, MAX_YAML_DEPTH
                    ),
                )
            open_sizes.append(1)
            open_anchors.append(event.anchor)
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            size = open_sizes.pop()
            if anchor := open_anchors.pop():
                sizes[anchor] = size
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_YAML_ALIASES:
                raise _Refused(
                    line,
                    _cap("MAX_YAML_ALIASES", "the number of aliases", aliases, MAX_YAML_ALIASES),
                )
            if event.anchor in open_anchors:
                raise _Refused(line, f"alias *{event.anchor} refers to a node that contains it")
            size = sizes.get(event.anchor, 1)
        elif isinstance(event, yaml.ScalarEvent):
            size = 1
            if event.anchor:
                sizes[event.anchor] = 1
        else:
            continue  # start and end of the stream or a document
        if open_sizes:
            open_sizes[-1] += size
            if open_sizes[-1] > MAX_YAML_NODES:
                raise _Refused(
                    line,
                    _cap(
                        "MAX_YAML_NODES",
                        "the number of nodes with every alias expanded",
                        open_sizes[-1],
                        MAX_YAML_NODES,
                    ),
                )


def _field_of(data: Any, target: object) -> str | None:
    """Where ``target`` stands in ``data`` (``claims[4].check.value``), in document order."""
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        node, field = stack.pop()
        if node is target:
            return field or "(top level)"
        if isinstance(node, dict):
            items = [(v, f"{field}.{k}" if field else str(k)) for k, v in node.items()]
        elif isinstance(node, list):
            items = [(v, f"{field}[{i}]") for i, v in enumerate(node)]
        else:
            continue
        stack.extend(reversed(items))
    return None


def load_yaml_text(text: str, path: Path | str) -> Any:
    """The data of a YAML text; FactcheckError naming ``path`` and the line or field."""
    try:
        _bound(text)
        loader = _Loader(text)
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except _Refused as refused:
        raise FactcheckError(refused.message, path=path, field=f"line {refused.line}") from None
    except yaml.YAMLError as exc:
        raise FactcheckError(f"not valid YAML: {exc}".replace("\n", " "), path=path) from None
    if loader.unfit:
        first = loader.unfit[0]
        field = _field_of(data, first)
        where = f"{field} (line {first.line})" if field else f"line {first.line}"
        raise FactcheckError(first.problem, path=path, field=where)
    return data


def read_yaml(path: Path | str) -> Any:
    """The data of a YAML file, read within MAX_YAML_BYTES; every failure names the file."""
    try:
        with Path(path).open("rb") as handle:
            data = handle.read(MAX_YAML_BYTES + 1)
    except FileNotFoundError:
        raise FactcheckError("file not found", path=path) from None
    if len(data) > MAX_YAML_BYTES:
        size = Path(path).stat().st_size
        raise FactcheckError(
            _cap("MAX_YAML_BYTES", "the file size", size, MAX_YAML_BYTES), path=path
        )
    return load_yaml_text(decode_utf8(data, path), path)
