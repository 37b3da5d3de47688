#!/usr/bin/env python3
"""Eddy's compile-time benchmark: CPU time and peak memory of compiling each
shape of gen.py with and without Eddy, for a forward and a reverse request,
at -O0 and -O2 (the median of --reps runs each).

  bench/compile/run.py [--shapes a,b] [--sizes 100,1000] [--levels 0,2]
                       [--reps 3] [--timeout 120] [--ratio-timeout 5] [--out DIR]
                       [--own-only]

Writes DIR/results.md (tables, ratios to the plain compile, growth per
doubling), DIR/results.csv and, when gnuplot is there, DIR/results.png.
Each request is also compiled with f static (gen.py --static-primal): from
-O1 on nothing uses f once Eddy has replaced the request, so the back end
compiles the derivative alone. Less the plain compile's front end and IR
pipeline (-S -emit-llvm, which on f the request's compile runs too; at -O0,
which keeps f, the whole plain compile), that is Eddy's own time ("own"
columns; --own-only measures just those). Both leave out PLAIN_ONLY_PASSES.
A plain compile gets --timeout seconds; Eddy's compiles of the same file get
the larger of that and --ratio-timeout times the plain compile's time, so a
ratio is measured wherever the plain compile finishes (a slower one is
reported as a timeout).
"Plain" compiles the same file (request included) without the plugin.
Environment: EDDY_BUILD_DIR (default <repo>/build), EDDY_CC (clang-19).
"""
import argparse
import csv
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SHAPES = ["straight", "loop", "switch", "nest8", "chain", "kinetics", "kinetics-loop"]
SIZES = [100, 1000, 10000, 100000]


def generate(shape, size, mode, path, static_primal=False):
    with open(path, "w") as out:
        subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), "--shape", shape,
                        "--size", str(size), "--mode", mode]
                       + (["--static-primal"] if static_primal else []),
                       stdout=out, check=True)


# Plain-compile passes left out of the own columns. LLVM's LibCallsShrinkWrap
# wraps each errno-setting libm call of the user's f in a guard, splitting f's
# block each time: quadratic on the straight shapes (60-130 s on f at 100,000
# statements, varying by tens of seconds between identical runs). It runs on f
# before Eddy (in the simplification pipeline, in the plain compile and the
# request's alike) and never on what Eddy generates, so subtracting it from
# both sides removes noise, not Eddy's work.
PLAIN_ONLY_PASSES = ["LibCallsShrinkWrapPass"]


def pass_seconds(report, names):
    """User+system seconds of the passes `names` in a -ftime-report text."""
    total = 0.0
    for line in report.splitlines():
        parts = line.rsplit(")", 1)
        if len(parts) == 2 and parts[1].strip() in names:
            # Columns: [user] [system] user+system wall, each "s (p%)".
            secs = re.findall(r"([0-9.]+) \(\s*[0-9.]+%\)", parts[0] + ")")
            if len(secs) >= 2:
                total += float(secs[-2])
    return total


def measure(cmd, timeout, minus=None):
    """(CPU seconds, peak RSS in MB) of one run of cmd, or None on timeout.
    With minus (pass names), cmd runs with -ftime-report and those passes'
    time is left out."""
    start = time.monotonic()
    if minus:
        cmd = cmd + ["-ftime-report"]
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > timeout:
                proc.kill()
                os.wait4(proc.pid, 0)
                return None
            time.sleep(0.02)
        err.seek(0)
        text = err.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{text}")
    left_out = pass_seconds(text, minus) if minus else 0.0
    return usage.ru_utime + usage.ru_stime - left_out, usage.ru_maxrss / 1024.0


