"""eddy-fuzz --cxx: C++ programs through eddy.hpp (docs/fuzzing.md).

Two kinds, both built around a kind-C body of eddy-fuzz (scalar parameters
p0..pk, helpers, loops, branches) and printed in eddy-fuzz's output format, so
the same checks apply (forward vs finite differences, reverse vs forward, every
optimization level against the first):

  V  double f(const std::vector<double> &xv, const std::vector<double> &cv):
     xv is copied into a local std::vector by one of several constructions
     (iterator pair, pointer pair, copy, reserve + push_back over a range-for),
     grown and shrunk (push_back, resize, shrink_to_fit), and read back; cv is
     held constant (eddy::constant) and read by a range-for.
     Forward columns: eddy::jvp(eddy::fn<f>, eddy::dual(xv, e_j), constant(cv));
     reverse: eddy::gradient and eddy::vjp.
  L  nested requests inside capturing lambdas, for g(p0, p1): the outputs are
     the first derivatives dg/dp0, dg/dp1, each an eddy::derivative of a lambda
     capturing the other variable by reference; the forward "columns" are their
     derivatives by a second eddy::derivative around them (the inner lambda
     captures by reference what the outer lambda captured, or by value the
     outer lambda's parameter); the reverse rows
     are eddy::jacobian of a lambda returning eddy::gradient (jacfwd(grad)),
     and eddy::hessian. Finite differences are taken of the first derivatives
     (the branch trace of the traced g decides stability)."""

Gen = None  # eddy-fuzz's generator class, set by bind()
from_gen = None


def bind(mod):
    global Gen, from_gen
    Gen, from_gen = mod.Gen, mod


