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
; CHECK-NEXT: [[ZNZ:%.*]] = fcmp une float %z, 0.000000e+00
; CHECK-NEXT: [[DX:%.*]] = select i1 [[ZNZ]], float [[DX0]], float 0.000000e+00
; CHECK-NEXT: [[LG:%.*]] = call float @llvm.log.f32(float %x)
; CHECK-NEXT: [[DZ0:%.*]] = fmul float [[Y]], [[LG]]
; CHECK-NEXT: [[XNZ:%.*]] = fcmp une float %x, 0.000000e+00
; CHECK-NEXT: [[ZNEG:%.*]] = fcmp ult float %z, 0.000000e+00
; CHECK-NEXT: [[NOT0:%.*]] = or i1 [[XNZ]], [[ZNEG]]
; CHECK-NEXT: [[DZ:%.*]] = select i1 [[NOT0]], float [[DZ0]], float 0.000000e+00
; CHECK-NEXT: [[TXM:%.*]] = fmul float [[DX]], %x.tangent
; CHECK: [[TXZ:%.*]] = fcmp oeq float %x.tangent, 0.000000e+00
; CHECK: [[TX:%.*]] = select i1 {{.*}}, float 0.000000e+00, float [[TXM]]
; CHECK-NEXT: [[TZM:%.*]] = fmul float [[DZ]], %z.tangent
; CHECK: [[TZZ:%.*]] = fcmp oeq float %z.tangent, 0.000000e+00
; CHECK: [[TZ:%.*]] = select i1 {{.*}}, float 0.000000e+00, float [[TZM]]
; CHECK-NEXT: [[T:%.*]] = fadd float [[TX]], [[TZ]]
; CHECK-NEXT: [[R:%.*]] = insertvalue { float, float } poison, float [[Y]], 0
; CHECK-NEXT: insertvalue { float, float } [[R]], float [[T]], 1
