// An entry point must be called directly. Taking its address -- implemented
// or not -- is an error at the use: a call through the pointer would be a
// request at -O2 (where the pointer folds away) and a link error at -O0.
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
double __enzyme_autodiff(void *, ...);
void *__enzyme_todense(void *, void *, void *);

typedef double (*grad_t)(void *, double);

static double sq(double x) { return x * x; }

double through_pointer(double x) {
  // CHECK: unsupported-entry-address.c:[[@LINE+1]]:31: error: the entry point '__enzyme_autodiff' must be called directly: Eddy serves a request at its call, and a pointer to it names no function; call '__enzyme_autodiff' where the derivative is needed
  grad_t g = (grad_t)(void *)&__enzyme_autodiff;
  return g((void *)sq, x);
}

// CHECK: unsupported-entry-address.c:[[@LINE+1]]:24: error: the entry point '__enzyme_todense' must be called directly: Eddy serves a request at its call, and a pointer to it names no function; call '__enzyme_todense' where the derivative is needed
void *stored = (void *)__enzyme_todense;
