#!/usr/bin/env python3
"""make bench: times crdc commands over repeated runs.

For each case: the median and spread (min - max) of wall time, of user+sys CPU
time, and of peak RSS (from the kernel's rusage of the child), over --runs
runs after one warm-up run.  Prints a Markdown table per group.  No network.

Environment: CRDC (the binary), SRCDIR, SHARED (the shared data folder),
BENCH_RUNS (default 21), BENCH_ONLY (comma-separated group names),
K8S_CRD_RESOLVER (the k8s-crd-resolver command to compare with on the dask
templates, in the same run; default: k8s-crd-resolver if it is on PATH)."""
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


BUILD_FLAGS = ["--descriptions", "strip-kubernetes"]   # what `make crds` uses


def sh(script, cwd):
    """A shell script as one measured command (peak RSS is the largest process's)."""
    return ["/bin/sh", "-c", script]


def group_project():
    tmp = tempfile.mkdtemp(prefix="crdc-bench-")
    try:
        vs = versions()
        flags = " ".join(BUILD_FLAGS)
        out = os.path.join(tmp, "out")
        rows = []
        # Fresh outputs every run: templates resolved, linted, emitted, verified, written.
        rows.append(("`crdc build` crds-src/, one version, outputs written",
                     measure(sh(f"rm -rf {out} && '{CRDC}' build -q {flags} -o {out} crds-src", SRCDIR), cwd=SRCDIR)))
        subprocess.run([CRDC, "build", "-q", *BUILD_FLAGS, "-o", out, "crds-src"], cwd=SRCDIR, check=True)
        rows.append(("`crdc build` crds-src/, one version, outputs current",
                     measure([CRDC, "build", "-q", *BUILD_FLAGS, "-o", out, "crds-src"], cwd=SRCDIR)))
        loop = "; ".join(f"'{CRDC}' build -q {flags} --kube-version {v} -o {tmp}/v{v} crds-src" for v in vs)
        rows.append((f"`crdc build` crds-src/, all {len(vs)} versions, outputs written",
                     measure(sh(f"rm -rf {tmp}/v1.*; {loop}", SRCDIR), cwd=SRCDIR)))
        rows.append(("`crdc build --check` crds-src/ (the pre-commit path), one version",
                     measure([CRDC, "build", "-q", "--check", *BUILD_FLAGS, "-o", out, "crds-src"], cwd=SRCDIR)))
        check = " && ".join(f"'{CRDC}' build -q --check {flags} --kube-version {v} -o {tmp}/v{v} crds-src" for v in vs)
        rows.append((f"`crdc build --check` crds-src/, all {len(vs)} versions",
                     measure(sh(check, SRCDIR), cwd=SRCDIR)))
        outs = " ".join(sorted(os.path.join("crds-out", f) for f in os.listdir(os.path.join(SRCDIR, "crds-out"))
                               if f.endswith(".yaml")))
        rows.append(("`crdc lint` crds-out/", measure(sh(f"'{CRDC}' lint -q {outs}", SRCDIR), cwd=SRCDIR)))
        crds = " ".join(f"--crd {o}" for o in outs.split())
        rows.append(("`crdc validate` examples/ against crds-out/",
                     measure(sh(f"'{CRDC}' validate -q {crds} examples/*.yaml", SRCDIR), cwd=SRCDIR)))
        # The floors: copying the output bytes, and starting the binary.
        rows.append(("floor: `cat` crds-out/ (the same output bytes)", measure(sh(f"cat {outs}", SRCDIR), cwd=SRCDIR)))
        rows.append(("floor: `crdc --version`", measure([CRDC, "--version"])))
        table("The project's CRDs (crds-src/, 10 templates)", rows)
        size = sum(os.path.getsize(os.path.join(SRCDIR, o)) for o in outs.split())
        print(f"\ncrds-out/ holds {size} bytes of YAML.")
    finally:
        shutil.rmtree(tmp)


