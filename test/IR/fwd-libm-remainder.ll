; Forward mode, libm remainder(x, z) = x - n z (n = x/z rounded to even):
; d = dx - n dz, n recovered from the result as round((x - remainder) / z).
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare double @remainder(double, double)

define double @f(double %x, double %z) {
  %y = call double @remainder(double %x, double %z)
  ret double %y
}

define double @test(double %x, double %dx, double %z, double %dz) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double %dx, double %z, double %dz)
  ret double %r
}

; CHECK-LABEL: define internal { double, double } @f.eddy.fwd.aa_r(double %x, double %x.tangent, double %z, double %z.tangent)
; CHECK-NEXT: [[Y:%.*]] = call {{.*}}double @remainder(double %x, double %z)
; CHECK-NEXT: [[XR:%.*]] = fsub double %x, [[Y]]
; CHECK-NEXT: [[Q:%.*]] = fdiv double [[XR]], %z
; CHECK-NEXT: [[N:%.*]] = call double @llvm.round.f64(double [[Q]])
; CHECK-NEXT: [[NQ:%.*]] = fneg double [[N]]
; CHECK-NEXT: [[TZM:%.*]] = fmul double [[NQ]], %z.tangent
; CHECK-NEXT: [[TZZ:%.*]] = fcmp oeq double %z.tangent, 0.000000e+00
; CHECK-NEXT: [[TZ:%.*]] = select i1 [[TZZ]], double 0.000000e+00, double [[TZM]]
; CHECK-NEXT: [[T:%.*]] = fadd double [[TZ]], %x.tangent
; CHECK-NEXT: [[R:%.*]] = insertvalue { double, double } poison, double [[Y]], 0
; CHECK-NEXT: insertvalue { double, double } [[R]], double [[T]], 1