def median_run(cmd, reps, timeout, once_over=30.0, minus=None):
    """Median over reps runs; a compile slower than once_over seconds runs
    once (its noise is small against its length)."""
    runs = []
    for _ in range(reps):
        r = measure(cmd, timeout, minus)
        if r is None:
            return None
        runs.append(r)
        if r[0] > once_over:
            break
    return (statistics.median(t for t, _ in runs), statistics.median(m for _, m in runs))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)))
    ap.add_argument("--levels", default="0,2")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=300,
                    help="seconds; a compile that takes longer ends the shape's larger sizes")
    ap.add_argument("--ratio-timeout", type=float, default=5.0,
                    help="an Eddy compile may take this many times the plain one, "
                         "when that is longer than --timeout")
    ap.add_argument("--once-over", type=float, default=30.0,
                    help="seconds; a compile slower than this is not repeated")
    ap.add_argument("--out", default=HERE)
    ap.add_argument("--own-only", action="store_true",
                    help="measure the own columns only (no plain or full compile)")
    args = ap.parse_args()

    build = os.environ.get("EDDY_BUILD_DIR", os.path.join(ROOT, "build"))
    plugin = os.path.join(build, "lib", "EddyClang.so")
    cc = os.environ.get("EDDY_CC", "clang-19")
    if not os.path.exists(plugin):
        sys.exit(f"no Eddy build at {build} (set EDDY_BUILD_DIR)")
    tmp = tempfile.mkdtemp(prefix="eddy-compile-")
    rows = []
    for shape in args.shapes.split(","):
        for level in args.levels.split(","):
            dead = set()  # Modes that timed out at a smaller size.
            for size in map(int, args.sizes.split(",")):
                row = {"shape": shape, "size": size, "level": level,
                       "plain_s": None, "plain_mb": None}
                for mode in ["fwd", "rev"]:
                    src = os.path.join(tmp, f"{shape}-{size}-{mode}.c")
                    generate(shape, size, mode, src)
                    base = [cc, f"-O{level}", "-I", os.path.join(ROOT, "include"),
                            "-c", src, "-o", os.devnull]
                    if mode == "fwd" and not args.own_only:  # The plain compile.
                        plain = median_run(base, args.reps, args.timeout, args.once_over)
                        row["plain_s"], row["plain_mb"] = plain or (None, None)
                    if mode == "fwd":  # What of it the static-f compile repeats.
                        ir = median_run(
                            [cc, f"-O{level}", "-I", os.path.join(ROOT, "include")]
                            + (["-c"] if level == "0" else ["-S", "-emit-llvm"])
                            + [src, "-o", os.devnull],
                            args.reps, args.timeout, args.once_over, PLAIN_ONLY_PASSES)
                        row["plain_ir_s"] = ir[0] if ir else None
                    limit = max(args.timeout,
                                args.ratio_timeout * (row.get("plain_s") or 0))
                    r = None if mode in dead or args.own_only else median_run(
                        base[:1] + [f"-fplugin={plugin}"] + base[1:], args.reps, limit,
                        args.once_over)
                    if r is None and not args.own_only:
                        dead.add(mode)
                    row[f"{mode}_s"], row[f"{mode}_mb"] = r or (None, None)
                    # Eddy's own time: the same request with f static, which
                    # from -O1 on nothing compiles but the derivative.
                    own = os.path.join(tmp, f"{shape}-{size}-{mode}-own.c")
                    generate(shape, size, mode, own, static_primal=True)
                    o = None if mode in dead else median_run(
                        [cc, f"-fplugin={plugin}", f"-O{level}", "-I",
                         os.path.join(ROOT, "include"), "-c", own, "-o", os.devnull],
                        args.reps, limit, args.once_over, PLAIN_ONLY_PASSES)
                    row[f"{mode}_own_s"] = o[0] if o else None
                rows.append(row)
                print(format_row(row), flush=True)
    shutil.rmtree(tmp)
    os.makedirs(args.out, exist_ok=True)
    write_csv(rows, os.path.join(args.out, "results.csv"))
    write_markdown(rows, os.path.join(args.out, "results.md"))
    plot(os.path.join(args.out, "results.csv"), os.path.join(args.out, "results.png"))


def fmt(v, unit=""):
    return "timeout" if v is None else f"{v:.2f}{unit}"


def ratio(a, b):
    return "—" if a is None or not b else f"{a / b:.1f}×"


def format_row(r):
    return (f"{r['shape']:>13} {r['size']:>6} -O{r['level']}  plain {fmt(r['plain_s'])} s"
            f"  fwd {fmt(r['fwd_s'])} s ({ratio(r['fwd_s'], r['plain_s'])})"
            f"  rev {fmt(r['rev_s'])} s ({ratio(r['rev_s'], r['plain_s'])})"
            f"  memory {fmt(r['plain_mb'])}/{fmt(r['fwd_mb'])}/{fmt(r['rev_mb'])} MB"
            f"  own {fmt(r.get('fwd_own_s'))}/{fmt(r.get('rev_own_s'))} s"
            f" less IR {fmt(r.get('plain_ir_s'))} s")


