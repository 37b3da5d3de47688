; Forward mode, single precision: sinf is the float variant of sin (rule looked
; up by dropping the 'f' suffix); d sinf(x) = cos(x) dx computed in float.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare float @__enzyme_fwddiff(ptr, ...)
declare float @sinf(float)

define float @f(float %x) {
  %y = call float @sinf(float %x)
  ret float %y
}

define float @test(float %x, float %dx) {
  %r = call float (ptr, ...) @__enzyme_fwddiff(ptr @f, float %x, float %dx)
  ret float %r
}

; CHECK-LABEL: define float @test(
; CHECK-NEXT: [[D:%.*]] = call { float, float } @f.eddy.fwd.a_r(float %x, float %dx)
; CHECK-NEXT: [[DT:%.*]] = extractvalue { float, float } [[D]], 1
; CHECK-NEXT: ret float [[DT]]

; CHECK-LABEL: define internal { float, float } @f.eddy.fwd.a_r(float %x, float %x.tangent)
; CHECK-NEXT: [[Y:%.*]] = call float @sinf(float %x)
; CHECK-NEXT: [[C:%.*]] = call float @llvm.cos.f32(float %x)
; CHECK-NEXT: [[TM:%.*]] = fmul float [[C]], %x.tangent
; CHECK-NEXT: [[TZ:%.*]] = fcmp oeq float %x.tangent, 0.000000e+00
; CHECK-NEXT: [[T:%.*]] = select i1 [[TZ]], float 0.000000e+00, float [[TM]]
; CHECK-NEXT: [[R:%.*]] = insertvalue { float, float } poison, float [[Y]], 0
; CHECK-NEXT: insertvalue { float, float } [[R]], float [[T]], 1
; CHECK-NOT: double
