// A receive whose source is MPI_ANY_SOURCE only at run time cannot be paired
// with its derivative's message: the derivative stops the program at the
// call with a message naming it, in both modes, instead of receiving the
// wrong rank's derivative.
// REQUIRES: mpi
// UNSUPPORTED: eddy-sanitize, eddy-valgrind
// RUN: %eddy-clang -O1 %mpi-flags %s -o %t
// RUN: not %mpirun -np 2 %t reverse 2>&1 | FileCheck %s
// RUN: not %mpirun -np 2 %t forward 2>&1 | FileCheck %s
// CHECK: eddy: the derivative of MPI_Recv with MPI_ANY_SOURCE or MPI_ANY_TAG is not supported; name the source rank and the tag
#include <eddy/eddy.h>
#include <mpi.h>
#include <stdio.h>
#include <string.h>

static int source; /* MPI_ANY_SOURCE, decided at run time */

void exchange(double *x, double *out) {
  int rank;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  double y = x[0] * x[0];
  if (rank == 1) {
    MPI_Send(&y, 1, MPI_DOUBLE, 0, 0, MPI_COMM_WORLD);
    *out = 0.0;
  } else {
    MPI_Recv(&y, 1, MPI_DOUBLE, source, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    *out = y * x[0];
  }
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  source = argc > 5 ? 1 : MPI_ANY_SOURCE;
  double x = 1.5, dx = 0.0, out, dout = 1.0;
  if (argc > 1 && strcmp(argv[1], "forward") == 0)
    __enzyme_fwddiff((void *)exchange, enzyme_dup, &x, &dx, enzyme_dup, &out,
                     &dout);
  else
    __enzyme_autodiff((void *)exchange, enzyme_dup, &x, &dx, enzyme_dup, &out,
                      &dout);
  printf("no stop: %g\n", dx);
  MPI_Finalize();
  return 0;
}
