; fneg in both modes: f = (-x) y; d = -dx y + (-x) dy; gradient (-y, -x), -x from the tape.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare { double, double } @__enzyme_autodiff(ptr, ...)

define dso_local double @f(double %x, double %y) {
  %n = fneg double %x
  %r = fmul double %n, %y
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
; CHECK-NEXT: %n = fneg double %x
; CHECK-NEXT: %r = fmul double %n, %y
; CHECK-NEXT: [[A:%.*]] = fmul double %n, %y.tangent
; CHECK-NEXT: [[B:%.*]] = fmul double %x.tangent, %y
; CHECK-NEXT: [[T:%.*]] = fsub double [[A]], [[B]]
; CHECK-NEXT: [[R:%.*]] = insertvalue { double, double } poison, double %r, 0
; CHECK-NEXT: insertvalue { double, double } [[R]], double [[T]], 1

; CHECK-LABEL: define internal { double, double } @f.eddy.grad.aa_r(double %0, double %1)
; -x goes to the call's record, which the gradient keeps in a local that SROA
; turns into registers: the adjoint uses the fneg itself.
; CHECK-NEXT: entry:
; CHECK-NEXT: [[N:%.*]] = fneg double %0
; CHECK-NEXT: [[GX:%.*]] = fneg reassoc nsz double %1
; CHECK-NEXT: [[G:%.*]] = insertvalue { double, double } poison, double [[GX]], 0
; CHECK-NEXT: insertvalue { double, double } [[G]], double [[N]], 1
