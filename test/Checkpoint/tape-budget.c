// The tape budget: a heat stepper's time loop (no pragma) compiled with
// -fplugin-arg-eddy-tape-budget=4K (its tape, ~1 KB a step, cannot fit: the
// driver switches to binomial checkpointing) and with =1G (every step is
// taped). In each program:
//  - eddy_checkpoint_last_stats says which mode ran: steps run again
//    (reverse_advances) > 0 under the small budget, == 0 under the large;
//  - eddy_set_tape_budget overrides the compiled budget at run time (large
//    in the small program, small in the large one, then 0 to restore it),
//    and the mode follows it;
//  - the gradients of all three runs are identical bit for bit, and match
//    central finite differences.
// Then each program writes its gradient as hex to files (argv[1]): du and
// the u left after it in one, dk in another. The two budgets' files must be
// identical (the same gradient, bit for bit, whichever budget the
// compilation had, at each level that ran). The same program compiled
// without a budget (the plain stored tape, no driver) must give the same du
// and u bit for bit; its dk (a scalar read in every step, whose adjoint the
// driver sums per step, docs/checkpointing.md) only to rounding.
//
// -fsanitize=address,undefined puts checks that stop the program in the loop's
// body; Eddy refuses to checkpoint such loops for now (docs/checkpointing.md).
// UNSUPPORTED: eddy-sanitize
// RUN: rm -f %t.small.O* %t.large.O* %t.none.O*
// RUN: %levels %eddy-clang -fplugin-arg-eddy-tape-budget=4K -DSMALL_BUDGET -I%S/../Inputs %s -o %t.small -- FileCheck --implicit-check-not=FAIL %s
// RUN: %levels %eddy-clang -fplugin-arg-eddy-tape-budget=1G -I%S/../Inputs %s -o %t.large -- FileCheck --implicit-check-not=FAIL %s
// RUN: %levels %eddy-clang -DNO_BUDGET -I%S/../Inputs %s -o %t.none -- FileCheck --implicit-check-not=FAIL %s
// RUN: for O in 0 1 2 3; do if [ -x %t.small.O$O ]; then %run %t.small.O$O %t.small.O$O.hex > /dev/null && %run %t.large.O$O %t.large.O$O.hex > /dev/null && %run %t.none.O$O %t.none.O$O.hex > /dev/null && diff %t.small.O$O.hex %t.large.O$O.hex && diff %t.small.O$O.hex.dk %t.large.O$O.hex.dk && diff %t.small.O$O.hex %t.none.O$O.hex && echo "O$O same"; fi || exit 1; done | FileCheck --check-prefix=SAME %s
// CHECK: ALL OK
// SAME: O{{[0-3]}} same
#include <eddy/eddy.h>
#include <stdio.h>
#include <string.h>
#include "eddy_check.h"

#define N 32
#define STEPS 200

static double heat(double *u, double k) {
  double tmp[N];
  for (int t = 0; t < STEPS; ++t) {
    for (int j = 0; j < N; ++j)
      tmp[j] = u[j] + k * (u[(j + N - 1) % N] - 2 * u[j] + u[(j + 1) % N]) -
               0.05 * u[j] * u[j] * u[j];
    memcpy(u, tmp, sizeof tmp);
  }
  double e = 0;
  for (int j = 0; j < N; ++j)
    e += (j + 1) * u[j] * u[j];
  return e;
}

static void init(double *u) {
  for (int j = 0; j < N; ++j)
    u[j] = 0.5 + 0.4 * sin(0.7 * j);
}

static const double K = 0.2;
static double of_u(const double *u0, void *ctx) {
  double u[N];
  memcpy(u, u0, sizeof u);
  return heat(u, K);
}
static double of_k(double k) {
  double u[N];
  init(u);
  return heat(u, k);
}

typedef struct { double du[N], dk, u[N]; } Result;

static Result gradient(const char *name, int want_checkpointed) {
  Result r;
  memset(&r, 0, sizeof r);
  init(r.u);
  r.dk = __enzyme_autodiff((void *)heat, r.u, r.du, K);
  eddy_checkpoint_stats st;
  eddy_checkpoint_last_stats(&st);
  char buf[64];
  snprintf(buf, sizeof buf, "%s.steps", name);
  eddy_check_eq(buf, st.steps, STEPS);
  snprintf(buf, sizeof buf, "%s.checkpointed", name);
  eddy_check_eq(buf, st.reverse_advances > 0, want_checkpointed);
  return r;
}

static void same(const char *name, const Result *a, const Result *b) {
  eddy_check_eq(name, memcmp(a, b, sizeof *a) == 0, 1);
}

// Appends n doubles to the file as hex, one a line.
static int dump(const char *path, const double *x, int n) {
  FILE *f = fopen(path, "a");
  if (!f)
    return 1;
  for (int i = 0; i < n; ++i) {
    unsigned long long bits;
    memcpy(&bits, &x[i], sizeof bits);
    fprintf(f, "%016llx\n", bits);
  }
  return fclose(f) != 0;
}

int main(int argc, char **argv) {
#ifdef NO_BUDGET
  // The plain stored tape (the driver is not involved): no modes to check.
  Result compiled;
  memset(&compiled, 0, sizeof compiled);
  init(compiled.u);
  compiled.dk = __enzyme_autodiff((void *)heat, compiled.u, compiled.du, K);
#else
#ifdef SMALL_BUDGET
  const int compiled_small = 1;
#else
  const int compiled_small = 0;
#endif
  Result compiled = gradient("compiled", compiled_small);
  // Run-time override: the other mode, then the compiled budget again.
  eddy_set_tape_budget(compiled_small ? (size_t)1 << 30 : 4096);
  Result overridden = gradient("overridden", !compiled_small);
  eddy_set_tape_budget(0);
  Result restored = gradient("restored", compiled_small);
  same("overridden_bitwise", &overridden, &compiled);
  same("restored_bitwise", &restored, &compiled);
#endif

  double u0[N];
  init(u0);
  for (int j = 0; j < N; j += 5)
    eddy_checkf_tol(compiled.du[j], eddy_fd_partial(of_u, 0, u0, N, j), EDDY_RTOL_FD,
                    EDDY_ATOL_FD, "du_fd[%d]", j, 0);
  eddy_check_fd("dk_fd", compiled.dk, eddy_fd(of_k, K));

  if (argc > 1) {
    char dk_file[4096];
    snprintf(dk_file, sizeof dk_file, "%s.dk", argv[1]);
    if (dump(argv[1], compiled.du, N) || dump(argv[1], compiled.u, N) ||
        dump(dk_file, &compiled.dk, 1))
      return 2;
  }
  return eddy_summary();
}
