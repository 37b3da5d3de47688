; Reverse mode, memory through enzyme_dup pointers: out[0] = x[0] * x[1].
; The adjoint of the store reads the shadow of out and zeroes it (the old
; value of out[0] no longer matters); the adjoint of each load adds into the
; shadow of the address it read (load, fadd, store: accumulation, as the ABI
; requires -- the caller zeroes the shadows, Eddy never overwrites them).
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s
; RUN: %opt-eddy -passes=eddy %s | lli | FileCheck %s --check-prefix=NUM

declare void @__enzyme_autodiff(ptr, ...)
@enzyme_dup = external global i32
declare i32 @printf(ptr, ...)
@fmt = private constant [21 x i8] c"%.6f %.6f %.6f %.6f\0A\00"

define dso_local void @f(ptr %x, ptr %out) {
  %a = load double, ptr %x
  %p1 = getelementptr inbounds double, ptr %x, i64 1
  %b = load double, ptr %p1
  %m = fmul double %a, %b
  store double %m, ptr %out
  ret void
}

define void @grad(ptr %x, ptr %dx, ptr %o, ptr %do) {
  call void (ptr, ...) @__enzyme_autodiff(ptr @f, ptr @enzyme_dup, ptr %x, ptr %dx, ptr @enzyme_dup, ptr %o, ptr %do)
  ret void
}

define i32 @main() {
  %x = alloca [2 x double]
  %dx = alloca [2 x double]
  %o = alloca double
  %do = alloca double
  %x1 = getelementptr double, ptr %x, i64 1
  %dx1 = getelementptr double, ptr %dx, i64 1
  store double 3.0, ptr %x
  store double 5.0, ptr %x1
  store double 0.25, ptr %dx      ; existing adjoints are added to, not replaced
  store double 0.0, ptr %dx1
  store double 0.0, ptr %o
  store double 2.0, ptr %do       ; seed: adjoint of out[0]
  call void @grad(ptr %x, ptr %dx, ptr %o, ptr %do)
  %g0 = load double, ptr %dx
  %g1 = load double, ptr %dx1
  %ov = load double, ptr %o
  %dov = load double, ptr %do
  call i32 (ptr, ...) @printf(ptr @fmt, double %g0, double %g1, double %ov, double %dov)
  ret i32 0
}

; dx = (0.25 + 2*5, 2*3), out = 15, its shadow consumed (0).
; NUM: 10.250000 6.000000 15.000000 0.000000

; CHECK-LABEL: define internal void @f.eddy.grad.aa(ptr %0, ptr %1, ptr %2, ptr %3)
; f runs once per call, so b and a go to the call's record. The gradient keeps
; its record in a local, which SROA turns into registers once both sweeps are
; inlined: nothing is pushed, so the gradient does not even take the thread's
; tape buffer. (out may alias x, so x counts as written and a, b are not
; re-read from it.)
; CHECK-NEXT: entry:
; CHECK-NEXT: [[A:%a[^ ]*]] = load double, ptr %0,
; CHECK-NEXT: [[P1:%p1[^ ]*]] = getelementptr inbounds i8, ptr %0, i64 8
; CHECK-NEXT: [[B:%b[^ ]*]] = load double, ptr [[P1]],
; CHECK-NEXT: [[M:%m[^ ]*]] = fmul double [[A]], [[B]]
; CHECK-NEXT: store double [[M]], ptr %2,
; Adjoint of the store: take the shadow of out, zero it.
; CHECK-NEXT: [[DOUT:%.*]] = load double, ptr %3,
; CHECK-NEXT: store double 0.000000e+00, ptr %3,
; Adjoint of m = a*b, strong zero: adj(a) = D*b, adj(b) = D*a, each exactly 0
; when D is 0 (one compare for both).
; CHECK-NEXT: [[DAP:%.*]] = fmul double [[DOUT]], [[B]]
; CHECK-NEXT: [[DZ:%.*]] = fcmp oeq double [[DOUT]], 0.000000e+00
; CHECK-NEXT: [[DA:%.*]] = select i1 [[DZ]], double 0.000000e+00, double [[DAP]]
; CHECK-NEXT: [[DBP:%.*]] = fmul double [[DOUT]], [[A]]
; CHECK-NEXT: [[DB:%.*]] = select i1 [[DZ]], double 0.000000e+00, double [[DBP]]
; Adjoint of the loads: accumulate into the shadow of x (x[1], then x[0]).
; CHECK-NEXT: [[SH1:%.*]] = getelementptr inbounds i8, ptr %1, i64 8
; CHECK-NEXT: [[OLD1:%.*]] = load double, ptr [[SH1]], align 8
; CHECK-NEXT: [[NEW1:%.*]] = fadd reassoc nsz double [[OLD1]], [[DB]]
; CHECK-NEXT: store double [[NEW1]], ptr [[SH1]]
; CHECK-NEXT: [[OLD0:%.*]] = load double, ptr %1,
; CHECK-NEXT: [[NEW0:%.*]] = fadd reassoc nsz double [[OLD0]], [[DA]]
; CHECK-NEXT: store double [[NEW0]], ptr %1,
; CHECK-NEXT: ret void
