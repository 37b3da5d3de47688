; Forward mode, fmin/fmax with a NaN argument: fmin(NaN, z) returns z, so its
; tangent is dz (and likewise for fmax). Run with lli: the derivative w.r.t. z
; at (NaN, 1) is 1. (Regression: the rule selected on `fcmp ule x, z`, true for
; a NaN x, and gave dx = 0.)
; RUN: %opt-eddy -passes=eddy %s | lli | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare double @llvm.minnum.f64(double, double)
declare double @llvm.maxnum.f64(double, double)
declare i32 @printf(ptr, ...)
@fmt = private constant [11 x i8] c"%.1f %.1f\0A\00"

define double @mn(double %x, double %z) {
  %y = call double @llvm.minnum.f64(double %x, double %z)
  ret double %y
}

define double @mx(double %x, double %z) {
  %y = call double @llvm.maxnum.f64(double %x, double %z)
  ret double %y
}

define i32 @main() {
  %a = call double (ptr, ...) @__enzyme_fwddiff(ptr @mn, double 0x7FF8000000000000, double 0.0, double 1.0, double 1.0)
  %b = call double (ptr, ...) @__enzyme_fwddiff(ptr @mx, double 0x7FF8000000000000, double 0.0, double 1.0, double 1.0)
  call i32 (ptr, ...) @printf(ptr @fmt, double %a, double %b)
  ret i32 0
}

; CHECK: 1.0 1.0
