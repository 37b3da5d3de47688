// '#pragma eddy checkpoint' where no loop follows it, or outside a function
// body: one error at the pragma, never a parse error or a crash.
// RUN: not %eddy-clang -Wno-unused-command-line-argument -fsyntax-only %s 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not=warning:
// RUN: not %eddy-clang -Wno-unused-command-line-argument -fsyntax-only -DAFTER_BODY %s 2>&1 | FileCheck %s --check-prefix=AFTER --implicit-check-not=error: --implicit-check-not=warning:
#ifndef AFTER_BODY
void step(void);

// CHECK: checkpoint-pragma-placement.c:[[@LINE+1]]:1: error: '#pragma eddy checkpoint' must be in a function body, on the line before a for, while or do loop
#pragma eddy checkpoint(binomial, snapshots(4))
int global;

struct S {
// CHECK: checkpoint-pragma-placement.c:[[@LINE+1]]:1: error: '#pragma eddy checkpoint' must be in a function body, on the line before a for, while or do loop
#pragma eddy checkpoint(binomial, snapshots(4))
  int x;
};

void statement(int n) {
// CHECK: checkpoint-pragma-placement.c:[[@LINE+1]]:1: error: '#pragma eddy checkpoint' must be followed by a for, while or do loop
#pragma eddy checkpoint(binomial, snapshots(4))
  step();
  (void)n;
}

void declaration(int n) {
// CHECK: checkpoint-pragma-placement.c:[[@LINE+1]]:3: error: '#pragma eddy checkpoint' must be followed by a for, while or do loop
  #pragma eddy checkpoint(binomial, snapshots(4))
  int i = 0;
  while (i < n) ++i;
}

void end_of_block(int n) {
  (void)n;
// CHECK: checkpoint-pragma-placement.c:[[@LINE+1]]:1: error: '#pragma eddy checkpoint' must be followed by a for, while or do loop
#pragma eddy checkpoint(binomial, snapshots(4))
}

// The pragma is the body of the if; the loop comes after the if.
void if_body(int n, int c) {
  int i;
  if (c)
// CHECK: checkpoint-pragma-placement.c:[[@LINE+1]]:1: error: '#pragma eddy checkpoint' must be followed by a for, while or do loop
#pragma eddy checkpoint(online, snapshots(3))
    for (i = 0; i < n; ++i) step();
}

void loop_body(int n) {
  int i, j;
  for (j = 0; j < n; ++j)
// CHECK: checkpoint-pragma-placement.c:[[@LINE+1]]:1: error: '#pragma eddy checkpoint' must be followed by a for, while or do loop
#pragma eddy checkpoint(online, snapshots(3))
    for (i = 0; i < n; ++i) step();
}

void twice(int n) {
  int i;
// CHECK: checkpoint-pragma-placement.c:[[@LINE+1]]:1: error: '#pragma eddy checkpoint' is followed by another '#pragma eddy checkpoint'; a loop takes one
#pragma eddy checkpoint(online, snapshots(3))
#pragma eddy checkpoint(binomial, snapshots(3))
  for (i = 0; i < n; ++i) step();
}

void not_constant(int n) {
  int i;
// CHECK: checkpoint-pragma-placement.c:[[@LINE+1]]:45: error: snapshots(S) needs an integer constant S (a literal, a macro, an enumerator or a constexpr value)
#pragma eddy checkpoint(binomial, snapshots(n))
  for (i = 0; i < n; ++i) step();
}

// Clang's loop hints apply to the statement that follows them: write
// '#pragma eddy checkpoint' first.
void after_clang_loop(int n) {
  int i;
#pragma clang loop unroll(disable)
// CHECK: checkpoint-pragma-placement.c:[[@LINE+1]]:1: error: expected a for, while, or do-while loop to follow '#pragma clang loop'
#pragma eddy checkpoint(binomial, snapshots(3))
  for (i = 0; i < n; ++i) step();
}

// CHECK: checkpoint-pragma-placement.c:[[@LINE+1]]:1: error: '#pragma eddy checkpoint' must be in a function body, on the line before a for, while or do loop
#pragma eddy checkpoint(binomial, snapshots(4))
#else
// Right after a function's closing brace, which the parser consumes while
// still in the function; with S a literal and with S an expression.
enum { Four = 4 };
void after_body(void) {
}
// AFTER: checkpoint-pragma-placement.c:[[@LINE+1]]:1: error: '#pragma eddy checkpoint' must be in a function body, on the line before a for, while or do loop
#pragma eddy checkpoint(binomial, snapshots(4))
int after;
void after_body_2(void) {
}
// AFTER: checkpoint-pragma-placement.c:[[@LINE+1]]:1: error: '#pragma eddy checkpoint' must be in a function body, on the line before a for, while or do loop
#pragma eddy checkpoint(binomial, snapshots(Four))
int after_2;
// After an inner block, the pragma is in the function.
void after_block(int n) {
  { --n; }
#pragma eddy checkpoint(binomial, snapshots(Four))
  while (n--) after_body();
}
#endif
