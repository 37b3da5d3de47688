// The 2-D wave equation u_tt = c^2 (u_xx + u_yy) - eps u^3 on NX x NX cells
// with fixed (zero) edges, leapfrog in time with two levels u_prev and u_cur
// kept in place: each step computes u_next and copies the levels back (Eddy
// refuses swapping pointers, docs/checkpointing.md). The time loop is under
// '#pragma eddy checkpoint(binomial, snapshots(4))': its state is the three
// levels (u_next too: the body writes it), 6 MB per snapshot at 512^2.
// Against the same function without the pragma (the stored tape): the
// gradient w.r.t. the initial fields u_prev and u_cur equals it to rounding
// (see rk4-ode.c for why not bit for bit), the one w.r.t. r = (c dt/dx)^2 (a
// scalar read in every step) to rounding; both match central finite
// differences, and the fields left after the gradient are the primal's bit
// for bit.
//
// 512^2 cells (2 MB per level), 24 steps: about one second of CPU per level.
// Under valgrind the stored-tape reference alone (a few hundred MB of tape)
// takes minutes, so the valgrind job skips this test; ASan+UBSan run it.
// UNSUPPORTED: eddy-valgrind
//
// -fsanitize=address,undefined puts checks that stop the program in the loop's
// body; Eddy refuses to checkpoint such loops for now (docs/checkpointing.md).
// UNSUPPORTED: eddy-sanitize
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include <stdlib.h>
#include <string.h>
#include "eddy_check.h"

#define NX 512
#define CELLS (NX * NX)
#define STEPS 24

static void leapfrog(double *up, double *uc, double *un, double r) {
  for (int i = 1; i < NX - 1; ++i)
    for (int j = 1; j < NX - 1; ++j) {
      int k = i * NX + j;
      double lap = uc[k - NX] + uc[k + NX] + uc[k - 1] + uc[k + 1] - 4 * uc[k];
      un[k] = 2 * uc[k] - up[k] + r * lap - 0.01 * uc[k] * uc[k] * uc[k];
    }
  memcpy(up, uc, sizeof(double) * CELLS);
  memcpy(uc, un, sizeof(double) * CELLS);
}

// A weighted energy of the final field near the centre.
static double loss(const double *uc) {
  double e = 0;
  for (int i = NX / 4; i < 3 * NX / 4; ++i)
    for (int j = NX / 4; j < 3 * NX / 4; ++j)
      e += (1 + 0.001 * (i + j)) * uc[i * NX + j] * uc[i * NX + j];
  return e;
}

static double taped(double *up, double *uc, double *un, double r) {
  for (int t = 0; t < STEPS; ++t)
    leapfrog(up, uc, un, r);
  return loss(uc);
}

static double ckpt(double *up, double *uc, double *un, double r) {
#pragma eddy checkpoint(binomial, snapshots(4))
  for (int t = 0; t < STEPS; ++t)
    leapfrog(up, uc, un, r);
  return loss(uc);
}

// A Gaussian bump at rest, off centre; the edges and u_next start at 0.
static void init(double *up, double *uc, double *un) {
  memset(un, 0, sizeof(double) * CELLS);
  for (int i = 0; i < NX; ++i)
    for (int j = 0; j < NX; ++j) {
      int edge = i == 0 || j == 0 || i == NX - 1 || j == NX - 1;
      double x = (i - 0.45 * NX) / (0.05 * NX), y = (j - 0.55 * NX) / (0.05 * NX);
      uc[i * NX + j] = up[i * NX + j] = edge ? 0 : exp(-(x * x + y * y));
    }
}

static double *alloc(void) { return calloc(CELLS, sizeof(double)); }

static const double R = 0.2;
static double *FdUp, *FdUn;
// The loss as a function of u_cur (u_prev held at the initial field).
static double of_uc(const double *uc0, void *ctx) {
  double *up = FdUp, *uc = alloc(), *un = FdUn;
  init(up, uc, un);
  memcpy(uc, uc0, sizeof(double) * CELLS);
  double v = ckpt(up, uc, un, R);
  free(uc);
  return v;
}
static double of_r(double r) {
  double *uc = alloc();
  init(FdUp, uc, FdUn);
  double v = ckpt(FdUp, uc, FdUn, r);
  free(uc);
  return v;
}

