// Hybrid MPI + OpenMP: the domain-decomposed heat stepper of heat-halo.c
// with each rank's step a `#pragma omp parallel for` (a stencil: the
// threads' adjoints share the shadows of neighbouring cells) and the halo exchanged by
// MPI outside the parallel regions (MPI_THREAD_FUNNELED use). On 1 and 2
// ranks of 2 threads each, at every -O level, the same checks as
// heat-halo.c: reverse mode equals the serial program's gradient to
// rounding and matches central differences; forward mode equals the serial
// forward derivative and the gradient's dot product with the direction.
//
// REQUIRES: mpi, openmp
// UNSUPPORTED: eddy-sanitize, eddy-valgrind
// RUN: %levels --env OMP_NUM_THREADS=2 --run-prefix='%mpirun -np 1' %eddy-clang %omp-flags %mpi-flags -I%S/../Inputs -I%S %s -o %t.np1 -- FileCheck --implicit-check-not=FAIL %s
// RUN: %levels --env OMP_NUM_THREADS=2 --run-prefix='%mpirun -np 2' %eddy-clang %omp-flags %mpi-flags -I%S/../Inputs -I%S %s -o %t.np2 -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
//
// The program is heat-halo.c's, whose step's loops carry the pragmas.
#include "heat-halo.c"
