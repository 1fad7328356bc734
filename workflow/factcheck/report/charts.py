"""Charts of a claim's data, as SVG text to inline in the HTML report.

Which charts a claim gets depends only on what its data hold, so a new article gets charts
without code changes:

- a ratio claim with a year series: the two entities' values per year, and the ratio per
  year against the stated figure;
- a ratio claim without a series whose primary reading compares two areas ("sq km"): two
  squares drawn to scale;
- any other ratio claim whose primary reading has two figures: a bar chart of them.

The SVG is the same bytes on every run (fixed hash salt, no dates), draws text as paths (it
renders without fonts, and text from data cannot become markup), and prefixes every id with
the chart id, so that several charts can share one HTML page.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from datetime import date
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from ..checks.rating import display

if TYPE_CHECKING:
    from matplotlib.axes import Axes

WIDTH_CM, HEIGHT_CM = 16.0, 7.0
COLOURS = ("#1f4e79", "#c0504d", "#4d4d4d", "#7f6000")
LINESTYLES = ("-", "--", "-.", ":")
MARKERS = ("o", "s", "^", "D")
HIGHLIGHT_MARKERS = ("o", "D", "s", "^")
INK = "#333333"
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 7,
    "axes.titlesize": 8,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 7,
    "axes.linewidth": 0.6,
    "axes.edgecolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "grid.color": "#d9d9d9",
    "grid.linewidth": 0.5,
    "xtick.labelsize": 6.5,
    "ytick.labelsize": 6.5,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "legend.fontsize": 6.5,
    "legend.frameon": False,
    "lines.linewidth": 1.4,
    "lines.markersize": 3.5,
    "figure.figsize": (WIDTH_CM / 2.54, HEIGHT_CM / 2.54),
    "svg.fonttype": "path",
    "svg.hashsalt": "factcheck",
    "text.parse_math": False,  # "$" in data is a dollar sign, never mathtext
}
_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_-]+")


def _style() -> AbstractContextManager[None]:
    """The one rc context every chart is drawn and saved in."""
    import matplotlib

    return matplotlib.rc_context(STYLE)


def _tick(value: float, _position: int | None = None) -> str:
    """Axis tick text: thousands separators, no trailing zeros, a true minus (100,000; −2.5)."""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"
    return text.replace("-", "\N{MINUS SIGN}")


def _inline(svg: str, chart_id: str, title: str) -> str:
    """Make matplotlib's SVG file fit to inline in HTML: no XML declaration, DOCTYPE,
    comments or metadata; the root's id is ``chart_id``, every other id is prefixed with
    it, and so is its stylesheet's selector; a <title> names the chart."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"\s*<!--.*?-->", "", svg, flags=re.S)  # matplotlib puts drawn text here
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r'\bid="([^"]*)"', rf'id="{chart_id}-\1"', svg)
    svg = re.sub(r'href="#([^"]*)"', rf'href="#{chart_id}-\1"', svg)
    svg = re.sub(r"url\(#([^)]*)\)", rf"url(#{chart_id}-\1)", svg)
    svg = svg.replace('<style type="text/css">*{', f'<style type="text/css">#{chart_id} *{{', 1)
    head_end = svg.index(">") + 1
    return (
        f'{svg[: head_end - 1]} id="{chart_id}" role="img" aria-labelledby="{chart_id}-title">'
        f'<title id="{chart_id}-title">{escape(title)}</title>{svg[head_end:]}'
    )


def _render(chart_id: str, title: str, draw: Callable[[Axes], None]) -> str:
    """Draw one chart on a fresh figure and return it as inline SVG."""
    from matplotlib.figure import Figure

    if _UNSAFE_ID.search(chart_id) or not chart_id:
        raise ValueError(f"chart id {chart_id!r}: use letters, digits, '-' and '_' only")
    buffer = io.StringIO()
    with _style():
        figure = Figure(layout="constrained")
        axes = figure.add_subplot()
        axes.set_title(title)
        draw(axes)
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return _inline(buffer.getvalue(), chart_id, title)


