; Forward mode, a sum or difference with a constant term: the tangent of
; x + c and x - c is dx itself, of c - x it is -dx. No `fadd dx, 0.0` is
; made (LLVM may not fold it away: it turns -0.0 into +0.0), so a zero
; tangent keeps its sign: d/dx (x + 1) at dx = -0.0 is -0.0.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s
; RUN: %opt-eddy -passes=eddy %s | lli | FileCheck %s --check-prefix=NUM

declare double @__enzyme_fwddiff(ptr, ...)
declare i32 @printf(ptr, ...)
@fmt = private constant [16 x i8] c"%.3f %.3f %.3f\0A\00"

define dso_local double @f(double %x) {
  %a = fadd double %x, 1.000000e+00
  %b = fsub double %a, 3.000000e+00
  %c = fsub double 2.000000e+00, %b
  %d = fmul double %c, %x
  ret double %d
}

define double @fwd(double %x, double %dx) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double %dx)
  ret double %r
}

define dso_local double @g(double %x) {
  %a = fadd double 1.000000e+00, %x
  ret double %a
}

define i32 @main() {
  ; f(x) = (4 - x) x: f'(x) = 4 - 2x; at x = 0.5: 3, at x = 3: -2.
  %t1 = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double 0.5, double 1.0)
  %t2 = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double 3.0, double 1.0)
  %t3 = call double (ptr, ...) @__enzyme_fwddiff(ptr @g, double 2.0, double -0.0)
  call i32 (ptr, ...) @printf(ptr @fmt, double %t1, double %t2, double %t3)
  ret i32 0
}
; NUM: 3.000 -2.000 -0.000

; The tangent of %c is -dx, which the clean-up folds into the product's
; subtraction: d = c dx - dx x. Nothing adds a zero.
; CHECK-LABEL: define internal { double, double } @f.eddy.fwd.a_r(double %x, double %x.tangent)
; CHECK-NOT: 0.000000e+00
; CHECK: %d = fmul double %c, %x
; CHECK-NEXT: [[A:%.*]] = fmul double %c, %x.tangent
; CHECK-NEXT: [[B:%.*]] = fmul double %x.tangent, %x
; CHECK-NEXT: fsub double [[A]], [[B]]
; CHECK-LABEL: define internal { double, double } @g.eddy.fwd.a_r(double %x, double %x.tangent)
; CHECK-NOT: fadd double %x.tangent
; CHECK: ret
