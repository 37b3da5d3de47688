// A named derivative whose declaration does not follow the rule is an error
// at the declaration that spells out the signature to write, with a note at
// the function it differentiates.
// RUN: not %eddy-clang -fsyntax-only %s 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
#include <eddy/eddy.h>
struct P { double x, y; };
double loss(const double *w, const double *x, int n);
// CHECK-DAG: misuse.c:[[@LINE-1]]:8: note: 'loss' declared here; its adjoints are added into a pointer after each active scalar and into the shadow after each active pointer
double f2(double a, double b);
double fs(struct P p);

// CHECK-DAG: misuse.c:[[@LINE+1]]:6: error: 'g_missing' is declared as the gradient of 'loss', but it has 3 parameters, expected 5; declare it as 'void g_missing(const double *w, double *d_w, const double *x, double *d_x, int n)'
void g_missing(const double *w, const double *x, int n) EDDY_GRADIENT_OF(loss);
// CHECK-DAG: misuse.c:[[@LINE+1]]:8: error: 'g_returns' is declared as the gradient of 'loss', but it returns double, expected void; declare it as 'void g_returns(const double *w, double *d_w, const double *x, int n)'
double g_returns(const double *w, double *d_w, const double *x, int n) EDDY_GRADIENT_OF(loss, "w");
// CHECK-DAG: misuse.c:[[@LINE+1]]:6: error: 'g_slot' is declared as the gradient of 'f2', but parameter 2 is double, expected double * ('d_a'); declare it as 'void g_slot(double a, double *d_a, double b, double *d_b)'
void g_slot(double a, double d_a, double b, double *d_b) EDDY_GRADIENT_OF(f2);
// CHECK-DAG: misuse.c:[[@LINE+1]]:8: error: 't_slot' is declared as the tangent of 'f2', but parameter 2 is double *, expected double ('t_a'); declare it as 'double t_slot(double a, double t_a, double b, double t_b)'
double t_slot(double a, double *t_a, double b, double t_b) EDDY_TANGENT_OF(f2);
// CHECK-DAG: misuse.c:[[@LINE+1]]:{{[0-9]+}}: error: 'loss' has no parameter named 'v'; its parameters are 'w', 'x', 'n'
void g_unknown(const double *w, double *d_w, const double *x, int n) EDDY_GRADIENT_OF(loss, "v");
// CHECK-DAG: misuse.c:[[@LINE+1]]:{{[0-9]+}}: error: parameter 'n' of 'loss' is an integer and has no derivative; remove it from the list
void g_int(const double *w, double *d_w, const double *x, int n) EDDY_GRADIENT_OF(loss, "w, n");
// CHECK-DAG: misuse.c:[[@LINE+1]]:42: error: named derivatives take floating-point, integer, pointer and reference parameters; parameter 'p' of 'fs' has type 'struct P': wrap 'fs' in a function that passes it by pointer
void g_struct(struct P p, struct P *d_p) EDDY_GRADIENT_OF(fs);
// CHECK-DAG: misuse.c:[[@LINE+1]]:{{[0-9]+}}: error: 'eddy_gradient_of' takes the function it differentiates, declared before it: EDDY_GRADIENT_OF(f) or EDDY_GRADIENT_OF(f, "x, y")
void g_undeclared(double a) EDDY_GRADIENT_OF(nothing);
// CHECK-DAG: misuse.c:[[@LINE+1]]:{{[0-9]+}}: error: the second argument of 'eddy_gradient_of' lists the parameters to differentiate, as a string such as "x, y"
void g_list(double a, double *d_a, double b, double *d_b) EDDY_GRADIENT_OF(f2, 3);
