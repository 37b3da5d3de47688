#!/usr/bin/env python3
"""eddy-fuzz: differential fuzzing of Eddy's derivatives.

Generates random, well-defined C programs, compiles each with the Eddy plugin at
-O0, -O1, -O2 and -O3 (--opt), and checks, at a few random points, that

  * forward-mode tangents (every input direction, i.e. all Jacobian columns)
    agree with central finite differences (conditioning-aware tolerance, FD only
    where every branch / kink decision is the same at x, x+-h and x+-2h);
  * reverse-mode vector-Jacobian products agree with the forward columns
    (tight: 1e-10 relative);
  * the primal outputs written by the derivative calls equal the primal's;
  * every level gives the same verdict (accepted, or refused) and the same
    primal values and derivatives as the first.

Any mismatch, compiler crash, non-Eddy compile error, runtime crash or invalid
output is minimized (delta debugging over the generator's statement list) and
saved as a named reproducer in --out.  A refusal ("error: eddy:") is counted
and reported, not a failure.  Deterministic for a given --seed.  stdlib only.

Usage:  eddy-fuzz.py --seed 1 --count 100 --jobs 1 --out test/fuzz/found
See docs/fuzzing.md.
"""
import argparse
import concurrent.futures
import math
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time

import fuzz_cxx
import fuzz_edges

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

VB = 4.0  # every scalar variable / array element holds a value in [-VB, VB]

# --rules: also the libm rules added for the rule boundaries (lgamma, tgamma,
# remainder, fdim, ldexp/scalbn, frexp, modf, nextafter), pow / powi of exactly
# 0 (fdim and fmax of a negative difference are 0) with exponents 0..3, and
# branches on floating-point class predicates. Off by default, so the programs
# of a seed stay the same without it.
RULES = False

# ----------------------------------------------------------------------------
# Expressions: (render(tr) -> str, bound).  tr=True renders the traced copy used
# for finite differences: every branch / kink decision is recorded.
# ----------------------------------------------------------------------------


class E:
    __slots__ = ("r", "b")

    def __init__(self, r, b):
        self.r = r  # callable(tr) -> str
        self.b = float(b)  # |value| <= b


# Helpers of the --rules programs: frexp's mantissa and modf's parts through
# their pointer outputs, and the traced copies that record each kink.
RULES_HELPERS = [
    "static double fz_frexp(double v) { int e; return frexp(v, &e); }",
    "static double fz_modf(double v) { double ip; double f = modf(v, &ip); return f + 0.5 * ip; }",
    "static double tr_frexp(double v) { int e; double m = frexp(v, &e); tr_rec(e); return m; }",
    "static double tr_modf(double v) { tr_rec((long long)trunc(v) * 2 + (v >= 0)); return fz_modf(v); }",
    "static double tr_remainder(double a, double c) { tr_rec((long long)rint(a / c)); return remainder(a, c); }",
    "static double tr_fdim(double a, double b) { tr_rec(a > b); return fdim(a, b); }",
]


def lit(c):
    s = repr(float(c))
    return "(" + s + ")" if c < 0 else s


def const(c):
    return E(lambda tr: lit(c), abs(c))


def fit(e, B):
    """e scaled so that its bound is <= B."""
    if e.b <= B:
        return e
    k = float("%.4g" % (B / e.b * 0.999))
    return E(lambda tr, e=e: "(%s * %s)" % (lit(k), e.r(tr)), k * e.b)


def call(name, *args, tname=None):
    def r(tr):
        n = tname if (tr and tname) else name
        return "%s(%s)" % (n, ", ".join(a.r(tr) for a in args))
    return r


fuzz_edges.bind(sys.modules[__name__])


