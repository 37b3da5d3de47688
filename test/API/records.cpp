// Structs in the typed API: trivially copyable structs (a Vec3, a particle
// with an integer member, std::complex<double>) as differentiated arguments
// (their gradient is a struct of the same type), as results (jvp's tangent
// and vjp's cotangent are structs), by value, by reference and by pointer
// to a member function's object. Checked against analytic derivatives and
// forward vs reverse, at -O0 and -O2.
//
// RUN: %levels %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.hpp>
#include "eddy_check.h"
#include <cmath>
#include <complex>

struct Vec3 {
  double x, y, z;
};
static Vec3 cross(const Vec3 &a, const Vec3 &b) {
  return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}
static double dot(Vec3 a, Vec3 b) { return a.x * b.x + a.y * b.y + a.z * b.z; }

struct Particle {
  Vec3 pos;
  double mass;
  int id; // An integer member: no derivative, left alone.
};

int main() {
  const Vec3 a{0.5, -1.0, 2.0}, b{1.5, 0.25, -0.75};

  { // gradient wrt two structs by value: d/da (a.b)^2 = 2 (a.b) b.
    auto [ga, gb] = eddy::gradient([](Vec3 u, Vec3 v) { double d = dot(u, v); return d * d; }, a, b);
    double d = dot(a, b);
    eddy_check("records.grad.a.x", ga.x, 2 * d * b.x);
    eddy_check("records.grad.a.z", ga.z, 2 * d * b.z);
    eddy_check("records.grad.b.y", gb.y, 2 * d * a.y);
  }
  { // a struct with an integer member, by const reference.
    Particle p{{0.3, 0.4, 1.2}, 2.0, 7};
    auto g = eddy::gradient(
        [](const Particle &q) { return 0.5 * q.mass * dot(q.pos, q.pos) * q.id; }, p);
    eddy_check("records.particle.pos.y", g.pos.y, p.mass * p.pos.y * 7);
    eddy_check("records.particle.mass", g.mass, 0.5 * dot(p.pos, p.pos) * 7);
    eddy_check_eq("records.particle.id_untouched", g.id, 0);
  }
  { // A struct result: jvp's tangent is a Vec3; vjp takes a Vec3 cotangent.
    // cross is bilinear: d cross(a, b)[da] = cross(da, b).
    Vec3 da{1.0, 0.5, -2.0};
    auto [value, tangent] = eddy::jvp(eddy::fn<cross>, eddy::dual(a, da), eddy::constant(b));
    Vec3 want = cross(da, b), primal = cross(a, b);
    eddy_check("records.jvp.value.x", value.x, primal.x);
    eddy_check("records.jvp.tangent.x", tangent.x, want.x);
    eddy_check("records.jvp.tangent.y", tangent.y, want.y);
    eddy_check("records.jvp.tangent.z", tangent.z, want.z);
    // <w, cross(a, b)> = det[w a b]: its gradient wrt a is cross(b, w).
    Vec3 w{0.2, -0.7, 1.1};
    auto [ga, gb] = eddy::vjp(eddy::fn<cross>, w, a, b);
    Vec3 ra = cross(b, w), rb = cross(w, a);
    eddy_check("records.vjp.a.x", ga.x, ra.x);
    eddy_check("records.vjp.a.z", ga.z, ra.z);
    eddy_check("records.vjp.b.y", gb.y, rb.y);
    // Forward column == reverse row: <w, J da> from both modes.
    eddy_check("records.fwd_vs_rev", dot(w, tangent), dot(ga, da));
  }
  { // std::complex<double>: |z^2 + c|^2, gradient (d/d re, d/d im) as a complex.
    using cd = std::complex<double>;
    auto f = [](cd z, cd c) { return std::norm(z * z + c); };
    cd z(0.6, -0.8), c(0.1, 0.3);
    auto [gz, gc] = eddy::gradient(f, z, c);
    // d|u|^2 = 2 Re(conj(u) du), u = z^2 + c: d/dz along 1 is 2 Re(conj(u) 2z),
    // along i is 2 Re(conj(u) 2zi).
    cd u = z * z + c;
    eddy_check("records.complex.dre", gz.real(), 2 * std::real(std::conj(u) * 2.0 * z));
    eddy_check("records.complex.dim", gz.imag(), 2 * std::real(std::conj(u) * 2.0 * z * cd(0, 1)));
    eddy_check("records.complex.dc.re", gc.real(), 2 * u.real());
    eddy_check("records.complex.dc.im", gc.imag(), 2 * u.imag());
    auto t = eddy::jvp(f, eddy::dual(z, cd(1, 0)), eddy::constant(c)).tangent;
    eddy_check("records.complex.fwd_vs_rev", t, gz.real());
  }
  return eddy_summary();
}
