//===- bench/curve.cpp - Parametric curve: n = 3 inputs, m outputs ----------===//
//
// The full m x 3 Jacobian. Forward mode needs n = 3 passes (one column each),
// reverse mode m passes (one row each): the seeds' decision rule in numbers.
// Rows: primal; Eddy forward (one vector sweep of width 3); Eddy reverse (m passes);
// hand-written Jacobian; central FD (6 primal calls); ADOL-C jacobian() replay
// (it picks forward vector mode here). Reference: hand-written.
//===----------------------------------------------------------------------===//
#include <eddy/eddy.h>

#include <cstring>
#include <vector>

#include "adolc/tapes.h"
#include "common/harness.h"
#include "kernels/curve.h"

int main(int Argc, char **Argv) {
  bh::Options O = bh::parseOptions(Argc, Argv);
  bh::Reader R(O.DataDir + (O.Smoke ? "/curve_m50.txt" : "/curve_m10000.txt"));
  int m = R.integer();
  double p[3];
  R.nums(p, 3);
  std::vector<double> t(m), y(m);
  R.nums(t.data(), m);
  const size_t N = 3 * (size_t)m; // column-major Jacobian
  std::vector<double> Hand(N), Fwd(N), Rev(N), Fd(N), Ad(N), DY(m);
  auto primal = [&] { curve<double>(p, t.data(), y.data(), m); };
  auto hand = [&] { curve_jacobian_hand(p, t.data(), Hand.data(), m); };
  hand();

  bh::Bench B(O, "curve Jacobian", "n=3 m=" + std::to_string(m));
  B.setPrimal([&] { primal(); bh::keep(y[0]); }, "");
  // One vector sweep of width 3 (enzyme_width): the primal runs once, lane k
  // seeds p along e_k and its tangent of y is column k.
  static const double E[3][3] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
  B.add({"Eddy forward",
         [&] {
           __enzyme_fwddiff_void((void *)curve<double>, enzyme_width, 3,
                                 enzyme_dup, p, E[0], E[1], E[2], enzyme_const,
                                 t.data(), enzyme_dupnoneed, y.data(),
                                 Fwd.data(), Fwd.data() + m,
                                 Fwd.data() + 2 * (size_t)m, enzyme_const, m);
         },
         [&] { return bh::relErr(Fwd.data(), Hand.data(), N); }, 1e-12, 1,
         "one vector sweep of width 3"});
  // m reverse passes take minutes at m = 10^4: time a spread of them and
  // scale (every pass costs the same); check the rows computed.
  std::vector<size_t> Rows = bh::spread(m, O.Smoke ? m : 200), RowIdx;
  for (int k = 0; k < 3; ++k)
    for (size_t j : Rows)
      RowIdx.push_back((size_t)k * m + j);
  B.add({"Eddy reverse",
         [&] {
           // The reverse sweep zeroes the output shadow it consumed, so DY is
           // all zeros again after each pass.
           std::fill(DY.begin(), DY.end(), 0.0);
           for (size_t j : Rows) {
             double dp[3] = {0, 0, 0};
             DY[j] = 1;
             __enzyme_autodiff_void((void *)curve<double>, enzyme_dup, p, dp,
                                    enzyme_const, t.data(), enzyme_dupnoneed,
                                    y.data(), DY.data(), enzyme_const, m);
             DY[j] = 0;
             Rev[j] = dp[0];
             Rev[m + j] = dp[1];
             Rev[2 * (size_t)m + j] = dp[2];
           }
         },
         [&] { return bh::relErrAt(Rev.data(), Hand.data(), RowIdx); }, 1e-12,
         (double)m / Rows.size(),
         std::to_string(m) + " passes (one per output)" +
             (Rows.size() < (size_t)m
                  ? "; timed on " + std::to_string(Rows.size()) + ", scaled"
                  : std::string())});
  B.add({"hand-written", hand, [] { return 0.0; }, 1, 1, "the reference"});
  std::vector<double> yp(m), ym(m);
  B.add({"finite differences",
         [&] {
           for (int k = 0; k < 3; ++k) {
             double p0 = p[k], h = 6e-6 * std::max(1.0, std::fabs(p0));
             p[k] = p0 + h;
             curve<double>(p, t.data(), yp.data(), m);
             p[k] = p0 - h;
             curve<double>(p, t.data(), ym.data(), m);
             p[k] = p0;
             for (int j = 0; j < m; ++j)
               Fd[(size_t)k * m + j] = (yp[j] - ym[j]) / (2 * h);
           }
         },
         [&] { return bh::relErr(Fd.data(), Hand.data(), N); }, 1e-6, 1,
         "central, 6 primal calls"});
  short Tag = adolc_record_curve(p, t.data(), m);
  double **J = adolc_matrix(m, 3);
  B.add({"ADOL-C jacobian()",
         [&, Tag] {
           adolc_jacobian(Tag, m, 3, p, J);
           for (int j = 0; j < m; ++j)
             for (int k = 0; k < 3; ++k)
               Ad[(size_t)k * m + j] = J[j][k];
         },
         [&] { return bh::relErr(Ad.data(), Hand.data(), N); }, 1e-12, 1,
         "tape recorded before timing"});
  int F = B.run();
  adolc_free_matrix(J);
  return F ? 1 : 0;
}
