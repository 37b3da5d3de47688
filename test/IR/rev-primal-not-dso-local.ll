; Reverse mode on a function that is not dso_local -- what clang emits for
; every external function under -fPIC, i.e. for every shared library.
; (Regression: the derivatives were internal but copied dso_local = false from
; the primal, and the verifier rejected the module: "GlobalValue with local
; linkage or non-default visibility must be dso_local! ptr @f.eddy.rev.a_r".)
; RUN: %opt-eddy -passes=eddy -S %s 2>&1 | FileCheck %s

declare double @__enzyme_autodiff(ptr, ...)

; No dso_local: what clang emits for an external function under -fPIC.
define double @f(double %x) {
  %m = fmul double %x, %x
  ret double %m
}

define double @test(double %x) {
  %r = call double (ptr, ...) @__enzyme_autodiff(ptr @f, double %x)
  ret double %r
}

; CHECK-NOT: error
; CHECK-LABEL: define double @test(
; CHECK: call { double } @f.eddy.grad.a_r(double %x)
; CHECK-LABEL: define internal { double } @f.eddy.grad.a_r(
; CHECK: [[A:%.*]] = fadd reassoc nsz double %0, %0
; CHECK-NEXT: insertvalue { double } poison, double [[A]], 0
