; Forward mode, a call of a noinline function returning a struct of pointers
; by value ({ptr, ptr}, as Clang returns `struct { double *a, *b; }`): the
; struct is active because it is built from an active pointer; the callee's
; forward derivative returns it with its shadow struct, built by mirroring
; the insertvalues; the caller takes the shadow pointers out with the same
; extractvalues and loads the tangents through them.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)

define internal { ptr, ptr } @split(ptr %x) noinline {
  %b = getelementptr inbounds double, ptr %x, i64 1
  %r0 = insertvalue { ptr, ptr } poison, ptr %x, 0
  %r1 = insertvalue { ptr, ptr } %r0, ptr %b, 1
  ret { ptr, ptr } %r1
}

define double @f(ptr %x) {
  %p = call { ptr, ptr } @split(ptr %x)
  %a = extractvalue { ptr, ptr } %p, 0
  %b = extractvalue { ptr, ptr } %p, 1
  %va = load double, ptr %a
  %vb = load double, ptr %b
  %m = fmul double %va, %vb
  ret double %m
}

define double @test(ptr %x, ptr %dx) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, ptr %x, ptr %dx)
  ret double %r
}

; CHECK-LABEL: define internal { double, double } @f.eddy.fwd.a_r(ptr %x, ptr %x.tangent)
; CHECK-NEXT: [[C:%.*]] = call { { ptr, ptr }, { ptr, ptr } } @split.eddy.fwd.a_r(ptr %x, ptr %x.tangent)
; CHECK-NEXT: [[P:%.*]] = extractvalue { { ptr, ptr }, { ptr, ptr } } [[C]], 0
; CHECK-NEXT: [[SP:%.*]] = extractvalue { { ptr, ptr }, { ptr, ptr } } [[C]], 1
; CHECK-NEXT: %a = extractvalue { ptr, ptr } [[P]], 0
; CHECK-NEXT: %a.shadow = extractvalue { ptr, ptr } [[SP]], 0
; CHECK-NEXT: %b = extractvalue { ptr, ptr } [[P]], 1
; CHECK-NEXT: %b.shadow = extractvalue { ptr, ptr } [[SP]], 1
; CHECK-NEXT: %va = load double, ptr %a
; CHECK-NEXT: %va.tangent = load double, ptr %a.shadow
; CHECK-NEXT: %vb = load double, ptr %b
; CHECK-NEXT: %vb.tangent = load double, ptr %b.shadow

; CHECK-LABEL: define internal { { ptr, ptr }, { ptr, ptr } } @split.eddy.fwd.a_r(ptr %x, ptr %x.tangent)
; CHECK-NEXT: %b = getelementptr inbounds i8, ptr %x, i64 8
; CHECK-NEXT: %b.shadow = getelementptr inbounds i8, ptr %x.tangent, i64 8
; CHECK-NEXT: %r0 = insertvalue { ptr, ptr } poison, ptr %x, 0
; CHECK-NEXT: %r0.shadow = insertvalue { ptr, ptr } zeroinitializer, ptr %x.tangent, 0
; CHECK-NEXT: %r1 = insertvalue { ptr, ptr } %r0, ptr %b, 1
; CHECK-NEXT: %r1.shadow = insertvalue { ptr, ptr } %r0.shadow, ptr %b.shadow, 1
; CHECK-NEXT: [[R:%.*]] = insertvalue { { ptr, ptr }, { ptr, ptr } } poison, { ptr, ptr } %r1, 0
; CHECK-NEXT: [[R2:%.*]] = insertvalue { { ptr, ptr }, { ptr, ptr } } [[R]], { ptr, ptr } %r1.shadow, 1
; CHECK-NEXT: ret { { ptr, ptr }, { ptr, ptr } } [[R2]]
