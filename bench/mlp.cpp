//===- bench/mlp.cpp - The seeds' 3-layer MLP, softmax cross-entropy --------===//
//
// Eddy differentiates examples/mlp.h's mlp_loss as it is. Rows: primal; Eddy
// reverse; Eddy forward (one JVP); hand-written back-propagation; central FD
// (all 139 parameters); ADOL-C gradient() replay. Reference: hand-written,
// itself checked against FD.
//===----------------------------------------------------------------------===//
#include <eddy/eddy.h>

#include <vector>

#include "adolc/tapes.h"
#include "common/harness.h"
#include "kernels/mlp_extra.h"

int main(int Argc, char **Argv) {
  bh::Options O = bh::parseOptions(Argc, Argv);
  bh::Reader R(O.DataDir + (O.Smoke ? "/mlp_b16.txt" : "/mlp_b4096.txt"));
  int batch = R.integer();
  const size_t N = MLP_NPARAMS;
  std::vector<double> P(N), X((size_t)batch * MLP_IN);
  std::vector<int> labels(batch);
  R.nums(P.data(), N);
  for (int i = 0; i < batch; ++i) {
    R.nums(&X[(size_t)i * MLP_IN], MLP_IN);
    labels[i] = R.integer();
  }
  auto primal = [&] { return mlp_loss(P.data(), X.data(), labels.data(), batch); };
  std::vector<double> Hand(N), Eddy(N), Fd(N), Ad(N), V(N);
  bh::Rng Rng(9);
  for (double &E : V)
    E = Rng.next();
  auto hand = [&] {
    std::fill(Hand.begin(), Hand.end(), 0.0);
    mlp_gradient_hand(P.data(), X.data(), labels.data(), batch, Hand.data());
  };
  hand();
  std::vector<size_t> All = bh::spread(N, N);
  auto fd = [&] { bh::fdGradient(primal, P.data(), All, Fd.data()); };
  fd();
  double Dot = 0;
  for (size_t I = 0; I < N; ++I)
    Dot += Hand[I] * V[I];

  bh::Bench B(O, "MLP gradient", "batch=" + std::to_string(batch) + " 4-8-8-3");
  B.setPrimal([&] { bh::keep(primal()); }, "139 params");
  B.add({"Eddy reverse",
         [&] {
           std::fill(Eddy.begin(), Eddy.end(), 0.0);
           __enzyme_autodiff_void((void *)mlp_loss, enzyme_dup, P.data(),
                                  Eddy.data(), enzyme_const, X.data(),
                                  enzyme_const, labels.data(), enzyme_const,
                                  batch);
         },
         [&] { return bh::relErr(Eddy.data(), Hand.data(), N); }, 1e-9});
  double Jvp = 0;
  B.add({"Eddy forward (1 JVP)",
         [&] {
           Jvp = __enzyme_fwddiff((void *)mlp_loss, enzyme_dup, P.data(),
                                  V.data(), enzyme_const, X.data(), enzyme_const,
                                  labels.data(), enzyme_const, batch);
         },
         [&] { return std::fabs(Jvp - Dot) / std::max(1.0, std::fabs(Dot)); },
         1e-9, 1, "vs hand gradient . v"});
  B.add({"hand-written", hand,
         [&] { return bh::relErr(Hand.data(), Fd.data(), N); }, 1e-6, 1,
         "checked vs FD"});
  B.add({"finite differences", fd,
         [&] { return bh::relErr(Fd.data(), Hand.data(), N); }, 1e-6, 1, "central"});
  short Tag = adolc_record_mlp(P.data(), X.data(), labels.data(), batch);
  B.add({"ADOL-C gradient()",
         [&, Tag] { adolc_gradient(Tag, (int)N, P.data(), Ad.data()); },
         [&] { return bh::relErr(Ad.data(), Hand.data(), N); }, 1e-9, 1,
         "tape recorded before timing"});
  return B.run() ? 1 : 0;
}
