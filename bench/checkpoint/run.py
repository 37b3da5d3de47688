#!/usr/bin/env python3
"""Eddy's checkpointing benchmark (issue 13): time and peak memory of the
gradient of a heat stepper (heat.c) with its time loop taped whole and under
'#pragma eddy checkpoint(binomial, snapshots(S))', against the number of steps.

  bench/checkpoint/run.py table [--cells 128] [--steps 1000,...] [--snapshots 4,16,64,256]
  bench/checkpoint/run.py large [--large-cells 100000] [--large-steps 100000] [--large-s 64]
                                [--fit-cells 10000] [--fit-steps 1000]
  bench/checkpoint/run.py report          # results.md (+ results.png) from the CSVs

`table` writes results.csv; `large` writes results-large.csv (the issue's
10^5 x 10^5 case, one run, plus the slowdown against the stored tape at a size
where both fit); each then rewrites results.md from the CSVs present, and
results.png when gnuplot is installed. Every variant's gradient is first
checked against the stored tape's, bit for bit, and against central finite
differences (heat.c 'check'); a variant that fails is reported and not timed.
Environment: EDDY_BUILD_DIR (default <repo>/build), EDDY_CC (clang-19).
"""
import argparse
import csv
import math
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
# Stored tape per step and cell, measured (issue 13: ~1 KB per step at 128
# cells); runs whose tape would exceed TAPE_LIMIT are not started.
TAPE_BYTES_PER_CELL_STEP = 8
TAPE_LIMIT = 4e9
STATE_ARRAYS = 2  # u and the scratch buffer tmp: what the body writes.


def revolve_min(n, s):
    """Revolve's minimum of plain steps to reverse n steps with s snapshots:
    r*n - C(s+r, r-1), r the least integer with C(s+r, s) >= n."""
    if n <= 1:
        return 0, 0
    r = 1
    while math.comb(s + r, s) < n:
        r += 1
    return r * n - math.comb(s + r, r - 1), r


def build(variant, tmp):
    """Compiles heat.c for one variant (None: stored tape; S: snapshots)."""
    plugin = os.path.join(os.environ.get("EDDY_BUILD_DIR", os.path.join(ROOT, "build")),
                          "lib", "EddyClang.so")
    if not os.path.exists(plugin):
        sys.exit(f"no Eddy plugin at {plugin} (set EDDY_BUILD_DIR)")
    exe = os.path.join(tmp, f"heat-{variant or 'tape'}")
    cmd = [os.environ.get("EDDY_CC", "clang-19"), "-O2", f"-fplugin={plugin}",
           "-I", os.path.join(ROOT, "include"), os.path.join(HERE, "heat.c"), "-o", exe, "-lm"]
    if variant:
        cmd.insert(2, f"-DSNAPSHOTS={variant}")
    subprocess.run(cmd, check=True)
    return exe


def measure(cmd):
    """Runs cmd; returns (its key=value output as a dict, peak RSS in MB).

    The peak RSS is the child's ru_maxrss as /usr/bin/time reports it. Not
    Python's own wait4: Linux carries the high-water mark of the forked
    process (a copy of Python, ~15 MB) across exec, which would hide every
    peak below it; /usr/bin/time forks from a process of ~2 MB."""
    rss_file = tempfile.NamedTemporaryFile(prefix="eddy-rss-", delete=False).name
    proc = subprocess.run(["/usr/bin/time", "-o", rss_file, "-f", "%M"] + cmd,
                          capture_output=True)
    with open(rss_file) as f:
        rss = f.read().strip().splitlines()
    os.unlink(rss_file)
    if proc.returncode != 0:
        text = (proc.stdout + proc.stderr).decode().strip()
        return {"error": text or f"exit {proc.returncode}"}, None
    out = proc.stdout.decode()
    fields = dict(kv.split("=", 1) for kv in out.split() if "=" in kv)
    fields["text"] = out.strip()
    return fields, int(rss[-1]) / 1024.0


def check(exe, cells, steps):
    fields, _ = measure([exe, "check", str(cells), str(steps)])
    ok = fields.get("text") == "OK"
    print(f"check {os.path.basename(exe)} {cells}x{steps}: "
          f"{'OK' if ok else 'FAIL ' + fields.get('error', '')}", flush=True)
    return ok


