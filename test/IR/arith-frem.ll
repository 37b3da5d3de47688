; frem in both modes: frem(x, y) = x - trunc(x/y) y, so d = dx - trunc(x/y) dy; gradient (1, -trunc(x/y)).
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare { double, double } @__enzyme_autodiff(ptr, ...)

define dso_local double @f(double %x, double %y) {
  %r = frem double %x, %y
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
; CHECK-NEXT: %r = frem double %x, %y
; CHECK-NEXT: [[Q:%.*]] = fdiv double %x, %y
; CHECK-NEXT: [[TQ:%.*]] = call double @llvm.trunc.f64(double [[Q]])
; CHECK-NEXT: [[M:%.*]] = fmul double [[TQ]], %y.tangent
; CHECK-NEXT: [[T:%.*]] = fsub double %x.tangent, [[M]]
; CHECK-NEXT: [[R:%.*]] = insertvalue { double, double } poison, double %r, 0
; CHECK-NEXT: insertvalue { double, double } [[R]], double [[T]], 1

; CHECK-LABEL: define internal { double, double } @f.eddy.grad.aa_r(double %0, double %1)
; CHECK: [[Q:%.*]] = fdiv double %0, %1
; CHECK-NEXT: [[TQ:%.*]] = call double @llvm.trunc.f64(double [[Q]])
; CHECK-NEXT: [[GY:%.*]] = fneg reassoc nsz double [[TQ]]
; CHECK-NEXT: insertvalue { double, double } { double 1.000000e+00, double poison }, double [[GY]], 1