def line_chart(
    series: dict[str, list[tuple[int, float]]],
    *,
    chart_id: str,
    title: str,
    unit: str,
    reference: tuple[float, str] | None = None,
    marker_year: float | None = None,
    marker_label: str = "",
    highlights: dict[str, list[tuple[float, float]]] | None = None,
) -> str:
    """Lines over years, one per series, told apart by colour, line style and marker.

    ``reference`` is a (value, label) dashed horizontal line, labelled at its right end;
    ``marker_year`` a dotted vertical line (fractions of a year allowed) named
    ``marker_label`` in the legend; ``highlights`` maps a legend label to points circled on
    top of the lines. The legend stands under the plot. The y axis starts at 0 unless a
    value is negative; then a zero line is drawn.
    """

    def draw(axes: Axes) -> None:
        from matplotlib.ticker import FuncFormatter, MaxNLocator

        for n, (name, points) in enumerate(series.items()):
            axes.plot(
                [year for year, _ in points],
                [value for _, value in points],
                label=name,
                gid=f"series-{n}",
                color=COLOURS[n % len(COLOURS)],
                linestyle=LINESTYLES[n % len(LINESTYLES)],
                marker=MARKERS[n % len(MARKERS)],
            )
        for n, (label, points) in enumerate((highlights or {}).items()):
            axes.plot(
                [x for x, _ in points],
                [y for _, y in points],
                label=label,
                gid=f"highlight-{n}",
                linestyle="none",
                marker=HIGHLIGHT_MARKERS[n % len(HIGHLIGHT_MARKERS)],
                markersize=8,
                markerfacecolor="none",
                markeredgecolor="black",
                markeredgewidth=0.8,
            )
        if reference is not None:
            value, label = reference
            axes.axhline(value, color=INK, linestyle=(0, (4, 3)), linewidth=0.9, gid="reference")
            axes.annotate(
                label,
                xy=(1, value),
                xycoords=("axes fraction", "data"),
                xytext=(-2, 2),
                textcoords="offset points",
                ha="right",
                va="bottom",
            )
        if marker_year is not None:
            axes.axvline(
                marker_year, color=INK, linestyle=":", linewidth=1, label=marker_label, gid="marker"
            )
        if min(value for points in series.values() for _, value in points) >= 0:
            axes.set_ylim(bottom=0)
        else:
            axes.axhline(0, color=INK, linewidth=0.6, gid="zero")
        axes.set_xlabel("Year")
        axes.set_ylabel(unit)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.yaxis.set_major_formatter(FuncFormatter(_tick))
        axes.grid(axis="y")
        entries = len(axes.get_legend_handles_labels()[1])
        axes.figure.legend(loc="outside lower center", ncols=min(entries, 3))

    return _render(chart_id, title, draw)


def bar_chart(
    values: list[tuple[str, float]],
    *,
    chart_id: str,
    title: str,
    unit: str,
    highlight: Iterable[str] = (),
) -> str:
    """Horizontal bars, top to bottom in the given order, each labelled with its value;
    bars named in ``highlight`` are dark, the others light (distinct in grayscale too).
    Negative values extend left of a zero line."""
    emphasised = set(highlight)

    def draw(axes: Axes) -> None:
        from matplotlib.ticker import FuncFormatter

        labels = [label for label, _ in values]
        numbers = [number for _, number in values]
        colours = [COLOURS[0] if label in emphasised else "#bfbfbf" for label in labels]
        rows = range(len(values))
        bars = axes.barh(rows, numbers, color=colours, height=0.6)
        for row, (bar, number) in enumerate(zip(bars, numbers, strict=True)):
            bar.set_gid(f"bar-{row}")
            axes.annotate(
                display(number),
                xy=(number, row),
                xytext=(3 if number >= 0 else -3, 0),
                textcoords="offset points",
                ha="left" if number >= 0 else "right",
                va="center",
            )
        axes.set_yticks(rows, labels)
        axes.invert_yaxis()
        if min(numbers) >= 0:
            axes.set_xlim(left=0)
        else:
            axes.axvline(0, color=INK, linewidth=0.6, gid="zero")
        axes.set_xlabel(unit)
        axes.xaxis.set_major_formatter(FuncFormatter(_tick))
        axes.tick_params(axis="y", length=0)
        axes.spines["left"].set_visible(False)
        axes.grid(axis="x")
        axes.set_axisbelow(True)

    return _render(chart_id, title, draw)


def squares_chart(
    values: list[tuple[str, float]],
    *,
    chart_id: str,
    title: str,
    unit: str,
    note: str = "",
) -> str:
    """Squares side by side whose areas are proportional to the values (all > 0), each
    labelled with its name and value; ``note`` stands to their right."""

    def draw(axes: Axes) -> None:
        from matplotlib.patches import Rectangle

        largest = max(number for _, number in values)
        x = 0.0
        for n, (label, number) in enumerate(values):
            side = math.sqrt(number / largest)
            axes.add_patch(
                Rectangle(
                    (x, 0),
                    side,
                    side,
                    facecolor=COLOURS[n % len(COLOURS)],
                    edgecolor="black",
                    linewidth=0.6,
                    hatch=None if n == 0 else "////",
                    alpha=0.85,
                    gid=f"square-{n}",
                )
            )
            axes.text(x, -0.04, f"{label}\n{display(number)} {unit}", ha="left", va="top")
            x += max(side, 0.4) + 0.1
        if note:
            axes.text(x, 0.5, note, ha="left", va="center")
        axes.set_xlim(-0.01, x + 0.6)
        axes.set_ylim(-0.22, 1.01)
        axes.set_aspect("equal", adjustable="box", anchor="W")
        axes.set_axis_off()

    return _render(chart_id, title, draw)


def _cited(verdicts: dict[str, Any], figure: dict[str, Any]) -> tuple[str, str, str]:
    """(publisher, work, edition) naming where a figure comes from: a pinned source, or a
    publication cited in the claims file's evidence list (marked if UNVERIFIED)."""
    if "source_id" in figure:
        source = next(s for s in verdicts["sources"] if s["id"] == figure["source_id"])
        return source["publisher"], source["title"], f"{source['description']} [{source['id']}]"
    item = next(e for e in verdicts.get("evidence", []) if e["id"] == figure["evidence_id"])
    mark = "" if item["verified"] else ", UNVERIFIED"
    return (
        item["publisher"],
        item["measures"],
        f"published {item['published']} [{item['id']}]{mark}",
    )


def _caption(verdicts: dict[str, Any], figures: Iterable[dict[str, Any]]) -> str:
    """The source line under a chart: where ``figures`` come from, and their units."""
    figures = list(figures)
    by_work: dict[tuple[str, str], list[str]] = {}
    for publisher, work, edition in sorted({_cited(verdicts, figure) for figure in figures}):
        by_work.setdefault((publisher, work), []).append(edition)
    works = " — ".join(
        f"{publisher}, {work}: {'; '.join(editions)}"
        for (publisher, work), editions in by_work.items()
    )
    units = ", ".join(sorted({figure["unit"] for figure in figures}))
    return f"Source: {works}. Figures in {units}."


def _slug(text: str) -> str:
    return _UNSAFE_ID.sub("-", text).strip("-") or "chart"


def _marked_readings(claim: dict[str, Any], measure: str) -> list[dict[str, Any]]:
    """The primary and at-publication readings with a year and a value in ``measure``."""
    return [
        reading
        for reading in claim["readings"]
        if reading["role"] != "sensitivity"
        and reading["year"] is not None
        and reading["value"] is not None
        and reading["measure"] == measure
    ]


def _reading_label(reading: dict[str, Any]) -> str:
    return f"{reading['role'].replace('_', ' ')} ({reading['scope']}, {reading['year']})"


def _publication(verdicts: dict[str, Any], years: list[int]) -> tuple[float, str] | None:
    """Where the article's publication date falls on a year axis, if within ``years``."""
    published = date.fromisoformat(str(verdicts["article"]["published"]))
    if not min(years) <= published.year <= max(years):
        return None
    start = date(published.year, 1, 1)
    length = (date(published.year + 1, 1, 1) - start).days
    return (
        published.year + (published - start).days / length,
        f"article published {published:%b %Y}",
    )


def _series_charts(
    claim: dict[str, Any], verdicts: dict[str, Any], slug: str
) -> list[dict[str, str]]:
    """Values of both entities per year, and their ratio per year against the claim."""
    points = claim["series"]
    top, bottom = points[0]["numerator"], points[0]["denominator"]
    names, unit, measure = (top["entity"], bottom["entity"]), top["unit"], top["measure"]
    years = [point["year"] for point in points]
    span = f"{min(years)}\N{EN DASH}{max(years)}"
    publication = _publication(verdicts, years)
    marker = {"marker_year": publication[0], "marker_label": publication[1]} if publication else {}
    readings = _marked_readings(claim, measure)
    series_figures = [p[side] for p in points for side in ("numerator", "denominator")]
    reading_figures = [figure for reading in readings for figure in reading["figures"]]
    caption = _caption(verdicts, series_figures + reading_figures)
    values_id, ratio_id = f"{slug}-values", f"{slug}-ratio"
    values_title = f"{names[0]} and {names[1]}, {span}"
    ratio_title = f"{names[0]} ÷ {names[1]}, {span}, against the claim"
    stated = claim["stated"]
    values_svg = line_chart(
        {
            names[0]: [(p["year"], p["numerator"]["value"]) for p in points],
            names[1]: [(p["year"], p["denominator"]["value"]) for p in points],
        },
        chart_id=values_id,
        title=values_title,
        unit=unit,
        highlights={
            _reading_label(r): [(f["year"], f["value"]) for f in r["figures"]] for r in readings
        },
        **marker,
    )
    ratio_svg = line_chart(
        {f"{names[0]} ÷ {names[1]}": [(p["year"], p["value"]) for p in points]},
        chart_id=ratio_id,
        title=ratio_title,
        unit=f"ratio, {names[0]} ÷ {names[1]}",
        reference=(float(stated["value"]), f"claimed: {stated['text']}"),
        highlights={
            f"{_reading_label(r)}: {r['value_text']}": [(r["year"], r["value"])] for r in readings
        },
        **marker,
    )
    return [
        {"id": values_id, "title": values_title, "svg": values_svg, "caption": caption},
        {"id": ratio_id, "title": ratio_title, "svg": ratio_svg, "caption": caption},
    ]


