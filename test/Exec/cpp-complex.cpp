// std::complex<double> and std::complex<float> arithmetic inside
// differentiated code: + - * / (z * w calls __muldc3 on its NaN path, z / w
// always calls __divdc3), abs, arg, norm, conj, polar, exp, log, sqrt, sin,
// cos (cabs, carg, cexp, clog, csqrt, csin, ccos). Eddy substitutes its own
// bodies for those runtime helpers (lib/Rules/ComplexRuntime.cpp). Reverse
// gradients vs central finite differences and vs forward columns, at -O0 and
// -O2; sqrt on both sides of its branch (Re z >= 0 and < 0).
//
// The float checks agree across levels to float rounding (1 ulp ~ 6e-8), hence --rtol.
// RUN: %levels --rtol=1e-6 %eddy-clangxx -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include "eddy_check.h"
#include <complex>

using cd = std::complex<double>;
using cf = std::complex<float>;

// A real loss of two complex numbers z = x0 + i x1, w = x2 + i x3.
static double mixed(const double *x) {
  cd z(x[0], x[1]), w(x[2], x[3]);
  cd p = z * w + z / w - std::conj(w) * 0.5;
  cd q = std::exp(z) * std::log(w) + std::sqrt(z) * std::sin(w) - std::cos(z);
  cd r = std::polar(std::abs(w), std::arg(z));
  return p.real() + 2.0 * p.imag() + std::norm(q) + r.imag() * r.real();
}

// The same in float, through the float helpers (__mulsc3, cexpf, ...).
static float mixed_float(const float *x) {
  cf z(x[0], x[1]), w(x[2], x[3]);
  cf p = z * w + z / w;
  cf q = std::exp(z) * std::sqrt(w) + std::log(z);
  return p.real() - p.imag() + std::abs(q);
}

static double mixed_fd(const double *x, void *) { return mixed(x); }

static void check_double(int which, const double *x) {
  double g[4] = {0, 0, 0, 0};
  __enzyme_autodiff((void *)mixed, x, g);
  for (int i = 0; i < 4; ++i) {
    double e[4] = {0, 0, 0, 0};
    e[i] = 1;
    eddy_checkf_tol(g[i], eddy_fd_partial(mixed_fd, nullptr, x, 4, i), EDDY_RTOL_FD,
                    EDDY_ATOL_FD, "case%d.rev_vs_fd[%d]", which, i);
    eddy_checkf_tol(__enzyme_fwddiff((void *)mixed, x, e), g[i], EDDY_RTOL_EXACT,
                    EDDY_ATOL_EXACT, "case%d.fwd_vs_rev[%d]", which, i);
  }
}

int main() {
  const double right[4] = {0.7, -0.4, 1.3, 0.6}; // Re z >= 0: sqrt's first branch.
  const double left[4] = {-0.9, 0.5, -0.8, -1.1}; // Re z < 0: its second branch.
  check_double(1, right);
  check_double(2, left);

  // float: against the double version of the same formula's FD in float
  // precision (tolerances of eddy_check.h's float FD).
  float xf[4] = {0.6f, 0.3f, -1.2f, 0.8f}, gf[4] = {0, 0, 0, 0};
  __enzyme_autodiff((void *)mixed_float, xf, gf);
  for (int i = 0; i < 4; ++i) {
    float xp[4], xm[4], e[4] = {0, 0, 0, 0};
    for (int k = 0; k < 4; ++k)
      xp[k] = xm[k] = xf[k];
    float h = 1e-2f;
    xp[i] += h;
    xm[i] -= h;
    double fd = ((double)mixed_float(xp) - (double)mixed_float(xm)) / (2 * h);
    eddy_checkf_tol(gf[i], fd, EDDY_RTOL_FD_FLOAT, EDDY_ATOL_FD_FLOAT, "float.rev_vs_fd[%d]", i, 0);
    e[i] = 1;
    float col = __enzyme_fwddiff_float((void *)mixed_float, xf, e);
    eddy_checkf_tol(col, gf[i], EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT, "float.fwd_vs_rev[%d]", i, 0);
  }
  return eddy_summary();
}
