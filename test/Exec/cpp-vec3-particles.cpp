// Idiomatic C++ numerics: a small Vec3 value type with overloaded operators
// and member functions (at -O0 these are real calls returning structs by
// value), used by a pairwise soft-sphere + spring potential over 4 particles.
// The reverse gradient wrt all 12 coordinates (one shadow array of Vec3) is
// checked against central differences and against forward-mode columns.
//
// RUN: %levels %eddy-clangxx -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

struct Vec3 {
  double x, y, z;
  Vec3 operator-(const Vec3 &o) const { return {x - o.x, y - o.y, z - o.z}; }
  Vec3 operator+(const Vec3 &o) const { return {x + o.x, y + o.y, z + o.z}; }
  Vec3 operator*(double s) const { return {x * s, y * s, z * s}; }
  double dot(const Vec3 &o) const { return x * o.x + y * o.y + z * o.z; }
  double norm() const { return sqrt(dot(*this)); }
};

const int NP = 4;

// Springs of rest length 1 between neighbours, 1/r repulsion between all
// pairs, and a weak pull of the centroid to the origin.
static double potential(const Vec3 *p) {
  double e = 0;
  Vec3 c = {0, 0, 0};
  for (int i = 0; i < NP; ++i) {
    c = c + p[i] * (1.0 / NP);
    for (int j = i + 1; j < NP; ++j) {
      double r = (p[j] - p[i]).norm();
      e += 0.1 / r;
      if (j == i + 1)
        e += (r - 1.0) * (r - 1.0);
    }
  }
  return e + 0.5 * c.dot(c);
}

static double potential_flat(const double *q, void *) {
  return potential(reinterpret_cast<const Vec3 *>(q));
}

int main() {
  Vec3 p[NP] = {{0, 0, 0}, {1.1, 0.2, 0}, {1.9, 1.0, 0.3}, {0.4, 1.3, -0.5}};
  Vec3 dp[NP] = {};
  __enzyme_autodiff((void *)potential, p, dp);

  const double *q = &p[0].x, *g = &dp[0].x;
  for (int k = 0; k < 3 * NP; ++k) {
    Vec3 e[NP] = {};
    (&e[0].x)[k] = 1.0;
    double col = __enzyme_fwddiff((void *)potential, p, e);
    eddy_checkf_tol(g[k], eddy_fd_partial(potential_flat, nullptr, q, 3 * NP, k), EDDY_RTOL_FD,
                    EDDY_ATOL_FD, "potential.rev_vs_fd[%d]", k, 0);
    eddy_checkf_tol(col, g[k], 1e-12, 1e-14, "potential.fwd_vs_rev[%d]", k, 0);
  }
  // Translation invariance of the pair terms: the gradient sums to the
  // centroid term's gradient, which is the centroid c (per axis).
  Vec3 c = {0, 0, 0}, sum = {0, 0, 0};
  for (int i = 0; i < NP; ++i) {
    c = c + p[i] * (1.0 / NP);
    sum = sum + dp[i];
  }
  eddy_check_tol("potential.rev.translation_x", sum.x, c.x, 1e-10, 1e-12);
  eddy_check_tol("potential.rev.translation_z", sum.z, c.z, 1e-10, 1e-12);
  return eddy_summary();
}

// CHECK: OK potential.rev_vs_fd[0]
// CHECK: OK potential.fwd_vs_rev[11]
// CHECK: OK potential.rev.translation_z
// CHECK: ALL OK
