; Request misuse, reported at the request: a marker global given where the
; shadow of a pointer parameter is expected. (Regression: it was taken as the
; shadow and the adjoints of *p were added into the 4-byte enzyme_dup global.)
; RUN: not %opt-eddy -passes=eddy -disable-output %s 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"

declare double @__enzyme_autodiff(ptr, ...)
@enzyme_dup = external global i32

define dso_local double @f(double %x, ptr %p) {
  %v = load double, ptr %p
  %m = fmul double %x, %v
  ret double %m
}

define double @test(double %x, ptr %p) {
  %r = call double (ptr, ...) @__enzyme_autodiff(ptr @f, double %x, ptr %p, ptr @enzyme_dup)
  ret double %r
}

; CHECK: error: {{.*}}in function test {{.*}}eddy: an activity marker stands where the shadow of parameter 2 of 'f' is expected
