// -Rpass=eddy names the built-in MPI rule that serves each call, in both
// modes (docs/tools.md, "Remarks"). Only compiled.
// REQUIRES: mpi
// RUN: %eddy-clang %mpi-cflags -O2 -Rpass=eddy -c %s -o /dev/null 2>&1 | FileCheck %s
// CHECK-DAG: remarks.c:[[@LINE+10]]:3: remark: reverse mode of 'f': the call of 'MPI_Allreduce' uses Eddy's built-in MPI rule 'eddy.mpi.MPI_Allreduce.adjoint'
// CHECK-DAG: remarks.c:[[@LINE+9]]:3: remark: forward mode of 'f': the call of 'MPI_Allreduce' uses Eddy's built-in MPI rule 'eddy.mpi.MPI_Allreduce.tangent'
// CHECK-DAG: remarks.c:[[@LINE+9]]:3: remark: reverse mode of 'f': the call of 'MPI_Allreduce' uses Eddy's built-in MPI rule 'eddy.mpi.MPI_Allreduce.max.reverse'
#include <mpi.h>

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

double f(double x) {
  double y = x * x, s, m;
  MPI_Allreduce(&y, &s, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  MPI_Allreduce(&y, &m, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  return s * m;
}

double g(double x) { return __enzyme_autodiff((void *)f, x); }
double h(double x) { return __enzyme_fwddiff((void *)f, x, 1.0); }
