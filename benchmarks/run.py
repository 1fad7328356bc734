"""Benchmarks of the fact-check pipeline against its floor.

Run from the repository root::

    .venv/bin/python benchmarks/run.py [--runs N] [--quick]

Every measure runs the real ``snakemake`` (``sys.executable -m snakemake``) as a subprocess in
a throwaway copy of the project (Snakefile, workflow/, sources/, templates/, config/,
profiles/); the Snakefile and the jobs import the copy's own ``factcheck`` package, so
edits others make to the repository while the benchmark runs do not leak into it. Prints a
table and writes ``benchmarks/results.json``. See benchmarks/README.md for what each measure
is and the targets.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
# What a build reads; profiles/default holds settings Snakemake applies to every run.
PARTS = ("Snakefile", "workflow", "sources", "templates", "config", "profiles")
TIME_BIN = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)
POLL_SECONDS = 0.02
# A job in the output of `snakemake -n -p`: its rule, and what follows to the next blank
# line, "Job stats:" or "[date] Group job" (its shell command may span lines); a group's
# jobs are indented.
JOB = re.compile(r"(?ms)^\s*(?:local)?rule (\w+):\n(.*?)\n(?=\n|Job stats:|\[)")
MIB = 2**20
PAGE = os.sysconf("SC_PAGE_SIZE")


def log(message: str) -> None:
    """Progress on stderr, so stdout keeps only the table."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- memory


def _children(pid: int) -> list[int]:
    """Direct children of ``pid`` (of all its threads), from /proc/PID/task/TID/children."""
    kids: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as handle:
                kids.extend(int(x) for x in handle.read().split())
    except (OSError, ValueError):
        pass
    return kids


def _children_by_scan(pid: int) -> list[int]:
    """Direct children of ``pid`` by scanning /proc/*/stat (kernels without ``children``)."""
    kids: list[int] = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    stat = handle.read()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    kids.append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    return kids


CHILDREN = _children if Path(f"/proc/self/task/{os.getpid()}/children").exists() else None


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def tree_rss(root: int, include_root: bool) -> int:
    """Sum of the RSS of ``root``'s descendants (and of ``root`` if asked), in bytes."""
    children = CHILDREN or _children_by_scan
    total, stack, seen = 0, [root], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        if pid != root or include_root:
            total += _rss(pid)
        stack.extend(children(pid))
    return total


class TreePoller(threading.Thread):
    """Polls the summed RSS of a process tree every POLL_SECONDS; keeps the peak."""

    def __init__(self, root: int, include_root: bool) -> None:
        super().__init__(daemon=True)
        self.root, self.include_root = root, include_root
        self.peak = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            self.peak = max(self.peak, tree_rss(self.root, self.include_root))
            self.stop.wait(POLL_SECONDS)


def memory_method() -> str:
    """How peak memory (and CPU time) is measured on this machine."""
    walk = "/proc/PID/task/TID/children" if CHILDREN else "a /proc/*/stat scan"
    poll = f"sum of RSS of the process tree, polled every {POLL_SECONDS * 1000:.0f} ms via {walk}"
    if TIME_BIN:
        return (
            f"{poll}; and the largest single process's peak RSS (and the tree's user+system"
            f" CPU time) from `{TIME_BIN} -v`"
        )
    return f"{poll} (no `time` binary: no per-process peak)"


# --------------------------------------------------------------------------- running


@dataclass
class Sample:
    """One timed run of a command."""

    wall: float  # seconds
    tree_rss: int  # bytes: peak of the summed RSS of the process tree (polled), 0 if not polled
    max_rss: int | None  # bytes: largest single-process peak RSS (`time -v`), if available
    cpu: float | None  # seconds: user + system CPU of the whole tree (`time -v`), if available
    stdout: str = ""
    own_cpu: float | None = None  # seconds: Snakemake's own process (snakemake_own_cpu.py)


def _time_field(report: str, label: str) -> float | None:
    found = re.search(rf"{re.escape(label)}: ([\d.]+)", report)
    return float(found.group(1)) if found else None


