; XFAIL: *
; BUG (IR level): a marker global given where a shadow is expected is taken as
; the shadow: the adjoints of *p are added into the 4-byte `enzyme_dup` int
; global (memory corruption), with no diagnostic. A marker is recognised "by
; the global it names"; parseRequest only looks for markers at argument
; positions, never checks that a shadow is not a marker. (Clang's AST
; checker catches the C spelling, see test/Diagnostics/request-marker-as-shadow.c,
; but IR produced otherwise -- opt, other front ends -- is not checked.)
; RUN: not %opt-eddy -passes=eddy -disable-output %s 2>&1 | FileCheck %s

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

; CHECK: error: {{.*}}eddy: {{.*}}enzyme_dup
