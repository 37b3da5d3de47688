/* eddy_unary.h - one-argument rule tests, shared by test/Exec/libm-*.c.
 *
 *   UNARY(name, expr, dexpr)   defines f_name(x) = expr and its analytic
 *                              derivative d_name(x) = dexpr;
 *   CHECK_UNARY(name, x0)      checks, at x0, the analytic derivative against
 *                              central differences, then reverse and forward
 *                              mode against the analytic derivative.
 * Include after eddy/eddy.h and eddy_check.h. */
#ifndef EDDY_UNARY_H
#define EDDY_UNARY_H

#define UNARY(name, expr, dexpr)                                               \
  static double f_##name(double x) { return expr; }                            \
  static double d_##name(double x) { return dexpr; }

#define CHECK_UNARY(name, x0)                                                  \
  do {                                                                         \
    double x = (x0), ref = d_##name(x);                                        \
    eddy_check_fd(#name "(" #x0 ").ref_vs_fd", ref, eddy_fd(f_##name, x));     \
    eddy_check(#name "(" #x0 ").rev", __enzyme_autodiff((void *)f_##name, x), ref); \
    eddy_check(#name "(" #x0 ").fwd", __enzyme_fwddiff((void *)f_##name, x, 1.0), ref); \
  } while (0)

#endif
