; Misuse of `eddy_tape_budget, B` seen by the passes (for `opt`; the Clang
; plugin reports the same on the AST first, with columns:
; test/Diagnostics/request-tape-budget.c). Each is an error at its request.
; RUN: rm -rf %t && split-file %s %t
; RUN: not %opt-eddy -passes=eddy -disable-output %t/zero.ll 2>&1 | FileCheck --check-prefix=ZERO %s
; RUN: not %opt-eddy -passes=eddy -disable-output %t/forward.ll 2>&1 | FileCheck --check-prefix=FORWARD %s
; RUN: not %opt-eddy -passes=eddy -disable-output %t/not-integer.ll 2>&1 | FileCheck --check-prefix=NOT-INTEGER %s
; RUN: not %opt-eddy -passes=eddy -disable-output %t/twice.ll 2>&1 | FileCheck --check-prefix=TWICE %s
; RUN: not %opt-eddy -passes=eddy -disable-output %t/misplaced.ll 2>&1 | FileCheck --check-prefix=MISPLACED %s
; ZERO: error: in function zero {{.*}}: eddy: the tape budget is 0 bytes; a budget must be at least 1 byte
; FORWARD: error: in function forward {{.*}}: eddy: eddy_tape_budget is an option of reverse mode (__enzyme_autodiff); __enzyme_fwddiff keeps no tape
; NOT-INTEGER: error: in function not_integer {{.*}}: eddy: eddy_tape_budget must be followed by the budget in bytes, an integer
; TWICE: error: in function twice {{.*}}: eddy: eddy_tape_budget is given twice in this request; a request takes one budget
; MISPLACED: error: in function misplaced {{.*}}: eddy: eddy_tape_budget must come right after the function (before or after enzyme_width, N)

;--- zero.ll
@eddy_tape_budget = external global i32
declare double @__enzyme_autodiff(ptr, ...)
define double @sq(double %x) {
  %y = fmul double %x, %x
  ret double %y
}
define double @zero(double %x) {
  %d = call double (ptr, ...) @__enzyme_autodiff(ptr @sq, ptr @eddy_tape_budget, i64 0, double %x)
  ret double %d
}

;--- forward.ll
@eddy_tape_budget = external global i32
declare double @__enzyme_fwddiff(ptr, ...)
define double @sq(double %x) {
  %y = fmul double %x, %x
  ret double %y
}
define double @forward(double %x, i64 %b) {
  %d = call double (ptr, ...) @__enzyme_fwddiff(ptr @sq, ptr @eddy_tape_budget, i64 %b, double %x, double 1.0)
  ret double %d
}

;--- not-integer.ll
@eddy_tape_budget = external global i32
declare double @__enzyme_autodiff(ptr, ...)
define double @sq(double %x) {
  %y = fmul double %x, %x
  ret double %y
}
define double @not_integer(double %x) {
  %d = call double (ptr, ...) @__enzyme_autodiff(ptr @sq, ptr @eddy_tape_budget, double 2.5, double %x)
  ret double %d
}

;--- twice.ll
@eddy_tape_budget = external global i32
@enzyme_width = external global i32
declare double @__enzyme_autodiff(ptr, ...)
define double @sq(double %x) {
  %y = fmul double %x, %x
  ret double %y
}
define double @twice(double %x, i64 %b) {
  %d = call double (ptr, ...) @__enzyme_autodiff(ptr @sq, ptr @eddy_tape_budget, i64 %b, ptr @enzyme_width, i32 1, ptr @eddy_tape_budget, i64 %b, double %x)
  ret double %d
}

;--- misplaced.ll
@eddy_tape_budget = external global i32
declare double @__enzyme_autodiff(ptr, ...)
define double @sq(double %x, double %y) {
  %z = fmul double %x, %y
  ret double %z
}
define double @misplaced(double %x, i64 %b) {
  %d = call double (ptr, ...) @__enzyme_autodiff(ptr @sq, double %x, ptr @eddy_tape_budget, i64 %b, double %x)
  ret double %d
}
