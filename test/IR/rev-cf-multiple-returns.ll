; Reverse mode, three `ret`s. Canonicalization merges them into one return
; block whose phi selects the returned value; the adjoint starts there and
; routes the seed to the operand of the return that was taken (popped
; `eddy.from` id), including a return of the argument itself.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s
; RUN: %opt-eddy -passes=eddy %s | lli | FileCheck %s --check-prefix=NUM

declare { double, double } @__enzyme_autodiff(ptr, ...)
declare double @sin(double)
declare i32 @printf(ptr, ...)
@fmt = private constant [11 x i8] c"%.6f %.6f\0A\00"

define dso_local double @f(double %x, double %y) {
entry:
  %c = fcmp ogt double %x, 0.0
  br i1 %c, label %pos, label %notpos
pos:
  %a = fmul double %x, %y
  ret double %a
notpos:
  %c2 = fcmp ogt double %y, 0.0
  br i1 %c2, label %ypos, label %other
ypos:
  %s = call double @sin(double %x)
  %b = fmul double %s, %y
  ret double %b
other:
  ret double %x
}

define void @show(double %x, double %y) {
  %g = call { double, double } (ptr, ...) @__enzyme_autodiff(ptr @f, double %x, double %y)
  %gx = extractvalue { double, double } %g, 0
  %gy = extractvalue { double, double } %g, 1
  call i32 (ptr, ...) @printf(ptr @fmt, double %gx, double %gy)
  ret void
}

define i32 @main() {
  call void @show(double 2.0, double 3.0)    ; x y:        (3, 2)
  call void @show(double -0.5, double 3.0)   ; sin(x) y:   (3 cos(-0.5), sin(-0.5))
  call void @show(double -0.5, double -3.0)  ; x:          (1, 0)
  ret i32 0
}

; NUM: 3.000000 2.000000
; NUM-NEXT: 2.632748 -0.479426
; NUM-NEXT: 1.000000 0.000000

; CHECK-LABEL: define internal { double, double } @f.eddy.grad.aa_r(
; The id of the edge into the merged return block is recorded in the call's
; record, which the gradient keeps in a local that SROA turns into registers:
; the adjoint switches on the id's phi itself.
; CHECK-NOT: eddy.tape
; CHECK: [[FROM:%eddy.from[^ ]*]] = phi i32
; CHECK-NEXT: switch i32 [[FROM]]
