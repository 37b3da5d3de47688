// Enzyme rules that cannot be called as registered are refused at the call
// that needs them, saying what the signature must be, at every level; so are
// forward mode of a function without a body that has only a reverse rule, and
// the vector modes a registration cannot serve: a registered gradient in
// vector reverse mode, and a derivative that replaces its call in vector
// forward mode. One case per compilation (the first refusal stops it).
// RUN: for O in 0 1 2 3; do for C in 1 2 3 4 5 6 7 9; do not %eddy-clang -O$O -DCASE=$C -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=C$C --implicit-check-not=error: --implicit-check-not="PLEASE submit" || exit 1; done; done
#include <eddy/eddy.h>

// The augmented forward forgets the result.
static double a(double x) { return x * x; }
static void *a_aug(double x) { (void)x; return 0; }
static double a_rev(double x, double d, void *t) { (void)t; return 2 * x * d; }
void *__enzyme_register_gradient_a[] = {(void *)a, (void *)a_aug, (void *)a_rev};
static double use_a(double x) {
  // C1: register-refusals.c:[[@LINE+1]]:10: error: eddy: the augmented forward 'a_aug' must also return the result of 'a': return double (no tape), or a struct {tape, double} or {tape, double, double shadow}, not ptr (registered for 'a' with __enzyme_register_gradient)
  return a(x) * x;
}
#if CASE == 1
double ga(double x) { return __enzyme_autodiff((void *)use_a, x); }
#endif

// The reverse takes the adjoint as a pointer, Eddy's convention, not Enzyme's.
static double b(double x) { return x * x; }
static double b_aug(double x) { return x * x; }
static void b_rev(double x, double *dx, double d) { *dx += 2 * x * d; }
void *__enzyme_register_gradient_b[] = {(void *)b, (void *)b_aug, (void *)b_rev};
static double use_b(double x) {
  // C2: register-refusals.c:[[@LINE+1]]:10: error: eddy: the reverse 'b_rev' must take (double, double, [tape]) (the parameters of the augmented forward, the adjoint of the result, then the tape if there is one), not (double, ptr, double) (registered for 'b' with __enzyme_register_gradient)
  return b(x) * x;
}
#if CASE == 2
double gb(double x) { return __enzyme_autodiff((void *)use_b, x); }
#endif

// The reverse returns one adjoint for two floating-point parameters.
static double c(double x, double y) { return x * y; }
static double c_aug(double x, double y) { return x * y; }
static double c_rev(double x, double y, double d) { return y * d + 0 * x; }
void *__enzyme_register_gradient_c[] = {(void *)c, (void *)c_aug, (void *)c_rev};
static double use_c(double x) {
  // C3: register-refusals.c:[[@LINE+1]]:10: error: eddy: the reverse 'c_rev' must return the adjoints of the floating-point parameters of 'c' in order, as a struct (double, double), not double (registered for 'c' with __enzyme_register_gradient)
  return c(x, 2.0);
}
#if CASE == 3
double gc(double x) { return __enzyme_autodiff((void *)use_c, x); }
#endif

// Forward mode of a function without a body that has only a reverse rule.
double ext(double x);
static double ext_aug(double x) { return ext(x); }
static double ext_rev(double x, double d) { return x * d; }
void *__enzyme_register_gradient_ext[] = {(void *)ext, (void *)ext_aug, (void *)ext_rev};
static double use_ext(double x) {
  // C4: register-refusals.c:[[@LINE+1]]:10: error: eddy: 'ext' has a registered adjoint rule but no tangent rule, which forward mode needs; register one with EDDY_TANGENT_RULE (or Enzyme's __enzyme_register_derivative)
  return ext(x) * x;
}
#if CASE == 4
double gext(double x) { return __enzyme_fwddiff((void *)use_ext, x, 1.0); }
#endif

// Vector reverse mode and a registered gradient.
static double d(double x) { return x * x; }
static double d_aug(double x) { return x * x; }
static double d_rev(double x, double dr) { return 2 * x * dr; }
void *__enzyme_register_gradient_d[] = {(void *)d, (void *)d_aug, (void *)d_rev};
static void use_d(const double *x, double *y) {
  // C5: register-refusals.c:[[@LINE+1]]:8: error: eddy: vector reverse mode (enzyme_width) cannot call the rule registered for 'd' with __enzyme_register_gradient: its augmented forward and reverse take one shadow per argument; request one cotangent at a time, or register an Eddy adjoint rule (EDDY_ADJOINT_RULE), which vector mode calls once per cotangent
  *y = d(*x);
}
void __enzyme_autodiff_w2(void *, ...);
#if CASE == 5
void gd(const double *x, double *dx0, double *dx1, double *y, double *dy0,
        double *dy1) {
  __enzyme_autodiff_w2((void *)use_d, enzyme_width, 2, enzyme_dup, x, dx0, dx1,
                       enzyme_dup, y, dy0, dy1);
}
#endif

// The derivative has Eddy's adjoint layout.
static double e(double x) { return x * x; }
static void e_fwd(double x, double *dx) { *dx *= 2 * x; }
void *__enzyme_register_derivative_e[] = {(void *)e, (void *)e_fwd};
static double use_e(double x) {
  // C6: register-refusals.c:[[@LINE+1]]:10: error: eddy: the rule 'e_fwd' registered for 'e' has the IR signature void (double, ptr) but must have double (double, double)
  return e(x);
}
#if CASE == 6
double ge(double x) { return __enzyme_fwddiff((void *)use_e, x, 1.0); }
#endif

// A void function's derivative in vector forward mode.
static void g(const double *x, double *y) { *y = *x * *x; }
static void g_fwd(const double *x, const double *dx, double *y, double *dy) {
  *y = *x * *x;
  *dy = 2 * *x * *dx;
}
void *__enzyme_register_derivative_g[] = {(void *)g, (void *)g_fwd};
static double use_g(double x) {
  double y;
  // C7: register-refusals.c:[[@LINE+1]]:3: error: eddy: vector forward mode (enzyme_width) cannot call the derivative registered for 'g' with __enzyme_register_derivative: it also computes the call's own effects, which would run once per tangent; request one tangent at a time, or register an Eddy tangent rule (EDDY_TANGENT_RULE), which only computes the tangent
  g(&x, &y);
  return y;
}
typedef struct { double t[2]; } T2;
T2 __enzyme_fwddiff_w2(void *, ...);
#if CASE == 7
T2 gg(double x) { return __enzyme_fwddiff_w2((void *)use_g, enzyme_width, 2, x, 1.0, 2.0); }
#endif

// A function registered like a libm function it does not resemble.
static double two(double x, double y) { return x + y; }
void *__enzyme_function_like[2] = {(void *)two, "log1p"};
static double use_two(double x) {
  // C9: register-refusals.c:[[@LINE+1]]:10: error: eddy: 'two' is registered as behaving like 'log1p' (__enzyme_function_like), but its arguments or result do not fit 'log1p'; register a function with the same parameters and floating-point result
  return two(x, 1.0);
}
#if CASE == 9
double gtwo(double x) { return __enzyme_autodiff((void *)use_two, x); }
#endif
