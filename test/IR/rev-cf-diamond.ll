; Reverse mode, an if/else diamond joined by a phi. The augmented sweep numbers
; the join's predecessors in an `eddy.from` phi and pushes it on the tape with
; the join's other needs; the adjoint pops it and branches to the adjoint of
; the edge the forward sweep took. Checked structurally and by running it.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s
; RUN: %opt-eddy -passes=eddy %s | lli | FileCheck %s --check-prefix=NUM

declare { double, double } @__enzyme_autodiff(ptr, ...)
declare i32 @printf(ptr, ...)
@fmt = private constant [11 x i8] c"%.6f %.6f\0A\00"

; f = (x > y ? x*y : x/y) * x
define dso_local double @f(double %x, double %y) {
entry:
  %c = fcmp ogt double %x, %y
  br i1 %c, label %then, label %else
then:
  %a = fmul double %x, %y
  br label %join
else:
  %b = fdiv double %x, %y
  br label %join
join:
  %p = phi double [ %a, %then ], [ %b, %else ]
  %r = fmul double %p, %x
  ret double %r
}

define { double, double } @grad(double %x, double %y) {
  %g = call { double, double } (ptr, ...) @__enzyme_autodiff(ptr @f, double %x, double %y)
  ret { double, double } %g
}

define void @show(double %x, double %y) {
  %g = call { double, double } @grad(double %x, double %y)
  %gx = extractvalue { double, double } %g, 0
  %gy = extractvalue { double, double } %g, 1
  call i32 (ptr, ...) @printf(ptr @fmt, double %gx, double %gy)
  ret void
}

define i32 @main() {
  call void @show(double 3.0, double 2.0)   ; then: f = x^2 y  -> (2xy, x^2) = (12, 9)
  call void @show(double 1.0, double 4.0)   ; else: f = x^2/y  -> (2x/y, -x^2/y^2) = (0.5, -0.0625)
  ret i32 0
}

; NUM: 12.000000 9.000000
; NUM-NEXT: 0.500000 -0.062500

; CHECK-LABEL: define internal { double, double } @f.eddy.grad.aa_r(
; The forward sweep records the predecessor id of the join; the adjoint of
; the join branches on it to the edge it came from. f runs once per call, so
; the id and b go to the call's record, which the gradient keeps in a local
; that SROA turns into registers: LLVM then branches on the condition that
; chose the edge.
; CHECK: [[C:%c[^ ]*]] = fcmp ogt double %0, %1
; CHECK-NOT: eddy.tape
; CHECK: br i1 [[C]], label %join.from.then{{.*}}, label %join.from.else
; CHECK: join.from.else{{.*}}:
; CHECK: fdiv double
; CHECK: join.from.then{{.*}}:
; CHECK: fmul double
