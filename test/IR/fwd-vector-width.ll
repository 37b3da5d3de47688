; Vector forward mode: with enzyme_width 2 the derivative takes two tangents
; per active argument, computes the primal and the elementary partial (here
; cos x) once, and returns {primal, tangent0, tangent1}; a call of a defined
; function goes to that function's own width-2 derivative.
; RUN: %opt-eddy -passes=eddy-raw -S %s | FileCheck %s

@enzyme_width = external global i32
declare { double, double } @__enzyme_fwddiff(ptr, ...)

define double @inner(double %x) noinline {
  %s = call double @llvm.sin.f64(double %x)
  ret double %s
}
declare double @llvm.sin.f64(double)

define double @f(double %x) {
  %y = call double @inner(double %x)
  %z = fmul double %y, %x
  ret double %z
}

define { double, double } @test(double %x) {
  %r = call { double, double } (ptr, ...) @__enzyme_fwddiff(ptr @f, ptr @enzyme_width, i32 2, double %x, double 1.0, double 2.0)
  ret { double, double } %r
}

; CHECK-LABEL: define internal { double, double, double } @f.eddy.fwd.a_r_w2(double %x, double %x.tangent0, double %x.tangent1)
; CHECK: call { double, double, double } @inner.eddy.fwd.a_r_w2(double %x, double %x.tangent0, double %x.tangent1)
; CHECK-LABEL: define internal { double, double, double } @inner.eddy.fwd.a_r_w2(double %x, double %x.tangent0, double %x.tangent1)
; CHECK: [[S:%.*]] = call double @llvm.sin.f64(double %x)
; CHECK-NEXT: [[C:%.*]] = call double @llvm.cos.f64(double %x)
; CHECK-NEXT: [[T0:%.*]] = fmul double [[C]], %x.tangent0
; CHECK-NEXT: [[Z0:%.*]] = fcmp oeq double %x.tangent0, 0.000000e+00
; CHECK-NEXT: select i1 [[Z0]], double 0.000000e+00, double [[T0]]
; CHECK-NEXT: [[T1:%.*]] = fmul double [[C]], %x.tangent1
; CHECK-NOT: @llvm.cos
; CHECK: ret { double, double, double }
