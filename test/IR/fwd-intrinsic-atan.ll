; Forward mode, intrinsic atan (new in LLVM 19): d atan(x) = 1/(1 + x^2) dx, the rule
; of the libm atan. clang-19 emits llvm.atan.f64 for a plain atan(x) under
; -fno-math-errno or -ffast-math. (Regression: it used to be refused with "no
; derivative rule for intrinsic 'llvm.atan.f64'".)
; RUN: %opt-eddy -passes=eddy -S %s 2>&1 | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare double @llvm.atan.f64(double)

define double @f(double %x) {
  %y = call double @llvm.atan.f64(double %x)
  ret double %y
}

define double @test(double %x, double %dx) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double %dx)
  ret double %r
}

; CHECK-NOT: error
; CHECK-LABEL: define internal { double, double } @f.eddy.fwd.a_r(double %x, double %x.tangent)
; CHECK-NEXT: [[Y:%.*]] = call double @llvm.atan.f64(double %x)
; CHECK-NEXT: [[SQ:%.*]] = fmul double %x, %x
; CHECK-NEXT: [[D:%.*]] = fadd double [[SQ]], 1.000000e+00
; CHECK-NEXT: [[P:%.*]] = fdiv double 1.000000e+00, [[D]]
; CHECK-NEXT: [[TM:%.*]] = fmul double [[P]], %x.tangent
; CHECK-NEXT: [[TZ:%.*]] = fcmp oeq double %x.tangent, 0.000000e+00
; CHECK-NEXT: [[T:%.*]] = select i1 [[TZ]], double 0.000000e+00, double [[TM]]
; CHECK-NEXT: [[R:%.*]] = insertvalue { double, double } poison, double [[Y]], 0
; CHECK-NEXT: insertvalue { double, double } [[R]], double [[T]], 1
