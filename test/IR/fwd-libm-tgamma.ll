; Forward mode, libm tgamma: d = tgamma(x) digamma(x) dx.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare double @tgamma(double)

define double @f(double %x) {
  %y = call double @tgamma(double %x)
  ret double %y
}

define double @test(double %x, double %dx) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double %dx)
  ret double %r
}

; CHECK-LABEL: define internal { double, double } @f.eddy.fwd.a_r(double %x, double %x.tangent)
; CHECK-NEXT: [[Y:%.*]] = call {{.*}}double @tgamma(double %x)
; CHECK-NEXT: [[P:%.*]] = call double @eddy.digamma.double(double %x)
; CHECK-NEXT: [[D:%.*]] = fmul double [[Y]], [[P]]
; CHECK-NEXT: [[T:%.*]] = fmul double [[D]], %x.tangent
; CHECK-LABEL: define internal double @eddy.digamma.double(double %0)
