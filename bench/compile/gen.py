#!/usr/bin/env python3
"""Generates the programs of Eddy's compile-time benchmark (bench/compile/).

Each program defines `double f(const double *x)` of one shape and size, and,
with --mode fwd or rev, one derivative request on it. With --main it also
gets a main() that checks the derivative against central finite differences
(the smoke test runs those; the timing runs compile without main).

  gen.py --shape straight --size 1000 --mode rev [--main] > p.c

Shapes (--size is the number of statements, approximately):
  straight   one basic block of assignments mixing sin, exp, sqrt and log
  loop       one long loop body (three trips) carrying four values
  switch     a loop over a `switch` of size/4 cases (10 .. 2,000 cases)
  nest8      loops nested 8 deep (two trips each), statements at every level
  chain      size/4 small functions, each calling the next
  kinetics   a mass-action kinetics right-hand side, generated unrolled:
             S = size/5 species, R = size/2 reactions; f = 1/2 |dc/dt|^2
  kinetics-loop  the same reactions as a hand-written loop over index tables
Every statement keeps values in [-2, 2], so the functions are smooth and
their derivatives moderate at any size.
"""
import argparse
import random

# Statement templates: `a` and `b` are earlier values. Each maps [-2, 2]^2
# into [-2, 2] (|0.5 sin a| <= 0.5, |exp(-a^2/2)| <= 1, 0.5(sqrt(1+a^2)-1)
# <= 0.62, 0.25 log(1+a^2) <= 0.41, plus at most 0.4 |b| <= 0.8).
TEMPLATES = [
    "0.5 * sin({a}) + 0.4 * {b}",
    "exp(-0.5 * {a} * {a}) - 0.3 * {b}",
    "0.5 * (sqrt(1.0 + {a} * {a}) - 1.0) + 0.35 * {b}",
    "0.25 * log(1.0 + {a} * {a}) - 0.4 * {b}",
]


def statement(rng, names):
    """An expression over two of `names`, mostly recent ones (a long chain
    of dependences, as generated code has)."""
    a = names[rng.randrange(max(0, len(names) - 8), len(names))]
    b = names[rng.randrange(len(names))]
    return rng.choice(TEMPLATES).format(a=a, b=b)


def block(rng, n, inputs, prefix, indent):
    """n declarations `double <prefix>K = ...;` over `inputs` and each other."""
    names = list(inputs)
    lines = []
    for k in range(n):
        name = f"{prefix}{k}"
        lines.append(f"{indent}double {name} = {statement(rng, names)};")
        names.append(name)
    return lines, names


def straight(rng, size):
    lines, names = block(rng, size, ["x[0]", "x[1]", "x[2]", "x[3]"], "t", "  ")
    return 4, [], lines + [f"  return {names[-1]};"]


def loop(rng, size):
    out = ["  double s0 = x[0], s1 = x[1], s2 = x[2], s3 = x[3];",
           "  for (int it = 0; it < 3; ++it) {"]
    lines, names = block(rng, size, ["s0", "s1", "s2", "s3"], "t", "    ")
    out += lines
    out += [f"    s{k} = 0.5 * {names[-1 - k]} + 0.25 * s{k};" for k in range(4)]
    out += ["  }", "  return s0 + s1 * s2 - s3;"]
    return 4, [], out


