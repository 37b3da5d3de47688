/* A library whose exported adjoints (EDDY_ADJOINT_OF: the cotangent of the
 * result is the last parameter) are another translation unit's adjoint
 * rules: their signature is EDDY_ADJOINT_RULE's. adjoint_lib.c defines the
 * functions and, with them, the adjoints; adjoint_user.c only calls them. */
#ifndef ADJOINT_LIB_H
#define ADJOINT_LIB_H
#include <eddy/eddy.h>

/* s * tanh(x / s) */
double softclip(double x, double s);
void softclip_vjp(double x, double *d_x, double s, double *d_s, double d_ret)
    EDDY_ADJOINT_OF(softclip);

/* sum_i w_i sin(x_i): both arrays differentiated by default. */
double wdot(const double *w, const double *x, int n);
void wdot_vjp(const double *w, double *d_w, const double *x, double *d_x, int n,
              double d_ret) EDDY_ADJOINT_OF(wdot);

#endif