def run_measured(
    cmd: Sequence[str], cwd: Path, env: dict[str, str], logfile: Path, memory: bool = True
) -> Sample:
    """Run ``cmd`` (under ``time -v`` where present): wall, CPU, peak memory; fail loudly.

    ``memory`` also polls the process tree's summed RSS (a little extra load on the machine).
    """
    timing = logfile.with_suffix(".time")
    full = [TIME_BIN, "-v", "-o", str(timing), *cmd] if TIME_BIN else list(cmd)
    with open(logfile, "w") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(full, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=err)
        poller = TreePoller(proc.pid, include_root=not TIME_BIN)
        if memory:
            poller.start()
        out, _ = proc.communicate()
        wall = time.perf_counter() - start
        poller.stop.set()
    if memory:
        poller.join()
    if proc.returncode != 0:
        tail = logfile.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{tail}")
    max_rss = cpu = None
    if TIME_BIN and timing.exists():
        report = timing.read_text()
        kib = _time_field(report, "Maximum resident set size (kbytes)")
        max_rss = int(kib * 1024) if kib is not None else None
        user = _time_field(report, "User time (seconds)")
        system = _time_field(report, "System time (seconds)")
        cpu = user + system if user is not None and system is not None else None
    return Sample(wall, poller.peak, max_rss, cpu, out.decode(errors="replace"))


@dataclass
class Project:
    """A throwaway copy of the project and how to run snakemake in it."""

    root: Path
    logs: Path
    runs: int = 0

    @property
    def env(self) -> dict[str, str]:
        """This environment, with the interpreter running the benchmark first on PATH, as
        the Snakefile puts it for the jobs: a job's command run alone finds the same
        ``python3``. (Snakemake and the jobs import the copy's own ``factcheck``.)"""
        env = dict(os.environ)
        env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
        return env

    def snakemake(self, cores: int = 1, *targets: str, memory: bool = True) -> Sample:
        """One ``snakemake -cN`` run in the copy, with Snakemake's own CPU time beside."""
        self.runs += 1
        log_path = self.logs / f"{self.root.name}-{self.runs}"
        own = log_path.with_suffix(".own_cpu")
        cmd = [sys.executable, str(BENCH / "snakemake_own_cpu.py"), str(own), f"-c{cores}"]
        cmd += targets
        sample = run_measured(cmd, self.root, self.env, log_path, memory=memory)
        sample.own_cpu = float(own.read_text(encoding="utf-8"))
        return sample

    def shell(self, command: str) -> Sample:
        """One job's shell command, as Snakemake runs it (bash, strict mode), in the copy."""
        self.runs += 1
        cmd = ["bash", "-c", f"set -euo pipefail; {command}"]
        return run_measured(
            cmd, self.root, self.env, self.logs / f"{self.root.name}-sh-{self.runs}"
        )

    def python(self, *args: str, memory: bool = False) -> Sample:
        """One fresh ``python`` process in the copy."""
        self.runs += 1
        cmd = [sys.executable, *args]
        log_path = self.logs / f"{self.root.name}-py-{self.runs}"
        return run_measured(cmd, self.root, self.env, log_path, memory=memory)

    def clean(self) -> None:
        """Empty output/ and Snakemake's metadata: the next build is cold."""
        for name in ("output", ".snakemake"):
            shutil.rmtree(self.root / name, ignore_errors=True)

    def articles(self) -> list[str]:
        return sorted(p.stem for p in (self.root / "sources" / "articles").glob("*.yaml"))


def snapshot(dest: Path, rev: str | None = None) -> Path:
    """Copy the project parts once (from the work tree, or ``git archive REV``); precompile."""
    dest.mkdir(parents=True)
    if rev:
        listed = subprocess.run(
            ["git", "ls-tree", "--name-only", rev], cwd=REPO, capture_output=True, text=True
        )
        present = [part for part in PARTS if part in listed.stdout.split()]  # older revisions
        archive = subprocess.run(
            ["git", "archive", "--format=tar", rev, *present], cwd=REPO, capture_output=True
        )
        if archive.returncode != 0:
            raise RuntimeError(f"git archive {rev} failed: {archive.stderr.decode()}")
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
    else:
        ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
        for part in PARTS:
            src = REPO / part
            if not src.exists():
                continue
            if src.is_dir():
                shutil.copytree(src, dest / part, ignore=ignore)
            else:
                shutil.copy2(src, dest / part)
    compileall.compile_dir(dest / "workflow", quiet=2)
    return dest


