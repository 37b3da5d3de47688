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

; g(y, x): b is active, so its adjoint needs sin(a), pushed on the shared tape.
; CHECK-LABEL: define internal double @g.eddy.aug.aa_r(double %a, double %b, ptr %tape)
; CHECK: [[S:%s]] = call double @sin(double %a)
; CHECK: store double [[S]], ptr
; CHECK-LABEL: define internal { double, double } @g.eddy.rev.aa_r(double %a, double %b, double %dret, ptr %tape)
; CHECK: [[ST:%.*]] = load double, ptr
; CHECK: call double @llvm.cos.f64(double %a)
; CHECK: fmul double [[ST]], %dret

; The gradient: both augmented calls on one tape, then the adjoints in reverse.
; CHECK-LABEL: define internal { double } @f.eddy.grad.a_r(double %0)
; CHECK: [[Y:%.*]] = call double @g.eddy.aug.ac_r(double %0, double 2.000000e+00, ptr nonnull %eddy.tape)
; CHECK-NEXT: call double @g.eddy.aug.aa_r(double [[Y]], double %0, ptr nonnull %eddy.tape)
; CHECK: [[R2:%.*]] = call { double, double } @g.eddy.rev.aa_r(double {{%.*}}, double %0, double 1.000000e+00, ptr nonnull %eddy.tape)
; CHECK: [[DY:%.*]] = extractvalue { double, double } [[R2]], 0
; CHECK: call { double } @g.eddy.rev.ac_r(double %0, double 2.000000e+00, double {{%.*}}, ptr nonnull %eddy.tape)
