// A std::vector filled by push_back in one loop and read by a range-for in a
// second loop, in reverse and forward mode. At -O2/-O3 the vector's data
// pointer after the first loop feeds the second loop's pointer phi, and the
// second loop's trip count ((end - begin) / 8) is expanded into its preheader
// to reserve tape room. The expander used to add an LCSSA phi for the data
// pointer, which the activity analysis had never seen: refused ("... has no
// shadow") at -O2/-O3 only. Accepted at every level now, with the analytic
// derivative.
// RUN: %levels %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include "eddy_check.h"
#include <vector>

// Keeps the entries above the threshold t (a constant), then returns the mean
// of their squares: d/dw_i = 2 w_i / k for each of the k kept entries.
static double mean_square_above(const double *w, int n, double t) {
  std::vector<double> kept;
  for (int i = 0; i < n; ++i)
    if (w[i] > t)
      kept.push_back(w[i]);
  double s = 0;
  for (double e : kept)
    s += e * e;
  return s / kept.size();
}

int main() {
  double w[6] = {0.5, 2.0, -1.0, 3.0, 1.25, 4.0};
  const int n = 6;
  const double t = 1.0;
  int k = 0;
  for (int i = 0; i < n; ++i)
    k += w[i] > t;

  double dw[6] = {0};
  __enzyme_autodiff((void *)mean_square_above, w, dw, n, enzyme_const, t);
  for (int i = 0; i < n; ++i)
    eddy_checkf_tol(dw[i], w[i] > t ? 2 * w[i] / k : 0.0, EDDY_RTOL_EXACT,
                    EDDY_ATOL_EXACT, "rev[%d]", i, 0);

  for (int j = 0; j < n; ++j) {
    double tw[6] = {0};
    tw[j] = 1;
    double d = __enzyme_fwddiff((void *)mean_square_above, w, tw, n,
                                enzyme_const, t);
    eddy_checkf_tol(d, dw[j], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "fwd[%d]", j, 0);
  }
  return eddy_summary();
}
