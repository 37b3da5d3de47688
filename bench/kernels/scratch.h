//===- bench/kernels/scratch.h - Heap scratch for kernels over double/adouble ===//
//
// Kernels allocate their temporaries like a C programmer would: malloc/free for
// double (Eddy gives heap blocks shadows), new[]/delete[] for class types such
// as ADOL-C's adouble, which need their constructors run.
//===----------------------------------------------------------------------===//
#ifndef EDDY_BENCH_SCRATCH_H
#define EDDY_BENCH_SCRATCH_H

#include <cstdlib>
#include <type_traits>

template <class T> static T *scratch_alloc(size_t N) {
  if constexpr (std::is_same_v<T, double>)
    return (double *)malloc(sizeof(double) * N);
  else
    return new T[N];
}

template <class T> static void scratch_free(T *P) {
  if constexpr (std::is_same_v<T, double>)
    free(P);
  else
    delete[] P;
}

#endif
