"""eddy-fuzz --edges: the territory where derivatives used to depend on the
optimization level or come out NaN (issue 10, docs/fuzzing.md).

Adds to eddy-fuzz's expression and statement generators:
  * annotated helpers with bodies in the translation unit, small and static so
    that -O1..-O3 would inline them: an inactive function (a stop-gradient), a
    straight-through rounding with tangent and adjoint rules, and a softplus
    whose rules are its exact derivative;
  * pow / __builtin_powi with integer-valued exponents 0..3 and pow(b, y) with
    y in [1, 2], on a base that is exactly 0 on part of the domain (a ReLU);
  * floating-point class predicates (signbit, isnan, isinf, isfinite,
    isnormal, fpclassify) deciding a ternary;
  * heap structs holding a pointer to active data, a long long index and a
    double, copied field by field or whole.

The finite-difference reference is taken on the traced copy of the program, in
which each annotated helper is replaced by a surrogate with the annotation's
derivative: the stop-gradient returns the value it had at the unperturbed
point (frozen), the straight-through rounding is v + (frozen offset), the
softplus is itself. `frz` records at the unperturbed point and replays at the
perturbed ones, in call order (the branch trace is checked to be unchanged,
so the order is the same)."""

from_gen = None  # the E / fit / lit / call helpers of eddy-fuzz, set by bind()


def bind(mod):
    global from_gen
    from_gen = mod


PRELUDE = [
    "#include <eddy/eddy.h>",
    "/* --edges: annotated helpers with bodies, inlinable at -O1..-O3 */",
    "static double ann_stop(double v) { return 3.0 * v; }",
    "EDDY_INACTIVE_FUNCTION(ann_stop)",
    "static double ann_st(double v) { return floor(v + 0.5); }",
    "static double ann_st_t(double v, double dv) { (void)v; return dv; }",
    "static void ann_st_a(double v, double *dv, double dr) { (void)v; *dv += dr; }",
    "EDDY_TANGENT_RULE(ann_st, ann_st_t)",
    "EDDY_ADJOINT_RULE(ann_st, ann_st_a)",
    "static double ann_sp(double v) { return v > 0 ? v + log1p(exp(-v)) : log1p(exp(v)); }",
    "static double ann_sp_t(double v, double dv) { return dv / (1.0 + exp(-v)); }",
    "static void ann_sp_a(double v, double *dv, double dr) { *dv += dr / (1.0 + exp(-v)); }",
    "EDDY_TANGENT_RULE(ann_sp, ann_sp_t)",
    "EDDY_ADJOINT_RULE(ann_sp, ann_sp_a)",
    "/* the FD surrogates (traced copy only) */",
    "static int frz_mode, frz_n; /* mode 1 records, 2 replays */",
    "static double frz_v[1 << 16];",
    "static double frz(double v) {",
    "  if (frz_n >= (1 << 16)) { fprintf(stderr, \"frz overflow\\n\"); exit(3); }",
    "  if (frz_mode == 1) frz_v[frz_n] = v;",
    "  return frz_mode == 2 ? frz_v[frz_n++] : (++frz_n, v);",
    "}",
    "static double tr_ann_stop(double v) { return frz(3.0 * v); }",
    "static double tr_ann_st(double v) { return v + frz(floor(v + 0.5) - v); }",
    "struct SC { double *p; long long k; double v; };",
    "",
]

PREDICATES = ["signbit(%s)", "isnan(%s)", "isinf(%s)", "isfinite(%s)",
              "!isfinite(%s)", "isnormal(%s)", "fpclassify(%s) == FP_ZERO",
              "fpclassify(%s) == FP_NORMAL"]


def expr_ops():
    """(weight, name) of the extra expression operators."""
    return [(0.8, "ann"), (0.8, "powz"), (0.6, "pred")]


