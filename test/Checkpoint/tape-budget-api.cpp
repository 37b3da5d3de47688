// eddy::tape_budget(bytes): a tape budget for one C++ request, with a budget
// known only at run time. A heat stepper's time loop (no pragma; its tape is
// about 1 KB a step, 200 steps), compiled
//  - without -fplugin-arg-eddy-tape-budget (the requests that carry a budget
//    still get the driver; the others keep the plain stored tape), and
//  - with =1G and =4K (the request's budget wins over the compiled one while
//    it runs; the thread's eddy_set_tape_budget setting is put back after).
// In each program:
//  - a small budget (4 KB) checkpoints: eddy_checkpoint_last_stats shows
//    steps run again and snapshots; a large one (1 GB) tapes every step:
//    none run again, no snapshots;
//  - the two give the same gradient bit for bit, for a function by name, a
//    lambda that calls it (the loop is then in a callee's derivative),
//    value_and_gradient with eddy::wrt<0>; eddy::vjp and eddy::vjp<2> (two
//    cotangents in one vector sweep) give the cotangents' multiples;
//  - the gradient matches central finite differences and the plain stored
//    tape to rounding; a linear decay x <- a x (STEPS times) matches its
//    analytic derivatives a^STEPS and STEPS a^(STEPS-1) x0;
// Then each program writes its gradient as hex to a file; the three
// compilations' files must be identical (the same gradient whichever budget
// the compilation had).
//
// -fsanitize=address,undefined puts checks that stop the program in the loop's
// body; Eddy refuses to checkpoint such loops for now (docs/checkpointing.md).
// UNSUPPORTED: eddy-sanitize
// RUN: rm -f %t.none.O* %t.large.O* %t.small.O*
// RUN: %levels %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t.none -- FileCheck --implicit-check-not=FAIL %s
// RUN: %levels %eddy-clangxx -std=c++17 -fplugin-arg-eddy-tape-budget=1G -DCOMPILED_BUDGET=1 -I%S/../Inputs %s -o %t.large -- FileCheck --implicit-check-not=FAIL %s
// RUN: %levels %eddy-clangxx -std=c++17 -fplugin-arg-eddy-tape-budget=4K -DCOMPILED_BUDGET=2 -I%S/../Inputs %s -o %t.small -- FileCheck --implicit-check-not=FAIL %s
// RUN: for O in 0 1 2 3; do if [ -x %t.none.O$O ]; then %run %t.none.O$O %t.none.O$O.hex > /dev/null && %run %t.large.O$O %t.large.O$O.hex > /dev/null && %run %t.small.O$O %t.small.O$O.hex > /dev/null && diff %t.none.O$O.hex %t.large.O$O.hex && diff %t.none.O$O.hex %t.small.O$O.hex && echo "O$O same"; fi || exit 1; done | FileCheck --check-prefix=SAME %s
//
// A budget below 1 known only at run time stops the program when the
// request runs, with a message naming the request's function.
// RUN: %eddy-clangxx -std=c++17 -O1 -DRUNTIME_ZERO -I%S/../Inputs %s -o %t.zero
// RUN: not --crash %run %t.zero 2>&1 | FileCheck --check-prefix=ZERO %s
// CHECK: ALL OK
// SAME: O{{[0-3]}} same
// ZERO: eddy: the tape budget of the gradient of '{{.*}}' is 0 bytes; a budget must be at least 1 byte (eddy::tape_budget, eddy_tape_budget)
#include <eddy/eddy.hpp>
#include <eddy/eddy.h>
#include "eddy_check.h"
#include <cmath>
#include <cstdio>
#include <array>
#include <cstring>
#include <tuple>
#include <vector>

constexpr int N = 32;
constexpr int STEPS = 200;

static double heat(double *u, double k) {
  double tmp[N];
  for (int t = 0; t < STEPS; ++t) {
    for (int j = 0; j < N; ++j)
      tmp[j] = u[j] + k * (u[(j + N - 1) % N] - 2 * u[j] + u[(j + 1) % N]) -
               0.05 * u[j] * u[j] * u[j];
    std::memcpy(u, tmp, sizeof tmp);
  }
  double e = 0;
  for (int j = 0; j < N; ++j)
    e += (j + 1) * u[j] * u[j];
  return e;
}

// A linear decay x <- a x, STEPS times: f = a^STEPS x0, so df/dx0 = a^STEPS
// and df/da = STEPS a^(STEPS-1) x0. Its tape is 8 bytes a step.
static double decay(double x, double a) {
  for (int t = 0; t < STEPS; ++t)
    x = x * a;
  return x;
}

static void init(double *u) {
  for (int j = 0; j < N; ++j)
    u[j] = 0.5 + 0.4 * std::sin(0.7 * j);
}

