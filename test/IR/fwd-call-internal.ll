; Forward mode, a call of an internal noinline function: the call becomes a
; call of the callee's forward derivative (signature from the actual
; arguments' activity: g(x, 2.0) -> ac_r), returning {primal, tangent}.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare double @sin(double)

define internal double @g(double %a, double %b) noinline {
  %s = call double @sin(double %a)
  %m = fmul double %s, %b
  ret double %m
}

define double @f(double %x) {
  %y = call double @g(double %x, double 2.0)
  %z = fmul double %y, %x
  ret double %z
}

define double @test(double %x, double %dx) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double %dx)
  ret double %r
}

; CHECK-LABEL: define internal { double, double } @f.eddy.fwd.a_r(double %x, double %x.tangent)
; CHECK-NEXT: [[C:%.*]] = call { double, double } @g.eddy.fwd.ac_r(double %x, double %x.tangent, double 2.000000e+00)
; CHECK-NEXT: [[Y:%.*]] = extractvalue { double, double } [[C]], 0
; CHECK-NEXT: [[DY:%y.tangent]] = extractvalue { double, double } [[C]], 1
; CHECK-NEXT: %z = fmul double [[Y]], %x
; CHECK-DAG: fmul double [[Y]], %x.tangent
; CHECK-DAG: fmul double [[DY]], %x

; CHECK-LABEL: define internal { double, double } @g.eddy.fwd.ac_r(double %a, double %a.tangent, double %b)
; CHECK-NEXT: %s = call double @sin(double %a)
; CHECK-NEXT: [[C:%.*]] = call double @llvm.cos.f64(double %a)
; CHECK-NEXT: [[DSM:%.*]] = fmul double [[C]], %a.tangent
; CHECK-NEXT: [[DSZ:%.*]] = fcmp oeq double %a.tangent, 0.000000e+00
; CHECK-NEXT: [[DS:%.*]] = select i1 [[DSZ]], double 0.000000e+00, double [[DSM]]
; CHECK-NEXT: %m = fmul double %s, %b
; CHECK: [[DM:%.*]] = fmul double [[DS]], %b
; CHECK: insertvalue { double, double } {{%.*}}, double {{%.*}}, 1
