"""Arithmetic over pinned figures, written in a claims file as YAML.

An expression is one of:

- ``{figure: ENTITY}``: the entity's figure; ``measure``, ``year``, ``edition`` or
  ``source`` may be given beside it, else the check's measure and the reading's year and
  edition apply;
- ``{number: N, unit: U}``: a number the article itself states (1.4 billion people);
- ``{sum: [A, B, ...]}``, ``{difference: [A, B]}``, ``{ratio: [A, B]}`` (A as a multiple of
  B, or A per B for other units), ``{share: [A, B]}`` (A as a percentage of B);
- ``{total: GROUP}``: the sum of a group's members' figures;
- ``{peak: ENTITY, from: YEAR, to: YEAR}``: the largest figure in those years (its year kept);
- ``{change: ENTITY, from: YEAR, to: YEAR}``: the later figure minus the earlier one;
- ``{rank: ENTITY, among: GROUP, exclude: [...]}``: the entity's place, largest first, among
  a group's members (every country, if no group: aggregates are never ranked).

Every value is carried in its canonical unit (``factcheck.quantities``), so a SIPRI figure in
US$ millions and a World Bank figure in US$ combine correctly. The evaluation keeps every
figure it read and writes how it computed the result, in words and numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import FactcheckError
from ..quantities import in_base_unit, number, quantity, unit_of
from ..words import mid_sentence
from .common import CheckContext, data_ref
from .results import FigureRef

TIMES = "times"
PERCENT = "%"
RANK = "rank"

OPERATIONS = (
    "figure",
    "number",
    "sum",
    "difference",
    "ratio",
    "share",
    "total",
    "peak",
    "change",
    "rank",
)


@dataclass(frozen=True)
class Value:
    """A computed quantity in a canonical unit, with the figures and the working behind it."""

    amount: float
    unit: str
    formula: str
    figures: tuple[FigureRef, ...] = ()
    year: int | None = None  # the year a peak was reached
    notes: tuple[str, ...] = field(default_factory=tuple)
    operation: str = ""  # the sign of the arithmetic that made it ("+", "÷"), if any


@dataclass(frozen=True)
class Scope:
    """Where a reading's figures come from by default, and which editions it swaps."""

    measure: str
    edition: str | None
    year: int | None
    use: dict[str, str]

    def of(self, node: dict[str, Any]) -> tuple[str, str, int | None]:
        """(edition or source, measure, year) of a figure node."""
        scope = node.get("source") or node.get("edition") or self.edition
        if scope is None:
            raise FactcheckError("a figure names no edition or source, and the reading none")
        return (
            self.use.get(scope, scope),
            node.get("measure", self.measure),
            node.get("year", self.year),
        )


def evaluate(node: dict[str, Any], ctx: CheckContext, scope: Scope) -> Value:
    """The value of an expression in a reading's scope."""
    operations = [key for key in OPERATIONS if key in node]
    if len(operations) != 1:
        found = " and ".join(repr(key) for key in operations) or "none"
        raise FactcheckError(
            f"an expression holds exactly one operation ({', '.join(OPERATIONS)}); "
            f"{sorted(node)} holds {found}"
        )
    return _OPERATIONS[operations[0]](node, ctx, scope)


def _figure(node: dict[str, Any], ctx: CheckContext, scope: Scope) -> Value:
    where, measure, year = scope.of(node)
    ref = data_ref(ctx.index.lookup(where, measure, node["figure"], year))
    amount = in_base_unit(ref.value, ref.unit)
    shown = quantity(ref.value, ref.unit)
    if "measure" in node:  # a figure of another measure than the check's is named by it
        when = f", {ref.year}" if ref.year is not None else ""
        text = f"{ref.entity}'s {mid_sentence(ref.measure_label)}{when}: {shown}"
    else:
        text = f"{ref.entity}{f' ({ref.year})' if ref.year is not None else ''} {shown}"
    return Value(amount, unit_of(ref.unit).symbol, text, (ref,))


def _number(node: dict[str, Any], ctx: CheckContext, scope: Scope) -> Value:
    unit = node.get("unit", "")
    text = node.get("text") or quantity(node["number"], unit)
    return Value(float(node["number"]), unit_of(unit).symbol, f"{text} (the article's figure)")


def _parts(node: dict[str, Any], key: str, ctx: CheckContext, scope: Scope) -> list[Value]:
    return [evaluate(part, ctx, scope) for part in node[key]]


def _same_unit(values: list[Value], what: str) -> str:
    units = {v.unit for v in values}
    if len(units) != 1:
        raise FactcheckError(f"cannot take the {what} of figures in {sorted(units)}")
    return units.pop()


def _joined(values: list[Value], sign: str, result: float, unit: str) -> Value:
    """Arithmetic on values; an operand made by arithmetic itself is put in brackets."""
    figures = tuple(f for v in values for f in v.figures)
    formula = f" {sign} ".join(f"({v.formula})" if v.operation else v.formula for v in values)
    return Value(result, unit, formula, figures, operation=sign)


def _sum(node: dict[str, Any], ctx: CheckContext, scope: Scope) -> Value:
    values = _parts(node, "sum", ctx, scope)
    return _joined(values, "+", sum(v.amount for v in values), _same_unit(values, "sum"))


def _difference(node: dict[str, Any], ctx: CheckContext, scope: Scope) -> Value:
    first, second = _parts(node, "difference", ctx, scope)
    unit = _same_unit([first, second], "difference")
    return _joined([first, second], "−", first.amount - second.amount, unit)


