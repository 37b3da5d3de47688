// Only declared-only functions are request entry points: a defined function
// whose name happens to contain __enzyme_autodiff is ordinary code.
// RUN: %eddy-clang -fsyntax-only -Xclang -verify %s
// expected-no-diagnostics
double my__enzyme_autodiff_helper(int k) { return k; }

double use(void) { return my__enzyme_autodiff_helper(3); }
