; The counterpart of int-phi-float-bits-sign-test.ll: a loop phi that carries
; a double's bits is retyped to double, but a use that computes on the bits
; (here a xor that flips the sign bit, a bit trick) is still refused, at the
; bitcast that now feeds it.
; RUN: not %opt-eddy -passes=eddy -disable-output %s 2>&1 | FileCheck %s
; CHECK: error: {{.*}}eddy: the bits of a floating-point value that depends on the differentiated inputs are reinterpreted as an integer

declare double @__enzyme_fwddiff(ptr, ...)

define double @f(double %x) {
entry:
  %b0 = bitcast double %x to i64
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i2, %loop ]
  %bits = phi i64 [ %b0, %entry ], [ %nb, %loop ]
  %flip = xor i64 %bits, -9223372036854775808
  %neg = bitcast i64 %flip to double
  %next = fmul double %neg, %x
  %nb = bitcast double %next to i64
  %i2 = add i32 %i, 1
  %done = icmp eq i32 %i2, 3
  br i1 %done, label %exit, label %loop
exit:
  ret double %next
}

define double @main() {
  %t = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double 3.0, double 1.0)
  ret double %t
}
