; The annotation guard (Passes/AnnotationGuard.h). @stop is inactive and
; @one has a tangent rule; both have bodies the inliner and IPSCCP would use
; (@one always returns 1.0, so IPSCCP would fold the result of its calls).
; eddy-protect-annotated sends their calls, the registrations and a stored
; function pointer to body-less stubs, keeps the request's function and the
; originals (llvm.compiler.used); the inliner and IPSCCP then leave the calls
; alone, Eddy uses the annotations, and eddy-restore-annotated puts the
; originals back and inlines them where the cost model says so.
;
; RUN: %opt-eddy -passes=eddy-protect-annotated -S %s | FileCheck %s --check-prefix=PROTECT
; RUN: %opt-eddy -passes='eddy-protect-annotated,cgscc(inline),ipsccp,eddy,eddy-restore-annotated' -S %s | FileCheck %s
; The other IPO passes that would rewrite @stop and @one or their calls:
; RUN: %opt-eddy -passes='eddy-protect-annotated,ipsccp,globalopt,deadargelim,mergefunc,cgscc(argpromotion,inline),eddy,eddy-restore-annotated' -S %s | FileCheck %s
; Without the guard the same pipelines differentiate the inlined bodies:
; RUN: %opt-eddy -passes='ipsccp,globalopt,deadargelim,mergefunc,cgscc(argpromotion,inline),eddy' -S %s | FileCheck %s --check-prefix=UNGUARDED
; RUN: %opt-eddy -passes='cgscc(inline),ipsccp,eddy' -S %s | FileCheck %s --check-prefix=UNGUARDED

@__enzyme_inactivefn_stop = internal global [1 x ptr] [ptr @stop]
@__eddy_tangent_rule_one = internal global [2 x ptr] [ptr @one, ptr @one_tangent]
@table = global ptr @stop
@llvm.used = appending global [2 x ptr] [ptr @__enzyme_inactivefn_stop, ptr @__eddy_tangent_rule_one], section "llvm.metadata"

declare double @__enzyme_fwddiff(ptr, ...)

define internal double @stop(double %s) {
  %m = fmul double %s, 3.0
  ret double %m
}

define internal double @one(double %x) {
  ret double 1.0
}

define internal double @one_tangent(double %x, double %dx) {
  %t = fmul double %dx, 2.0
  ret double %t
}

; f(x) = x*x + stop(x) + one(x)*x;  f' = 2x + 0 + (2x + 1) by the rule
define internal double @f(double %x) {
  %sq = fmul double %x, %x
  %s = call double @stop(double %x)
  %o = call double @one(double %x)
  %ox = fmul double %o, %x
  %a = fadd double %sq, %s
  %r = fadd double %a, %ox
  ret double %r
}

; Only primal code: gets @stop inlined back.
define double @primal_only(double %x) {
  %s = call double @stop(double %x)
  %r = fadd double %s, 1.0
  ret double %r
}

define double @test(double %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double 1.0)
  ret double %r
}

; PROTECT: @__enzyme_inactivefn_stop = internal global [1 x ptr] [ptr @stop.eddy.protected]
; PROTECT: @__eddy_tangent_rule_one = internal global [2 x ptr] [ptr @one.eddy.protected, ptr @one_tangent]
; PROTECT: @table = global ptr @stop.eddy.protected
; PROTECT: @llvm.compiler.used = appending global [2 x ptr] [ptr @one, ptr @stop]
; PROTECT-LABEL: define internal double @f(
; PROTECT: call double @stop.eddy.protected(double %x)
; PROTECT: call double @one.eddy.protected(double %x)
; PROTECT-LABEL: define double @test(
; PROTECT: @__enzyme_fwddiff(ptr @f,
; PROTECT-DAG: declare !eddy.protects [[S:![0-9]+]] double @stop.eddy.protected(double)
; PROTECT-DAG: declare !eddy.protects [[O:![0-9]+]] double @one.eddy.protected(double)
; PROTECT-DAG: [[S]] = !{ptr @stop, i1 true}
; PROTECT-DAG: [[O]] = !{ptr @one, i1 true}

; CHECK-NOT: eddy.protected
; CHECK-NOT: llvm.compiler.used
; CHECK: @__enzyme_inactivefn_stop = internal global [1 x ptr] [ptr @stop]
; CHECK: @table = {{.*}}global ptr @stop
; CHECK-LABEL: define double @primal_only(
; CHECK-NEXT: fmul double %x, 3.000000e+00
; CHECK-LABEL: define internal { double, double } @f.eddy.fwd.a_r(
; CHECK-NOT: fmul double %x.tangent, 3.000000e+00
; CHECK: call double @one_tangent(double %x, double %x.tangent)
; CHECK-NOT: fmul double %x.tangent, 3.000000e+00
; CHECK: ret { double, double }

; Unguarded, the tangent of stop's body (3) is there and the rule is not.
; UNGUARDED-LABEL: define internal { double, double } @f.eddy.fwd.a_r(
; UNGUARDED-NOT: @one_tangent
; UNGUARDED: fmul double %x.tangent, 3.000000e+00
; UNGUARDED-NOT: @one_tangent
; UNGUARDED: ret { double, double }
