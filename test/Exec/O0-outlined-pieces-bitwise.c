// Outlining pieces of a large -O0 derivative (PieceOutlining.h) moves code
// and recomputes nothing: with the threshold lowered so that this small
// function's derivatives are cut into pieces of a few instructions, forward
// and reverse results are the same bits as without (%a), and match the
// central differences (forward columns and reverse rows both). Above -O0
// the same holds with the -opt limits lowered (the pieces there hold the
// never-taken branches of BlockSplitting.h's cuts): each level's cut build
// gives its whole build's bits, at -O1, -O2 and -O3.
// Values cross pieces both ways (a loop's phis, a
// running sum, a branch's result), and the exit of a piece feeds phis.
// With -g too: derivatives carry no debug scope of their own, so they are
// cut the same way, and give the same bits.
//
// RUN: %eddy-clang -O0 -mllvm -eddy-outline-threshold=1 -mllvm -eddy-outline-piece=8 -mllvm -eddy-outline-max-crossing=1000000 %s -o %t-cut
// RUN: %eddy-clang -O0 %s -o %t-whole
// RUN: %run %t-cut > %t-cut.txt && %run %t-whole > %t-whole.txt
// RUN: diff %t-cut.txt %t-whole.txt
// RUN: FileCheck %s < %t-cut.txt
// RUN: %eddy-clang -O0 -mllvm -eddy-outline-threshold=1 -mllvm -eddy-outline-piece=8 -mllvm -eddy-outline-max-crossing=1000000 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=CUT
// RUN: %eddy-clang -O0 -g -mllvm -eddy-outline-threshold=1 -mllvm -eddy-outline-piece=8 -mllvm -eddy-outline-max-crossing=1000000 %s -o %t-debug
// RUN: %run %t-debug > %t-debug.txt && diff %t-debug.txt %t-whole.txt
// Pieces that more values would cross than -eddy-outline-max-crossing allows
// stay in place, among others that move: the same bits again.
// RUN: %eddy-clang -O0 -mllvm -eddy-outline-threshold=1 -mllvm -eddy-outline-piece=8 -mllvm -eddy-outline-max-crossing=3 %s -o %t-some
// RUN: %run %t-some > %t-some.txt && diff %t-some.txt %t-whole.txt
// DEFINE: %{opt} = -mllvm -eddy-outline-threshold-opt=1 -mllvm -eddy-outline-piece-opt=8
// RUN: %eddy-clang -O1 %{opt} %s -o %t-cut1 && %eddy-clang -O1 %s -o %t-whole1
// RUN: %run %t-cut1 > %t-cut1.txt && %run %t-whole1 > %t-whole1.txt && diff %t-cut1.txt %t-whole1.txt
// RUN: %eddy-clang -O2 %{opt} %s -o %t-cut2 && %eddy-clang -O2 %s -o %t-whole2
// RUN: %run %t-cut2 > %t-cut2.txt && %run %t-whole2 > %t-whole2.txt && diff %t-cut2.txt %t-whole2.txt
// RUN: FileCheck %s < %t-cut2.txt
// RUN: %eddy-clang -O3 %{opt} %s -o %t-cut3 && %eddy-clang -O3 %s -o %t-whole3
// RUN: %run %t-cut3 > %t-cut3.txt && %run %t-whole3 > %t-whole3.txt && diff %t-cut3.txt %t-whole3.txt
// RUN: %eddy-clang -O2 %{opt} -S -emit-llvm %s -o - | FileCheck %s --check-prefix=CUT2
// Cut before the optimization pipeline too (its frame accesses volatile):
// DEFINE: %{early} = -mllvm -eddy-outline-threshold-early=1 -mllvm -eddy-outline-piece-opt=8
// RUN: %eddy-clang -O1 %{early} %s -o %t-early1 && %run %t-early1 > %t-early1.txt && diff %t-early1.txt %t-whole1.txt
// RUN: %eddy-clang -O2 %{early} %s -o %t-early2 && %run %t-early2 > %t-early2.txt && diff %t-early2.txt %t-whole2.txt
// RUN: %eddy-clang -O3 %{early} %s -o %t-early3 && %run %t-early3 > %t-early3.txt && diff %t-early3.txt %t-whole3.txt
// RUN: %eddy-clang -O2 %{early} -S -emit-llvm %s -o - | FileCheck %s --check-prefix=CUT2
// RUN: %levels %eddy-clang %{opt} -mllvm -eddy-outline-threshold=1 -mllvm -eddy-outline-piece=8 -mllvm -eddy-outline-max-crossing=1000000 %s -o %t-levels -- FileCheck %s
// CUT: define internal void @{{.*}}.eddy.fwd.{{.*}}.piece(
// CUT: define internal void @{{.*}}.eddy.grad.{{.*}}.piece(
// CUT2: define internal void @{{.*}}.eddy.fwd.{{.*}}.piece(
#include <math.h>

double f(const double *x, int n) {
  double s = 0.0, p = 1.0;
  for (int i = 0; i < n; ++i) {
    double t = sin(x[i]) * x[i] + exp(0.5 * x[i]);
    double u = t * p + log(1.0 + x[i] * x[i]);
    if (u > 1.0)
      s += sqrt(u) * t;
    else
      s -= u * u * 0.25;
    p = 0.9 * p + 0.1 * cos(x[i]);
  }
  return s * s + p;
}

#include "../Inputs/eddy_bits_main.h"
// CHECK: fwd 0
// CHECK: rev 5
// CHECK: ok
