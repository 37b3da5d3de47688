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
; ds = dt*t + t*dt (both terms the same product, merged): 2 t dt.
; CHECK-NEXT: [[M:%.*]] = fmul float [[DT]], %t
; CHECK-NEXT: [[DS:%.*]] = fadd float [[M]], [[M]]
; CHECK-NEXT: %r = fpext float %s to double
; CHECK-NEXT: [[DR:%.*]] = fpext float [[DS]] to double
; CHECK-NEXT: %q = fmul double %r, %y
; dq = dr*y + r*dy.
; CHECK-NEXT: [[B:%.*]] = fmul double [[DR]], %y
; CHECK-NEXT: [[A:%.*]] = fmul double %r, %y.tangent
; CHECK-NEXT: [[T:%.*]] = fadd double [[B]], [[A]]
; CHECK-NEXT: [[R:%.*]] = insertvalue { double, double } poison, double %q, 0
; CHECK-NEXT: insertvalue { double, double } [[R]], double [[T]], 1

; Reverse: adjoint of r is y (the seed 1.0 times y; the strong-zero select on
; the constant seed folds away), truncated to float for s = t*t, then
; strong-zero scaled by t (a float from the tape) and doubled into t,
; extended back to double for x. The adjoint of y is r, from the tape.
; CHECK-LABEL: define internal { double, double } @f.eddy.grad.aa_r(double %0, double %1)
; f runs once per call, so r (a double) and t (a float) go to the call's
; record. The gradient keeps its record in a local of its own, which SROA
; turns into registers once both sweeps are inlined: the adjoint uses r and t
; themselves, and the gradient touches no tape.
; CHECK-NEXT: entry:
; CHECK-NEXT: [[TF:%t[^ ]*]] = fptrunc double %0 to float
; CHECK-NEXT: [[SF:%s[^ ]*]] = fmul float [[TF]], [[TF]]
; CHECK-NEXT: [[RT:%r[^ ]*]] = fpext float [[SF]] to double
; CHECK-NEXT: [[SA:%.*]] = fptrunc double %1 to float
; CHECK-NEXT: [[M:%.*]] = fmul float [[SA]], [[TF]]
; CHECK-NEXT: [[Z:%.*]] = fcmp oeq float [[SA]], 0.000000e+00
; CHECK-NEXT: [[SM:%.*]] = select i1 [[Z]], float 0.000000e+00, float [[M]]
; CHECK-NEXT: [[TA:%.*]] = fadd reassoc nsz float [[SM]], [[SM]]
; CHECK-NEXT: [[GX:%.*]] = fpext float [[TA]] to double
; CHECK-NEXT: [[G:%.*]] = insertvalue { double, double } poison, double [[GX]], 0
; CHECK-NEXT: insertvalue { double, double } [[G]], double [[RT]], 1
