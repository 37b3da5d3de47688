// The heat stepper of heat-halo.c with non-blocking halo exchanges: receives
// and sends started with MPI_Irecv/MPI_Isend and completed by one
// MPI_Waitall, or started sends-first and completed by four MPI_Wait in
// another order. On 1, 2 and 4 ranks, at every -O level, reverse mode
// equals the serial program's gradient to rounding and central differences,
// and forward mode equals the serial forward derivative and the gradient's
// dot product with the direction, on every rank (the checks of heat-halo.c;
// "pairs" selects the MPI_Wait version).
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
static void step(double *u, double *v, double k, int n) {
  for (int i = 1; i <= n; ++i)
    v[i] = u[i] + k * (u[i - 1] - 2.0 * u[i] + u[i + 1]) -
           0.05 * u[i] * u[i] * u[i];
  for (int i = 1; i <= n; ++i)
    u[i] = v[i];
}

/* Receives posted first, then sends, then one MPI_Waitall. */
static void exchange_waitall(double *u, int n, int left, int right) {
  MPI_Request req[4];
  MPI_Irecv(&u[0], 1, MPI_DOUBLE, left, 1, MPI_COMM_WORLD, &req[0]);
  MPI_Irecv(&u[n + 1], 1, MPI_DOUBLE, right, 0, MPI_COMM_WORLD, &req[1]);
  MPI_Isend(&u[1], 1, MPI_DOUBLE, left, 0, MPI_COMM_WORLD, &req[2]);
  MPI_Isend(&u[n], 1, MPI_DOUBLE, right, 1, MPI_COMM_WORLD, &req[3]);
  MPI_Waitall(4, req, MPI_STATUSES_IGNORE);
}

/* Sends first, each request completed by its own MPI_Wait, in another
   order than they were started. */
static void exchange_wait(double *u, int n, int left, int right) {
  MPI_Request s0, s1, r0, r1;
  MPI_Isend(&u[1], 1, MPI_DOUBLE, left, 0, MPI_COMM_WORLD, &s0);
  MPI_Isend(&u[n], 1, MPI_DOUBLE, right, 1, MPI_COMM_WORLD, &s1);
  MPI_Irecv(&u[0], 1, MPI_DOUBLE, left, 1, MPI_COMM_WORLD, &r0);
  MPI_Irecv(&u[n + 1], 1, MPI_DOUBLE, right, 0, MPI_COMM_WORLD, &r1);
  MPI_Wait(&r1, MPI_STATUS_IGNORE);
  MPI_Wait(&s0, MPI_STATUS_IGNORE);
  MPI_Wait(&r0, MPI_STATUS_IGNORE);
  MPI_Wait(&s1, MPI_STATUS_IGNORE);
}

/* The two exchanges the driver compares. */
#define HALO_A "Isend/Irecv/Waitall"
#define HALO_B "Isend/Irecv/Wait"
#define exchange_a exchange_waitall
#define exchange_b exchange_wait
#include "mpi_heat_halo.h"
