// Enzyme's markers that Eddy does not serve are each a compile error at the
// marker's column that names it, with a remedy: where the parameters expect
// a marker, where they expect a value or shadow, and after the last argument.
// (enzyme_tape, enzyme_allocated, enzyme_nofree, enzyme_vector, enzyme_scalar
// and enzyme_context belong to split mode, batch mode and global shadows.)
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
#include <eddy/eddy.h>

extern int enzyme_primal_return;
extern int enzyme_noret;
extern int enzyme_const_return;
extern int enzyme_active_return;
extern int enzyme_dup_return;
extern int enzyme_runtime_activity;
extern int enzyme_strong_zero;
extern int enzyme_dupv;
extern int enzyme_dupnoneedv;
extern int enzyme_interleave;
extern int enzyme_byref;
extern int enzyme_not_overwritten;

static double f(double x, double y) { return x * y; }
static void h(double *p) { p[0] *= p[0]; }

void use(double x, double y, double *p, double *dp) {
  // CHECK: markers-unsupported.c:[[@LINE+1]]:31: error: Enzyme's marker 'enzyme_primal_return' is not supported by Eddy; the request returns the derivative only: call the function itself for its value
  __enzyme_fwddiff((void *)f, enzyme_primal_return, x, 1.0, y, 0.0);
  // CHECK: markers-unsupported.c:[[@LINE+1]]:47: error: Enzyme's marker 'enzyme_noret' is not supported by Eddy; a request returns the derivative only, never the primal value: remove the marker
  __enzyme_fwddiff((void *)f, x, 1.0, y, 0.0, enzyme_noret);
  // CHECK: markers-unsupported.c:[[@LINE+1]]:32: error: Enzyme's marker 'enzyme_const_return' is not supported by Eddy; Eddy differentiates a floating-point return value; to leave it out, differentiate a wrapper that calls the function and returns void
  __enzyme_autodiff((void *)f, enzyme_const_return, x, y);
  // CHECK: markers-unsupported.c:[[@LINE+1]]:38: error: Enzyme's marker 'enzyme_active_return' is not supported by Eddy; a floating-point return value is already active (seeded with 1.0 in reverse mode): remove the marker
  __enzyme_autodiff((void *)f, x, y, enzyme_active_return);
  // CHECK: markers-unsupported.c:[[@LINE+1]]:32: error: Enzyme's marker 'enzyme_dup_return' is not supported by Eddy; a pointer return value has no shadow in Eddy; return through an output parameter marked enzyme_dup
  __enzyme_autodiff((void *)f, enzyme_dup_return, x, y);
  // CHECK: markers-unsupported.c:[[@LINE+1]]:32: error: Enzyme's marker 'enzyme_runtime_activity' is not supported by Eddy; Eddy decides activity at compile time: pass memory that is not differentiated as enzyme_const, and a shadow distinct from the value for memory that is
  __enzyme_autodiff((void *)h, enzyme_runtime_activity, p, dp);
  // CHECK: markers-unsupported.c:[[@LINE+1]]:31: error: Enzyme's marker 'enzyme_strong_zero' is not supported by Eddy; Eddy's reverse mode always uses strong zeros (docs/edge-values.md); in forward mode mark the inputs whose tangent is zero enzyme_const
  __enzyme_fwddiff((void *)f, enzyme_strong_zero, x, 1.0, y, 0.0);
  // CHECK: markers-unsupported.c:[[@LINE+1]]:49: error: Enzyme's marker 'enzyme_dupv' is not supported by Eddy; use enzyme_width, N and pass the N shadows one by one
  __enzyme_autodiff((void *)h, enzyme_width, 2, enzyme_dupv, 8, p, dp);
  // CHECK: markers-unsupported.c:[[@LINE+1]]:49: error: Enzyme's marker 'enzyme_dupnoneedv' is not supported by Eddy; use enzyme_width, N and pass the N shadows one by one
  __enzyme_autodiff((void *)h, enzyme_width, 2, enzyme_dupnoneedv, 8, p, dp);
  // CHECK: markers-unsupported.c:[[@LINE+1]]:56: error: Enzyme's marker 'enzyme_interleave' is not supported by Eddy; use enzyme_width, N and pass the N shadows one by one
  __enzyme_autodiff((void *)h, enzyme_width, 2, p, dp, enzyme_interleave, dp);
  // CHECK: markers-unsupported.c:[[@LINE+1]]:32: error: Enzyme's marker 'enzyme_byref' is not supported by Eddy; pass the value itself, or a pointer with enzyme_dup
  __enzyme_autodiff((void *)h, enzyme_byref, 8, p, dp);
  // CHECK: markers-unsupported.c:[[@LINE+1]]:44: error: Enzyme's marker 'enzyme_not_overwritten' is not supported by Eddy; remove the marker: Eddy keeps what the adjoint sweep needs whether or not it is overwritten
  __enzyme_autodiff((void *)h, enzyme_dup, enzyme_not_overwritten, p, dp);
}