def project_from(rev: str | None) -> str:
    """What the copies were made from: the work tree, or a commit (with its short sha)."""
    if not rev:
        return "work tree"
    sha = subprocess.run(
        ["git", "rev-parse", "--short", rev], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    return f"git archive {rev} ({sha})"


def first_article(root: Path) -> str:
    """The stem of the first claims file under ``root``/sources/articles."""
    found = sorted(p.stem for p in (root / "sources" / "articles").glob("*.yaml"))
    if not found:
        raise RuntimeError(f"no claims file under {root}/sources/articles")
    return found[0]


def clone(snap: Path, dest: Path, logs: Path) -> Project:
    """A project copy from the snapshot (copy2 keeps mtimes, so the .pyc files stay valid)."""
    shutil.copytree(snap, dest)
    return Project(dest, logs)


# --------------------------------------------------------------------------- results


@dataclass
class Measure:
    """Repeated values of one quantity."""

    name: str
    unit: str
    values: list[float] = field(default_factory=list)
    note: str = ""

    def summary(self) -> dict[str, Any]:
        vals = self.values
        return {
            "runs": len(vals),
            "median": statistics.median(vals) if vals else None,
            "min": min(vals) if vals else None,
            "max": max(vals) if vals else None,
            "unit": self.unit,
            "values": [round(v, 4) for v in vals],
            "note": self.note,
        }


class Results:
    """The measures, in the order they were taken."""

    def __init__(self) -> None:
        self.measures: dict[str, Measure] = {}
        self.jobs: list[str] = []  # the rules of one article's jobs, in execution order

    def add(self, name: str, value: float, unit: str, note: str = "") -> None:
        measure = self.measures.setdefault(name, Measure(name, unit, note=note))
        measure.values.append(value)

    def median(self, name: str) -> float:
        return statistics.median(self.measures[name].values)

    def add_sample(self, name: str, sample: Sample, note: str = "") -> None:
        """Wall time and, when measured, CPU time and peak memory of one run."""
        self.add(f"{name}.wall", sample.wall, "s", note)
        self.add("loadavg_1min_after_runs", os.getloadavg()[0], "load", "machine load")
        if sample.cpu is not None:
            self.add(f"{name}.cpu", sample.cpu, "s", "user+system of the process tree")
        if sample.tree_rss:
            self.add(f"{name}.peak_tree_rss", sample.tree_rss / MIB, "MiB")
        if sample.max_rss:
            self.add(f"{name}.peak_process_rss", sample.max_rss / MIB, "MiB")


def machine() -> dict[str, Any]:
    """CPU, cores, RAM, load and the versions that matter."""
    cpu = "unknown"
    with open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = 0
    with open("/proc/meminfo") as handle:
        for line in handle:
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) * 1024
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "cpu_model": cpu,
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)),
        "ram_gib": round(mem / 2**30, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "snakemake": metadata.version("snakemake"),
        "weasyprint": metadata.version("weasyprint"),
        "repo_commit": commit,
        "loadavg_start": os.getloadavg(),
    }


# --------------------------------------------------------------------------- measures


STATED = re.compile(r'(stated:\s*\{[^}]*?value:\s*")(\d+)(")')


def stated_value(claims: Path) -> str:
    """The first claim's stated value (e.g. "30" of ``stated: {text: "1/30", value: "30"}``)."""
    found = STATED.search(claims.read_text(encoding="utf-8"))
    if not found:
        raise RuntimeError(f"no stated value to edit in {claims}")
    return found.group(2)


def set_stated_value(claims: Path, value: str) -> None:
    """Rewrite the first claim's stated value; nothing else in the file changes."""
    text = claims.read_text(encoding="utf-8")
    found = STATED.search(text)
    assert found is not None
    claims.write_text(text[: found.start(2)] + value + text[found.end(2) :], encoding="utf-8")