def expr(gen, op, sc, d):
    """Builds one extra operator's expression (an eddy-fuzz E)."""
    m = from_gen
    rng = gen.rng
    if op == "ann":
        a = gen.expr(sc, d)
        which = rng.choice(["ann_stop", "ann_st", "ann_sp"])
        gen.features.add(which)
        if which == "ann_stop":
            return m.E(m.call("ann_stop", a, tname="tr_ann_stop"), 3 * a.b)
        if which == "ann_st":
            return m.E(m.call("ann_st", a, tname="tr_ann_st"), a.b + 1)
        return m.E(m.call("ann_sp", a), a.b + 1)
    if op == "powz":
        # base = max(a - c, 0): exactly 0 on part of the domain, where the
        # rule's partials meet 0 * Inf
        a = m.fit(gen.expr(sc, d), 2.0)
        c = round(rng.uniform(-0.5, 0.5), 3)
        def base(tr, a=a, c=c):
            cond = "%s > %s" % (a.r(tr), m.lit(c))
            return "(%s ? %s - %s : 0.0)" % ("tr_b(%s)" % cond if tr else cond, a.r(tr), m.lit(c))
        bb = a.b + abs(c)
        form = rng.randrange(3)
        if form == 0:
            k = rng.choice([0, 1, 2, 3])
            gen.features.add("pow-int-%d" % k)
            return m.E(lambda tr: "pow(%s, %s)" % (base(tr), m.lit(float(k))), max(1.0, bb ** k))
        if form == 1:
            k = rng.choice([0, 1, 2, 3])
            gen.features.add("powi-%d" % k)
            return m.E(lambda tr: "__builtin_powi(%s, %d)" % (base(tr), k), max(1.0, bb ** k))
        b = gen.expr(sc, d)
        gen.features.add("pow-y-at-0")
        return m.E(lambda tr: "pow(%s, 1.5 + 0.5 * sin(%s))" % (base(tr), b.r(tr)), max(1.0, bb ** 2))
    if op == "pred":
        a, t, f = gen.expr(sc, d), gen.expr(sc, d), gen.expr(sc, d)
        p = rng.choice(PREDICATES)
        gen.features.add("pred-" + p.split("(")[0])
        def r(tr):
            c = p % a.r(tr)
            return "(%s ? %s : %s)" % ("tr_b(%s)" % c if tr else c, t.r(tr), f.r(tr))
        return m.E(r, max(t.b, f.b))
    raise AssertionError(op)


def stmt_ops(sc):
    ops = [(1.5, "edgeassign")]
    if sc["arrays"] or sc["inarr"]:
        ops.append((0.5, "structcopy"))
    return ops


def edge_assign(gen, sc, sid):
    """v = c * v + OP(...) with OP an annotated helper, a pow at 0 or a
    predicate: the edge operator in a position the derivative flows through
    (as an expression operator it often lands in an index or a condition)."""
    m = from_gen
    rng = gen.rng
    v = rng.choice(sc["vars"])
    c = round(rng.uniform(0.2, 0.6), 3)
    e = m.fit(expr(gen, rng.choice(["ann", "ann", "powz", "pred"]), sc, 2), m.VB * (1 - c))
    return sid, lambda tr, ind: ["%s%s = %s * %s + %s;" % (ind, v, m.lit(c), v, e.r(tr))]


def stmt(gen, k, sc, sid):
    """A statement through two heap structs holding a pointer to active data:
    the pointer, an integer index and a double are copied from the first to
    the second (field by field or as a whole struct), then read back."""
    m = from_gen
    rng = gen.rng
    if k == "edgeassign":
        return edge_assign(gen, sc, sid)
    assert k == "structcopy"
    cands = list(sc["arrays"]) + ([sc["inarr"]] if sc["inarr"] else [])
    arr, n = rng.choice(cands)
    n = n if isinstance(n, int) else gen.xlen
    idx = rng.randrange(n)
    v = rng.choice(sc["vars"])
    e = m.fit(gen.expr(sc, 2), m.VB)
    whole = rng.random() < 0.4
    gen.features.add("structcopy-" + ("whole" if whole else "fields"))
    c1 = round(rng.uniform(0.2, 0.45), 3)
    def r(tr, ind):
        s1, s2 = "s%da" % sid, "s%db" % sid
        copy = ("*%s = *%s;" % (s2, s1) if whole else
                "%s->k = %s->k; %s->p = %s->p; %s->v = %s->v;" % (s2, s1, s2, s1, s2, s1))
        return ["%s{" % ind,
                "%s  struct SC *%s = (struct SC *)malloc(sizeof(struct SC)), *%s = (struct SC *)malloc(sizeof(struct SC));" % (ind, s1, s2),
                "%s  %s->p = %s; %s->k = %d; %s->v = %s;" % (ind, s1, arr, s1, idx, s1, e.r(tr)),
                "%s  %s" % (ind, copy),
                "%s  %s = %s * (%s->v + %s->p[%s->k]);" % (ind, v, m.lit(c1), s2, s2, s2),
                "%s  free(%s); free(%s);" % (ind, s1, s2),
                "%s}" % ind]
    return sid, r
