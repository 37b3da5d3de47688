//===- bench/gmm.cpp - GMM objective gradient (ADBench) --------------------===//
//
// Rows: primal; Eddy reverse (gradient); Eddy forward (one JVP); hand-written
// gradient; central FD (a coordinate subset, scaled to the full gradient);
// ADOL-C gradient() replay. Reference: the hand-written gradient, itself
// checked against FD.
//===----------------------------------------------------------------------===//
#include <eddy/eddy.h>

#include <cstring>
#include <vector>

#include "adolc/tapes.h"
#include "common/harness.h"
#include "kernels/gmm.h"

static int runSize(const bh::Options &O, int d, int K) {
  std::string File = O.DataDir + "/gmm_d" + std::to_string(d) + "_K" +
                     std::to_string(K) + ".txt";
  bh::Reader R(File);
  d = R.integer();
  K = R.integer();
  int n = R.integer();
  const int icf_sz = d * (d + 1) / 2;
  const size_t N = K + (size_t)K * d + (size_t)K * icf_sz;
  std::vector<double> P(N), x((size_t)n * d);
  R.nums(P.data(), N); // alphas, means, icf: in this order in the file
  R.nums(x.data(), x.size());
  double gamma = R.num();
  int m = R.integer();
  double *A = P.data(), *Mu = A + K, *Icf = Mu + (size_t)K * d;

  auto primal = [&] {
    return gmm_objective<double>(d, K, n, A, Mu, Icf, x.data(), gamma, m);
  };
  std::vector<double> Hand(N), Eddy(N), Fd(N), Ad(N), V(N);
  bh::Rng Rng(3);
  for (double &E : V)
    E = Rng.next();

  // Reference: hand-written, checked against FD on a subset.
  auto hand = [&] {
    std::fill(Hand.begin(), Hand.end(), 0.0);
    gmm_gradient_hand(d, K, n, A, Mu, Icf, x.data(), gamma, m, Hand.data(),
                      Hand.data() + K, Hand.data() + K + (size_t)K * d);
  };
  hand();
  std::vector<size_t> Sub = bh::spread(N, O.Smoke ? N : d > 32 ? 16 : 48);
  auto fd = [&] { bh::fdGradient(primal, P.data(), Sub, Fd.data()); };
  fd();
  double HandVsFd = bh::relErrAt(Hand.data(), Fd.data(), Sub);
  double Dot = 0;
  for (size_t I = 0; I < N; ++I)
    Dot += Hand[I] * V[I];

  char Size[64];
  snprintf(Size, sizeof Size, "d=%d K=%d n=%d", d, K, n);
  bh::Bench B(O, "GMM gradient", Size);
  B.setPrimal([&] { bh::keep(primal()); }, std::to_string(N) + " params");
  // Eddy's tape grows with n K d^2: probe its peak heap on 10 points and
  // extrapolate linearly in n; skip the row when that would not fit in memory.
  double NeedGB = 0;
  if (!O.Smoke) {
    int n1 = 10;
    std::vector<double> G(N);
    bh::memStart();
    __enzyme_autodiff_void((void *)gmm_objective<double>, enzyme_const, d,
                           enzyme_const, K, enzyme_const, n1, enzyme_dup, A,
                           G.data(), enzyme_dup, Mu, G.data() + K, enzyme_dup,
                           Icf, G.data() + K + (size_t)K * d, enzyme_const,
                           x.data(), enzyme_const, gamma, enzyme_const, m);
    bh::memStop();
    NeedGB = bh::memPeakBytes() * ((double)n / n1) / 1e9;
  }
  if (NeedGB > 0.5 * bh::availableGB()) {
    char Why[128];
    snprintf(Why, sizeof Why, "tape would need ~%.1f GB, %.1f GB available",
             NeedGB, bh::availableGB());
    B.skip("Eddy reverse", Why);
  } else
  B.add({"Eddy reverse",
         [&] {
           std::fill(Eddy.begin(), Eddy.end(), 0.0);
           __enzyme_autodiff_void((void *)gmm_objective<double>, enzyme_const, d,
                                  enzyme_const, K, enzyme_const, n, enzyme_dup,
                                  A, Eddy.data(), enzyme_dup, Mu,
                                  Eddy.data() + K, enzyme_dup, Icf,
                                  Eddy.data() + K + (size_t)K * d, enzyme_const,
                                  x.data(), enzyme_const, gamma, enzyme_const, m);
         },
         [&] { return bh::relErr(Eddy.data(), Hand.data(), N); }, 1e-9});
  double Jvp = 0;
  B.add({"Eddy forward (1 JVP)",
         [&] {
           Jvp = __enzyme_fwddiff((void *)gmm_objective<double>, enzyme_const, d,
                                  enzyme_const, K, enzyme_const, n, enzyme_dup,
                                  A, V.data(), enzyme_dup, Mu, V.data() + K,
                                  enzyme_dup, Icf, V.data() + K + (size_t)K * d,
                                  enzyme_const, x.data(), enzyme_const, gamma,
                                  enzyme_const, m);
         },
         [&] { return std::fabs(Jvp - Dot) / std::max(1.0, std::fabs(Dot)); },
         1e-9, 1, "vs hand gradient . v"});
  B.add({"hand-written", hand, [&] { return HandVsFd; }, 1e-5, 1,
         "checked vs FD on " + std::to_string(Sub.size()) + " coords"});
  B.add({"finite differences", fd,
         [&] { return bh::relErrAt(Fd.data(), Hand.data(), Sub); }, 1e-5,
         (double)N / Sub.size(),
         Sub.size() < N ? "timed on " + std::to_string(Sub.size()) +
                              " coords, scaled to " + std::to_string(N)
                        : std::string("central")});
  // ADOL-C: ~ n K d^2 / 2 operations; its tape of the large case would need
  // several GB (ADBench had the same problem), so it is left out there.
  double Ops = (double)n * K * (d * d / 2.0 + 3.0 * d);
  if (Ops * 40 < 4e9) {
    short Tag = adolc_record_gmm(d, K, n, P.data(), x.data(), gamma, m);
    B.add({"ADOL-C gradient()",
           [&, Tag] { adolc_gradient(Tag, (int)N, P.data(), Ad.data()); },
           [&] { return bh::relErr(Ad.data(), Hand.data(), N); }, 1e-9, 1,
           "tape recorded before timing"});
  } else {
    char Why[96];
    snprintf(Why, sizeof Why, "tape would need ~%.0f GB", Ops * 40 / 1e9);
    B.skip("ADOL-C gradient()", Why);
  }
  return B.run();
}

int main(int Argc, char **Argv) {
  bh::Options O = bh::parseOptions(Argc, Argv);
  int Failed = 0;
  if (O.Smoke)
    return runSize(O, 3, 4) ? 1 : 0;
  Failed += runSize(O, 10, 25);
  Failed += runSize(O, 64, 100);
  return Failed ? 1 : 0;
}
