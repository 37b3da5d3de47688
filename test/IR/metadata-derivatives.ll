; The module's !eddy.derivatives list names every generated derivative that
; is left in the module, as !{primal, mode, derivative}: here a forward
; derivative of f, the gradient wrapper of g's request (g's augmented/adjoint
; pair was inlined into it and erased, so it is not listed), and the adjoint
; of the noinline callee h, which stays a function of its own.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare double @__enzyme_autodiff(ptr, ...)

define double @f(double %x, double %y) {
  %m = fmul double %x, %y
  ret double %m
}

define internal double @h(double %x) noinline {
  %m = fmul double %x, %x
  ret double %m
}

define dso_local double @g(double %x) {
  %m = call double @h(double %x)
  ret double %m
}

define double @test(double %x) {
  %a = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double 1.0, double %x, double 0.0)
  %b = call double (ptr, ...) @__enzyme_autodiff(ptr @g, double %x)
  %s = fadd double %a, %b
  ret double %s
}

; CHECK: !eddy.derivatives = !{[[F:![0-9]+]], [[H:![0-9]+]], [[GG:![0-9]+]]}
; CHECK-DAG: [[F]] = !{!"f", !"forward", !"f.eddy.fwd.aa_r"}
; CHECK-DAG: [[H]] = !{!"h", !"reverse", !"h.eddy.rev.a_r"}
; CHECK-DAG: [[GG]] = !{!"g", !"reverse", !"g.eddy.grad.a_r"}
; CHECK-NOT: g.eddy.rev
