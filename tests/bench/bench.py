#!/usr/bin/env python3
"""make bench: times crdc commands over repeated runs.

For each case: the median and spread (min - max) of wall time, of user+sys CPU
time, and of peak RSS (from the kernel's rusage of the child), over --runs
runs after one warm-up run.  Prints a Markdown table per group.  No network.

Environment: CRDC (the binary), SRCDIR, SHARED (the shared data folder),
BENCH_RUNS (default 21), BENCH_ONLY (comma-separated group names)."""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

CRDC = os.environ["CRDC"]
SRCDIR = os.environ["SRCDIR"]
SHARED = os.environ.get("SHARED") or os.path.join(os.path.dirname(os.path.abspath(SRCDIR)), "shared")
RUNS = int(os.environ.get("BENCH_RUNS", "21"))
ONLY = [g for g in os.environ.get("BENCH_ONLY", "").split(",") if g]


MEASURE = os.environ["MEASURE"]


def run_once(argv, cwd):
    """One run through tests/bench/measure: wall ms, user+sys ms, peak RSS MB, status."""
    out = subprocess.run([MEASURE] + argv, cwd=cwd, capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), float(out[1]) + float(out[2]), int(out[3]) / 1024.0, int(out[4])


def measure(argv, cwd=None, ok=(0,), runs=None):
    walls, cpus, rss = [], [], []
    for i in range((runs or RUNS) + 1):
        w, c, r, rc = run_once(argv, cwd)
        if rc not in ok:
            raise SystemExit(f"bench: {' '.join(argv)} exited {rc}")
        if i:  # the first run warms the page cache
            walls.append(w)
            cpus.append(c)
            rss.append(r)
    return walls, cpus, rss


def fmt(values, unit):
    return f"{statistics.median(values):.1f} {unit} ({min(values):.1f}–{max(values):.1f})"


def table(title, rows):
    print(f"\n### {title}\n")
    print("| case | wall | user+sys | peak RSS |")
    print("|---|---|---|---|")
    for name, (w, c, r) in rows:
        print(f"| {name} | {fmt(w, 'ms')} | {fmt(c, 'ms')} | {fmt(r, 'MB')} |")
    sys.stdout.flush()


def versions():
    out = subprocess.run([CRDC, "versions"], capture_output=True, text=True, check=True).stdout
    return [line.split()[0] for line in out.splitlines()]


def group_show():
    rows = []
    for v in versions():
        rows.append((f"`crdc show io.k8s.api.core.v1.PodTemplateSpec --kube-version {v}`",
                     measure([CRDC, "show", "--kube-version", v, "io.k8s.api.core.v1.PodTemplateSpec"])))
    table("Expanding PodTemplateSpec, per version", rows)


GROUPS = {"show": group_show}


def main():
    print(f"Machine: {os.uname().machine}, {os.cpu_count()} CPUs, {os.uname().sysname} {os.uname().release}; "
          f"{RUNS} runs per case after one warm-up; median (min–max).")
    for name, fn in GROUPS.items():
        if not ONLY or name in ONLY:
            fn()


main()
