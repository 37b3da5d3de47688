; Reverse mode, memcpy of doubles: out[0..n) = x[0..n); out[1] = out[1]^2.
; Its adjoint is a loop over n doubles (the element type is taken from how the
; memory is used): dx[k] += dout[k]; dout[k] = 0.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s
; RUN: %opt-eddy -passes=eddy %s | lli | FileCheck %s --check-prefix=NUM

declare void @__enzyme_autodiff(ptr, ...)
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
declare i32 @printf(ptr, ...)
@fmt = private constant [21 x i8] c"%.6f %.6f %.6f %.6f\0A\00"

define dso_local void @f(ptr %x, ptr %out, i64 %n) {
  %bytes = mul i64 %n, 8
  call void @llvm.memcpy.p0.p0.i64(ptr %out, ptr %x, i64 %bytes, i1 false)
  %p1 = getelementptr inbounds double, ptr %out, i64 1
  %a = load double, ptr %p1
  %sq = fmul double %a, %a
  store double %sq, ptr %p1
  ret void
}

define i32 @main() {
  %x = alloca [2 x double]
  %dx = alloca [2 x double]
  %o = alloca [2 x double]
  %do = alloca [2 x double]
  %x1 = getelementptr double, ptr %x, i64 1
  %dx1 = getelementptr double, ptr %dx, i64 1
  %do1 = getelementptr double, ptr %do, i64 1
  store double 2.0, ptr %x
  store double 3.0, ptr %x1
  store double 0.0, ptr %dx
  store double 0.0, ptr %dx1
  store double 10.0, ptr %do
  store double 1.0, ptr %do1
  call void (ptr, ...) @__enzyme_autodiff(ptr @f, ptr %x, ptr %dx, ptr %o, ptr %do, i64 2)
  %g0 = load double, ptr %dx
  %g1 = load double, ptr %dx1
  %s0 = load double, ptr %do
  %s1 = load double, ptr %do1
  call i32 (ptr, ...) @printf(ptr @fmt, double %g0, double %g1, double %s0, double %s1)
  ret i32 0
}

; dx = (10, 2*3*1); the shadow of out is consumed.
; NUM: 10.000000 6.000000 0.000000 0.000000

; CHECK-LABEL: define internal void @f.eddy.grad.aac(ptr %0, ptr %1, ptr %2, ptr %3, i64 %4)
; CHECK: call void @llvm.memcpy.p0.p0.i64(ptr align 1 %2, ptr align 1 %0, i64 [[BYTES:%.*]], i1 false)
; CHECK: memcpy.adj{{.*}}:
; CHECK-NEXT: [[K:%.*]] = phi i64
; CHECK-NEXT: [[DP:%.*]] = getelementptr double, ptr %3, i64 [[K]]
; CHECK-NEXT: [[DV:%.*]] = load double, ptr [[DP]]
; CHECK-NEXT: store double 0.000000e+00, ptr [[DP]]
; CHECK-NEXT: [[SP:%.*]] = getelementptr double, ptr %1, i64 [[K]]
; CHECK-NEXT: [[SV:%.*]] = load double, ptr [[SP]]
; CHECK-NEXT: [[SUM:%.*]] = fadd {{(nsz )?}}double [[SV]], [[DV]]
; CHECK-NEXT: store double [[SUM]], ptr [[SP]]