class Gen:
    """Generates one program from a seed; `removed` is the set of statement
    ids left out (for the reducer). Ids are assigned in generation order, which
    depends only on the random stream, so the same seed gives the same ids."""

    def __init__(self, seed, quick=False, extended=False, edges=False):
        self.seed = seed
        self.edges = edges
        self.rng = random.Random("eddy-fuzz:%s" % seed)
        self.quick = quick
        self.ext = extended
        self.next_id = 0
        self.removed = frozenset()
        self.features = set()
        self.flt = False
        self.build()

    # -- helpers ------------------------------------------------------------
    def new_id(self):
        self.next_id += 1
        return self.next_id

    def coef(self, lo=0.2, hi=1.5):
        c = round(self.rng.uniform(lo, hi), 3)
        return c if self.rng.random() < 0.6 else -c

    def pick(self, weighted):
        tot = sum(w for w, _ in weighted)
        x = self.rng.uniform(0, tot)
        for w, v in weighted:
            x -= w
            if x <= 0:
                return v
        return weighted[-1][1]

    # -- expressions --------------------------------------------------------
    def leaf(self, sc):
        rng = self.rng
        opts = [(4, "var")]
        if sc["arrays"]:
            opts.append((2, "arr"))
        if sc["inarr"]:
            opts.append((1.5, "in"))
        if sc["loops"]:
            opts.append((1, "idx"))
        opts.append((1, "const"))
        opts.append((0.4, "table"))
        k = self.pick(opts)
        if k == "var":
            v = rng.choice(sc["vars"])
            return E(lambda tr: v, VB)
        if k == "arr":
            a, n = rng.choice(sc["arrays"])
            ix = self.index(sc, n)
            return E(lambda tr: "%s[%s]" % (a, ix(tr)), VB)
        if k == "in":
            a, n = sc["inarr"]
            ix = self.index(sc, n)
            return E(lambda tr: "%s[%s]" % (a, ix(tr)), VB)
        if k == "table":
            self.features.add("const-table")
            ix = self.index(sc, 8)
            return E(lambda tr: "TBL[%s]" % ix(tr), 2.0)
        if k == "idx":
            i, t = rng.choice(sc["loops"])
            c = round(rng.uniform(0.1, 0.5), 3)
            return E(lambda tr: "(%s * %s)" % (lit(c), i), c * t)
        return const(self.coef(0.1, 2.0))

    def index(self, sc, n):
        """An in-bounds index into an array of length n (n: int or C expr)."""
        rng = self.rng
        r = rng.random()
        if sc["loops"] and r < 0.5:
            i, _ = rng.choice(sc["loops"])
            k = rng.randrange(0, 3)
            return lambda tr: "(%s + %d) %% %s" % (i, k, n) if k else "%s %% %s" % (i, n)
        if r < 0.65 and sc["depth_ok"]:
            # data-dependent index
            self.features.add("data-index")
            e = fit(self.expr(sc, 1), VB)
            c = round(rng.uniform(0.5, 2.0), 2)
            def ix(tr, e=e, c=c):
                fl = "tr_floor" if tr else "floor"
                return "(((int)%s(%s * %s) %% %s) + %s) %% %s" % (fl, lit(c), e.r(tr), n, n, n)
            return ix
        if isinstance(n, int):
            k = rng.randrange(0, n)
            return lambda tr: str(k)
        k = rng.randrange(0, 2)
        return lambda tr: "%d %% %s" % (k, n)

    def sq(self, e):
        return E(lambda tr: "sq(%s)" % e.r(tr), e.b * e.b)

    def expr(self, sc, depth):
        rng = self.rng
        if depth <= 0 or rng.random() < 0.25:
            return self.leaf(sc)
        d = depth - 1
        ops = [
            (3, "add"), (2, "sub"), (3, "mul"), (1, "neg"), (1.5, "scale"),
            (2, "sincos"), (1.5, "sat"), (1, "exp"), (0.6, "hyp"),
            (1.2, "log"), (1, "sqrt"), (0.8, "inv"), (0.8, "div"), (1, "pow"),
            (0.6, "atan2"), (0.4, "hypot"), (0.5, "tan"),
            (0.5, "fabs"), (0.5, "minmax"), (0.3, "round"), (0.2, "fmod"),
            (0.2, "copysign"), (0.6, "ternary"), (0.5, "fma"), (0.6, "sqr"),
            (0.3, "powi"),
        ]
        if RULES:
            ops += [(0.6, "gamma"), (0.5, "remainder"), (0.5, "scale2"), (0.4, "frexp"),
                    (0.4, "modf"), (0.3, "nextafter"), (0.8, "powzero"), (0.6, "pred")]
        if self.edges:
            ops += fuzz_edges.expr_ops()
        op = self.pick(ops)
        self.features.add(op)
        if self.edges and op in ("ann", "powz", "pred"):
            return fuzz_edges.expr(self, op, sc, d)
        if op in ("add", "sub"):
            a, b = self.expr(sc, d), self.expr(sc, d)
            s = "+" if op == "add" else "-"
            return E(lambda tr: "(%s %s %s)" % (a.r(tr), s, b.r(tr)), a.b + b.b)
        if op == "mul":
            a, b = self.expr(sc, d), self.expr(sc, d)
            return E(lambda tr: "(%s * %s)" % (a.r(tr), b.r(tr)), a.b * b.b)
        if op == "neg":
            a = self.expr(sc, d)
            return E(lambda tr: "(-%s)" % a.r(tr), a.b)
        if op == "scale":
            a, c = self.expr(sc, d), self.coef()
            return E(lambda tr: "(%s * %s)" % (lit(c), a.r(tr)), abs(c) * a.b)
        if op == "sqr":
            return self.sq(self.expr(sc, d))
        if op == "sincos":
            a = self.expr(sc, d)
            return E(call(rng.choice(["sin", "cos"]), a), 1)
        if op == "sat":
            a = self.expr(sc, d)
            f = rng.choice(["tanh", "atan", "erf", "erfc", "asinh"])
            b = {"tanh": 1, "atan": 1.5708, "erf": 1, "erfc": 2,
                 "asinh": math.asinh(a.b) + 1e-9}[f]
            return E(call(f, a), b)
        if op == "exp":
            f = rng.choice(["exp", "expm1", "exp2"])
            a = fit(self.expr(sc, d), 3)
            return E(call(f, a), math.exp(3) if f != "exp2" else 8)
        if op == "hyp":
            f = rng.choice(["sinh", "cosh"])
            a = fit(self.expr(sc, d), 3)
            return E(call(f, a), math.cosh(3))
        if op == "log":
            f = rng.choice(["log", "log2", "log10", "log1p"])
            a = self.expr(sc, d)
            c = round(rng.uniform(0.5, 2.0), 3)
            arg = E(lambda tr: "(%s + %s)" % (lit(c), self_sq(a, tr)), c + a.b * a.b)
            return E(call(f, arg), abs(math.log(c)) + math.log(c + a.b * a.b) + 1)
        if op == "sqrt":
            f = rng.choice(["sqrt", "cbrt", "acosh"])
            a = self.expr(sc, d)
            c = round(rng.uniform(1.2 if f == "acosh" else 0.3, 2.0), 3)
            arg = E(lambda tr: "(%s + %s)" % (lit(c), self_sq(a, tr)), c + a.b * a.b)
            return E(call(f, arg), math.sqrt(c + a.b * a.b) + 1)
        if op == "inv":
            f = rng.choice(["asin", "acos", "atanh"])
            a = self.expr(sc, d)
            return E(lambda tr: "%s(0.9 * tanh(%s))" % (f, a.r(tr)), 3.1416)
        if op == "div":
            a, b = self.expr(sc, d), self.expr(sc, d)
            if rng.random() < 0.5:
                c = round(rng.uniform(0.5, 2.0), 3)
                return E(lambda tr: "(%s / (%s + %s))" % (a.r(tr), lit(c), self_sq(b, tr)), a.b / c)
            return E(lambda tr: "(%s / (1.5 + sin(%s)))" % (a.r(tr), b.r(tr)), a.b / 0.5)
        if op == "pow":
            a = self.expr(sc, d)
            k = rng.randrange(3)
            if k == 0:
                p = rng.choice([0.5, 1.5, -0.7, 2.5, -1.3, 3.0])
                c = round(rng.uniform(0.5, 2.0), 3)
                base_b = c + a.b * a.b
                return E(lambda tr: "pow(%s + %s, %s)" % (lit(c), self_sq(a, tr), lit(p)),
                         max(c ** p, base_b ** p))
            if k == 1:
                a = fit(a, 3)
                cb = rng.choice([1.3, 2.0, 0.7])
                return E(lambda tr: "pow(%s, %s)" % (lit(cb), a.r(tr)), max(cb ** 3, cb ** -3))
            p = rng.choice([2.0, 3.0])
            return E(lambda tr: "pow(%s, %s)" % (a.r(tr), lit(p)), a.b ** p)
        if op == "powi":
            a, p = self.expr(sc, d), rng.choice([2, 3, 4])
            return E(lambda tr: "__builtin_powi(%s, %d)" % (a.r(tr), p), a.b ** p)
        if op == "atan2":
            a, b = self.expr(sc, d), self.expr(sc, d)
            c = round(rng.uniform(0.5, 2.0), 3)
            if rng.random() < 0.5:
                return E(lambda tr: "atan2(%s, %s + %s)" % (a.r(tr), lit(c), self_sq(b, tr)), 3.1416)
            return E(lambda tr: "atan2(%s + %s, %s)" % (lit(c), self_sq(a, tr), b.r(tr)), 3.1416)
        if op == "hypot":
            a, c = self.expr(sc, d), round(rng.uniform(0.5, 2.0), 3)
            return E(lambda tr: "hypot(%s, %s)" % (a.r(tr), lit(c)), a.b + c)
        if op == "tan":
            a = self.expr(sc, d)
            return E(lambda tr: "tan(0.9 * atan(%s))" % a.r(tr), 6.32)
        if op == "fabs":
            a = self.expr(sc, d)
            return E(call("fabs", a, tname="tr_fabs"), a.b)
        if op == "minmax":
            a, b = self.expr(sc, d), self.expr(sc, d)
            f = rng.choice(["fmin", "fmax"])
            return E(call(f, a, b, tname="tr_" + f), max(a.b, b.b))
        if op == "round":
            a = self.expr(sc, d)
            f = rng.choice(["floor", "ceil", "round", "trunc"])
            return E(call(f, a, tname="tr_" + f), a.b + 1)
        if op == "fmod":
            a, c = self.expr(sc, d), round(rng.uniform(0.7, 2.0), 3)
            return E(lambda tr: "%s(%s, %s)" % ("tr_fmod" if tr else "fmod", a.r(tr), lit(c)), c)
        if op == "copysign":
            a, b = self.expr(sc, d), self.expr(sc, d)
            return E(call("copysign", a, b, tname="tr_copysign"), a.b)
        if op == "ternary":
            a, b = self.expr(sc, d), self.expr(sc, d)
            t, f = self.expr(sc, d), self.expr(sc, d)
            cmp = rng.choice(["<", ">", "<=", ">="])
            def r(tr):
                c = "%s %s %s" % (a.r(tr), cmp, b.r(tr))
                return "(%s ? %s : %s)" % ("tr_b(%s)" % c if tr else c, t.r(tr), f.r(tr))
            return E(r, max(t.b, f.b))
        if op == "fma":
            a, b, c = self.expr(sc, d), self.expr(sc, d), self.expr(sc, d)
            return E(call("fma", a, b, c), a.b * b.b + c.b)
        return self.rules_expr(op, sc, d)

    def rules_expr(self, op, sc, d):
        """The --rules operations (see RULES)."""
        rng = self.rng
        if op == "gamma":
            f = rng.choice(["lgamma", "tgamma"])
            a, c = fit(self.expr(sc, d), 1.5), round(rng.uniform(0.5, 2.0), 3)
            arg = E(lambda tr: "(%s + %s)" % (lit(c), self_sq(a, tr)), c + a.b * a.b)
            return E(call(f, arg), 5.0 if f == "lgamma" else 9.0)
        if op == "remainder":
            a, c = self.expr(sc, d), round(rng.uniform(0.7, 2.0), 3)
            return E(lambda tr: "%s(%s, %s)" % ("tr_remainder" if tr else "remainder", a.r(tr), lit(c)), c)
        if op == "scale2":
            a, k = self.expr(sc, d), rng.randrange(-2, 3)
            f = rng.choice(["ldexp", "scalbn"])
            return E(lambda tr: "%s(%s, %d)" % (f, a.r(tr), k), a.b * 2.0 ** k)
        if op == "frexp":
            a, c = fit(self.expr(sc, d), 3), round(rng.uniform(0.5, 2.0), 3)
            arg = E(lambda tr: "(%s + %s)" % (lit(c), self_sq(a, tr)), c + a.b * a.b)
            return E(call("fz_frexp", arg, tname="tr_frexp"), 1.0)
        if op == "modf":
            a = self.expr(sc, d)
            return E(call("fz_modf", a, tname="tr_modf"), 1.5 * a.b + 1)
        if op == "nextafter":
            a, c = self.expr(sc, d), self.coef()
            return E(lambda tr: "nextafter(%s, %s)" % (a.r(tr), lit(c)), a.b + 1e-9)
        if op == "powzero":
            # pow/powi of something that is exactly 0 on one side of a kink.
            a, b = fit(self.expr(sc, d), 1.5), fit(self.expr(sc, d), 1.5)
            k = rng.randrange(4)
            base = rng.choice(["fdim", "fmax0"])
            def r(tr, a=a, b=b, k=k, base=base):
                if base == "fdim":
                    z = "%s(%s, %s)" % ("tr_fdim" if tr else "fdim", a.r(tr), b.r(tr))
                else:
                    z = "%s(%s, 0.0)" % ("tr_fmax" if tr else "fmax", a.r(tr))
                if rng_powi[k]:
                    return "__builtin_powi(%s, %d)" % (z, k)
                return "pow(%s, %s)" % (z, lit(float(k)))
            rng_powi = [rng.random() < 0.4 for _ in range(4)]
            return E(r, 3.0 ** k)
        if op == "pred":
            a = self.expr(sc, d)
            t, f = self.expr(sc, d), self.expr(sc, d)
            pred = rng.choice(["signbit(%s)", "isfinite(%s)", "isnormal(%s)", "!isnan(%s)",
                               "!isinf(%s)", "fpclassify(%s) == FP_NORMAL"])
            def r(tr, a=a, t=t, f=f, pred=pred):
                c = pred % a.r(tr)
                return "(%s ? %s : %s)" % ("tr_b((%s) != 0)" % c if tr else c, t.r(tr), f.r(tr))
            return E(r, max(t.b, f.b))
        raise AssertionError(op)

    # -- statements ---------------------------------------------------------
    # A statement is (id, render(tr, ind) -> [lines]). Compound statements render
    # their children, skipping removed ids.
    def block_lines(self, stmts, tr, ind):
        out = []
        for sid, r in stmts:
            if sid not in self.removed:
                out += r(tr, ind)
        return out

    def assign(self, sc, target, depth):
        rng = self.rng
        e = self.expr(sc, depth)
        form = rng.random()
        if form < 0.55:
            e = fit(e, VB)
            return lambda tr, ind: ["%s%s = %s;" % (ind, target(tr), e.r(tr))]
        if form < 0.85:
            c1 = round(rng.uniform(0.2, 0.8), 3) * rng.choice([1, -1])
            e = fit(e, VB * (1 - abs(c1)))
            return lambda tr, ind: ["%s%s = %s * %s + %s;" % (ind, target(tr), lit(c1), target(tr), e.r(tr))]
        e = fit(e, 1.0)
        return lambda tr, ind: ["%s%s *= %s;" % (ind, target(tr), e.r(tr))]

    def stmt(self, sc, depth):
        rng = self.rng
        sid = self.new_id()
        ed = 1 if self.quick else 3
        opts = [(4, "var")]
        if sc["arrays"]:
            opts.append((2, "arr"))
        if sc["inarr"] and sc["inarr_writable"]:
            opts.append((1.5, "in"))
        if sc["outarr"]:
            opts.append((2, "out"))
        if depth < 3:
            opts += [(1.3, "if"), (1.2, "for"), (0.6, "while")]
            if depth < 2:
                opts.append((0.3, "switch"))
        if sc["loops"] and sc["in_loop_body"]:
            opts.append((0.4, "break"))
        if sc["helpers"]:
            opts.append((1.2, "call"))
        if sc["arrhelpers"] and (sc["arrays"] or (sc["inarr"] and sc["inarr_writable"])):
            opts.append((0.6, "acall"))
        if sc["rechelpers"]:
            opts.append((0.5, "rcall"))
        if sc["outhelpers"]:
            opts.append((0.6, "ocall"))
        if sc["redhelpers"] and (sc["arrays"] or sc["inarr"]):
            opts.append((0.6, "dcall"))
        if sc["can_return"] and depth > 0:
            opts.append((0.25, "return"))
        if sc["memcpy_ok"] and len(sc["arrays"]) + (1 if sc["inarr"] else 0) >= 2:
            opts.append((0.3, "memcpy"))
        if self.edges and not self.flt:
            opts += fuzz_edges.stmt_ops(sc)
        k = self.pick(opts)
        self.features.add("stmt-" + k)
        if k in ("structcopy", "edgeassign"):
            return fuzz_edges.stmt(self, k, sc, sid)
        if k == "var":
            v = rng.choice(sc["vars"])
            return sid, self.assign(sc, lambda tr: v, ed)
        if k in ("arr", "in", "out"):
            if k == "arr":
                a, n = rng.choice(sc["arrays"])
            elif k == "in":
                a, n = sc["inarr"]
            else:
                a, n = sc["outarr"]
            ix = self.index(sc, n)
            return sid, self.assign(sc, lambda tr: "%s[%s]" % (a, ix(tr)), ed)
        if k == "if":
            a, b = self.expr(sc, 2), self.expr(sc, 1)
            cmp = rng.choice(["<", ">", "<=", ">="])
            th = self.block(sc, depth + 1, rng.randint(1, 3))
            el = self.block(sc, depth + 1, rng.randint(0, 2))
            def r(tr, ind):
                c = "%s %s %s" % (a.r(tr), cmp, b.r(tr))
                out = ["%sif (%s) {" % (ind, "tr_b(%s)" % c if tr else c)]
                out += self.block_lines(th, tr, ind + "  ")
                if el:
                    out.append(ind + "} else {")
                    out += self.block_lines(el, tr, ind + "  ")
                out.append(ind + "}")
                return out
            return sid, r
        if k == "for":
            i = "i%d" % sid
            if sc["trip_var"] and rng.random() < 0.4:
                bound, tb = sc["trip_var"]
            else:
                tb = rng.randint(1, 3 if self.quick else 6)
                bound = str(tb)
            sub = dict(sc, loops=sc["loops"] + [(i, tb)], in_loop_body=True)
            body = self.block(sub, depth + 1, rng.randint(1, 3))
            def r(tr, ind):
                return (["%sfor (int %s = 0; %s < %s; ++%s) {" % (ind, i, i, bound, i)]
                        + self.block_lines(body, tr, ind + "  ") + [ind + "}"])
            return sid, r
        if k == "while":
            kk = "k%d" % sid
            lim = rng.randint(1, 3 if self.quick else 8)
            a = self.expr(sc, 1)
            c = self.coef(0.0, 2.0)
            cmp = rng.choice(["<", ">"])
            sub = dict(sc, loops=sc["loops"] + [(kk, lim)], in_loop_body=True)
            body = self.block(sub, depth + 1, rng.randint(1, 3))
            do = rng.random() < 0.3
            def r(tr, ind):
                c0 = "%s %s %s" % (a.r(tr), cmp, lit(c))
                cond = "%s && %s < %d" % ("tr_b(%s)" % c0 if tr else c0, kk, lim)
                if do:
                    cond = "%s < %d && %s" % (kk, lim, "tr_b(%s)" % c0 if tr else c0)
                    return (["%s{" % ind, "%s  int %s = 0;" % (ind, kk), "%s  do {" % ind]
                            + self.block_lines(body, tr, ind + "    ")
                            + ["%s    ++%s;" % (ind, kk), "%s  } while (%s);" % (ind, cond), ind + "}"])
                return (["%s{" % ind, "%s  int %s = 0;" % (ind, kk), "%s  while (%s) {" % (ind, cond)]
                        + self.block_lines(body, tr, ind + "    ")
                        + ["%s    ++%s;" % (ind, kk), "%s  }" % ind, ind + "}"])
            return sid, r
        if k == "switch":
            a = fit(self.expr(sc, 1), VB)
            cases = [self.block(sc, depth + 1, rng.randint(0, 2)) for _ in range(3)]
            def r(tr, ind):
                fl = "tr_floor" if tr else "floor"
                out = ["%sswitch ((((int)%s(%s)) %% 3 + 3) %% 3) {" % (ind, fl, a.r(tr))]
                for j, cb in enumerate(cases):
                    out.append("%s%s: {" % (ind, "case %d" % j if j < 2 else "default"))
                    out += self.block_lines(cb, tr, ind + "  ")
                    out.append("%s  break;" % ind)
                    out.append(ind + "}")
                out.append(ind + "}")
                return out
            return sid, r
        if k == "break":
            a = self.expr(sc, 1)
            c = self.coef(0.0, 2.0)
            def r(tr, ind):
                c0 = "%s > %s" % (a.r(tr), lit(c))
                return ["%sif (%s) break;" % (ind, "tr_b(%s)" % c0 if tr else c0)]
            return sid, r
        if k == "call":
            h = rng.choice(sc["helpers"])
            v = rng.choice(sc["vars"])
            a, b = fit(self.expr(sc, 2), VB), fit(self.expr(sc, 2), VB)
            return sid, lambda tr, ind: ["%s%s = %s%s(%s, %s);" % (ind, v, h, "_t" if tr else "", a.r(tr), b.r(tr))]
        if k == "acall":
            h = rng.choice(sc["arrhelpers"])
            cands = list(sc["arrays"])
            if sc["inarr"] and sc["inarr_writable"]:
                cands.append(sc["inarr"])
            a, n = rng.choice(cands)
            return sid, lambda tr, ind: ["%s%s%s(%s, %s);" % (ind, h, "_t" if tr else "", a, n)]
        if k == "ocall":
            h = rng.choice(sc["outhelpers"])
            v = rng.choice(sc["vars"])
            a, b = fit(self.expr(sc, 2), VB), fit(self.expr(sc, 2), VB)
            return sid, lambda tr, ind: ["%s%s%s(%s, %s, &%s);" % (ind, h, "_t" if tr else "", a.r(tr), b.r(tr), v)]
        if k == "dcall":
            h = rng.choice(sc["redhelpers"])
            v = rng.choice(sc["vars"])
            cands = list(sc["arrays"]) + ([sc["inarr"]] if sc["inarr"] else [])
            a, n = rng.choice(cands)
            return sid, lambda tr, ind: ["%s%s = %s%s(%s, %s);" % (ind, v, h, "_t" if tr else "", a, n)]
        if k == "return":
            self.features.add("early-return")
            a, b = self.expr(sc, 1), self.expr(sc, 1)
            return sid, lambda tr, ind: ["%sif (%s) {" % (ind, "tr_b(%s > %s)" % (a.r(tr), b.r(tr)) if tr else "%s > %s" % (a.r(tr), b.r(tr)))] + \
                [ind + "  " + l for l in self.epilogue(tr)] + [ind + "}"]
        if k == "memcpy":
            cands = list(sc["arrays"]) + ([sc["inarr"]] if sc["inarr"] else [])
            src = rng.choice(cands)
            dsts = [c for c in cands if c != src and (c[0] != "x" or sc["inarr_writable"])]
            if not dsts:
                return sid, lambda tr, ind: []
            dst = rng.choice(dsts)
            ln = min(n if isinstance(n, int) else self.xlen for n in (src[1], dst[1]))
            self.features.add("memcpy")
            return sid, lambda tr, ind: ["%smemcpy(%s, %s, %d * sizeof(%s));" % (ind, dst[0], src[0], ln, self.T(tr))]
        if k == "rcall":
            h = rng.choice(sc["rechelpers"])
            v = rng.choice(sc["vars"])
            a, b = fit(self.expr(sc, 1), VB), fit(self.expr(sc, 1), VB)
            dd = rng.randint(0, 2 if self.quick else 5)
            return sid, lambda tr, ind: ["%s%s = %s%s(%s, %s, %d);" % (ind, v, h, "_t" if tr else "", a.r(tr), b.r(tr), dd)]
        raise AssertionError(k)

    def block(self, sc, depth, n):
        return [self.stmt(sc, depth) for _ in range(n)]

    # -- functions -----------------------------------------------------------
    def scope(self, **kw):
        sc = dict(vars=[], arrays=[], inarr=None, inarr_writable=False, outarr=None,
                  loops=[], in_loop_body=False, helpers=[], arrhelpers=[],
                  rechelpers=[], trip_var=None, depth_ok=True, outhelpers=[],
                  redhelpers=[], can_return=False, memcpy_ok=False)
        sc.update(kw)
        return sc

    def build(self):
        rng = self.rng
        q = self.quick
        self.kind = self.choose_kind()
        self.nin = rng.randint(1, 3 if q else 5)
        self.nin = getattr(self, "forced_nin", None) or self.nin
        self.xlen = self.nin
        self.flt = self.ext and self.kind == "A" and rng.random() < 0.7
        if self.kind == "D":  # f(double a, double *x, int n, double b, double c)
            self.xlen = max(1, self.nin - 1)
            self.nin = self.xlen + 2
        self.nout = rng.randint(1, 3 if q else 4) if self.kind == "B" else 1
        self.funcs = []  # (name, render(tr) -> lines, kind)
        helpers, arrhelpers, rechelpers, outhelpers, redhelpers = [], [], [], [], []
        # helper functions
        nh = rng.randint(0, 1 if q else 3)
        for hi in range(nh):
            hk = rng.choice(["s", "s", "a", "r", "o", "d"])
            noinl = rng.random() < 0.5
            attr = "__attribute__((noinline)) " if noinl else ""
            if noinl:
                self.features.add("noinline")
            if hk == "s":
                name = "h%d" % hi
                sc = self.scope(vars=["a", "b", "t"], helpers=list(helpers))
                init_t = fit(self.expr(self.scope(vars=["a", "b"]), 2), VB)
                body = self.block(sc, 1, rng.randint(1, 2 if q else 4))
                ret = fit(self.expr(sc, 2), VB)
                def r(tr, name=name, attr=attr, init_t=init_t, body=body, ret=ret):
                    return (["static %sdouble %s%s(double a, double b) {" % (attr, name, "_t" if tr else ""),
                             "  double t = %s;" % init_t.r(tr)]
                            + self.block_lines(body, tr, "  ")
                            + ["  return %s;" % ret.r(tr), "}"])
                self.funcs.append((name, r))
                helpers.append(name)
            elif hk == "a":
                name = "g%d" % hi
                self.features.add("array-helper")
                sc = self.scope(vars=["t", "u"], inarr=("a", "m"), inarr_writable=True,
                                helpers=list(helpers), trip_var=("m", 5))
                body = self.block(sc, 1, rng.randint(1, 2 if q else 4))
                def r(tr, name=name, attr=attr, body=body):
                    return (["static %svoid %s%s(%s *a, int m) {" % (attr, name, "_t" if tr else "", self.T(tr)),
                             "  double t = a[0], u = a[m - 1];"]
                            + self.block_lines(body, tr, "  ") + ["}"])
                self.funcs.append((name, r))
                arrhelpers.append(name)
            elif hk == "r":
                name = "r%d" % hi
                self.features.add("recursion")
                sc = self.scope(vars=["a", "b"], depth_ok=False)
                e0 = fit(self.expr(sc, 2), VB)
                e1 = fit(self.expr(sc, 2), VB)
                sc2 = self.scope(vars=["a", "b", "s"], depth_ok=False)
                e2 = fit(self.expr(sc2, 2), VB)
                def r(tr, name=name, attr=attr, e0=e0, e1=e1, e2=e2):
                    n = name + ("_t" if tr else "")
                    return ["static %sdouble %s(double a, double b, int d) {" % (attr, n),
                            "  if (d <= 0)",
                            "    return %s;" % e0.r(tr),
                            "  double s = %s(%s, b, d - 1);" % (n, e1.r(tr)),
                            "  return %s;" % e2.r(tr), "}"]
                self.funcs.append((name, r))
                rechelpers.append(name)
            elif hk == "o":
                name = "o%d" % hi
                self.features.add("out-param")
                sc = self.scope(vars=["a", "b"])
                e0 = fit(self.expr(sc, 2), VB)
                e1 = fit(self.expr(sc, 2), VB * 0.5)
                def r(tr, name=name, attr=attr, e0=e0, e1=e1):
                    return ["static %svoid %s%s(double a, double b, %s *out) {" % (attr, name, "_t" if tr else "", self.T(tr)),
                            "  if (%s)" % ("tr_b(*out > a)" if tr else "*out > a"),
                            "    *out = %s;" % e0.r(tr),
                            "  else",
                            "    *out = 0.5 * *out + %s;" % e1.r(tr), "}"]
                self.funcs.append((name, r))
                outhelpers.append(name)
            else:
                name = "d%d" % hi
                self.features.add("reduction-helper")
                rec = rng.random() < 0.4
                sc = self.scope(vars=["s"], arrays=[], inarr=("a", "m"), loops=[("i", 5)], depth_ok=False)
                e = fit(self.expr(sc, 2), 0.8 if not rec else 2.0)
                if rec:
                    self.features.add("array-recursion")
                    sc = self.scope(vars=["s"], inarr=("a", "m"), loops=[("(m - 1)", 5)], depth_ok=False)
                    e = fit(self.expr(sc, 2), 2.0)
                    def r(tr, name=name, attr=attr, e=e):
                        n = name + ("_t" if tr else "")
                        return ["static %sdouble %s(const %s *a, int m) {" % (attr, n, self.T(tr)),
                                "  if (m <= 0)", "    return 0.0;",
                                "  double s = 0.5 * %s(a, m - 1);" % n,
                                "  return s + %s;" % e.r(tr), "}"]
                else:
                    def r(tr, name=name, attr=attr, e=e):
                        return ["static %sdouble %s%s(const %s *a, int m) {" % (attr, name, "_t" if tr else "", self.T(tr)),
                                "  double s = 0.0;",
                                "  for (int i = 0; i < m && i < 5; ++i)",
                                "    s = s + %s;" % e.r(tr),
                                "  return s;", "}"]
                self.funcs.append((name, r))
                redhelpers.append(name)
        # the differentiated function
        nv = rng.randint(2, 3 if q else 5)
        self.vars = ["v%d" % i for i in range(nv)]
        arrays = []
        for ai in range(rng.randint(0, 1 if q else 2)):
            arrays.append(("a%d" % ai, rng.randint(2, 5)))
        self.arrays = arrays
        self.heap = (not q) and rng.random() < 0.15 and arrays
        if self.heap:
            self.features.add("heap")
        kind = self.kind
        if kind == "A":
            inarr, outarr = ("x", "n"), None
            self.ins = ["x[%d]" % i for i in range(self.nin)]
        elif kind == "D":
            inarr, outarr = ("x", "n"), None
            self.ins = ["a"] + ["x[%d]" % i for i in range(self.xlen)] + ["b"]
            self.dconst = self.coef(0.2, 1.5)
        elif kind == "B":
            inarr, outarr = ("x", "NIN"), ("y", "NOUT")
            self.ins = ["x[%d]" % i for i in range(self.nin)]
        else:
            inarr, outarr = None, None
            self.ins = ["p%d" % i for i in range(self.nin)]
        self.var_init = [(v, rng.randrange(self.nin), self.coef(0.3, 1.0), self.coef(0.0, 1.0))
                         for v in self.vars]
        self.arr_init = [(a, n, self.coef(0.2, 1.0)) for a, n in arrays]
        sc = self.scope(vars=self.vars, arrays=arrays, inarr=inarr,
                        inarr_writable=(kind in "AD"), outarr=outarr,
                        helpers=helpers, arrhelpers=arrhelpers, rechelpers=rechelpers,
                        outhelpers=outhelpers, redhelpers=redhelpers,
                        can_return=not self.heap, memcpy_ok=True,
                        trip_var=("n", self.xlen) if kind in "AD" else (("NIN", self.nin) if kind == "B" else None))
        self.body = self.block(sc, 0, rng.randint(2, 4 if q else 9))
        # final combination
        terms = self.vars + ["%s[%d]" % (a, rng.randrange(n)) for a, n in arrays]
        self.ret_coefs = [(t, self.coef(0.2, 1.0)) for t in terms]
        if kind == "B":
            self.y_init = [(rng.randrange(self.nin), self.coef(0.2, 1.0)) for _ in range(self.nout)]
            self.y_fin = [(rng.choice(terms), self.coef(0.2, 1.0)) for _ in range(self.nout)]
        self.nonlin_ret = rng.random() < 0.3
        # ABI style of the requests
        self.mark_dup = rng.random() < 0.5
        self.mark_const = rng.random() < 0.5
        self.mark_out = rng.random() < 0.3
        self.mark_noneed = self.ext and kind == "B" and rng.random() < 0.3
        self.mark_fdup = self.ext and rng.random() < 0.5
        # evaluation points and seeds
        self.npts = 1 if q else 3
        self.points = [[round(rng.uniform(-2, 2), 6) for _ in range(self.nin)] for _ in range(self.npts)]
        if self.flt:
            self.points = [[f32(v) for v in p] for p in self.points]
        nout = self.n_outputs()
        self.wseeds = []
        if kind in "AD":
            self.wseeds.append([1.0] + [0.0] * self.xlen)
            self.wseeds.append([1.0] + [round(rng.uniform(-1, 1), 4) for _ in range(self.xlen)])
            if self.flt:
                self.wseeds = [[f32(v) for v in w] for w in self.wseeds]
        elif kind == "B":
            self.wseeds.append([round(rng.uniform(-1, 1), 4) for _ in range(nout)])
            self.wseeds.append([1.0 if i == 0 else 0.0 for i in range(nout)])
            self.uprefill = [round(rng.uniform(-1, 1), 4) for _ in range(self.nin)]
        else:
            self.wseeds.append([1.0])

    def choose_kind(self):
        if self.ext:
            return self.rng.choice(["A", "B", "C", "D", "D"])
        return self.rng.choice(["A", "A", "B", "C"])

    def n_outputs(self):
        return {"A": 1 + self.nin, "B": self.nout, "C": 1, "D": 1 + self.xlen}[self.kind]

    def all_ids(self):
        return list(range(1, self.next_id + 1))

    # -- rendering -----------------------------------------------------------
    def render_f(self, tr):
        nm = "f_t" if tr else "f"
        k = self.kind
        L = []
        if k == "A":
            L.append("static %s %s(%s *x, int n) {" % (self.T(tr), nm, self.T(tr)))
        elif k == "D":
            L.append("static double %s(double a, double *x, int n, double b, double c) {" % nm)
        elif k == "B":
            L.append("static void %s(const double *x, double *y) {" % nm)
        else:
            L.append("static double %s(%s) {" % (nm, ", ".join("double p%d" % i for i in range(self.nin))))
        for v, j, c, d in self.var_init:
            L.append("  %s %s = %s * %s + %s;" % (self.T(tr), v, lit(c), self.ins[j], lit(d)))
        for a, n, c in self.arr_init:
            if self.heap and a == "a0":
                L.append("  %s *%s = (%s *)malloc(%d * sizeof(%s));" % (self.T(tr), a, self.T(tr), n, self.T(tr)))
            else:
                L.append("  %s %s[%d];" % (self.T(tr), a, n))
            src = self.ins
            L.append("  for (int j = 0; j < %d; ++j)" % n)
            if k == "C":
                L.append("    %s[j] = sin(%s * j + %s);" % (a, lit(c), " + ".join(src)))
            elif k == "D":
                L.append("    %s[j] = sin(%s * j + c * x[j %% n]);" % (a, lit(c)))
            else:
                L.append("    %s[j] = sin(%s * j + %s[j %% %s]);" % (a, lit(c), "x", "n" if k == "A" else "NIN"))
        if k == "B":
            for i, (j, c) in enumerate(self.y_init):
                L.append("  y[%d] = %s * x[%d];" % (i, lit(c), j))
        L += self.block_lines(self.body, tr, "  ")
        L += ["  " + l for l in self.epilogue(tr)]
        L.append("}")
        return L

    def T(self, tr):
        """The storage type: float in the differentiated copy of a float program."""
        return "float" if self.flt and not tr else "double"

    def epilogue(self, tr):
        L = []
        comb = " + ".join("%s * %s" % (lit(c), t) for t, c in self.ret_coefs)
        if self.kind == "B":
            for i, (t, c) in enumerate(self.y_fin):
                L.append("y[%d] = y[%d] + %s * %s;" % (i, i, lit(c), t))
            if self.heap:
                L.append("free(a0);")
            L.append("return;")
        else:
            if self.nonlin_ret:
                comb = "sin(%s) + %s * %s" % (comb, self.vars[0], self.vars[-1])
            L.append("%s ret = %s;" % (self.T(tr), comb))
            if self.heap:
                L.append("free(a0);")
            L.append("return ret;")
        return L

    def render(self):
        k, nin, nout = self.kind, self.nin, self.n_outputs()
        L = ["// eddy-fuzz program, seed %s, kind %s" % (self.seed, k),
             "#include <math.h>", "#include <stdio.h>", "#include <stdlib.h>",
             "#include <string.h>", "",
             "extern int enzyme_dup, enzyme_dupnoneed, enzyme_const, enzyme_out, enzyme_width;",
             "double __enzyme_autodiff(void *, ...);",
             "double __enzyme_fwddiff(void *, ...);",
             "void __enzyme_autodiff_void(void *, ...);",
             "void __enzyme_fwddiff_void(void *, ...);",
             "#define NIN %d" % nin, "#define NOUT %d" % nout, ""]
        if self.flt:
            L += ["float __enzyme_autodiff_float(void *, ...);",
                  "float __enzyme_fwddiff_float(void *, ...);"]
        if k == "D":
            L.append("typedef struct { double d0, d1; } D2;")
            L.append("D2 __enzyme_autodiff_d2(void *, ...);")
        if k == "C" and nin > 1:
            L.append("typedef struct { %s } Grad;" % " ".join("double d%d;" % i for i in range(nin)))
            L.append("Grad __enzyme_autodiff_grad(void *, ...);")
        L += self.helper_prelude()
        for tr in (False, True):
            for name, r in self.funcs:
                L += r(tr)
                L.append("")
            L += self.render_f(tr)
            L.append("")
        L += self.render_main()
        return "\n".join(L) + "\n"

    def helper_prelude(self):
        """The traced-copy helpers (branch and kink decisions are recorded) and
        the constant table every program may read."""
        return [
            "static unsigned long long tr_h;",
            "static void tr_rec(long long v) { tr_h = (tr_h ^ (unsigned long long)v) * 0x100000001b3ULL + 7; }",
            "static int tr_b(int c) { tr_rec(c); return c; }",
            "static double tr_fabs(double v) { tr_rec(v >= 0); return fabs(v); }",
            "static double tr_fmin(double a, double b) { tr_rec(a <= b); return fmin(a, b); }",
            "static double tr_fmax(double a, double b) { tr_rec(a >= b); return fmax(a, b); }",
            "static double tr_floor(double v) { double r = floor(v); tr_rec((long long)r); return r; }",
            "static double tr_ceil(double v) { double r = ceil(v); tr_rec((long long)r); return r; }",
            "static double tr_round(double v) { double r = round(v); tr_rec((long long)r); return r; }",
            "static double tr_trunc(double v) { double r = trunc(v); tr_rec((long long)r); return r; }",
            "static double tr_fmod(double a, double c) { tr_rec((long long)trunc(a / c) * 2 + (a >= 0)); return fmod(a, c); }",
            # copysign(a, b) = |a| sign(b) has a kink at a = 0 as well (seed 11:2107)
            "static double tr_copysign(double a, double b) { tr_rec((signbit(b) != 0) * 3 + (a > 0) - (a < 0)); return copysign(a, b); }",
            "static double sq(double v) { return v * v; }",
            ] + (RULES_HELPERS if RULES else []) + [
            "static const double TBL[8] = {0.5, -1.25, 1.75, -0.3, 0.9, -1.6, 0.15, 1.1};", ""] + \
            (fuzz_edges.PRELUDE if self.edges else [])

    def render_main(self):
        k, nin, nout = self.kind, self.nin, self.n_outputs()
        P = self.points
        L = ["static const double pts[%d][NIN] = {%s};" % (len(P), ", ".join(
            "{%s}" % ", ".join(repr(v) for v in p) for p in P))]
        L.append("static const double wseed[%d][NOUT] = {%s};" % (len(self.wseeds), ", ".join(
            "{%s}" % ", ".join(repr(v) for v in w) for w in self.wseeds)))
        if k == "B":
            L.append("static const double upre[NIN] = {%s};" % ", ".join(repr(v) for v in self.uprefill))
        # primal evaluation into out[NOUT]; traced version records branch decisions
        L.append("static void eval(const double *xin, double *out, int traced) {")
        if k == "D":
            L += ["  double w[%d];" % self.xlen, "  memcpy(w, xin + 1, sizeof w);",
                  "  out[0] = traced ? f_t(xin[0], w, %d, xin[NIN - 1], %s) : f(xin[0], w, %d, xin[NIN - 1], %s);" % (
                      self.xlen, lit(self.dconst), self.xlen, lit(self.dconst)),
                  "  for (int i = 0; i < %d; ++i) out[1 + i] = w[i];" % self.xlen]
        elif k == "A" and self.flt:
            L += ["  if (traced) {", "    double w[NIN];", "    memcpy(w, xin, sizeof w);",
                  "    out[0] = f_t(w, NIN);", "    for (int i = 0; i < NIN; ++i) out[1 + i] = w[i];",
                  "  } else {", "    float w[NIN];", "    for (int i = 0; i < NIN; ++i) w[i] = (float)xin[i];",
                  "    out[0] = f(w, NIN);", "    for (int i = 0; i < NIN; ++i) out[1 + i] = w[i];", "  }"]
        elif k == "A":
            L += ["  double w[NIN];", "  memcpy(w, xin, sizeof w);",
                  "  out[0] = traced ? f_t(w, NIN) : f(w, NIN);",
                  "  for (int i = 0; i < NIN; ++i) out[1 + i] = w[i];"]
        elif k == "B":
            L += ["  if (traced) f_t(xin, out); else f(xin, out);"]
        else:
            args = ", ".join("xin[%d]" % i for i in range(nin))
            L += ["  out[0] = traced ? f_t(%s) : f(%s);" % (args, args)]
        L.append("}")
        dup = "enzyme_dup, " if self.mark_dup else ""
        cst = "enzyme_const, " if self.mark_const else ""
        out = "enzyme_out, " if self.mark_out else ""
        fdup = "enzyme_dup, " if self.mark_fdup else ""
        ydup = "enzyme_dupnoneed, " if self.mark_noneed else dup
        M, C = self.xlen, lit(self.dconst) if k == "D" else ""
        L += ["int main(void) {",
              "  double y0[NOUT], J[NOUT][NIN];",
              "  for (int p = 0; p < %d; ++p) {" % len(P),
              "    const double *x0 = pts[p];",
              "    eval(x0, y0, 0);",
              "    for (int i = 0; i < NOUT; ++i) printf(\"Y %d %d %.17g\\n\", p, i, y0[i]);",
              "    /* forward mode: one Jacobian column per input direction */",
              "    for (int j = 0; j < NIN; ++j) {",
              "      double xw[NIN], dxw[NIN] = {0}, col[NOUT], prim[NOUT];",
              "      memcpy(xw, x0, sizeof xw);",
              "      dxw[j] = 1.0;"]
        if k == "D":
            L += ["      col[0] = __enzyme_fwddiff((void *)f, %sxw[0], dxw[0], %sxw + 1, dxw + 1, %s%d, %sxw[NIN - 1], dxw[NIN - 1], enzyme_const, %s);" % (
                      fdup, dup, cst, M, fdup, C),
                  "      for (int i = 0; i < %d; ++i) { col[1 + i] = dxw[1 + i]; prim[1 + i] = xw[1 + i]; }" % M,
                  "      prim[0] = y0[0];"]
        elif k == "A" and self.flt:
            L += ["      float xf[NIN], dxf[NIN] = {0};",
                  "      for (int i = 0; i < NIN; ++i) xf[i] = (float)x0[i];",
                  "      dxf[j] = 1.0f;",
                  "      col[0] = __enzyme_fwddiff_float((void *)f, %sxf, dxf, %sNIN);" % (dup, cst),
                  "      for (int i = 0; i < NIN; ++i) { col[1 + i] = dxf[i]; prim[1 + i] = xf[i]; }",
                  "      prim[0] = y0[0];"]
        elif k == "A":
            L += ["      col[0] = __enzyme_fwddiff((void *)f, %sxw, dxw, %sNIN);" % (dup, cst),
                  "      for (int i = 0; i < NIN; ++i) { col[1 + i] = dxw[i]; prim[1 + i] = xw[i]; }",
                  "      prim[0] = y0[0];"]
        elif k == "B":
            L += ["      double yw[NOUT] = {0}, dyw[NOUT] = {0};",
                  "      __enzyme_fwddiff_void((void *)f, %sxw, dxw, %syw, dyw);" % (dup, ydup),
                  "      for (int i = 0; i < NOUT; ++i) { col[i] = dyw[i]; prim[i] = %s; }" % ("y0[i]" if self.mark_noneed else "yw[i]")]
        else:
            args = ", ".join("xw[%d], dxw[%d]" % (i, i) for i in range(nin))
            L += ["      col[0] = __enzyme_fwddiff((void *)f, %s);" % args, "      prim[0] = y0[0];"]
        L += ["      for (int i = 0; i < NOUT; ++i) {",
              "        J[i][j] = col[i];",
              "        printf(\"FWD %d %d %d %.17g\\n\", p, j, i, col[i]);",
              "        printf(\"FWDP %d %d %d %.17g\\n\", p, j, i, prim[i]);",
              "      }",
              "    }",
              "    /* reverse mode: one vector-Jacobian product per seed */",
              "    for (int r = 0; r < %d; ++r) {" % len(self.wseeds),
              "      double xw[NIN], g[NIN], prim[NOUT];",
              "      memcpy(xw, x0, sizeof xw);"]
        if k == "D":
            L += ["      double dx[%d];" % M,
                  "      for (int i = 0; i < %d; ++i) dx[i] = wseed[r][1 + i];" % M,
                  "      D2 gr = __enzyme_autodiff_d2((void *)f, %sxw[0], %sxw + 1, dx, %s%d, %sxw[NIN - 1], enzyme_const, %s);" % (
                      out, dup, cst, M, out, C),
                  "      g[0] = gr.d0; g[NIN - 1] = gr.d1;",
                  "      for (int i = 0; i < %d; ++i) { g[1 + i] = dx[i]; prim[1 + i] = xw[1 + i]; }" % M,
                  "      prim[0] = y0[0];"]
        elif k == "A" and self.flt:
            L += ["      float xf[NIN], dxf[NIN];",
                  "      for (int i = 0; i < NIN; ++i) { xf[i] = (float)x0[i]; dxf[i] = (float)wseed[r][1 + i]; }",
                  "      __enzyme_autodiff_float((void *)f, %sxf, dxf, %sNIN);" % (dup, cst),
                  "      for (int i = 0; i < NIN; ++i) { g[i] = dxf[i]; prim[1 + i] = xf[i]; }",
                  "      prim[0] = y0[0];"]
        elif k == "A":
            L += ["      double dx[NIN];",
                  "      for (int i = 0; i < NIN; ++i) dx[i] = wseed[r][1 + i];",
                  "      __enzyme_autodiff((void *)f, %sxw, dx, %sNIN);" % (dup, cst),
                  "      for (int i = 0; i < NIN; ++i) { g[i] = dx[i]; prim[1 + i] = xw[i]; }",
                  "      prim[0] = y0[0];"]
        elif k == "B":
            L += ["      double dx[NIN], yw[NOUT] = {0}, dyw[NOUT];",
                  "      for (int i = 0; i < NIN; ++i) dx[i] = upre[i];",
                  "      for (int i = 0; i < NOUT; ++i) dyw[i] = wseed[r][i];",
                  "      __enzyme_autodiff_void((void *)f, %sxw, dx, %syw, dyw);" % (dup, ydup),
                  "      for (int i = 0; i < NIN; ++i) g[i] = dx[i] - upre[i];",
                  "      for (int i = 0; i < NOUT; ++i) prim[i] = %s;" % ("y0[i]" if self.mark_noneed else "yw[i]")]
        else:
            args = ", ".join("%sxw[%d]" % (out, i) for i in range(nin))
            if nin == 1:
                L += ["      g[0] = __enzyme_autodiff((void *)f, %s);" % args]
            else:
                L += ["      Grad gr = __enzyme_autodiff_grad((void *)f, %s);" % args]
                L += ["      g[%d] = gr.d%d;" % (i, i) for i in range(nin)]
            L += ["      prim[0] = y0[0];"]
        L += ["      for (int i = 0; i < NIN; ++i) printf(\"REV %d %d %d %.17g\\n\", p, r, i, g[i]);",
              "      for (int i = 0; i < NOUT; ++i) printf(\"REVP %d %d %d %.17g\\n\", p, r, i, prim[i]);",
              "    }"]
        # vector reverse mode: both seeds in one width-2 request
        if k == "A" and not self.flt:
            L += ["    {",
                  "      double xw[NIN], dx0[NIN], dx1[NIN];",
                  "      memcpy(xw, x0, sizeof xw);",
                  "      for (int i = 0; i < NIN; ++i) { dx0[i] = wseed[0][1 + i]; dx1[i] = wseed[1][1 + i]; }",
                  "      __enzyme_autodiff((void *)f, enzyme_width, 2, %sxw, dx0, dx1, %sNIN);" % (dup, cst),
                  "      for (int i = 0; i < NIN; ++i) printf(\"REVV %d 0 %d %.17g\\n\", p, i, dx0[i]);",
                  "      for (int i = 0; i < NIN; ++i) printf(\"REVV %d 1 %d %.17g\\n\", p, i, dx1[i]);",
                  "    }"]
        elif k == "B":
            L += ["    {",
                  "      double xw[NIN], dx0[NIN], dx1[NIN], yw[NOUT] = {0}, dy0[NOUT], dy1[NOUT];",
                  "      memcpy(xw, x0, sizeof xw);",
                  "      for (int i = 0; i < NIN; ++i) dx0[i] = dx1[i] = upre[i];",
                  "      for (int i = 0; i < NOUT; ++i) { dy0[i] = wseed[0][i]; dy1[i] = wseed[1][i]; }",
                  "      __enzyme_autodiff_void((void *)f, enzyme_width, 2, %sxw, dx0, dx1, %syw, dy0, dy1);" % (dup, ydup),
                  "      for (int i = 0; i < NIN; ++i) printf(\"REVV %d 0 %d %.17g\\n\", p, i, dx0[i] - upre[i]);",
                  "      for (int i = 0; i < NIN; ++i) printf(\"REVV %d 1 %d %.17g\\n\", p, i, dx1[i] - upre[i]);",
                  "    }"]
        L += [
              "    /* central finite differences on the traced copy */",
              "    for (int j = 0; j < NIN; ++j) {",
              "      double xp[NIN], yp[4][NOUT];",
              "      unsigned long long h0, hh[4];",
              "      static const double mult[4] = {1, -1, 2, -2};",
              "      %str_h = 0; eval(x0, y0, 1); h0 = tr_h;" % ("frz_mode = 1; frz_n = 0; " if self.edges else ""),
              ] + ([
              # the double reference's primal, which a float program may
              # leave (an underflow to -0.0 that moves an index)
              "      if (j == 0) for (int i = 0; i < NOUT; ++i) printf(\"YT %d %d %.17g\\n\", p, i, y0[i]);",
              ] if self.flt else []) + [
              "      volatile double xph = x0[j] + 6.0554544523933395e-06 * (fabs(x0[j]) > 1 ? fabs(x0[j]) : 1);",
              "      double h = xph - x0[j];",
              "      for (int s = 0; s < 4; ++s) {",
              "        memcpy(xp, x0, sizeof xp);",
              "        xp[j] = x0[j] + mult[s] * h;",
              "        %str_h = 0; eval(xp, yp[s], 1); hh[s] = tr_h;" % ("frz_mode = 2; frz_n = 0; " if self.edges else ""),
              "      }",
              "      int stable = hh[0] == h0 && hh[1] == h0 && hh[2] == h0 && hh[3] == h0;",
              "      for (int i = 0; i < NOUT; ++i)",
              "        printf(\"FD %d %d %d %.17g %.17g %d\\n\", p, j, i, (yp[0][i] - yp[1][i]) / (2 * h),",
              "               (yp[2][i] - yp[3][i]) / (4 * h), stable);",
              "    }",
              "  }",
              "  printf(\"DONE\\n\");",
              "  return 0;",
              "}"]
        return L


