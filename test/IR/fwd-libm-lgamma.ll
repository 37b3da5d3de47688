; Forward mode, libm lgamma: d = digamma(x) dx, digamma being a helper Eddy
; emits into the module (lib/Rules/Digamma.cpp): reflection, recurrence up to
; 10, asymptotic series; NaN at the poles.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare double @lgamma(double)

define double @f(double %x) {
  %y = call double @lgamma(double %x)
  ret double %y
}

define double @test(double %x, double %dx) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double %dx)
  ret double %r
}

; CHECK-LABEL: define internal { double, double } @f.eddy.fwd.a_r(double %x, double %x.tangent)
; CHECK-NEXT: [[Y:%.*]] = call double @lgamma(double %x)
; CHECK-NEXT: [[P:%.*]] = call double @eddy.digamma.double(double %x)
; CHECK-NEXT: [[T:%.*]] = fmul double [[P]], %x.tangent
; CHECK-LABEL: define internal double @eddy.digamma.double(double %0)
; CHECK-SAME: #[[ATTR:[0-9]+]] {
; CHECK: [[NEG:%.*]] = fcmp olt double %0, 0.000000e+00
; CHECK: call double @llvm.tan.f64(
; CHECK: recur:
; CHECK: fcmp olt double %z, 1.000000e+01
; CHECK: series:
; CHECK: call double @llvm.log.f64(double %z)
; CHECK: [[R:%.*]] = select i1 {{%.*}}, double 0x7FF8000000000000, double {{%.*}}
; CHECK-NEXT: ret double [[R]]
; CHECK: attributes #[[ATTR]] = { mustprogress nofree nosync nounwind willreturn memory(none) }
