"""What each build step needs: peak memory and time, measured, beside what its rule declares.

Run from the repository root::

    .venv/bin/python benchmarks/resources.py [--runs 3]

In a throwaway copy of the project (made as ``run.py`` makes them), every job of a forced
build of every article runs alone, as Snakemake would run it (its shell command from
``snakemake -n -p --forceall``), ``--runs`` times under ``/usr/bin/time -v``. For each rule
it prints the largest peak RSS and the longest wall time over all articles and runs, the
figures the rules should declare (memory: three times the peak, rounded up to 128 MB;
runtime: ten times the longest run, in whole minutes, at least one) and what they declare
(``resources:`` as the dry run shows them). The headroom is for articles larger than these
and for slower, shared cluster nodes. Exits 1 if a rule declares less than it should.
"""

from __future__ import annotations

import argparse
import math
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import MIB, TIME_BIN, clone, log, planned_jobs, run_measured, snapshot

MEMORY_HEADROOM = 3
RUNTIME_HEADROOM = 10
MEMORY_STEP_MB = 128


def wanted(peak_mib: float, wall_s: float) -> tuple[int, int]:
    """The memory (MB) and runtime (minutes) a rule should declare for these measures."""
    memory = MEMORY_STEP_MB * math.ceil(MEMORY_HEADROOM * peak_mib * MIB / 1e6 / MEMORY_STEP_MB)
    return memory, max(1, math.ceil(RUNTIME_HEADROOM * wall_s / 60))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each job (default 3)")
    args = parser.parse_args(argv)
    if not TIME_BIN:
        print("resources.py needs /usr/bin/time (GNU time) for peak memory", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="factcheck-resources-"))
    try:
        (work / "logs").mkdir()
        project = clone(snapshot(work / "snapshot"), work / "project", work / "logs")
        jobs = planned_jobs(project)
        peaks: dict[str, float] = {}
        walls: dict[str, float] = {}
        declared: dict[str, dict[str, str]] = {}
        for run in range(args.runs):
            for job in jobs:
                for folder in re.findall(r"2> (output/logs/[^ ]+)/[^/ ]+\.log", job.command):
                    (project.root / folder).mkdir(parents=True, exist_ok=True)
                sample = run_measured(
                    ["bash", "-c", f"set -euo pipefail; {job.command}"],
                    project.root,
                    project.env,
                    work / "logs" / f"{job.rule}-{run}",
                    memory=False,
                )
                peaks[job.rule] = max(peaks.get(job.rule, 0.0), (sample.max_rss or 0) / MIB)
                walls[job.rule] = max(walls.get(job.rule, 0.0), sample.wall)
                declared[job.rule] = job.resources
            log(f"run {run + 1}/{args.runs}: {len(jobs)} jobs")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    short = False
    print("| rule | peak RSS MiB | longest s | should declare | declares |")
    print("|---|---:|---:|---|---|")
    for rule in peaks:
        memory, runtime = wanted(peaks[rule], walls[rule])
        has = declared[rule]
        enough = int(has.get("mem_mb", 0)) >= memory and int(has.get("runtime", 0)) >= runtime
        short |= not enough
        print(
            f"| {rule} | {peaks[rule]:.0f} | {walls[rule]:.2f} | mem_mb={memory}, runtime={runtime}"
            f" | mem_mb={has.get('mem_mb', '-')}, runtime={has.get('runtime', '-')}"
            f"{'' if enough else ' (too little)'} |"
        )
    return 1 if short else 0


if __name__ == "__main__":
    sys.exit(main())
