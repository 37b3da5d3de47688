#!/usr/bin/env python3
"""Compare two runs of run.py: compare.py BEFORE.csv AFTER.csv [--limit 60]

Prints two Markdown tables: every (shape, size, level) row of AFTER beside the
same row of BEFORE (CPU seconds of the plain compile, ratios of the forward and
reverse requests to it, and the larger of the two requests' peak memory over
plain's), and, per shape and level, the largest size whose plain compile and both
requests each finish in under --limit seconds, before and after (and, after, the
largest whose plain compile alone does).
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import fmt, ratio, read_csv  # noqa: E402


def cell(r):
    if r is None:
        return "not run"
    if r["plain_s"] is None:
        return "timeout"
    mem = [r[f"{m}_mb"] for m in ("fwd", "rev") if r[f"{m}_mb"]]
    peak = f", mem {max(mem) / r['plain_mb']:.1f}×" if mem and r["plain_mb"] else ""
    fwd, rev = (ratio(r[f"{m}_s"], r["plain_s"]) if r[f"{m}_s"] else "timeout"
                for m in ("fwd", "rev"))
    return f"{fmt(r['plain_s'])} s; {fwd} / {rev}{peak}"


def largest_under(rows, shape, level, limit, modes=("plain", "fwd", "rev")):
    ok = [r["size"] for r in rows if r["shape"] == shape and r["level"] == level
          and all(r[f"{m}_s"] is not None and r[f"{m}_s"] < limit for m in modes)]
    return f"{max(ok):,}" if ok else "—"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before")
    ap.add_argument("after")
    ap.add_argument("--limit", type=float, default=60.0)
    args = ap.parse_args()
    before, after = read_csv(args.before), read_csv(args.after)
    old = {(r["shape"], r["size"], r["level"]): r for r in before}

    print("| shape | size | level | before: plain; fwd / rev | after: plain; fwd / rev |")
    print("|---|---:|---|---|---|")
    for r in after:
        b = old.get((r["shape"], r["size"], r["level"]))
        print(f"| {r['shape']} | {r['size']:,} | -O{r['level']} | {cell(b)} | {cell(r)} |")

    print()
    print(f"| shape | level | largest size under {args.limit:g} s, before | after "
          "| after, plain compile alone |")
    print("|---|---|---:|---:|---:|")
    seen = []
    for r in after:
        key = (r["shape"], r["level"])
        if key not in seen:
            seen.append(key)
            print(f"| {key[0]} | -O{key[1]} | {largest_under(before, *key, args.limit)} "
                  f"| {largest_under(after, *key, args.limit)} "
                  f"| {largest_under(after, *key, args.limit, ('plain',))} |")


if __name__ == "__main__":
    main()
