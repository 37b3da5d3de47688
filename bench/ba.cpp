//===- bench/ba.cpp - Bundle-adjustment Jacobian (ADBench BA) ---------------===//
//
// The Jacobian of all residuals, one observation at a time: a 2 x 15 block
// (camera 11, point 3, weight 1) and the 1 x 1 block of the weight residual,
// stored densely per observation (the values of ADBench's sparse matrix).
// Rows: primal (all residuals); Eddy reverse (one width-2 vector reverse
// sweep per block); Eddy forward (one width-15 vector sweep per block);
// central FD; ADOL-C jacobian() replay of one observation's tape per
// observation (as ADBench does). Reference: FD.
//===----------------------------------------------------------------------===//
#include <eddy/eddy.h>

#include <cstring>
#include <utility>
#include <vector>

#include "adolc/tapes.h"
#include "common/harness.h"
#include "kernels/ba.h"

static const int BW = 31; // 2 x 15 block + weight derivative per observation

/// The tangents of err along the K... unit directions of (cam, X, w), one
/// vector sweep: the shadows of lane k are Seed[k] split 11 + 3 + 1.
template <size_t... K>
static void ba_forward_block(const double *cam, const double *pt,
                             const double *w, const double *feat,
                             double (*Seed)[15], double (*De)[2],
                             std::index_sequence<K...>) {
  double e[2];
  __enzyme_fwddiff_void((void *)ba_reproj<double>, enzyme_width,
                        (int)sizeof...(K), enzyme_dup, cam, Seed[K]...,
                        enzyme_dup, pt, (Seed[K] + 11)..., enzyme_dup, w,
                        (Seed[K] + 14)..., enzyme_const, feat, enzyme_dupnoneed,
                        e, De[K]...);
}