// eddy_fd_partial copies its point into a static buffer of 4096 entries: too
// small here, so the central difference is written out.
static double fd_entry(const double *uc0, int k) {
  double *x = alloc(), h = eddy_fd_step(uc0[k]);
  memcpy(x, uc0, sizeof(double) * CELLS);
  x[k] = uc0[k] + h;
  double fp = of_uc(x, 0);
  x[k] = uc0[k] - h;
  double fm = of_uc(x, 0);
  free(x);
  return (fp - fm) / (2 * h);
}

int main(void) {
  double *up = alloc(), *uc = alloc(), *un = alloc();
  double *dup = alloc(), *duc = alloc(), *dun = alloc();
  double *vp = alloc(), *vc = alloc(), *vn = alloc();
  double *dvp = alloc(), *dvc = alloc(), *dvn = alloc();
  double *uc0 = alloc(), *up0 = alloc(), *un0 = alloc();
  init(up, uc, un);
  init(vp, vc, vn);
  init(up0, uc0, un0);

  double dr_ref = __enzyme_autodiff((void *)taped, vp, dvp, vc, dvc, vn, dvn, R);
  double dr = __enzyme_autodiff((void *)ckpt, up, dup, uc, duc, un, dun, R);

  eddy_checkpoint_stats st;
  eddy_checkpoint_last_stats(&st);
  eddy_check_eq("steps", st.steps, STEPS);
  eddy_check_eq("records", st.records, STEPS);
  // At most 4 snapshots of the three levels.
  eddy_check_eq("peak_snapshot_bytes_le_4_states",
                st.peak_snapshot_bytes <= 4 * 3 * (long)sizeof(double) * CELLS, 1);

  eddy_check_eq("fields_after_bitwise",
                memcmp(up, vp, sizeof(double) * CELLS) == 0 &&
                    memcmp(uc, vc, sizeof(double) * CELLS) == 0 &&
                    memcmp(un, vn, sizeof(double) * CELLS) == 0,
                1);
  // The adjoint of the initial fields, entry by entry, against the stored
  // tape's (quiet: a quarter of a million entries; only failures print).
  int bad = 0;
  double worst = 0;
  for (int k = 0; k < CELLS; ++k) {
    double tol = 1e-12 * fabs(dvc[k]) + 1e-14;
    double err = fabs(duc[k] - dvc[k]) + fabs(dup[k] - dvp[k]);
    if (!(err <= tol + 1e-12 * fabs(dvp[k])))
      ++bad;
    if (err > worst)
      worst = err;
  }
  if (bad)
    printf("worst |duc - duc_ref| + |dup - dup_ref| = %g\n", worst);
  eddy_check_eq("du_vs_stored_tape_mismatches", bad, 0);
  eddy_check("dr", dr, dr_ref);

  FdUp = alloc();
  FdUn = alloc();
  // Entries inside the bump, on its flank and where the wave has not arrived.
  const int at[][2] = {{NX * 45 / 100, NX * 55 / 100},
                       {NX * 45 / 100 + 3, NX * 55 / 100 - 2},
                       {NX / 2, NX / 2},
                       {NX * 45 / 100 - 5, NX * 55 / 100 + 6}};
  for (int e = 0; e < 4; ++e) {
    int k = at[e][0] * NX + at[e][1];
    eddy_checkf_tol(duc[k], fd_entry(uc0, k), EDDY_RTOL_FD, EDDY_ATOL_FD,
                    "duc_fd[%d][%d]", at[e][0], at[e][1]);
  }
  eddy_check_fd("dr_fd", dr, eddy_fd(of_r, R));

  double *all[] = {up, uc, un, dup, duc, dun, vp, vc, vn, dvp, dvc, dvn,
                   uc0, up0, un0, FdUp, FdUn};
  for (unsigned i = 0; i < sizeof all / sizeof *all; ++i)
    free(all[i]);
  return eddy_summary();
}
