; fsub in both modes: d(x - y) = dx - dy; the gradient is (1, -1).
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare { double, double } @__enzyme_autodiff(ptr, ...)

define dso_local double @f(double %x, double %y) {
  %r = fsub double %x, %y
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
; CHECK-NEXT: %r = fsub double %x, %y
; CHECK-NEXT: [[T:%.*]] = fsub double %x.tangent, %y.tangent
; CHECK-NEXT: [[R:%.*]] = insertvalue { double, double } poison, double %r, 0
; CHECK-NEXT: insertvalue { double, double } [[R]], double [[T]], 1

; CHECK-LABEL: define internal { double, double } @f.eddy.grad.aa_r(double %0, double %1)
; CHECK: ret { double, double } { double 1.000000e+00, double -1.000000e+00 }
