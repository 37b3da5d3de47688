// Under -fpass-plugin=libEddyPasses.so alone, a refusal is still an error,
// never a link error about __enzyme_autodiff: with -g at the call's line and
// column; without debug information (the Clang plugin is what turns on
// location tracking) Clang has no line to show, and the message names the
// callee and the function being differentiated.
// RUN: not %clang -fpass-plugin=%eddy-passes -g -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=LINE --implicit-check-not=error:
// RUN: not %clang -fpass-plugin=%eddy-passes -g -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=LINE --implicit-check-not=error:
// RUN: not %clang -fpass-plugin=%eddy-passes -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=NOLINE --implicit-check-not=error:
// RUN: not %clang -fpass-plugin=%eddy-passes -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=NOLINE --implicit-check-not=error:
double ext(double);
double __enzyme_autodiff(void *, ...);

// NOLINE: {{^}}error: eddy: call to 'ext', whose body is not visible and for which Eddy has no derivative rule; define it in this translation unit, or mark it inactive if no derivative flows through it (while differentiating 'f')
double f(double x) {
  double y = x * x;
  // LINE: pass-plugin-refusal.c:[[@LINE+1]]:10: error: eddy: call to 'ext', whose body is not visible and for which Eddy has no derivative rule; define it in this translation unit, or mark it inactive if no derivative flows through it (while differentiating 'f')
  return ext(y) + 1.0;
}

double g(double x) { return __enzyme_autodiff((void *)f, x); }
