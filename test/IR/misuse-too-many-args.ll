; Request misuse, reported at the request: one argument more than the parameters and shadows need.
; RUN: not %opt-eddy -passes=eddy -disable-output %s 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"

declare double @__enzyme_autodiff(ptr, ...)
declare double @__enzyme_fwddiff(ptr, ...)
@enzyme_const = external global i32
@enzyme_dup = external global i32
@enzyme_out = external global i32

define dso_local double @f(double %x, ptr %p) {
  %v = load double, ptr %p
  %m = fmul double %x, %v
  ret double %m
}

define dso_local double @g(double %x, double %y) {
  %m = fmul double %x, %y
  ret double %m
}

define double @test(double %x, ptr %p, ptr %dp, ptr %fp) {
  %r = call double (ptr, ...) @__enzyme_autodiff(ptr @f, double %x, ptr %p, ptr %dp, double %x)
  ret double %r
}

; CHECK: error: {{.*}}in function test {{.*}}eddy: reverse-mode request for 'f' has 1 argument(s) more than its parameters and shadows need
; CHECK-NOT: error:
