; The markers (enzyme_const, enzyme_dup, ...) are declared by eddy.h and defined
; nowhere. At -O0 clang loads them into the request call's arguments; once the
; request is lowered those loads are dead but stay, and an instrumentation pass
; that runs later (-fsanitize=address checks the shadow of every load) turns
; them into references to the undefined globals: the link failed with
; "undefined reference to `enzyme_const'". Found by running the Exec tests
; with --param eddy_sanitize=1 (docs/sanitizers.md).
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare double @__enzyme_autodiff(ptr, ...)
@enzyme_const = external global i32
@enzyme_out = external global i32

define dso_local double @f(double %x, double %y) {
  %m = fmul double %x, %y
  ret double %m
}

define dso_local double @test(double %x, double %y) {
  %c = load i32, ptr @enzyme_const
  %o = load i32, ptr @enzyme_out
  %r = call double (ptr, ...) @__enzyme_autodiff(ptr @f, i32 %c, double %x, i32 %o, double %y)
  ret double %r
}

; CHECK-LABEL: define dso_local double @test(
; CHECK-NOT: @enzyme_
; CHECK: ret double
