; fdiv in both modes: d(x/y) = (dx - (x/y) dy) / y; gradient (1/y, -(1/y)(x/y)), the quotient taken from the tape.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare { double, double } @__enzyme_autodiff(ptr, ...)

define dso_local double @f(double %x, double %y) {
  %r = fdiv double %x, %y
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
; CHECK-NEXT: %r = fdiv double %x, %y
; CHECK-NEXT: [[QD:%.*]] = fmul double %r, %y.tangent
; CHECK-NEXT: [[N:%.*]] = fsub double %x.tangent, [[QD]]
; CHECK-NEXT: [[T:%.*]] = fdiv double [[N]], %y
; CHECK-NEXT: [[R:%.*]] = insertvalue { double, double } poison, double %r, 0
; CHECK-NEXT: insertvalue { double, double } [[R]], double [[T]], 1

; CHECK-LABEL: define internal { double, double } @f.eddy.grad.aa_r(double %0, double %1)
; CHECK: [[Q:%.*]] = fdiv double %0, %1
; CHECK: store double [[Q]], ptr
; CHECK: [[QT:%.*]] = load double, ptr
; CHECK: [[INV:%.*]] = fdiv double 1.000000e+00, %1
; CHECK-NEXT: [[NINV:%.*]] = fneg double [[INV]]
; CHECK-NEXT: [[GY:%.*]] = fmul double [[QT]], [[NINV]]
; CHECK-NEXT: [[G:%.*]] = insertvalue { double, double } poison, double [[INV]], 0
; CHECK-NEXT: insertvalue { double, double } [[G]], double [[GY]], 1
