; Reverse mode, a join with three predecessors: the adjoint dispatches on the
; popped `eddy.from` id with a switch, one case per incoming edge.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s
; RUN: %opt-eddy -passes=eddy %s | lli | FileCheck %s --check-prefix=NUM

declare { double, double } @__enzyme_autodiff(ptr, ...)
declare double @sin(double)
declare i32 @printf(ptr, ...)
@fmt = private constant [11 x i8] c"%.6f %.6f\0A\00"

; f = p * y, p = x > 1 ? x*y : (x < -1 ? y/x : sin x)
define dso_local double @f(double %x, double %y) {
entry:
  %c = fcmp ogt double %x, 1.0
  br i1 %c, label %big, label %notbig
notbig:
  %c2 = fcmp olt double %x, -1.0
  br i1 %c2, label %small, label %mid
big:
  %a = fmul double %x, %y
  br label %join
small:
  %b = fdiv double %y, %x
  br label %join
mid:
  %m = call double @sin(double %x)
  br label %join
join:
  %p = phi double [ %a, %big ], [ %b, %small ], [ %m, %mid ]
  %r = fmul double %p, %y
  ret double %r
}

define void @show(double %x, double %y) {
  %g = call { double, double } (ptr, ...) @__enzyme_autodiff(ptr @f, double %x, double %y)
  %gx = extractvalue { double, double } %g, 0
  %gy = extractvalue { double, double } %g, 1
  call i32 (ptr, ...) @printf(ptr @fmt, double %gx, double %gy)
  ret void
}

define i32 @main() {
  call void @show(double 2.0, double 3.0)    ; x y^2: (y^2, 2xy) = (9, 12)
  call void @show(double -2.0, double 3.0)   ; y^2/x: (-y^2/x^2, 2y/x) = (-2.25, -3)
  call void @show(double 0.5, double 3.0)    ; y sin x: (y cos x, sin x)
  ret i32 0
}

; NUM: 9.000000 12.000000
; NUM-NEXT: -2.250000 -3.000000
; NUM-NEXT: 2.632748 0.479426

; CHECK-LABEL: define internal { double, double } @f.eddy.grad.aa_r(
; The small block pushes b; the tape's room check splits it, and the block
; that does the push is the one that enters the join.
; CHECK: {{^}}small{{[^ ]*}}:
; CHECK: br i1 %eddy.tape.full{{[^ ]*}}, label %{{[^ ]*}}, label %[[SMALLEND:[^ ,]+]]
; CHECK: {{^}}[[SMALLEND]]:
; CHECK: store double %b{{[^ ]*}}, ptr
; CHECK: [[FROM:%eddy.from[^ ]*]] = phi i32 [ 0, %mid{{[^ ]*}} ], [ 1, %[[SMALLEND]] ], [ 2, %big{{[^ ]*}} ]
; CHECK: store i32 [[FROM]], ptr
; CHECK: [[ID:%.*]] = load i32, ptr
; CHECK: switch i32 [[ID]], label %join.from.mid{{[^ ]*}} [
; CHECK-DAG: i32 2, label %join.from.big
; CHECK-DAG: i32 1, label %join.from.small
; CHECK: join.from.mid{{.*}}:
; CHECK-NEXT: call double @llvm.cos.f64(
