; Forward mode, libm nextafter(x, z): d = dx (the direction z moves nothing).
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare double @nextafter(double, double)

define double @f(double %x, double %z) {
  %y = call double @nextafter(double %x, double %z)
  ret double %y
}

define double @test(double %x, double %dx, double %z, double %dz) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double %dx, double %z, double %dz)
  ret double %r
}

; CHECK-LABEL: define internal { double, double } @f.eddy.fwd.aa_r(double %x, double %x.tangent, double %z, double %z.tangent)
; CHECK-NEXT: [[Y:%.*]] = call {{.*}}double @nextafter(double %x, double %z)
; CHECK-NEXT: [[R:%.*]] = insertvalue { double, double } poison, double [[Y]], 0
; CHECK-NEXT: insertvalue { double, double } [[R]], double %x.tangent, 1