def f32(v):
    """v rounded to the nearest float."""
    return struct.unpack("f", struct.pack("f", v))[0]


def self_sq(a, tr):
    return "sq(%s)" % a.r(tr)


# ----------------------------------------------------------------------------
# Running and checking
# ----------------------------------------------------------------------------

def new_gen(cfg, seed):
    """The program generator for `seed`: C, or C++ through eddy.hpp (--cxx)."""
    if cfg.cxx:
        return fuzz_cxx.make(seed, cfg.quick, cfg.extended, cfg.edges)
    return Gen(seed, cfg.quick, cfg.extended, cfg.edges)


class Failure(Exception):
    pass


def run(cmd, timeout, cwd=None):
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout,
                           cwd=cwd, preexec_fn=lambda: os.nice(5))
        return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")
    except subprocess.TimeoutExpired:
        return None, "", "timeout"


def source_name(g, tag):
    return tag + (".cpp" if getattr(g, "lang", "c") == "c++" else ".c")


def lang_flags(src_path):
    return ["-std=c++17"] if src_path.endswith(".cpp") else []


def compile_prog(cfg, src, opt, workdir, tag, g=None):
    c = os.path.join(workdir, source_name(g, tag))
    exe = os.path.join(workdir, tag + "-O%s" % opt)
    with open(c, "w") as f:
        f.write(src)
    # -llvm-verify-each: the IR verifier after every pass of the pipeline, so
    # a generated derivative that a later pass breaks (or that is broken and
    # happens to compile) is caught where it happens.
    verify = ["-Xclang", "-llvm-verify-each"] if cfg.verify_each else []
    cmd = [cfg.clang] + lang_flags(c) + verify + ["-O%s" % opt, "-fplugin=" + cfg.plugin, "-I" + cfg.include,
           "-Wno-unused-function", "-Wno-unused-variable", c, "-lm", "-o", exe]
    rc, out, err = run(cmd, cfg.compile_timeout)
    if rc is None:  # a stall of a shared machine is not a hang: retry once
        rc, out, err = run(cmd, cfg.compile_timeout)
    for _ in range(12):  # the plugin is being rebuilt under us: wait for it
        if rc is None or "unable to load plugin" not in err:
            break
        time.sleep(10)
        rc, out, err = run(cmd, cfg.compile_timeout)
    return rc, err, exe, cmd


