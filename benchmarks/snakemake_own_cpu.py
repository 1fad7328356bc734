"""Run Snakemake in this process; at exit, write its own CPU time (not its jobs') to a file.

Usage: snakemake_own_cpu.py OUT_FILE [snakemake arguments...]

The file gets the user + system seconds of this process, all its threads (the scheduler
included), from ``getrusage(RUSAGE_SELF)``: what Snakemake costs beside the jobs it runs.
"""

import atexit
import resource
import runpy
import sys
from pathlib import Path


def _write_own_cpu(path: Path) -> None:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    path.write_text(f"{usage.ru_utime + usage.ru_stime:.3f}\n", encoding="utf-8")


if __name__ == "__main__":
    atexit.register(_write_own_cpu, Path(sys.argv.pop(1)))
    sys.argv[0] = "snakemake"
    runpy.run_module("snakemake", run_name="__main__", alter_sys=True)
