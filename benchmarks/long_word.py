"""An article's build time with a 200,000-character word in its report, beside the real one.

Run from the repository root::

    .venv/bin/python benchmarks/long_word.py [--length 200000] [--runs 1]

In a throwaway copy of the project (made as ``run.py`` makes them), one claim's reason gets a
word of ``--length`` characters, and the publisher's notes on the Factbook figures for
Ukraine (their extract's sha256 updated in the copy's lock; the report shows the note on its
area) one of at most 100,000 (the CSV reader refuses a cell over 131,072 characters). The
article's job runs as Snakemake runs it (its command from ``snakemake -n -p``); its wall and
CPU time are printed (medians) for the real report and for the one with the long word.
WeasyPrint splits an unbroken word in time that grows with the square of its length, which
``factcheck.report.long_text`` keeps in bounds; this shows that it does.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import Project, clone, job_commands, log, snapshot

ARTICLE = "nato-restraint-2022"  # its report shows the note below
NOTE_SOURCE = "factbook-latest-ukraine"  # its note on Ukraine's area is in the report
REASON = 'reason: "'  # the first claim not checked: its reason
NOTE_LENGTH = 100_000  # under the CSV reader's limit of 131,072 characters a cell


def add_long_word(project: Project, article: str, word: str) -> None:
    """Put ``word`` into the first reason of the claims file and into a publisher note."""
    claims = project.root / "sources" / "articles" / f"{article}.yaml"
    text = claims.read_text(encoding="utf-8")
    if REASON not in text:
        raise RuntimeError(f"no {REASON!r} in {claims}")
    claims.write_text(text.replace(REASON, f"{REASON}{word} ", 1), encoding="utf-8")

    extract = project.root / "sources" / "extracts" / f"{NOTE_SOURCE}.csv"
    rows = list(csv.reader(io.StringIO(extract.read_text(encoding="utf-8"))))
    note = rows[0].index("note")
    for row in rows[1:]:
        row[note] = f"{word[:NOTE_LENGTH]} {row[note]}"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    extract.write_text(buffer.getvalue(), encoding="utf-8")
    lock_path = project.root / "sources" / "sources.lock.json"
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    lock["sources"][NOTE_SOURCE]["extract_sha256"] = hashlib.sha256(
        extract.read_bytes()
    ).hexdigest()
    lock_path.write_text(json.dumps(lock, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def job_times(project: Project, article: str, runs: int) -> list[tuple[float, float | None]]:
    """(wall, CPU) seconds of the article's job: its checks, HTML, exports and PDF."""
    jobs = dict(job_commands(project))
    (project.root / "output" / "logs" / article).mkdir(parents=True, exist_ok=True)
    times = []
    for _ in range(runs):
        sample = project.shell(jobs["report"])
        times.append((sample.wall, sample.cpu))
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--length", type=int, default=200_000, help="characters of the word")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--article", default=ARTICLE, help=f"(default {ARTICLE})")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="factcheck-longword-"))
    try:
        (work / "logs").mkdir()
        snap = snapshot(work / "snapshot")
        article = args.article
        print("| report | runs | job wall s | job CPU s |\n|---|---:|---:|---:|")
        for label, length in (("real", 0), (f"with a {args.length:,}-character word", args.length)):
            project = clone(snap, work / f"copy-{length}", work / "logs")
            for other in project.articles():
                if other != article:
                    (project.root / "sources" / "articles" / f"{other}.yaml").unlink()
            if length:
                add_long_word(project, article, "x" * length)
            log(f"{label}: the article's job {args.runs} time(s)")
            times = job_times(project, article, args.runs)
            wall = statistics.median(wall for wall, _ in times)
            cpus = [cpu for _, cpu in times if cpu is not None]
            cpu = f"{statistics.median(cpus):.2f}" if cpus else ""
            print(f"| {label} | {args.runs} | {wall:.2f} | {cpu} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