def synthesize(project: Project, template: Path, count: int) -> None:
    """Replace the copy's articles by ``count`` copies of ``template`` with new ids."""
    articles = project.root / "sources" / "articles"
    text = template.read_text(encoding="utf-8")
    pattern = re.compile(rf"(?m)^(\s+id:\s*)[\"']?{re.escape(template.stem)}[\"']?\s*$")
    if not pattern.search(text):
        raise RuntimeError(f"article.id {template.stem!r} not found in {template}")
    for path in articles.glob("*.yaml"):
        path.unlink()
    for number in range(1, count + 1):
        new_id = f"synthetic-{number:03d}"
        body = pattern.sub(lambda m, i=new_id: f"{m.group(1)}{i}", text, count=1)
        (articles / f"{new_id}.yaml").write_text(body, encoding="utf-8")


def floor_command(proj: Project, article: str, out: Path) -> list[str]:
    """floor.py's arguments for the honest floor of ``article``'s build: the report.html the
    build writes, rendered to ``out``, and the pinned extracts its job reads."""
    extracts = sorted(
        path for job in planned_jobs(proj) for path in job.inputs
        if path.startswith("sources/extracts/")
    )  # fmt: skip
    command = [str(BENCH / "floor.py"), "--html", f"output/{article}/report.html"]
    return [*command, "--out", str(out), *extracts]


def measure_single(results: Results, snap: Path, work: Path, article: str, runs: int) -> None:
    """Measures 1-4: cold build, no-op and its floor, incremental, the cold-build floor."""
    logs = work / "logs"
    proj = clone(snap, work / "single", logs)
    for other in proj.articles():
        if other != article:
            (proj.root / "sources" / "articles" / f"{other}.yaml").unlink()
    claims = f"sources/articles/{article}.yaml"
    floor_cmd = floor_command(proj, article, work / "floor.pdf")

    log("warm-up: one cold build and one floor run (not counted)")
    proj.clean()
    proj.snakemake()
    proj.python(*floor_cmd)

    for i in range(runs):
        proj.clean()
        cold = proj.snakemake()
        results.add_sample("cold_build", cold, "snakemake -c1 from an empty output/")
        floor = proj.python(*floor_cmd, memory=True)  # renders the HTML the build just made
        results.add_sample("floor_build", floor, "one Python: imports, csv, report.html -> PDF")
        for phase, seconds in json.loads(floor.stdout).items():
            results.add(f"floor_build.phase.{phase}", seconds, "s" if phase != "rows" else "rows")
        results.add(
            "ratio.cold_over_floor", cold.wall / floor.wall, "x", "pairwise, target <= 1.25"
        )
        if cold.cpu and floor.cpu:
            results.add("ratio.cold_over_floor.cpu", cold.cpu / floor.cpu, "x", "CPU time")
        log(f"cold build {i + 1}/{runs}: {cold.wall:.2f} s; floor {floor.wall:.2f} s")

    empty = Project(work / "empty", logs)
    empty.root.mkdir()
    (empty.root / "exists.txt").write_text("x\n")
    (empty.root / "Snakefile").write_text('rule all:\n    input:\n        "exists.txt",\n')
    empty.snakemake()  # warm-up
    proj.snakemake()
    for i in range(runs):
        noop = proj.snakemake()
        results.add_sample("noop", noop, "snakemake -c1, nothing to do")
        floor = empty.snakemake()
        results.add_sample("noop_floor_empty_workflow", floor, "one rule all, existing input")
        results.add("ratio.noop_over_floor", noop.wall / floor.wall, "x", "pairwise, target <= 1.5")
        if noop.cpu and floor.cpu:
            results.add("ratio.noop_over_floor.cpu", noop.cpu / floor.cpu, "x", "CPU time")
        log(f"no-op {i + 1}/{runs}: {noop.wall:.2f} s; empty workflow {floor.wall:.2f} s")

    original = stated_value(proj.root / claims)
    for i in range(runs):
        value = str(int(original) + 1) if i % 2 == 0 else original  # 30 -> 31 -> 30 ...
        set_stated_value(proj.root / claims, value)
        inc = proj.snakemake()
        results.add_sample("incremental", inc, "after editing one stated value in the claims")
        log(f"incremental {i + 1}/{runs} (stated value -> {value}): {inc.wall:.2f} s")

    jobs = job_commands(proj)
    results.jobs = [rule for rule, _ in jobs]
    step_out = work / "steps"
    step_out.mkdir()
    extracts_cmd = [str(BENCH / "floor.py"), "--mode", "extracts", "--claims", claims]
    for i in range(runs):
        for rule, command in jobs:
            sample = proj.shell(command)
            results.add(f"step.{rule}.wall", sample.wall, "s", "the job's command, run alone")
            if sample.cpu is not None:
                results.add(f"step.{rule}.cpu", sample.cpu, "s")
        sample = proj.python(*extracts_cmd)
        phases = json.loads(sample.stdout)
        results.add("step.read_extracts", phases["extracts"], "s", "load_catalog + DataIndex")
        log(f"steps {i + 1}/{runs}: " + ", ".join(r for r, _ in jobs))