def switch(rng, size):
    cases = min(2000, max(10, size // 4))
    out = ["  double s0 = x[0], s1 = x[1];",
           "  for (int k = 0; k < 16; ++k) {",
           f"    switch ((k * 7919 + 13) % {cases}) {{"]
    for c in range(cases):
        lines, names = block(rng, 3, ["s0", "s1"], f"c{c}_", "      ")
        out.append(f"    case {c}: {{")
        out += lines
        out += [f"      s0 = {names[-1]};", f"      s1 = 0.5 * ({names[-2]} + s1);",
                "      break;", "    }"]
    out += ["    }", "  }", "  return s0 - 0.5 * s1;"]
    return 2, [], out


def nest8(rng, size):
    per = max(1, size // 8)
    out = ["  double s0 = x[0], s1 = x[1];"]
    for depth in range(8):
        ind = "  " * (depth + 1)
        lines, names = block(rng, per, ["s0", "s1"], f"l{depth}_", ind)
        out += lines
        out += [f"{ind}s0 = 0.5 * {names[-1]} + 0.5 * s0;",
                f"{ind}for (int i{depth} = 0; i{depth} < 2; ++i{depth}) {{"]
    out += ["  " * 9 + "s1 = 0.5 * sin(s0) + 0.5 * s1;"]
    out += ["  " * (d + 1) + "}" for d in reversed(range(8))]
    out += ["  return s0 + s1;"]
    return 2, [], out


def chain(rng, size):
    count = max(2, size // 4)
    helpers = []
    for k in reversed(range(count)):  # Each after the one it calls.
        lines, names = block(rng, 3, ["a", "b"], "t", "  ")
        tail = (f"g{k + 1}({names[-1]}, {names[-2]}) + 0.1 * {names[-3]}"
                if k + 1 < count else f"{names[-1]} * {names[-2]}")
        helpers += [f"static double g{k}(double a, double b) {{"] + lines
        helpers += [f"  return {tail};", "}"]
    return 2, helpers, ["  return g0(x[0], x[1]);"]


def reactions(rng, size):
    species = max(4, size // 5)
    count = max(4, size // 2)
    table = []
    for _ in range(count):
        a, b = rng.randrange(species), rng.randrange(species)
        p = rng.randrange(species)
        table.append((a, b, p, round(rng.uniform(0.1, 1.0), 3)))
    return species, table


def kinetics(rng, size):
    species, table = reactions(rng, size)
    out = [f"  double dc[{species}] = {{0}};"]
    for r, (a, b, p, k) in enumerate(table):
        out += [f"  double r{r} = {k} * x[{a}] * x[{b}];",
                f"  dc[{a}] -= r{r}; dc[{b}] -= r{r}; dc[{p}] += 2.0 * r{r};"]
    out += ["  double j = 0.0;",
            f"  for (int i = 0; i < {species}; ++i) j += dc[i] * dc[i];",
            "  return 0.5 * j;"]
    return species, [], out


def kinetics_loop(rng, size):
    species, table = reactions(rng, size)
    col = lambda i: ", ".join(str(t[i]) for t in table)
    helpers = [f"static const int RA[] = {{{col(0)}}};",
               f"static const int RB[] = {{{col(1)}}};",
               f"static const int RP[] = {{{col(2)}}};",
               f"static const double RK[] = {{{col(3)}}};"]
    out = [f"  double dc[{species}] = {{0}};",
           f"  for (int r = 0; r < {len(table)}; ++r) {{",
           "    double rate = RK[r] * x[RA[r]] * x[RB[r]];",
           "    dc[RA[r]] -= rate; dc[RB[r]] -= rate; dc[RP[r]] += 2.0 * rate;",
           "  }",
           "  double j = 0.0;",
           f"  for (int i = 0; i < {species}; ++i) j += dc[i] * dc[i];",
           "  return 0.5 * j;"]
    return species, helpers, out


SHAPES = {"straight": straight, "loop": loop, "switch": switch, "nest8": nest8,
          "chain": chain, "kinetics": kinetics, "kinetics-loop": kinetics_loop}

CHECK_MAIN = r"""
#include <stdlib.h>
#define NX {nx}
/* The derivative of f along e_i (fwd) or its gradient (rev), against central
 * differences with h = 1e-5 (max(1,|x_i|)): the truncation error h^2 f'''/6
 * is ~1e-11 for these smooth functions and the rounding error eps |f|/h
 * ~1e-11, so 1e-6 (relative to max(1, |f'|)) separates a wrong derivative
 * from noise by orders of magnitude. */
int main(void) {{
  static double x[NX], d[NX];
  for (int i = 0; i < NX; ++i) x[i] = 0.3 + 0.4 * ((i * 37) % 11) / 11.0;
  int failed = 0, checked = 0;
{grad}
  for (int i = 0; i < NX; i += 1 + NX / 8) {{
    double h = 1e-5 * (fabs(x[i]) > 1 ? fabs(x[i]) : 1), xi = x[i];
    x[i] = xi + h; double fp = f(x);
    x[i] = xi - h; double fm = f(x);
    x[i] = xi;
    double fd = (fp - fm) / (2 * h);
{one}
    double scale = fabs(fd) > 1 ? fabs(fd) : 1;
    ++checked;
    if (fabs(ad - fd) > 1e-6 * scale) {{
      printf("FAIL d/dx%d: eddy %.12g, finite differences %.12g\n", i, ad, fd);
      failed = 1;
    }}
  }}
  printf("%s: %d partials checked\n", failed ? "FAIL" : "ok", checked);
  return failed;
}}
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shape", choices=SHAPES, required=True)
    ap.add_argument("--size", type=int, required=True)
    ap.add_argument("--mode", choices=["none", "fwd", "rev"], default="none")
    ap.add_argument("--main", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    # f static: once Eddy has replaced the request nothing uses it, and from
    # -O1 on it is dropped before the back end, so the compile is the
    # derivative's alone (run.py's "own" columns).
    ap.add_argument("--static-primal", action="store_true")
    args = ap.parse_args()
    rng = random.Random(args.seed * 1000003 + args.size)
    nx, helpers, body = SHAPES[args.shape](rng, args.size)

    out = ["#include <math.h>", "#include <stdio.h>", "#include <eddy/eddy.h>", ""]
    out += helpers
    static = "static " if args.static_primal else ""
    out += [f"{static}double f(const double *x) {{"] + body + ["}", ""]
    if args.mode == "rev":
        out.append("void grad_f(const double *x, double *dx) {\n"
                   "  __enzyme_autodiff((void *)f, enzyme_dup, x, dx);\n}")
    elif args.mode == "fwd":
        out.append("double tangent_f(const double *x, const double *dx) {\n"
                   "  return __enzyme_fwddiff((void *)f, enzyme_dup, x, dx);\n}")
    if args.main and args.mode != "none":
        if args.mode == "rev":
            grad = "  grad_f(x, d);"
            one = "    double ad = d[i];"
        else:
            grad = ""
            one = ("    d[i] = 1; double ad = tangent_f(x, d); d[i] = 0;")
        out.append(CHECK_MAIN.format(nx=nx, grad=grad, one=one))
    print("\n".join(out))


if __name__ == "__main__":
    main()
