; Forward mode, libm atan2(x, z) (x is the ordinate): d = (z dx - x dz) / (x^2 + z^2);
; where z (resp. x) is infinite the partial is its limit 1/z (resp. -1/x), not Inf/Inf.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare double @atan2(double, double)

define double @f(double %x, double %z) {
  %y = call double @atan2(double %x, double %z)
  ret double %y
}

define double @test(double %x, double %dx, double %z, double %dz) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double %dx, double %z, double %dz)
  ret double %r
}

; CHECK-LABEL: define double @test(
; CHECK-NEXT: call { double, double } @f.eddy.fwd.aa_r(double %x, double %dx, double %z, double %dz)

; CHECK-LABEL: define internal { double, double } @f.eddy.fwd.aa_r(double %x, double %x.tangent, double %z, double %z.tangent)
; CHECK-NEXT: [[Y:%.*]] = call {{.*}}double @atan2(double %x, double %z)
; CHECK-NEXT: [[XX:%.*]] = fmul double %x, %x
; CHECK-NEXT: [[ZZ:%.*]] = fmul double %z, %z
; CHECK-NEXT: [[DEN:%.*]] = fadd double [[XX]], [[ZZ]]
; CHECK-NEXT: [[DX0:%.*]] = fdiv double %z, [[DEN]]
; CHECK-NEXT: [[AZ:%.*]] = call double @llvm.fabs.f64(double %z)
; CHECK-NEXT: [[ZINF:%.*]] = fcmp oeq double [[AZ]], 0x7FF0000000000000
; CHECK-NEXT: [[RZ:%.*]] = fdiv double 1.000000e+00, %z
; CHECK-NEXT: [[DX:%.*]] = select i1 [[ZINF]], double [[RZ]], double [[DX0]]
; CHECK-NEXT: [[NX:%.*]] = fneg double %x
; CHECK-NEXT: [[DZ0:%.*]] = fdiv double [[NX]], [[DEN]]
; CHECK-NEXT: [[AX:%.*]] = call double @llvm.fabs.f64(double %x)
; CHECK-NEXT: [[XINF:%.*]] = fcmp oeq double [[AX]], 0x7FF0000000000000
; CHECK-NEXT: [[RX:%.*]] = fdiv double -1.000000e+00, %x
; CHECK-NEXT: [[DZ:%.*]] = select i1 [[XINF]], double [[RX]], double [[DZ0]]
; CHECK-NEXT: [[TXM:%.*]] = fmul double [[DX]], %x.tangent
; CHECK-NEXT: [[TXZ:%.*]] = fcmp oeq double %x.tangent, 0.000000e+00
; CHECK-NEXT: [[TX:%.*]] = select i1 [[TXZ]], double 0.000000e+00, double [[TXM]]
; CHECK-NEXT: [[TZM:%.*]] = fmul double [[DZ]], %z.tangent
; CHECK-NEXT: [[TZZ:%.*]] = fcmp oeq double %z.tangent, 0.000000e+00
; CHECK-NEXT: [[TZ:%.*]] = select i1 [[TZZ]], double 0.000000e+00, double [[TZM]]
; CHECK-NEXT: [[T:%.*]] = fadd double [[TX]], [[TZ]]
; CHECK-NEXT: [[R:%.*]] = insertvalue { double, double } poison, double [[Y]], 0
; CHECK-NEXT: [[R2:%.*]] = insertvalue { double, double } [[R]], double [[T]], 1
; CHECK-NEXT: ret { double, double } [[R2]]
