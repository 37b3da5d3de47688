; Forward mode through invokes whose landing pad swallows the exception (the
; shape std::vector::shrink_to_fit has at -O2: `try { copy } catch (...)
; { return false; }`). Canonicalization keeps such invokes; the tangent code
; of an invoke goes to the start of its normal destination, never after the
; invoke (a shadow allocation placed there was a block without terminator,
; on which InstCombine crashed). An invoked defined function becomes an
; invoke of its derivative with the same destinations. A shadow that cannot
; be allocated while its primal block was is reported (__eddy_oom_check,
; inlined by the cleanup). Each generated
; function is verified before the cleanup pipeline sees it.
; RUN: %opt-eddy -passes=eddy-raw -S %s | FileCheck %s
; RUN: %opt-eddy -passes=eddy,verify -S %s | FileCheck %s --check-prefix=OPT

declare double @__enzyme_fwddiff(ptr, ...)
declare ptr @_Znwm(i64)
declare void @_ZdlPv(ptr)
declare i32 @__gxx_personality_v0(...)
declare ptr @__cxa_begin_catch(ptr)
declare void @__cxa_end_catch()
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)

define internal double @scale(ptr %p, double %k) noinline {
  %v = load double, ptr %p
  %m = fmul double %v, %k
  store double %m, ptr %p
  ret double %m
}

; Copies *%p into a fresh block, scales it there, reads it back; the
; allocation's normal destination is also reached from %entry (a join), so
; its edge is split for the tangent code.
define double @f(ptr %p, i1 %skip) personality ptr @__gxx_personality_v0 {
entry:
  br i1 %skip, label %join, label %alloc

alloc:
  %q = invoke ptr @_Znwm(i64 8) to label %join unwind label %lpad

join:
  %b = phi ptr [ %p, %entry ], [ %q, %alloc ]
  call void @llvm.memcpy.p0.p0.i64(ptr %b, ptr %p, i64 8, i1 false)
  %s = invoke double @scale(ptr %b, double 3.0) to label %done unwind label %lpad

done:
  %r = load double, ptr %b
  ret double %r

lpad:
  %lp = landingpad { ptr, i32 } catch ptr null
  %e = extractvalue { ptr, i32 } %lp, 0
  %c = call ptr @__cxa_begin_catch(ptr %e)
  call void @__cxa_end_catch()
  ret double 0.0
}

define double @test(ptr %p, ptr %dp) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, ptr %p, ptr %dp, i1 false)
  ret double %r
}

; CHECK-LABEL: define internal { double, double } @f.eddy.fwd.ac_r(
; CHECK: alloc:
; CHECK-NEXT: %q = invoke ptr @_Znwm(i64 8)
; CHECK-NEXT: to label %[[SPLIT:.*]] unwind label %lpad
; CHECK: [[SPLIT]]:
; CHECK-NEXT: [[SQ:%.*]] = call ptr @calloc(i64 1, i64 8)
; CHECK-NEXT: [[NOSHADOW:%.*]] = icmp eq ptr [[SQ]], null
; CHECK-NEXT: [[PRIMAL:%.*]] = icmp ne ptr %q, null
; CHECK-NEXT: [[FAILED:%.*]] = and i1 [[NOSHADOW]], [[PRIMAL]]
; CHECK-NEXT: call void @__eddy_oom_check(i1 [[FAILED]], i64 8, ptr @eddy.text.f, ptr @"eddy.text.shadow memory")
; CHECK-NEXT: br label %join
; CHECK: join:
; CHECK-NEXT: [[SB:%.*]] = phi ptr [ %p.tangent, %entry ], [ [[SQ]], %[[SPLIT]] ]
; CHECK-NEXT: %b = phi ptr [ %p, %entry ], [ %q, %[[SPLIT]] ]
; CHECK: [[C:%.*]] = invoke { double, double } @scale.eddy.fwd.ac_r(ptr %b, ptr [[SB]], double 3.000000e+00)
; CHECK-NEXT: to label %done unwind label %lpad
; CHECK: done:
; CHECK-NEXT: extractvalue { double, double } [[C]], 0
; CHECK-NEXT: extractvalue { double, double } [[C]], 1
; CHECK: lpad:
; CHECK-NEXT: landingpad { ptr, i32 }
; CHECK-NEXT: catch ptr null

; After the cleanup pipeline the module still verifies.
; OPT-LABEL: define internal { double, double } @f.eddy.fwd.ac_r(
; OPT: invoke {{.*}}@_Znwm
