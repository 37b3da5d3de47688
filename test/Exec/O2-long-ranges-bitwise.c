// Moving values used across many blocks of a huge derivative to stack
// slots (LongRanges.h) stores and loads them and recomputes nothing: with
// the limits lowered so that this small function's derivatives have their
// values and phis moved, forward and reverse results are the same bits as
// without (%a), at -O1, -O2 and -O3, and match central differences.
// The function has the cases that matter: a loop over a switch whose join
// phis every case feeds, a loop whose latch may also leave it (a phi whose
// incoming block has another successor keeps its phi: a store there would
// be read past the exit as the next trip's value), and values read in many
// blocks.
//
// DEFINE: %{low} = -mllvm -eddy-demote-min-blocks=1 -mllvm -eddy-demote-min-use-blocks=2
// RUN: %eddy-clang -O1 %{low} %s -o %t-low1 && %eddy-clang -O1 %s -o %t-whole1
// RUN: %run %t-low1 > %t-low1.txt && %run %t-whole1 > %t-whole1.txt && diff %t-low1.txt %t-whole1.txt
// RUN: %eddy-clang -O2 %{low} %s -o %t-low2 && %eddy-clang -O2 %s -o %t-whole2
// RUN: %run %t-low2 > %t-low2.txt && %run %t-whole2 > %t-whole2.txt && diff %t-low2.txt %t-whole2.txt
// RUN: FileCheck %s < %t-low2.txt
// RUN: %eddy-clang -O3 %{low} %s -o %t-low3 && %eddy-clang -O3 %s -o %t-whole3
// RUN: %run %t-low3 > %t-low3.txt && %run %t-whole3 > %t-whole3.txt && diff %t-low3.txt %t-whole3.txt
// RUN: %levels %eddy-clang %{low} %s -o %t-levels -- FileCheck %s
// The slots are there (the derivatives had no alloca left before), and
// without the lowered limits a function this small is left alone. Each
// derivative is checked on its own (up to its closing brace): the order in
// which they are emitted differs under the sanitizers.
// RUN: %eddy-clang -O2 %{low} -S -emit-llvm %s -o %t-low.ll
// RUN: FileCheck %s --check-prefix=LOWF < %t-low.ll
// RUN: FileCheck %s --check-prefix=LOWG < %t-low.ll
// RUN: %eddy-clang -O2 -S -emit-llvm %s -o %t-whole.ll
// RUN: FileCheck %s --check-prefix=WHOLEF < %t-whole.ll
// RUN: FileCheck %s --check-prefix=WHOLEG < %t-whole.ll
// LOWF: define internal {{.*}}.eddy.fwd.
// LOWF-NOT: {{^}}}
// LOWF: alloca double
// LOWG: define internal {{.*}}.eddy.grad.
// LOWG-NOT: {{^}}}
// LOWG: alloca double
// WHOLEF: define internal {{.*}}.eddy.fwd.
// WHOLEF-NOT: alloca double
// WHOLEF: {{^}}}
// WHOLEG: define internal {{.*}}.eddy.grad.
// WHOLEG-NOT: alloca double
// WHOLEG: {{^}}}
#include <math.h>

double f(const double *x, int n) {
  double s0 = x[0], s1 = x[1], acc = 0.0;
  for (int k = 0; k < 3 * n; ++k) {
    double a = x[k % n];
    switch ((k * 7 + 3) % 6) {
    case 0:
      s0 = 0.5 * sin(s0) + 0.3 * s1 * a;
      break;
    case 1:
      s1 = exp(-0.5 * s0 * s0) - 0.2 * s1 + 0.1 * a;
      break;
    case 2:
      s0 = 0.25 * log(1.0 + s1 * s1) + 0.4 * s0;
      s1 = 0.9 * s1 + 0.05 * s0 * a;
      break;
    case 3:
      s1 = 0.5 * (sqrt(1.0 + s0 * s0) - 1.0) + 0.3 * s1;
      break;
    case 4:
      s0 = 0.7 * s0 - 0.2 * cos(s1 + a);
      break;
    default:
      s0 = 0.5 * (s0 + s1);
      s1 = s1 * s0 * 0.5 + a * 0.01;
      break;
    }
    acc += s0 * s1;
  }
  // A latch that may leave: p's phi is fed from a block with two
  // successors, and read past the exit (as `prev`).
  double p = 1.0, prev;
  int i = 0;
  do {
    prev = p;
    p = 0.8 * p + 0.1 * sin(x[i] * s0);
    ++i;
  } while (i < n && p > -10.0);
  return acc + s0 * s0 + s1 + p * p + prev;
}

#define EDDY_BITS_X {0.3, -1.2, 0.8, 1.5, -0.4, 1.1}
#include "../Inputs/eddy_bits_main.h"
// CHECK: fwd 0
// CHECK: rev 5
// CHECK: ok
