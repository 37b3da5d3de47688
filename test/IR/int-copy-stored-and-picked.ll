; A copy of two floats as one i64 (a small memcpy after InstCombine) whose
; destination is read back from memory *and* whose elements are also picked
; out of the integer (lshr, trunc, bitcast): the wide load becomes one float
; load per element, and the wide store one float store per element, so both
; modes follow the copy. It was refused ("differentiated memory is copied
; through an integer type"): only loads whose every use picks an element were
; split. -fsanitize=pointer-overflow produces this shape at -O2 in
; test/fuzz/regressions/float-memcpy-loop-wrong-O2.c, where its checks keep the
; destination array in memory. Found by --param eddy_sanitize=1
; (docs/sanitizers.md).
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s
; RUN: %opt-eddy -passes=eddy %s | lli | FileCheck %s --check-prefix=NUM

declare float @__enzyme_fwddiff(ptr, ...)
declare void @__enzyme_autodiff(ptr, ...)
declare i32 @printf(ptr, ...)
@fmt = private constant [21 x i8] c"%.4f %.4f %.4f %.4f\0A\00"

; y = x (two floats, copied as an i64); f = x0 * x1 * y1.
define dso_local float @f(ptr %x, ptr %y) {
  %w = load i64, ptr %x, align 4
  store i64 %w, ptr %y, align 4
  %t0 = trunc i64 %w to i32
  %e0 = bitcast i32 %t0 to float
  %hi = lshr i64 %w, 32
  %t1 = trunc i64 %hi to i32
  %e1 = bitcast i32 %t1 to float
  %y1p = getelementptr inbounds float, ptr %y, i64 1
  %y1 = load float, ptr %y1p, align 4
  %m = fmul float %e0, %e1
  %r = fmul float %m, %y1
  ret float %r
}

define i32 @main() {
  %x = alloca [2 x float]
  %dx = alloca [2 x float]
  %y = alloca [2 x float]
  %dy = alloca [2 x float]
  %x1 = getelementptr inbounds float, ptr %x, i64 1
  %dx1 = getelementptr inbounds float, ptr %dx, i64 1
  %dy1 = getelementptr inbounds float, ptr %dy, i64 1
  store float 2.0, ptr %x
  store float 3.0, ptr %x1
  ; Forward along (1, 0): x1^2 = 9.
  store float 1.0, ptr %dx
  store float 0.0, ptr %dx1
  %t = call float (ptr, ...) @__enzyme_fwddiff(ptr @f, ptr %x, ptr %dx, ptr %y, ptr %dy)
  %td = fpext float %t to double
  ; Reverse: (x1^2, 2 x0 x1) = (9, 12); y's shadow starts at zero.
  store float 0.0, ptr %dx
  store float 0.0, ptr %dx1
  store float 0.0, ptr %dy
  store float 0.0, ptr %dy1
  call void (ptr, ...) @__enzyme_autodiff(ptr @f, ptr %x, ptr %dx, ptr %y, ptr %dy)
  %g0 = load float, ptr %dx
  %g1 = load float, ptr %dx1
  %g0d = fpext float %g0 to double
  %g1d = fpext float %g1 to double
  %y1p = getelementptr inbounds float, ptr %y, i64 1
  %y1v = load float, ptr %y1p
  %yd = fpext float %y1v to double
  call i32 (ptr, ...) @printf(ptr @fmt, double %td, double %g0d, double %g1d, double %yd)
  ret i32 0
}

; NUM: 9.0000 9.0000 12.0000 3.0000

; The primal copy's wide load and store are gone, in element form.
; CHECK-LABEL: define internal { float, float } @f.eddy.fwd.
; CHECK-NOT: load i64
; CHECK-NOT: store i64
; CHECK: ret { float, float }
