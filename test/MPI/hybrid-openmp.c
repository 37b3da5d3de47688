// Hybrid MPI + OpenMP: the domain-decomposed heat stepper of heat-halo.c
// with each rank's step a `#pragma omp parallel for` (a stencil: the
// adjoint adds into shared shadows atomically) and the halo exchanged by
// MPI outside the parallel regions (MPI_THREAD_FUNNELED use). On 1 and 2
// ranks of 2 threads each, at every -O level, the same checks as
// heat-halo.c: reverse mode equals the serial program's gradient to
// rounding and matches central differences; forward mode equals the serial
// forward derivative and the gradient's dot product with the direction.
//
// REQUIRES: mpi, openmp
// UNSUPPORTED: eddy-sanitize, eddy-valgrind
// RUN: %levels --env OMP_NUM_THREADS=2 --run-prefix='%mpirun -np 1' %eddy-clang %omp-flags %mpi-flags -I%S/../Inputs %s -o %t.np1 -- FileCheck --implicit-check-not=FAIL %s
// RUN: %levels --env OMP_NUM_THREADS=2 --run-prefix='%mpirun -np 2' %eddy-clang %omp-flags %mpi-flags -I%S/../Inputs %s -o %t.np2 -- FileCheck --implicit-check-not=FAIL %s
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
