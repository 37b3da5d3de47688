//===- bench/lstm.cpp - D-LSTM objective gradient (ADBench) ----------------===//
//
// Rows: primal; Eddy reverse; Eddy forward (one JVP); central FD (every
// parameter: 266 at l=2, b=14); ADOL-C gradient() replay. Reference: FD.
//===----------------------------------------------------------------------===//
#include <eddy/eddy.h>

#include <vector>

#include "adolc/tapes.h"
#include "common/harness.h"
#include "kernels/lstm.h"

int main(int Argc, char **Argv) {
  bh::Options O = bh::parseOptions(Argc, Argv);
  bh::Reader R(O.DataDir + (O.Smoke ? "/lstm_l2_c6.txt" : "/lstm_l2_c1024.txt"));
  int l = R.integer(), c = R.integer(), b = R.integer();
  const size_t NMain = 8 * l * b, N = NMain + 3 * b;
  std::vector<double> P(N), state(2 * l * b), seq((size_t)c * b);
  R.nums(P.data(), N);
  R.nums(state.data(), state.size());
  R.nums(seq.data(), seq.size());
  double *Main = P.data(), *Extra = Main + NMain;

  auto primal = [&] {
    return lstm_objective<double>(l, c, b, Main, Extra, state.data(), seq.data());
  };
  std::vector<double> Fd(N), Eddy(N), Ad(N), V(N);
  bh::Rng Rng(5);
  for (double &E : V)
    E = Rng.next();
  std::vector<size_t> All = bh::spread(N, N);
  auto fd = [&] { bh::fdGradient(primal, P.data(), All, Fd.data()); };
  fd();
  double Dot = 0;
  for (size_t I = 0; I < N; ++I)
    Dot += Fd[I] * V[I];

  char Size[64];
  snprintf(Size, sizeof Size, "l=%d c=%d b=%d", l, c, b);
  bh::Bench B(O, "D-LSTM gradient", Size);
  B.setPrimal([&] { bh::keep(primal()); }, std::to_string(N) + " params");
  B.add({"Eddy reverse",
         [&] {
           std::fill(Eddy.begin(), Eddy.end(), 0.0);
           __enzyme_autodiff_void((void *)lstm_objective<double>, enzyme_const, l,
                                  enzyme_const, c, enzyme_const, b, enzyme_dup,
                                  Main, Eddy.data(), enzyme_dup, Extra,
                                  Eddy.data() + NMain, enzyme_const, state.data(),
                                  enzyme_const, seq.data());
         },
         [&] { return bh::relErr(Eddy.data(), Fd.data(), N); }, 1e-6,
         1, "checked vs FD"});
  double Jvp = 0;
  B.add({"Eddy forward (1 JVP)",
         [&] {
           Jvp = __enzyme_fwddiff((void *)lstm_objective<double>, enzyme_const, l,
                                  enzyme_const, c, enzyme_const, b, enzyme_dup,
                                  Main, V.data(), enzyme_dup, Extra,
                                  V.data() + NMain, enzyme_const, state.data(),
                                  enzyme_const, seq.data());
         },
         [&] { return std::fabs(Jvp - Dot) / std::max(1.0, std::fabs(Dot)); },
         1e-6, 1, "vs FD gradient . v"});
  B.add({"finite differences", fd, [] { return 0.0; }, 1, 1, "central, the reference"});
  short Tag = adolc_record_lstm(l, c, b, P.data(), state.data(), seq.data());
  B.add({"ADOL-C gradient()",
         [&, Tag] { adolc_gradient(Tag, (int)N, P.data(), Ad.data()); },
         [&] { return bh::relErr(Ad.data(), Fd.data(), N); }, 1e-6, 1,
         "tape recorded before timing"});
  return B.run() ? 1 : 0;
}
