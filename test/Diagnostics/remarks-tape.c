// Remarks of pass "eddy" (LLVM's optimization remarks) say, per derivative and
// at the user's lines, what the tape stores per iteration of each loop, what
// the adjoint recomputes or re-reads instead, how each call is differentiated
// and how large the generated code is; -Rpass-missed=eddy says why a value
// was taped. The checked text is the same at -O0 and -O2; what differs (the
// count of recomputed address arithmetic, the code size, -O2's record of the
// sum that leaves energy's loop) is not checked.
//
// RUN: %eddy-clang -O0 -c -Rpass=eddy %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=PASS
// RUN: %eddy-clang -O2 -c -Rpass=eddy %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=PASS
// RUN: %eddy-clang -O0 -c -Rpass-missed=eddy %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=MISSED --implicit-check-not=remark:
// RUN: %eddy-clang -O2 -c -Rpass-missed=eddy %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=MISSED --implicit-check-not=remark:
// Without -Rpass there is no remark.
// RUN: %eddy-clang -O2 -c %s -o /dev/null 2>&1 | not grep remark:
// The same remarks saved for opt-viewer, attributed to the user's functions.
// RUN: cd %S && %eddy-clang -O2 -c -fsave-optimization-record -foptimization-record-file=%t.yaml remarks-tape.c -o /dev/null
// RUN: FileCheck %s --check-prefix=YAML < %t.yaml
#include <eddy/eddy.h>
#include <math.h>

// In place: u[i] is overwritten by the loop, and w may alias u.
void smooth(double *u, const double *w, int n) {
  // YAML: Pass: eddy
  // YAML-NEXT: Name: TapePerIteration
  // YAML-NEXT: DebugLoc: { File: remarks-tape.c, Line: [[@LINE+13]], Column: 3 }
  // YAML-NEXT: Function: smooth
  // YAML-NEXT: Args:
  // YAML-NEXT: - String: 'reverse mode of ''smooth'': the tape stores 3 values (24 bytes) per iteration of this loop
  // YAML: --- !Missed
  // YAML-NEXT: Pass: eddy
  // YAML-NEXT: Name: TapedLoad
  // YAML-NEXT: DebugLoc: { File: remarks-tape.c, Line: [[@LINE+7]], Column: 19 }
  // YAML-NEXT: Function: smooth
  // YAML-NEXT: Args:
  // YAML-NEXT: - String: 'reverse mode of ''smooth'': `u[i]` at [[@LINE+4]]:19 is taped because the loop overwrites it (at [[@LINE+4]]:10)'
  // PASS-DAG: remarks-tape.c:[[@LINE+2]]:3: remark: reverse mode of 'smooth': the tape stores 3 values (24 bytes) per iteration of this loop: {{.*}}`u[i]` at [[@LINE+3]]:19 (8 bytes){{.*}}
  // PASS-DAG: remarks-tape.c:[[@LINE+1]]:3: remark: reverse mode of 'smooth': instead of taping them, the adjoint of this loop gets the induction variable (recomputed from the loop counter)
  for (int i = 0; i < n; ++i)
    u[i] = w[i] * u[i] * u[i];
  // MISSED-DAG: remarks-tape.c:[[@LINE-1]]:19: remark: reverse mode of 'smooth': `u[i]` at [[@LINE-1]]:19 is taped because the loop overwrites it (at [[@LINE-1]]:10) [-Rpass-missed=eddy]
  // MISSED-DAG: remarks-tape.c:[[@LINE-2]]:12: remark: reverse mode of 'smooth': `w[i]` at [[@LINE-2]]:12 is taped because the loop may overwrite it through another pointer (at [[@LINE-2]]:10); if the two never overlap, declare them restrict [-Rpass-missed=eddy]
}

// The remedy: with restrict, w[i] is re-read by the adjoint instead.
void smooth_restrict(double *restrict u, const double *restrict w, int n) {
  // PASS-DAG: remarks-tape.c:[[@LINE+2]]:3: remark: reverse mode of 'smooth_restrict': the tape stores 2 values (16 bytes) per iteration of this loop
  // PASS-DAG: remarks-tape.c:[[@LINE+1]]:3: remark: reverse mode of 'smooth_restrict': instead of taping them, the adjoint of this loop gets {{.*}}`w[i]` at [[@LINE+2]]:12 (re-read: nothing writes its memory afterwards)
  for (int i = 0; i < n; ++i)
    u[i] = w[i] * u[i] * u[i];
  // MISSED-DAG: remarks-tape.c:[[@LINE-1]]:19: remark: reverse mode of 'smooth_restrict': `u[i]` at [[@LINE-1]]:19 is taped because the loop overwrites it
}

