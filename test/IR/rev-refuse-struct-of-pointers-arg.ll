; Reverse mode refuses a function that takes a struct holding pointers by
; value (its shadow and its adjoint would both have to cross); Clang passes
; such small structs member by member, so this is hand-written IR. Forward
; mode takes the shadow struct as the argument's tangent.
; RUN: not %opt-eddy -passes=eddy -disable-output %s 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"

declare double @__enzyme_autodiff(ptr, ...)

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

define void @test(ptr %x, ptr %dx) {
  %r = call double (ptr, ...) @__enzyme_autodiff(ptr @f, ptr %x, ptr %dx)
  ret void
}

; CHECK: error: {{.*}}eddy: reverse mode cannot differentiate 'sum', which takes a struct or array holding pointers by value; pass a pointer to it instead
; CHECK-NOT: error:
