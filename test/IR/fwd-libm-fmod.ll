; Forward mode, libm fmod(x, z) = x - n z: d = dx - n dz, with n recovered from
; the result as round((x - fmod(x, z)) / z) (x/z itself may round up to n + 1).
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare double @fmod(double, double)

define double @f(double %x, double %z) {
  %y = call double @fmod(double %x, double %z)
  ret double %y
}

define double @test(double %x, double %dx, double %z, double %dz) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double %dx, double %z, double %dz)
  ret double %r
}

; CHECK-LABEL: define double @test(
; CHECK-NEXT: call { double, double } @f.eddy.fwd.aa_r(double %x, double %dx, double %z, double %dz)

; CHECK-LABEL: define internal { double, double } @f.eddy.fwd.aa_r(double %x, double %x.tangent, double %z, double %z.tangent)
; CHECK-NEXT: [[Y:%.*]] = call {{.*}}double @fmod(double %x, double %z)
; CHECK-NEXT: [[XR:%.*]] = fsub double %x, [[Y]]
; CHECK-NEXT: [[Q:%.*]] = fdiv double [[XR]], %z
; CHECK-NEXT: [[TQ:%.*]] = call double @llvm.round.f64(double [[Q]])
; CHECK-NEXT: [[NQ:%.*]] = fneg double [[TQ]]
; CHECK-NEXT: [[TZM:%.*]] = fmul double [[NQ]], %z.tangent
; CHECK-NEXT: [[TZZ:%.*]] = fcmp oeq double %z.tangent, 0.000000e+00
; CHECK-NEXT: [[TZ:%.*]] = select i1 [[TZZ]], double 0.000000e+00, double [[TZM]]
; CHECK-NEXT: [[T:%.*]] = fadd double [[TZ]], %x.tangent
; CHECK-NEXT: [[R:%.*]] = insertvalue { double, double } poison, double [[Y]], 0
; CHECK-NEXT: [[R2:%.*]] = insertvalue { double, double } [[R]], double [[T]], 1
; CHECK-NEXT: ret { double, double } [[R2]]