def classify_compile(cfg, rc, err, src_path):
    """None if compiled; ('refusal', msg) or (failure category, msg)."""
    if rc == 0:
        return None
    if rc is None:
        return ("crash-compile-timeout", "compiler timed out")
    if "PLEASE submit a bug report" in err or "LLVM ERROR" in err or rc < 0 or \
            "Broken module found" in err or "Broken function found" in err or \
            "Stack dump" in err or "Assertion" in err:
        return ("crash-compiler", first_lines(err, 12))
    m = re.search(r"error: eddy:[^\n]*", err)
    if m:
        return ("refusal", m.group(0))
    # is the program itself valid C?  (a generator bug, not Eddy's)
    rc2, _, err2 = run([cfg.clang, "-fsyntax-only"] + lang_flags(src_path) + ["-I" + cfg.include, src_path], cfg.compile_timeout)
    if rc2 != 0:
        return ("generator-invalid-c", first_lines(err2, 8))
    return ("crash-compile-error", first_lines(err, 12))


def first_lines(s, n):
    return "\n".join(s.strip().splitlines()[:n])


def parse_output(text):
    R = {"Y": {}, "YT": {}, "FWD": {}, "FWDP": {}, "REV": {}, "REVP": {}, "REVV": {}, "FD": {}}
    done = False
    for line in text.splitlines():
        parts = line.split()
        if not parts:
            continue
        t = parts[0]
        if t == "DONE":
            done = True
            continue
        try:
            if t in ("Y", "YT"):
                R[t][(int(parts[1]), int(parts[2]))] = float(parts[3])
            elif t in ("FWD", "FWDP", "REV", "REVP", "REVV"):
                R[t][(int(parts[1]), int(parts[2]), int(parts[3]))] = float(parts[4])
            elif t == "FD":
                R["FD"][(int(parts[1]), int(parts[2]), int(parts[3]))] = (
                    float(parts[4]), float(parts[5]), parts[6] == "1")
            else:
                raise ValueError(line)
        except (ValueError, IndexError):
            raise Failure(("invalid-output", "unparseable line: %r" % line))
    if not done:
        raise Failure(("invalid-output", "output ends without DONE"))
    return R


