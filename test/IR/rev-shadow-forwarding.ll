; Reverse mode, an in-place stencil (bench/kernels/heat.h's inner loop, from
; clang -O2): u[i] = c + r (left - 2c + u[i+1]), the left neighbour and c
; carried in registers. The adjoint of the store to u[i] reads and zeroes the
; shadow of u[i]; one adjoint iteration later the adjoint of the load of u[i]
; (as u[i+1]) adds into it. ShadowForwarding.cpp passes that zero to the next
; iteration: the adjoint loop stores the sum at the end of its body and
; zeroes nothing, the exit zeroes the last element and adds the first
; iteration's initial value back; then the loop vectorizer takes the loop.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s
; RUN: %opt-eddy -passes='eddy,function(loop-vectorize)' -S %s | FileCheck %s --check-prefix=VEC
; RUN: %opt-eddy -passes=eddy %s | lli | FileCheck %s --check-prefix=NUM
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@enzyme_dup = global i32 0
@enzyme_const = global i32 0
@enzyme_out = global i32 0
@fmt = private constant [21 x i8] c"%.6f %.6f %.6f %.6f\0A\00"

define dso_local double @step(ptr nocapture noundef %u, i32 noundef %n, double noundef %r) {
entry:
  %cmp11 = icmp sgt i32 %n, 2
  br i1 %cmp11, label %for.body.preheader, label %for.cond.cleanup

for.body.preheader:
  %sub = add nsw i32 %n, -1
  %0 = load double, ptr %u, align 8
  %wide.trip.count = zext nneg i32 %sub to i64
  %arrayidx1.phi.trans.insert = getelementptr inbounds i8, ptr %u, i64 8
  %.pre = load double, ptr %arrayidx1.phi.trans.insert, align 8
  br label %for.body

for.cond.cleanup:
  %arrayidx7 = getelementptr inbounds i8, ptr %u, i64 8
  %1 = load double, ptr %arrayidx7, align 8
  ret double %1

for.body:
  %2 = phi double [ %.pre, %for.body.preheader ], [ %4, %for.body ]
  %indvars.iv = phi i64 [ 1, %for.body.preheader ], [ %indvars.iv.next, %for.body ]
  %left.013 = phi double [ %0, %for.body.preheader ], [ %2, %for.body ]
  %arrayidx1 = getelementptr inbounds double, ptr %u, i64 %indvars.iv
  %3 = tail call double @llvm.fmuladd.f64(double %2, double -2.000000e+00, double %left.013)
  %indvars.iv.next = add nuw nsw i64 %indvars.iv, 1
  %arrayidx3 = getelementptr inbounds double, ptr %u, i64 %indvars.iv.next
  %4 = load double, ptr %arrayidx3, align 8
  %add4 = fadd double %3, %4
  %5 = tail call double @llvm.fmuladd.f64(double %r, double %add4, double %2)
  store double %5, ptr %arrayidx1, align 8
  %exitcond.not = icmp eq i64 %indvars.iv.next, %wide.trip.count
  br i1 %exitcond.not, label %for.cond.cleanup, label %for.body
}

declare double @llvm.fmuladd.f64(double, double, double)
declare double @__enzyme_autodiff(ptr, ...)
declare i32 @printf(ptr, ...)

; u = (1, 2, 4, 7), r = 0.25: step returns u[1]' = 2 + 0.25 (1 - 4 + 4) =
; 2.25, and u[2]' = 4 + 0.25 (2 - 8 + 7) = 4.25 (u[1]'s old value is used).
; d/du0 = r = 0.25, d/du1 = 1 - 2r = 0.5, d/du2 = r = 0.25, d/dr = 1.
define i32 @main() {
  %u = alloca [4 x double]
  %du = alloca [4 x double]
  store [4 x double] [double 1.0, double 2.0, double 4.0, double 7.0], ptr %u
  store [4 x double] zeroinitializer, ptr %du
  %g = call double (ptr, ...) @__enzyme_autodiff(ptr @step, ptr @enzyme_dup, ptr %u, ptr %du, ptr @enzyme_const, i32 4, ptr @enzyme_out, double 0.25)
  %d0 = load double, ptr %du
  %p1 = getelementptr double, ptr %du, i64 1
  %d1 = load double, ptr %p1
  %p2 = getelementptr double, ptr %du, i64 2
  %d2 = load double, ptr %p2
  call i32 (ptr, ...) @printf(ptr @fmt, double %d0, double %d1, double %d2, double %g)
  ret i32 0
}

; NUM: 0.250000 0.500000 0.250000 1.000000

; CHECK-LABEL: define internal { double } @step.eddy.grad.aca_r(
; The loop body zeroes nothing and ends with the plain store of the sum.
; CHECK: for.body.rev.i:
; CHECK-NOT: store double 0.000000e+00
; CHECK: store double {{%[0-9]+}}, ptr
; CHECK-NEXT: br i1 {{.*}}, label %for.body.first.i
; The initial value of the element the first iteration adds into.
; CHECK: %eddy.q0 = load double, ptr [[Q0P:%[^,]*]]
; The exit zeroes the last element and adds that initial value back.
; CHECK: for.body.first.i:
; CHECK-NEXT: store double 0.000000e+00, ptr
; CHECK-NEXT: [[V:%[0-9]+]] = load double, ptr [[Q0P]]
; CHECK-NEXT: [[F:%[0-9]+]] = fadd reassoc nsz double [[V]], %eddy.q0
; CHECK-NEXT: store double [[F]], ptr [[Q0P]]

; VEC-LABEL: define internal { double } @step.eddy.grad.aca_r(
; VEC: vector.body:
; VEC: store <2 x double>
