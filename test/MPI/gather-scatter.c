// MPI_Scatter of rank 0's parameters, MPI_Allgather of per-rank values, and
// MPI_Gather of per-rank results to rank 0, which forms the loss. On 1, 2 and
// 3 ranks, at every -O level:
//  - reverse mode (the loss's shadow seeded 1 on rank 0) equals the serial
//    formula's gradient to rounding in p (rank 0's adjoint; the other ranks'
//    p is never read, so theirs is exactly 0) and in every x (gathered);
//  - central finite differences of the parallel loss agree;
//  - forward mode along one direction equals the serial forward derivative
//    and the gradient's dot product with the direction.
//
// REQUIRES: mpi
// Open MPI's own allocations are reported by LeakSanitizer at exit, and the
// programs run under mpirun, not valgrind:
// UNSUPPORTED: eddy-sanitize, eddy-valgrind
// RUN: %levels --run-prefix='%mpirun -np 1' %eddy-clang %mpi-flags -I%S/../Inputs %s -o %t.np1 -- FileCheck --implicit-check-not=FAIL %s
// RUN: %levels --run-prefix='%mpirun -np 2' %eddy-clang %mpi-flags -I%S/../Inputs %s -o %t.np2 -- FileCheck --implicit-check-not=FAIL %s
// RUN: %levels --run-prefix='%mpirun -np 3' %eddy-clang %mpi-flags -I%S/../Inputs %s -o %t.np3 -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <string.h>
#include "eddy_check.h"

#define M 3    /* values of x per rank */
#define MAXP 4 /* ranks at most */

/* The parallel model; p[2P] matters on rank 0 only; *out is the loss on
   rank 0 and 0 elsewhere. */
