// Forward mode over the gradient of a checkpointed loop (a Hessian-vector
// product) that Eddy refuses, at every level, once, at the request:
//  1. the forward request gives no tangent to an array whose derivative the
//     loop computes (u is enzyme_const): the tangent loop's reverse sweep
//     would have nowhere to put the tangent of its adjoint;
//  2. vector forward mode (enzyme_width 2): the two directions' tangent
//     loops would share the one adjoint of the state (x̄ is each lane's
//     adjoint of its ẋ), so it is refused; ask for one direction per request.
// One request per compilation (-DCASE).
// RUN: for O in 0 1 2 3; do not %eddy-clang -O$O -DCASE=1 -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=CONST --implicit-check-not="error:" --implicit-check-not="PLEASE submit"; done
// RUN: for O in 0 1 2 3; do not %eddy-clang -O$O -DCASE=2 -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=WIDTH --implicit-check-not="error:" --implicit-check-not="PLEASE submit"; done
#include <eddy/eddy.h>
#include <math.h>

#define N 8

static double heat(double *u, double k) {
#pragma eddy checkpoint(binomial, snapshots(4))
  for (int t = 0; t < 30; ++t)
    for (int i = 0; i < N; ++i)
      u[i] += k * sin(u[i]) * u[(i + 1) % N];
  return u[0] * u[1];
}

static void grad(double *u, double *du, double k, double *dk) {
  *dk += __enzyme_autodiff((void *)heat, u, du, k);
}

#if CASE == 1
void hvp_k(double *u, double *du, double *hu, double k, double *dk, double *hk) {
  // CONST: hvp-refusals.c:[[@LINE+1]]:3: error: eddy: forward mode over the gradient of this checkpointed loop needs a tangent for every array whose derivative the loop computes, and for that derivative; give the forward request a tangent (enzyme_dup) for each of them, or remove '#pragma eddy checkpoint' from the loop for this request
  __enzyme_fwddiff((void *)grad, enzyme_const, u, du, hu, k, 1.0, dk, hk);
}
#elif CASE == 2
void hvp2(double *u, double *v1, double *v2, double *du, double *h1, double *h2,
          double k, double *dk, double *hk1, double *hk2) {
  // WIDTH: hvp-refusals.c:[[@LINE+1]]:3: error: eddy: vector mode (enzyme_width) in forward mode over the gradient of a checkpointed loop is not supported yet; ask for one direction per request, or remove '#pragma eddy checkpoint' from the loop for this request
  __enzyme_fwddiff((void *)grad, enzyme_width, 2, u, v1, v2, du, h1, h2, k,
                   1.0, 0.0, dk, hk1, hk2);
}
#endif
