; Reverse mode, memset of differentiated memory: out[0..n) = 0, then
; out[0] = (out[0] + x[0]) * x[0]. The adjoint of the memset zeroes the shadow
; of the bytes it overwrote (the byte count recomputed from the constant n).
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare void @__enzyme_autodiff(ptr, ...)
declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)

define dso_local void @f(ptr %x, ptr %out, i64 %n) {
  %bytes = mul i64 %n, 8
  call void @llvm.memset.p0.i64(ptr %out, i8 0, i64 %bytes, i1 false)
  %a = load double, ptr %x
  %o = load double, ptr %out
  %s = fadd double %o, %a
  %s2 = fmul double %s, %a
  store double %s2, ptr %out
  ret void
}

define void @grad(ptr %x, ptr %dx, ptr %o, ptr %do, i64 %n) {
  call void (ptr, ...) @__enzyme_autodiff(ptr @f, ptr %x, ptr %dx, ptr %o, ptr %do, i64 %n)
  ret void
}

; CHECK-LABEL: define internal void @f.eddy.grad.aac(ptr %0, ptr %1, ptr %2, ptr %3, i64 %4)
; CHECK: [[BYTES:%bytes[^ ]*]] = shl i64 %4, 3
; CHECK: call void @llvm.memset.p0.i64(ptr align 1 %2, i8 0, i64 [[BYTES]], i1 false)
; d/dx = dout (s + a) = 2 a dout; the shadow of x accumulates it.
; CHECK: [[DOUT:%.*]] = load double, ptr %3,
; CHECK: [[OLD:%.*]] = load double, ptr %1,
; CHECK-NEXT: [[NEW:%.*]] = fadd reassoc nsz double [[OLD]], {{%.*}}
; CHECK-NEXT: store double [[NEW]], ptr %1,
; The memset's adjoint: the shadow of the bytes it overwrote is zeroed.
; CHECK-NEXT: call void @llvm.memset.p0.i64(ptr nonnull align 1 %3, i8 0, i64 [[BYTES]], i1 false)
