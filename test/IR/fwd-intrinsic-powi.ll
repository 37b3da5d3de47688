; Forward mode, llvm.powi(x, n) with an integer exponent: d = n x^(n-1) dx
; (0 for n = 0, also at x = 0 where the formula is 0 * Inf);
; the exponent is an integer and gets no tangent (signature "ac").
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare double @llvm.powi.f64.i32(double, i32)

define double @f(double %x, i32 %n) {
  %y = call double @llvm.powi.f64.i32(double %x, i32 %n)
  ret double %y
}

define double @test(double %x, double %dx, i32 %n) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double %dx, i32 %n)
  ret double %r
}

; CHECK-LABEL: define double @test(
; CHECK-NEXT: call { double, double } @f.eddy.fwd.ac_r(double %x, double %dx, i32 %n)

; CHECK-LABEL: define internal { double, double } @f.eddy.fwd.ac_r(double %x, double %x.tangent, i32 %n)
; CHECK-NEXT: [[Y:%.*]] = call double @llvm.powi.f64.i32(double %x, i32 %n)
; CHECK-NEXT: [[NM1:%.*]] = add i32 %n, -1
; CHECK-NEXT: [[NF:%.*]] = sitofp i32 %n to double
; CHECK-NEXT: [[P:%.*]] = call double @llvm.powi.f64.i32(double %x, i32 [[NM1]])
; CHECK-NEXT: [[D0:%.*]] = fmul double [[P]], [[NF]]
; CHECK-NEXT: [[N0:%.*]] = icmp eq i32 %n, 0
; CHECK-NEXT: [[D:%.*]] = select i1 [[N0]], double 0.000000e+00, double [[D0]]
; CHECK-NEXT: [[TM:%.*]] = fmul double [[D]], %x.tangent
; CHECK-NEXT: [[TZ:%.*]] = fcmp oeq double %x.tangent, 0.000000e+00
; CHECK-NEXT: [[T:%.*]] = select i1 [[TZ]], double 0.000000e+00, double [[TM]]
; CHECK-NEXT: [[R:%.*]] = insertvalue { double, double } poison, double [[Y]], 0
; CHECK-NEXT: insertvalue { double, double } [[R]], double [[T]], 1
