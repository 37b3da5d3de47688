// MPI calls Eddy does not differentiate are refused at their line, by name,
// with the remedy, at every -O level: a collective without a rule
// (MPI_Alltoall), a reduction other than MPI_SUM, MPI_MAX and MPI_MIN, a
// datatype that is not MPI_DOUBLE, a non-blocking send completed by
// MPI_Test, a receive from MPI_ANY_SOURCE, MPI_Allgather in place,
// MPI_MAX in place, and MPI_Isend in vector reverse mode. Only compiled,
// never run.
// REQUIRES: mpi
// RUN: not %eddy-clang %mpi-cflags -O0 -c -DCASE=1 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=GATHER --implicit-check-not="error:"
// RUN: not %eddy-clang %mpi-cflags -O2 -c -DCASE=1 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=GATHER --implicit-check-not="error:"
// RUN: not %eddy-clang %mpi-cflags -O1 -c -DCASE=2 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=MAX --implicit-check-not="error:"
// RUN: not %eddy-clang %mpi-cflags -O3 -c -DCASE=2 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=MAX --implicit-check-not="error:"
// RUN: not %eddy-clang %mpi-cflags -O0 -c -DCASE=3 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=FLOAT --implicit-check-not="error:"
// RUN: not %eddy-clang %mpi-cflags -O2 -c -DCASE=3 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=FLOAT --implicit-check-not="error:"
// RUN: not %eddy-clang %mpi-cflags -O0 -c -DCASE=4 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=ISEND --implicit-check-not="error:"
// RUN: not %eddy-clang %mpi-cflags -O2 -c -DCASE=4 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=ISEND --implicit-check-not="error:"
// RUN: not %eddy-clang %mpi-cflags -O0 -c -DCASE=5 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=ANY --implicit-check-not="error:"
// RUN: not %eddy-clang %mpi-cflags -O2 -c -DCASE=5 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=ANY --implicit-check-not="error:"
// RUN: not %eddy-clang %mpi-cflags -O0 -c -DCASE=6 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=INPLACE --implicit-check-not="error:"
// RUN: not %eddy-clang %mpi-cflags -O2 -c -DCASE=6 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=INPLACE --implicit-check-not="error:"
// RUN: not %eddy-clang %mpi-cflags -O0 -c -DCASE=7 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=MAXINPLACE --implicit-check-not="error:"
// RUN: not %eddy-clang %mpi-cflags -O2 -c -DCASE=7 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=MAXINPLACE --implicit-check-not="error:"
// RUN: not %eddy-clang %mpi-cflags -O0 -c -DCASE=8 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=VECTOR --implicit-check-not="error:"
// RUN: not %eddy-clang %mpi-cflags -O2 -c -DCASE=8 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=VECTOR --implicit-check-not="error:"
#include <mpi.h>

void __enzyme_autodiff(void *, ...);
extern int enzyme_width;

