; Reverse mode, a local array that SROA cannot split (runtime index): its
; shadow is heap memory, calloc'ed (zeroed) by the augmented sweep and freed by
; the adjoint sweep once no adjoint touches it again.  f(x, k) = a[k]^2, a[k] = x.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s
; RUN: %opt-eddy -passes=eddy %s | lli | FileCheck %s --check-prefix=NUM

declare double @__enzyme_autodiff(ptr, ...)
declare i32 @printf(ptr, ...)
@fmt = private constant [6 x i8] c"%.6f\0A\00"

define dso_local double @f(double %x, i64 %k) {
  %a = alloca [4 x double]
  %p = getelementptr inbounds [4 x double], ptr %a, i64 0, i64 %k
  store double %x, ptr %p
  %v = load double, ptr %p
  %r = fmul double %v, %v
  ret double %r
}

define i32 @main() {
  %g = call double (ptr, ...) @__enzyme_autodiff(ptr @f, double 1.75, i64 2)
  call i32 (ptr, ...) @printf(ptr @fmt, double %g)
  ret i32 0
}

; NUM: 3.500000

; CHECK-LABEL: define internal { double } @f.eddy.grad.ac_r(double %0, i64 %1)
; CHECK: [[SH:%a.shadow[^ ]*]] = call ptr @calloc(i64 1, i64 32)
; The shadow pointer crosses on the tape, at offset size (the tape starts from
; the thread's spare buffer, so its size is not a constant).
; CHECK: [[SZ:%eddy.tape.size[^ ]*]] = load i64, ptr
; CHECK: [[BUF:%.*]] = load ptr, ptr %eddy.tape
; CHECK-NEXT: [[TP:%.*]] = getelementptr i8, ptr [[BUF]], i64 [[SZ]]
; CHECK-NEXT: store ptr [[SH]], ptr [[TP]]
; CHECK: [[TB:%.*]] = load ptr, ptr %eddy.tape
; CHECK-NEXT: [[TQ:%.*]] = getelementptr i8, ptr [[TB]], i64 [[SZ]]
; CHECK-NEXT: [[SHT:%.*]] = load ptr, ptr [[TQ]]
; CHECK-NEXT: store i64 [[SZ]], ptr
; The load of a[k] added 2x into the shadow of a[k]; the store hands it to x,
; then the shadow is freed.
; CHECK: [[TWO:%.*]] = fadd nsz double %0, %0
; CHECK-NEXT: [[PT:%.*]] = getelementptr inbounds [4 x double], ptr [[SHT]], i64 0, i64 %1
; CHECK-NEXT: [[D:%.*]] = load double, ptr [[PT]], align 8
; CHECK-NEXT: store double 0.000000e+00, ptr [[PT]]
; CHECK-NEXT: [[G:%.*]] = fadd nsz double [[TWO]], [[D]]
; CHECK-NEXT: call void @free(ptr [[SHT]])
; CHECK-NEXT: insertvalue { double } poison, double [[G]], 0
