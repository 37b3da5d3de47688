// Every __enzyme_* entry point Eddy does not implement is a compile error at
// its call, naming it, with a remedy -- never a link error. The list is
// Enzyme's own (its entry-point dispatch and type hints); an unknown
// __enzyme_* name gets the list of Eddy's entry points. The check runs on the
// AST, so the verdict is the same at every level.
// RUN: not %eddy-clang -O0 -ferror-limit=0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O1 -ferror-limit=0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -ferror-limit=0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O3 -ferror-limit=0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"

double __enzyme_fwdsplit(void *, ...);
void *__enzyme_virtualreverse(void *);
double __enzyme_error_estimate(void *, ...);
void *__enzyme_todense(void *, void *, void *);
void *__enzyme_truncate_mem_func(void *, int, int);
void *__enzyme_truncate_op_func(void *, int, int);
void *__enzyme_truncate_func(void *, int, int);
double __enzyme_truncate_mem_value(double, int, int);
double __enzyme_expand_mem_value(double, int, int);
void *__enzyme_trace(void *, ...);
double __enzyme_condition(void *, ...);
double __enzyme_sample(void *, void *, const char *, ...);
double __enzyme_likelihood(void *, ...);
double __enzyme_observe(double, void *, ...);
void __enzyme_float(void *, int);
void __enzyme_double(void *, int);
void __enzyme_integer(void *, int);
void __enzyme_pointer(void *, int);
long __enzyme_iter(long, long);
double __enzyme_ignore_derivatives(double);
double __enzyme_call_inactive(void *, ...);
double __enzyme_post_sparse_todense(void *, long, double, void *);
double __enzyme_made_up(void *, ...);

static double sq(double x) { return x * x; }

