"""Measure candidate speed-ups by patching throwaway copies of the project (never the repo).

Run from the repository root::

    .venv/bin/python benchmarks/experiments.py [--runs N] [--only a,b] [--large]

Each variant is a text patch of a copy made the way ``run.py`` makes them; baseline and
variant runs alternate so that load from other work on the machine hits both alike. A patch
whose anchor text is no longer in the repository is reported as skipped. Prints a table and
writes ``benchmarks/experiments.json``.

Variants (the patches are in ``patches.py``):

* ``default_rate_limit``: without the profile's ``max-jobs-per-timespan``, i.e. with
  Snakemake's default job-rate limiter (100 jobs per 1 s), whose wake-ups grow with the
  number of jobs done (see ``patches.default_rate_limit``).
* ``ilp``: Snakemake's default job selection, an ILP solved at every scheduling pass, instead
  of the profile's ``scheduler: greedy``.
* ``trivial``: every rule of report.smk only touches its outputs: what Snakemake alone costs.

Earlier variants (no ``params:``, libyaml and one parse per file at DAG time, Timers
cancelled at exit, the rate-limit setting, one job for verdicts + HTML + PDF) were measured
on commit 6fc62b0 with this script as of commit 64935f4; all are now part of the pipeline,
the last since ccbd4e9 (see README.md).

Measures: ``cold`` (one article, ``-c1``), ``scale`` (``--scale-n`` articles, ``-c2``, cold;
``--large`` adds 100 articles). Cold builds of one article also run their floor
(``floor.py``) in the same alternation. Each row records the medians of wall time, of the
whole tree's CPU time and of Snakemake's own CPU time (``own_cpu``): ``default_rate_limit``
and ``ilp`` change only Snakemake's own work, not the jobs'.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from patches import VARIANTS, Skip
from run import (
    BENCH,
    Project,
    Sample,
    clone,
    first_article,
    floor_command,
    log,
    machine,
    project_from,
    snapshot,
    synthesize,
)

# What each variant is measured on: a one-article cold build (-c1), or N articles (-c2).
MEASURES = {
    "default_rate_limit": ("scale",),
    "ilp": ("scale",),
    "trivial": ("cold", "scale"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", help="comma-separated variants (default: all of them)")
    parser.add_argument("--large", action="store_true", help="also build N=100 (slow)")
    parser.add_argument("--scale-n", type=int, default=10, help="articles for the scale build")
    parser.add_argument("--scale-cores", type=int, default=2)
    parser.add_argument("--out", type=Path, default=BENCH / "experiments.json")
    parser.add_argument("--rev", help="patch a commit (git archive REV), not the work tree")
    args = parser.parse_args(argv)
    chosen = args.only.split(",") if args.only else list(VARIANTS)

    work = Path(tempfile.mkdtemp(prefix="factcheck-exp-"))
    (work / "logs").mkdir()
    snap = snapshot(work / "snapshot", args.rev)
    article = first_article(snap)
    template = snap / "sources" / "articles" / f"{article}.yaml"
    rows: list[dict] = []
    started = time.time()

    def project(name: str, patch: Callable[[Path], None] | None, count: int = 0) -> Project:
        proj = clone(snap, work / name, work / "logs")
        if count:
            synthesize(proj, template, count)
        if patch:
            patch(proj.root)
        return proj

    floors: dict[Path, list[str]] = {}

    def run_floor(measure: str, base: Project) -> Sample | None:
        """The honest floor of a one-article cold build (floor.py), rendering the report
        the baseline build just wrote; None for scale."""
        if measure != "cold":
            return None
        if base.root not in floors:
            floors[base.root] = floor_command(base, article, work / "floor.pdf")
        return base.python(*floors[base.root])

    def compare(
        variant: str, measure: str, base: Project, var: Project, cores: int, runs: int
    ) -> None:
        """Alternate baseline, variant and floor runs of one measure; record medians."""
        samples: dict[str, list[Sample]] = {"baseline": [], "variant": [], "floor": []}
        base.clean()
        base.snakemake(cores, memory=False)  # warm-up, leaving the report the floor renders
        run_floor(measure, base)
        for _ in range(runs):
            for key, proj in (("baseline", base), ("variant", var)):
                proj.clean()
                samples[key].append(proj.snakemake(cores, memory=False))
            if (floor_run := run_floor(measure, base)) is not None:
                samples["floor"].append(floor_run)

        def med(key: str, attr: str = "wall") -> float | None:
            vals = [getattr(x, attr) for x in samples[key] if getattr(x, attr) is not None]
            return round(statistics.median(vals), 3) if vals else None

        b, v, f = med("baseline"), med("variant"), med("floor")
        assert b is not None and v is not None
        row = {
            "variant": variant,
            "measure": measure,
            "cores": cores,
            "runs": runs,
            "baseline_median_s": b,
            "variant_median_s": v,
            "delta_s": round(v - b, 3),
            "delta_pct": round(100 * (v - b) / b, 1),
            "baseline_cpu_median_s": med("baseline", "cpu"),
            "variant_cpu_median_s": med("variant", "cpu"),
            "baseline_own_cpu_median_s": med("baseline", "own_cpu"),
            "variant_own_cpu_median_s": med("variant", "own_cpu"),
            "floor_median_s": f,
            "baseline_over_floor": round(b / f, 3) if f else None,
            "variant_over_floor": round(v / f, 3) if f else None,
            "baseline_s": [round(x.wall, 3) for x in samples["baseline"]],
            "variant_s": [round(x.wall, 3) for x in samples["variant"]],
            "floor_s": [round(x.wall, 3) for x in samples["floor"]],
        }
        rows.append(row)
        log(f"{variant} {measure}: {b:.3f} -> {v:.3f} s ({row['delta_pct']:+.1f}%)")

    try:
        for variant in chosen:
            patch = VARIANTS[variant]
            for measure in MEASURES[variant]:
                count = args.scale_n if measure == "scale" else 0
                tag = f"{variant}-{measure}"
                try:
                    var = project(f"{tag}-variant", patch, count)
                except Skip as why:
                    rows.append({"variant": variant, "measure": measure, "skipped": str(why)})
                    log(f"{variant}: skipped: {why}")
                    break
                base = project(f"{tag}-baseline", None, count)
                cores = args.scale_cores if measure == "scale" else 1
                runs = min(args.runs, 2) if measure == "scale" else args.runs
                compare(variant, measure, base, var, cores, runs)
                for proj in (base, var):
                    shutil.rmtree(proj.root, ignore_errors=True)
                if measure == "scale" and args.large:
                    base = project(f"{tag}-b100", None, 100)
                    var = project(f"{tag}-v100", patch, 100)
                    compare(variant, "scale_n100", base, var, cores, 1)
                    for proj in (base, var):
                        shutil.rmtree(proj.root, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    document = {
        "machine": machine(),
        "runs": args.runs,
        "project_from": project_from(args.rev),
        "scale_n": args.scale_n,
        "duration_s": round(time.time() - started, 1),
        "rows": rows,
    }
    args.out.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print("| variant | measure | runs | baseline s | variant s | delta s | delta % | floor s"
          " | baseline/floor | variant/floor"
          " | baseline own CPU s | variant own CPU s |")  # fmt: skip
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        if "skipped" in r:
            print(f"| {r['variant']} | {r['measure']} | skipped: {r['skipped']} |||||||||")
            continue
        measure = r["measure"] + (f" (-c{r['cores']})" if r["cores"] != 1 else "")
        ratios = " | ".join(
            f"{r[k]:.2f}" if r[k] else "" for k in ("baseline_over_floor", "variant_over_floor")
        )
        floor = f"{r['floor_median_s']:.3f}" if r["floor_median_s"] else ""
        own = " | ".join(
            f"{r[k]:.3f}" if r[k] is not None else ""
            for k in ("baseline_own_cpu_median_s", "variant_own_cpu_median_s")
        )
        print(
            f"| {r['variant']} | {measure} | {r['runs']} | {r['baseline_median_s']:.3f}"
            f" | {r['variant_median_s']:.3f} | {r['delta_s']:+.3f} | {r['delta_pct']:+.1f}"
            f" | {floor} | {ratios} | {own} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