@dataclass
class PlannedJob:
    """A job of the dry run: its rule, shell command and declared resources."""

    rule: str
    command: str
    resources: dict[str, str]
    inputs: set[str]
    outputs: set[str]


def planned_jobs(proj: Project) -> list[PlannedJob]:
    """The jobs of a forced build of the copy that run a command, each after the jobs whose
    outputs it reads (the dry run lists a group's jobs in name order)."""
    cmd = [sys.executable, "-m", "snakemake", "-n", "-p", "--forceall", "-c1"]
    dry = subprocess.run(cmd, cwd=proj.root, env=proj.env, capture_output=True, text=True)
    if dry.returncode != 0:
        raise RuntimeError(f"dry run failed:\n{dry.stderr[-3000:]}")

    def field(body: str, name: str) -> list[str]:
        found = re.search(rf"(?m)^\s+{name}: (.*)$", body)
        return found.group(1).split(", ") if found else []

    pending = []
    for rule, body in JOB.findall(dry.stdout + dry.stderr):
        shell = re.search(r"(?ms)^Shell command: (.*)", body)
        if shell and shell.group(1) != "None":
            resources = dict(item.split("=", 1) for item in field(body, "resources"))
            inputs, outputs = set(field(body, "input")), set(field(body, "output"))
            pending.append(PlannedJob(rule, shell.group(1), resources, inputs, outputs))
    ordered: list[PlannedJob] = []
    while pending:
        made = set().union(*(job.outputs for job in pending))
        ordered += [job for job in pending if not job.inputs & made]
        pending = [job for job in pending if job.inputs & made]
    return ordered


def job_commands(proj: Project) -> list[tuple[str, str]]:
    """(rule, shell command) of each job of a forced build of the copy, in an order to run
    them one after another."""
    return [(job.rule, job.command) for job in planned_jobs(proj)]


TRIVIAL_SNAKEFILE = """\
ARTICLES = glob_wildcards("in/{article}.yaml").article


rule all:
    input:
        expand(
            "out/{article}/{product}",
            article=ARTICLES,
            product=[
                "verdicts.json",
                "report.html",
                "report.pdf",
                "claims.csv",
                "claimreview.jsonld",
            ],
        ),


rule report:
    input: "in/{article}.yaml"
    output:
        "out/{article}/verdicts.json",
        "out/{article}/report.html",
        "out/{article}/report.pdf",
        "out/{article}/claims.csv",
        "out/{article}/claimreview.jsonld",
    shell: "touch {output}"
"""


def trivial_workflow(root: Path, count: int, logs: Path, profiles: Path) -> Project:
    """A workflow of the same shape as the pipeline's (a job per article, then ``all``)
    whose jobs only touch their outputs, with the pipeline's profile: once built by
    Snakemake (so that, like the pipeline's, its files have Snakemake's records), its no-op
    is Snakemake's own on as many jobs."""
    root.mkdir()
    (root / "Snakefile").write_text(TRIVIAL_SNAKEFILE)
    shutil.copytree(profiles, root / "profiles")
    (root / "in").mkdir()
    for number in range(1, count + 1):
        (root / "in" / f"synthetic-{number:03d}.yaml").write_text("x\n")
    return Project(root, logs)


