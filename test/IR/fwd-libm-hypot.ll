; Forward mode, libm hypot(x, z): d = (x dx + z dz) / hypot(x, z).
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
; CHECK-NEXT: [[DX:%.*]] = fdiv double %x, [[Y]]
; CHECK-NEXT: [[DZ:%.*]] = fdiv double %z, [[Y]]
; CHECK-NEXT: [[TX:%.*]] = fmul double [[DX]], %x.tangent
; CHECK-NEXT: [[TZ:%.*]] = fmul double [[DZ]], %z.tangent
; CHECK-NEXT: [[T:%.*]] = fadd double [[TX]], [[TZ]]
; CHECK-NEXT: [[R:%.*]] = insertvalue { double, double } poison, double [[Y]], 0
; CHECK-NEXT: [[R2:%.*]] = insertvalue { double, double } [[R]], double [[T]], 1
; CHECK-NEXT: ret { double, double } [[R2]]
