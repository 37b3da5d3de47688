// Malformed '#pragma eddy checkpoint(...)': each error is at the token that
// is wrong and says what to write; an unknown '#pragma eddy <name>' is a
// warning. Nothing else is reported (the loops after a bad pragma compile as
// plain loops).
// RUN: not %eddy-clang -Wno-unused-command-line-argument -fsyntax-only %s 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not=warning:
#define BIG 2000000
void step(void);

void f(int n) {
  int i;
// CHECK: checkpoint-pragma-syntax.c:[[@LINE+1]]:24: error: expected '(' after '#pragma eddy checkpoint'; write '#pragma eddy checkpoint(binomial, snapshots(S))', '#pragma eddy checkpoint(periodic, every(K))' or '#pragma eddy checkpoint(online, snapshots(S))'
#pragma eddy checkpoint
  for (i = 0; i < n; ++i) step();
// CHECK: checkpoint-pragma-syntax.c:[[@LINE+1]]:25: error: expected 'binomial', 'periodic' or 'online' in '#pragma eddy checkpoint'; write '#pragma eddy checkpoint(binomial, snapshots(S))', '#pragma eddy checkpoint(periodic, every(K))' or '#pragma eddy checkpoint(online, snapshots(S))'
#pragma eddy checkpoint(revolve, snapshots(4))
  for (i = 0; i < n; ++i) step();
// CHECK: checkpoint-pragma-syntax.c:[[@LINE+1]]:32: error: expected ',' after 'online' in '#pragma eddy checkpoint'; write '#pragma eddy checkpoint(online, snapshots(S))'
#pragma eddy checkpoint(online snapshots(3))
  for (i = 0; i < n; ++i) step();
// CHECK: checkpoint-pragma-syntax.c:[[@LINE+1]]:35: error: 'periodic' takes every(K); write '#pragma eddy checkpoint(periodic, every(K))'
#pragma eddy checkpoint(periodic, snapshots(4))
  for (i = 0; i < n; ++i) step();
// CHECK: checkpoint-pragma-syntax.c:[[@LINE+1]]:35: error: 'binomial' takes snapshots(S); write '#pragma eddy checkpoint(binomial, snapshots(S))'
#pragma eddy checkpoint(binomial, every(4))
  for (i = 0; i < n; ++i) step();
// CHECK: checkpoint-pragma-syntax.c:[[@LINE+1]]:43: error: expected '(' after 'snapshots'; write '#pragma eddy checkpoint(online, snapshots(S))'
#pragma eddy checkpoint(online, snapshots 3)
  for (i = 0; i < n; ++i) step();
// CHECK: checkpoint-pragma-syntax.c:[[@LINE+1]]:45: error: snapshots(S) needs S >= 1
#pragma eddy checkpoint(binomial, snapshots(0))
  for (i = 0; i < n; ++i) step();
// CHECK: checkpoint-pragma-syntax.c:[[@LINE+1]]:43: error: snapshots(S) needs S >= 1
#pragma eddy checkpoint(online, snapshots(-3))
  for (i = 0; i < n; ++i) step();
// CHECK: checkpoint-pragma-syntax.c:[[@LINE+1]]:41: error: every(K) needs K >= 1
#pragma eddy checkpoint(periodic, every(0))
  for (i = 0; i < n; ++i) step();
// CHECK: checkpoint-pragma-syntax.c:[[@LINE+1]]:45: error: snapshots(S) needs S <= 1048576
#pragma eddy checkpoint(binomial, snapshots(1048577))
  for (i = 0; i < n; ++i) step();
// A macro is expanded; the error is at the macro's name.
// CHECK: checkpoint-pragma-syntax.c:[[@LINE+1]]:45: error: snapshots(S) needs S <= 1048576
#pragma eddy checkpoint(binomial, snapshots(BIG))
  for (i = 0; i < n; ++i) step();
// CHECK: checkpoint-pragma-syntax.c:[[@LINE+1]]:41: error: every(K) needs K <= 9223372036854775807
#pragma eddy checkpoint(periodic, every(9223372036854775808))
  for (i = 0; i < n; ++i) step();
// CHECK: checkpoint-pragma-syntax.c:[[@LINE+1]]:45: error: snapshots(S) needs an integer constant S (a literal, a macro, an enumerator or a constexpr value)
#pragma eddy checkpoint(binomial, snapshots(2.5))
  for (i = 0; i < n; ++i) step();
// CHECK: checkpoint-pragma-syntax.c:[[@LINE+1]]:45: error: snapshots(S) needs an integer constant S (a literal, a macro, an enumerator or a constexpr value)
#pragma eddy checkpoint(binomial, snapshots())
  for (i = 0; i < n; ++i) step();
// CHECK: checkpoint-pragma-syntax.c:[[@LINE+1]]:45: error: expected ')' to close '#pragma eddy checkpoint('; write '#pragma eddy checkpoint(online, snapshots(S))'
#pragma eddy checkpoint(online, snapshots(3)
  for (i = 0; i < n; ++i) step();
// CHECK: checkpoint-pragma-syntax.c:[[@LINE+1]]:46: error: expected ')' after snapshots(S; write '#pragma eddy checkpoint(online, snapshots(S))'
#pragma eddy checkpoint(online, snapshots((3)
  for (i = 0; i < n; ++i) step();
// CHECK: checkpoint-pragma-syntax.c:[[@LINE+1]]:47: error: unexpected tokens after '#pragma eddy checkpoint(...)'; write '#pragma eddy checkpoint(online, snapshots(S))'
#pragma eddy checkpoint(online, snapshots(3)) x
  for (i = 0; i < n; ++i) step();
// CHECK: checkpoint-pragma-syntax.c:[[@LINE+1]]:14: warning: unknown pragma '#pragma eddy checkpoin' ignored; Eddy's pragma is '#pragma eddy checkpoint(...)' (docs/checkpointing.md)
#pragma eddy checkpoin(online, snapshots(3))
  for (i = 0; i < n; ++i) step();
// CHECK: checkpoint-pragma-syntax.c:[[@LINE+1]]:13: warning: unknown pragma '#pragma eddy' ignored; Eddy's pragma is '#pragma eddy checkpoint(...)' (docs/checkpointing.md)
#pragma eddy
  for (i = 0; i < n; ++i) step();
}
