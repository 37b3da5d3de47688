; Reverse mode, a while loop whose exit depends on the data: while (y < 10)
; y = y * x. The trip count is unknown until run time; the tape grows as the
; forward sweep goes and the adjoint loop runs as many times as the forward one:
; the forward sweep counts its iterations and pushes the count once, at the
; loop's exit, where the adjoint sets its counter from it.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s
; RUN: %opt-eddy -passes=eddy %s | lli | FileCheck %s --check-prefix=NUM

declare { double, double } @__enzyme_autodiff(ptr, ...)
declare i32 @printf(ptr, ...)
@fmt = private constant [11 x i8] c"%.6f %.6f\0A\00"

define dso_local double @f(double %x, double %y0) {
entry:
  %c0 = fcmp olt double %y0, 10.0
  br i1 %c0, label %body, label %done
body:
  %y = phi double [ %y0, %entry ], [ %y.next, %body ]
  %y.next = fmul double %y, %x
  %c = fcmp olt double %y.next, 10.0
  br i1 %c, label %body, label %done
done:
  %r = phi double [ %y0, %entry ], [ %y.next, %body ]
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
  call void @show(double 1.5, double 1.0)   ; 6 trips: f = y x^6: (6 y x^5, x^6)
  call void @show(double 1.01, double 1.0)  ; 232 trips
  call void @show(double 3.0, double 20.0)  ; no trip: f = y: (0, 1)
  ret i32 0
}

; NUM: 45.562500 11.390625
; NUM-NEXT: 2310.602978 10.059091
; NUM-NEXT: 0.000000 1.000000

; CHECK-LABEL: define internal { double, double } @f.eddy.grad.aa_r(
; The loop pushes the value x multiplies, and no predecessor id; it counts
; its backedges.
; CHECK: body.i:
; CHECK: [[N:%[^ ]+]] = phi i64 [ [[N1:%.*]], %{{.*}} ], [ 0, %{{.*}} ]
; CHECK: store double %y.i, ptr
; CHECK: [[N1]] = add i64 [[N]], 1
; CHECK-NOT: store i32
; CHECK: br i1 %c.i, label %body.i
; The exit pushes the count once.
; CHECK: done.loopexit.i:
; CHECK: store i64 [[N]], ptr
; The adjoint pops it and counts down to 0 (LLVM forwards the count from its
; push: both sweeps are inlined into the gradient).
; CHECK: body.rev.i:
; CHECK: [[K:%body.iter[^ ]*]] = phi i64 [ [[N]], %{{[^ ]+}} ], [ [[KN:%.*]], %body.back.i ]
; CHECK: icmp eq i64 [[K]], 0
; CHECK: body.back.i:
; CHECK-NEXT: [[KN]] = add i64 [[K]], -1
; CHECK: call void @free(
