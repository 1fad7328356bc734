"""JSON Schema validation with errors that name the file, the field and what is allowed."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import FactcheckError
from .yamlfile import read_yaml

if TYPE_CHECKING:
    import jsonschema

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"


@functools.cache
def _schema(name: str) -> dict[str, Any]:
    return read_yaml(SCHEMA_DIR / f"{name}.schema.yaml")


def _validator(document: dict[str, Any]) -> jsonschema.Draft202012Validator:
    """A validator of ``document``, made once per schema document (schemas are cached)."""
    key = id(document)
    if key not in _VALIDATORS:
        import jsonschema  # only where something is validated: reading JSON does not need it

        _VALIDATORS[key] = jsonschema.Draft202012Validator(document)
    return _VALIDATORS[key]


_VALIDATORS: dict[int, jsonschema.Draft202012Validator] = {}


def load_schema(name: str) -> dict[str, Any]:
    """``workflow/schemas/<name>.schema.yaml``, read once."""
    return _schema(name)


def apply_defaults(instance: dict[str, Any], schema_name: str) -> None:
    """Fill in the top-level ``default`` values of the schema for keys ``instance`` lacks."""
    for key, spec in _schema(schema_name).get("properties", {}).items():
        if "default" in spec:
            instance.setdefault(key, spec["default"])


def _field_path(error: jsonschema.ValidationError) -> str:
    text = ""
    for part in error.absolute_path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text or "(top level)"


SHOWN_CHARACTERS = 80  # of a value quoted in a message: a 5000-character value is cut


def _describe(error: jsonschema.ValidationError) -> str:
    if error.validator == "enum":
        allowed = ", ".join(repr(v) for v in error.validator_value)
        message = f"{error.instance!r} is not allowed; allowed values: {allowed}"
    elif error.validator == "additionalProperties":
        allowed = ", ".join(sorted(error.schema.get("properties", {})))
        message = f"{error.message}; allowed fields: {allowed}"
    else:
        message = error.message
    shown = repr(error.instance)
    if len(shown) > SHOWN_CHARACTERS:
        cut = f"{shown[: SHOWN_CHARACTERS - 10]}… ({len(shown):,} characters)"
        message = message.replace(shown, cut)
    return message


def validate(instance: Any, schema: str | dict[str, Any], path: Path | str) -> None:
    """Validate ``instance`` against a schema: ``workflow/schemas/<schema>.schema.yaml``, or a
    schema document made from one (kept alive by its maker, e.g. in a cache).

    Raises FactcheckError for the first error (the deepest, most specific one).
    """
    document = _schema(schema) if isinstance(schema, str) else schema
    errors = sorted(_validator(document).iter_errors(instance), key=lambda e: list(e.path))
    if errors:
        error = max(errors[:1] + list(errors[0].context or []), key=lambda e: len(e.path))
        raise FactcheckError(_describe(error), path=path, field=_field_path(error))


def load_yaml(path: Path | str, schema_name: str | dict[str, Any]) -> Any:
    """Read a YAML file (see :mod:`factcheck.yamlfile`) and validate it; every failure names
    the file."""
    data = read_yaml(path)
    validate(data, schema_name, path)
    return data


def load_json(path: Path | str) -> Any:
    """Read a JSON file the pipeline wrote; every failure names the file."""
    path = Path(path)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise FactcheckError(f"cannot read: {exc.strerror}", path=path) from exc
    except ValueError as exc:
        raise FactcheckError(f"not valid JSON: {exc}", path=path) from exc