def finite(*v):
    return all(math.isfinite(x) for x in v)


RTOL_MODES = 1e-10   # forward vs reverse
RTOL_FD = 1e-6       # AD vs central differences
ATOL_FD = 1e-8
RTOL_OPT = 1e-9      # between optimization levels


def check_results(g, R, opt, stats):
    """Raises Failure(category, message) on the first disagreement."""
    nin, nout = g.nin, g.n_outputs()
    # float programs: AD of the float program against FD of the same program
    # in double, float tangents and adjoints
    rtol_fd, atol_fd = (2e-3, 1e-4) if g.flt else (RTOL_FD, ATOL_FD)
    rtol_modes, rtol_prim = (1e-4, 1e-6) if g.flt else (RTOL_MODES, 1e-12)
    for p in range(g.npts):
        try:
            Y = [R["Y"][(p, i)] for i in range(nout)]
            J = [[R["FWD"][(p, j, i)] for j in range(nin)] for i in range(nout)]
        except KeyError:
            raise Failure(("invalid-output", "missing values for point %d" % p))
        if not finite(*Y):
            stats["nonfinite_primal"] += 1
            continue
        jmax = max([abs(x) for row in J for x in row if math.isfinite(x)] + [0.0])
        S = 1.0 + max(abs(y) for y in Y) + jmax
        where = "point %d x=%s" % (p, g.points[p])
        # primal results written by the derivative calls
        for (pp, j, i), v in R["FWDP"].items():
            if pp == p and not close(v, Y[i], rtol_prim, 0.1 * rtol_prim * S):
                raise Failure(("mismatch-primal-fwd", "%s at -O%s: forward call (direction %d) left output %d = %.17g, primal %.17g" % (where, opt, j, i, v, Y[i])))
        for (pp, r, i), v in R["REVP"].items():
            if pp == p and not close(v, Y[i], rtol_prim, 0.1 * rtol_prim * S):
                raise Failure(("mismatch-primal-rev", "%s at -O%s: reverse call (seed %d) left output %d = %.17g, primal %.17g" % (where, opt, r, i, v, Y[i])))
        # forward vs finite differences. A float program whose primal leaves
        # its double reference's (float rounding decided a branch or an
        # index, e.g. a value that underflows to -0.0 in float only) is not
        # what the differences describe at this point.
        diverged = g.flt and any(
            not close(R["YT"].get((p, i), Y[i]), Y[i], 1e-3, 1e-4 * S) for i in range(nout))
        for j in range(nin):
            for i in range(nout):
                fd1, fd2, stable = R["FD"][(p, j, i)]
                stats["fd_checks"] += 1
                if diverged or not stable or not finite(fd1, fd2):
                    stats["fd_skipped"] += 1
                    continue
                a = J[i][j]
                tol = rtol_fd * (abs(a) + abs(fd1)) + atol_fd * S + 10 * abs(fd1 - fd2)
                if not (abs(a - fd1) <= tol):
                    raise Failure(("mismatch-fwd-vs-fd", "%s at -O%s: d out[%d] / d in[%d]: forward %.17g, finite difference %.17g (h-estimate %.17g, tol %.3g)" % (where, opt, i, j, a, fd1, fd2, tol)))
        # reverse vs forward
        for r, w in enumerate(g.wseeds):
            Sr = 1.0 + sum(abs(wi) * max(abs(x) for x in J[i]) for i, wi in enumerate(w) if finite(*J[i]))
            for j in range(nin):
                want = sum(w[i] * J[i][j] for i in range(nout))
                got = R["REV"][(p, r, j)]
                stats["mode_checks"] += 1
                if not close(got, want, rtol_modes, rtol_modes * Sr):
                    raise Failure(("mismatch-rev-vs-fwd", "%s at -O%s: reverse seed %s, component %d: reverse %.17g, forward w^T J %.17g" % (where, opt, w, j, got, want)))
                # lane r of the width-2 reverse request: the same VJP
                lane = R["REVV"].get((p, r, j))
                if lane is not None:
                    stats["mode_checks"] += 1
                    if not close(lane, got, rtol_modes, rtol_modes * Sr):
                        raise Failure(("mismatch-vector-rev", "%s at -O%s: width-2 reverse lane %d, component %d: %.17g, width-1 reverse %.17g" % (where, opt, r, j, lane, got)))


