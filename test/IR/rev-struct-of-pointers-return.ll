; Reverse mode, calls of noinline functions returning structs holding
; pointers: the augmented sweep returns the struct with its shadow struct
; ({ptr, ptr} -> {{ptr, ptr}, {ptr, ptr}}), which the caller's augmented sweep
; takes the shadow pointers from; the adjoint takes no adjoint of a struct of
; pointers, and the adjoint of the double member of a {ptr, double}.
; RUN: %opt-eddy -passes=eddy-raw -S %s | FileCheck %s

declare double @__enzyme_autodiff(ptr, ...)

define internal { ptr, ptr } @split(ptr %x) noinline {
  %b = getelementptr inbounds double, ptr %x, i64 1
  %r0 = insertvalue { ptr, ptr } poison, ptr %x, 0
  %r1 = insertvalue { ptr, ptr } %r0, ptr %b, 1
  ret { ptr, ptr } %r1
}

define internal { ptr, double } @scaled(ptr %x, double %s) noinline {
  %v = load double, ptr %x
  %m = fmul double %v, %s
  %r0 = insertvalue { ptr, double } poison, ptr %x, 0
  %r1 = insertvalue { ptr, double } %r0, double %m, 1
  ret { ptr, double } %r1
}

define double @f(ptr %x) {
  %p = call { ptr, ptr } @split(ptr %x)
  %a = extractvalue { ptr, ptr } %p, 0
  %b = extractvalue { ptr, ptr } %p, 1
  %va = load double, ptr %a
  %q = call { ptr, double } @scaled(ptr %b, double 3.0)
  %c = extractvalue { ptr, double } %q, 0
  %s = extractvalue { ptr, double } %q, 1
  %vc = load double, ptr %c
  %m = fmul double %va, %vc
  %r = fmul double %m, %s
  ret double %r
}

define void @test(ptr %x, ptr %dx) {
  %r = call double (ptr, ...) @__enzyme_autodiff(ptr @f, ptr %x, ptr %dx)
  ret void
}

; CHECK-LABEL: define internal { { ptr, ptr }, { ptr, ptr } } @split.eddy.aug.a_r(ptr %x, ptr %x.shadow, ptr %tape)
; CHECK: %b.shadow = getelementptr inbounds double, ptr %x.shadow, i64 1
; CHECK: %r0.shadow = insertvalue { ptr, ptr } zeroinitializer, ptr %x.shadow, 0
; CHECK: %r1.shadow = insertvalue { ptr, ptr } %r0.shadow, ptr %b.shadow, 1
; CHECK: insertvalue { { ptr, ptr }, { ptr, ptr } } {{%.*}}, { ptr, ptr } %r1.shadow, 1
; CHECK-LABEL: define internal void @split.eddy.rev.a_r(ptr %x, ptr %x.shadow, ptr %tape)

; CHECK-LABEL: define internal { { ptr, double }, { ptr, double } } @scaled.eddy.aug.ac_r(ptr %x, ptr %x.shadow, double %s, ptr %tape)
; CHECK: %r0.shadow = insertvalue { ptr, double } zeroinitializer, ptr %x.shadow, 0
; CHECK: %r1.shadow = insertvalue { ptr, double } %r0.shadow, double 0.000000e+00, 1
; CHECK: insertvalue { { ptr, double }, { ptr, double } } {{%.*}}, { ptr, double } %r1.shadow, 1
; CHECK-LABEL: define internal void @scaled.eddy.rev.ac_r(ptr %x, ptr %x.shadow, double %s, { ptr, double } %dret, ptr %tape)
; CHECK: extractvalue { ptr, double } %dret, 1

; CHECK-LABEL: define internal void @f.eddy.grad.a_r(
; CHECK: [[P:%.*]] = call { { ptr, ptr }, { ptr, ptr } } @split.eddy.aug.a_r(
; CHECK: [[SP:%.*]] = extractvalue { { ptr, ptr }, { ptr, ptr } } [[P]], 1
; CHECK: [[SB:%.*]] = extractvalue { ptr, ptr } [[SP]], 1
; CHECK: call { { ptr, double }, { ptr, double } } @scaled.eddy.aug.ac_r(ptr {{%.*}}, ptr [[SB]], double 3.000000e+00,
; CHECK: call void @scaled.eddy.rev.ac_r(ptr {{%.*}}, ptr {{%.*}}, double 3.000000e+00, { ptr, double } {{%.*}}, ptr
; CHECK: call void @split.eddy.rev.a_r(ptr {{%.*}}, ptr {{%.*}}, ptr
