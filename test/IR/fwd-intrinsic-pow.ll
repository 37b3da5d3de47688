; Forward mode, llvm.pow: d = z x^(z-1) dx + x^z log(x) dz, with the limits
; 0 for z = 0 and, at x = 0 for z >= 0, 0 for the log term.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare double @llvm.pow.f64(double, double)

define double @f(double %x, double %z) {
  %y = call double @llvm.pow.f64(double %x, double %z)
  ret double %y
}

define double @test(double %x, double %dx, double %z, double %dz) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double %dx, double %z, double %dz)
  ret double %r
}

; CHECK-LABEL: define double @test(
; CHECK-NEXT: call { double, double } @f.eddy.fwd.aa_r(double %x, double %dx, double %z, double %dz)

; CHECK-LABEL: define internal { double, double } @f.eddy.fwd.aa_r(double %x, double %x.tangent, double %z, double %z.tangent)
; CHECK-NEXT: [[Y:%.*]] = call {{.*}}double @llvm.pow.f64(double %x, double %z)
; CHECK-NEXT: [[ZM1:%.*]] = fadd double %z, -1.000000e+00
; CHECK-NEXT: [[PW:%.*]] = call double @llvm.pow.f64(double %x, double [[ZM1]])
; CHECK-NEXT: [[DX0:%.*]] = fmul double [[PW]], %z
; CHECK-NEXT: [[ZZ:%.*]] = fcmp oeq double %z, 0.000000e+00
; CHECK-NEXT: [[DX:%.*]] = select i1 [[ZZ]], double 0.000000e+00, double [[DX0]]
; CHECK-NEXT: [[LG:%.*]] = call double @llvm.log.f64(double %x)
; CHECK-NEXT: [[DZ0:%.*]] = fmul double [[Y]], [[LG]]
; CHECK-NEXT: [[ISZ:%.*]] = fcmp oeq double %x, 0.000000e+00
; CHECK-NEXT: [[ZPOS:%.*]] = fcmp oge double %z, 0.000000e+00
; CHECK-NEXT: [[AT0:%.*]] = and i1 [[ISZ]], [[ZPOS]]
; CHECK-NEXT: [[DZ:%.*]] = select i1 [[AT0]], double 0.000000e+00, double [[DZ0]]
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
