; Reverse mode, calls of an internal noinline function with different
; activities: g(x, 2.0) (signature ac_r) and g(y, x) (aa_r). Each gets its own
; augmented/adjoint pair; all share the caller's tape (the callee pushes sin(a)
; on it in its augmented sweep and pops it in its adjoint), and the adjoints
; run in reverse order of the calls. f(x) = sin(2 sin x) x.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s
; RUN: %opt-eddy -passes=eddy %s | lli | FileCheck %s --check-prefix=NUM

declare double @__enzyme_autodiff(ptr, ...)
declare double @sin(double)
declare i32 @printf(ptr, ...)
@fmt = private constant [6 x i8] c"%.6f\0A\00"

define internal double @g(double %a, double %b) noinline {
  %s = call double @sin(double %a)
  %m = fmul double %s, %b
  ret double %m
}

define dso_local double @f(double %x) {
  %y = call double @g(double %x, double 2.0)
  %z = call double @g(double %y, double %x)
  ret double %z
}

define i32 @main() {
  %g = call double (ptr, ...) @__enzyme_autodiff(ptr @f, double 0.6)
  call i32 (ptr, ...) @printf(ptr @fmt, double %g)
  ret i32 0
}

; d/dx [sin(2 sin x) x] = cos(2 sin x) 2 cos x x + sin(2 sin x)
; NUM: 1.327312

; g(x, 2.0): nothing to keep (cos(a) comes from the argument).
; CHECK-LABEL: define internal double @g.eddy.aug.ac_r(double %a, double %b, ptr %tape)
; CHECK-NEXT: call double @sin(double %a)
; CHECK-NEXT: fmul
; CHECK-NEXT: ret double
; CHECK-LABEL: define internal { double } @g.eddy.rev.ac_r(double %a, double %b, double %dret, ptr %tape)
; CHECK: call double @llvm.cos.f64(double %a)

; g(y, x): b is active, so its adjoint needs sin(a). g runs once per call, so
; sin(a) goes to the call's record on the shared tape. g is straight-line
; code, so the record is pushed last, at the exit: one reservation of 8 bytes
; (made where the exit block's stretch without tape traffic starts: its
; entry), sin(a) stored at the old top as soon as it is computed, the new size
; stored back.
; CHECK-LABEL: define internal double @g.eddy.aug.aa_r(double %a, double %b, ptr %tape)
; CHECK-NEXT: [[GSZP:%.*]] = getelementptr inbounds i8, ptr %tape, i64 8
; CHECK-NEXT: [[GREC:%.*]] = load i64, ptr [[GSZP]]
; CHECK: [[GEND:%.*]] = add i64 [[GREC]], 8
; CHECK: call void @eddy.tape.grow(
; CHECK-NOT: call void @eddy.tape.grow(
; CHECK: [[GBUF:%.*]] = load ptr, ptr %tape
; CHECK-NEXT: [[SP:%.*]] = getelementptr i8, ptr [[GBUF]], i64 [[GREC]]
; CHECK-NEXT: [[S:%s]] = call double @sin(double %a)
; CHECK-NEXT: store double [[S]], ptr [[SP]], align 8
; CHECK-NEXT: %m = fmul double [[S]], %b
; CHECK-NEXT: store i64 [[GEND]], ptr [[GSZP]]
; CHECK-NEXT: ret double %m
; Its adjoint reads sin(a) from the top 8 bytes of the tape at its entry and
; pops it at the entry's end (before anything else would pop).
; CHECK-LABEL: define internal { double, double } @g.eddy.rev.aa_r(double %a, double %b, double %dret, ptr %tape)
; CHECK: [[RSZP:%.*]] = getelementptr inbounds i8, ptr %tape, i64 8
; CHECK-NEXT: [[RSZ:%.*]] = load i64, ptr [[RSZP]]
; CHECK: call double @llvm.cos.f64(double %a)
; CHECK: [[RBUF:%.*]] = load ptr, ptr %tape
; CHECK-NEXT: [[GBASE:%.*]] = add i64 [[RSZ]], -8
; CHECK-NEXT: [[SQ:%.*]] = getelementptr i8, ptr [[RBUF]], i64 [[GBASE]]
; CHECK-NEXT: [[ST:%.*]] = load double, ptr [[SQ]], align 8
; CHECK-NEXT: fmul double [[ST]], %dret
; CHECK: store i64 [[GBASE]], ptr [[RSZP]]
; CHECK-NEXT: ret { double, double }
; The gradient: both augmented calls on one tape, then the adjoints in reverse.
; f's own record holds y = g(x, 2.0) (the first argument of the second
; adjoint). The gradient's own pair keeps its record in a local of the
; gradient, which SROA turns into registers once both sweeps are inlined: y
; goes straight from the first augmented call to the second adjoint.
; CHECK-LABEL: define internal { double } @f.eddy.grad.a_r(double %0)
; CHECK: store { ptr, i64 } zeroinitializer, ptr
; CHECK-NEXT: [[Y:%.*]] = call double @g.eddy.aug.ac_r(double %0, double 2.000000e+00, ptr nonnull %eddy.tape)
; CHECK-NEXT: call double @g.eddy.aug.aa_r(double [[Y]], double %0, ptr nonnull %eddy.tape)
; CHECK-NEXT: [[R2:%.*]] = call { double, double } @g.eddy.rev.aa_r(double [[Y]], double %0, double 1.000000e+00, ptr nonnull %eddy.tape)
; CHECK-NEXT: [[DY:%.*]] = extractvalue { double, double } [[R2]], 0
; CHECK-NEXT: [[DX2:%.*]] = extractvalue { double, double } [[R2]], 1
; CHECK-NEXT: [[R1:%.*]] = call { double } @g.eddy.rev.ac_r(double %0, double 2.000000e+00, double [[DY]], ptr nonnull %eddy.tape)
; CHECK-NEXT: [[DX1:%.*]] = extractvalue { double } [[R1]], 0
; CHECK-NEXT: [[GX:%.*]] = fadd reassoc nsz double [[DX2]], [[DX1]]
; CHECK-NEXT: insertvalue { double } poison, double [[GX]], 0
