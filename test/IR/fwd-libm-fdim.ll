; Forward mode, libm fdim(x, z) = x > z ? x - z : 0: d = dx - dz where x > z, else 0.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare double @fdim(double, double)

define double @f(double %x, double %z) {
  %y = call double @fdim(double %x, double %z)
  ret double %y
}

define double @test(double %x, double %dx, double %z, double %dz) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double %dx, double %z, double %dz)
  ret double %r
}

; CHECK-LABEL: define internal { double, double } @f.eddy.fwd.aa_r(double %x, double %x.tangent, double %z, double %z.tangent)
; CHECK-NEXT: [[Y:%.*]] = call {{.*}}double @fdim(double %x, double %z)
; CHECK-NEXT: [[GT:%.*]] = fcmp ogt double %x, %z
; CHECK-NEXT: [[DX:%.*]] = select i1 [[GT]], double 1.000000e+00, double 0.000000e+00
; CHECK-NEXT: [[DZ:%.*]] = select i1 [[GT]], double -1.000000e+00, double 0.000000e+00
; CHECK-NEXT: [[TXM:%.*]] = fmul double [[DX]], %x.tangent
; CHECK-NEXT: [[TXZ:%.*]] = fcmp oeq double %x.tangent, 0.000000e+00
; CHECK-NEXT: [[TX:%.*]] = select i1 [[TXZ]], double 0.000000e+00, double [[TXM]]
; CHECK-NEXT: [[TZM:%.*]] = fmul double [[DZ]], %z.tangent
; CHECK-NEXT: [[TZZ:%.*]] = fcmp oeq double %z.tangent, 0.000000e+00
; CHECK-NEXT: [[TZ:%.*]] = select i1 [[TZZ]], double 0.000000e+00, double [[TZM]]
; CHECK-NEXT: [[T:%.*]] = fadd double [[TX]], [[TZ]]
