// MPI_Allreduce with MPI_MAX and MPI_Reduce with MPI_MIN: the derivative of
// each element goes to the rank that holds the extreme value. On 1, 2 and 3
// ranks, at every -O level, reverse mode (seeded on rank 0) equals the
// serial program's gradient (the extremes taken by comparisons) to rounding
// and central differences in every x; forward mode equals the serial forward
// derivative and the gradient's dot product with the direction.
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

/* Per-rank values whose extremes are taken across the ranks; ties are
   avoided by the data. *out is the loss on rank 0 and 0 elsewhere. */
static double a_of(const double *x, int i, int r) {
  return x[i] * x[i] * (1.0 + 0.3 * r) + 0.1 * i;
}
static double b_of(const double *x, int i, int r) {
  return sin(x[i] + 0.2 * r) * x[(i + 1) % M];
}

void model(const double *x, double *out) {
  int rank;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  double a[M], b[M], hi[M], lo[M];
  for (int i = 0; i < M; ++i) {
    a[i] = a_of(x, i, rank);
    b[i] = b_of(x, i, rank);
  }
  MPI_Allreduce(a, hi, M, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  MPI_Reduce(b, lo, M, MPI_DOUBLE, MPI_MIN, 0, MPI_COMM_WORLD);
  double s = 0.0;
  if (rank == 0)
    for (int i = 0; i < M; ++i)
      s += (i + 1.0) * hi[i] * hi[i] + exp(lo[i]) * hi[i];
  *out = s;
}

/* The same loss for P ranks' data X[P*M], without MPI. */
static int P;
void serial(const double *X, double *out) {
  double s = 0.0;
  for (int i = 0; i < M; ++i) {
    double hi = a_of(X, i, 0), lo = b_of(X, i, 0);
    for (int r = 1; r < P; ++r) {
      double a = a_of(X + r * M, i, r), b = b_of(X + r * M, i, r);
      if (a > hi)
        hi = a;
      if (b < lo)
        lo = b;
    }
    s += (i + 1.0) * hi * hi + exp(lo) * hi;
  }
  *out = s;
}

static int rank;

static double parallel_loss(const double *X) {
  double out, loss;
  model(X + rank * M, &out);
  MPI_Bcast(rank == 0 ? &out : &loss, 1, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  return rank == 0 ? out : loss;
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &P);

  double X[MAXP * M], dirX[MAXP * M];
  for (int g = 0; g < P * M; ++g) {
    X[g] = 0.3 + 0.45 * sin(2.1 * g + 0.4);
    dirX[g] = cos(1.7 * g + 0.3);
  }

  /* Reverse: the loss's shadow seeded on rank 0 only. */
  double dx[M] = {0}, out, dout = rank == 0 ? 1.0 : 0.0;
  __enzyme_autodiff((void *)model, enzyme_dup, X + rank * M, dx, enzyme_dup,
                    &out, &dout);
  double dX[MAXP * M];
  MPI_Gather(dx, M, MPI_DOUBLE, dX, M, MPI_DOUBLE, 0, MPI_COMM_WORLD);

  /* Forward along dirX. */
  double of, dof = 0.0;
  __enzyme_fwddiff((void *)model, enzyme_dup, X + rank * M, dirX + rank * M,
                   enzyme_dup, &of, &dof);

  /* Central differences of the parallel loss: every rank runs it. */
  double fd[MAXP * M];
  for (int j = 0; j < P * M; ++j) {
    double Y[MAXP * M];
    memcpy(Y, X, sizeof Y);
    double v0 = Y[j], h = eddy_fd_step(v0);
    Y[j] = v0 + h;
    double up = parallel_loss(Y);
    Y[j] = v0 - h;
    fd[j] = (up - parallel_loss(Y)) / (2 * h);
  }

  int failed = 0;
  if (rank == 0) {
    double sX[MAXP * M] = {0}, so, sdout = 1.0;
    __enzyme_autodiff((void *)serial, enzyme_dup, X, sX, enzyme_dup, &so,
                      &sdout);
    double st, sdo = 0.0;
    __enzyme_fwddiff((void *)serial, enzyme_dup, X, dirX, enzyme_dup, &st,
                     &sdo);
    printf("loss %.15g on %d rank(s)\n", so, P);
    eddy_check("loss = serial loss", out, so);
    char name[64];
    double dot = 0.0;
    for (int g = 0; g < P * M; ++g) {
      snprintf(name, sizeof name, "reverse d/dx[%d] = serial", g);
      eddy_check(name, dX[g], sX[g]);
      snprintf(name, sizeof name, "reverse d/dx[%d] = central differences", g);
      eddy_check_fd(name, dX[g], fd[g]);
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
