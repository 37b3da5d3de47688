; fptrunc and fpext in both modes: f = fpext(fptrunc(x)^2) y; tangents are converted with the value (fptrunc of dx, fpext of the float tangent), adjoints flow back with the opposite conversion.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare { double, double } @__enzyme_autodiff(ptr, ...)

define dso_local double @f(double %x, double %y) {
  %t = fptrunc double %x to float
  %s = fmul float %t, %t
  %r = fpext float %s to double
  %q = fmul double %r, %y
  ret double %q
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
; CHECK-NEXT: %t = fptrunc double %x to float
; CHECK-NEXT: [[DT:%.*]] = fptrunc double %x.tangent to float
; CHECK-NEXT: %s = fmul float %t, %t
; CHECK-NEXT: [[M:%.*]] = fmul float %t, [[DT]]
; CHECK-NEXT: [[DS:%.*]] = fadd float [[M]], [[M]]
; CHECK-NEXT: %r = fpext float %s to double
; CHECK-NEXT: [[DR:%.*]] = fpext float [[DS]] to double
; CHECK-NEXT: %q = fmul double %r, %y
; CHECK-NEXT: [[A:%.*]] = fmul double %r, %y.tangent
; CHECK-NEXT: [[B:%.*]] = fmul double [[DR]], %y
; CHECK-NEXT: [[T:%.*]] = fadd double [[B]], [[A]]

; Reverse: adjoint of r is y, truncated to float for s = t*t, doubled into t
; (t is a float from the tape), extended back to double for x.
; CHECK-LABEL: define internal { double, double } @f.eddy.grad.aa_r(double %0, double %1)
; CHECK: store float %t{{[^ ]*}}, ptr
; CHECK: [[RT:%.*]] = load double, ptr
; CHECK: [[TF:%.*]] = load float, ptr
; CHECK: [[SA:%.*]] = fptrunc double %1 to float
; CHECK-NEXT: [[M:%.*]] = fmul float [[TF]], [[SA]]
; CHECK-NEXT: [[TA:%.*]] = fadd nsz float [[M]], [[M]]
; CHECK-NEXT: [[GX:%.*]] = fpext float [[TA]] to double
; CHECK-NEXT: [[G:%.*]] = insertvalue { double, double } poison, double [[GX]], 0
; CHECK-NEXT: insertvalue { double, double } [[G]], double [[RT]], 1
