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
; f runs once per call: x[1], sin(x[0]^2), x[0]^2 and the original x[0] go to
; the call's record, not re-read later (x is written, so the adjoint may not
; read it again). The gradient keeps its record in a local, which SROA turns
; into registers once both sweeps are inlined: the adjoint uses the four
; values themselves, and no tape is involved.
; CHECK-NEXT: entry:
; CHECK-NEXT: [[A:%a[^ ]*]] = load double, ptr %0,
; CHECK-NEXT: [[SQ:%sq[^ ]*]] = fmul double [[A]], [[A]]
; CHECK-NEXT: store double [[SQ]], ptr %0,
; CHECK-NEXT: [[S:%s[^ ]*]] = call double @sin(double [[SQ]])
; CHECK-NEXT: [[P1:%p1[^ ]*]] = getelementptr inbounds i8, ptr %0, i64 8
; CHECK-NEXT: [[X1:%c[^ ]*]] = load double, ptr [[P1]],
; CHECK-NEXT: [[MV:%m[^ ]*]] = fmul double [[S]], [[X1]]
; CHECK-NEXT: store double [[MV]], ptr %0,
; The final store's adjoint takes the shadow of x[0] (its zeroing is dead:
; the shadow of x[0] is overwritten below) ...
; CHECK-NEXT: [[D:%.*]] = load double, ptr %1,
; ... m = s*x[1], strong zero on D: adj(s) = D*x[1], adj(x[1]) = D*s, the
; latter accumulated into the shadow of x[1].
; CHECK-NEXT: [[DSP:%.*]] = fmul double [[D]], [[X1]]
; CHECK-NEXT: [[DZ:%.*]] = fcmp oeq double [[D]], 0.000000e+00
; CHECK-NEXT: [[DS:%.*]] = select i1 [[DZ]], double 0.000000e+00, double [[DSP]]
; CHECK-NEXT: [[DX1P:%.*]] = fmul double [[D]], [[S]]
; CHECK-NEXT: [[DX1:%.*]] = select i1 [[DZ]], double 0.000000e+00, double [[DX1P]]
; CHECK-NEXT: [[SH1:%.*]] = getelementptr inbounds i8, ptr %1, i64 8
; CHECK-NEXT: [[OLD1:%.*]] = load double, ptr [[SH1]], align 8
; CHECK-NEXT: [[NEW1:%.*]] = fadd reassoc nsz double [[OLD1]], [[DX1]]
; CHECK-NEXT: store double [[NEW1]], ptr [[SH1]]
; sin' at x[0]^2, then 2 x[0] at the original x[0], each strong zero on its
; incoming adjoint, and the result replaces the (consumed) shadow of x[0].
; CHECK-NEXT: [[C:%.*]] = call double @llvm.cos.f64(double [[SQ]])
; CHECK-NEXT: [[DBP:%.*]] = fmul double [[DS]], [[C]]
; CHECK-NEXT: [[DSZ:%.*]] = fcmp oeq double [[DS]], 0.000000e+00
; CHECK-NEXT: [[DB:%.*]] = select i1 [[DSZ]], double 0.000000e+00, double [[DBP]]
; CHECK-NEXT: [[MP:%.*]] = fmul double [[DB]], [[A]]
; CHECK-NEXT: [[DBZ:%.*]] = fcmp oeq double [[DB]], 0.000000e+00
; CHECK-NEXT: [[M:%.*]] = select i1 [[DBZ]], double 0.000000e+00, double [[MP]]
; CHECK-NEXT: [[TWO:%.*]] = fadd reassoc nsz double [[M]], [[M]]
; CHECK-NEXT: store double [[TWO]], ptr %1,
; CHECK-NEXT: ret void