double f(double *x) {
  double y[8];
#if CASE == 1
  // GATHER: refuse-unsupported.c:[[@LINE+1]]:3: error: eddy: 'MPI_Alltoall' is called on data that depends on the differentiated inputs, and Eddy has no derivative rule for it; Eddy differentiates MPI_Send, MPI_Recv, MPI_Sendrecv, MPI_Isend, MPI_Irecv, MPI_Wait, MPI_Waitall, MPI_Bcast, MPI_Gather, MPI_Scatter, MPI_Allgather, and MPI_Reduce and MPI_Allreduce with MPI_SUM, MPI_MAX or MPI_MIN, on MPI_DOUBLE buffers (docs/parallel.md) — express the communication with those, or move the call out of the differentiated function (while differentiating 'f')
  MPI_Alltoall(x, 2, MPI_DOUBLE, y, 2, MPI_DOUBLE, MPI_COMM_WORLD);
#elif CASE == 2
  // MAX: refuse-unsupported.c:[[@LINE+1]]:3: error: eddy: 'MPI_Allreduce' with a reduction other than MPI_SUM, MPI_MAX and MPI_MIN (a user operation, MPI_PROD, ...) on data that depends on the differentiated inputs; {{.*}} (while differentiating 'f')
  MPI_Allreduce(x, y, 2, MPI_DOUBLE, MPI_PROD, MPI_COMM_WORLD);
#elif CASE == 7
  y[0] = x[0];
  y[1] = x[1];
  // MAXINPLACE: refuse-unsupported.c:[[@LINE+1]]:3: error: eddy: 'MPI_Allreduce' with MPI_MAX or MPI_MIN and MPI_IN_PLACE in a differentiated function is not supported yet; reduce into a separate buffer (while differentiating 'f')
  MPI_Allreduce(MPI_IN_PLACE, y, 2, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
#elif CASE == 3
  float s[2] = {(float)x[0], (float)x[1]}, r[2];
  // FLOAT: refuse-unsupported.c:[[@LINE+1]]:3: error: eddy: 'MPI_Allreduce' of MPI_FLOAT or MPI_LONG_DOUBLE data that depends on the differentiated inputs; {{.*}} — communicate the data as double (while differentiating 'f')
  MPI_Allreduce(s, r, 2, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
  y[0] = r[0];
  y[1] = r[1];
#elif CASE == 4
  MPI_Request req;
  int done;
  MPI_Isend(x, 2, MPI_DOUBLE, 1, 0, MPI_COMM_WORLD, &req);
  // The send has a rule; a request completed by MPI_Test has none.
  // ISEND: refuse-unsupported.c:[[@LINE+1]]:3: error: eddy: 'MPI_Test' is called on data that depends on the differentiated inputs, and Eddy has no derivative rule for it; {{.*}} (while differentiating 'f')
  MPI_Test(&req, &done, MPI_STATUS_IGNORE);
  y[0] = y[1] = 0.0;
#elif CASE == 5
  // ANY: refuse-unsupported.c:[[@LINE+1]]:3: error: eddy: 'MPI_Recv' with MPI_ANY_SOURCE or MPI_ANY_TAG in a differentiated function: the derivative's message must travel between the same two ranks with the same tag as the value's; name the source rank and the tag (while differentiating 'f')
  MPI_Recv(y, 2, MPI_DOUBLE, MPI_ANY_SOURCE, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  y[0] *= x[0];
  y[1] *= x[1];
#elif CASE == 6
  // INPLACE: refuse-unsupported.c:[[@LINE+1]]:3: error: eddy: 'MPI_Allgather' with MPI_IN_PLACE in a differentiated function is not supported yet; use separate send and receive buffers (while differentiating 'f')
  MPI_Allgather(MPI_IN_PLACE, 2, MPI_DOUBLE, x, 2, MPI_DOUBLE, MPI_COMM_WORLD);
  y[0] = y[1] = 1.0;
#elif CASE == 8
  MPI_Request req;
  // VECTOR: refuse-unsupported.c:[[@LINE+1]]:3: error: eddy: vector reverse mode (enzyme_width) does not differentiate 'MPI_Isend' (non-blocking calls and MPI_MAX/MPI_MIN reductions); request one cotangent at a time (while differentiating 'f')
  MPI_Isend(x, 2, MPI_DOUBLE, 1, 0, MPI_COMM_WORLD, &req);
  // VECTOR: refuse-unsupported.c:[[@LINE+1]]:3: error: eddy: vector reverse mode (enzyme_width) does not differentiate 'MPI_Wait' {{.*}}
  MPI_Wait(&req, MPI_STATUS_IGNORE);
  y[0] = y[1] = 1.0;
#endif
  return y[0] * x[0] + y[1];
}

void g(double *x, double *dx, double *dx1) {
#if CASE == 8
  __enzyme_autodiff((void *)f, enzyme_width, 2, x, dx, dx1);
#else
  __enzyme_autodiff((void *)f, x, dx);
#endif
}