def close(a, b, rtol, atol):
    if not finite(a, b):
        return a == b or (math.isnan(a) and math.isnan(b))
    return abs(a - b) <= rtol * (abs(a) + abs(b)) + atol


def compare_opts(g, l0, R0, l1, R1):
    """-O<l0> and -O<l1> must print the same primal and the same derivatives."""
    RTOL_OPT = 1e-5 if g.flt else 1e-9
    cat = "mismatch-O%s-vs-O%s" % (l0, l1)
    for key, v0 in R0["Y"].items():
        v1 = R1["Y"].get(key)
        if v1 is None or not close(v0, v1, RTOL_OPT, 1e-12):
            raise Failure((cat, "primal output %s: -O%s %r, -O%s %r" % (key, l0, v0, l1, v1)))
    S = 1 + max([abs(v) for v in R0["FWD"].values() if math.isfinite(v)] + [0])
    for what in ("FWD", "REV"):
        for key, v0 in R0[what].items():
            v1 = R1[what].get(key)
            if v1 is None or not close(v0, v1, RTOL_OPT, RTOL_OPT * S):
                raise Failure((cat, "%s derivative %s: -O%s %r, -O%s %r" % (
                    "forward (point, dir, out)" if what == "FWD" else "reverse (point, seed, in)",
                    key, l0, v0, l1, v1)))


