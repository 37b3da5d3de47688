// The examples of docs/user-guide.md, verbatim, each in its own block
// (section numbers match the guide), checked against hand derivatives.
//
// RUN: %levels %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.hpp>
#include "eddy_check.h"
#include <array>
#include <cmath>
#include <functional>
#include <vector>

double loss(double w, double b) { return (w * 2.0 + b - 1.0) * (w * 2.0 + b - 1.0); }
double f(double x, double y, double z) { return x * y * y + std::sin(z) * y; }
double g(double x) { return x * x * x * x; }
std::array<double, 2> F(const std::array<double, 2> &a, const std::array<double, 2> &b) {
  return {a[0] * b[0], a[1] * b[1] * b[1]};
}
struct Model {
  double k;
  double energy(double x) const { return 0.5 * k * x * x; }
};

int main() {
  { // 2. derivative
    auto f = [](double x) { return std::sin(x) * x; };
    double d = eddy::derivative(f, 1.0);                  // cos(1) + sin(1)
    eddy_check("guide.derivative", d, std::cos(1.0) + std::sin(1.0));
  }
  { // 2. jvp
    auto f = [](double x, double y) { return x * y * y; };
    auto [value, tangent] = eddy::jvp(f, eddy::dual(2.0, 1.0), eddy::dual(3.0, 0.5));
    eddy_check("guide.jvp.value", value, 18.0);
    eddy_check("guide.jvp.tangent", tangent, 9.0 + 0.5 * 12.0);
  }
  { // 2. jvp<N>
    auto F = [](const std::array<double, 2> &p) { return std::array<double, 2>{p[0] * p[1], p[0] + p[1]}; };
    std::array<double, 2> p{2.0, 5.0};
    std::array<std::array<double, 2>, 2> dirs{{{1, 0}, {0, 1}}};
    auto r = eddy::jvp<2>(F, eddy::dual(p, dirs));        // r.tangent[k]: J · dirs[k]
    eddy_check("guide.jvpN", r.tangent[1][0], 2.0);
  }
  { // 3. gradient, value_and_gradient
    auto g = eddy::gradient(loss, 0.5, 0.25);             // std::array<double, 2>
    auto [v, grad] = eddy::value_and_gradient(loss, 0.5, 0.25);
    eddy_check("guide.gradient.w", g[0], 2 * 0.25 * 2.0);
    eddy_check("guide.value", v, 0.0625);
    eddy_check("guide.vgrad.b", grad[1], 2 * 0.25);
  }
  { // 3. containers, eddy::ptr, eddy::constant
    std::vector<double> x{1.0, 2.0, 3.0};
    double data[3] = {0.5, 0.5, 2.0};
    auto dot = [](const std::vector<double> &x, const double *d, int n) {
      double s = 0;
      for (int i = 0; i < n; ++i) s += x[i] * x[i] * d[i];
      return s;
    };
    auto [gx, gd] = eddy::gradient(dot, x, eddy::ptr(data, 3), 3);   // vector, vector
    std::vector<double> gx_only = eddy::gradient(dot, x, eddy::constant(&data[0]), 3);
    eddy_check("guide.gx", gx[2], 2 * 3.0 * 2.0);
    eddy_check("guide.gd", gd[1], 4.0);
    eddy_check("guide.gx_only", gx_only[0], 1.0);
  }
  { // 3. structs
    struct Vec3 { double x, y, z; };
    auto energy = [](Vec3 p, double k) { return 0.5 * k * (p.x * p.x + p.y * p.y + p.z * p.z); };
    auto [gp, gk] = eddy::gradient(energy, Vec3{1, 2, 3}, 4.0);   // Vec3{4, 8, 12}, 7
    eddy_check("guide.struct.gp.x", gp.x, 4.0);
    eddy_check("guide.struct.gp.z", gp.z, 12.0);
    eddy_check("guide.struct.gk", gk, 7.0);
  }
  { // 3. vjp
    auto F = [](double a, double b) { return std::array<double, 2>{a * b, a + b}; };
    auto [ga, gb] = eddy::vjp(F, std::array<double, 2>{1.0, 10.0}, 3.0, 4.0);
    eddy_check("guide.vjp.a", ga, 4.0 + 10.0);
    eddy_check("guide.vjp.b", gb, 3.0 + 10.0);
    // A function writing its output: seed it with eddy::output(y, ybar).
    auto sq = [](const double *x, double *y, int n) { for (int i = 0; i < n; ++i) y[i] = x[i] * x[i]; };
    double x[2] = {1.0, 3.0}, y[2];
    std::vector<double> ybar{1.0, 1.0};
    std::vector<double> gx = eddy::vjp(sq, eddy::ptr(x, 2), eddy::output(eddy::ptr(y, 2), ybar), 2);
    eddy_check("guide.vjp.output", gx[1], 6.0);
    // vjp<N>: N cotangents, one vector reverse sweep.
    std::array<std::array<double, 2>, 2> ws{{{1, 0}, {0, 1}}};
    auto rows = eddy::vjp<2>(F, ws, 3.0, 4.0);          // rows[k]: ws[k]ᵀ J (here row k of J)
    eddy_check("guide.vjpN.row0.b", rows[1][0], 1.0);
    eddy_check("guide.vjpN.row0.a", rows[0][0], 4.0);
  }
  { // 3. eddy::wrt
    double x = 2.0, y = 3.0, z = 0.5, v = 2.0;
    std::array<double, 2> a{1.0, 2.0}, b{3.0, 4.0};
    auto [gx, gz] = eddy::gradient(eddy::wrt<0, 2>, f, x, y, z);   // df/dx, df/dz
    double gy = eddy::gradient(eddy::wrt<1>, f, x, y, z);          // df/dy
    auto Jb = eddy::jacobian(eddy::wrt<1>, F, a, b);               // dF/db
    auto [Ja, Jb2] = eddy::jacobian(eddy::wrt<0, 1>, F, a, b);     // a std::tuple of Jacobians
    auto Jr = eddy::jacobian(eddy::reverse, eddy::wrt<1>, F, a, b); // mode first, then wrt
    double fyy = eddy::hessian(eddy::wrt<1>, f, x, y, z);          // d2f/dy2
    double hv = eddy::hvp(eddy::wrt<1>, f, v, x, y, z);            // the direction v comes first
    eddy_check("guide.wrt.gx", gx, 9.0);
    eddy_check("guide.wrt.gz", gz, std::cos(0.5) * 3.0);
    eddy_check("guide.wrt.gy", gy, 12.0 + std::sin(0.5));
    eddy_check("guide.wrt.Jb", Jb[1][1], 2 * 2.0 * 4.0);
    eddy_check("guide.wrt.Ja", Ja[0][0], 3.0);
    eddy_check("guide.wrt.Jb2", Jb2[0][0], 1.0);
    eddy_check("guide.wrt.Jr", Jr[1][1], 16.0);
    eddy_check("guide.wrt.fyy", fyy, 4.0);
    eddy_check("guide.wrt.hv", hv, 8.0);
  }
  { // 3. eddy::grad
    auto df = eddy::grad(eddy::fn<f>);                       // or eddy::grad(lambda)
    auto [dx, dy, dz] = df(2.0, 3.0, 0.5);                   // = eddy::gradient(f, 2.0, 3.0, 0.5)
    std::function<double(double)> dlog = eddy::grad([](double x) { return std::log(x); });
    double g2 = eddy::derivative(eddy::grad(eddy::fn<g>), 1.0);  // g'' (forward over reverse)
    auto ddg = eddy::grad(eddy::grad(eddy::fn<g>));              // g'' as a function object
    eddy_check("guide.grad.dy", dy, 12.0 + std::sin(0.5));
    eddy_check("guide.grad.dx", dx, 9.0);
    eddy_check("guide.grad.dz", dz, std::cos(0.5) * 3.0);
    eddy_check("guide.grad.dlog", dlog(4.0), 0.25);
    eddy_check("guide.grad.g2", g2, 12.0);
    eddy_check("guide.grad.ddg", ddg(2.0), 48.0);
  }
  { // 3. std::vector results
    std::vector<double> x{1.0, 2.0}, dx{1.0, 0.0};
    auto F = [](const std::vector<double> &x, double s) {
      std::vector<double> y;
      for (double v : x) y.push_back(s * v * v);
      return y;
    };
    auto [y, dy] = eddy::jvp(F, eddy::dual(x, dx), 3.0);                 // vectors
    auto [gx, gs] = eddy::vjp(F, std::vector<double>(x.size(), 1.0), x, 3.0);
    auto J = eddy::jacobian(F, x, 3.0);                                  // vector of rows
    eddy_check("guide.vector.y", y[1], 12.0);
    eddy_check("guide.vector.dy", dy[0], 6.0);
    eddy_check("guide.vector.gx", gx[1], 12.0);
    eddy_check("guide.vector.gs", gs, 5.0);
    eddy_check("guide.vector.J", J[1][1], 12.0);
  }
  { // 4. jacobian
    auto F = [](const std::array<double, 2> &x) {
      return std::array<double, 2>{std::sin(x[0] * x[1]), x[0] * x[0] + x[1]};
    };
    std::array<double, 2> x{1.0, 2.0};
    auto J = eddy::jacobian(F, x);                       // J[i][j] = dF_i/dx_j
    auto Jr = eddy::jacobian(eddy::reverse, F, x);       // same numbers, by rows
    static_assert(eddy::jacobian_mode_of<decltype(F), std::array<double, 2>>() == eddy::mode::forward, "");
    eddy_check("guide.jacobian", J[0][1], std::cos(2.0) * 1.0);
    eddy_check("guide.jacobian.rev", Jr[1][0], 2.0);
  }
  { // 6. callables
    Model m{3.0};
    double d1 = eddy::gradient(eddy::fn<&Model::energy>, eddy::constant(m), 2.0);
    Model dm{0.0};
    double d2 = eddy::gradient(eddy::fn<&Model::energy>, eddy::dual(m, dm), 2.0); // dm.k = x^2/2
    eddy_check("guide.member", d1, 6.0);
    eddy_check("guide.member.dual", dm.k, 2.0);
    (void)d2;
  }
  return eddy_summary();
}

// CHECK: OK guide.derivative
// CHECK: OK guide.member.dual
// CHECK: ALL OK
