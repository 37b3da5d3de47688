; fdiv in both modes: d(x/y) = (dx - (x/y) dy) / y; gradient (1/y, -(1/y)(x/y)), the quotient taken from the tape.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare { double, double } @__enzyme_autodiff(ptr, ...)

define dso_local double @f(double %x, double %y) {
  %r = fdiv double %x, %y
  ret double %r
}

define double @fwd(double %x, double %dx, double %y, double %dy) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double %dx, double %y, double %dy)
  ret double %r
}

define { double, double } @rev(double %x, double %y) {
  %r = call { double, double } (ptr, ...) @__enzyme_autodiff(ptr @f, double %x, double %y)
  ret { double, double } %r
}

; CHECK-LABEL: define internal { double, double } @f.eddy.fwd.aa_r(double %x, double %x.tangent, double %y, double %y.tangent)
; CHECK-NEXT: %r = fdiv double %x, %y
; CHECK-NEXT: [[QD:%.*]] = fmul double %r, %y.tangent
; CHECK-NEXT: [[N:%.*]] = fsub double %x.tangent, [[QD]]
; CHECK-NEXT: [[T:%.*]] = fdiv double [[N]], %y
; CHECK-NEXT: [[R:%.*]] = insertvalue { double, double } poison, double %r, 0
; CHECK-NEXT: insertvalue { double, double } [[R]], double [[T]], 1

; CHECK-LABEL: define internal { double, double } @f.eddy.grad.aa_r(double %0, double %1)
; f runs once per call, so the quotient goes to the call's record: 8 bytes
; reserved at the start of the forward sweep (the record's offset is the
; tape's size then; the tape starts from the thread's spare buffer, so it is
; not a constant) ...
; CHECK: [[REC:%eddy.record[^ ]*]] = load i64, ptr [[SZP:%[^ ,]+]]
; CHECK-NEXT: [[END:%.*]] = add i64 [[REC]], 8
; CHECK: store i64 [[END]], ptr [[SZP]]
; ... the quotient stored at record offset 0 ...
; CHECK-NEXT: [[Q:%.*]] = fdiv double %0, %1
; CHECK-NEXT: [[BUF:%.*]] = load ptr, ptr %eddy.tape
; CHECK-NEXT: [[QP:%.*]] = getelementptr i8, ptr [[BUF]], i64 [[REC]]
; CHECK-NEXT: store double [[Q]], ptr [[QP]], align 8
; ... and the record's offset pushed last, above the record. (The quotient
; the adjoint reads, see below.)
; CHECK: [[QT:%.*]] = phi double [ [[Q]], %{{[^ ]+}} ], [ %{{[^ ]+}}, %{{[^ ]+}} ]
; CHECK: [[RP:%.*]] = getelementptr i8, ptr %{{[^ ]+}}, i64 [[END]]
; CHECK-NEXT: store i64 [[REC]], ptr [[RP]], align 8
; The adjoint sweep pops the record's offset first and reads the quotient
; from record offset 0. Both sweeps are inlined into the gradient with the
; tape's alias scopes unified, so LLVM forwards the stored values to those
; loads: the quotient is the fdiv's own value (a reload remains only on the
; path where the tape grew in between).
; CHECK-NEXT: [[INV:%.*]] = fdiv double 1.000000e+00, %1
; CHECK-NEXT: [[NINV:%.*]] = fneg double [[INV]]
; CHECK-NEXT: [[GY:%.*]] = fmul double [[QT]], [[NINV]]
; CHECK-NEXT: [[G:%.*]] = insertvalue { double, double } poison, double [[INV]], 0
; CHECK-NEXT: insertvalue { double, double } [[G]], double [[GY]], 1
; At its exit it drops the record: the tape's size goes back to the record's
; offset.
; CHECK-NEXT: store i64 [[REC]], ptr [[SZP]]
