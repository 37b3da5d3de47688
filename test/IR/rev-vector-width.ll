; Vector reverse mode: with enzyme_width 2 the pair takes two shadows per
; active pointer and, in the adjoint, two seeds of the returned value; the
; augmented sweep (the primal, the cos partial's input) runs once, and a call
; of a defined function goes to that function's own width-2 pair. Active
; scalar parameters return two adjoints each.
; RUN: %opt-eddy -passes=eddy-raw -S %s | FileCheck %s

@enzyme_width = external global i32
declare void @__enzyme_autodiff(ptr, ...)
declare { double, double } @__enzyme_autodiff_d2(ptr, ...)

define double @inner(double %x) noinline {
  %s = call double @llvm.sin.f64(double %x)
  ret double %s
}
declare double @llvm.sin.f64(double)

define void @f(ptr %p, ptr %q) {
  %x = load double, ptr %p
  %y = call double @inner(double %x)
  store double %y, ptr %q
  ret void
}

define double @g(double %a) {
  %y = fmul double %a, %a
  ret double %y
}

define void @test(ptr %p, ptr %dp0, ptr %dp1, ptr %q, ptr %dq0, ptr %dq1) {
  call void (ptr, ...) @__enzyme_autodiff(ptr @f, ptr @enzyme_width, i32 2, ptr %p, ptr %dp0, ptr %dp1, ptr %q, ptr %dq0, ptr %dq1)
  ret void
}

define { double, double } @test_scalar(double %a) {
  %r = call { double, double } (ptr, ...) @__enzyme_autodiff_d2(ptr @g, ptr @enzyme_width, i32 2, double %a)
  ret { double, double } %r
}

; inner's pair: the augmented sweep takes no shadows; the adjoint takes one
; seed per lane, computes cos once and returns one adjoint per lane.
; CHECK-LABEL: define internal double @inner.eddy.aug.a_r_w2(double %x, ptr %tape)
; CHECK-LABEL: define internal { double, double } @inner.eddy.rev.a_r_w2(double %x, double %dret, double %dret1, ptr %tape)
; CHECK: call double @llvm.cos.f64(double %x)
; CHECK-NOT: @llvm.cos.f64
; CHECK: ret { double, double }

; f's gradient (both sweeps inlined): inner's augmented sweep once, both
; lanes' cotangents read from q's shadows (and consumed), one call of inner's
; width-2 adjoint, each lane's adjoint added into its shadow of p.
; CHECK-LABEL: define internal void @f.eddy.grad.aa_w2(ptr %0, ptr %1, ptr %2, ptr %3, ptr %4, ptr %5)
; CHECK: call double @inner.eddy.aug.a_r_w2(
; CHECK-NOT: @inner.eddy.aug
; CHECK: load double, ptr %4
; CHECK: load double, ptr %5
; CHECK: [[R:%.*]] = call { double, double } @inner.eddy.rev.a_r_w2(
; CHECK: extractvalue { double, double } [[R]], 0
; CHECK: extractvalue { double, double } [[R]], 1
; CHECK: store double %{{.*}}, ptr %1
; CHECK: store double %{{.*}}, ptr %2

; g's two lanes, each seeded with 1.0: two adjoints of a.
; CHECK-LABEL: define internal { double, double } @g.eddy.grad.a_r_w2(double %0)
