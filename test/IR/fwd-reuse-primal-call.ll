; Forward mode, a rule that needs a function the primal computes on the same
; argument reuses the primal's call instead of calling again (LLVM would not
; merge the two: the primal calls libm, which may set errno, the rule an
; intrinsic). f = sin(x) * x * cos(x): the tangent of sin needs cos(x), which
; the primal computes later; its call moves up to where the tangent is built.
; That is allowed because f calls nothing that could read errno, so its libm
; calls are marked as writing only memory the function cannot see. In h, a
; call of rand() (which could look at errno) pins the libm calls down: the
; tangent of sin calls llvm.cos itself.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s
; RUN: %opt-eddy -passes=eddy %s | lli | FileCheck %s --check-prefix=NUM

declare double @__enzyme_fwddiff(ptr, ...)
declare double @sin(double) nounwind willreturn
declare double @cos(double) nounwind willreturn
declare i32 @rand()
declare i32 @printf(ptr, ...)
@fmt = private constant [11 x i8] c"%.6f %.6f\0A\00"

define dso_local double @f(double %x) {
  %s = call double @sin(double %x)
  %sx = fmul double %s, %x
  %c = call double @cos(double %x)
  %r = fmul double %sx, %c
  ret double %r
}

define dso_local double @h(double %x) {
  %s = call double @sin(double %x)
  %n = call i32 @rand()
  %c = call double @cos(double %x)
  %r = fmul double %s, %c
  ret double %r
}

define void @show(double %x) {
  %df = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double 1.0)
  %dh = call double (ptr, ...) @__enzyme_fwddiff(ptr @h, double %x, double 1.0)
  call i32 (ptr, ...) @printf(ptr @fmt, double %df, double %dh)
  ret void
}

define i32 @main() {
  call void @show(double 0.3)   ; x sin(2x)/2: sin(2x)/2 + x cos(2x); cos(2x)
  call void @show(double 1.0)
  ret i32 0
}

; NUM: 0.529922 0.825336
; NUM-NEXT: 0.038502 -0.416147

; CHECK-LABEL: define internal { double, double } @f.eddy.fwd.a_r(double %x, double %x.tangent)
; CHECK-NEXT: %s = call double @sin(double %x) [[ERRNO:#[0-9]+]]
; CHECK-NEXT: %c = call double @cos(double %x) [[ERRNO]]
; CHECK-NOT: call
; CHECK-DAG: [[NS:%.*]] = fneg double %s
; CHECK-DAG: [[DC:%.*]] = fmul double [[NS]], %x.tangent
; CHECK-DAG: [[DS:%.*]] = fmul double %c, %x.tangent
; CHECK-NOT: call
; CHECK: ret { double, double }

; CHECK-LABEL: define internal { double, double } @h.eddy.fwd.a_r(double %x, double %x.tangent)
; CHECK-NEXT: %s = call double @sin(double %x){{$}}
; CHECK-NEXT: [[C1:%.*]] = call double @llvm.cos.f64(double %x)
; CHECK-NEXT: [[DSM:%.*]] = fmul double [[C1]], %x.tangent
; CHECK-NEXT: [[DSZ:%.*]] = fcmp oeq double %x.tangent, 0.000000e+00
; CHECK-NEXT: [[DS:%.*]] = select i1 [[DSZ]], double 0.000000e+00, double [[DSM]]
; CHECK-NEXT: %n = call i32 @rand()
; CHECK-NEXT: %c = call double @cos(double %x){{$}}
; CHECK-NEXT: [[NS:%.*]] = fneg double %s
; CHECK-NEXT: [[DCM:%.*]] = fmul double [[NS]], %x.tangent
; CHECK-NEXT: [[DC:%.*]] = select i1 [[DSZ]], double 0.000000e+00, double [[DCM]]

; CHECK: attributes [[ERRNO]] = { memory(inaccessiblemem: write) }
