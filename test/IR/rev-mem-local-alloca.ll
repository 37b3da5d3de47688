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
; f runs once per call, so the shadow pointer crosses in the call's record:
; 8 bytes reserved at the start of the forward sweep (the record's offset is
; the tape's size then; the tape starts from the thread's spare buffer, so it
; is not a constant), the pointer stored at record offset 0, the record's
; offset pushed last.
; CHECK: [[REC:%eddy.record[^ ]*]] = load i64, ptr [[SZP:%[^ ,]+]]
; CHECK-NEXT: [[END:%.*]] = add i64 [[REC]], 8
; CHECK: store i64 [[END]], ptr [[SZP]]
; CHECK-NEXT: [[SH:%a.shadow[^ ]*]] = call ptr @calloc(i64 1, i64 32)
; CHECK-NEXT: [[BUF:%.*]] = load ptr, ptr %eddy.tape
; CHECK-NEXT: [[TP:%.*]] = getelementptr i8, ptr [[BUF]], i64 [[REC]]
; CHECK-NEXT: store ptr [[SH]], ptr [[TP]], align 8
; The adjoint sweep pops the record's offset first and reads the shadow
; pointer from record offset 0: both sweeps are inlined into the gradient
; with the tape's alias scopes unified, so LLVM forwards both from their
; stores (the pointer is reloaded only on the path where the tape grew).
; CHECK: [[SHT:%.*]] = phi ptr [ [[SH]], %{{[^ ]+}} ], [ %{{[^ ]+}}, %{{[^ ]+}} ]
; CHECK-NEXT: [[TB:%.*]] = phi ptr
; CHECK-NEXT: [[RP:%.*]] = getelementptr i8, ptr [[TB]], i64 [[END]]
; CHECK-NEXT: store i64 [[REC]], ptr [[RP]], align 8
; The load of a[k] added 2x into the shadow of a[k]; the store hands it to x,
; then the shadow is freed.
; CHECK-NEXT: [[TWO:%.*]] = fadd nsz double %0, %0
; CHECK-NEXT: [[PT:%.*]] = getelementptr inbounds [4 x double], ptr [[SHT]], i64 0, i64 %1
; CHECK-NEXT: [[D:%.*]] = load double, ptr [[PT]], align 8
; CHECK-NEXT: store double 0.000000e+00, ptr [[PT]]
; CHECK-NEXT: [[G:%.*]] = fadd nsz double [[TWO]], [[D]]
; CHECK-NEXT: call void @free(ptr [[SHT]])
; CHECK-NEXT: insertvalue { double } poison, double [[G]], 0
; At its exit the adjoint sweep drops the record: the tape's size goes back to
; the record's offset.
; CHECK-NEXT: store i64 [[REC]], ptr [[SZP]]
