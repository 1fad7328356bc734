"""The drift report for people: Markdown (drift.md, the CI job summary) and console lines.

Verdicts come first, then every checked claim's headline old -> new (it may move while the
verdict holds), then each live source with what changed and what to do, failed ones
included, then the figures and rows behind them.
"""

from __future__ import annotations

from typing import Any

from ..words import counted

UNCHANGED = "unchanged"


def headline(report: dict[str, Any]) -> str:
    """One line saying what drifted, verdicts first."""
    s = report["summary"]
    if not any(report["drift"].values()) and not s["sources_changed"] and not s["verdict_errors"]:
        return f"no drift: the {s['sources_fetched']} live sources match the pinned state"
    verdicts = (
        f"{counted(s['verdicts_changed'], 'claim')} would change verdict"
        if s["verdicts_changed"]
        else "no verdict would change"
    )
    if s["verdict_errors"]:
        verdicts += f", {s['verdict_errors']} could not be computed"
    if s["failed"] or s["vanished"]:
        missed = s["failed"] + s["vanished"]
        verdicts += (
            f" (as far as compared: {counted(missed, 'source')} could not be fetched or read)"
        )
    return (
        f"{verdicts}; {counted(s['headlines_changed'], 'headline value')} moved; "
        f"{s['sources_changed']} of {counted(s['sources_fetched'], 'source')} changed or failed "
        f"({s['failed']} failed, {s['vanished']} vanished, {s['refused']} not fit to pin); "
        f"{counted(s['used_values_changed'], 'figure')} the claims use changed"
    )


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):  # about 8 significant digits, with thousands separators
        decimals = 0 if value.is_integer() else max(0, 8 - len(str(int(abs(value)))))
        text = f"{value:,.{decimals}f}"
        return text.rstrip("0").rstrip(".") if decimals else text
    return str(value).replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return [*lines, ""]


def _state(state: dict[str, Any] | None) -> str:
    if state is None:
        return "not pinned"
    return f"`{state['sha256'][:12]}` ({state['bytes']:,} bytes), {state['release']}"


def _span(summary: dict[str, Any]) -> str:
    text = str(summary["rows"])
    extra = [f"years {', '.join(map(str, summary['years']))}"] if summary["years"] else []
    if summary["entities"]:
        names = summary["entities"]
        extra.append(", ".join(names[:5]) + (f" and {len(names) - 5} more" if names[5:] else ""))
    return f"{text} ({'; '.join(extra)})" if extra else text


def _arrow(old: str, new: str) -> str:
    return old if old == new else f"{old} → {new}"


def _verdicts(report: dict[str, Any]) -> list[str]:
    lines = ["## 1. Verdicts", ""]
    for error in report["errors"]:
        lines += [f"**Not computed from the {error['state']} data:** {_cell(error['error'])}", ""]
    if report["verdicts"]:
        lines += _table(
            ["article", "claim", "what", "pinned", "fetched"],
            [
                [
                    v["article"],
                    v["claim"],
                    v["what"],
                    f"{v['old']} {v['old_value']}".strip(),
                    f"{v['new']} {v['new_value']}".strip(),
                ]
                for v in report["verdicts"]
            ],
        )
    elif not report["errors"]:
        lines += ["No verdict would change.", ""]
    if report["claims"]:
        lines += [
            "Every checked claim, pinned → fetched (a headline may move while its verdict holds):",
            "",
        ]
        lines += _table(
            ["article", "claim", "verdict", "headline, pinned", "headline, fetched"],
            [
                [
                    c["article"],
                    c["claim"],
                    _arrow(c["verdict"]["old"], c["verdict"]["new"]),
                    c["headline"]["old"],
                    c["headline"]["new"] if c["headline"]["changed"] else UNCHANGED,
                ]
                for c in report["claims"]
            ],
        )
    return lines