int main(int Argc, char **Argv) {
  bh::Options O = bh::parseOptions(Argc, Argv);
  bh::Reader R(O.DataDir +
               (O.Smoke ? "/ba_n3_m7_p20.txt" : "/ba1_n49_m7776_p31843.txt"));
  int n = R.integer(), m = R.integer(), p = R.integer();
  std::vector<double> cams(11 * n), X(3 * m), w(p), feats(2 * p);
  std::vector<int> obs(2 * p);
  R.nums(cams.data(), cams.size());
  R.nums(X.data(), X.size());
  for (int i = 0; i < p; ++i) {
    obs[2 * i] = R.integer();
    obs[2 * i + 1] = R.integer();
    w[i] = R.num();
    feats[2 * i] = R.num();
    feats[2 * i + 1] = R.num();
  }
  std::vector<double> err(3 * p);
  auto primal = [&] {
    for (int i = 0; i < p; ++i) {
      ba_reproj<double>(&cams[11 * obs[2 * i]], &X[3 * obs[2 * i + 1]], &w[i],
                        &feats[2 * i], &err[2 * i]);
      err[2 * p + i] = ba_weight_err<double>(w[i]);
    }
  };
  std::vector<double> Jr((size_t)BW * p), Jf((size_t)BW * p), Jd((size_t)BW * p),
      Ja((size_t)BW * p);

  // Reverse: row r of block i is d err_r / d (cam, X, w) with err's shadow
  // e_r; both rows in one vector reverse sweep (enzyme_width 2: one forward
  // sweep, two adjoint lanes).
  auto eddyRev = [&] {
    for (int i = 0; i < p; ++i) {
      double *J = &Jr[(size_t)BW * i];
      memset(J, 0, sizeof(double) * BW);
      const double *cam = &cams[11 * obs[2 * i]], *pt = &X[3 * obs[2 * i + 1]];
      double e[2], de0[2] = {1, 0}, de1[2] = {0, 1};
      double *r0 = J, *r1 = J + 15;
      __enzyme_autodiff_void((void *)ba_reproj<double>, enzyme_width, 2, enzyme_dup, cam,
                             r0, r1, enzyme_dup, pt, r0 + 11, r1 + 11, enzyme_dup, &w[i],
                             r0 + 14, r1 + 14, enzyme_const, &feats[2 * i],
                             enzyme_dupnoneed, e, de0, de1);
      J[30] = __enzyme_autodiff((void *)ba_weight_err<double>, w[i]);
    }
  };
  // Forward: all 15 columns of block i in one vector sweep of width 15
  // (enzyme_width): lane k seeds (cam, X, w) along e_k, so its shadows are
  // row k of the identity and its tangent of err is column k.
  static double Seed[15][15];
  for (int k = 0; k < 15; ++k)
    Seed[k][k] = 1;
  auto eddyFwd = [&] {
    for (int i = 0; i < p; ++i) {
      double *J = &Jf[(size_t)BW * i];
      double de[15][2];
      ba_forward_block(&cams[11 * obs[2 * i]], &X[3 * obs[2 * i + 1]], &w[i],
                       &feats[2 * i], Seed, de, std::make_index_sequence<15>());
      for (int k = 0; k < 15; ++k) {
        J[k] = de[k][0];
        J[15 + k] = de[k][1];
      }
      J[30] = __enzyme_fwddiff((void *)ba_weight_err<double>, w[i], 1.0);
    }
  };
  // Central FD per block.
  auto fd = [&] {
    for (int i = 0; i < p; ++i) {
      double *J = &Jd[(size_t)BW * i];
      double v[15], f[2];
      memcpy(v, &cams[11 * obs[2 * i]], 11 * sizeof(double));
      memcpy(v + 11, &X[3 * obs[2 * i + 1]], 3 * sizeof(double));
      v[14] = w[i];
      for (int k = 0; k < 15; ++k) {
        double v0 = v[k], h = 6e-6 * std::max(1.0, std::fabs(v0)), fp[2], fm[2];
        v[k] = v0 + h;
        ba_reproj<double>(v, v + 11, v + 14, &feats[2 * i], fp);
        v[k] = v0 - h;
        ba_reproj<double>(v, v + 11, v + 14, &feats[2 * i], fm);
        v[k] = v0;
        J[k] = (fp[0] - fm[0]) / (2 * h);
        J[15 + k] = (fp[1] - fm[1]) / (2 * h);
      }
      double h = 6e-6 * std::max(1.0, std::fabs(w[i]));
      J[30] = (ba_weight_err(w[i] + h) - ba_weight_err(w[i] - h)) / (2 * h);
      (void)f;
    }
  };
  fd();

  char Size[96];
  snprintf(Size, sizeof Size, "n=%d m=%d p=%d", n, m, p);
  bh::Bench B(O, "BA Jacobian", Size);
  B.setPrimal([&] { primal(); bh::keep(err[0]); }, "all 3p residuals");
  B.add({"Eddy reverse", eddyRev,
         [&] { return bh::relErr(Jr.data(), Jd.data(), Jr.size()); }, 1e-6, 1,
         "both rows in one width-2 reverse sweep per block"});
  B.add({"Eddy forward", eddyFwd,
         [&] { return bh::relErr(Jf.data(), Jd.data(), Jf.size()); }, 1e-6, 1,
         "one vector sweep of width 15 per block"});
  B.add({"finite differences", fd, [] { return 0.0; }, 1, 1,
         "central, the reference"});
  // One tape of one observation, replayed at every observation's point.
  double P0[17];
  memcpy(P0, &cams[0], 11 * sizeof(double));
  memcpy(P0 + 11, &X[0], 3 * sizeof(double));
  P0[14] = w[0];
  P0[15] = feats[0];
  P0[16] = feats[1];
  short Tag = adolc_record_ba(P0);
  double **Jb = adolc_matrix(2, 17);
  auto adolc = [&, Tag] {
    double v[17];
    for (int i = 0; i < p; ++i) {
      double *J = &Ja[(size_t)BW * i];
      memcpy(v, &cams[11 * obs[2 * i]], 11 * sizeof(double));
      memcpy(v + 11, &X[3 * obs[2 * i + 1]], 3 * sizeof(double));
      v[14] = w[i];
      v[15] = feats[2 * i];
      v[16] = feats[2 * i + 1];
      adolc_jacobian(Tag, 2, 17, v, Jb);
      memcpy(J, Jb[0], 15 * sizeof(double));
      memcpy(J + 15, Jb[1], 15 * sizeof(double));
      J[30] = -2 * w[i];
    }
  };
  B.add({"ADOL-C jacobian()", adolc,
         [&] { return bh::relErr(Ja.data(), Jd.data(), Ja.size()); }, 1e-6, 1,
         "1-observation tape (feature as input), replayed per observation"});
  int F = B.run();
  adolc_free_matrix(Jb);
  return F ? 1 : 0;
}
