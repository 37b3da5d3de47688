; Forward mode, libm logb: integer-valued, derivative 0.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare double @logb(double)

define double @f(double %x) {
  %y = call double @logb(double %x)
  ret double %y
}

define double @test(double %x, double %dx) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double %dx)
  ret double %r
}

; CHECK-LABEL: define internal { double, double } @f.eddy.fwd.a_r(double %x, double %x.tangent)
; CHECK-NEXT: [[Y:%.*]] = call {{.*}}double @logb(double %x)
; CHECK-NEXT: [[R:%.*]] = insertvalue { double, double } poison, double [[Y]], 0
; CHECK-NEXT: insertvalue { double, double } [[R]], double 0.000000e+00, 1
