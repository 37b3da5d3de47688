; Forward mode, libm modf(x, ip): the fraction has d = dx; the integral part
; written through ip is made an explicit store of trunc(x) (OutParameters.cpp),
; so its tangent in the shadow of ip is 0.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare double @modf(double, ptr)

define double @f(double %x, ptr %ip) {
  %y = call double @modf(double %x, ptr %ip)
  ret double %y
}

define double @test(double %x, double %dx, ptr %ip, ptr %dip) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double %dx, ptr %ip, ptr %dip)
  ret double %r
}

; CHECK-LABEL: define internal { double, double } @f.eddy.fwd.aa_r(double %x, double %x.tangent, ptr %ip, ptr %ip.tangent)
; CHECK-NEXT: [[Y:%.*]] = call double @modf(double %x, ptr %ip)
; CHECK-NEXT: [[I:%.*]] = call double @llvm.trunc.f64(double %x)
; CHECK-NEXT: store double 0.000000e+00, ptr %ip.tangent
; CHECK-NEXT: store double [[I]], ptr %ip
; CHECK-NEXT: [[R:%.*]] = insertvalue { double, double } poison, double [[Y]], 0
; CHECK-NEXT: insertvalue { double, double } [[R]], double %x.tangent, 1
