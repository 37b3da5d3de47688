; From -O1 on, X86's SelectionDAG turns a floating-point select into a
; compare and masks only when its condition is a comparison of its type, in
; its block, used by it alone; any other becomes a branch. A reverse sweep's
; strong zeros share their tests (both adjoints of a product test the same
; incoming adjoint), so a kinetics gradient's backward sweep became tens of
; thousands of diamonds, and MachineSink walked all of them for each load it
; could sink. At the end of the optimization pipeline
; (eddy-split-large-blocks-final) such selects become masks; a select of the
; blend form stays. Values are unchanged, for zero, signed zero, NaN and
; infinite operands, and the back end emits no branch.
; RUN: %opt-eddy -passes=eddy-split-large-blocks-final -S %s | FileCheck %s
; RUN: %opt-eddy -passes=eddy-split-large-blocks-final %s | lli > %t.out
; RUN: FileCheck --check-prefix=OUT %s < %t.out
; RUN: %opt-eddy -passes=eddy-split-large-blocks-final %s | llc -O2 -o %t.s
; RUN: not grep -E "^[[:space:]]+j(ne|e|p|np)[[:space:]]" %t.s
target triple = "x86_64-pc-linux-gnu"

; CHECK-LABEL: define void @f.eddy.rev.pair(
; CHECK-NOT: select
; CHECK: %[[NZ:.*]] = fcmp une double %d, 0.000000e+00
; CHECK: %[[M:.*]] = sext i1 %[[NZ]] to i64
; CHECK: and i64 %{{.*}}, %[[M]]
; CHECK: and i64 %{{.*}}, %[[M]]
; CHECK-NOT: select
; CHECK: ret void
define void @f.eddy.rev.pair(double %d, double %a, double %b, ptr %out) {
  %z = fcmp oeq double %d, 0.000000e+00
  %pa = fmul double %d, %a
  %pb = fmul double %d, %b
  %sa = select i1 %z, double 0.000000e+00, double %pa
  %sb = select i1 %z, double 0.000000e+00, double %pb
  store double %sa, ptr %out
  %o1 = getelementptr double, ptr %out, i64 1
  store double %sb, ptr %o1
  ret void
}

; The blend form is left to the selector.
; CHECK-LABEL: define double @f.eddy.fwd.one(
; CHECK: %s = select i1 %z, double 0.000000e+00, double %p
define double @f.eddy.fwd.one(double %d, double %a) {
  %z = fcmp oeq double %d, 0.000000e+00
  %p = fmul double %d, %a
  %s = select i1 %z, double 0.000000e+00, double %p
  ret double %s
}

@fmt = private constant [10 x i8] c"%g %g %g\0A\00"
declare i32 @printf(ptr, ...)

define void @show(double %d, double %a, double %b) {
  %out = alloca [2 x double]
  call void @f.eddy.rev.pair(double %d, double %a, double %b, ptr %out)
  %x = load double, ptr %out
  %o1 = getelementptr double, ptr %out, i64 1
  %y = load double, ptr %o1
  %w = call double @f.eddy.fwd.one(double %d, double %a)
  call i32 (ptr, ...) @printf(ptr @fmt, double %x, double %y, double %w)
  ret void
}

; OUT: 6 -8 6
; OUT-NEXT: 0 0 0
; OUT-NEXT: 0 0 0
; OUT-NEXT: nan nan nan
; OUT-NEXT: inf -inf inf
define i32 @main() {
  call void @show(double 2.0, double 3.0, double -4.0)
  ; d = 0 and -0: +0 whatever the partial, even infinite or NaN.
  call void @show(double 0.0, double 0x7FF0000000000000, double 0x7FF8000000000000)
  call void @show(double -0.0, double 0x7FF8000000000000, double 0xFFF0000000000000)
  ; d = NaN: not zero, so the product (NaN) goes through.
  call void @show(double 0x7FF8000000000000, double 1.0, double 1.0)
  call void @show(double 0x7FF0000000000000, double 1.0, double -1.0)
  ret i32 0
}
