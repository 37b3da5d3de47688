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
; No block of f is in a loop: b and p go to the call's record, 16 bytes
; reserved at the start of the forward sweep (the record's offset is the
; tape's size then).
; CHECK: [[REC:%eddy.record[^ ]*]] = load i64, ptr [[SZP:%[^ ,]+]]
; CHECK-NEXT: [[END:%.*]] = add i64 [[REC]], 16
; CHECK: store i64 [[END]], ptr [[SZP]]
; The small block stores b at record offset 0; it pushes nothing, so it has
; no room check and enters the join itself.
; CHECK: {{^}}small{{[^ ]*}}:
; CHECK-NEXT: [[B:%b[^ ]*]] = fdiv double %1, %0
; CHECK-NEXT: [[BUF1:%.*]] = load ptr, ptr %eddy.tape
; CHECK-NEXT: [[BP:%.*]] = getelementptr i8, ptr [[BUF1]], i64 [[REC]]
; CHECK-NEXT: store double [[B]], ptr [[BP]], align 8
; CHECK-NEXT: br label %join
; The join stores p at record offset 8, then pushes the predecessor's id
; (eddy.from) and, last, the record's offset.
; CHECK: [[FROM:%eddy.from[^ ]*]] = phi i32 [ 0, %mid{{[^ ]*}} ], [ 1, %small{{[^ ]*}} ], [ 2, %big{{[^ ]*}} ]
; CHECK-NEXT: [[P:%p[^ ]*]] = phi double [ %m{{[^ ]*}}, %mid{{[^ ]*}} ], [ [[B]], %small{{[^ ]*}} ], [ %a{{[^ ]*}}, %big{{[^ ]*}} ]
; CHECK-NEXT: [[BUF2:%.*]] = load ptr, ptr %eddy.tape
; CHECK-NEXT: [[PR:%.*]] = getelementptr i8, ptr [[BUF2]], i64 [[REC]]
; CHECK-NEXT: [[PP:%.*]] = getelementptr i8, ptr [[PR]], i64 8
; CHECK-NEXT: store double [[P]], ptr [[PP]], align 8
; CHECK-NEXT: [[TOP:%.*]] = add i64 [[REC]], 32
; The adjoint sweep pops the record's offset first, then the id, reads p from
; record offset 8 and dispatches on the id with a switch, one case per
; incoming edge. Both sweeps are inlined into the gradient with the tape's
; alias scopes unified, so LLVM forwards the offset, the id and p from their
; stores (p is reloaded only on the path where the tape grew).
; CHECK: [[PT:%p[^ ]*]] = phi double [ [[P]], %join{{[^ ]*}} ], [ %{{[^ ]+}}, %{{[^ ]+}} ]
; CHECK-NEXT: [[BUF3:%.*]] = phi ptr
; CHECK-NEXT: [[FP:%.*]] = getelementptr i8, ptr [[BUF3]], i64 [[END]]
; CHECK-NEXT: store i32 [[FROM]], ptr [[FP]], align 8
; CHECK-NEXT: [[PB:%.*]] = getelementptr i8, ptr [[BUF3]], i64 [[REC]]
; CHECK-NEXT: [[RP:%.*]] = getelementptr i8, ptr [[PB]], i64 24
; CHECK-NEXT: store i64 [[REC]], ptr [[RP]], align 8
; CHECK-NEXT: switch i32 [[FROM]], label %join.from.mid{{[^ ]*}} [
; CHECK-DAG: i32 2, label %join.from.big
; CHECK-DAG: i32 1, label %join.from.small
; CHECK: join.from.mid{{.*}}:
; CHECK-NEXT: call double @llvm.cos.f64(
; Through small (b = y/x): adj(p) = y; adj(y) = p + y/x, adj(x) = b * -(y/x),
; with b read from record offset 0.
; CHECK: join.from.small{{.*}}:
; CHECK: [[DPX:%.*]] = fdiv double %1, %0
; CHECK: [[DY:%.*]] = fadd nsz double [[PT]], %{{.*}}
; CHECK-NEXT: [[BT:%b[^ ]*]] = load double, ptr [[PB]], align 8
; CHECK-NEXT: [[NDPX:%.*]] = fneg double [[DPX]]
; CHECK-NEXT: fmul double [[BT]], [[NDPX]]
; At its exit the adjoint sweep drops the record: the tape's size goes back to
; the record's offset.
; CHECK: store i64 [[REC]], ptr [[SZP]]
