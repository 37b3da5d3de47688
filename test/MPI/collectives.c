// The collectives with rules, in one model: parameters p held by rank 0 and
// broadcast (MPI_Bcast: other ranks' p is overwritten), local sums over each
// rank's data x combined in place (MPI_Allreduce with MPI_IN_PLACE), per-rank
// values summed to rank 0 (MPI_Reduce into another buffer) and summed again
// in place at the root (MPI_Reduce with MPI_IN_PLACE there, a null receive
// buffer elsewhere); the loss, on rank 0, combines them. On 1, 2 and 3 ranks,
// at every -O level:
//  - reverse mode (the loss's shadow seeded 1 on rank 0) equals the serial
//    formula's gradient to rounding in p (rank 0's adjoint; the other ranks'
//    p is overwritten, so theirs is exactly 0) and in every x (gathered);
//  - central finite differences of the parallel loss agree;
//  - forward mode along one direction equals the serial forward derivative
//    and the gradient's dot product with the direction;
//  - vector forward mode (two directions in one sweep) and vector reverse
//    mode (two cotangents over one tape) equal the scalar modes, lane by lane.
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

/* The parallel model; *out is the loss on rank 0 and 0 elsewhere. */
void model(double *p, const double *x, double *out) {
  int rank;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Bcast(p, 3, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  double s[2] = {0.0, 0.0};
  for (int i = 0; i < M; ++i) {
    s[0] += p[0] * sin(p[1] * x[i]);
    s[1] += p[2] * x[i] * x[i];
  }
  MPI_Allreduce(MPI_IN_PLACE, s, 2, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  double w = rank + 1.0;
  double t[2] = {w * s[0] * s[1], w * (s[0] + exp(0.1 * s[1]))}, r[2];
  MPI_Reduce(t, r, 2, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
  double u[2] = {t[0] * x[0], t[1] * p[1]};
  if (rank == 0)
    MPI_Reduce(MPI_IN_PLACE, u, 2, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
  else
    MPI_Reduce(u, NULL, 2, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
  if (rank == 0)
    *out = r[0] + 0.5 * r[1] * r[1] + u[0] * u[1];
  else
    *out = 0.0;
}

/* The same loss for P ranks' data X[P*M], without MPI. */
static int P;
void serial(const double *p, const double *X, double *out) {
  double s0 = 0.0, s1 = 0.0;
  for (int r = 0; r < P; ++r)
    for (int i = 0; i < M; ++i) {
      s0 += p[0] * sin(p[1] * X[r * M + i]);
      s1 += p[2] * X[r * M + i] * X[r * M + i];
    }
  double r0 = 0.0, r1 = 0.0, u0 = 0.0, u1 = 0.0;
  for (int r = 0; r < P; ++r) {
    double w = r + 1.0, t0 = w * s0 * s1, t1 = w * (s0 + exp(0.1 * s1));
    r0 += t0;
    r1 += t1;
    u0 += t0 * X[r * M];
    u1 += t1 * p[1];
  }
  *out = r0 + 0.5 * r1 * r1 + u0 * u1;
}

static int rank;

static double parallel_loss(const double *p0, const double *X) {
  double p[3], out, loss;
  memcpy(p, p0, sizeof p);
  model(p, X + rank * M, &out);
  MPI_Bcast(rank == 0 ? &out : &loss, 1, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  return rank == 0 ? out : loss;
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &P);

  /* Rank 0's p is the model's; the others hold junk that Bcast replaces. */
  double p0[3] = {0.7, 1.3, 0.4}, X[MAXP * M], dirp[3] = {0.3, -0.5, 0.8},
         dirX[MAXP * M];
  for (int g = 0; g < P * M; ++g) {
    X[g] = 0.2 + 0.15 * g - 0.02 * g * g;
    dirX[g] = sin(1.7 * g + 0.3);
  }

  /* Reverse: the loss's shadow seeded on rank 0 only. */
  double p[3], dp[3] = {0}, dx[M] = {0}, out, dout = rank == 0 ? 1.0 : 0.0;
  memcpy(p, p0, sizeof p);
  if (rank != 0)
    p[0] = p[1] = p[2] = -9.0;
  __enzyme_autodiff((void *)model, enzyme_dup, p, dp, enzyme_dup, X + rank * M,
                    dx, enzyme_dup, &out, &dout);
  double dX[MAXP * M], dps[MAXP * 3];
  MPI_Gather(dx, M, MPI_DOUBLE, dX, M, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  MPI_Gather(dp, 3, MPI_DOUBLE, dps, 3, MPI_DOUBLE, 0, MPI_COMM_WORLD);

  /* Forward along (dirp, dirX). */
  double pf[3], dpf[3], of, dof = 0.0;
  memcpy(pf, p0, sizeof pf);
  memcpy(dpf, dirp, sizeof dpf);
  if (rank != 0)
    pf[0] = pf[1] = pf[2] = dpf[0] = dpf[1] = dpf[2] = -9.0;
  __enzyme_fwddiff((void *)model, enzyme_dup, pf, dpf, enzyme_dup,
                   X + rank * M, dirX + rank * M, enzyme_dup, &of, &dof);

  /* Vector forward mode: the direction above and its negative, halved, in
     one sweep (one derivative message per lane). */
  double pv[3], dpv0[3], dpv1[3], dXv1[MAXP * M], ov, dov0 = 0.0, dov1 = 0.0;
  memcpy(pv, p0, sizeof pv);
  for (int j = 0; j < 3; ++j) {
    dpv0[j] = dirp[j];
    dpv1[j] = -0.5 * dirp[j];
  }
  for (int g = 0; g < P * M; ++g)
    dXv1[g] = -0.5 * dirX[g];
  if (rank != 0)
    for (int j = 0; j < 3; ++j)
      pv[j] = dpv0[j] = dpv1[j] = -9.0;
  __enzyme_fwddiff((void *)model, enzyme_width, 2, enzyme_dup, pv, dpv0, dpv1,
                   enzyme_dup, X + rank * M, dirX + rank * M, dXv1 + rank * M,
                   enzyme_dup, &ov, &dov0, &dov1);

  /* Vector reverse mode: cotangents 1 and 0.25 of the loss, one tape. */
  double pr[3], dpr0[3] = {0}, dpr1[3] = {0}, dxr0[M] = {0}, dxr1[M] = {0}, orv,
         dor0 = rank == 0 ? 1.0 : 0.0, dor1 = rank == 0 ? 0.25 : 0.0;
  memcpy(pr, p0, sizeof pr);
  if (rank != 0)
    pr[0] = pr[1] = pr[2] = -9.0;
  __enzyme_autodiff((void *)model, enzyme_width, 2, enzyme_dup, pr, dpr0, dpr1,
                    enzyme_dup, X + rank * M, dxr0, dxr1, enzyme_dup, &orv,
                    &dor0, &dor1);
  double dXr0[MAXP * M], dXr1[MAXP * M];
  MPI_Gather(dxr0, M, MPI_DOUBLE, dXr0, M, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  MPI_Gather(dxr1, M, MPI_DOUBLE, dXr1, M, MPI_DOUBLE, 0, MPI_COMM_WORLD);

  /* Central differences of the parallel loss: every rank runs it. */
  double fd[3 + MAXP * M];
  for (int j = 0; j < 3 + P * M; ++j) {
    double q[3], Y[MAXP * M];
    memcpy(q, p0, sizeof q);
    memcpy(Y, X, sizeof Y);
    double *v = j < 3 ? &q[j] : &Y[j - 3], v0 = *v, h = eddy_fd_step(v0);
    *v = v0 + h;
    double up = parallel_loss(q, Y);
    *v = v0 - h;
    fd[j] = (up - parallel_loss(q, Y)) / (2 * h);
  }

  int failed = 0;
  if (rank == 0) {
    double sp[3] = {0}, sX[MAXP * M] = {0}, so, sdout = 1.0;
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
    for (int j = 0; j < 3; ++j) {
      snprintf(name, sizeof name, "reverse d/dp[%d] = serial", j);
      eddy_check(name, dps[j], sp[j]);
      snprintf(name, sizeof name, "reverse d/dp[%d] = central differences", j);
      eddy_check_fd(name, dps[j], fd[j]);
      dot += dps[j] * dirp[j];
    }
    for (int r = 1; r < P; ++r)
      for (int j = 0; j < 3; ++j) {
        snprintf(name, sizeof name, "rank %d's d/dp[%d] = 0 (overwritten)", r,
                 j);
        eddy_check(name, dps[3 * r + j], 0.0);
      }
    for (int g = 0; g < P * M; ++g) {
      snprintf(name, sizeof name, "reverse d/dx[%d] = serial", g);
      eddy_check(name, dX[g], sX[g]);
      snprintf(name, sizeof name, "reverse d/dx[%d] = central differences", g);
      eddy_check_fd(name, dX[g], fd[3 + g]);
      dot += dX[g] * dirX[g];
    }
    eddy_check("forward = serial forward", dof, sdo);
    eddy_check("vector forward lane 0 = forward", dov0, dof);
    eddy_check("vector forward lane 1 = -0.5 forward", dov1, -0.5 * dof);
    for (int j = 0; j < 3; ++j) {
      snprintf(name, sizeof name, "vector reverse d/dp[%d]: lanes = 1, 0.25 x", j);
      eddy_check(name, dpr0[j], dps[j]);
      eddy_check(name, dpr1[j], 0.25 * dps[j]);
    }
    for (int g = 0; g < P * M; ++g) {
      snprintf(name, sizeof name, "vector reverse d/dx[%d]: lanes = 1, 0.25 x", g);
      eddy_check(name, dXr0[g], dX[g]);
      eddy_check(name, dXr1[g], 0.25 * dX[g]);
    }
    eddy_check_tol("forward = reverse . direction", dof, dot, 1e-11, 1e-13);
    failed = eddy_summary();
  }
  MPI_Bcast(&failed, 1, MPI_INT, 0, MPI_COMM_WORLD);
  MPI_Finalize();
  return failed;
}
