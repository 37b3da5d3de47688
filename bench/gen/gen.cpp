//===- bench/gen/gen.cpp - Deterministic benchmark inputs ------------------===//
//
//   bench_gen DIR          writes the full-size inputs into DIR
//   bench_gen DIR --smoke  writes the tiny smoke-run inputs
//
// GMM, LSTM and BA follow the ADBench text formats (numbers separated by
// white space, one block per line). ADBench's BA files hold one camera, point,
// weight and feature and replicate them; ours hold every camera, point and
// observation (`cam pt w fx fy` per line) so the problem is not uniform.
// MLP, heat and curve use small formats of our own, documented below.
//===----------------------------------------------------------------------===//
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "../../examples/mlp.h"

namespace {
unsigned long long State = 20240611ULL;
double uni() { // [-1, 1)
  State = State * 6364136223846793005ULL + 1442695040888963407ULL;
  return (double)(State >> 11) * (2.0 / 9007199254740992.0) - 1.0;
}

FILE *open(const std::string &Dir, const std::string &Name) {
  std::string P = Dir + "/" + Name;
  FILE *F = fopen(P.c_str(), "w");
  if (!F) {
    perror(P.c_str());
    exit(1);
  }
  return F;
}

void row(FILE *F, int N, double Scale, double Shift = 0) {
  for (int I = 0; I < N; ++I)
    fprintf(F, "%s%.17g", I ? " " : "", Shift + Scale * uni());
  fputc('\n', F);
}

// ADBench GMM: "d k n", alphas (k lines), means (k lines of d), icf (k lines
// of d + d(d-1)/2), points (n lines of d), "gamma m".
void gmm(const std::string &Dir, int d, int K, int n) {
  FILE *F = open(Dir, "gmm_d" + std::to_string(d) + "_K" + std::to_string(K) + ".txt");
  fprintf(F, "%d %d %d\n", d, K, n);
  for (int k = 0; k < K; ++k)
    row(F, 1, 1.0);
  for (int k = 0; k < K; ++k)
    row(F, d, 1.0);
  for (int k = 0; k < K; ++k) {
    row(F, d, 0.1);                  // q: log of the diagonal
    row(F, d * (d - 1) / 2, 0.1);    // strict lower part
  }
  for (int i = 0; i < n; ++i)
    row(F, d, 1.0);
  fprintf(F, "1.0 0\n");
  fclose(F);
}

// ADBench LSTM: "l c b", main params (2l lines of 4b: weights, biases per
// layer), extra params (3 lines of b), state (2l lines of b), sequence (c
// lines of b).
void lstm(const std::string &Dir, int l, int c, int b) {
  FILE *F = open(Dir, "lstm_l" + std::to_string(l) + "_c" + std::to_string(c) + ".txt");
  fprintf(F, "%d %d %d\n", l, c, b);
  for (int i = 0; i < 2 * l; ++i)
    row(F, 4 * b, 1.0);
  for (int i = 0; i < 3; ++i)
    row(F, b, 1.0);
  for (int i = 0; i < 2 * l; ++i)
    row(F, b, 1.0);
  for (int i = 0; i < c; ++i)
    row(F, b, 1.0);
  fclose(F);
}

// BA: "n m p", n camera lines (11), m point lines (3), p observation lines
// "cam pt w fx fy". Cameras sit near z = -1 looking down +z with small
// rotations; points lie at z in [4, 8], so every depth is positive.
void ba(const std::string &Dir, const std::string &Name, int n, int m, int p) {
  FILE *F = open(Dir, Name);
  fprintf(F, "%d %d %d\n", n, m, p);
  for (int i = 0; i < n; ++i) {
    double c[11] = {0.1 * uni(), 0.1 * uni(), 0.1 * uni(), uni(), uni(),
                    -1 + 0.2 * uni(), 1 + 0.1 * uni(), 0.05 * uni(),
                    0.05 * uni(), 0.01 * uni(), 0.001 * uni()};
    for (int k = 0; k < 11; ++k)
      fprintf(F, "%s%.17g", k ? " " : "", c[k]);
    fputc('\n', F);
  }
  for (int j = 0; j < m; ++j)
    fprintf(F, "%.17g %.17g %.17g\n", 2 * uni(), 2 * uni(), 6 + 2 * uni());
  for (int o = 0; o < p; ++o)
    fprintf(F, "%d %d %.17g %.17g %.17g\n", o % n, o % m, 1 + 0.5 * uni(),
            0.5 * uni(), 0.5 * uni());
  fclose(F);
}

// MLP: "batch", the 139 parameters (examples/mlp.h's mlp_init), then batch
// lines "x0 x1 x2 x3 label" (mlp_make_data).
void mlp(const std::string &Dir, int batch) {
  FILE *F = open(Dir, "mlp_b" + std::to_string(batch) + ".txt");
  double P[MLP_NPARAMS];
  mlp_init(P, 7);
  double *X = (double *)malloc(sizeof(double) * batch * MLP_IN);
  int *L = (int *)malloc(sizeof(int) * batch);
  mlp_make_data(X, L, batch, 11);
  fprintf(F, "%d\n", batch);
  for (int i = 0; i < MLP_NPARAMS; ++i)
    fprintf(F, "%s%.17g", i ? " " : "", P[i]);
  fputc('\n', F);
  for (int n = 0; n < batch; ++n)
    fprintf(F, "%.17g %.17g %.17g %.17g %d\n", X[n * 4], X[n * 4 + 1],
            X[n * 4 + 2], X[n * 4 + 3], L[n]);
  free(X);
  free(L);
  fclose(F);
}

// Heat: "n steps r", then the n initial values.
void heat(const std::string &Dir, int n, int steps) {
  FILE *F = open(Dir, "heat_n" + std::to_string(n) + "_s" + std::to_string(steps) + ".txt");
  fprintf(F, "%d %d 0.25\n", n, steps);
  for (int i = 0; i < n; ++i)
    fprintf(F, "%s%.17g", i ? " " : "",
            sin(M_PI * i / (n - 1)) + 0.1 * uni());
  fputc('\n', F);
  fclose(F);
}

// Curve: "m", the 3 parameters (w, a, h), then the m parameters t_j in [0, 10].
void curve(const std::string &Dir, int m) {
  FILE *F = open(Dir, "curve_m" + std::to_string(m) + ".txt");
  fprintf(F, "%d\n%.17g %.17g %.17g\n", m, 2.0 + 0.1 * uni(), 0.2 + 0.01 * uni(),
          0.3 + 0.01 * uni());
  for (int j = 0; j < m; ++j)
    fprintf(F, "%s%.17g", j ? " " : "", 10.0 * (j + 0.5 + 0.4 * uni()) / m);
  fputc('\n', F);
  fclose(F);
}
} // namespace

int main(int Argc, char **Argv) {
  if (Argc < 2) {
    fprintf(stderr, "usage: %s DIR [--smoke]\n", Argv[0]);
    return 2;
  }
  std::string Dir = Argv[1];
  bool Smoke = Argc > 2 && std::string(Argv[2]) == "--smoke";
  if (Smoke) {
    gmm(Dir, 3, 4, 10);
    lstm(Dir, 2, 6, 14);
    ba(Dir, "ba_n3_m7_p20.txt", 3, 7, 20);
    mlp(Dir, 16);
    heat(Dir, 8, 20);
    curve(Dir, 50);
    return 0;
  }
  gmm(Dir, 10, 25, 1000);
  gmm(Dir, 64, 100, 1000);
  lstm(Dir, 2, 1024, 14);
  ba(Dir, "ba1_n49_m7776_p31843.txt", 49, 7776, 31843);
  mlp(Dir, 4096);
  heat(Dir, 128, 10000);
  curve(Dir, 10000);
  return 0;
}
