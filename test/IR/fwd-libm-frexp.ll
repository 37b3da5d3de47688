; Forward mode, libm frexp(x, &e) = x 2^-e: d = 2^-e dx, e recomputed by llvm.frexp;
; the exponent output is an integer and needs no shadow.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare double @frexp(double, ptr)

define double @f(double %x) {
  %e = alloca i32
  %y = call double @frexp(double %x, ptr %e)
  ret double %y
}

define double @test(double %x, double %dx) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double %dx)
  ret double %r
}

; CHECK-LABEL: define internal { double, double } @f.eddy.fwd.a_r(double %x, double %x.tangent)
; CHECK: [[Y:%.*]] = call double @frexp(double %x, ptr
; CHECK-NEXT: [[FR:%.*]] = call { double, i32 } @llvm.frexp.f64.i32(double %x)
; CHECK-NEXT: [[E:%.*]] = extractvalue { double, i32 } [[FR]], 1
; CHECK-NEXT: [[NE:%.*]] = sub i32 0, [[E]]
; CHECK-NEXT: [[P:%.*]] = call double @llvm.ldexp.f64.i32(double 1.000000e+00, i32 [[NE]])
; CHECK-NEXT: [[T:%.*]] = fmul double [[P]], %x.tangent