def group_dask():
    src = os.path.join(SHARED, "corpus", "dask", "templates")
    if not os.path.isdir(src):
        print(f"\n(skipping dask: {src} not found)")
        return
    tmp = tempfile.mkdtemp(prefix="crdc-bench-dask-")
    try:
        pkg = os.path.join(tmp, "dask_kubernetes", "operator", "customresources")
        os.makedirs(pkg)
        for f in os.listdir(src):
            shutil.copy(os.path.join(src, f), pkg)
        rel = "dask_kubernetes/operator/customresources"
        rows = []
        for n in ("daskcluster", "daskworkergroup", "daskjob", "daskautoscaler"):
            argv = [CRDC, "resolve", "-q", "-r", "-j", f"{rel}/{n}.patch.yaml", f"{rel}/{n}.yaml", f"out/{n}.yaml"]
            os.makedirs(os.path.join(tmp, "out"), exist_ok=True)
            rows.append((f"`crdc resolve -r -j` {n}, output written",
                         measure(sh(f"rm -f out/{n}.yaml; " + " ".join(f"'{a}'" for a in argv), tmp), cwd=tmp)))
            rows.append((f"`crdc resolve -r -j` {n}, output current", measure(argv, cwd=tmp)))
        rows.append(("floor: `cat` the four outputs", measure(sh("cat out/*.yaml", tmp), cwd=tmp)))
        # The tool crdc replaces, on the same templates with the same arguments.
        other = os.environ.get("K8S_CRD_RESOLVER") or shutil.which("k8s-crd-resolver")
        if other:
            os.makedirs(os.path.join(tmp, "theirs"), exist_ok=True)
            for n in ("daskcluster", "daskworkergroup", "daskjob", "daskautoscaler"):
                argv = [other, "-r", "-j", f"{rel}/{n}.patch.yaml", f"{rel}/{n}.yaml", f"theirs/{n}.yaml"]
                rows.append((f"`k8s-crd-resolver -r -j` {n}", measure(argv, cwd=tmp, runs=min(RUNS, 5))))
        else:
            print("\n(k8s-crd-resolver not found: set K8S_CRD_RESOLVER to compare with it in this run)")
        table("dask-kubernetes' templates, k8s-crd-resolver's command line", rows)
    finally:
        shutil.rmtree(tmp)


def crd_text(name, versions):
    vs = "".join(f"""  - name: v{i}
    served: true
    storage: {'true' if i == 0 else 'false'}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              template:
                $ref: io.k8s.api.core.v1.PodTemplateSpec
""" for i in range(versions))
    return f"""apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: {name}s.bench.crdc.dev
spec:
  group: bench.crdc.dev
  names: {{kind: {name.capitalize()}, plural: {name}s, singular: {name}}}
  scope: Namespaced
  versions:
{vs}"""


def group_scale():
    tmp = tempfile.mkdtemp(prefix="crdc-bench-scale-")
    try:
        rows, sizes = [], []
        for n in (50, 100, 200):
            d = os.path.join(tmp, f"src{n}")
            os.makedirs(d)
            for i in range(n):
                with open(os.path.join(d, f"c{i:03}.yaml"), "w") as f:
                    f.write(crd_text(f"c{i:03}x", 1))
            out = os.path.join(tmp, f"out{n}")
            r = measure(sh(f"rm -rf {out} && '{CRDC}' build -q --no-lint -o {out} src{n}", tmp), cwd=tmp, runs=5)
            size = sum(os.path.getsize(os.path.join(out, f)) for f in os.listdir(out))
            sizes.append((n, size, statistics.median(r[0])))
            rows.append((f"{n} CRDs, each embedding PodTemplateSpec ({size / 1e6:.1f} MB out)", r))
        big = os.path.join(tmp, "big")
        os.makedirs(big)
        with open(os.path.join(big, "many.yaml"), "w") as f:
            f.write(crd_text("many", 50))
        r = measure(sh(f"rm -rf {tmp}/outbig && '{CRDC}' build -q --no-lint -o {tmp}/outbig big", tmp), cwd=tmp, runs=5)
        size = os.path.getsize(os.path.join(tmp, "outbig", "many.yaml"))
        rows.append((f"one CRD with 50 versions, each embedding PodTemplateSpec ({size / 1e6:.1f} MB out)", r))
        table("Scale (synthetic templates made by the benchmark; --no-lint: they are over the size limits)", rows)
        print()
        for n, size, wall in sizes:
            print(f"- {n} CRDs: {wall / (size / 1e6):.2f} ms per MB of output")
    finally:
        shutil.rmtree(tmp)


GROUPS = {"show": group_show, "project": group_project, "dask": group_dask, "scale": group_scale}


def main():
    print(f"Machine: {os.uname().machine}, {os.cpu_count()} CPUs, {os.uname().sysname} {os.uname().release}; "
          f"{RUNS} runs per case after one warm-up; median (min–max).")
    for name, fn in GROUPS.items():
        if not ONLY or name in ONLY:
            fn()


main()
