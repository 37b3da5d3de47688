; A frozen pointer into differentiated memory has the frozen shadow as its
; shadow, in both modes. LLVM freezes pointers when it moves a comparison of
; them across a branch; -fsanitize=pointer-overflow made that happen to the
; begin pointer of a range-for over a std::vector, and Eddy refused the loads
; through it as reads of memory that is not differentiated. Found by
; --param eddy_sanitize=1 on test/API/forward.cpp (docs/sanitizers.md).
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s
; RUN: %opt-eddy -passes=eddy %s | lli | FileCheck %s --check-prefix=NUM

declare double @__enzyme_fwddiff(ptr, ...)
declare void @__enzyme_autodiff(ptr, ...)
declare i32 @printf(ptr, ...)
@fmt = private constant [16 x i8] c"%.6f %.6f %.6f\0A\00"

; f = sum of b[i]^2 for b .. e (a range-for).
define dso_local double @f(ptr %b, ptr %e) {
entry:
  %fb = freeze ptr %b
  %empty = icmp eq ptr %fb, %e
  br i1 %empty, label %exit, label %loop
loop:
  %s = phi double [ 0.0, %entry ], [ %s2, %loop ]
  %p = phi ptr [ %fb, %entry ], [ %p2, %loop ]
  %v = load double, ptr %p
  %m = fmul double %v, %v
  %s2 = fadd double %s, %m
  %p2 = getelementptr inbounds double, ptr %p, i64 1
  %done = icmp eq ptr %p2, %e
  br i1 %done, label %exit, label %loop
exit:
  %r = phi double [ 0.0, %entry ], [ %s2, %loop ]
  ret double %r
}

define i32 @main() {
  %x = alloca [2 x double]
  %dx = alloca [2 x double]
  store double 1.5, ptr %x
  %x1 = getelementptr inbounds double, ptr %x, i64 1
  store double -2.0, ptr %x1
  %e = getelementptr inbounds double, ptr %x, i64 2
  ; Forward, direction (1, 1): 2*1.5 - 2*2 = -1.
  store double 1.0, ptr %dx
  %dx1 = getelementptr inbounds double, ptr %dx, i64 1
  store double 1.0, ptr %dx1
  %de = getelementptr inbounds double, ptr %dx, i64 2
  %t = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, ptr %x, ptr %dx, ptr %e, ptr %de)
  ; Reverse: dx = (3, -4).
  store double 0.0, ptr %dx
  store double 0.0, ptr %dx1
  call void (ptr, ...) @__enzyme_autodiff(ptr @f, ptr %x, ptr %dx, ptr %e, ptr %de)
  %g0 = load double, ptr %dx
  %g1 = load double, ptr %dx1
  call i32 (ptr, ...) @printf(ptr @fmt, double %t, double %g0, double %g1)
  ret i32 0
}

; NUM: -1.000000 3.000000 -4.000000

; CHECK-LABEL: define internal { double, double } @f.eddy.fwd.
; CHECK: %fb.shadow = freeze ptr %