def cluster_build(proj: Project) -> Sample:
    """A cold build through the generic cluster executor, each article one group job run by
    profiles/cluster/submit (detached, empty environment), as tests/test_cluster.py runs it."""
    proj.clean()
    shutil.rmtree(proj.root / ".snakemake", ignore_errors=True)
    cmd = [sys.executable, "-m", "snakemake", "--workflow-profile", "profiles/cluster"]
    cmd += ["--executor", "cluster-generic", "--seconds-between-status-checks", "1"]
    cmd += ["--cluster-generic-submit-cmd", "profiles/cluster/submit"]
    cmd += ["--cluster-generic-status-cmd", "profiles/cluster/status"]
    proj.runs += 1
    return run_measured(cmd, proj.root, proj.env, proj.logs / f"{proj.root.name}-cluster")


def measure_scale(
    results: Results,
    snap: Path,
    work: Path,
    article: str,
    sizes: Sequence[int],
    runs_for: Callable[[int], int],
    cores: int,
    cluster: int,
) -> None:
    """Measure 5: N synthetic articles built in one snakemake run from a clean output/; the
    no-op beside Snakemake's own on a trivial workflow with as many jobs; and, for N =
    ``cluster``, the same build through the generic cluster executor. A size given twice
    (``10,1000,10``) is measured at both places, its runs pooled: the small size before and
    after the large one, under the same conditions of the machine."""
    template = snap / "sources" / "articles" / f"{article}.yaml"
    for order, count in enumerate(sizes):
        name = f"scale.n{count:03d}"
        proj = clone(snap, work / f"scale-{order}-{count}", work / "logs")
        synthesize(proj, template, count)
        for i in range(runs_for(count)):
            proj.clean()
            sample = proj.snakemake(cores)
            results.add_sample(name, sample, f"snakemake -c{cores}, {count} articles, cold")
            results.add(f"{name}.per_article", sample.wall / count, "s")
            if sample.cpu is not None:
                results.add(f"{name}.cpu_per_article", sample.cpu / count, "s")
                jobs_cpu = (sample.cpu - sample.own_cpu) / count
                results.add(f"{name}.jobs_cpu_per_article", jobs_cpu, "s", "the jobs' CPU")
            results.add(
                f"{name}.snakemake_cpu_per_article",
                sample.own_cpu / count,
                "s",
                "Snakemake's own process: start, DAG, scheduling, bookkeeping",
            )
            log(f"scale N={count} run {i + 1}: {sample.wall:.1f} s ({sample.wall / count:.2f}/art)")
        trivial = trivial_workflow(
            work / f"trivial-{order}-{count}", count, work / "logs", snap / "profiles"
        )
        trivial.snakemake(cores, memory=False)  # builds it
        for _ in range(min(3, runs_for(count) + 1)):
            noop = proj.snakemake(cores, memory=False)
            results.add(f"{name}.noop.wall", noop.wall, "s", "nothing to do")
            floor = trivial.snakemake(cores, memory=False)
            results.add(f"{name}.noop_trivial.wall", floor.wall, "s", "trivial workflow, same jobs")
            results.add(f"ratio.{name}.noop_over_trivial", noop.wall / floor.wall, "x")
        if count == cluster and count not in sizes[:order]:
            local = {p.relative_to(proj.root): p.read_bytes() for p in products(proj.root)}
            for i in range(runs_for(count)):
                sample = cluster_build(proj)
                results.add_sample(f"cluster.n{count:03d}", sample, "generic cluster executor")
                remote = {p.relative_to(proj.root): p.read_bytes() for p in products(proj.root)}
                same = remote == local
                results.add(f"cluster.n{count:03d}.identical", float(same), "bool")
                log(f"cluster N={count} run {i + 1}: {sample.wall:.1f} s, same bytes: {same}")
        shutil.rmtree(proj.root / "output", ignore_errors=True)


def products(root: Path) -> list[Path]:
    """The build's products (not its logs), in a stable order."""
    return sorted(path for path in (root / "output").glob("*/*") if path.is_file())


# --------------------------------------------------------------------------- report


