; A request whose call type differs from the entry point's declaration (C code
; written for Enzyme calls it through a cast:
;   float d = ((float (*)(void *, ...))__enzyme_fwddiff)((void *)s, x, dx);
; which clang emits as `call float (ptr, ...) @__enzyme_fwddiff` against a
; `declare double @__enzyme_fwddiff`) is lowered like any other request.
; (Regression: it was silently left in place; the link then failed with an
; undefined reference to __enzyme_fwddiff.)
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
