; Reverse mode, memory overwritten in place: x[0] = sin(x[0]^2) * x[1].
; The adjoint never re-reads primal values from memory (x[0] has been
; overwritten twice by then): x[0], x[0]^2 and x[1] come from the tape. The
; shadow of x[0] is taken and zeroed at each store and accumulated at each load.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s
; RUN: %opt-eddy -passes=eddy %s | lli | FileCheck %s --check-prefix=NUM

declare void @__enzyme_autodiff(ptr, ...)
declare double @sin(double)
declare i32 @printf(ptr, ...)
@fmt = private constant [16 x i8] c"%.6f %.6f %.6f\0A\00"

define dso_local void @f(ptr %x) {
  %a = load double, ptr %x
  %sq = fmul double %a, %a
  store double %sq, ptr %x
  %b = load double, ptr %x
  %s = call double @sin(double %b)
  %p1 = getelementptr inbounds double, ptr %x, i64 1
  %c = load double, ptr %p1
  %m = fmul double %s, %c
  store double %m, ptr %x
  ret void
}

define i32 @main() {
  %x = alloca [2 x double]
  %dx = alloca [2 x double]
  %x1 = getelementptr double, ptr %x, i64 1
  %dx1 = getelementptr double, ptr %dx, i64 1
  store double 0.7, ptr %x
  store double 1.5, ptr %x1
  store double 1.0, ptr %dx
  store double 0.0, ptr %dx1
  call void (ptr, ...) @__enzyme_autodiff(ptr @f, ptr %x, ptr %dx)
  %g0 = load double, ptr %dx
  %g1 = load double, ptr %dx1
  %v = load double, ptr %x
  call i32 (ptr, ...) @printf(ptr @fmt, double %g0, double %g1, double %v)
  ret i32 0
}

; d/dx0 = cos(x0^2) 2 x0 x1 = 1.852899, d/dx1 = sin(x0^2) = 0.470626; x0 = sin(x0^2) x1 = 0.705939
; NUM: 1.852899 0.470626 0.705939

; CHECK-LABEL: define internal void @f.eddy.grad.a(ptr %0, ptr %1)
; Forward sweep: x[0]^2 and the original x[0] are pushed, not re-read later.
; CHECK: [[A:%a[^ ]*]] = load double, ptr %0,
; CHECK: [[SQ:%sq[^ ]*]] = fmul double [[A]], [[A]]
; CHECK: store double [[SQ]], ptr %0,
; CHECK: [[P16:%.*]] = getelementptr i8, ptr [[BUF:%.*]], i64 16
; CHECK-NEXT: store double [[SQ]], ptr [[P16]]
; CHECK-NEXT: [[P24:%.*]] = getelementptr i8, ptr [[BUF]], i64 24
; CHECK-NEXT: store double [[A]], ptr [[P24]]
; CHECK: [[Q16:%.*]] = getelementptr i8, ptr [[TB:%.*]], i64 16
; CHECK-NEXT: [[SQT:%.*]] = load double, ptr [[Q16]]
; CHECK-NEXT: [[Q24:%.*]] = getelementptr i8, ptr [[TB]], i64 24
; CHECK-NEXT: [[AT:%.*]] = load double, ptr [[Q24]]
; The final store's adjoint takes the shadow of x[0] ...
; CHECK: [[D:%.*]] = load double, ptr %1,
; sin' at the taped x[0]^2, then 2 x[0] at the taped x[0], and the result
; replaces the (consumed) shadow of x[0].
; CHECK: [[C:%.*]] = call double @llvm.cos.f64(double [[SQT]])
; CHECK-NEXT: [[DB:%.*]] = fmul double {{%.*}}, [[C]]
; CHECK-NEXT: [[M:%.*]] = fmul double [[DB]], [[AT]]
; CHECK-NEXT: [[TWO:%.*]] = fadd nsz double [[M]], [[M]]
; CHECK-NEXT: store double [[TWO]], ptr %1,
