"""Charts as SVG text to inline in the HTML report: lines over years, bars, squares to scale.

Which charts a claim gets is its view's choice (:mod:`factcheck.report.views`). Values are
drawn in their unit's scale ("US$ billion", "million km²", from
:mod:`factcheck.quantities`), so that ticks read 20, not 20,000,000,000.

The SVG is the same bytes on every run (fixed hash salt, no dates), keeps its text as text
(``svg.fonttype: none``): matplotlib places it with the metrics of the DejaVu files it ships,
which are the very files the PDF step draws it with (:mod:`.fonts`), so the chart looks as
matplotlib drew it, its words can be searched and copied, and the PDF is drawn in about
four fifths of the time glyph outlines take. Text from data is escaped, never markup. Every
id is prefixed with the chart id, so that several charts can share one HTML page.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from ..quantities import SCALE_WORDS, quantity, unit_of

if TYPE_CHECKING:
    from matplotlib.axes import Axes

WIDTH_CM, HEIGHT_CM = 16.0, 5.6
LEGEND_FONT_SIZE = 6.5
# A legend line across the chart holds about this many characters at LEGEND_FONT_SIZE (an
# average DejaVu Sans character is 0.6 em wide), each entry's handle taking about 6.
LEGEND_LINE_CHARACTERS = int(WIDTH_CM / 2.54 * 72 / (0.6 * LEGEND_FONT_SIZE)) - 10
LEGEND_HANDLE_CHARACTERS = 6
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
    "legend.fontsize": LEGEND_FONT_SIZE,
    "legend.frameon": False,
    "lines.linewidth": 1.4,
    "lines.markersize": 3.5,
    "figure.figsize": (WIDTH_CM / 2.54, HEIGHT_CM / 2.54),
    "svg.fonttype": "none",
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


def axis_scale(values: Iterable[float], written_unit: str) -> tuple[float, str]:
    """The divisor that brings values in ``written_unit`` to a readable scale, and the axis
    label saying what one tick unit is: (1e3, "US$ billion") for SIPRI's US$ millions."""
    unit = unit_of(written_unit)
    largest = max((abs(v) * unit.scale for v in values), default=0)
    size, word = next(((s, w) for s, w in SCALE_WORDS if largest >= s), (1, ""))
    if unit.percent or not word:
        return 1 / unit.scale, unit.symbol
    label = f"{unit.symbol} {word}" if unit.prefix else f"{word} {unit.symbol}"
    return size / unit.scale, label.strip()


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


def legend_columns(labels: list[str]) -> int:
    """As many legend columns (at most 3) as the chart's width holds for the longest label."""
    widest = max((len(label) for label in labels), default=0) + LEGEND_HANDLE_CHARACTERS
    return max(1, min(len(labels), 3, LEGEND_LINE_CHARACTERS // widest))


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
    value is negative; then a zero line is drawn. Values are in the written ``unit``; the
    axis shows them at a readable scale.
    """
    divisor, axis_label = axis_scale((v for points in series.values() for _, v in points), unit)

    def draw(axes: Axes) -> None:
        from matplotlib.ticker import FuncFormatter, MaxNLocator

        for n, (name, points) in enumerate(series.items()):
            axes.plot(
                [year for year, _ in points],
                [value / divisor for _, value in points],
                label=name,
                gid=f"series-{n}",
                color=COLOURS[n % len(COLOURS)],
                linestyle=LINESTYLES[n % len(LINESTYLES)],
                marker=MARKERS[n % len(MARKERS)],
            )
        for n, (label, points) in enumerate((highlights or {}).items()):
            axes.plot(
                [x for x, _ in points],
                [y / divisor for _, y in points],
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
            value /= divisor
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
        axes.set_ylabel(axis_label)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.yaxis.set_major_formatter(FuncFormatter(_tick))
        axes.grid(axis="y")
        labels = axes.get_legend_handles_labels()[1]
        axes.figure.legend(loc="outside lower center", ncols=legend_columns(labels))

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
    Negative values extend left of a zero line. Values are in the written ``unit``."""
    emphasised = set(highlight)
    divisor, axis_label = axis_scale((v for _, v in values), unit)

    def draw(axes: Axes) -> None:
        from matplotlib.ticker import FuncFormatter

        labels = [label for label, _ in values]
        numbers = [number / divisor for _, number in values]
        colours = [COLOURS[0] if label in emphasised else "#bfbfbf" for label in labels]
        rows = range(len(values))
        bars = axes.barh(rows, numbers, color=colours, height=0.6)
        for row, (bar, number) in enumerate(zip(bars, numbers, strict=True)):
            bar.set_gid(f"bar-{row}")
            axes.annotate(
                quantity(values[row][1], unit),
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
        axes.set_xlabel(axis_label)
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
            axes.text(x, -0.04, f"{label}\n{quantity(number, unit)}", ha="left", va="top")
            x += max(side, 0.4) + 0.1
        if note:
            axes.text(x, 0.5, note, ha="left", va="center")
        axes.set_xlim(-0.01, x + 0.6)
        axes.set_ylim(-0.22, 1.01)
        axes.set_aspect("equal", adjustable="box", anchor="W")
        axes.set_axis_off()

    return _render(chart_id, title, draw)