def evaluate(cfg, g, workdir, tag, opts=None):
    """Compile and check one program at every level. Returns
    ('ok'|'refusal'|category, message, opt). The verdict must not depend on the
    level: refused at some levels and accepted at others is a failure."""
    src = g.render()
    stats = cfg.new_stats()
    results, refused = {}, {}
    levels = opts or cfg.opts
    for opt in levels:
        rc, err, exe, cmd = compile_prog(cfg, src, opt, workdir, tag, g)
        cls = classify_compile(cfg, rc, err, os.path.join(workdir, source_name(g, tag)))
        if cls and cls[0] == "refusal":
            refused[opt] = cls[1]
            continue
        if cls:
            return cls[0], cls[1], opt, stats
        rc, out, rerr = run([exe], cfg.run_timeout)
        if rc is None:
            rc, out, rerr = run([exe], cfg.run_timeout)
        try:
            os.unlink(exe)
        except OSError:
            pass
        if rc is None:
            return "crash-runtime-timeout", "program did not finish in %ss" % cfg.run_timeout, opt, stats
        if rc != 0:
            return "crash-runtime", "exit status %s\n%s" % (rc, first_lines(rerr, 8)), opt, stats
        try:
            R = parse_output(out)
            check_results(g, R, opt, stats)
        except Failure as f:
            return f.args[0][0], f.args[0][1], opt, stats
        results[opt] = R
    if refused and results:
        return ("verdict-depends-on-level",
                "refused at -O%s (%s), accepted at -O%s" % (
                    "/-O".join(refused), next(iter(refused.values())), "/-O".join(results)),
                ",".join(levels), stats)
    if refused:
        return "refusal", next(iter(refused.values())), levels[0], stats
    ordered = [l for l in levels if l in results]
    for l1 in ordered[1:]:
        try:
            compare_opts(g, ordered[0], results[ordered[0]], l1, results[l1])
        except Failure as f:
            return f.args[0][0], f.args[0][1], "%s,%s" % (ordered[0], l1), stats
    return "ok", "", None, stats