void use(double x) {
  // CHECK: unsupported-entry-calls.c:[[@LINE+1]]:3: error: '__enzyme_fwdsplit' is not supported by Eddy; forward split mode has no Eddy counterpart; use __enzyme_fwddiff
  __enzyme_fwdsplit((void *)sq, x, 1.0, (void *)0);
  // CHECK: unsupported-entry-calls.c:[[@LINE+1]]:3: error: '__enzyme_virtualreverse' is not supported by Eddy; Eddy does not build derivatives of virtual functions as objects; differentiate the caller through the virtual call, or give the function a custom rule (EDDY_ADJOINT_RULE)
  __enzyme_virtualreverse((void *)sq);
  // CHECK: unsupported-entry-calls.c:[[@LINE+1]]:3: error: '__enzyme_error_estimate' is not supported by Eddy; Eddy computes derivatives, not floating-point error estimates; use __enzyme_fwddiff for the tangent
  __enzyme_error_estimate((void *)sq, x, 0.0);
  // CHECK: unsupported-entry-calls.c:[[@LINE+1]]:3: error: '__enzyme_todense' is not supported by Eddy; Eddy has no sparse derivatives; use dense arrays
  __enzyme_todense((void *)sq, (void *)sq, (void *)0);
  // CHECK: unsupported-entry-calls.c:[[@LINE+1]]:3: error: '__enzyme_truncate_mem_func' is not supported by Eddy; Eddy does not change floating-point precision; call a version of the function written in the narrower type
  __enzyme_truncate_mem_func((void *)sq, 64, 32);
  // CHECK: unsupported-entry-calls.c:[[@LINE+1]]:3: error: '__enzyme_truncate_op_func' is not supported by Eddy; Eddy does not change floating-point precision; call a version of the function written in the narrower type
  __enzyme_truncate_op_func((void *)sq, 64, 32);
  // CHECK: unsupported-entry-calls.c:[[@LINE+1]]:3: error: '__enzyme_truncate_func' is not supported by Eddy; Eddy does not change floating-point precision; call a version of the function written in the narrower type
  __enzyme_truncate_func((void *)sq, 64, 32);
  // CHECK: unsupported-entry-calls.c:[[@LINE+1]]:3: error: '__enzyme_truncate_mem_value' is not supported by Eddy; Eddy does not change floating-point precision; call a version of the function written in the narrower type
  __enzyme_truncate_mem_value(x, 64, 32);
  // CHECK: unsupported-entry-calls.c:[[@LINE+1]]:3: error: '__enzyme_expand_mem_value' is not supported by Eddy; Eddy does not change floating-point precision; convert the value explicitly
  __enzyme_expand_mem_value(x, 64, 32);
  // CHECK: unsupported-entry-calls.c:[[@LINE+1]]:3: error: '__enzyme_trace' is not supported by Eddy; Eddy has no probabilistic programming
  __enzyme_trace((void *)sq, x);
  // CHECK: unsupported-entry-calls.c:[[@LINE+1]]:3: error: '__enzyme_condition' is not supported by Eddy; Eddy has no probabilistic programming
  __enzyme_condition((void *)sq, (void *)0, x);
  // CHECK: unsupported-entry-calls.c:[[@LINE+1]]:3: error: '__enzyme_sample' is not supported by Eddy; Eddy has no probabilistic programming
  __enzyme_sample((void *)sq, (void *)sq, "x", x);
  // CHECK: unsupported-entry-calls.c:[[@LINE+1]]:3: error: '__enzyme_likelihood' is not supported by Eddy; Eddy has no probabilistic programming
  __enzyme_likelihood((void *)sq, (void *)0, x);
  // CHECK: unsupported-entry-calls.c:[[@LINE+1]]:3: error: '__enzyme_observe' is not supported by Eddy; Eddy has no probabilistic programming
  __enzyme_observe(x, (void *)sq, x);
  // CHECK: unsupported-entry-calls.c:[[@LINE+1]]:3: error: '__enzyme_float' is not supported by Eddy; Eddy infers the types of memory itself; remove the type hint
  __enzyme_float(&x, 8);
  // CHECK: unsupported-entry-calls.c:[[@LINE+1]]:3: error: '__enzyme_double' is not supported by Eddy; Eddy infers the types of memory itself; remove the type hint
  __enzyme_double(&x, 8);
  // CHECK: unsupported-entry-calls.c:[[@LINE+1]]:3: error: '__enzyme_integer' is not supported by Eddy; Eddy infers the types of memory itself; remove the type hint
  __enzyme_integer(&x, 8);
  // CHECK: unsupported-entry-calls.c:[[@LINE+1]]:3: error: '__enzyme_pointer' is not supported by Eddy; Eddy infers the types of memory itself; remove the type hint
  __enzyme_pointer(&x, 8);
  // CHECK: unsupported-entry-calls.c:[[@LINE+1]]:3: error: '__enzyme_iter' is not supported by Eddy; remove the hint and use the value itself
  __enzyme_iter(3, 1);
  // CHECK: unsupported-entry-calls.c:[[@LINE+1]]:3: error: '__enzyme_ignore_derivatives' is not supported by Eddy; compute the value in a function registered inactive (EDDY_INACTIVE_FUNCTION) or pass it as enzyme_const
  __enzyme_ignore_derivatives(x);
  // CHECK: unsupported-entry-calls.c:[[@LINE+1]]:3: error: '__enzyme_call_inactive' is not supported by Eddy; register the callee inactive (EDDY_INACTIVE_FUNCTION) and call it directly
  __enzyme_call_inactive((void *)sq, x);
  // CHECK: unsupported-entry-calls.c:[[@LINE+1]]:3: error: '__enzyme_post_sparse_todense' is not supported by Eddy; Eddy has no sparse derivatives; use dense arrays
  __enzyme_post_sparse_todense((void *)0, 0, x, (void *)0);
  // CHECK: unsupported-entry-calls.c:[[@LINE+1]]:3: error: '__enzyme_made_up' is not supported by Eddy; Eddy's entry points are {{.*}}__enzyme_autodiff, __enzyme_fwddiff{{.*}}
  __enzyme_made_up((void *)sq, x);
}
