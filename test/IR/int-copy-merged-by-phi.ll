; Two copies of two floats as one i64 each (small memcpys after InstCombine),
; one on each side of a branch, merged by a phi after the join; the merged
; value is stored and its high half picked out there. The loads and the phi
; become one float load / one float phi per element. It was refused at -O2
; ("floating-point values are rebuilt from the integer bits of differentiated
; memory"): only a load's own uses were split, not a phi's. Found by eddy-fuzz
; --extended --rules --edges, seed 11:2962 (test/fuzz/regressions/
; float-bits-through-integers-O2.test reruns it).
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s
; RUN: %opt-eddy -passes=eddy %s | lli | FileCheck %s --check-prefix=NUM

declare float @__enzyme_fwddiff(ptr, ...)
declare void @__enzyme_autodiff(ptr, ...)
declare i32 @printf(ptr, ...)
@fmt = private constant [26 x i8] c"%.4f %.4f %.4f %.4f %.4f\0A\00"

; y = x0 > 0 ? x : z (two floats, copied as an i64); s = x0 > 0 ? x0 : 1;
; f = y1 * x0 * y0 * s.
define dso_local float @f(ptr %x, ptr %z, ptr %y) {
entry:
  %x0 = load float, ptr %x, align 4
  %c = fcmp ogt float %x0, 0.0
  br i1 %c, label %then, label %else
then:
  %w1 = load i64, ptr %x, align 4
  %t0 = trunc i64 %w1 to i32
  %e0 = bitcast i32 %t0 to float
  br label %join
else:
  %w2 = load i64, ptr %z, align 4
  br label %join
join:
  %w = phi i64 [ %w1, %then ], [ %w2, %else ]
  %s = phi float [ %e0, %then ], [ 1.0, %else ]
  store i64 %w, ptr %y, align 4
  %hi = lshr i64 %w, 32
  %t1 = trunc i64 %hi to i32
  %e1 = bitcast i32 %t1 to float
  %y0 = load float, ptr %y, align 4
  %m = fmul float %e1, %x0
  %m2 = fmul float %m, %y0
  %r = fmul float %m2, %s
  ret float %r
}

define i32 @main() {
  %x = alloca [2 x float]
  %dx = alloca [2 x float]
  %z = alloca [2 x float]
  %dz = alloca [2 x float]
  %y = alloca [2 x float]
  %dy = alloca [2 x float]
  %x1 = getelementptr inbounds float, ptr %x, i64 1
  %dx1 = getelementptr inbounds float, ptr %dx, i64 1
  %z1 = getelementptr inbounds float, ptr %z, i64 1
  %dz1 = getelementptr inbounds float, ptr %dz, i64 1
  %dy1 = getelementptr inbounds float, ptr %dy, i64 1
  ; x = (2, 3): f = x1 x0^3; forward along x0: 3 x0^2 x1 = 36.
  store float 2.0, ptr %x
  store float 3.0, ptr %x1
  store float 5.0, ptr %z
  store float 7.0, ptr %z1
  store float 1.0, ptr %dx
  store float 0.0, ptr %dx1
  store float 0.0, ptr %dz
  store float 0.0, ptr %dz1
  %t = call float (ptr, ...) @__enzyme_fwddiff(ptr @f, ptr %x, ptr %dx, ptr %z, ptr %dz, ptr %y, ptr %dy)
  %td = fpext float %t to double
  ; x = (-2, 3), z = (5, 7): f = z1 x0 z0; reverse: dx = (z0 z1, 0) = (35, 0),
  ; dz = (x0 z1, x0 z0) = (-14, -10).
  store float -2.0, ptr %x
  store float 0.0, ptr %dx
  store float 0.0, ptr %dx1
  store float 0.0, ptr %dy
  store float 0.0, ptr %dy1
  call void (ptr, ...) @__enzyme_autodiff(ptr @f, ptr %x, ptr %dx, ptr %z, ptr %dz, ptr %y, ptr %dy)
  %g0 = load float, ptr %dx
  %g1 = load float, ptr %dx1
  %h0 = load float, ptr %dz
  %h1 = load float, ptr %dz1
  %g0d = fpext float %g0 to double
  %g1d = fpext float %g1 to double
  %h0d = fpext float %h0 to double
  %h1d = fpext float %h1 to double
  call i32 (ptr, ...) @printf(ptr @fmt, double %td, double %g0d, double %g1d, double %h0d, double %h1d)
  ret i32 0
}

; NUM: 36.0000 35.0000 0.0000 -14.0000 -10.0000

; The wide loads, phi and store are gone, in element form.
; CHECK-LABEL: define internal { float, float } @f.eddy.fwd.
; CHECK-NOT: i64 %w
; CHECK: phi float
; CHECK-NOT: load i64
; CHECK-NOT: store i64
; CHECK: ret { float, float }
