; Forward mode, libm ldexp(x, n) = x 2^n: d = 2^n dx; n is an integer (signature "ac").
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare double @ldexp(double, i32)

define double @f(double %x, i32 %n) {
  %y = call double @ldexp(double %x, i32 %n)
  ret double %y
}

define double @test(double %x, double %dx, i32 %n) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double %dx, i32 %n)
  ret double %r
}

; CHECK-LABEL: define internal { double, double } @f.eddy.fwd.ac_r(double %x, double %x.tangent, i32 %n)
; CHECK-NEXT: [[Y:%.*]] = call {{.*}}double @ldexp(double %x, i32 %n)
; CHECK-NEXT: [[P:%.*]] = call double @llvm.ldexp.f64.i32(double 1.000000e+00, i32 %n)
; CHECK-NEXT: [[T:%.*]] = fmul double [[P]], %x.tangent
