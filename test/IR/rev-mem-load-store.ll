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
; The tape starts from the thread's spare buffer { data, capacity }, empty,
; and takes it (the spare is cleared). The capacity's load and its
; destination's address are emitted in either order, depending on the
; compiler Eddy was built with.
; CHECK-NEXT: entry:
; CHECK-NEXT: %eddy.tape = alloca { ptr, i64, i64 }
; CHECK-NEXT: [[SP0:%.*]] = call ptr @llvm.threadlocal.address.p0(ptr @eddy.tape.spare)
; CHECK-NEXT: [[D0:%.*]] = load ptr, ptr [[SP0]]
; CHECK-NEXT: store ptr [[D0]], ptr %eddy.tape
; CHECK-NEXT: [[SZP:%.*]] = getelementptr inbounds { ptr, i64, i64 }, ptr %eddy.tape, i32 0, i32 1
; CHECK-NEXT: store i64 0, ptr [[SZP]]
; CHECK-DAG: [[CAPP0:%.*]] = getelementptr inbounds { ptr, i64, i64 }, ptr %eddy.tape, i32 0, i32 2
; CHECK-DAG: [[SCAPP:%.*]] = getelementptr inbounds { ptr, i64 }, ptr [[SP0]], i32 0, i32 1
; CHECK-DAG: [[C0:%.*]] = load i64, ptr [[SCAPP]]
; CHECK-DAG: store i64 [[C0]], ptr [[CAPP0]]
; CHECK: store { ptr, i64 } zeroinitializer, ptr [[SP0]]
; CHECK: [[A:%a[^ ]*]] = load double, ptr %0,
; CHECK: [[B:%b[^ ]*]] = load double, ptr %p1
; CHECK: store double %m{{[^ ]*}}, ptr %2,
; The forward sweep tapes b at offset size and a at offset size + 8 (the tape
; starts from the thread's spare buffer, so its size is not a constant) ...
; CHECK: [[SZ:%eddy.tape.size[^ ]*]] = load i64, ptr
; CHECK: [[BUF:%.*]] = load ptr, ptr %eddy.tape
; CHECK-NEXT: [[TP:%.*]] = getelementptr i8, ptr [[BUF]], i64 [[SZ]]
; CHECK-NEXT: store double [[B]], ptr [[TP]], align 8
; CHECK-NEXT: [[O8:%.*]] = add i64 [[SZ]], 8
; CHECK-NEXT: [[TP8:%.*]] = getelementptr i8, ptr [[BUF]], i64 [[O8]]
; CHECK-NEXT: store double [[A]], ptr [[TP8]]
; ... and the adjoint sweep pops them from there.
; CHECK: [[TB:%.*]] = load ptr, ptr %eddy.tape
; CHECK-NEXT: [[TQ:%.*]] = getelementptr i8, ptr [[TB]], i64 [[SZ]]
; CHECK-NEXT: [[BT:%.*]] = load double, ptr [[TQ]], align 8
; CHECK-NEXT: [[TQ8:%.*]] = getelementptr i8, ptr [[TB]], i64 [[O8]]
; CHECK-NEXT: [[AT:%.*]] = load double, ptr [[TQ8]], align 8
; CHECK-NEXT: store i64 [[SZ]], ptr
; Adjoint of the store: take the shadow of out, zero it.
; CHECK: [[DOUT:%.*]] = load double, ptr %3,
; CHECK-NEXT: store double 0.000000e+00, ptr %3,
; Adjoint of m = a*b, strong zero: adj(a) = D*b, adj(b) = D*a, each exactly 0
; when D is 0 (one compare for both).
; CHECK-NEXT: [[DAP:%.*]] = fmul double [[DOUT]], [[BT]]
; CHECK-NEXT: [[DZ:%.*]] = fcmp oeq double [[DOUT]], 0.000000e+00
; CHECK-NEXT: [[DA:%.*]] = select i1 [[DZ]], double 0.000000e+00, double [[DAP]]
; CHECK-NEXT: [[DBP:%.*]] = fmul double [[DOUT]], [[AT]]
; CHECK-NEXT: [[DB:%.*]] = select i1 [[DZ]], double 0.000000e+00, double [[DBP]]
; Adjoint of the loads: accumulate into the shadow of x (x[1], then x[0]).
; CHECK-NEXT: [[SH1:%.*]] = getelementptr inbounds i8, ptr %1, i64 8
; CHECK-NEXT: [[OLD1:%.*]] = load double, ptr [[SH1]], align 8
; CHECK-NEXT: [[NEW1:%.*]] = fadd nsz double [[OLD1]], [[DB]]
; CHECK-NEXT: store double [[NEW1]], ptr [[SH1]]
; CHECK-NEXT: [[OLD0:%.*]] = load double, ptr %1,
; CHECK-NEXT: [[NEW0:%.*]] = fadd nsz double [[OLD0]], [[DA]]
; CHECK-NEXT: store double [[NEW0]], ptr %1,
; The tape's buffer becomes the thread's spare again, or is freed if there
; already is one or it is larger than 256 MiB. (The two conditions are
; emitted in either order, depending on the compiler Eddy was built with.)
; CHECK: [[SPARE:%.*]] = call ptr @llvm.threadlocal.address.p0(ptr @eddy.tape.spare)
; CHECK-NEXT: [[DATA:%.*]] = load ptr, ptr %eddy.tape
; CHECK-NEXT: [[CAPP:%.*]] = getelementptr inbounds { ptr, i64, i64 }, ptr %eddy.tape, i32 0, i32 2
; CHECK-NEXT: [[CAP:%.*]] = load i64, ptr [[CAPP]]
; CHECK-DAG: [[SMALL:%.*]] = icmp ule i64 [[CAP]], 268435456
; CHECK-DAG: [[OLD:%.*]] = load ptr, ptr [[SPARE]]
; CHECK-DAG: [[NONE:%.*]] = icmp eq ptr [[OLD]], null
; CHECK: [[KEEP:%.*]] = and i1 [[NONE]], [[SMALL]]
; CHECK-NEXT: br i1 [[KEEP]], label %[[KEEPB:[^ ,]+]], label %[[FREEB:[^ ,]+]]
; CHECK: {{^}}[[KEEPB]]:
; CHECK-NEXT: store ptr [[DATA]], ptr [[SPARE]]
; CHECK-NEXT: [[SPARECAP:%.*]] = getelementptr inbounds { ptr, i64 }, ptr [[SPARE]], i32 0, i32 1
; CHECK-NEXT: store i64 [[CAP]], ptr [[SPARECAP]]
; CHECK: {{^}}[[FREEB]]:
; CHECK-NEXT: call void @free(ptr [[DATA]])