void model(const double *p, const double *x, double *out) {
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  double q[2], a[2], all[2 * MAXP], g[MAXP];
  MPI_Scatter(p, 2, MPI_DOUBLE, q, 2, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  a[0] = q[0] * sin(x[0]) + q[1];
  a[1] = q[1] * x[1] * x[1] + q[0] * x[2];
  MPI_Allgather(a, 2, MPI_DOUBLE, all, 2, MPI_DOUBLE, MPI_COMM_WORLD);
  double v = 0.0;
  for (int k = 0; k < 2 * size; ++k)
    v += (k + 1.0 + rank) * all[k] * all[k];
  double b = v * q[0];
  MPI_Gather(&b, 1, MPI_DOUBLE, g, 1, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  double s = 0.0;
  if (rank == 0)
    for (int r = 0; r < size; ++r)
      s += (r + 1.0) * g[r] + 0.1 * g[r] * g[r];
  *out = s;
}

/* The same loss for P ranks' data X[P*M], without MPI. */
static int P;
void serial(const double *p, const double *X, double *out) {
  double all[2 * MAXP];
  for (int r = 0; r < P; ++r) {
    const double *q = p + 2 * r, *x = X + r * M;
    all[2 * r] = q[0] * sin(x[0]) + q[1];
    all[2 * r + 1] = q[1] * x[1] * x[1] + q[0] * x[2];
  }
  double s = 0.0;
  for (int r = 0; r < P; ++r) {
    double v = 0.0;
    for (int k = 0; k < 2 * P; ++k)
      v += (k + 1.0 + r) * all[k] * all[k];
    double b = v * p[2 * r];
    s += (r + 1.0) * b + 0.1 * b * b;
  }
  *out = s;
}

static int rank;

static double parallel_loss(const double *p0, const double *X) {
  double out, loss;
  model(p0, X + rank * M, &out);
  MPI_Bcast(rank == 0 ? &out : &loss, 1, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  return rank == 0 ? out : loss;
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &P);

  /* Rank 0's p is the model's; the others' is never read. */
  double p0[2 * MAXP], X[MAXP * M], dirp[2 * MAXP], dirX[MAXP * M];
  for (int j = 0; j < 2 * P; ++j) {
    p0[j] = 0.4 + 0.3 * cos(1.1 * j);
    dirp[j] = sin(0.9 * j + 0.2);
  }
  for (int g = 0; g < P * M; ++g) {
    X[g] = 0.2 + 0.15 * g - 0.02 * g * g;
    dirX[g] = sin(1.7 * g + 0.3);
  }

  /* Reverse: the loss's shadow seeded on rank 0 only. */
  double p[2 * MAXP], dp[2 * MAXP] = {0}, dx[M] = {0}, out,
         dout = rank == 0 ? 1.0 : 0.0;
  memcpy(p, p0, sizeof p);
  if (rank != 0)
    for (int j = 0; j < 2 * MAXP; ++j)
      p[j] = -9.0;
  __enzyme_autodiff((void *)model, enzyme_dup, p, dp, enzyme_dup, X + rank * M,
                    dx, enzyme_dup, &out, &dout);
  double dX[MAXP * M], dps[MAXP * 2 * MAXP];
  MPI_Gather(dx, M, MPI_DOUBLE, dX, M, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  MPI_Gather(dp, 2 * MAXP, MPI_DOUBLE, dps, 2 * MAXP, MPI_DOUBLE, 0,
             MPI_COMM_WORLD);

  /* Forward along (dirp, dirX). */
  double pf[2 * MAXP], dpf[2 * MAXP], of, dof = 0.0;
  memcpy(pf, p0, sizeof pf);
  memcpy(dpf, dirp, sizeof dpf);
  if (rank != 0)
    for (int j = 0; j < 2 * MAXP; ++j)
      pf[j] = dpf[j] = -9.0;
  __enzyme_fwddiff((void *)model, enzyme_dup, pf, dpf, enzyme_dup,
                   X + rank * M, dirX + rank * M, enzyme_dup, &of, &dof);

  /* Central differences of the parallel loss: every rank runs it. */
  double fd[2 * MAXP + MAXP * M];
  for (int j = 0; j < 2 * P + P * M; ++j) {
    double q[2 * MAXP], Y[MAXP * M];
    memcpy(q, p0, sizeof q);
    memcpy(Y, X, sizeof Y);
    double *v = j < 2 * P ? &q[j] : &Y[j - 2 * P], v0 = *v,
           h = eddy_fd_step(v0);
    *v = v0 + h;
    double up = parallel_loss(q, Y);
    *v = v0 - h;
    fd[j] = (up - parallel_loss(q, Y)) / (2 * h);
  }

  int failed = 0;
  if (rank == 0) {
    double sp[2 * MAXP] = {0}, sX[MAXP * M] = {0}, so, sdout = 1.0;
    memcpy(p, p0, sizeof p);
    __enzyme_autodiff((void *)serial, enzyme_dup, p, sp, enzyme_dup, X, sX,
                      enzyme_dup, &so, &sdout);
    double st, sdo = 0.0;
    __enzyme_fwddiff((void *)serial, enzyme_dup, p, dirp, enzyme_dup, X, dirX,
                     enzyme_dup, &st, &sdo);
    printf("loss %.15g on %d rank(s)\n", so, P);
    eddy_check("loss = serial loss", out, so);
    char name[64];
    double dot = 0.0;
    for (int j = 0; j < 2 * P; ++j) {
      snprintf(name, sizeof name, "reverse d/dp[%d] = serial", j);
      eddy_check(name, dps[j], sp[j]);
      snprintf(name, sizeof name, "reverse d/dp[%d] = central differences", j);
      eddy_check_fd(name, dps[j], fd[j]);
      dot += dps[j] * dirp[j];
    }
    for (int r = 1; r < P; ++r)
      for (int j = 0; j < 2 * P; ++j) {
        snprintf(name, sizeof name, "rank %d's d/dp[%d] = 0 (never read)", r,
                 j);
        eddy_check(name, dps[2 * MAXP * r + j], 0.0);
      }
    for (int g = 0; g < P * M; ++g) {
      snprintf(name, sizeof name, "reverse d/dx[%d] = serial", g);
      eddy_check(name, dX[g], sX[g]);
      snprintf(name, sizeof name, "reverse d/dx[%d] = central differences", g);
      eddy_check_fd(name, dX[g], fd[2 * P + g]);
      dot += dX[g] * dirX[g];
    }
    eddy_check("forward = serial forward", dof, sdo);
    eddy_check_tol("forward = reverse . direction", dof, dot, 1e-11, 1e-13);
    failed = eddy_summary();
  }
  MPI_Bcast(&failed, 1, MPI_INT, 0, MPI_COMM_WORLD);
  MPI_Finalize();
  return failed;
}
