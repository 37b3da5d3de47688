; The bits of a double carried around a loop in integer phis: at -O3, after
; an 8-byte memcpy became load i64/store i64, GVN's load PRE keeps the copied
; value in `phi i64`, fed by `bitcast double ... to i64` where the value was
; just computed. Eddy used to refuse this at -O3 alone ("floating-point values
; are rebuilt from the integer bits of differentiated memory"), while -O0..-O2
; were accepted; the web of phis is retyped to double (FloatBitWebs.cpp).
; Found by eddy-fuzz --seed 1 (program 1:30) at four levels.
; RUN: %opt-eddy -passes=eddy %s | lli | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare double @__enzyme_autodiff(ptr, ...)
declare i32 @printf(ptr, ...)
@fmt = private constant [16 x i8] c"%.6f %.6f %.6f\0A\00"

; x[0] = a[0] (as i64 bits) each iteration, a[0] = 0.5 * a[0] * x[1] after;
; with a = {x[0] * x[0]} and n = 3 iterations.
define double @f(ptr %x) {
entry:
  %a = alloca double
  %x0 = load double, ptr %x
  %sq = fmul double %x0, %x0
  store double %sq, ptr %a
  %first = load i64, ptr %a
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i2, %latch ]
  %bits = phi i64 [ %first, %entry ], [ %nb, %latch ]
  store i64 %bits, ptr %x
  %cur = bitcast i64 %bits to double
  %x1p = getelementptr inbounds double, ptr %x, i64 1
  %x1 = load double, ptr %x1p
  %m = fmul double %cur, %x1
  %h = fmul double %m, 5.000000e-01
  store double %h, ptr %a
  %nb = bitcast double %h to i64
  br label %latch
latch:
  %i2 = add i32 %i, 1
  %done = icmp eq i32 %i2, 3
  br i1 %done, label %exit, label %loop
exit:
  %r = load double, ptr %x
  %y = fmul double %r, %h
  ret double %y
}

define i32 @main() {
  %x = alloca [2 x double]
  %dx = alloca [2 x double]
  %x1 = getelementptr inbounds double, ptr %x, i64 1
  %dx1 = getelementptr inbounds double, ptr %dx, i64 1
  ; At x = (1.5, 2): the loop gives x0 <- s/4... y = (1.5^2 * 2^2 / 4) * (1.5^2 * 2^3 / 8)
  ;   = (x0^2 x1^2 / 4) * (x0^2 x1^3 / 8) = x0^4 x1^5 / 32 = 5.0625 * 32 / 32 = 5.0625
  ; dy/dx0 = 4 x0^3 x1^5 / 32 = 13.5, dy/dx1 = 5 x0^4 x1^4 / 32 = 12.65625.
  store double 1.5, ptr %x
  store double 2.0, ptr %x1
  store double 1.0, ptr %dx
  store double 0.0, ptr %dx1
  %t0 = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, ptr %x, ptr %dx)
  store double 1.5, ptr %x
  store double 2.0, ptr %x1
  store double 0.0, ptr %dx
  store double 1.0, ptr %dx1
  %t1 = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, ptr %x, ptr %dx)
  ; CHECK: 13.500000 12.656250 5.062500
  call i32 (ptr, ...) @printf(ptr @fmt, double %t0, double %t1, double 5.0625)
  store double 1.5, ptr %x
  store double 2.0, ptr %x1
  store double 0.0, ptr %dx
  store double 0.0, ptr %dx1
  %g = call double (ptr, ...) @__enzyme_autodiff(ptr @f, ptr %x, ptr %dx)
  %g0 = load double, ptr %dx
  %g1 = load double, ptr %dx1
  ; CHECK: 13.500000 12.656250 5.062500
  call i32 (ptr, ...) @printf(ptr @fmt, double %g0, double %g1, double 5.0625)
  ret i32 0
}