def table(args, tmp):
    variants = [None] + [int(s) for s in args.snapshots.split(",")]
    rows = []
    for v in variants:
        exe = build(v, tmp)
        if not check(exe, args.cells, args.check_steps):
            rows.append({"variant": v or "tape", "cells": args.cells, "steps": "",
                         "error": "gradient check failed"})
            continue
        for n in map(int, args.steps.split(",")):
            row = {"variant": v or "tape", "cells": args.cells, "steps": n}
            if v is None and args.cells * n * TAPE_BYTES_PER_CELL_STEP > TAPE_LIMIT:
                row["error"] = "tape over 4 GB, not run"
                rows.append(row)
                continue
            p, p_mb = measure([exe, "primal", str(args.cells), str(n)])
            g, g_mb = measure([exe, "grad", str(args.cells), str(n)])
            if "error" in g or "error" in p:
                row["error"] = (g.get("error") or p.get("error")).splitlines()[0]
            else:
                row.update(primal_s=float(p["cpu_seconds"]), grad_s=float(g["cpu_seconds"]),
                           primal_wall=float(p["wall_seconds"]),
                           grad_wall=float(g["wall_seconds"]),
                           primal_mb=p_mb, grad_mb=g_mb,
                           state_bytes=STATE_ARRAYS * 8 * args.cells)
                if v:
                    row["advances"] = int(g["forward_advances"]) + int(g["reverse_advances"])
                    row["revolve"], row["r"] = revolve_min(n, v)
                    row["records"] = int(g["records"])
                    row["peak_snapshot_bytes"] = int(g["peak_snapshot_bytes"])
            rows.append(row)
            print(row, flush=True)
    write_csv(rows, os.path.join(args.out, "results.csv"), TABLE_FIELDS)


def large(args, tmp):
    rows = []
    s = args.large_s
    exe_s, exe_t = build(s, tmp), build(None, tmp)
    # The bit-for-bit check at the large case's cell count, over few steps.
    ok = check(exe_s, args.large_cells, 200) and check(exe_s, args.fit_cells, args.fit_steps)
    for variant, exe, cells, n in [(s, exe_s, args.fit_cells, args.fit_steps),
                                   ("tape", exe_t, args.fit_cells, args.fit_steps),
                                   (s, exe_s, args.large_cells, args.large_steps),
                                   ("tape", exe_t, args.large_cells, args.large_steps)]:
        row = {"variant": variant, "cells": cells, "steps": n,
               "state_bytes": STATE_ARRAYS * 8 * cells}
        if not ok:
            row["error"] = "gradient check failed"
        elif variant == "tape" and cells * n * TAPE_BYTES_PER_CELL_STEP > TAPE_LIMIT:
            row["error"] = (f"stored tape ~{cells * n * TAPE_BYTES_PER_CELL_STEP / 1e9:.0f} GB"
                            " (machine: 23 GB), not run")
        else:
            p, p_mb = measure([exe, "primal", str(cells), str(n)])
            g, g_mb = measure([exe, "grad", str(cells), str(n)])
            if "error" in g or "error" in p:
                row["error"] = (g.get("error") or p.get("error")).splitlines()[0]
            else:
                row.update(primal_s=float(p["cpu_seconds"]), grad_s=float(g["cpu_seconds"]),
                           primal_wall=float(p["wall_seconds"]),
                           grad_wall=float(g["wall_seconds"]),
                           primal_mb=p_mb, grad_mb=g_mb)
                if variant != "tape":
                    row["advances"] = int(g["forward_advances"]) + int(g["reverse_advances"])
                    row["revolve"], row["r"] = revolve_min(n, variant)
                    row["peak_snapshot_bytes"] = int(g["peak_snapshot_bytes"])
        rows.append(row)
        print(row, flush=True)
    write_csv(rows, os.path.join(args.out, "results-large.csv"), LARGE_FIELDS)


TABLE_FIELDS = ["variant", "cells", "steps", "primal_s", "grad_s", "primal_wall", "grad_wall",
                "primal_mb", "grad_mb",
                "state_bytes", "peak_snapshot_bytes", "advances", "revolve", "r", "records",
                "error"]
LARGE_FIELDS = ["variant", "cells", "steps", "primal_s", "grad_s", "primal_wall", "grad_wall",
                "primal_mb", "grad_mb",
                "state_bytes", "peak_snapshot_bytes", "advances", "revolve", "r", "error"]


def write_csv(rows, path, fields):
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fields)
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in fields})


