; Forward mode, llvm.ldexp (what InstCombine makes of exp2 of an integer, among
; others): d = 2^n dx.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare double @llvm.ldexp.f64.i32(double, i32)

define double @f(double %x, i32 %n) {
  %y = call double @llvm.ldexp.f64.i32(double %x, i32 %n)
  ret double %y
}

define double @test(double %x, double %dx, i32 %n) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double %dx, i32 %n)
  ret double %r
}

; CHECK-LABEL: define internal { double, double } @f.eddy.fwd.ac_r(double %x, double %x.tangent, i32 %n)
; CHECK-NEXT: [[Y:%.*]] = call double @llvm.ldexp.f64.i32(double %x, i32 %n)
; CHECK-NEXT: [[P:%.*]] = call double @llvm.ldexp.f64.i32(double 1.000000e+00, i32 %n)
; CHECK-NEXT: [[T:%.*]] = fmul double [[P]], %x.tangent
