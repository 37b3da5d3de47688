// '#pragma eddy checkpoint' misplaced in C++: at namespace or class scope,
// in an inline member function (whose body Clang reads before it parses
// it), in a constexpr function, in a template that is never instantiated, and
// with an S that is wrong only in one instantiation. One error each, at the
// pragma (or at S), never a parse error.
// RUN: not %eddy-clangxx -std=c++17 -Wno-unused-command-line-argument -fsyntax-only %s 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not=warning: --implicit-check-not=note:
void step();

struct Model {
  void inline_member(int n) {
// CHECK: checkpoint-pragma-placement.cpp:[[@LINE+1]]:1: error: '#pragma eddy checkpoint' must be followed by a for, while or do loop
#pragma eddy checkpoint(binomial, snapshots(4))
    step();
    (void)n;
  }
  void inline_member_expression(int n) {
// CHECK: checkpoint-pragma-placement.cpp:[[@LINE+1]]:1: error: '#pragma eddy checkpoint' must be followed by a for, while or do loop
#pragma eddy checkpoint(binomial, snapshots(2 * 2))
    if (n)
      step();
  }
};

// CHECK: checkpoint-pragma-placement.cpp:[[@LINE+1]]:1: error: '#pragma eddy checkpoint' must be in a function body, on the line before a for, while or do loop
#pragma eddy checkpoint(binomial, snapshots(2 + 2))
int global;

// Never instantiated: the pattern is checked.
template <class T> void pattern(T n) {
  if (n)
// CHECK: checkpoint-pragma-placement.cpp:[[@LINE+1]]:1: error: '#pragma eddy checkpoint' must be followed by a for, while or do loop
#pragma eddy checkpoint(online, snapshots(3))
    while (n--) step();
}

constexpr int triangle(int n) {
  int s = 0;
// CHECK: checkpoint-pragma-placement.cpp:[[@LINE+1]]:1: error: '#pragma eddy checkpoint' cannot be used in constexpr function 'triangle': a checkpointed loop runs at run time; remove 'constexpr'
#pragma eddy checkpoint(binomial, snapshots(2))
  for (int i = 0; i < n; ++i) s += i;
  return s;
}

template <int S> void steps(int n) {
// CHECK: checkpoint-pragma-placement.cpp:[[@LINE+1]]:45: error: snapshots(S) needs S >= 1
#pragma eddy checkpoint(binomial, snapshots(S - 1))
  for (int i = 0; i < n; ++i) step();
}

void use(int n) {
  steps<2>(n);
// CHECK: checkpoint-pragma-placement.cpp:[[@LINE+1]]:3: note: in the instantiation of 'steps<1>' here
  steps<1>(n);
  steps<0>(n);
}

struct Later {
// The empty declaration the pragma leaves is in no function: reported at the
// end of the file.
#pragma eddy checkpoint(binomial, snapshots(4))
  int x;
};
// CHECK: checkpoint-pragma-placement.cpp:[[@LINE-3]]:1: error: '#pragma eddy checkpoint' must be in a function body, on the line before a for, while or do loop
