; The bits of a double carried around a loop in an integer phi (GVN/LICM after
; InstCombine made `signbit(v)` an integer compare of v's bits) and tested
; for their sign there: `icmp slt i64 %bits, 0`. The web was left integer,
; because the compare is neither a move nor a cast, and the program was
; refused at -O2/-O3 only ("the bits of a floating-point value ... are
; reinterpreted as an integer"). Now the phi is retyped to double and the
; compare reads the bits from a bitcast of it, a sign test that only decides.
; Found by eddy-fuzz --extended --rules --edges, seed 11:2854.
; RUN: %opt-eddy -passes=eddy %s | lli | FileCheck %s
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s --check-prefix=IR

declare double @__enzyme_fwddiff(ptr, ...)
declare double @__enzyme_autodiff(ptr, ...)
declare i32 @printf(ptr, ...)
@fmt = private constant [11 x i8] c"%.6f %.6f\0A\00"

; v = x - 1; three times v = (signbit(v) ? -v : v) * x; so f = |x - 1| x^3.
define double @f(double %x) {
entry:
  %v0 = fsub double %x, 1.0
  %b0 = bitcast double %v0 to i64
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i2, %loop ]
  %bits = phi i64 [ %b0, %entry ], [ %nb, %loop ]
  %neg = icmp slt i64 %bits, 0
  %cur = bitcast i64 %bits to double
  %sign = select i1 %neg, double -1.0, double 1.0
  %abs = fmul double %cur, %sign
  %next = fmul double %abs, %x
  %nb = bitcast double %next to i64
  %i2 = add i32 %i, 1
  %done = icmp eq i32 %i2, 3
  br i1 %done, label %exit, label %loop
exit:
  ret double %next
}

define i32 @main() {
  ; f'(x) = sign(x - 1) x^3 + 3 |x - 1| x^2: 27 + 54 = 81 at x = 3;
  ; -0.125 + 0.375 = 0.25 at x = 0.5.
  %t0 = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double 3.0, double 1.0)
  %t1 = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double 0.5, double 1.0)
  ; CHECK: 81.000000 0.250000
  call i32 (ptr, ...) @printf(ptr @fmt, double %t0, double %t1)
  %g0 = call double (ptr, ...) @__enzyme_autodiff(ptr @f, double 3.0)
  %g1 = call double (ptr, ...) @__enzyme_autodiff(ptr @f, double 0.5)
  ; CHECK: 81.000000 0.250000
  call i32 (ptr, ...) @printf(ptr @fmt, double %g0, double %g1)
  ret i32 0
}

; IR-LABEL: define internal {{.*}} @f.eddy.fwd
; IR: phi double
; IR-NOT: phi i64
; IR: ret
