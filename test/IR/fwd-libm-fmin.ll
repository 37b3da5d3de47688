; Forward mode, libm fmin (the cleanup turns it into llvm.minnum.f64): the tangent of the smaller argument, x on a tie or when z is NaN (fmin(x, NaN) = x, fmin(NaN, z) = z).
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare double @fmin(double, double)

define double @f(double %x, double %z) {
  %y = call double @fmin(double %x, double %z)
  ret double %y
}

define double @test(double %x, double %dx, double %z, double %dz) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double %dx, double %z, double %dz)
  ret double %r
}

; CHECK-LABEL: define double @test(
; CHECK-NEXT: call { double, double } @f.eddy.fwd.aa_r(double %x, double %dx, double %z, double %dz)

; CHECK-LABEL: define internal { double, double } @f.eddy.fwd.aa_r(double %x, double %x.tangent, double %z, double %z.tangent)
; CHECK-NEXT: [[Y:%.*]] = call {{.*}}double @llvm.minnum.f64(double %x, double %z)
; CHECK-NEXT: [[O:%.*]] = fcmp ole double %x, %z
; CHECK-NEXT: [[NAN:%.*]] = fcmp uno double %z, 0.000000e+00
; CHECK-NEXT: [[C:%.*]] = or i1 [[O]], [[NAN]]
; CHECK-NEXT: [[SX:%.*]] = select i1 [[C]], double 1.000000e+00, double 0.000000e+00
; CHECK-NEXT: [[SZ:%.*]] = select i1 [[C]], double 0.000000e+00, double 1.000000e+00
; CHECK-NEXT: [[TXM:%.*]] = fmul double [[SX]], %x.tangent
; CHECK-NEXT: [[TXZ:%.*]] = fcmp oeq double %x.tangent, 0.000000e+00
; CHECK-NEXT: [[TX:%.*]] = select i1 [[TXZ]], double 0.000000e+00, double [[TXM]]
; CHECK-NEXT: [[TZM:%.*]] = fmul double [[SZ]], %z.tangent
; CHECK-NEXT: [[TZZ:%.*]] = fcmp oeq double %z.tangent, 0.000000e+00
; CHECK-NEXT: [[TZ:%.*]] = select i1 [[TZZ]], double 0.000000e+00, double [[TZM]]
; CHECK-NEXT: [[T:%.*]] = fadd double [[TX]], [[TZ]]
; CHECK-NEXT: [[R:%.*]] = insertvalue { double, double } poison, double [[Y]], 0
; CHECK-NEXT: [[R2:%.*]] = insertvalue { double, double } [[R]], double [[T]], 1
; CHECK-NEXT: ret { double, double } [[R2]]
