; fmul in both modes: d(x y) = dx y + x dy; the gradient is (y, x).
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare { double, double } @__enzyme_autodiff(ptr, ...)

define dso_local double @f(double %x, double %y) {
  %r = fmul double %x, %y
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
; CHECK-NEXT: %r = fmul double %x, %y
; CHECK-DAG: [[A:%.*]] = fmul double %x, %y.tangent
; CHECK-DAG: [[B:%.*]] = fmul double %x.tangent, %y
; CHECK: [[T:%.*]] = fadd double [[B]], [[A]]
; CHECK-NEXT: [[R:%.*]] = insertvalue { double, double } poison, double %r, 0
; CHECK-NEXT: insertvalue { double, double } [[R]], double [[T]], 1

; The adjoint of x is y and the adjoint of y is x.
; CHECK-LABEL: define internal { double, double } @f.eddy.grad.aa_r(double %0, double %1)
; CHECK: [[G:%.*]] = insertvalue { double, double } poison, double %1, 0
; CHECK-NEXT: [[G2:%.*]] = insertvalue { double, double } [[G]], double %0, 1
; CHECK: ret { double, double } [[G2]]