def is_failure(cat):
    return cat not in ("ok", "refusal", "generator-invalid-c")


def reduce(cfg, seed, cat, opt, workdir):
    """Delta debugging (ddmin) over the generator's statement ids: find a small
    set of kept statements for which the program still fails with `cat`."""
    g = new_gen(cfg, seed)
    ids = g.all_ids()
    opts = opt.split(",") if opt else None
    tests = [0]

    def fails(removed):
        g2 = new_gen(cfg, seed)
        g2.removed = frozenset(removed)
        tests[0] += 1
        c, _, _, _ = evaluate(cfg, g2, workdir, "red", opts)
        return c == cat

    keep = list(ids)
    n = 2
    while len(keep) >= 1 and tests[0] < cfg.max_reduce_tests:
        chunk = max(1, len(keep) // n)
        subsets = [keep[i:i + chunk] for i in range(0, len(keep), chunk)]
        progressed = False
        for s in subsets:
            cand = [k for k in keep if k not in s]
            if fails(set(ids) - set(cand)):
                keep, n, progressed = cand, max(n - 1, 2), True
                break
            if tests[0] >= cfg.max_reduce_tests:
                break
        if not progressed:
            if chunk == 1:
                break
            n = min(len(keep), n * 2)
    g = new_gen(cfg, seed)
    g.removed = frozenset(set(ids) - set(keep))
    return g, tests[0]


def save(cfg, seed, cat, msg, opt, workdir):
    os.makedirs(cfg.out, exist_ok=True)
    name = "%s-seed%s" % (cat, str(seed).replace(":", "-"))
    orig = new_gen(cfg, seed).render()
    g, ntests = (reduce(cfg, seed, cat, opt, workdir) if cfg.reduce else (new_gen(cfg, seed), 0))
    c2, msg2, opt2, _ = evaluate(cfg, g, workdir, "final", opt.split(",") if opt else None)
    if c2 != cat:  # reduction lost it (flaky?): keep the original
        g, msg2, opt2 = new_gen(cfg, seed), msg, opt
    src = g.render()
    head = ["// eddy-fuzz reproducer: %s" % cat,
            "// seed %s%s%s%s, failing at -O%s; minimized with %d test runs" % (seed, " --quick" if cfg.quick else "", " --extended" if cfg.extended else "", " --rules" if RULES else "", opt2, ntests) + (" (--edges)" if cfg.edges else "") + (" (--cxx)" if cfg.cxx else ""),
            "// build: %s -O<N> -fplugin=%s -I%s THIS.c -lm" % (cfg.clang, cfg.plugin, cfg.include)]
    head += ["// " + l for l in msg2.splitlines()]
    ext = os.path.splitext(source_name(g, "x"))[1]
    path = os.path.join(cfg.out, name + ext)
    with open(path, "w") as f:
        f.write("\n".join(head) + "\n" + src)
    with open(os.path.join(cfg.out, name + ".orig" + ext), "w") as f:
        f.write(orig)
    return path, msg2


class Cfg:
    pass


def one(cfg, idx):
    seed = "%d:%d" % (cfg.seed, idx)
    g = new_gen(cfg, seed)
    workdir = tempfile.mkdtemp(prefix="eddy-fuzz-")
    try:
        t0 = time.time()
        cat, msg, opt, stats = evaluate(cfg, g, workdir, "p")
        saved = None
        if is_failure(cat):
            saved, msg = save(cfg, seed, cat, msg, opt, workdir)
        return dict(idx=idx, seed=seed, cat=cat, msg=msg, opt=opt, stats=stats,
                    saved=saved, secs=time.time() - t0, kind=g.kind, features=g.features)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--start", type=int, default=0, help="first program index")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--out", default=os.path.join(HERE, "found"))
    ap.add_argument("--quick", action="store_true", help="smaller programs, one evaluation point")
    ap.add_argument("--extended", action="store_true",
                    help="also kind D (scalar + array + const parameters, mixed markers) and enzyme_dupnoneed")
    ap.add_argument("--rules", action="store_true",
                    help="also the rule-boundary territory: new libm rules, pow/powi of exact 0, class predicates")
    ap.add_argument("--edges", action="store_true",
                    help="also annotated inlinable helpers, pow/powi at 0, floating-point "
                         "predicates and struct copies (fuzz_edges.py)")
    ap.add_argument("--cxx", action="store_true",
                    help="C++ programs through eddy.hpp: std::vector, nested requests in "
                         "capturing lambdas (fuzz_cxx.py)")
    ap.add_argument("--clang", default=None,
                    help="the compiler (default: clang-19's clang, or clang++ with --cxx, "
                    "whose programs need libstdc++)")
    ap.add_argument("--plugin", default=os.path.join(ROOT, "build", "lib", "EddyClang.so"))
    ap.add_argument("--include", default=os.path.join(ROOT, "include"))
    ap.add_argument("--opt", default="0,1,2,3", help="comma-separated -O levels")
    ap.add_argument("--no-reduce", action="store_true")
    ap.add_argument("--no-verify-each", action="store_true",
                    help="do not run the IR verifier after every pass (faster by a third)")
    ap.add_argument("--max-reduce-tests", type=int, default=150)
    ap.add_argument("--print-program", metavar="SEED", help="print the program for SEED (e.g. 1:17) and exit")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    global RULES
    RULES = a.rules
    if a.print_program:
        c = Cfg()
        c.quick, c.extended, c.edges, c.cxx = a.quick, a.extended, a.edges, a.cxx
        sys.stdout.write(new_gen(c, a.print_program).render())
        return 0
    cfg = Cfg()
    cfg.seed, cfg.quick, cfg.out = a.seed, a.quick, os.path.abspath(a.out)
    cfg.extended, cfg.edges, cfg.cxx = a.extended, a.edges, a.cxx
    cfg.verify_each = not a.no_verify_each
    if a.clang is None:
        a.clang = "/usr/lib/llvm-19/bin/clang++" if a.cxx else "/usr/lib/llvm-19/bin/clang"
    cfg.clang, cfg.plugin, cfg.include = a.clang, os.path.abspath(a.plugin), os.path.abspath(a.include)
    cfg.opts = a.opt.split(",")
    cfg.compile_timeout, cfg.run_timeout = 120, 20
    cfg.reduce, cfg.max_reduce_tests = not a.no_reduce, a.max_reduce_tests
    cfg.new_stats = lambda: {"fd_checks": 0, "fd_skipped": 0, "mode_checks": 0, "nonfinite_primal": 0}

    t0 = time.time()
    results = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
        futs = [ex.submit(one, cfg, i) for i in range(a.start, a.start + a.count)]
        for fu in concurrent.futures.as_completed(futs):
            r = fu.result()
            results.append(r)
            if r["cat"] != "ok" and (a.verbose or is_failure(r["cat"]) or r["cat"] != "refusal"):
                print("[%s] %s (-O%s): %s%s" % (r["seed"], r["cat"], r["opt"],
                                                 r["msg"].splitlines()[0] if r["msg"] else "",
                                                 ("\n    reproducer: " + r["saved"]) if r["saved"] else ""), flush=True)
            elif a.verbose:
                print("[%s] %s %.1fs" % (r["seed"], r["cat"], r["secs"]), flush=True)
            if len(results) % 100 == 0:
                print("... %d programs, %.0fs" % (len(results), time.time() - t0), flush=True)
    results.sort(key=lambda r: r["idx"])
    cats = {}
    for r in results:
        cats.setdefault(r["cat"], []).append(r)
    # a program refused at one level and accepted at another counts as a
    # mismatch between the levels
    mism = sum(len(v) for k, v in cats.items()
               if k.startswith("mismatch") or k == "verdict-depends-on-level")
    crashes = sum(len(v) for k, v in cats.items() if k.startswith("crash") or k == "invalid-output")
    refusals = cats.get("refusal", [])
    geninv = cats.get("generator-invalid-c", [])
    tot = {k: sum(r["stats"][k] for r in results) for k in ("fd_checks", "fd_skipped", "mode_checks", "nonfinite_primal")}
    kinds = {}
    for r in results:
        kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
    print("eddy-fuzz: seed %d, programs %d..%d (%s), -O%s, %.0fs" % (
        a.seed, a.start, a.start + a.count - 1, ", ".join("kind %s: %d" % kv for kv in sorted(kinds.items())),
        "/-O".join(cfg.opts), time.time() - t0))
    print("checks: %d forward-vs-FD (%d skipped: branch/kink not stable, or a float path off its double reference), %d reverse-vs-forward" % (
        tot["fd_checks"], tot["fd_skipped"], tot["mode_checks"]))
    if tot["nonfinite_primal"]:
        print("points skipped with a non-finite primal: %d" % tot["nonfinite_primal"])
    for k in sorted(cats):
        if k != "ok":
            print("  %-24s %d  (%s)" % (k, len(cats[k]), " ".join(r["seed"] for r in cats[k][:12])))
    if refusals:
        msgs = {}
        for r in refusals:
            m = re.sub(r"^.*?error: eddy: ", "", r["msg"])
            m = re.sub(r"\(while differentiating.*", "", m)
            msgs[m] = msgs.get(m, 0) + 1
        for m, c in sorted(msgs.items(), key=lambda kv: -kv[1]):
            print("  refusal x%d: %s" % (c, m.strip()))
    for r in results:
        if r["saved"]:
            print("  reproducer: %s" % r["saved"])
    print("%d programs: %d mismatches, %d crashes, %d refusals, %d generator errors" % (
        len(results), mism, crashes, len(refusals), len(geninv)))
    return 1 if (mism or crashes or geninv) else 0


fuzz_cxx.bind(sys.modules[__name__])

if __name__ == "__main__":
    sys.exit(main())