def _quotient(
    node: dict[str, Any], key: str, ctx: CheckContext, scope: Scope
) -> tuple[Value, Value]:
    top, bottom = _parts(node, key, ctx, scope)
    if bottom.amount == 0:
        raise FactcheckError(f"division by zero: {bottom.formula}")
    return top, bottom


def _ratio(node: dict[str, Any], ctx: CheckContext, scope: Scope) -> Value:
    top, bottom = _quotient(node, "ratio", ctx, scope)
    unit = TIMES if top.unit == bottom.unit else f"{top.unit} per {bottom.unit}".strip()
    return _joined([top, bottom], "÷", top.amount / bottom.amount, unit)


def _share(node: dict[str, Any], ctx: CheckContext, scope: Scope) -> Value:
    top, bottom = _quotient(node, "share", ctx, scope)
    _same_unit([top, bottom], "share")
    return _joined([top, bottom], "÷", 100 * top.amount / bottom.amount, PERCENT)


def _total(node: dict[str, Any], ctx: CheckContext, scope: Scope) -> Value:
    members = ctx.members(node["total"])
    where = {key: node[key] for key in ("measure", "year", "edition", "source") if key in node}
    values = [_figure({**where, "figure": member}, ctx, scope) for member in members]
    total = sum(v.amount for v in values)
    unit = _same_unit(values, "total")
    figures = tuple(f for v in values for f in v.figures)
    formula = (
        f"{node['total']}: the sum of {len(values)} members' figures = {_written(total, unit)}"
    )
    return Value(total, unit, formula, figures)


def _series(node: dict[str, Any], key: str, ctx: CheckContext, scope: Scope) -> list[Value]:
    """The entity's figure in every year from ``from`` to ``to`` the data hold."""
    where, measure, _ = scope.of(node)
    entity = ctx.index.canonical(node[key])
    years = [
        y
        for y in ctx.index.years(where, measure, entity)
        if y is not None and node["from"] <= y <= node.get("to", y)
    ]
    if not years:
        raise FactcheckError(f"no figure for {entity} from {node['from']} in {where!r}")
    return [
        _figure({"figure": entity, "measure": measure, "year": y, "edition": where}, ctx, scope)
        for y in years
    ]


def _peak(node: dict[str, Any], ctx: CheckContext, scope: Scope) -> Value:
    values = _series(node, "peak", ctx, scope)
    top = max(values, key=lambda v: v.amount)
    span = f"{values[0].figures[0].year}\N{EN DASH}{values[-1].figures[0].year}"
    formula = f"the largest of {len(values)} yearly figures, {span}: {top.formula}"
    return Value(
        top.amount,
        top.unit,
        formula,
        tuple(f for v in values for f in v.figures),
        top.figures[0].year,
    )


def _change(node: dict[str, Any], ctx: CheckContext, scope: Scope) -> Value:
    figure_node = {**node, "figure": node["change"]}
    first = _figure({**figure_node, "year": node["from"]}, ctx, scope)
    last = _figure({**figure_node, "year": node["to"]}, ctx, scope)
    unit = _same_unit([first, last], "change")
    return _joined([last, first], "−", last.amount - first.amount, unit)


def _rank(node: dict[str, Any], ctx: CheckContext, scope: Scope) -> Value:
    where, measure, year = scope.of(node)
    entity = ctx.index.canonical(node["rank"])
    excluded = {ctx.index.canonical(name) for name in node.get("exclude", [])}
    members = set(ctx.members(node["among"])) if "among" in node else None
    ranked = [
        d
        for d in ctx.index.all_entities(where, measure, year)
        if d.figure.entity not in excluded and (members is None or d.figure.entity in members)
    ]
    names = [d.figure.entity for d in ranked]
    among = f" in {node['among']}" if "among" in node else ""
    but = f", leaving out {', '.join(sorted(excluded))}" if excluded else ""
    if entity not in names:
        raise FactcheckError(
            f"{entity} is not among the entities ranked{among} in {where!r} "
            f"({measure}, {year}{but})"
        )
    place = names.index(entity) + 1
    leaders = "; ".join(
        f"{n}. {d.figure.entity} {quantity(d.figure.value, d.figure.unit)}"
        for n, d in enumerate(ranked[: max(place + 1, 3)], start=1)
    )
    notes = ()
    if members is not None and (missing := sorted(members - set(names))):
        listed = ", ".join(missing)
        notes = (f"{len(missing)} of {node['among']}'s members have no figure here: {listed}",)
    formula = f"{entity} ranks {place} of {len(ranked)}{among}{but}: {leaders}"
    return Value(
        float(place),
        RANK,
        formula,
        tuple(data_ref(d) for d in ranked[: max(place + 1, 3)]),
        notes=notes,
    )


def _written(amount: float, unit: str) -> str:
    """A computed value in the report's style."""
    if unit == TIMES:
        return number(amount)
    if unit == PERCENT:
        return f"{number(amount)}%"
    return (
        quantity(amount, unit)
        if unit in {"US$", "km²", "people", "warheads"}
        else f"{number(amount)} {unit}".strip()
    )


_OPERATIONS = {
    "figure": _figure,
    "number": _number,
    "sum": _sum,
    "difference": _difference,
    "ratio": _ratio,
    "share": _share,
    "total": _total,
    "peak": _peak,
    "change": _change,
    "rank": _rank,
}


def written(value: Value) -> str:
    """A computed value as the report writes it."""
    return _written(value.amount, value.unit)


def worked(value: Value) -> str:
    """How a value was computed, ending with the result: "Russia US$ 1.83 trillion ÷
    (Belgium US$ 599 billion + Netherlands US$ 1.05 trillion) = 1.11"."""
    return f"{value.formula} = {written(value)}" if value.operation else value.formula
