// A domain-decomposed 1-D heat stepper with a cubic reaction term: 16 cells
// split evenly over the ranks, each rank's cells framed by two halo cells
// that every step refreshes from its neighbours (fixed zero boundaries
// outside the domain: MPI_PROC_NULL), 25 steps; the global loss is an
// MPI_Allreduce of the ranks' weighted sums of squares. Two versions of the
// halo exchange: MPI_Sendrecv, and MPI_Send/MPI_Recv pairs ordered by the
// rank's parity. On 1, 2 and 4 ranks, at every -O level:
//  - reverse mode (the loss's shadow seeded 1 on rank 0 only, the local
//    gradients gathered, the adjoints of k summed over the ranks) equals the
//    serial program's gradient to rounding, for both exchanges;
//  - it matches central finite differences of the parallel loss, entry by
//    entry, and in k;
//  - forward mode (one direction in u0 and k, the tangent of the loss, the
//    same on every rank) equals the serial forward derivative and the
//    gradient's dot product with the direction, for both exchanges;
//  - a loss *returned* by every rank and so seeded 1 on each gives the
//    gradient of the sum of the P copies: P times the serial gradient
//    (docs/parallel.md, "Seeding a replicated loss").
//
// REQUIRES: mpi
// Open MPI's own allocations are reported by LeakSanitizer at exit, and the
// programs run under mpirun, not valgrind:
// UNSUPPORTED: eddy-sanitize, eddy-valgrind
// RUN: %levels --run-prefix='%mpirun -np 1' %eddy-clang %mpi-flags -I%S/../Inputs %s -o %t.np1 -- FileCheck --implicit-check-not=FAIL %s
// RUN: %levels --run-prefix='%mpirun -np 2' %eddy-clang %mpi-flags -I%S/../Inputs %s -o %t.np2 -- FileCheck --implicit-check-not=FAIL %s
// RUN: %levels --run-prefix='%mpirun -np 4' %eddy-clang %mpi-flags -I%S/../Inputs %s -o %t.np4 -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include <math.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>
#include "eddy_check.h"

#define N 16
#define STEPS 25


static double weight(int g) { return 1.0 + 0.1 * g; }

/* One explicit step on cells 1..n, halos 0 and n+1 already filled. */
/* (The pragmas are ignored here; test/MPI/hybrid-openmp.c builds this same
 * program with -fopenmp.) */
static void step(double *u, double *v, double k, int n) {
#pragma omp parallel for schedule(static)
  for (int i = 1; i <= n; ++i)
    v[i] = u[i] + k * (u[i - 1] - 2.0 * u[i] + u[i + 1]) -
           0.05 * u[i] * u[i] * u[i];
#pragma omp parallel for schedule(static)
  for (int i = 1; i <= n; ++i)
    u[i] = v[i];
}

static void exchange_sendrecv(double *u, int n, int left, int right) {
  MPI_Sendrecv(&u[1], 1, MPI_DOUBLE, left, 0, &u[n + 1], 1, MPI_DOUBLE,
               right, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  MPI_Sendrecv(&u[n], 1, MPI_DOUBLE, right, 1, &u[0], 1, MPI_DOUBLE, left, 1,
               MPI_COMM_WORLD, MPI_STATUS_IGNORE);
}

/* Blocking pairs, even ranks sending first: deadlock-free at any size. */
static void exchange_pairs(double *u, int n, int left, int right) {
  int rank;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (rank % 2 == 0) {
    MPI_Send(&u[n], 1, MPI_DOUBLE, right, 1, MPI_COMM_WORLD);
    MPI_Recv(&u[n + 1], 1, MPI_DOUBLE, right, 0, MPI_COMM_WORLD,
             MPI_STATUS_IGNORE);
    MPI_Send(&u[1], 1, MPI_DOUBLE, left, 0, MPI_COMM_WORLD);
    MPI_Recv(&u[0], 1, MPI_DOUBLE, left, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  } else {
    MPI_Recv(&u[0], 1, MPI_DOUBLE, left, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    MPI_Send(&u[1], 1, MPI_DOUBLE, left, 0, MPI_COMM_WORLD);
    MPI_Recv(&u[n + 1], 1, MPI_DOUBLE, right, 0, MPI_COMM_WORLD,
             MPI_STATUS_IGNORE);
    MPI_Send(&u[n], 1, MPI_DOUBLE, right, 1, MPI_COMM_WORLD);
  }
}

/* The two exchanges the driver compares. */
#define HALO_A "Sendrecv"
#define HALO_B "Send/Recv"
#define exchange_a exchange_sendrecv
#define exchange_b exchange_pairs
#include "mpi_heat_halo.h"
