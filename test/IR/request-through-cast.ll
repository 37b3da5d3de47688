; XFAIL: *
; BUG: a request whose call type differs from the entry point's declaration
; is silently ignored. C code written for Enzyme does this, e.g.
;   double __enzyme_fwddiff(void *, ...);
;   float d = ((float (*)(void *, ...))__enzyme_fwddiff)((void *)s, x, dx);
; which clang emits as `call float (ptr, ...) @__enzyme_fwddiff(...)` against
; a `declare double @__enzyme_fwddiff`. classifyRequest() uses
; CB.getCalledFunction(), which is null when the call's function type does not
; match the callee's, so the call is left in place: no derivative, no
; diagnostic, and the link fails with "undefined reference to
; `__enzyme_fwddiff'" (checked with clang-19 -O0 and -O2). It should be
; lowered (looking through getCalledOperand()->stripPointerCasts()) or at
; least reported.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare float @sinf(float)

define float @s(float %x) {
  %y = call float @sinf(float %x)
  ret float %y
}

define float @test(float %x, float %dx) {
  %r = call float (ptr, ...) @__enzyme_fwddiff(ptr @s, float %x, float %dx)
  ret float %r
}

; CHECK-LABEL: define float @test(
; CHECK-NOT: @__enzyme_fwddiff
; CHECK: call { float, float } @s.eddy.fwd.a_r(float %x, float %dx)
