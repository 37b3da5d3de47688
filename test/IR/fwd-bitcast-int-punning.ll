; XFAIL: *
; BUG: silently wrong derivative. A float's bits manipulated as an integer and
; turned back into a float (bitcast float -> i32, integer arithmetic, bitcast
; i32 -> float: the "fast inverse square root" initial guess, nextafter-style
; ulp steps, sign tricks that InstCombine does not recognise) get a ZERO
; tangent/adjoint. Activity analysis stops at the first bitcast (an i32 does
; not "carry" a derivative), so the second bitcast is inactive and nothing is
; refused. Clang -O0 and -O2 builds of
;   uint32_t i; memcpy(&i, &x, 4); i = 0x5f3759df - (i >> 1); memcpy(&y, &i, 4);
; return a derivative of 0 where finite differences give -0.0469 at x = 4
; (see test/Refusals/refuse-type-pun-bits.c). Eddy must refuse it (or
; differentiate it); it must not return 0.
; RUN: not %opt-eddy -passes=eddy -disable-output %s 2>&1 | FileCheck %s

declare float @__enzyme_fwddiff(ptr, ...)

define float @f(float %x) {
  %i = bitcast float %x to i32
  %h = lshr i32 %i, 1
  %j = sub i32 1597463007, %h
  %y = bitcast i32 %j to float
  ret float %y
}

define float @test(float %x) {
  %r = call float (ptr, ...) @__enzyme_fwddiff(ptr @f, float %x, float 1.0)
  ret float %r
}

; CHECK: error: {{.*}}eddy: {{.*(integer|bitcast|type pun)}}
