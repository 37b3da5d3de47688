// The "library" half of custom-rules.c: compiled on its own, so the
// differentiated translation unit cannot see this body.
#include <math.h>
double lib_softplus(double x) { return log1p(exp(x)); }
double lib_cube(double x) { return x * x * x; }