// A user rule and a function differentiated from its body.
static double softplus(double x) { return log1p(exp(x)); }
static void softplus_adjoint(double x, double *dx, double dret) { *dx += dret / (1 + exp(-x)); }
static double softplus_tangent(double x, double dx) { return dx / (1 + exp(-x)); }
EDDY_ADJOINT_RULE(softplus, softplus_adjoint)
EDDY_TANGENT_RULE(softplus, softplus_tangent)
static __attribute__((noinline)) double cube(double x) { return x * x * x; }

double energy(const double *x, const double *w, int n) {
  double s = 0;
  // PASS-DAG: remarks-tape.c:[[@LINE+3]]:3: remark: reverse mode of 'energy': the tape stores 4 values (32 bytes) per iteration of this loop: `exp(s * 0.01)` at [[@LINE+4]]:29 (8 bytes), a product at [[@LINE+4]]:15 (8 bytes), `w[i]` at [[@LINE+4]]:10 (8 bytes), `x[i]` at [[@LINE+4]]:21 (8 bytes) [-Rpass=eddy]
  // PASS-DAG: remarks-tape.c:[[@LINE+2]]:3: remark: reverse mode of 'energy': instead of taping them, the adjoint of this loop gets the induction variable (recomputed from the loop counter)
  // PASS-DAG: remarks-tape.c:[[@LINE+2]]:17: remark: reverse mode of 'energy': the call of 'sin' uses Eddy's built-in rule for 'sin'
  for (int i = 0; i < n; ++i)
    s += w[i] * sin(x[i]) * exp(s * 0.01);
  // The call of softplus, whose body its rule stands for, is opaque: it may
  // write x and w, so their loads are taped.
  // MISSED-DAG: remarks-tape.c:[[@LINE-3]]:10: remark: reverse mode of 'energy': `w[i]` at [[@LINE-3]]:10 is taped because the call of 'softplus' (at [[@LINE+5]]:10) may write it [-Rpass-missed=eddy]
  // MISSED-DAG: remarks-tape.c:[[@LINE-4]]:21: remark: reverse mode of 'energy': `x[i]` at [[@LINE-4]]:21 is taped because the call of 'softplus' (at [[@LINE+4]]:10) may write it [-Rpass-missed=eddy]
  // PASS-DAG: remarks-tape.c:[[@LINE+3]]:10: remark: forward mode of 'energy': the call of 'softplus' uses the registered tangent rule 'softplus_tangent'
  // PASS-DAG: remarks-tape.c:[[@LINE+2]]:10: remark: reverse mode of 'energy': the call of 'softplus' uses the registered adjoint rule 'softplus_adjoint'
  // PASS-DAG: remarks-tape.c:[[@LINE+1]]:24: remark: reverse mode of 'energy': the call of 'cube' uses a derivative generated from its body
  return softplus(s) + cube(s);
}

extern int enzyme_const;
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

void grads(double *u, double *du, const double *w, int n) {
  // PASS-DAG: remarks-tape.c:[[@LINE+1]]:3: remark: reverse mode of 'smooth' ('smooth.eddy.grad.{{.*}}'): {{[0-9]+}} IR instructions in {{[0-9]+}} blocks
  __enzyme_autodiff((void *)smooth, u, du, enzyme_const, w, n);
  __enzyme_autodiff((void *)smooth_restrict, u, du, enzyme_const, w, n);
  __enzyme_autodiff((void *)energy, u, du, enzyme_const, w, n);
}

double tangent(double *x, double *dx, const double *w, int n) {
  // PASS-DAG: remarks-tape.c:[[@LINE+1]]:10: remark: forward mode of 'energy' ('energy.eddy.fwd.{{.*}}'): {{[0-9]+}} IR instructions in {{[0-9]+}} blocks
  return __enzyme_fwddiff((void *)energy, x, dx, enzyme_const, w, n);
}
