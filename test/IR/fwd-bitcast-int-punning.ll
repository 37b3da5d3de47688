; Forward mode: a float's bits manipulated as an integer and turned back into a
; float (bitcast float -> i32, integer arithmetic, bitcast i32 -> float: the
; "fast inverse square root" initial guess) is refused, naming the construct and
; the remedy. (Regression: activity stopped at the i32 and the tangent was
; silently 0, where finite differences give -0.0469 at x = 4.)
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

; CHECK: error: {{.*}}eddy: the bits of a floating-point value that depends on the differentiated inputs are reinterpreted as an integer; the derivative cannot follow integer arithmetic {{.*}} use floating-point operations (fabs, copysign, nextafter, ...) instead (while differentiating 'f')