static const double K = 0.2;
static double of_u(const double *u0, void *) {
  double u[N];
  std::memcpy(u, u0, sizeof u);
  return heat(u, K);
}
static double of_k(double k) {
  double u[N];
  init(u);
  return heat(u, k);
}

struct Result {
  double du[N], dk;
};

// Which mode the driver ran for the last request.
static void check_mode(const char *name, bool want_checkpointed) {
  eddy_checkpoint_stats st;
  eddy_checkpoint_last_stats(&st);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%s.steps", name);
  eddy_check_eq(buf, st.steps, STEPS);
  std::snprintf(buf, sizeof buf, "%s.records", name);
  eddy_check_eq(buf, st.records, STEPS);
  std::snprintf(buf, sizeof buf, "%s.checkpointed", name);
  eddy_check_eq(buf, st.reverse_advances > 0 && st.snapshots > 0, want_checkpointed);
  std::snprintf(buf, sizeof buf, "%s.taped", name);
  eddy_check_eq(buf, st.reverse_advances == 0 && st.snapshots == 0, !want_checkpointed);
}

// Resets the statistics' "last loop" to a loop of another length, so that a
// request whose loop did not run the driver cannot pass for one that did.
static double short_loop(double *u) {
  double tmp[N];
#pragma eddy checkpoint(binomial, snapshots(2))
  for (int t = 0; t < 3; ++t) {
    for (int j = 0; j < N; ++j)
      tmp[j] = u[j] * 0.5;
    std::memcpy(u, tmp, sizeof tmp);
  }
  return u[0];
}
static void reset_stats() {
  double u[N], du[N] = {0};
  init(u);
  __enzyme_autodiff((void *)short_loop, u, du);
  eddy_checkpoint_stats st;
  eddy_checkpoint_last_stats(&st);
  eddy_check_eq("reset.steps", st.steps, 3);
}

static Result by_name(long long budget) {
  double u[N];
  init(u);
  reset_stats();
  auto [du, dk] = eddy::gradient(eddy::tape_budget(budget), heat, eddy::ptr(u, N), K);
  Result r;
  std::memcpy(r.du, du.data(), sizeof r.du);
  r.dk = dk;
  return r;
}

static Result by_lambda(std::size_t budget) {
  double u[N];
  init(u);
  reset_stats();
  auto f = [](double *v, double k) { return heat(v, k); };
  auto [du, dk] = eddy::gradient(eddy::tape_budget(budget), f, eddy::ptr(u, N), K);
  Result r;
  std::memcpy(r.du, du.data(), sizeof r.du);
  r.dk = dk;
  return r;
}

static void same(const char *name, const Result &a, const Result &b) {
  eddy_check_eq(name, std::memcmp(&a, &b, sizeof a) == 0, 1);
}

static int dump(const char *path, const double *x, int n) {
  FILE *f = std::fopen(path, "a");
  if (!f)
    return 1;
  for (int i = 0; i < n; ++i) {
    unsigned long long bits;
    std::memcpy(&bits, &x[i], sizeof bits);
    std::fprintf(f, "%016llx\n", bits);
  }
  return std::fclose(f) != 0;
}

