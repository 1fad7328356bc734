"""Measure candidate speed-ups by patching throwaway copies of the project (never the repo).

Run from the repository root::

    .venv/bin/python benchmarks/experiments.py [--runs N] [--only a,b] [--large]

Each variant is a text patch of a copy made the way ``run.py`` makes them; baseline and
variant runs alternate so that load from other work on the machine hits both alike. A patch
whose anchor text is no longer in the repository is reported as skipped. Prints a table and
writes ``benchmarks/experiments.json``.

Variants (the patches are in ``patches.py``):

* ``no_params``: no rule has ``params:`` (the shell commands say the same with ``{PYTHON}``,
  ``{config[...]}`` and ``{wildcards...}``), so Snakemake's persistence never serialises a
  param and never imports pandas to do it.
* ``no_validate``: the Snakefile applies the config schema's defaults and required keys by
  hand instead of calling ``snakemake.utils.validate`` (which imports jsonschema).
* ``fast_dag``: ``factcheck.dag`` parses YAML with libyaml (``CSafeLoader``) and caches each
  file, so the catalog is parsed once per Snakemake run, not once per article.
* ``cancel_timers``: ``onsuccess:``/``onerror:`` handlers cancel the 1 s ``threading.Timer``
  that Snakemake's job-rate limiter leaves behind, which the interpreter otherwise waits for
  at exit after any run that executed jobs.
* ``no_rate_limit``: cancel_timers, plus a workflow profile (``profiles/default``) with
  ``max-jobs-per-timespan: "100000/60s"``: Snakemake's scheduler otherwise wakes up more and
  more often as jobs complete (see ``patches.no_rate_limit``), burning CPU at large N.
* ``merged``: one rule per article runs verdicts, HTML and PDF in a single Python process
  (one job and one interpreter start instead of three).
* ``trivial``: every rule of report.smk only touches its outputs: what Snakemake alone costs.
* ``all``: merged + no_params + no_validate + fast_dag + cancel_timers (those that apply).

Measures: ``noop`` (one article), ``cold`` (one article, ``-c1``), ``scale`` (``--scale-n``
articles, ``-c2``, cold), ``noop_n100`` (100 articles, outputs marked done with
``--touch``). No-ops, and the cold builds of ``all``, also run their floors in the same
alternation (Snakemake's no-op on an empty workflow; ``floor.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from patches import VARIANTS, Skip
from run import (
    BENCH,
    DEFAULT_TEXT_DIR,
    Project,
    Sample,
    clone,
    first_article,
    log,
    machine,
    project_from,
    snapshot,
    synthesize,
)

# What each variant is measured on: single-article cold build / no-op, N-article builds.
MEASURES = {
    "no_params": ("noop",),
    "no_validate": ("noop",),
    "fast_dag": ("noop", "noop_n100"),
    "cancel_timers": ("cold",),
    "no_rate_limit": ("scale",),
    "merged": ("cold", "scale"),
    "trivial": ("cold",),
    "all": ("noop", "cold", "scale", "noop_n100"),
}
WITH_FLOOR = {"noop", "all"}  # variants whose cold builds also run the (slow) floor beside


def fake_outputs(proj: Project) -> None:
    """Mark every job done without running it: its outputs created in job order, then
    ``--touch --forceall``, which also writes Snakemake's metadata as a real build would."""
    proj.clean()
    cmd = [sys.executable, "-m", "snakemake", "-n", "--forceall", "-c1"]
    cmd += ["--config", f"article_text_dir={proj.text_dir}"]
    dry = subprocess.run(cmd, cwd=proj.root, env=proj.env, capture_output=True, text=True)
    outputs = re.findall(r"(?m)^    output: (.*)$", dry.stdout + dry.stderr)
    if dry.returncode != 0 or not outputs:
        raise RuntimeError(f"dry run failed:\n{dry.stderr[-3000:]}")
    for number, line in enumerate(outputs):
        for name in line.split(", "):
            path = proj.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("x\n")
            os.utime(path, (1e9 + number, 1e9 + number))
    cmd = [sys.executable, "-m", "snakemake", "-c1", "--touch", "--forceall", "--quiet"]
    cmd += ["--config", f"article_text_dir={proj.text_dir}"]
    subprocess.run(cmd, cwd=proj.root, env=proj.env, check=True, capture_output=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", help="comma-separated variants (default: all of them)")
    parser.add_argument("--large", action="store_true", help="also build N=100 (slow)")
    parser.add_argument("--scale-n", type=int, default=10, help="articles for the scale build")
    parser.add_argument("--scale-cores", type=int, default=2)
    parser.add_argument("--text-dir", type=Path, default=DEFAULT_TEXT_DIR)
    parser.add_argument("--out", type=Path, default=BENCH / "experiments.json")
    parser.add_argument("--rev", help="patch a commit (git archive REV), not the work tree")
    args = parser.parse_args(argv)
    chosen = args.only.split(",") if args.only else list(VARIANTS)
    text_dir = args.text_dir.resolve()

    work = Path(tempfile.mkdtemp(prefix="factcheck-exp-"))
    (work / "logs").mkdir()
    snap = snapshot(work / "snapshot", args.rev)
    article = first_article(snap)
    template = snap / "sources" / "articles" / f"{article}.yaml"
    rows: list[dict] = []
    started = time.time()

    def project(name: str, patch: Callable[[Path], None] | None, count: int = 0) -> Project:
        proj = clone(snap, work / name, text_dir, work / "logs")
        if count:
            synthesize(proj, template, count)
        if patch:
            patch(proj.root)
        return proj

    floor_out = work / "floor-out"
    empty = Project(work / "empty", text_dir, work / "logs")
    empty.root.mkdir()
    (empty.root / "exists.txt").write_text("x\n")
    (empty.root / "Snakefile").write_text('rule all:\n    input:\n        "exists.txt",\n')

    def reference(measure: str, base: Project, variant: str) -> Sample | None:
        """The floor a measure is set against, run beside it (None: no floor)."""
        if measure == "cold" and variant in WITH_FLOOR:
            shutil.rmtree(floor_out, ignore_errors=True)
            claims = f"sources/articles/{article}.yaml"
            cmd = [str(BENCH / "floor.py"), "--claims", claims, "--text-dir", str(text_dir)]
            return base.python(*cmd, "--out", str(floor_out))
        if measure == "noop":
            return empty.snakemake(1, memory=False)
        return None

    def compare(
        variant: str, measure: str, base: Project, var: Project, cores: int, runs: int
    ) -> None:
        """Alternate baseline, variant and floor runs of one measure; record medians."""
        samples: dict[str, list[Sample]] = {"baseline": [], "variant": [], "floor": []}
        cold = measure.startswith(("cold", "scale"))
        for proj in (base, var):  # warm-up, and leaves outputs built for a no-op
            if measure == "noop_n100":
                fake_outputs(proj)
            elif measure == "noop":
                proj.snakemake(cores, memory=False)
        reference(measure, base, variant)
        for _ in range(runs):
            for key, proj in (("baseline", base), ("variant", var)):
                if cold:
                    proj.clean()
                samples[key].append(proj.snakemake(cores, memory=False))
            if (floor := reference(measure, base, variant)) is not None:
                samples["floor"].append(floor)

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
            "floor_median_s": f,
            "baseline_over_floor": round(b / f, 3) if f else None,
            "variant_over_floor": round(v / f, 3) if f else None,
            "baseline_s": [round(x.wall, 3) for x in samples["baseline"]],
            "variant_s": [round(x.wall, 3) for x in samples["variant"]],
            "floor_s": [round(x.wall, 3) for x in samples["floor"]],
        }
        if (var.root / ".bench-skipped").exists():
            row["not_applied"] = (var.root / ".bench-skipped").read_text(encoding="utf-8")
        rows.append(row)
        log(f"{variant} {measure}: {b:.3f} -> {v:.3f} s ({row['delta_pct']:+.1f}%)")

    try:
        for variant in chosen:
            patch = VARIANTS[variant]
            for measure in MEASURES[variant]:
                count = {"scale": args.scale_n, "noop_n100": 100}.get(measure, 0)
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
          " | baseline/floor | variant/floor |")  # fmt: skip
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        if "skipped" in r:
            print(f"| {r['variant']} | {r['measure']} | skipped: {r['skipped']} |||||||")
            continue
        measure = r["measure"] + (f" (-c{r['cores']})" if r["cores"] != 1 else "")
        ratios = " | ".join(
            f"{r[k]:.2f}" if r[k] else "" for k in ("baseline_over_floor", "variant_over_floor")
        )
        floor = f"{r['floor_median_s']:.3f}" if r["floor_median_s"] else ""
        print(
            f"| {r['variant']} | {measure} | {r['runs']} | {r['baseline_median_s']:.3f}"
            f" | {r['variant_median_s']:.3f} | {r['delta_s']:+.3f} | {r['delta_pct']:+.1f}"
            f" | {floor} | {ratios} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
