; XFAIL: *
; BUG: a reverse-mode request on a function that is not dso_local -- every
; function compiled with -fPIC, i.e. every shared library (the "library
; authors" use case) -- fails with
;   eddy: internal error: generated invalid IR; ...
;   GlobalValue with local linkage or non-default visibility must be dso_local!
;   ptr @f.eddy.rev.a_r
; declareDerivative() creates the derivative with internal linkage and then
; copyAttributesFrom(primal) copies the primal's dso_local = false onto it.
; Reproduce from C: clang-19 -fplugin=EddyClang.so -O2 -fPIC -c x.c with any
; __enzyme_autodiff request. (Forward mode happens not to trip the verifier.)
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
; CHECK: [[A:%.*]] = fadd double %0, 0.000000e+00
; CHECK-NEXT: fadd double [[A]], %0
