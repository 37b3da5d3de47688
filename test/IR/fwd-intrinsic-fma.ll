; Forward mode, llvm.fma: d(a b + c) = b da + a db + dc.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare double @llvm.fma.f64(double, double, double)

define double @f(double %a, double %b, double %c) {
  %y = call double @llvm.fma.f64(double %a, double %b, double %c)
  ret double %y
}

define double @test(double %a, double %da, double %b, double %db, double %c, double %dc) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %a, double %da, double %b, double %db, double %c, double %dc)
  ret double %r
}

; CHECK-LABEL: define internal { double, double } @f.eddy.fwd.aaa_r(double %a, double %a.tangent, double %b, double %b.tangent, double %c, double %c.tangent)
; CHECK-NEXT: [[Y:%.*]] = call double @llvm.fma.f64(double %a, double %b, double %c)
; CHECK-NEXT: [[TAM:%.*]] = fmul double %b, %a.tangent
; CHECK-NEXT: [[TAZ:%.*]] = fcmp oeq double %a.tangent, 0.000000e+00
; CHECK-NEXT: [[TA:%.*]] = select i1 [[TAZ]], double 0.000000e+00, double [[TAM]]
; CHECK-NEXT: [[TBM:%.*]] = fmul double %a, %b.tangent
; CHECK-NEXT: [[TBZ:%.*]] = fcmp oeq double %b.tangent, 0.000000e+00
; CHECK-NEXT: [[TB:%.*]] = select i1 [[TBZ]], double 0.000000e+00, double [[TBM]]
; CHECK-NEXT: [[TAB:%.*]] = fadd double [[TA]], [[TB]]
; CHECK-NEXT: [[T:%.*]] = fadd double [[TAB]], %c.tangent
; CHECK-NEXT: [[R:%.*]] = insertvalue { double, double } poison, double [[Y]], 0
; CHECK-NEXT: insertvalue { double, double } [[R]], double [[T]], 1
