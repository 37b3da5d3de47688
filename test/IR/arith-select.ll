; select in both modes: f = x < y ? x : y; the tangent/adjoint of the chosen operand (the condition is pushed on the tape as an i1).
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare { double, double } @__enzyme_autodiff(ptr, ...)

define dso_local double @f(double %x, double %y) {
  %c = fcmp olt double %x, %y
  %r = select i1 %c, double %x, double %y
  ret double %r
}

define double @fwd(double %x, double %dx, double %y, double %dy) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double %dx, double %y, double %dy)
  ret double %r
}

define { double, double } @rev(double %x, double %y) {
  %r = call { double, double } (ptr, ...) @__enzyme_autodiff(ptr @f, double %x, double %y)
  ret { double, double } %r
}

; CHECK-LABEL: define internal { double, double } @f.eddy.fwd.aa_r(double %x, double %x.tangent, double %y, double %y.tangent)
; CHECK-NEXT: %c = fcmp olt double %x, %y
; CHECK-NEXT: %r = select i1 %c, double %x, double %y
; CHECK-NEXT: [[T:%.*]] = select i1 %c, double %x.tangent, double %y.tangent
; CHECK-NEXT: [[R:%.*]] = insertvalue { double, double } poison, double %r, 0
; CHECK-NEXT: insertvalue { double, double } [[R]], double [[T]], 1

; CHECK-LABEL: define internal { double, double } @f.eddy.grad.aa_r(double %0, double %1)
; The condition goes to the call's record, which the gradient keeps in a
; local that SROA turns into registers: the adjoint selects on c itself.
; CHECK: [[C:%.*]] = fcmp olt double %0, %1
; CHECK-NEXT: [[GX:%.*]] = select i1 [[C]], double 1.000000e+00, double 0.000000e+00
; CHECK-NEXT: [[GY:%.*]] = select i1 [[C]], double 0.000000e+00, double 1.000000e+00
; CHECK-NEXT: [[G:%.*]] = insertvalue { double, double } poison, double [[GX]], 0
; CHECK-NEXT: insertvalue { double, double } [[G]], double [[GY]], 1
