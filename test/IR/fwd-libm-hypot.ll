; Forward mode, libm hypot(x, z): d = (x dx + z dz) / hypot(x, z), where an
; infinite argument with a finite other one has the limit partial +-1.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare double @hypot(double, double)

define double @f(double %x, double %z) {
  %y = call double @hypot(double %x, double %z)
  ret double %y
}

define double @test(double %x, double %dx, double %z, double %dz) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double %dx, double %z, double %dz)
  ret double %r
}

; CHECK-LABEL: define double @test(
; CHECK-NEXT: call { double, double } @f.eddy.fwd.aa_r(double %x, double %dx, double %z, double %dz)

; CHECK-LABEL: define internal { double, double } @f.eddy.fwd.aa_r(double %x, double %x.tangent, double %z, double %z.tangent)
; CHECK-NEXT: [[Y:%.*]] = call {{.*}}double @hypot(double %x, double %z)
; CHECK-NEXT: [[DX0:%.*]] = fdiv double %x, [[Y]]
; CHECK-NEXT: [[AZ:%.*]] = call double @llvm.fabs.f64(double %z)
; CHECK-NEXT: [[ZFIN:%.*]] = fcmp one double [[AZ]], 0x7FF0000000000000
; CHECK-NEXT: [[AX:%.*]] = call double @llvm.fabs.f64(double %x)
; CHECK-NEXT: [[XINF:%.*]] = fcmp oeq double [[AX]], 0x7FF0000000000000
; CHECK-NEXT: [[XLIM:%.*]] = and i1 [[XINF]], [[ZFIN]]
; CHECK-NEXT: [[SX:%.*]] = call double @llvm.copysign.f64(double 1.000000e+00, double %x)
; CHECK-NEXT: [[DX:%.*]] = select i1 [[XLIM]], double [[SX]], double [[DX0]]
; CHECK-NEXT: [[DZ0:%.*]] = fdiv double %z, [[Y]]
; CHECK-NEXT: [[XFIN:%.*]] = fcmp one double [[AX]], 0x7FF0000000000000
; CHECK-NEXT: [[ZINF:%.*]] = fcmp oeq double [[AZ]], 0x7FF0000000000000
; CHECK-NEXT: [[ZLIM:%.*]] = and i1 [[ZINF]], [[XFIN]]
; CHECK-NEXT: [[SZ:%.*]] = call double @llvm.copysign.f64(double 1.000000e+00, double %z)
; CHECK-NEXT: [[DZ:%.*]] = select i1 [[ZLIM]], double [[SZ]], double [[DZ0]]
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
