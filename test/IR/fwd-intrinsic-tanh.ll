; Forward mode, intrinsic tanh (new in LLVM 19): d tanh(x) = 1 - tanh(x)^2 dx, the rule
; of the libm tanh. clang-19 emits llvm.tanh.f64 for a plain tanh(x) under
; -fno-math-errno or -ffast-math. (Regression: it used to be refused with "no
; derivative rule for intrinsic 'llvm.tanh.f64'".)
; RUN: %opt-eddy -passes=eddy -S %s 2>&1 | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare double @llvm.tanh.f64(double)

define double @f(double %x) {
  %y = call double @llvm.tanh.f64(double %x)
  ret double %y
}

define double @test(double %x, double %dx) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double %dx)
  ret double %r
}

; CHECK-NOT: error
; CHECK-LABEL: define internal { double, double } @f.eddy.fwd.a_r(double %x, double %x.tangent)
; CHECK-NEXT: [[Y:%.*]] = call double @llvm.tanh.f64(double %x)
; CHECK-NEXT: [[SQ:%.*]] = fmul double [[Y]], [[Y]]
; CHECK-NEXT: [[P:%.*]] = fsub double 1.000000e+00, [[SQ]]
; CHECK-NEXT: [[TM:%.*]] = fmul double [[P]], %x.tangent
; CHECK-NEXT: [[TZ:%.*]] = fcmp oeq double %x.tangent, 0.000000e+00
; CHECK-NEXT: [[T:%.*]] = select i1 [[TZ]], double 0.000000e+00, double [[TM]]
; CHECK-NEXT: [[R:%.*]] = insertvalue { double, double } poison, double [[Y]], 0
; CHECK-NEXT: insertvalue { double, double } [[R]], double [[T]], 1