def _pair_chart(claim: dict[str, Any], verdicts: dict[str, Any], slug: str) -> list[dict[str, str]]:
    """The primary reading's two figures: squares to scale for areas, else bars."""
    primary = next(r for r in claim["readings"] if r["role"] == "primary")
    figures = primary["figures"]
    if len(figures) != 2 or len({figure["unit"] for figure in figures}) != 1:
        return []
    unit = figures[0]["unit"]
    values = [(figure["entity"], figure["value"]) for figure in figures]
    names = f"{values[0][0]} and {values[1][0]}"
    if "sq km" in unit and all(value > 0 for _, value in values):
        chart_id, title = f"{slug}-area", f"{names} drawn to scale: {primary['label']}"
        note = f"{values[0][0]} ÷ {values[1][0]} = {primary['value_text']}"
        if claim.get("stated"):
            note += f"\nclaimed: {claim['stated']['text']}"
        svg = squares_chart(values, chart_id=chart_id, title=title, unit=unit, note=note)
    else:
        chart_id, title = f"{slug}-figures", f"{names}: {primary['label']}"
        svg = bar_chart(values, chart_id=chart_id, title=title, unit=unit)
    return [{"id": chart_id, "title": title, "svg": svg, "caption": _caption(verdicts, figures)}]


def _ranking_chart(
    claim: dict[str, Any], verdicts: dict[str, Any], slug: str
) -> list[dict[str, str]]:
    """The primary reading's ranking as bars, the claimed leaders highlighted."""
    primary = claim["readings"][0]
    places = primary["places"]
    chart_id, title = f"{slug}-ranking", f"Ranking: {primary['label']}"
    leaders = {p["entity"] for p in places if p["entity"] in claim["entities"]}
    svg = bar_chart(
        [(p["entity"], p["value"]) for p in places],
        chart_id=chart_id,
        title=title,
        unit=places[0]["unit"],
        highlight=leaders,
    )
    return [{"id": chart_id, "title": title, "svg": svg, "caption": _caption(verdicts, places)}]


def _path_chart(claim: dict[str, Any], verdicts: dict[str, Any], slug: str) -> list[dict[str, str]]:
    """The outcome year by year, with the forecasts and the claim's threshold."""
    path = claim.get("path") or []
    if not path:
        return []
    years = [p["year"] for p in path]
    entity, unit = path[0]["entity"], path[0]["unit"]
    threshold = claim["threshold"]
    chart_id = f"{slug}-path"
    title = f"{entity}: {path[0]['measure_label']}, {min(years)}\N{EN DASH}{max(years)}"
    publication = _publication(verdicts, years)
    marker = {"marker_year": publication[0], "marker_label": publication[1]} if publication else {}
    publishers = [f["publisher"] for f in claim["forecasts"]]
    forecasts = {  # two forecasts by one publisher are told apart by their evidence ids
        f"forecast: {f['publisher']}"
        + (f" [{f['evidence_id']}]" if publishers.count(f["publisher"]) > 1 else ""): [
            (f["year"], f["value"])
        ]
        for f in claim["forecasts"]
    }
    svg = line_chart(
        {entity: [(p["year"], p["value"]) for p in path]},
        chart_id=chart_id,
        title=title,
        unit=unit,
        reference=(float(threshold["value"]), f"threshold {threshold['op']} {threshold['value']}"),
        highlights=forecasts,
        **marker,
    )
    caption = _caption(verdicts, [*path, *claim["forecasts"]])
    return [{"id": chart_id, "title": title, "svg": svg, "caption": caption}]


CHARTS_BY_CHECK: dict[
    str, Callable[[dict[str, Any], dict[str, Any], str], list[dict[str, str]]]
] = {
    "ranking": _ranking_chart,
    "forecast_outcome": _path_chart,
}


def render_charts(verdicts: dict[str, Any]) -> dict[str, list[dict[str, str]]]:
    """Every claim's charts, by claim id (an empty list where its data give none).

    Each chart is ``{"id", "title", "svg", "caption"}``; ``svg`` is inline SVG markup and
    ``caption`` names the sources and units of the figures drawn.
    """
    charts: dict[str, list[dict[str, str]]] = {}
    for claim in verdicts["claims"]:
        slug = _slug(claim["id"])
        if claim["check"] in CHARTS_BY_CHECK:
            charts[claim["id"]] = CHARTS_BY_CHECK[claim["check"]](claim, verdicts, slug)
        elif claim["check"] != "ratio":
            charts[claim["id"]] = []
        elif claim.get("series"):
            charts[claim["id"]] = _series_charts(claim, verdicts, slug)
        else:
            charts[claim["id"]] = _pair_chart(claim, verdicts, slug)
    return charts
