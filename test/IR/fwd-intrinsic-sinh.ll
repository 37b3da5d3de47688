; Forward mode, intrinsic sinh (new in LLVM 19): d sinh(x) = cosh(x) dx, the rule
; of the libm sinh. clang-19 emits llvm.sinh.f64 for a plain sinh(x) under
; -fno-math-errno or -ffast-math. (Regression: it used to be refused with "no
; derivative rule for intrinsic 'llvm.sinh.f64'".)
; RUN: %opt-eddy -passes=eddy -S %s 2>&1 | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare double @llvm.sinh.f64(double)

define double @f(double %x) {
  %y = call double @llvm.sinh.f64(double %x)
  ret double %y
}

define double @test(double %x, double %dx) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double %dx)
  ret double %r
}

; CHECK-NOT: error
; CHECK-LABEL: define internal { double, double } @f.eddy.fwd.a_r(double %x, double %x.tangent)
; CHECK-NEXT: [[Y:%.*]] = call double @llvm.sinh.f64(double %x)
; CHECK-NEXT: [[P:%.*]] = call double @{{(llvm.)?}}cosh{{(.f64)?}}(double %x)
; CHECK-NEXT: [[TM:%.*]] = fmul double [[P]], %x.tangent
; CHECK-NEXT: [[TZ:%.*]] = fcmp oeq double %x.tangent, 0.000000e+00
; CHECK-NEXT: [[T:%.*]] = select i1 [[TZ]], double 0.000000e+00, double [[TM]]
; CHECK-NEXT: [[R:%.*]] = insertvalue { double, double } poison, double [[Y]], 0
; CHECK-NEXT: insertvalue { double, double } [[R]], double [[T]], 1
