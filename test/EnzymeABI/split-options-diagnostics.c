// Split mode's options are checked on the source, at the wrong argument:
// enzyme_tape needs an address, enzyme_allocated a constant size (or the
// value of __enzyme_augmentsize) and enzyme_tape beside it; enzyme_width is
// not supported in split mode.
// RUN: %eddy-clang -fsyntax-only -Xclang -verify %s
#include "eddy/eddy.h"
#include <math.h>
#include <stddef.h>

void g(double *x) { x[0] = sin(x[0]); }

void requests(double *x, double *dx, int n, double d) {
  char store[16];
  size_t bytes = __enzyme_augmentsize((void *)g, enzyme_dup);
  __enzyme_augmentfwd((void *)g, enzyme_allocated, bytes, enzyme_tape, store, x, dx);
  __enzyme_augmentfwd((void *)g, enzyme_allocated, 16, enzyme_tape, store, x, dx);
  __enzyme_augmentfwd((void *)g, enzyme_allocated, n, enzyme_tape, store, x, dx); // expected-error {{'enzyme_allocated' must be followed by a constant size in bytes, or the value of __enzyme_augmentsize}}
  __enzyme_augmentfwd((void *)g, enzyme_allocated, 16, x, dx); // expected-error {{'enzyme_allocated' sizes the storage that 'enzyme_tape' points to; pass enzyme_tape and its address too}}
  __enzyme_reverse((void *)g, x, dx, enzyme_tape); // expected-error {{'enzyme_tape' must be followed by the address of the tape}}
  __enzyme_reverse((void *)g, enzyme_tape, d, x, dx); // expected-error {{'enzyme_tape' must be followed by the address of the tape (a pointer: where __enzyme_augmentfwd stores the tape handle and __enzyme_reverse reads it)}}
  __enzyme_reverse((void *)g, enzyme_allocated, enzyme_tape, store, x, dx); // expected-error {{'enzyme_allocated' must be followed by a constant size in bytes}}
  __enzyme_augmentfwd((void *)g, enzyme_width, 2, x, dx, dx); // expected-error {{'enzyme_width' is not supported in split mode; use one augmented forward and backward call per cotangent, or __enzyme_autodiff with enzyme_width}}
}
