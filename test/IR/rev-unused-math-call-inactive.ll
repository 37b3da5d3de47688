; A math call whose result is unused stays only for errno: -O2's
; LibCallsShrinkWrap guards it with a domain test (`if (|x| == inf) sin(x)`),
; so straight-line code becomes hundreds of small blocks. No derivative flows
; out of such a call. When nothing the function calls could read errno, the
; derivative drops the call and its guard (a derivative does not promise the
; primal's errno; docs/user-guide.md): in the compile-time benchmark's
; straight-line shape at 3,000 statements the reverse pair went from ~1,900
; blocks to ~200. When something could read errno (@observe below), the call
; stays, and reverse mode neither differentiates it (no cos) nor tapes its
; argument, so the guarded block carries no adjoint work.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s
; RUN: %opt-eddy -passes=eddy %s | lli | FileCheck %s --check-prefix=NUM

declare double @sin(double)
declare double @__enzyme_autodiff(ptr, ...)
declare double @__enzyme_fwddiff(ptr, ...)
declare i32 @printf(ptr, ...)
@fmt = private constant [21 x i8] c"%.6f %.6f %.6f %.6f\0A\00"

; f(x, n) = x^(2^n) by n squarings, with sin(v) called for errno whenever v
; is infinite. In a loop, the argument of a differentiated sin would be taped
; in the guarded block for the backward sweep.
define double @f(double %x, i32 %n) {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i2, %next ]
  %v = phi double [ %x, %entry ], [ %sq, %next ]
  %a = call double @llvm.fabs.f64(double %v)
  %inf = fcmp oeq double %a, 0x7FF0000000000000
  br i1 %inf, label %errno, label %next
errno:
  %unused = call double @sin(double %v)
  br label %next
next:
  %sq = fmul double %v, %v
  %i2 = add i32 %i, 1
  %done = icmp eq i32 %i2, %n
  br i1 %done, label %exit, label %loop
exit:
  ret double %sq
}

; The same loop, then a call that could read errno.
define double @g(double %x, i32 %n) {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i2, %next ]
  %v = phi double [ %x, %entry ], [ %sq, %next ]
  %a = call double @llvm.fabs.f64(double %v)
  %inf = fcmp oeq double %a, 0x7FF0000000000000
  br i1 %inf, label %errno, label %next
errno:
  %unused = call double @sin(double %v)
  br label %next
next:
  %sq = fmul double %v, %v
  %i2 = add i32 %i, 1
  %done = icmp eq i32 %i2, %n
  br i1 %done, label %exit, label %loop
exit:
  call void @observe()
  ret double %sq
}
define void @observe() noinline {
  ret void
}
declare double @llvm.fabs.f64(double)

define i32 @main() {
  %gf = call double (ptr, ...) @__enzyme_autodiff(ptr @f, double 1.5, i32 2)
  %tf = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double 1.5, double 1.0, i32 2)
  %gg = call double (ptr, ...) @__enzyme_autodiff(ptr @g, double 1.5, i32 2)
  %tg = call double (ptr, ...) @__enzyme_fwddiff(ptr @g, double 1.5, double 1.0, i32 2)
  ; d/dx x^4 = 4 x^3 = 13.5
  call i32 (ptr, ...) @printf(ptr @fmt, double %gf, double %tf, double %gg, double %tg)
  ret i32 0
}
; NUM: 13.500000 13.500000 13.500000 13.500000

; Nothing in f reads errno: neither sweep calls sin, and no guard is left.
; (The gradient wrapper inlines both sweeps.)
; CHECK-LABEL: define internal {{.*}} @f.eddy.grad
; CHECK-NOT: @sin
; CHECK-NOT: 0x7FF0000000000000
; CHECK: ret
; @g calls @observe: the forward sweep keeps the call, in its guarded block,
; and tapes nothing there; the backward sweep has no cos.
; CHECK-LABEL: define internal {{.*}} @g.eddy.grad
; CHECK: errno.i{{.*}}:
; CHECK-NEXT: call double @sin(double
; CHECK-NEXT: br label
; CHECK-NOT: cos
; CHECK: ret
