; Activity of structs holding pointers: built from an active pointer, a
; struct of pointers (or of a pointer and an integer) is active, and so are
; the pointers taken out of it; the integer taken out is not. A call
; returning a struct of pointers from active arguments is active too.
; RUN: %opt-eddy -passes=print-eddy-activity -disable-output %s | FileCheck %s

declare { ptr, ptr } @pair(ptr, ptr)

define double @f(ptr %x, i64 %n) {
  %s0 = insertvalue { ptr, i64 } poison, ptr %x, 0
  %s1 = insertvalue { ptr, i64 } %s0, i64 %n, 1
  %p = extractvalue { ptr, i64 } %s1, 0
  %k = extractvalue { ptr, i64 } %s1, 1
  %q = call { ptr, ptr } @pair(ptr %x, ptr %x)
  %q1 = extractvalue { ptr, ptr } %q, 1
  %v = load double, ptr %q1
  ret double %v
}
; CHECK-LABEL: Activity of 'f':
; CHECK: active   ptr %x
; CHECK: active   %s0 = insertvalue
; CHECK: active   %s1 = insertvalue
; CHECK: active   %p = extractvalue
; CHECK: inactive %k = extractvalue
; CHECK: active   %q = call
; CHECK: active   %q1 = extractvalue
; CHECK: active   %v = load
