; Reverse mode, the adjoint of a loop-invariant value: f(a, x, n) =
; sum_i a * x[i] (a scalar, x an array). Every iteration adds into a's
; adjoint slot; that sum's order is an artefact of the reversal, so the
; accumulation is `reassoc` (with `nsz`), and the loop vectorizer turns the
; adjoint loop into a vector reduction (it leaves the primal's loop alone:
; the program's own sum keeps its order).
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s
; RUN: %opt-eddy -passes='eddy,function(loop-vectorize)' -S %s | FileCheck %s --check-prefix=VEC
; RUN: %opt-eddy -passes=eddy %s | lli | FileCheck %s --check-prefix=NUM
target triple = "x86_64-unknown-linux-gnu"

declare double @__enzyme_autodiff(ptr, ...)
declare i32 @printf(ptr, ...)
@fmt = private constant [6 x i8] c"%.6f\0A\00"
@xs = private constant [5 x double] [double 1.0, double 2.0, double 3.0, double 4.0, double 5.5]

define dso_local double @f(double %a, ptr %x, i64 %n) {
entry:
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
  %s = phi double [ 0.0, %entry ], [ %s.next, %loop ]
  %p = getelementptr inbounds double, ptr %x, i64 %i
  %v = load double, ptr %p
  %t = fmul double %a, %v
  %s.next = fadd double %s, %t
  %i.next = add nuw nsw i64 %i, 1
  %c = icmp ult i64 %i.next, %n
  br i1 %c, label %loop, label %exit
exit:
  ret double %s.next
}

define i32 @main() {
  %dx = alloca [5 x double]
  store [5 x double] zeroinitializer, ptr %dx
  ; df/da = sum x = 15.5
  %g = call double (ptr, ...) @__enzyme_autodiff(ptr @f, double 0.5, ptr @xs, ptr %dx, i64 5)
  call i32 (ptr, ...) @printf(ptr @fmt, double %g)
  ret i32 0
}

; NUM: 15.500000

; CHECK-LABEL: define dso_local double @f(
; CHECK: %s.next = fadd double %s, %t
; CHECK-LABEL: define internal { double } @f.eddy.grad.aac_r(
; CHECK: loop.rev.i:
; CHECK: = fadd reassoc nsz double %a.adj
; CHECK-NOT: fadd double

; VEC-LABEL: define dso_local double @f(
; VEC-NOT: <2 x double>
; VEC-LABEL: define internal { double } @f.eddy.grad.aac_r(
; VEC: fadd reassoc nsz <2 x double>
; VEC: call reassoc nsz double @llvm.vector.reduce.fadd.v2f64(
