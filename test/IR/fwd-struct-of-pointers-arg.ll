; Forward mode, a struct holding pointers passed by value to a noinline
; function: the callee's forward derivative takes the shadow struct right
; after the struct, and takes the shadow pointers out of it as the primal
; takes the pointers.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)

define internal double @sum({ ptr, ptr } %p) noinline {
  %a = extractvalue { ptr, ptr } %p, 0
  %b = extractvalue { ptr, ptr } %p, 1
  %va = load double, ptr %a
  %vb = load double, ptr %b
  %s = fadd double %va, %vb
  ret double %s
}

define double @f(ptr %x) {
  %b = getelementptr inbounds double, ptr %x, i64 1
  %p0 = insertvalue { ptr, ptr } poison, ptr %x, 0
  %p1 = insertvalue { ptr, ptr } %p0, ptr %b, 1
  %s = call double @sum({ ptr, ptr } %p1)
  ret double %s
}

define double @test(ptr %x, ptr %dx) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, ptr %x, ptr %dx)
  ret double %r
}


; CHECK-LABEL: define internal { double, double } @f.eddy.fwd.a_r(ptr %x, ptr %x.tangent)
; CHECK: %p1.shadow = insertvalue { ptr, ptr } %p0.shadow, ptr %b.shadow, 1
; CHECK-NEXT: call { double, double } @sum.eddy.fwd.a_r({ ptr, ptr } %p1, { ptr, ptr } %p1.shadow)

; CHECK-LABEL: define internal { double, double } @sum.eddy.fwd.a_r({ ptr, ptr } %p, { ptr, ptr } %p.tangent)
; CHECK: %a.shadow = extractvalue { ptr, ptr } %p.tangent, 0
; CHECK: %b.shadow = extractvalue { ptr, ptr } %p.tangent, 1
; CHECK: %va.tangent = load double, ptr %a.shadow
; CHECK: %vb.tangent = load double, ptr %b.shadow
