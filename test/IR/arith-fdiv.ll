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
; f runs once per call, so the quotient goes to the call's record. The
; gradient's own pair keeps its record in a local of the gradient, which SROA
; turns into registers once both sweeps are inlined into it: the adjoint uses
; the quotient itself, and the gradient touches no tape at all.
; CHECK-NEXT: entry:
; CHECK-NEXT: [[Q:%.*]] = fdiv double %0, %1
; CHECK-NEXT: [[INV:%.*]] = fdiv double 1.000000e+00, %1
; CHECK-NEXT: [[NINV:%.*]] = fneg double [[INV]]
; CHECK-NEXT: [[GY:%.*]] = fmul double [[Q]], [[NINV]]
; CHECK-NEXT: [[G:%.*]] = insertvalue { double, double } poison, double [[INV]], 0
; CHECK-NEXT: [[R:%.*]] = insertvalue { double, double } [[G]], double [[GY]], 1
; CHECK-NEXT: ret { double, double } [[R]]
