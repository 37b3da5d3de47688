; Reverse mode, a counted loop (trip count n, an integer parameter, so the
; signature is "ac"): s_{k+1} = sin(s_k) * x. Each iteration pushes what its
; adjoint needs (sin(s), s and the predecessor id of the header); the adjoint
; loop pops them in reverse and runs until it reaches the entry edge.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s
; RUN: %opt-eddy -passes=eddy %s | lli | FileCheck %s --check-prefix=NUM

declare double @__enzyme_autodiff(ptr, ...)
declare double @sin(double)
declare i32 @printf(ptr, ...)
@fmt = private constant [6 x i8] c"%.6f\0A\00"

define dso_local double @f(double %x, i32 %n) {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i.next, %loop ]
  %s = phi double [ 1.0, %entry ], [ %s.next, %loop ]
  %sx = call double @sin(double %s)
  %s.next = fmul double %sx, %x
  %i.next = add i32 %i, 1
  %c = icmp slt i32 %i.next, %n
  br i1 %c, label %loop, label %exit
exit:
  ret double %s.next
}

define void @show(double %x, i32 %n) {
  %g = call double (ptr, ...) @__enzyme_autodiff(ptr @f, double %x, i32 %n)
  call i32 (ptr, ...) @printf(ptr @fmt, double %g)
  ret void
}

define i32 @main() {
  call void @show(double 1.3, i32 1)    ; sin(1)
  call void @show(double 1.3, i32 5)
  call void @show(double 1.9, i32 40)
  ret i32 0
}

; NUM: 0.841471
; NUM-NEXT: 1.733104
; NUM-NEXT: 0.645782

; CHECK-LABEL: define internal { double } @f.eddy.grad.ac_r(double %0, i32 %1)
; CHECK: loop.i:
; The loop is entered from the block after the tape's reservation (the
; thread's spare buffer may be too small), not from entry: id 1 is the edge on
; which i starts at 0 and s at 1.0, id 0 the back edge.
; CHECK: [[FROM:%eddy.from[^ ]*]] = phi i32 [ 0, %loop.i ], [ 1, %[[PRE:[^ ]+]] ]
; CHECK: %i{{[^ ]*}} = phi i32 [ %i.next{{[^ ]*}}, %loop.i ], [ 0, %[[PRE]] ]
; CHECK: [[S:%s[^ ]*]] = phi double [ %s.next{{[^ ]*}}, %loop.i ], [ 1.000000e+00, %[[PRE]] ]
; CHECK: [[SX:%sx[^ ]*]] = call double @sin(double [[S]])
; CHECK: [[REC:%.*]] = getelementptr i8, ptr {{%.*}}, i64 %eddy.tape.size
; CHECK-NEXT: store double [[SX]], ptr [[REC]]
; CHECK-NEXT: [[REC8:%.*]] = getelementptr i8, ptr [[REC]], i64 8
; CHECK-NEXT: store double [[S]], ptr [[REC8]]
; CHECK-NEXT: [[REC16:%.*]] = getelementptr i8, ptr [[REC]], i64 16
; CHECK-NEXT: store i32 [[FROM]], ptr [[REC16]]
; CHECK: br i1 %c{{.*}}, label %loop.i, label
; The adjoint loop pops sin(s), s and the predecessor id of each iteration;
; x gets adj(s.next) * sin(s) each iteration (strong zero: exactly 0 when
; adj(s.next) is 0).
; CHECK: loop.rev.i:
; CHECK: [[XADJ:%x.adj[^ ]*]] = phi double [ [[XNEW:%.*]], %loop.from.loop.i ], [ 0.000000e+00, %{{.*}} ]
; CHECK-NEXT: [[DSN:%s.next.adj[^ ]*]] = phi double [ [[DS:%.*]], %loop.from.loop.i ], [ 1.000000e+00, %{{.*}} ]
; CHECK: [[SXT:%.*]] = load double, ptr
; CHECK: [[ST:%.*]] = load double, ptr
; CHECK: [[ID:%.*]] = load i32, ptr
; CHECK: [[Z:%.*]] = fcmp oeq double [[DSN]], 0.000000e+00
; CHECK-NEXT: [[TP:%.*]] = fmul double [[DSN]], [[SXT]]
; CHECK-NEXT: [[T:%.*]] = select i1 [[Z]], double 0.000000e+00, double [[TP]]
; CHECK-NEXT: [[XNEW]] = fadd nsz double [[XADJ]], [[T]]
; CHECK-NEXT: [[ISENTRY:%.*]] = icmp eq i32 [[ID]], 1
; CHECK-NEXT: br i1 [[ISENTRY]], label %f.eddy.rev.ac_r.exit, label %loop.from.loop.i
; Back to the previous iteration: adj(sin(s)) = adj(s.next) * x, then
; adj(s) = adj(sin(s)) * cos(s) at the taped s, each with its strong zero;
; adj(s) is adj(s.next) of the previous iteration.
; CHECK: loop.from.loop.i:
; CHECK-NEXT: [[DSXP:%.*]] = fmul double [[DSN]], %0
; CHECK-NEXT: [[DSX:%.*]] = select i1 [[Z]], double 0.000000e+00, double [[DSXP]]
; CHECK-NEXT: [[ZX:%.*]] = fcmp oeq double [[DSX]], 0.000000e+00
; CHECK-NEXT: [[COS:%.*]] = call double @llvm.cos.f64(double [[ST]])
; CHECK-NEXT: [[DSP:%.*]] = fmul double [[DSX]], [[COS]]
; CHECK-NEXT: [[DS]] = select i1 [[ZX]], double 0.000000e+00, double [[DSP]]
; CHECK-NEXT: br label %loop.rev.i
; CHECK: f.eddy.rev.ac_r.exit:
; CHECK-NEXT: insertvalue { double } poison, double [[XNEW]], 0
