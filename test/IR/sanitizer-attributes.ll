; Generated functions inherit their primal's sanitizer attributes, so that the
; sanitizers (which run after Eddy) instrument the derivatives like the user's
; code: forward derivatives, augmented and adjoint sweeps of a callee, the
; gradient wrapper, a named derivative's body, and the opt-outs
; (disable_sanitizer_instrumentation, nosanitize_coverage) too. The tape's
; shared helpers get the sanitize_* kinds the module's functions have, and so
; does the runtime Eddy links in (here the out-of-memory reporter that
; eddy.tape.grow calls): linkonce_odr, the reporter hidden, the handler one
; per program (default visibility), no CPU of its own.
; RUN: %opt-eddy -passes=eddy-raw -S %s | FileCheck %s

declare double @__enzyme_autodiff(ptr, ...)
declare double @__enzyme_fwddiff(ptr, ...)
declare double @sin(double)

@act = private constant [3 x i8] c"ac\00"
@__eddy_gradient_of_g = internal global [3 x ptr] [ptr @g, ptr @f, ptr @act]
@llvm.used = appending global [1 x ptr] [ptr @__eddy_gradient_of_g], section "llvm.metadata"

declare void @g(double, ptr, i32)

define internal double @sq(double %x) noinline sanitize_address sanitize_memory sanitize_thread nosanitize_coverage {
  %y = fmul double %x, %x
  ret double %y
}

; A loop: its reverse sweep pushes onto the tape.
define internal double @f(double %x, i32 %n) sanitize_address sanitize_memory sanitize_thread nosanitize_coverage {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i.next, %loop ]
  %s = phi double [ 1.0, %entry ], [ %s.next, %loop ]
  %sx = call double @sin(double %s)
  %q = call double @sq(double %sx)
  %s.next = fmul double %q, %x
  %i.next = add i32 %i, 1
  %c = icmp slt i32 %i.next, %n
  br i1 %c, label %loop, label %exit
exit:
  ret double %s.next
}

define internal double @h(double %x) disable_sanitizer_instrumentation {
  %y = fmul double %x, %x
  ret double %y
}

define double @rev(double %x, i32 %n) sanitize_address {
  %g = call double (ptr, ...) @__enzyme_autodiff(ptr @f, double %x, i32 %n)
  ret double %g
}
define double @fwd(double %x, i32 %n) sanitize_address {
  %g = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double 1.0, i32 %n)
  ret double %g
}
define double @fwdh(double %x) {
  %g = call double (ptr, ...) @__enzyme_fwddiff(ptr @h, double %x, double 1.0)
  ret double %g
}

; CHECK-DAG: define void @g(double %0, ptr %1, i32 %2) #[[SAN:[0-9]+]]
; CHECK-DAG: define internal double @f(double %x, i32 %n) #[[SAN]]
; CHECK-DAG: define internal { double } @f.eddy.grad.ac_r({{.*}}) #[[SAN]]
; CHECK-DAG: define internal { double, double } @f.eddy.fwd.ac_r({{.*}}) unnamed_addr #[[SAN]]
; CHECK-DAG: define internal {{.*}} @sq.eddy.aug.a_r({{.*}}) unnamed_addr #[[SAN]]
; CHECK-DAG: define internal {{.*}} @sq.eddy.rev.a_r({{.*}}) unnamed_addr #[[SAN]]
; CHECK-DAG: define internal {{.*}} @sq.eddy.fwd.a_r({{.*}}) unnamed_addr #[[SAN]]
; CHECK-DAG: define internal { double, double } @h.eddy.fwd.a_r({{.*}}) unnamed_addr #[[OFF:[0-9]+]]
; CHECK-DAG: define linkonce_odr hidden void @eddy.tape.grow(ptr %0, i64 %1, ptr %2) #[[HELPER:[0-9]+]]
; CHECK-DAG: @__eddy_oom_handler = linkonce_odr global
; CHECK-DAG: define linkonce_odr hidden void @__eddy_out_of_memory({{.*}}) #[[RT:[0-9]+]]
; CHECK-DAG: attributes #[[RT]] = { noreturn nounwind sanitize_address sanitize_memory sanitize_thread uwtable {{.*}}"stack-protector-buffer-size"="8" }
; CHECK-DAG: attributes #[[SAN]] = { nosanitize_coverage sanitize_address sanitize_memory sanitize_thread }
; CHECK-DAG: attributes #[[OFF]] = { disable_sanitizer_instrumentation }
; CHECK-DAG: attributes #[[HELPER]] = { cold noinline nounwind sanitize_address sanitize_memory sanitize_thread }
