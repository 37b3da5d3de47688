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
; No block of f is in a loop: b, p and the join's predecessor id go to the
; call's record. The gradient keeps its record in a local, which SROA turns
; into registers once both sweeps are inlined: no tape traffic, b reaches the
; adjoint through a phi (undefined on the edges that did not compute it,
; where the adjoint does not read it), and the adjoint dispatches on the id
; with a switch, one case per incoming edge.
; CHECK-NOT: eddy.tape
; CHECK: {{^}}small{{[^ ]*}}:
; CHECK-NEXT: [[B:%b[^ ]*]] = fdiv double %1, %0
; CHECK: [[BR:%.*]] = phi double [ undef, %big{{[^ ]*}} ], [ [[B]], %small{{[^ ]*}} ], [ undef, %mid{{[^ ]*}} ]
; CHECK-NEXT: [[FROM:%eddy.from[^ ]*]] = phi i32 [ 2, %big{{[^ ]*}} ], [ 1, %small{{[^ ]*}} ], [ 0, %mid{{[^ ]*}} ]
; CHECK-NEXT: [[P:%p[^ ]*]] = phi double [ %a{{[^ ]*}}, %big{{[^ ]*}} ], [ [[B]], %small{{[^ ]*}} ], [ %m{{[^ ]*}}, %mid{{[^ ]*}} ]
; CHECK-NEXT: switch i32 [[FROM]], label %join.from.mid{{[^ ]*}} [
; CHECK-DAG: i32 2, label %join.from.big
; CHECK-DAG: i32 1, label %join.from.small
; CHECK: join.from.mid{{.*}}:
; CHECK-NEXT: call double @llvm.cos.f64(
; Through small (b = y/x): adj(p) = y; adj(y) = p + y/x, adj(x) = b * -(y/x).
; CHECK: join.from.small{{.*}}:
; CHECK: [[DPX:%.*]] = fdiv double %1, %0
; CHECK: [[DY:%.*]] = fadd reassoc nsz double [[P]], %{{.*}}
; CHECK-NEXT: [[NDPX:%.*]] = fneg double [[DPX]]
; CHECK-NEXT: fmul double [[BR]], [[NDPX]]
