// An exported adjoint (EDDY_ADJOINT_OF) whose declaration does not follow
// the rule — the gradient's slots, then the cotangent of a floating-point
// result — is an error at the declaration that spells out the signature to
// write, with a note at the function it differentiates; so is one of a
// function that writes through a pointer (an adjoint rule must not run its
// effects again), and one with more differentiated pointers than it can
// serve as an adjoint rule.
// RUN: not %eddy-clang -fsyntax-only %s 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
#include <eddy/eddy.h>
double f2(double a, double b);
// CHECK-DAG: misuse-adjoint.c:[[@LINE-1]]:8: note: 'f2' declared here; its adjoints are added into a pointer after each active scalar and into the shadow after each active pointer, and a floating-point result's cotangent comes last
void sq(const double *x, double *y, int n);
double fw(double a, double *s);
double f5(const double *a, const double *b, const double *c, const double *d, const double *e);

// CHECK-DAG: misuse-adjoint.c:[[@LINE+1]]:6: error: 'a_missing' is declared as the adjoint of 'f2', but it has 4 parameters, expected 5; declare it as 'void a_missing(double a, double *d_a, double b, double *d_b, double d_ret)'
void a_missing(double a, double *d_a, double b, double *d_b) EDDY_ADJOINT_OF(f2);
// CHECK-DAG: misuse-adjoint.c:[[@LINE+1]]:6: error: 'a_type' is declared as the adjoint of 'f2', but parameter 4 is float, expected double ('d_ret'); declare it as 'void a_type(double a, double *d_a, double b, double d_ret)'
void a_type(double a, double *d_a, double b, float d_ret) EDDY_ADJOINT_OF(f2, "a");
// CHECK-DAG: misuse-adjoint.c:[[@LINE+1]]:6: error: 'a_void' is declared as the adjoint of 'sq', but it has 6 parameters, expected 5; declare it as 'void a_void(const double *x, double *d_x, double *y, double *d_y, int n)'
void a_void(const double *x, double *d_x, double *y, double *d_y, int n, double d_ret) EDDY_ADJOINT_OF(sq);
// A function that writes through a pointer (even one not differentiated):
// CHECK-DAG: misuse-adjoint.c:[[@LINE+1]]:6: error: 'a_writes' cannot be the exported adjoint of 'sq': parameter 'y' of 'sq' points to data it may write, and an exported adjoint runs 'sq' again, which an adjoint rule must not do; make the pointee const, or export a gradient with EDDY_GRADIENT_OF
void a_writes(const double *x, double *d_x, double *y, double *d_y, int n) EDDY_ADJOINT_OF(sq);
// CHECK-DAG: misuse-adjoint.c:[[@LINE+1]]:6: error: 'a_scratch' cannot be the exported adjoint of 'fw': parameter 's' of 'fw' points to data it may write, and an exported adjoint runs 'fw' again, which an adjoint rule must not do; make the pointee const, or export a gradient with EDDY_GRADIENT_OF
void a_scratch(double a, double *d_a, double *s, double d_ret) EDDY_ADJOINT_OF(fw, "a");
// CHECK-DAG: misuse-adjoint.c:[[@LINE+3]]:{{[0-9]+}}: error: 'a_five' differentiates 5 read-only pointer parameters of 'f5'; an exported adjoint takes at most 4 (it holds one derivative for each combination of null shadows an adjoint rule may be passed for them): list the ones to differentiate, EDDY_ADJOINT_OF(f5, "p, q")
void a_five(const double *a, double *d_a, const double *b, double *d_b, const double *c,
            double *d_c, const double *d, double *d_d, const double *e, double *d_e,
            double d_ret) EDDY_ADJOINT_OF(f5);
// CHECK-DAG: misuse-adjoint.c:[[@LINE+1]]:{{[0-9]+}}: error: 'eddy_adjoint_of' takes the function it differentiates, declared before it: EDDY_ADJOINT_OF(f) or EDDY_ADJOINT_OF(f, "x, y")
void a_undeclared(double a) EDDY_ADJOINT_OF(nothing);
// The valid forms: no error.
void a_ok(double a, double *d_a, double b, double *d_b, double d_ret) EDDY_ADJOINT_OF(f2);
void ro(const double *x, int n);
void a_ok_void(const double *x, double *d_x, int n) EDDY_ADJOINT_OF(ro);
void a_ok_four(const double *a, double *d_a, const double *b, double *d_b, const double *c,
               double *d_c, const double *d, double *d_d, const double *e, double d_ret)
    EDDY_ADJOINT_OF(f5, "a, b, c, d");