def targets(results: Results, sizes: Sequence[int]) -> list[dict[str, Any]]:
    """The targets measured in this run, each with its value and whether it holds."""
    found: list[dict[str, Any]] = []
    m, has = results.median, results.measures.__contains__

    def check(name: str, value: float, limit: float, what: str, unit: str = "x") -> None:
        found.append(
            {"target": name, "what": what, "value": round(value, 3), "limit": limit,
             "unit": unit, "holds": value <= limit}
        )  # fmt: skip

    if has("cold_build.wall"):
        check(
            "cold build <= 1.25 x its honest floor",
            m("cold_build.wall") / m("floor_build.wall"),
            1.25,
            "median cold build / median floor (one Python: imports, csv, report.html -> PDF)",
        )
        check(
            "(CPU) cold build <= 1.25 x its honest floor",
            m("cold_build.cpu") / m("floor_build.cpu"),
            1.25,
            "the same in user+system CPU time: informational, less hit by other load",
        )
        check(
            "no-op <= 1.1 x Snakemake's empty-workflow no-op",
            m("noop.wall") / m("noop_floor_empty_workflow.wall"),
            1.1,
            "median no-op / median empty-workflow no-op",
        )
    big = max(sizes)
    if 10 in sizes and big > 10:
        check(
            f"CPU per article at N={big} <= at N=10",
            m(f"scale.n{big:03d}.cpu_per_article") / m("scale.n010.cpu_per_article"),
            1.0,
            f"median per-article user+system CPU time, N={big} / N=10",
        )
        check(
            f"(wall) time per article at N={big} <= at N=10",
            m(f"scale.n{big:03d}.per_article") / m("scale.n010.per_article"),
            1.0,
            "the same in wall time: informational",
        )
    for count in dict.fromkeys(sizes):
        name = f"scale.n{count:03d}"
        if count >= 10 and has(f"{name}.noop_trivial.wall"):
            check(
                f"no-op at N={count} <= 1.5 x Snakemake's on a trivial workflow of as many jobs",
                m(f"{name}.noop.wall") / m(f"{name}.noop_trivial.wall"),
                1.5,
                "median no-op / median no-op of the trivial workflow",
            )
        if has(f"cluster.n{count:03d}.wall"):
            check(
                f"cluster build of N={count}: the local build's bytes",
                1 - min(results.measures[f"cluster.n{count:03d}.identical"].values),
                0,
                "1 if any run's products differ from the local -c2 build's, else 0",
                "",
            )
            found[-1]["wall_cluster_s"] = round(m(f"cluster.n{count:03d}.wall"), 1)
            found[-1]["wall_local_s"] = round(m(f"{name}.wall"), 1)
    peaks = [
        v for k, mes in results.measures.items() if k.endswith("peak_tree_rss") for v in mes.values
    ]
    check("peak memory < 1 GiB", max(peaks) / 1024, 1.0, "max tree RSS over all runs", "GiB")
    return found


def breakdown(results: Results) -> dict[str, float]:
    """Where a cold build's time goes, from medians (seconds)."""
    if "cold_build.wall" not in results.measures:
        return {}
    m = results.median
    steps = {rule: m(f"step.{rule}.wall") for rule in results.jobs}
    cold, noop = m("cold_build.wall"), m("noop.wall")
    parts = {"cold_build": cold, "snakemake start, parse, DAG (= no-op)": noop}
    parts |= {f"job {rule} (its command alone)": seconds for rule, seconds in steps.items()}
    parts["snakemake per-job and exit overhead (rest; noisy under load)"] = (
        cold - noop - sum(steps.values())
    )
    parts["CPU: cold build"] = m("cold_build.cpu")
    parts["CPU: no-op"] = m("noop.cpu")
    parts["CPU: jobs' commands alone"] = sum(m(f"step.{r}.cpu") for r in results.jobs)
    parts["CPU: rest"] = (
        parts["CPU: cold build"] - parts["CPU: no-op"] - parts["CPU: jobs' commands alone"]
    )
    parts |= {
        "floor_total": m("floor_build.wall"),
        "floor_import": m("floor_build.phase.import"),
        "floor_extracts": m("floor_build.phase.extracts"),
        "floor_pdf": m("floor_build.phase.pdf"),
        "read_extracts_per_article": m("step.read_extracts"),
    }
    return parts


