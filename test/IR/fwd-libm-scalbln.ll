; Forward mode, libm scalbln(x, n) with a long n: d = 2^n dx, n clamped to
; +-2^20 (2^n is 0 or Inf long before) for llvm.ldexp's i32.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare double @scalbln(double, i64)

define double @f(double %x, i64 %n) {
  %y = call double @scalbln(double %x, i64 %n)
  ret double %y
}

define double @test(double %x, double %dx, i64 %n) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double %dx, i64 %n)
  ret double %r
}

; CHECK-LABEL: define internal { double, double } @f.eddy.fwd.ac_r(double %x, double %x.tangent, i64 %n)
; CHECK-NEXT: [[Y:%.*]] = call {{.*}}double @scalbln(double %x, i64 %n)
; CHECK-NEXT: [[LO:%.*]] = call i64 @llvm.smin.i64(i64 %n, i64 1048576)
; CHECK-NEXT: [[HI:%.*]] = call i64 @llvm.smax.i64(i64 [[LO]], i64 -1048576)
; CHECK-NEXT: [[N:%.*]] = trunc nsw i64 [[HI]] to i32
; CHECK-NEXT: [[P:%.*]] = call double @llvm.ldexp.f64.i32(double 1.000000e+00, i32 [[N]])
; CHECK-NEXT: [[T:%.*]] = fmul double [[P]], %x.tangent
