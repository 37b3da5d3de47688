; Each request copies the primal twice: the primal copy it canonicalizes and
; the body its derivative is built in (BodyCloning.cpp). The copies map
; blocks, arguments and instructions through their own table and keep every
; metadata node as it is: here a loop whose phis, switch successors and
; branch weights must all land in the derivative, which runs through lli
; against the analytic derivative. With debug records (-g) LLVM's cloner
; makes the copies, as the second RUN line checks.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s
; RUN: %opt-eddy -passes=eddy %s | lli | FileCheck --check-prefix=OUT %s
; RUN: %opt-eddy -passes=eddy %S/Inputs/body-cloning-debug.ll | lli | FileCheck --check-prefix=OUT %s
target triple = "x86_64-pc-linux-gnu"

declare double @__enzyme_fwddiff(ptr, ...)
declare double @__enzyme_autodiff(ptr, ...)
declare i32 @printf(ptr, ...)

; f(x) = 1.5 x^3 + 1.5 x^2 + x for n = 5 (x*x, +x, *1.5, *x, +x from acc = x),
; f'(x) = 4.5 x^2 + 3 x + 1: 5.305 at x = 0.7.
define double @f(double %x, i32 %n) {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i.next, %latch ]
  %acc = phi double [ %x, %entry ], [ %acc.next, %latch ]
  %k = urem i32 %i, 3
  switch i32 %k, label %c2 [
    i32 0, label %c0
    i32 1, label %c1
  ], !prof !0
c0:
  %a0 = fmul double %acc, %x
  br label %latch
c1:
  %a1 = fadd double %acc, %x
  br label %latch
c2:
  %a2 = fmul double %acc, 1.5
  br label %latch
latch:
  %acc.next = phi double [ %a0, %c0 ], [ %a1, %c1 ], [ %a2, %c2 ]
  %i.next = add i32 %i, 1
  %done = icmp eq i32 %i.next, %n
  br i1 %done, label %exit, label %loop, !prof !1
exit:
  ret double %acc.next
}

@fmt = private constant [21 x i8] c"fwd %.12f rev %.12f\0A\00"

define i32 @main() {
  %t = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double 0.7, double 1.0, i32 5)
  %g = call double (ptr, ...) @__enzyme_autodiff(ptr @f, double 0.7, i32 5)
  call i32 (ptr, ...) @printf(ptr @fmt, double %t, double %g)
  ret i32 0
}

!0 = !{!"branch_weights", i32 5, i32 7, i32 11}
!1 = !{!"branch_weights", i32 1, i32 99}

; CHECK-LABEL: define internal {{.*}} @f.eddy.fwd.ac_r(
; CHECK: %acc = phi double
; CHECK: switch i32 %k, label %c2 [
; CHECK-NEXT: i32 0, label %c0
; CHECK-NEXT: i32 1, label %c1
; CHECK-NEXT: ], !prof ![[SW:[0-9]+]]
; CHECK: br i1 %done, label %exit, label %loop, !prof ![[BR:[0-9]+]]
; CHECK-DAG: ![[SW]] = !{!"branch_weights", i32 5, i32 7, i32 11}
; CHECK-DAG: ![[BR]] = !{!"branch_weights", i32 1, i32 99}

; OUT: fwd 5.305000000000 rev 5.305000000000