def table(results: Results) -> str:
    """The measures as a Markdown table."""
    lines = ["| measure | runs | median | min | max | unit |", "|---|---:|---:|---:|---:|---|"]
    ordered = sorted(results.measures.items(), key=lambda item: item[0].startswith("loadavg"))
    for name, measure in ordered:
        s = measure.summary()
        digits = 3 if s["unit"] in ("s", "x") else 1
        lines.append(
            f"| {name} | {s['runs']} | {s['median']:.{digits}f} | {s['min']:.{digits}f}"
            f" | {s['max']:.{digits}f} | {s['unit']} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per measure (default 3)")
    parser.add_argument("--quick", action="store_true", help="2 runs, N up to 10: smoke check")
    parser.add_argument("--sizes", default="1,10,100", help="article counts for the scale test")
    parser.add_argument("--large-runs", type=int, default=1, help="runs for N > 10 (default 1)")
    parser.add_argument("--scale-cores", type=int, default=2, help="snakemake -c for scale")
    parser.add_argument("--article", help="article stem (default: the first under articles/)")
    parser.add_argument(
        "--cluster", type=int, default=10, help="N built on the cluster executor too (0: none)"
    )
    parser.add_argument("--scale-only", action="store_true", help="only the scale measures")
    parser.add_argument("--out", type=Path, default=BENCH / "results.json")
    parser.add_argument("--keep", action="store_true", help="keep the temporary copies")
    parser.add_argument(
        "--rev", help="benchmark a commit (git archive REV) instead of the work tree, e.g. HEAD"
    )
    args = parser.parse_args(argv)

    runs = 2 if args.quick else args.runs
    sizes = [int(n) for n in args.sizes.split(",")]
    if args.quick:
        sizes = [n for n in sizes if n <= 10]

    started = time.time()
    info = machine()
    results = Results()
    work = Path(tempfile.mkdtemp(prefix="factcheck-bench-"))
    (work / "logs").mkdir()
    article = args.article or ""
    try:
        snap = snapshot(work / "snapshot", args.rev)
        article = article or first_article(snap)
        log(f"work dir {work}; runs={runs}; sizes={sizes}; article={article}")
        if not args.scale_only:
            measure_single(results, snap, work, article, runs)
        measure_scale(
            results,
            snap,
            work,
            article,
            sizes,
            lambda n: min(runs, 3) if n <= 10 else min(runs, args.large_runs),
            args.scale_cores,
            args.cluster,
        )
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    info["loadavg_end"] = os.getloadavg()
    found = targets(results, sizes)
    parts = breakdown(results)
    document = {
        "machine": info,
        "settings": {
            "runs": runs,
            "quick": args.quick,
            "sizes": sizes,
            "large_runs": args.large_runs,
            "scale_cores": args.scale_cores,
            "article": article,
            "project_from": project_from(args.rev),
            "memory_method": memory_method(),
            "jobs_per_article": results.jobs,
            "started": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(started)),
            "duration_s": round(time.time() - started, 1),
        },
        "measures": {name: m.summary() for name, m in results.measures.items()},
        "targets": found,
        "breakdown_s": {k: round(v, 4) for k, v in parts.items()},
    }
    args.out.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")

    print(f"Machine: {info['cpu_model']}, {info['cores']} cores, {info['ram_gib']} GiB RAM;")
    print(f"Python {info['python']}, snakemake {info['snakemake']}, ", end="")
    print(f"weasyprint {info['weasyprint']}")
    print(f"Memory: {memory_method()}\n")
    print(table(results))
    print("\nTargets:")
    for t in found:
        walls = (
            f" (wall {t['wall_cluster_s']} s; local -c2 {t['wall_local_s']} s)"
            if ("wall_cluster_s" in t)
            else ""
        )
        print(
            f"  [{'ok' if t['holds'] else 'MISSED'}] {t['target']}: {t['value']} {t['unit']}{walls}"
        )
    print("\nCold build breakdown (medians, s):")
    width = max(map(len, parts), default=0)
    for key, value in parts.items():
        print(f"  {key:{width}s} {value:7.3f}")
    print(f"\nWrote {args.out} in {time.time() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