int main(int argc, char **argv) {
  // Budgets known only at run time.
  volatile long long small_v = 4096, large_v = 1LL << 30;
  const long long small = small_v, large = large_v;

#ifdef RUNTIME_ZERO
  volatile long long zero = 0;
  double u[N];
  init(u);
  auto g = eddy::gradient(eddy::tape_budget((long long)zero), heat, eddy::ptr(u, N), K);
  std::printf("not reached %g\n", std::get<1>(g));
  return 0;
#endif

  // The plain request (stored tape without a compiled budget), for rounding.
  double ref_u[N], ref_du[N] = {0};
  init(ref_u);
  double ref_dk = __enzyme_autodiff((void *)heat, ref_u, ref_du, K);

  Result name_small = by_name(small);
  check_mode("name_small", true);
  Result name_large = by_name(large);
  check_mode("name_large", false);
  same("name_bitwise", name_small, name_large);

  Result lambda_small = by_lambda(std::size_t(small));
  check_mode("lambda_small", true);
  Result lambda_large = by_lambda(std::size_t(large));
  check_mode("lambda_large", false);
  same("lambda_bitwise", lambda_small, lambda_large);

  // value_and_gradient with eddy::wrt<0> (k held fixed): f's value and du.
  {
    double u[N], u0[N];
    init(u);
    init(u0);
    reset_stats();
    auto vg = eddy::value_and_gradient(eddy::tape_budget(small), eddy::wrt<0>, heat,
                                       eddy::ptr(u, N), K);
    check_mode("vg_small", true);
    eddy_check("vg.value", vg.value, of_u(u0, nullptr));
    init(u);
    auto vg_large = eddy::value_and_gradient(eddy::tape_budget(large), eddy::wrt<0>, heat,
                                             eddy::ptr(u, N), K);
    check_mode("vg_large", false);
    eddy_check_eq("vg_bitwise",
                  std::memcmp(vg.gradient.data(), vg_large.gradient.data(), sizeof(double) * N) ==
                      0,
                  1);
    eddy_check_eq("vg_vs_name_bitwise",
                  std::memcmp(vg.gradient.data(), name_small.du, sizeof(double) * N) == 0, 1);
  }

  // eddy::vjp with a cotangent of 2: twice the gradient.
  {
    double u[N];
    init(u);
    reset_stats();
    auto [du, dk] = eddy::vjp(eddy::tape_budget(small), heat, 2.0, eddy::ptr(u, N), K);
    check_mode("vjp_small", true);
    char buf[64];
    for (int j = 0; j < N; j += 7) {
      std::snprintf(buf, sizeof buf, "vjp.du[%d]", j);
      eddy_check(buf, du[j], 2 * name_small.du[j]);
    }
    eddy_check("vjp.dk", dk, 2 * name_small.dk);

    // eddy::vjp<2>: two cotangents in one vector sweep, under the budget.
    init(u);
    reset_stats();
    auto lanes = eddy::vjp<2>(eddy::tape_budget(small), heat, std::array<double, 2>{1.0, -3.0},
                              eddy::ptr(u, N), K);
    check_mode("vjp2_small", true);
    for (int j = 0; j < N; j += 7) {
      std::snprintf(buf, sizeof buf, "vjp2.lane0.du[%d]", j);
      eddy_check(buf, std::get<0>(lanes[0])[j], name_small.du[j]);
      std::snprintf(buf, sizeof buf, "vjp2.lane1.du[%d]", j);
      eddy_check(buf, std::get<0>(lanes[1])[j], -3 * name_small.du[j]);
    }
    eddy_check("vjp2.lane1.dk", std::get<1>(lanes[1]), -3 * name_small.dk);
  }

  // The linear decay against its analytic derivatives: 16 bytes checkpoint,
  // 1 GB tapes, and both agree bit for bit.
  {
    const double x0 = 1.5, a = 0.99;
    volatile long long tiny_v = 16;
    reset_stats();
    auto [dx_s, da_s] = eddy::gradient(eddy::tape_budget((long long)tiny_v), decay, x0, a);
    check_mode("decay_small", true);
    reset_stats();
    auto [dx_l, da_l] = eddy::gradient(eddy::tape_budget(large), decay, x0, a);
    check_mode("decay_large", false);
    eddy_check_eq("decay_bitwise",
                  std::memcmp(&dx_s, &dx_l, sizeof dx_s) == 0 &&
                      std::memcmp(&da_s, &da_l, sizeof da_s) == 0,
                  1);
    eddy_check("decay.dx_analytic", dx_s, std::pow(a, STEPS));
    eddy_check("decay.da_analytic", da_s, STEPS * std::pow(a, STEPS - 1) * x0);
  }

#ifdef COMPILED_BUDGET
  // The request's budget wins over the compiled one and over the thread's
  // setting, which is put back after the request.
  eddy_set_tape_budget(COMPILED_BUDGET == 1 ? 4096 : std::size_t(1) << 30);
  Result over = by_name(COMPILED_BUDGET == 1 ? large : small);
  check_mode("request_over_thread", COMPILED_BUDGET == 2);
  {
    double u[N], du[N] = {0};
    init(u);
    reset_stats();
    __enzyme_autodiff((void *)heat, u, du, K); // the thread's setting again
    check_mode("thread_setting_restored", COMPILED_BUDGET == 1);
  }
  eddy_set_tape_budget(0);
  same("over_bitwise", over, name_small);
#endif

  // Against the plain stored tape (to rounding: docs/checkpointing.md, "Bit
  // for bit?"), central differences and, for dk, the analytic value's
  // finite-difference estimate.
  double u0[N];
  init(u0);
  char buf[64];
  for (int j = 0; j < N; ++j) {
    std::snprintf(buf, sizeof buf, "du[%d]", j);
    eddy_check(buf, name_small.du[j], ref_du[j]);
  }
  for (int j = 0; j < N; j += 5)
    eddy_checkf_tol(name_small.du[j], eddy_fd_partial(of_u, nullptr, u0, N, j), EDDY_RTOL_FD,
                    EDDY_ATOL_FD, "du_fd[%d]", j, 0);
  eddy_check("dk", name_small.dk, ref_dk);
  eddy_check_fd("dk_fd", name_small.dk, eddy_fd(of_k, K));

  if (argc > 1 && (dump(argv[1], name_small.du, N) || dump(argv[1], &name_small.dk, 1)))
    return 2;
  return eddy_summary();
}
