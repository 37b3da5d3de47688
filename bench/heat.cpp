//===- bench/heat.cpp - Explicit heat stepper, in place, 10^4 steps ---------===//
//
// Gradient of |u_final|^2/2 with respect to the initial u (n values) and the
// diffusion number r. Every timed call first copies the initial state into
// the working array (the stepper overwrites it), the primal's too. Rows:
// primal; Eddy reverse; Eddy forward (one JVP); hand-written adjoint; central
// FD; ADOL-C gradient() replay. Reference: hand-written, checked against FD.
//===----------------------------------------------------------------------===//
#include <eddy/eddy.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "adolc/tapes.h"
#include "common/harness.h"
#include "kernels/heat.h"

int main(int Argc, char **Argv) {
  bh::Options O = bh::parseOptions(Argc, Argv);
  bh::Reader R(O.DataDir + (O.Smoke ? "/heat_n8_s20.txt" : "/heat_n128_s10000.txt"));
  int n = R.integer(), steps = R.integer();
  double r = R.num();
  const size_t N = n + 1; // gradient layout: [du (n), dr]
  std::vector<double> U0(N), U(n);
  R.nums(U0.data(), n);
  U0[n] = r;
  auto primal = [&] {
    memcpy(U.data(), U0.data(), sizeof(double) * n);
    return heat_loss<double>(U.data(), n, steps, U0[n]);
  };
  std::vector<double> Hand(N), Eddy(N), Fd(N), Ad(N), V(N), DV(n);
  bh::Rng Rng(13);
  for (double &E : V)
    E = Rng.next();
  auto hand = [&] {
    memcpy(U.data(), U0.data(), sizeof(double) * n);
    Hand[n] = heat_gradient_hand(U.data(), n, steps, U0[n], Hand.data());
  };
  hand();
  std::vector<size_t> All = bh::spread(N, N);
  auto fd = [&] { bh::fdGradient(primal, U0.data(), All, Fd.data()); };
  fd();
  double Dot = 0;
  for (size_t I = 0; I < N; ++I)
    Dot += Hand[I] * V[I];

  bh::Bench B(O, "heat gradient", "n=" + std::to_string(n) + " steps=" +
                                      std::to_string(steps));
  B.setPrimal([&] { bh::keep(primal()); }, "in-place stepper");
  B.add({"Eddy reverse",
         [&] {
           memcpy(U.data(), U0.data(), sizeof(double) * n);
           std::fill(Eddy.begin(), Eddy.end(), 0.0);
           Eddy[n] = __enzyme_autodiff((void *)heat_loss<double>, enzyme_dup,
                                       U.data(), Eddy.data(), enzyme_const, n,
                                       enzyme_const, steps, enzyme_out, U0[n]);
         },
         [&] { return bh::relErr(Eddy.data(), Hand.data(), N); }, 1e-9});
  double Jvp = 0;
  B.add({"Eddy forward (1 JVP)",
         [&] {
           memcpy(U.data(), U0.data(), sizeof(double) * n);
           memcpy(DV.data(), V.data(), sizeof(double) * n);
           Jvp = __enzyme_fwddiff((void *)heat_loss<double>, enzyme_dup, U.data(),
                                  DV.data(), enzyme_const, n, enzyme_const, steps,
                                  U0[n], V[n]);
         },
         [&] { return std::fabs(Jvp - Dot) / std::max(1.0, std::fabs(Dot)); },
         1e-9, 1, "vs hand gradient . v"});
  B.add({"hand-written", hand,
         [&] { return bh::relErr(Hand.data(), Fd.data(), N); }, 1e-6, 1,
         "stores the trajectory; checked vs FD"});
  B.add({"finite differences", fd,
         [&] { return bh::relErr(Fd.data(), Hand.data(), N); }, 1e-6, 1, "central"});
  short Tag = adolc_record_heat(U0.data(), n, steps);
  B.add({"ADOL-C gradient()",
         [&, Tag] { adolc_gradient(Tag, (int)N, U0.data(), Ad.data()); },
         [&] { return bh::relErr(Ad.data(), Hand.data(), N); }, 1e-9, 1,
         "tape recorded before timing"});
  return B.run() ? 1 : 0;
}