def _sources(report: dict[str, Any]) -> list[str]:
    lines = ["## 2. Sources: what changed and what to do", ""]
    lines += _table(
        ["source", "fetch", "what changed", "what to do"],
        [
            [s["source"], s["outcome"], "; ".join(s["changes"]) or UNCHANGED, s["action"]]
            for s in report["sources"]
        ],
    )
    refused = [s for s in report["sources"] if s["refusals"]]
    if refused:
        lines += ["`snakemake -c1 pin` refuses these sources:", ""]
        lines += [f"- {s['source']}: {_cell(r)}" for s in refused for r in s["refusals"]]
        lines.append("")
    return lines


def _values(report: dict[str, Any]) -> list[str]:
    lines = ["## 3. Values", ""]
    tolerance = f"changes under {report['tolerance']:g} relative are rounding noise and ignored"
    if report["values"]["used"]:
        lines += [f"Figures the claims use ({tolerance}):", ""]
        lines += _table(
            ["source", "edition", "entity", "measure", "year", "pinned", "fetched", "change"],
            [
                [v[key] for key in ("source", "edition", "entity", "measure", "year")]
                + [v["old"], v["new"], v["change"]]
                for v in report["values"]["used"]
            ],
        )
    else:
        lines += [f"No figure the claims use changed ({tolerance}).", ""]
    if report["values"]["extracts"]:
        lines += ["All rows of each changed extract:", ""]
        lines += _table(
            [
                "source",
                "rows (pinned → fetched)",
                "appeared",
                "disappeared",
                "other values changed",
            ],
            [
                [
                    e["source"],
                    f"{e['rows']['old']} → {e['rows']['new']}",
                    _span(e["appeared"]),
                    _span(e["disappeared"]),
                    e["changed_other"],
                ]
                for e in report["values"]["extracts"]
            ],
        )
    return lines


def _bytes(report: dict[str, Any]) -> list[str]:
    lines = ["## 4. Bytes", ""]
    if not report["bytes"]:
        return [*lines, "Every live source fetched serves the pinned bytes.", ""]
    rows = []
    for b in report["bytes"]:
        if b["change"] == "vanished":
            detail = [f"HTTP {b['status']}", b["url"]]
        elif b["change"] == "moved":
            detail = [b["url"], f"redirects to {b['final_url']}"]
        else:
            detail = [_state(b["old"]), _state(b["new"])]
        rows.append([b["source"], b["change"], *detail])
    return lines + _table(["source", "change", "pinned", "fetched"], rows)


def render_markdown(report: dict[str, Any]) -> str:
    """The drift report as Markdown, fit for a GitHub job summary."""
    s = report["summary"]
    lines = [
        "# Source drift",
        "",
        f"Checked {report['checked']}: {counted(s['sources_fetched'], 'live source')} fetched and "
        f"compared with the pinned state in `{report['pinned']}/`.",
        "",
        f"**{headline(report)}.**",
        "",
    ]
    lines += _verdicts(report) + _sources(report) + _values(report) + _bytes(report)
    if any(source["changed"] for source in report["sources"]):
        lines += [
            "To accept the fetched state: `snakemake -c1 pin` (only some sources: "
            "`snakemake -c1 pin --config pin_sources=ID,ID`), then review and commit "
            "`sources/`.",
            "",
        ]
    return "\n".join(lines)


def console_lines(report: dict[str, Any], markdown: str) -> list[str]:
    """What the drift target prints: the headline, then one line per changed source and per
    claim whose verdict or headline moved, each naming it."""
    lines = [f"drift: {headline(report)} (see {markdown})"]
    for s in report["sources"]:
        if s["changed"]:
            lines.append(f"drift: {s['source']}: {'; '.join(s['changes'])} -> {s['action']}")
    for c in report["claims"]:
        if c["changes"] or c["headline"]["changed"]:
            verdict = _arrow(c["verdict"]["old"], c["verdict"]["new"]).replace("→", "->")
            lines.append(
                f"drift: {c['article']}: {c['claim']}: {verdict}: "
                f"{c['headline']['old']!r} -> {c['headline']['new']!r}"
            )
    lines += [f"drift: verdicts not computed: {e['error']}" for e in report["errors"]]
    return lines
