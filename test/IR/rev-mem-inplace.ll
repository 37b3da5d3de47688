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
; Forward sweep: x[1], sin(x[0]^2), x[0]^2 and the original x[0] are pushed,
; not re-read later.
; CHECK: [[A:%a[^ ]*]] = load double, ptr %0,
; CHECK: [[SQ:%sq[^ ]*]] = fmul double [[A]], [[A]]
; CHECK: store double [[SQ]], ptr %0,
; CHECK: [[S:%s[^ ]*]] = call double @sin(double [[SQ]])
; CHECK: [[X1:%c[^ ]*]] = load double, ptr %p1
; The tape starts from the thread's spare buffer, so its size is not a
; constant: the four values go at offsets size, size+8, size+16, size+24, and
; the adjoint sweep pops each from the offset it was pushed to.
; CHECK: [[SZ:%eddy.tape.size[^ ]*]] = load i64, ptr
; CHECK: [[BUF:%.*]] = load ptr, ptr %eddy.tape
; CHECK-NEXT: [[P0:%.*]] = getelementptr i8, ptr [[BUF]], i64 [[SZ]]
; CHECK-NEXT: store double [[X1]], ptr [[P0]], align 8
; CHECK-NEXT: [[O8:%.*]] = add i64 [[SZ]], 8
; CHECK-NEXT: [[P8:%.*]] = getelementptr i8, ptr [[BUF]], i64 [[O8]]
; CHECK-NEXT: store double [[S]], ptr [[P8]]
; CHECK-NEXT: [[O16:%.*]] = add i64 [[SZ]], 16
; CHECK-NEXT: [[P16:%.*]] = getelementptr i8, ptr [[BUF]], i64 [[O16]]
; CHECK-NEXT: store double [[SQ]], ptr [[P16]]
; CHECK-NEXT: [[O24:%.*]] = add i64 [[SZ]], 24
; CHECK-NEXT: [[P24:%.*]] = getelementptr i8, ptr [[BUF]], i64 [[O24]]
; CHECK-NEXT: store double [[A]], ptr [[P24]]
; CHECK: [[TB:%.*]] = load ptr, ptr %eddy.tape
; CHECK-NEXT: [[Q0:%.*]] = getelementptr i8, ptr [[TB]], i64 [[SZ]]
; CHECK-NEXT: [[X1T:%.*]] = load double, ptr [[Q0]], align 8
; CHECK-NEXT: [[Q8:%.*]] = getelementptr i8, ptr [[TB]], i64 [[O8]]
; CHECK-NEXT: [[ST:%.*]] = load double, ptr [[Q8]]
; CHECK-NEXT: [[Q16:%.*]] = getelementptr i8, ptr [[TB]], i64 [[O16]]
; CHECK-NEXT: [[SQT:%.*]] = load double, ptr [[Q16]]
; CHECK-NEXT: [[Q24:%.*]] = getelementptr i8, ptr [[TB]], i64 [[O24]]
; CHECK-NEXT: [[AT:%.*]] = load double, ptr [[Q24]]
; The pop restores the size.
; CHECK-NEXT: store i64 [[SZ]], ptr
; The final store's adjoint takes the shadow of x[0] (its zeroing is dead:
; the shadow of x[0] is overwritten below) ...
; CHECK: [[D:%.*]] = load double, ptr %1,
; ... m = s*x[1], strong zero on D: adj(s) = D*x[1], adj(x[1]) = D*s, the
; latter accumulated into the shadow of x[1].
; CHECK-NEXT: [[DSP:%.*]] = fmul double [[D]], [[X1T]]
; CHECK-NEXT: [[DZ:%.*]] = fcmp oeq double [[D]], 0.000000e+00
; CHECK-NEXT: [[DS:%.*]] = select i1 [[DZ]], double 0.000000e+00, double [[DSP]]
; CHECK-NEXT: [[DX1P:%.*]] = fmul double [[D]], [[ST]]
; CHECK-NEXT: [[DX1:%.*]] = select i1 [[DZ]], double 0.000000e+00, double [[DX1P]]
; CHECK-NEXT: [[SH1:%.*]] = getelementptr inbounds i8, ptr %1, i64 8
; CHECK-NEXT: [[OLD1:%.*]] = load double, ptr [[SH1]], align 8
; CHECK-NEXT: [[NEW1:%.*]] = fadd nsz double [[OLD1]], [[DX1]]
; CHECK-NEXT: store double [[NEW1]], ptr [[SH1]]
; sin' at the taped x[0]^2, then 2 x[0] at the taped x[0], each strong zero
; on its incoming adjoint, and the result replaces the (consumed) shadow of x[0].
; CHECK-NEXT: [[C:%.*]] = call double @llvm.cos.f64(double [[SQT]])
; CHECK-NEXT: [[DBP:%.*]] = fmul double [[DS]], [[C]]
; CHECK-NEXT: [[DSZ:%.*]] = fcmp oeq double [[DS]], 0.000000e+00
; CHECK-NEXT: [[DB:%.*]] = select i1 [[DSZ]], double 0.000000e+00, double [[DBP]]
; CHECK-NEXT: [[MP:%.*]] = fmul double [[DB]], [[AT]]
; CHECK-NEXT: [[DBZ:%.*]] = fcmp oeq double [[DB]], 0.000000e+00
; CHECK-NEXT: [[M:%.*]] = select i1 [[DBZ]], double 0.000000e+00, double [[MP]]
; CHECK-NEXT: [[TWO:%.*]] = fadd nsz double [[M]], [[M]]
; CHECK-NEXT: store double [[TWO]], ptr %1,
