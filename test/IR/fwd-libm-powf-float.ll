; Forward mode, single precision libm with two arguments: powf(x, z); the
; rule's own libm/intrinsic calls must be float too (llvm.pow.f32, llvm.log.f32).
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare float @__enzyme_fwddiff(ptr, ...)
declare float @powf(float, float)

define float @f(float %x, float %z) {
  %y = call float @powf(float %x, float %z)
  ret float %y
}

define float @test(float %x, float %dx, float %z, float %dz) {
  %r = call float (ptr, ...) @__enzyme_fwddiff(ptr @f, float %x, float %dx, float %z, float %dz)
  ret float %r
}

; CHECK-LABEL: define internal { float, float } @f.eddy.fwd.aa_r(float %x, float %x.tangent, float %z, float %z.tangent)
; CHECK-NEXT: [[Y:%.*]] = call float @powf(float %x, float %z)
; CHECK-NEXT: [[ZM1:%.*]] = fadd float %z, -1.000000e+00
; CHECK-NEXT: [[PW:%.*]] = call float @llvm.pow.f32(float %x, float [[ZM1]])
; CHECK-NEXT: [[DX0:%.*]] = fmul float [[PW]], %z
; CHECK-NEXT: [[ZZ:%.*]] = fcmp oeq float %z, 0.000000e+00
; CHECK-NEXT: [[DX:%.*]] = select i1 [[ZZ]], float 0.000000e+00, float [[DX0]]
; CHECK-NEXT: [[LG:%.*]] = call float @llvm.log.f32(float %x)
; CHECK-NEXT: [[DZ0:%.*]] = fmul float [[Y]], [[LG]]
; CHECK-NEXT: [[ISZ:%.*]] = fcmp oeq float %x, 0.000000e+00
; CHECK-NEXT: [[ZPOS:%.*]] = fcmp oge float %z, 0.000000e+00
; CHECK-NEXT: [[AT0:%.*]] = and i1 [[ISZ]], [[ZPOS]]
; CHECK-NEXT: [[DZ:%.*]] = select i1 [[AT0]], float 0.000000e+00, float [[DZ0]]
; CHECK-NEXT: [[TXM:%.*]] = fmul float [[DX]], %x.tangent
; CHECK-NEXT: [[TXZ:%.*]] = fcmp oeq float %x.tangent, 0.000000e+00
; CHECK-NEXT: [[TX:%.*]] = select i1 [[TXZ]], float 0.000000e+00, float [[TXM]]
; CHECK-NEXT: [[TZM:%.*]] = fmul float [[DZ]], %z.tangent
; CHECK-NEXT: [[TZZ:%.*]] = fcmp oeq float %z.tangent, 0.000000e+00
; CHECK-NEXT: [[TZ:%.*]] = select i1 [[TZZ]], float 0.000000e+00, float [[TZM]]
; CHECK-NEXT: [[T:%.*]] = fadd float [[TX]], [[TZ]]
; CHECK-NEXT: [[R:%.*]] = insertvalue { float, float } poison, float [[Y]], 0
; CHECK-NEXT: insertvalue { float, float } [[R]], float [[T]], 1
