// Named derivatives in C++: C++ linkage (mangled names) inside a namespace,
// references, float, a pointer to a struct with double members (active by
// default), a void function whose outputs carry the seeds (a VJP), a "wrt"
// list, and specializations of a function template. Gradients are checked
// against analytic values, finite differences and the named tangents (forward columns == reverse rows).
// The float checks agree across levels to float rounding (1 ulp ~ 6e-8), hence --rtol.
// RUN: %levels --rtol=1e-6 %eddy-clangxx -I%check-include %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include "eddy_check.h"
#include <cmath>

namespace phys {
struct Particle {
  double x, v;
  int id; // Not differentiated: an integer member.
};

double energy(const Particle *p, int n, double k) {
  double e = 0;
  for (int i = 0; i < n; ++i)
    e += 0.5 * p[i].v * p[i].v + 0.5 * k * p[i].x * p[i].x * (1 + 0.1 * std::cos(p[i].x));
  return e;
}
void energy_grad(const Particle *p, Particle *d_p, int n, double k, double *d_k)
    EDDY_GRADIENT_OF(energy);
double energy_tan(const Particle *p, const Particle *t_p, int n, double k, double t_k)
    EDDY_TANGENT_OF(energy);
// Only with respect to k, spelled as a C++ attribute.
[[eddy::gradient_of(energy, "k")]] void energy_dk(const Particle *p, int n, double k, double *d_k);

float softplus(float &a, float b) { return std::log1p(std::exp(a * b)); }
void softplus_grad(float &a, float &d_a, float b, float *d_b) EDDY_GRADIENT_OF(softplus);

// out[i] = x[i]^2 * s: the reverse sweep of a void function reads the seeds
// from the output's shadow.
void scale_sq(const double *x, double *out, double s, int n) {
  for (int i = 0; i < n; ++i)
    out[i] = x[i] * x[i] * s;
}
void scale_sq_vjp(const double *x, double *d_x, double *out, double *d_out, double s,
                  double *d_s, int n) EDDY_GRADIENT_OF(scale_sq);
// One specialization of a function template per named derivative.
template <class T> T sq_sin(T x, T y) { return x * x * std::sin(y); }
void sq_sin_grad(double x, double *d_x, double y, double *d_y) EDDY_GRADIENT_OF(sq_sin<double>);
float sq_sin_tan(float x, float t_x, float y, float t_y) EDDY_TANGENT_OF(sq_sin<float>);
} // namespace phys

static phys::Particle P[3] = {{0.3, -1.0, 1}, {-0.7, 0.5, 2}, {1.1, 0.25, 3}};
static double energy_of(const double *v, void *) {
  phys::Particle q[3];
  for (int i = 0; i < 3; ++i)
    q[i] = {v[2 * i], v[2 * i + 1], i};
  return phys::energy(q, 3, v[6]);
}

int main() {
  double k = 2.5, dk = 0;
  phys::Particle dp[3] = {};
  phys::energy_grad(P, dp, 3, k, &dk);
  double v[7];
  for (int i = 0; i < 3; ++i) {
    v[2 * i] = P[i].x;
    v[2 * i + 1] = P[i].v;
  }
  v[6] = k;
  double grad[7] = {dp[0].x, dp[0].v, dp[1].x, dp[1].v, dp[2].x, dp[2].v, dk};
  for (int j = 0; j < 7; ++j) {
    eddy_checkf_tol(grad[j], eddy_fd_partial(energy_of, nullptr, v, 7, j), EDDY_RTOL_FD,
                    EDDY_ATOL_FD, "energy.grad_vs_fd[%d]", j, 0);
    phys::Particle t[3] = {};
    double tk = j == 6 ? 1.0 : 0.0;
    if (j < 6)
      (j % 2 ? t[j / 2].v : t[j / 2].x) = 1.0;
    eddy_checkf_tol(phys::energy_tan(P, t, 3, k, tk), grad[j], EDDY_RTOL_EXACT,
                    EDDY_ATOL_EXACT, "energy.tangent_vs_grad[%d]", j, 0);
  }
  eddy_check_eq("energy.int_member_untouched", dp[1].id, 0);
  double dk_only = 0;
  phys::energy_dk(P, 3, k, &dk_only);
  eddy_check("energy.wrt_k", dk_only, dk);

  double sx = 0.5, sy = 1.2, dsx = 0, dsy = 0;
  phys::sq_sin_grad(sx, &dsx, sy, &dsy);
  eddy_check("template.grad_x", dsx, 2 * sx * std::sin(sy));
  eddy_check("template.grad_y", dsy, sx * sx * std::cos(sy));
  eddy_checkf_tol(phys::sq_sin_tan(0.5f, 1.0f, 1.2f, 0.0f), 2 * 0.5f * std::sin(1.2f),
                  EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT, "template.tangent_float", 0, 0);

  float a = 0.8f, b = -1.5f, da = 0, db = 0;
  phys::softplus_grad(a, da, b, &db);
  float sig = 1.0f / (1.0f + std::exp(-a * b));
  eddy_checkf_tol(da, sig * b, EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT, "softplus.da", 0, 0);
  eddy_checkf_tol(db, sig * a, EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT, "softplus.db", 0, 0);

  double x[4] = {1, -2, 0.5, 3}, out[4], dx[4] = {}, dout[4] = {1, 0.5, -1, 2}, ds = 0;
  double s = 1.5;
  phys::scale_sq_vjp(x, dx, out, dout, s, &ds, 4);
  double want_ds = 0;
  for (int i = 0; i < 4; ++i) {
    want_ds += (i == 0 ? 1 : i == 1 ? 0.5 : i == 2 ? -1 : 2) * x[i] * x[i];
    eddy_checkf_tol(dx[i], 2 * x[i] * s * (i == 0 ? 1 : i == 1 ? 0.5 : i == 2 ? -1 : 2),
                    EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "scale_sq.vjp.dx[%d]", i, 0);
    eddy_checkf_tol(out[i], x[i] * x[i] * s, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT,
                    "scale_sq.primal_out[%d]", i, 0);
  }
  eddy_check("scale_sq.vjp.ds", ds, want_ds);
  return eddy_summary();
}
