; Activity: FP values depending on active inputs are active; integer code
; (indices, counters) is not; pointers derived from active pointers and local
; allocations carry shadows; values loaded through a constant global are not.
; RUN: %opt-eddy -passes=print-eddy-activity -disable-output %s | FileCheck %s

@table = internal constant [2 x double] [double 1.0, double 2.0]

define double @f(ptr %x, i32 %n, double %s) {
entry:
  %idx = sext i32 %n to i64
  %p = getelementptr double, ptr %x, i64 %idx
  %v = load double, ptr %p
  %q = getelementptr [2 x double], ptr @table, i64 0, i64 1
  %c = load double, ptr %q
  %m = fmul double %v, %s
  %k = fmul double %c, 3.0
  %cnt = add i32 %n, 1
  %buf = alloca [4 x double]
  %r = fadd double %m, %k
  ret double %r
}
; CHECK-LABEL: Activity of 'f':
; CHECK: active   ptr %x
; CHECK: inactive i32 %n
; CHECK: active   double %s
; CHECK: inactive %idx = sext
; CHECK: active   %p = getelementptr
; CHECK: active   %v = load
; CHECK: inactive %q = getelementptr
; CHECK: inactive %c = load
; CHECK: active   %m = fmul
; CHECK: inactive %k = fmul
; CHECK: inactive %cnt = add
; CHECK: active   %buf = alloca
; CHECK: active   %r = fadd
