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

; Eddy declares calloc with the library function's attributes.
; CHECK: declare noalias {{.*}}ptr @calloc(i64 {{.*}}, i64 {{.*}})
; CHECK-LABEL: define internal { double } @f.eddy.grad.ac_r(double %0, i64 %1)
; f runs once per call, so the shadow pointer crosses in the call's record,
; which the gradient keeps in a local that SROA turns into registers: the
; adjoint uses the calloc'd shadow itself. Eddy declares calloc and free with
; the attributes of the library functions (noalias result, allockind), so
; LLVM sees the shadow as a fresh zeroed block: the load of a[k] added 2x
; into it, the store hands that to x, and the block itself folds away.
; CHECK-NEXT: entry:
; CHECK-NEXT: [[G:%.*]] = fadd reassoc nsz double %0, %0
; CHECK-NEXT: insertvalue { double } poison, double [[G]], 0
