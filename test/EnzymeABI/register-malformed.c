// Malformed Enzyme registrations are refused where they are written, with
// what is wrong, whatever the level: a wrong number of entries, an entry that
// is not a function, a function_like name Eddy has no rule for, a bad
// allocation_like, and forward split mode (not supported).
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="PLEASE submit"
#include <eddy/eddy.h>

double f(double x) { return x * x; }
double f_aug(double x) { return x * x; }
double f_rev(double x, double d) { return 2 * x * d; }
double f_fwd(double x, double dx) { return 2 * x * dx; }
int not_a_function;
void *alloc(void *base, int size);
void release(void *block);

// CHECK: register-malformed.c:[[@LINE+1]]:40: error: '__enzyme_register_gradient_f' must list {function, augmented forward, reverse}: 3 entries, not 2
void *__enzyme_register_gradient_f[] = {(void *)f, (void *)f_aug};

// CHECK: register-malformed.c:[[@LINE+2]]:41: error: '__enzyme_register_gradient_g' must list {function, augmented forward, reverse}: entry 3 must name the reverse (a function)
void *__enzyme_register_gradient_g[] = {(void *)f, (void *)f_aug,
                                        (void *)&not_a_function};

// CHECK: register-malformed.c:[[@LINE+1]]:54: error: '__enzyme_register_derivative_f' must list {function, derivative}: entry 2 must name the derivative (a function)
void *__enzyme_register_derivative_f[] = {(void *)f, (void *)0};

// CHECK: register-malformed.c:[[@LINE+1]]:7: error: '__enzyme_register_splitderivative_f': Enzyme's forward split mode (__enzyme_fwdsplit) is not supported by Eddy; register the derivative with __enzyme_register_derivative instead
void *__enzyme_register_splitderivative_f[] = {(void *)f, (void *)f_aug, (void *)f_fwd};

// CHECK: register-malformed.c:[[@LINE+1]]:47: error: '__enzyme_function_like': Eddy has no derivative rule for 'log1q'; name a libm function Eddy differentiates (README.md lists them)
void *__enzyme_function_like[2] = {(void *)f, "log1q"};

// CHECK: register-malformed.c:[[@LINE+1]]:38: error: '__enzyme_function_like_2' must list {function, "name of a libm function"}: entry 1 must name the function (a function)
void *__enzyme_function_like_2[2] = {(void *)&not_a_function, "log1p"};

// CHECK: register-malformed.c:[[@LINE+1]]:53: error: '__enzyme_allocation_like' must list {allocation function, (void *)index of its size argument, "deallocation arguments", deallocation function}: entry 2 must be the index of the integer size parameter of 'alloc', as (void *)K with K < 2
void *__enzyme_allocation_like[4] = {(void *)alloc, (void *)0, (void *)"-1", (void *)release};

// CHECK: register-malformed.c:[[@LINE+1]]:66: error: '__enzyme_allocation_like_2' must list {allocation function, (void *)index of its size argument, "deallocation arguments", deallocation function}: entry 3 must be a string listing, for each parameter of the deallocation function, the index of the parameter of 'alloc' it takes, or -1 for the allocated block ("2,-1")
void *__enzyme_allocation_like_2[4] = {(void *)alloc, (void *)1, (void *)"5", (void *)release};
