; A reverse request with its own tape budget (`eddy_tape_budget, B`, B a
; run-time value) in a module run without a compiled budget: the loop of its
; function runs under the checkpoint driver's budget schedule (kind 3), and
; the call of the gradient sits between __eddy_request_budget_enter(B),
; which makes B the thread's budget, and __eddy_request_budget_leave. A
; request of the same function without the marker keeps the plain stored
; tape (no driver). Misuse: rev-tape-budget-misuse.ll.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s
; RUN: %opt-eddy -passes=eddy -S %s | grep -c 'call ptr @__eddy_ckpt_begin(' | FileCheck --check-prefix=ONE %s
; ONE: {{^1$}}

; CHECK: @eddy.budget.fn = {{.*}} c"heat\00"

@eddy_tape_budget = external global i32

declare double @__enzyme_autodiff(ptr, ...)

define double @heat(ptr %u, double %k) {
entry:
  br label %loop
loop:
  %t = phi i32 [ 0, %entry ], [ %t.next, %loop ]
  %x = load double, ptr %u
  %y = fmul double %x, %k
  %z = fmul double %y, %x
  store double %z, ptr %u
  %t.next = add i32 %t, 1
  %done = icmp eq i32 %t.next, 50
  br i1 %done, label %exit, label %loop
exit:
  %r = load double, ptr %u
  ret double %r
}

; CHECK-LABEL: define double @budgeted(
; CHECK: %[[SAVED:.*]] = call i64 @__eddy_request_budget_enter(i64 %b, ptr @eddy.budget.fn)
; CHECK-NEXT: call {{.*}}@heat.eddy.grad.
; CHECK-NEXT: call void @__eddy_request_budget_leave(i64 %[[SAVED]])
define double @budgeted(ptr %u, ptr %du, double %k, i64 %b) {
  %d = call double (ptr, ...) @__enzyme_autodiff(ptr @heat, ptr @eddy_tape_budget, i64 %b, ptr %u, ptr %du, double %k)
  ret double %d
}

; CHECK-LABEL: define double @plain(
; CHECK-NOT: __eddy_request_budget
; CHECK: ret double
define double @plain(ptr %u, ptr %du, double %k) {
  %d = call double (ptr, ...) @__enzyme_autodiff(ptr @heat, ptr %u, ptr %du, double %k)
  ret double %d
}

; The budgeted request's derivative (and only it: ONE) runs the driver, with
; kind 3 (budget) and the placeholder budget INT64_MAX in the marker; the
; request's B replaces it at run time.
; CHECK: call ptr @__eddy_ckpt_begin(i32 3, i64 9223372036854775807,
; CHECK: define linkonce_odr hidden {{.*}}i64 @__eddy_request_budget_enter(
; CHECK: define linkonce_odr hidden void @__eddy_request_budget_leave(