FIELDS = ["shape", "size", "level", "plain_s", "fwd_s", "rev_s", "plain_mb", "fwd_mb", "rev_mb",
          "fwd_own_s", "rev_own_s", "plain_ir_s"]


def write_csv(rows, path):
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, FIELDS)
        w.writeheader()
        for r in rows:
            w.writerow({k: ("" if r.get(k) is None else r[k]) for k in FIELDS})


def read_csv(path):
    """The rows write_csv wrote; an empty or missing field (a timeout, or a
    column an older run did not have) is None."""
    rows = []
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            row = {"shape": r["shape"], "size": int(r["size"]), "level": r["level"]}
            row.update({k: float(r[k]) if r.get(k) else None for k in FIELDS[3:]})
            rows.append(row)
    return rows


def own(r, mode):
    """Eddy's own time for mode: the static-f compile less the plain front end
    and IR pipeline; None where either is missing."""
    t, ir = r.get(f"{mode}_own_s"), r.get("plain_ir_s")
    return None if t is None or ir is None else max(t - ir, 0.0)


def growth(r, p, key):
    """r[key] over p[key], per doubling of the size; None below 0.3 s, where
    it is startup noise, or where either is missing."""
    get = (lambda row: own(row, key[:3])) if key.endswith("_own") else (
        lambda row: row.get(key))
    t, t0 = get(r), get(p) if p else None
    if not t or not t0 or t <= 0.3:
        return None
    return (t / t0) ** (1 / math.log2(r["size"] / p["size"]))


def write_markdown(rows, path):
    lines = ["# Compile-time benchmark", "",
             "CPU seconds (user + system) and peak memory of one compile, median of the runs;",
             "ratios are to the plain compile of the same file. Own: Eddy's own time, the",
             "same request compiled with `f` static (`gen.py --static-primal`), which from -O1",
             "on nothing uses once Eddy has replaced the request, so the back end compiles the",
             "derivative alone, less the plain compile's front end and IR pipeline",
             "(`-S -emit-llvm`), which that compile also runs on `f` (at -O0, which compiles",
             "`f` too, less the whole plain compile); both without LLVM's LibCallsShrinkWrap,",
             "which runs on `f` alone (quadratic there, and noisy by tens of seconds at",
             "100,000 statements). Growth: a time",
             "over its time at the previous size, per doubling of the size",
             "((t2/t1)^(1/log2(n2/n1))); fwd and rev with the plain compile, own alone.",
             "", "| shape | size | level | plain s | fwd s | fwd/plain | rev s | rev/plain "
             "| fwd growth | rev growth | own fwd s | own rev s | own growth | plain MB "
             "| fwd MB | rev MB |",
             "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    prev = {}
    for r in rows:
        key = (r["shape"], r["level"])
        p = prev.get(key)
        g = [growth(r, p, k) for k in ["fwd_s", "rev_s", "fwd_own", "rev_own"]]
        g = ["—" if x is None else f"{x:.2f}" for x in g]
        prev[key] = r
        mine = (f"| {fmt(own(r, 'fwd'))} | {fmt(own(r, 'rev'))} | {g[2]} / {g[3]} "
                if r.get("plain_ir_s") else "| — | — | — ")
        lines.append(f"| {r['shape']} | {r['size']} | -O{r['level']} | {fmt(r['plain_s'])} "
                     f"| {fmt(r['fwd_s'])} | {ratio(r['fwd_s'], r['plain_s'])} "
                     f"| {fmt(r['rev_s'])} | {ratio(r['rev_s'], r['plain_s'])} "
                     f"| {g[0]} | {g[1]} {mine}| {fmt(r['plain_mb'])} "
                     f"| {fmt(r['fwd_mb'])} | {fmt(r['rev_mb'])} |")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def plot(csv_path, png_path):
    if not shutil.which("gnuplot"):
        print("gnuplot not found: no plot (apt-get install gnuplot-nox)")
        return
    script = os.path.join(HERE, "plot.gp")
    done = subprocess.run(["gnuplot", "-e", f"data='{csv_path}'; out='{png_path}'", script])
    if done.returncode != 0:  # One size per shape has no line to draw.
        print("gnuplot failed: no plot (the table and CSV are written)")


if __name__ == "__main__":
    main()
