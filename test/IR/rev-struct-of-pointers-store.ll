; Reverse mode, a struct holding a pointer and a double stored into memory
; that has a shadow: the augmented sweep stores only the shadow pointer into
; the shadow struct (its double member holds an adjoint there, which the
; store's adjoint then takes), and the adjoint of the later load through
; that pointer goes to the pointer's shadow. The store's adjoint clears only the
; double member of the shadow struct.
; RUN: %opt-eddy -passes=eddy-raw -S %s | FileCheck %s

declare double @__enzyme_autodiff(ptr, ...)

define internal void @put(ptr %slot, ptr %x) noinline {
  %v = load double, ptr %x
  %m = fmul double %v, %v
  %r0 = insertvalue { ptr, double } poison, ptr %x, 0
  %r1 = insertvalue { ptr, double } %r0, double %m, 1
  store { ptr, double } %r1, ptr %slot
  ret void
}

define double @f(ptr %x, ptr %slot) {
  call void @put(ptr %slot, ptr %x)
  %q = load { ptr, double }, ptr %slot
  %p = extractvalue { ptr, double } %q, 0
  %s = extractvalue { ptr, double } %q, 1
  %v = load double, ptr %p
  %r = fmul double %v, %s
  ret double %r
}

define void @test(ptr %x, ptr %dx, ptr %slot, ptr %dslot) {
  %r = call double (ptr, ...) @__enzyme_autodiff(ptr @f, ptr %x, ptr %dx, ptr %slot, ptr %dslot)
  ret void
}

; CHECK-LABEL: define internal void @put.eddy.aug.aa(ptr %slot, ptr %slot.shadow, ptr %x, ptr %x.shadow, ptr %tape)
; CHECK: %r1.shadow = insertvalue { ptr, double } %r0.shadow, double 0.000000e+00, 1
; CHECK-NEXT: [[AT:%.*]] = getelementptr inbounds { ptr, double }, ptr %slot.shadow, i32 0, i32 0
; CHECK-NEXT: [[SP:%.*]] = extractvalue { ptr, double } %r1.shadow, 0
; CHECK-NEXT: store ptr [[SP]], ptr [[AT]], align 8
; CHECK-NEXT: store { ptr, double } %r1, ptr %slot, align 8

; The store's adjoint takes the double member's adjoint and clears only it:
; the shadow pointer in the user's shadow struct survives the gradient.
; CHECK-LABEL: define internal void @put.eddy.rev.aa(
; CHECK: [[OLD:%.*]] = load { ptr, double }, ptr %slot.shadow
; CHECK: [[PTR:%.*]] = extractvalue { ptr, double } [[OLD]], 0
; CHECK: [[KEEP:%.*]] = insertvalue { ptr, double } [[OLD]], ptr [[PTR]], 0
; CHECK: [[CLEARED:%.*]] = insertvalue { ptr, double } [[KEEP]], double 0.000000e+00, 1
; CHECK-NEXT: store { ptr, double } [[CLEARED]], ptr %slot.shadow

; CHECK-LABEL: define internal void @f.eddy.grad.aa_r(
; CHECK: call void @put.eddy.aug.aa(
; CHECK: %q.shadow.i = load { ptr, double }, ptr %3
; CHECK-NEXT: %p.i = extractvalue { ptr, double } %q.i, 0
; CHECK-NEXT: %p.shadow.i = extractvalue { ptr, double } %q.shadow.i, 0
; CHECK: call void @put.eddy.rev.aa(