def make(seed, quick, extended, edges):
    """A C++ program generator for the seed."""
    class CxxGen(Gen):
        lang = "c++"

        def build(self):
            # a kind-C body with the V/L kind on top; the base class draws the
            # body, helpers, points and seeds from the same stream
            self.cxx_kind = self.rng.choice(["V", "V", "L"])
            if self.cxx_kind == "L":
                self.forced_nin = 2
            Gen.build(self)
            rng = self.rng
            # cotangents: V's first row is the gradient (seed 1), L's rows are
            # any two combinations of the first derivatives
            if self.cxx_kind == "V":
                self.wseeds = [[1.0], [round(rng.uniform(-1, 1), 4)]]
            else:
                self.wseeds = [[round(rng.uniform(-1, 1), 4) for _ in range(2)] for _ in range(2)]
            self.vec_ctor = rng.choice(["iter", "ptr", "copy", "reserve"])
            self.vec_grow = rng.choice(["none", "push", "resize", "shrink"])
            self.ncv = rng.randint(1, 3)
            self.cv = [self.coef(0.2, 1.0) for _ in range(self.ncv)]
            self.cvc = self.coef(0.1, 0.4)

        def choose_kind(self):
            return "C"

        def n_outputs(self):
            return 2 if self.cxx_kind == "L" else 1

        def render(self):
            L = ["// eddy-fuzz C++ program, seed %s, kind %s" % (self.seed, self.cxx_kind),
                 "#include <eddy/eddy.hpp>", "#include <array>", "#include <cmath>",
                 "#include <cstdio>", "#include <cstdlib>", "#include <cstring>",
                 "#include <vector>", "#include <math.h>", "",
                 "#define NIN %d" % self.nin, "#define NOUT %d" % self.n_outputs(), ""]
            L += self.helper_prelude()
            for tr in (False, True):
                for name, r in self.funcs:
                    L += r(tr)
                    L.append("")
                L += self.render_f(tr)  # static double f(double p0, ...)
                L.append("")
            L += self.render_cxx_f()
            L += self.render_cxx_main()
            return "\n".join(L) + "\n"

        def render_cxx_f(self):
            n = self.nin
            ps = ", ".join("w[%d]" % i for i in range(n))
            L = []
            if self.cxx_kind == "V":
                ctor = {"iter": "std::vector<double> w(xv.begin(), xv.end());",
                        "ptr": "std::vector<double> w(xv.data(), xv.data() + xv.size());",
                        "copy": "std::vector<double> w(xv);",
                        "reserve": "std::vector<double> w;\n  w.reserve(%d);\n  for (double e : xv)\n    w.push_back(e);" % (n + 2)}[self.vec_ctor]
                grow = {"none": "",
                        "push": "w.push_back(0.5 * w[0]);",
                        "resize": "w.resize(%d, 0.25);" % (n + 2),
                        "shrink": "w.reserve(%d);\n  w.push_back(w[0]);\n  w.shrink_to_fit();" % (n + 4)}[self.vec_grow]
                for tr in (False, True):
                    nm = "fv_t" if tr else "fv"
                    L += ["static double %s(const std::vector<double> &xv, const std::vector<double> &cv) {" % nm,
                          "  " + ctor, "  " + grow if grow else "",
                          "  double acc = 0.0;",
                          "  for (double c : cv)",
                          "    acc += c * w[w.size() - 1];",
                          "  return %s(%s) + %s * acc;" % ("f_t" if tr else "f", ps, from_gen.lit(self.cvc)),
                          "}", ""]
            else:
                # Not g2: the base generator's array helpers are g0, g1, ...
                # (an overloaded name in eddy::fn, eddy-fuzz --cxx seed 912).
                L += ["static double f_pair(const std::array<double, 2> &q) { return f(q[0], q[1]); }",
                      "/* first derivatives, each by a lambda capturing the other variable */",
                      "static double dgx(double x, double y) {",
                      "  return eddy::derivative([&](double z) { return f(z, y); }, x);", "}",
                      "static double dgy(double x, double y) {",
                      "  return eddy::derivative([&](double z) { return f(x, z); }, y);", "}", ""]
            return L

        def render_cxx_main(self):
            n, P = self.nin, self.points
            L = ["static const double pts[%d][NIN] = {%s};" % (len(P), ", ".join(
                "{%s}" % ", ".join(repr(v) for v in p) for p in P)),
                 "static const double wseed[%d][NOUT] = {%s};" % (len(self.wseeds), ", ".join(
                "{%s}" % ", ".join(repr(v) for v in w) for w in self.wseeds))]
            if self.cxx_kind == "V":
                L += ["static const std::vector<double> cv = {%s};" % ", ".join(from_gen.lit(c) for c in self.cv),
                      "static void eval(const double *x, double *out, int traced) {",
                      "  std::vector<double> xv(x, x + NIN);",
                      "  out[0] = traced ? fv_t(xv, cv) : fv(xv, cv);", "}",
                      "int main() {",
                      "  for (int p = 0; p < %d; ++p) {" % len(P),
                      "    const double *x0 = pts[p];",
                      "    double y0[NOUT];",
                      "    eval(x0, y0, 0);",
                      "    std::printf(\"Y %d 0 %.17g\\n\", p, y0[0]);",
                      "    std::vector<double> xv(x0, x0 + NIN);",
                      "    for (int j = 0; j < NIN; ++j) {",
                      "      std::vector<double> dir(NIN, 0.0);",
                      "      dir[j] = 1.0;",
                      "      auto r = eddy::jvp(eddy::fn<fv>, eddy::dual(xv, dir), eddy::constant(cv));",
                      "      std::printf(\"FWD %d %d 0 %.17g\\n\", p, j, r.tangent);",
                      "      std::printf(\"FWDP %d %d 0 %.17g\\n\", p, j, r.value);",
                      "    }",
                      "    for (int r = 0; r < %d; ++r) {" % len(self.wseeds),
                      "      std::vector<double> g = r == 0 ? eddy::gradient(eddy::fn<fv>, xv, eddy::constant(cv))",
                      "                                     : eddy::vjp(eddy::fn<fv>, wseed[r][0], xv, eddy::constant(cv));",
                      "      auto vg = eddy::value_and_gradient(eddy::fn<fv>, xv, eddy::constant(cv));",
                      "      for (int i = 0; i < NIN; ++i) std::printf(\"REV %d %d %d %.17g\\n\", p, r, i, g[i]);",
                      "      std::printf(\"REVP %d %d 0 %.17g\\n\", p, r, vg.value);",
                      "    }"]
            else:
                L += ["static void eval(const double *x, double *out, int traced) {",
                      "  if (traced) { out[0] = f_t(x[0], x[1]); out[1] = out[0]; return; }",
                      "  out[0] = dgx(x[0], x[1]);",
                      "  out[1] = dgy(x[0], x[1]);", "}",
                      "int main() {",
                      "  for (int p = 0; p < %d; ++p) {" % len(P),
                      "    const double *x0 = pts[p];",
                      "    double y0[NOUT], x = x0[0], y = x0[1];",
                      "    eval(x0, y0, 0);",
                      "    for (int i = 0; i < NOUT; ++i) std::printf(\"Y %d %d %.17g\\n\", p, i, y0[i]);",
                      "    /* second derivatives by nesting; the inner lambda captures by reference what the",
                      "       outer lambda captured (y, x), or by value the outer lambda's parameter */",
                      "    double Hn[2][2];",
                      "    Hn[0][0] = eddy::derivative([&](double xx) { return eddy::derivative([&](double z) { return f(z, y); }, xx); }, x);",
                      "    Hn[0][1] = eddy::derivative([&](double yy) { return eddy::derivative([=](double z) { return f(z, yy); }, x); }, y);",
                      "    Hn[1][0] = eddy::derivative([&](double xx) { return eddy::derivative([=](double z) { return f(xx, z); }, y); }, x);",
                      "    Hn[1][1] = eddy::derivative([&](double yy) { return eddy::derivative([&](double z) { return f(x, z); }, yy); }, y);",
                      "    for (int j = 0; j < NIN; ++j)",
                      "      for (int i = 0; i < NOUT; ++i) std::printf(\"FWD %d %d %d %.17g\\n\", p, j, i, Hn[i][j]);",
                      "    /* reverse rows: jacfwd(grad) and the Hessian */",
                      "    std::array<double, 2> q{x, y};",
                      "    auto Jg = eddy::jacobian([&](const std::array<double, 2> &qq) { return eddy::gradient(eddy::fn<f_pair>, qq); }, q);",
                      "    auto H = eddy::hessian(eddy::fn<f_pair>, q);",
                      "    for (int r = 0; r < %d; ++r)" % len(self.wseeds),
                      "      for (int j = 0; j < NIN; ++j) {",
                      "        double s = 0, t = 0;",
                      "        for (int i = 0; i < NOUT; ++i) { s += wseed[r][i] * Jg[i][j]; t += wseed[r][i] * H[i][j]; }",
                      "        std::printf(\"REV %d %d %d %.17g\\n\", p, r, j, r == 0 ? s : t);",
                      "      }"]
            # finite differences: of f (V), of the first derivatives (L); the
            # traced copy's branch trace decides stability
            L += ["    for (int j = 0; j < NIN; ++j) {",
                  "      double xp[NIN], yp[4][NOUT], yt[NOUT];",
                  "      unsigned long long h0, hh[4];",
                  "      static const double mult[4] = {1, -1, 2, -2};",
                  "      %str_h = 0; eval(x0, yt, 1); h0 = tr_h;" % ("frz_mode = 1; frz_n = 0; " if self.edges else ""),
                  "      volatile double xph = x0[j] + 6.0554544523933395e-06 * (std::fabs(x0[j]) > 1 ? std::fabs(x0[j]) : 1);",
                  "      double h = xph - x0[j];",
                  "      for (int s = 0; s < 4; ++s) {",
                  "        std::memcpy(xp, x0, sizeof xp);",
                  "        xp[j] = x0[j] + mult[s] * h;",
                  # V: the traced copy's own values (its surrogates freeze
                  # what the rules differentiate as constant or straight
                  # through); L: Eddy's first derivatives.
                  "        %str_h = 0; eval(xp, %s, 1); hh[s] = tr_h;" % ("frz_mode = 2; frz_n = 0; " if self.edges else "",
                                                                          "yp[s]" if self.cxx_kind == "V" else "yt"),
                  "        eval(xp, yp[s], 0);" if self.cxx_kind == "L" else "",
                  "      }",
                  "      int stable = hh[0] == h0 && hh[1] == h0 && hh[2] == h0 && hh[3] == h0;",
                  # L differentiates Eddy's own first derivatives, whose values
                  # use the real floor() of a straight-through helper where the
                  # nested derivative uses its rule: no FD reference then (the
                  # forward/reverse comparison still holds).
                  "      stable = stable && %s;" % ("frz_n == 0" if self.edges and self.cxx_kind == "L" else "1"),
                  "      for (int i = 0; i < NOUT; ++i)",
                  "        std::printf(\"FD %d %d %d %.17g %.17g %d\\n\", p, j, i, (yp[0][i] - yp[1][i]) / (2 * h),",
                  "                    (yp[2][i] - yp[3][i]) / (4 * h), stable);",
                  "    }",
                  "  }",
                  "  std::printf(\"DONE\\n\");",
                  "  return 0;",
                  "}"]
            return L

    return CxxGen(seed, quick, extended, edges)
