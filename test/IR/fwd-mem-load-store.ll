; Forward mode, memory through enzyme_dup pointers: out[0] = x[0] * x[1].
; Tangents of memory live in the shadow at the same offsets: each load of x
; is mirrored by a load of its shadow, the store to out by a store of the
; tangent into out's shadow.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare void @__enzyme_fwddiff(ptr, ...)
@enzyme_dup = external global i32

define void @f(ptr %x, ptr %out) {
  %a = load double, ptr %x
  %p1 = getelementptr inbounds double, ptr %x, i64 1
  %b = load double, ptr %p1
  %m = fmul double %a, %b
  store double %m, ptr %out
  ret void
}

define void @test(ptr %x, ptr %dx, ptr %o, ptr %do) {
  call void (ptr, ...) @__enzyme_fwddiff(ptr @f, ptr @enzyme_dup, ptr %x, ptr %dx, ptr @enzyme_dup, ptr %o, ptr %do)
  ret void
}

; CHECK-LABEL: define void @test(
; CHECK-NEXT: call void @f.eddy.fwd.aa(ptr %x, ptr %dx, ptr %o, ptr %do)

; CHECK-LABEL: define internal void @f.eddy.fwd.aa(ptr %x, ptr %x.tangent, ptr %out, ptr %out.tangent)
; CHECK-NEXT: %a = load double, ptr %x,
; CHECK-NEXT: [[DA:%a.tangent]] = load double, ptr %x.tangent,
; CHECK-NEXT: %p1 = getelementptr inbounds i8, ptr %x, i64 8
; CHECK-NEXT: [[SH1:%p1.shadow]] = getelementptr inbounds i8, ptr %x.tangent, i64 8
; CHECK-NEXT: %b = load double, ptr %p1,
; CHECK-NEXT: [[DB:%b.tangent]] = load double, ptr [[SH1]],
; CHECK-NEXT: %m = fmul double %a, %b
; dm = da*b + a*db
; CHECK-NEXT: [[T1:%.*]] = fmul double [[DA]], %b
; CHECK-NEXT: [[T2:%.*]] = fmul double %a, [[DB]]
; CHECK-NEXT: [[T:%.*]] = fadd double [[T1]], [[T2]]
; CHECK-NEXT: store double [[T]], ptr %out.tangent,
; CHECK-NEXT: store double %m, ptr %out,
; CHECK-NEXT: ret void
