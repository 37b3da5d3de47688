; Reverse mode: f(x) = y * y where y is x advanced by one ulp through its
; integer bits (bitcast double -> i64, add 1, bitcast i64 -> double) is refused.
; (Regression: the gradient was silently 0 instead of ~2x.)
; RUN: not %opt-eddy -passes=eddy -disable-output %s 2>&1 | FileCheck %s

declare double @__enzyme_autodiff(ptr, ...)

define dso_local double @f(double %x) {
  %u = bitcast double %x to i64
  %u1 = add i64 %u, 1
  %y = bitcast i64 %u1 to double
  %r = fmul double %y, %y
  ret double %r
}

define double @test(double %x) {
  %r = call double (ptr, ...) @__enzyme_autodiff(ptr @f, double %x)
  ret double %r
}

; CHECK: error: {{.*}}eddy: the bits of a floating-point value that depends on the differentiated inputs are reinterpreted as an integer; {{.*}}(while differentiating 'f')
