"""Benchmarks of the fact-check pipeline against its floor.

Run from the repository root::

    .venv/bin/python benchmarks/run.py [--runs N] [--quick]

Every measure runs the real ``snakemake`` (``sys.executable -m snakemake``) as a subprocess in
a throwaway copy of the project (Snakefile, workflow/, sources/, templates/, config/,
profiles/) with the copy's own ``workflow/`` first on PYTHONPATH, so edits others make to the
repository while the benchmark runs do not leak into it. Prints a table and writes
``benchmarks/results.json``. See benchmarks/README.md for what each measure is and the targets.
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
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(self.root / "workflow"), env.get("PYTHONPATH")])
        )
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


def measure_single(results: Results, snap: Path, work: Path, article: str, runs: int) -> None:
    """Measures 1-4: cold build, no-op and its floor, incremental, the cold-build floor."""
    logs = work / "logs"
    proj = clone(snap, work / "single", logs)
    for other in proj.articles():
        if other != article:
            (proj.root / "sources" / "articles" / f"{other}.yaml").unlink()
    claims = f"sources/articles/{article}.yaml"
    floor_out = work / "floor-out"
    floor_cmd = [str(BENCH / "floor.py"), "--claims", claims, "--out", str(floor_out)]

    log("warm-up: one cold build and one floor run (not counted)")
    proj.clean()
    proj.snakemake()
    proj.python(*floor_cmd)

    for i in range(runs):
        proj.clean()
        cold = proj.snakemake()
        results.add_sample("cold_build", cold, "snakemake -c1 from an empty output/")
        shutil.rmtree(floor_out, ignore_errors=True)
        floor = proj.python(*floor_cmd, memory=True)
        results.add_sample("floor_build", floor, "one fresh Python: import+verdicts+html+pdf")
        for phase, seconds in json.loads(floor.stdout).items():
            results.add(f"floor_build.phase.{phase}", seconds, "s")
        results.add("ratio.cold_over_floor", cold.wall / floor.wall, "x", "pairwise, target <= 2")
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
    extracts_cmd += ["--out", str(step_out)]
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


def job_commands(proj: Project) -> list[tuple[str, str]]:
    """(rule, shell command) of each job of a forced build of the copy, in execution order."""
    cmd = [sys.executable, "-m", "snakemake", "-n", "-p", "--forceall", "-c1"]
    dry = subprocess.run(cmd, cwd=proj.root, env=proj.env, capture_output=True, text=True)
    if dry.returncode != 0:
        raise RuntimeError(f"dry run failed:\n{dry.stderr[-3000:]}")
    text = dry.stdout + dry.stderr
    jobs = []
    for head in re.finditer(r"(?m)^(?:local)?rule (\w+):$", text):
        # the command runs to the next blank line or "Job stats:" (it may span lines)
        found = re.compile(r"(?ms)^Shell command: (.*?)\n(?=\n|Job stats:)").search(
            text, head.end()
        )
        if found and found.group(1) != "None":
            jobs.append((head.group(1), found.group(1)))
    return jobs


def measure_scale(
    results: Results,
    snap: Path,
    work: Path,
    article: str,
    sizes: Sequence[int],
    runs_for: Callable[[int], int],
    cores: int,
) -> None:
    """Measure 5: N synthetic articles built in one snakemake run from a clean output/."""
    template = snap / "sources" / "articles" / f"{article}.yaml"
    for count in sizes:
        proj = clone(snap, work / f"scale-{count}", work / "logs")
        synthesize(proj, template, count)
        for i in range(runs_for(count)):
            proj.clean()
            sample = proj.snakemake(cores)
            name = f"scale.n{count:03d}"
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
        for _ in range(min(3, runs_for(count) + 1)):
            sample = proj.snakemake(cores, memory=False)
            results.add(f"scale.n{count:03d}.noop.wall", sample.wall, "s", "nothing to do")
        shutil.rmtree(proj.root / "output", ignore_errors=True)


# --------------------------------------------------------------------------- report


def targets(results: Results, sizes: Sequence[int]) -> list[dict[str, Any]]:
    """The targets, each with its measured value and whether it holds."""
    found: list[dict[str, Any]] = []

    def check(name: str, value: float, limit: float, what: str, unit: str = "x") -> None:
        found.append(
            {"target": name, "what": what, "value": round(value, 3), "limit": limit,
             "unit": unit, "holds": value <= limit}
        )  # fmt: skip

    m = results.median
    check(
        "noop <= 1.5 x empty-workflow no-op",
        m("noop.wall") / m("noop_floor_empty_workflow.wall"),
        1.5,
        "median no-op / median empty-workflow no-op",
    )
    check(
        "cold build <= 2 x floor",
        m("cold_build.wall") / m("floor_build.wall"),
        2.0,
        "median cold build / median floor",
    )
    if "cold_build.cpu" in results.measures and "floor_build.cpu" in results.measures:
        check(
            "(CPU) noop <= 1.5 x empty-workflow no-op",
            m("noop.cpu") / m("noop_floor_empty_workflow.cpu"),
            1.5,
            "the same in user+system CPU time: informational, less hit by other load",
        )
        check(
            "(CPU) cold build <= 2 x floor",
            m("cold_build.cpu") / m("floor_build.cpu"),
            2.0,
            "the same in user+system CPU time: informational, less hit by other load",
        )
    big = max(sizes)
    if 10 in sizes and big > 10:
        check(
            f"per-article time at N={big} <= at N=10",
            m(f"scale.n{big:03d}.per_article") / m("scale.n010.per_article"),
            1.0,
            f"median per-article wall time N={big} / N=10",
        )
        if f"scale.n{big:03d}.cpu_per_article" in results.measures:
            check(
                f"(CPU) per-article CPU at N={big} <= at N=10",
                m(f"scale.n{big:03d}.cpu_per_article") / m("scale.n010.cpu_per_article"),
                1.0,
                "the same in user+system CPU time: informational",
            )
        check(
            f"(Snakemake's own CPU) per article at N={big} <= at N=10",
            m(f"scale.n{big:03d}.snakemake_cpu_per_article")
            / m("scale.n010.snakemake_cpu_per_article"),
            1.0,
            "what the pipeline adds per article beside the jobs: informational",
        )
    peaks = [
        v for k, mes in results.measures.items() if k.endswith("peak_tree_rss") for v in mes.values
    ]
    check("peak memory < 1 GiB", max(peaks) / 1024, 1.0, "max tree RSS over all runs", "GiB")
    return found


def breakdown(results: Results) -> dict[str, float]:
    """Where a cold build's time goes, from medians (seconds)."""
    m = results.median
    steps = {rule: m(f"step.{rule}.wall") for rule in results.jobs}
    cold, noop = m("cold_build.wall"), m("noop.wall")
    parts = {"cold_build": cold, "snakemake start, parse, DAG (= no-op)": noop}
    parts |= {f"job {rule} (its command alone)": seconds for rule, seconds in steps.items()}
    parts["snakemake per-job and exit overhead (rest; noisy under load)"] = (
        cold - noop - sum(steps.values())
    )
    if "cold_build.cpu" in results.measures and all(
        f"step.{rule}.cpu" in results.measures for rule in results.jobs
    ):
        parts["CPU: cold build"] = m("cold_build.cpu")
        parts["CPU: no-op"] = m("noop.cpu")
        parts["CPU: jobs' commands alone"] = sum(m(f"step.{r}.cpu") for r in results.jobs)
        parts["CPU: rest"] = (
            parts["CPU: cold build"] - parts["CPU: no-op"] - parts["CPU: jobs' commands alone"]
        )
    parts |= {
        "floor_total": m("floor_build.wall"),
        "floor_import": m("floor_build.phase.import"),
        "floor_verdicts": m("floor_build.phase.verdicts"),
        "floor_html": m("floor_build.phase.html"),
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
        measure_single(results, snap, work, article, runs)
        measure_scale(
            results,
            snap,
            work,
            article,
            sizes,
            lambda n: min(runs, 3) if n <= 10 else min(runs, args.large_runs),
            args.scale_cores,
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
        print(f"  [{'ok' if t['holds'] else 'MISSED'}] {t['target']}: {t['value']} {t['unit']}")
    print("\nCold build breakdown (medians, s):")
    width = max(map(len, parts), default=0)
    for key, value in parts.items():
        print(f"  {key:{width}s} {value:7.3f}")
    print(f"\nWrote {args.out} in {time.time() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
