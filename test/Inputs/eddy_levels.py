#!/usr/bin/env python3
"""Builds and runs one test program at every optimization level and checks
that the verdict and the derivatives do not depend on the level.

    eddy_levels.py [options] COMPILE... -- CHECK...

COMPILE is a compiler command line with `-o OUT`; it is run once per level
with `-O<L>` appended, `-DEDDY_CHECK_VALUES` added (eddy_check.h then prints
each checked value on its OK line) and `-o OUT.O<L>`. Each program is run (after
--run-prefix, e.g. valgrind), its standard output is piped into CHECK (usually
FileCheck), and then the outputs of all levels are compared with the first
level's: every line must have the same text, and every number in it must agree
within --rtol/--atol (NaN matches NaN, an infinity only itself).

Why a tolerance and not bit equality: adjoint sums are reassociable (`fadd
reassoc nsz`), so -O2's vectorized reduction may add in another order than -O0;
finite-difference references divide primal rounding differences by ~1e-5.

Exit status: 0 when every level compiled, ran, passed CHECK and agreed."""
import argparse
import math
import os
import re
import shlex
import subprocess
import sys

NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?"
                    r"|nan|inf(?:inity)?)", re.IGNORECASE)


def split_numbers(line):
    """The line's text with numbers replaced by a marker, and the numbers."""
    values = [m.group(0) for m in NUMBER.finditer(line)]
    return NUMBER.sub("#", line), values


def close(a, b, rtol, atol):
    x, y = float(a), float(b)
    if math.isnan(x) or math.isnan(y):
        return math.isnan(x) and math.isnan(y)
    if math.isinf(x) or math.isinf(y):
        return x == y
    return abs(x - y) <= atol + rtol * max(abs(x), abs(y))


def compare(ref_level, ref, level, out, rtol, atol):
    """Returns a list of human-readable differences (empty if they agree)."""
    diffs = []
    ref_lines, lines = ref.splitlines(), out.splitlines()
    if len(ref_lines) != len(lines):
        diffs.append(f"-O{ref_level} printed {len(ref_lines)} lines, "
                     f"-O{level} printed {len(lines)}")
    for n, (a, b) in enumerate(zip(ref_lines, lines), 1):
        ta, va = split_numbers(a)
        tb, vb = split_numbers(b)
        if ta != tb or len(va) != len(vb):
            diffs.append(f"line {n}: -O{ref_level}: {a!r}\n"
                         f"        -O{level}: {b!r}")
            continue
        for x, y in zip(va, vb):
            if not close(x, y, rtol, atol):
                diffs.append(f"line {n}: {x} at -O{ref_level} but {y} at "
                             f"-O{level}: {b!r}")
                break
    return diffs


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--levels", default=os.environ.get("EDDY_LEVELS", "0 1 2 3"),
                        help="optimization levels, space-separated (default: 0 1 2 3)")
    parser.add_argument("--run-prefix", default="",
                        help="command prefix for running the program (valgrind ...)")
    parser.add_argument("--env", action="append", default=[], metavar="K=V",
                        help="environment variable for the program")
    parser.add_argument("--rtol", type=float, default=1e-9)
    parser.add_argument("--atol", type=float, default=1e-12)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()

    argv = args.command
    if "--" not in argv:
        parser.error("expected COMPILE... -- CHECK...")
    cut = argv.index("--")
    compile_cmd, check_cmd = argv[:cut], argv[cut + 1:]
    if "-o" not in compile_cmd or not check_cmd:
        parser.error("COMPILE needs -o OUT, and CHECK must not be empty")
    out_at = compile_cmd.index("-o") + 1
    levels = args.levels.split()
    env = dict(os.environ)
    for kv in args.env:
        k, _, v = kv.partition("=")
        env[k] = v

    outputs = {}
    failed = False
    for level in levels:
        exe = f"{compile_cmd[out_at]}.O{level}"
        cmd = list(compile_cmd)
        cmd[out_at] = exe
        cmd += ["-DEDDY_CHECK_VALUES", f"-O{level}"]
        built = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
        if built.returncode != 0:
            print(f"eddy_levels: -O{level}: compilation failed "
                  f"(exit {built.returncode}):\n{built.stdout}")
            failed = True
            continue
        ran = subprocess.run(shlex.split(args.run_prefix) + [exe], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        sys.stdout.write(ran.stderr)
        if ran.returncode != 0:
            print(f"eddy_levels: -O{level}: the program exited with "
                  f"{ran.returncode}; its output:\n{ran.stdout}")
            failed = True
            continue
        checked = subprocess.run(check_cmd, input=ran.stdout, stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, text=True)
        if checked.returncode != 0:
            print(f"eddy_levels: -O{level}: {shlex.join(check_cmd[:1])} failed:\n"
                  f"{checked.stdout}")
            failed = True
            continue
        outputs[level] = ran.stdout

    if len(outputs) > 1:
        ref_level = next(iter(outputs))
        for level, out in outputs.items():
            diffs = compare(ref_level, outputs[ref_level], level, out,
                            args.rtol, args.atol)
            if diffs:
                failed = True
                print(f"eddy_levels: -O{level} disagrees with -O{ref_level}:")
                print("\n".join("  " + d for d in diffs[:20]))
    if not failed:
        print(f"eddy_levels: -O{' -O'.join(levels)} agree")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