def read_csv(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return list(csv.DictReader(f))


def num(v, fmt="{:.3g}"):
    return "—" if v in ("", None) else fmt.format(float(v))


def big(v):
    return "—" if v in ("", None) else f"{int(float(v)):,}"


def name(r):
    return "stored tape" if r["variant"] == "tape" else f"S = {r['variant']}"


def ratio(r):
    return f"{float(r['grad_s']) / float(r['primal_s']):.1f}×"


def counts(r):
    if not r["advances"]:
        return "— | —"
    same = "" if r["advances"] == r["revolve"] else " (≠ minimum!)"
    return f"{big(r['advances'])}{same} | {big(r['revolve'])}"


def report(out):
    lines = ["# Checkpointing benchmark", "",
             "Generated by `bench/checkpoint/run.py` (docs/benchmarks.md, section Checkpointing).",
             "Times: CPU seconds (user + system) of the call inside the program, best of the",
             "repetitions that fit in 0.3 s (one run above that); the wall seconds of the same",
             "run beside them (the machine is shared: wall includes waiting for a core).",
             "Peak RSS: `ru_maxrss` of the process from `/usr/bin/time` (gradient run alone;",
             "the primal run alone beside it). Plain steps: `forward_advances +",
             "reverse_advances` from `eddy_checkpoint_last_stats`, beside Revolve's minimum",
             "r·n − C(S+r, r−1), r the least with C(S+r, S) ≥ n, computed by run.py.",
             "Every variant's gradient was checked first against the stored tape's, bit for",
             "bit, and against central differences.", ""]
    rows = read_csv(os.path.join(out, "results.csv"))
    if rows:
        lines += [f"## Heat stepper, {rows[0]['cells']} cells", "",
                  "| variant | steps | primal CPU s | gradient CPU s | gradient/primal "
                  "| gradient wall s | primal MB | gradient MB | snapshots held KB "
                  "| plain steps (measured) | Revolve's minimum | r |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for r in rows:
            if r["error"]:
                lines.append(f"| {name(r)} | {big(r['steps'])} | {r['error']} ||||||||||")
                continue
            held_kb = (f"{float(r['peak_snapshot_bytes']) / 1024:.1f}"
                       if r["peak_snapshot_bytes"] else "—")
            lines.append(f"| {name(r)} | {big(r['steps'])} | {num(r['primal_s'])} "
                         f"| {num(r['grad_s'])} | {ratio(r)} | {num(r['grad_wall'])} "
                         f"| {num(r['primal_mb'], '{:.1f}')} | {num(r['grad_mb'], '{:.1f}')} "
                         f"| {held_kb} | {counts(r)} | {r['r'] or '—'} |")
    rows = read_csv(os.path.join(out, "results-large.csv"))
    if rows:
        lines += ["", "## Large case and slowdown", "",
                  "State: the two arrays the step writes (u and its scratch buffer), "
                  "cells × 8 B × 2. Peak in state copies: the gradient run's peak RSS over "
                  "the state; beside it, the same for the part above the primal run's peak "
                  "(which holds the state once, plus the program).", "",
                  "| variant | cells | steps | primal CPU s | gradient CPU s | gradient/primal "
                  "| gradient wall s | primal MB | gradient MB | state MB "
                  "| gradient peak (state copies) | above the primal (state copies) "
                  "| snapshots held MB | plain steps | Revolve's minimum |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for r in rows:
            state_mb = float(r["state_bytes"]) / 2**20
            if r["error"]:
                lines.append(f"| {name(r)} | {big(r['cells'])} | {big(r['steps'])} "
                             f"| {r['error']} |||||| {state_mb:.2f} ||||||")
                continue
            g, p = float(r["grad_mb"]), float(r["primal_mb"])
            held = (f"{float(r['peak_snapshot_bytes']) / 2**20:.1f}"
                    if r["peak_snapshot_bytes"] else "—")
            lines.append(
                f"| {name(r)} | {big(r['cells'])} | {big(r['steps'])} | {num(r['primal_s'])} "
                f"| {num(r['grad_s'])} | {ratio(r)} | {num(r['grad_wall'])} | {p:.1f} "
                f"| {g:.1f} | {state_mb:.2f} | {g / state_mb:.1f} | {(g - p) / state_mb:.1f} "
                f"| {held} | {counts(r)} |")
    with open(os.path.join(out, "results.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    plot(out)


def plot(out):
    data = os.path.join(out, "results.csv")
    if not os.path.exists(data):
        return
    if not shutil.which("gnuplot"):
        print("gnuplot not found: no plot (apt-get install gnuplot-nox)")
        return
    subprocess.run(["gnuplot", "-e", f"data='{data}'; out='{os.path.join(out, 'results.png')}'",
                    os.path.join(HERE, "plot.gp")], check=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=["table", "large", "report"])
    ap.add_argument("--cells", type=int, default=128)
    ap.add_argument("--steps", default="1000,10000,100000,1000000")
    ap.add_argument("--snapshots", default="4,16,64,256")
    ap.add_argument("--check-steps", type=int, default=1000)
    ap.add_argument("--large-cells", type=int, default=100000)
    ap.add_argument("--large-steps", type=int, default=100000)
    ap.add_argument("--large-s", type=int, default=64)
    ap.add_argument("--fit-cells", type=int, default=10000)
    ap.add_argument("--fit-steps", type=int, default=1000)
    ap.add_argument("--out", default=HERE)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="eddy-ckpt-")
    try:
        if args.what == "table":
            table(args, tmp)
        elif args.what == "large":
            large(args, tmp)
    finally:
        shutil.rmtree(tmp)
    report(args.out)


if __name__ == "__main__":
    main()
