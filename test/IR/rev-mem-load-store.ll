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
; and takes it (the spare is cleared). Both fields are loaded before the
; tape's are stored (whatever compiler Eddy was built with).
; CHECK-NEXT: entry:
; CHECK-NEXT: %eddy.tape = alloca { ptr, i64, i64 }
; CHECK-NEXT: [[SP0:%.*]] = call ptr @llvm.threadlocal.address.p0(ptr @eddy.tape.spare)
; CHECK-NEXT: [[D0:%.*]] = load ptr, ptr [[SP0]]
; CHECK-NEXT: [[SCAPP:%.*]] = getelementptr inbounds { ptr, i64 }, ptr [[SP0]], i32 0, i32 1
; CHECK-NEXT: [[C0:%.*]] = load i64, ptr [[SCAPP]]
; CHECK-NEXT: store ptr [[D0]], ptr %eddy.tape
; CHECK-NEXT: [[SZP0:%.*]] = getelementptr inbounds { ptr, i64, i64 }, ptr %eddy.tape, i32 0, i32 1
; CHECK-NEXT: store i64 0, ptr [[SZP0]]
; CHECK-NEXT: [[CAPP0:%.*]] = getelementptr inbounds { ptr, i64, i64 }, ptr %eddy.tape, i32 0, i32 2
; CHECK-NEXT: store i64 [[C0]], ptr [[CAPP0]]
; CHECK-NEXT: store { ptr, i64 } zeroinitializer, ptr [[SP0]]
; f runs once per call, so b and a go to the call's record: 16 bytes reserved
; at the start of the forward sweep (the record's offset is the tape's size
; then, not a constant since the buffer is reused) ...
; CHECK-NEXT: [[SZP:%.*]] = getelementptr inbounds i8, ptr %eddy.tape, i64 8
; CHECK-NEXT: [[REC:%eddy.record[^ ]*]] = load i64, ptr [[SZP]]
; CHECK-NEXT: [[END:%.*]] = add i64 [[REC]], 16
; CHECK: store i64 [[END]], ptr [[SZP]]
; CHECK-NEXT: [[A:%a[^ ]*]] = load double, ptr %0,
; CHECK-NEXT: [[P1:%p1[^ ]*]] = getelementptr inbounds i8, ptr %0, i64 8
; CHECK-NEXT: [[B:%b[^ ]*]] = load double, ptr [[P1]],
; CHECK-NEXT: [[M:%m[^ ]*]] = fmul double [[A]], [[B]]
; CHECK-NEXT: store double [[M]], ptr %2,
; ... b stored at record offset 0 and a at 8 (out may alias x, so x counts
; as written and the adjoint does not re-read it) ...
; CHECK-NEXT: [[BUF:%.*]] = load ptr, ptr %eddy.tape
; CHECK-NEXT: [[TP:%.*]] = getelementptr i8, ptr [[BUF]], i64 [[REC]]
; CHECK-NEXT: store double [[B]], ptr [[TP]], align 8
; CHECK-NEXT: [[O8:%.*]] = add i64 [[REC]], 8
; CHECK-NEXT: [[TP8:%.*]] = getelementptr i8, ptr [[BUF]], i64 [[O8]]
; CHECK-NEXT: store double [[A]], ptr [[TP8]], align 8
; ... and the record's offset pushed last, above the record. The adjoint
; sweep pops the record's offset first and reads b and a from record offsets
; 0 and 8: both sweeps are inlined into the gradient with the tape's alias
; scopes unified, so LLVM forwards all three from their stores (b and a are
; reloaded only on the path where the tape grew).
; CHECK: [[AT:%.*]] = phi double [ [[A]], %{{[^ ]+}} ], [ %{{[^ ]+}}, %{{[^ ]+}} ]
; CHECK-NEXT: [[BT:%.*]] = phi double [ [[B]], %{{[^ ]+}} ], [ %{{[^ ]+}}, %{{[^ ]+}} ]
; CHECK-NEXT: [[TB:%.*]] = phi ptr
; CHECK-NEXT: [[RP:%.*]] = getelementptr i8, ptr [[TB]], i64 [[END]]
; CHECK-NEXT: store i64 [[REC]], ptr [[RP]], align 8
; Adjoint of the store: take the shadow of out, zero it.
; CHECK-NEXT: [[DOUT:%.*]] = load double, ptr %3,
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
; At its exit the adjoint sweep drops the record: the tape's size goes back to
; the record's offset.
; CHECK-NEXT: store i64 [[REC]], ptr [[SZP]]
; The tape's buffer becomes the thread's spare again, or is freed if there
; already is one or it is larger than 256 MiB.
; CHECK-NEXT: [[SPARE:%.*]] = call ptr @llvm.threadlocal.address.p0(ptr @eddy.tape.spare)
; CHECK-NEXT: [[DATA:%.*]] = load ptr, ptr %eddy.tape
; CHECK-NEXT: [[CAPP:%.*]] = getelementptr inbounds { ptr, i64, i64 }, ptr %eddy.tape, i32 0, i32 2
; CHECK-NEXT: [[CAP:%.*]] = load i64, ptr [[CAPP]]
; CHECK-NEXT: [[OLD:%.*]] = load ptr, ptr [[SPARE]]
; CHECK-NEXT: [[NONE:%.*]] = icmp eq ptr [[OLD]], null
; CHECK-NEXT: [[SMALL:%.*]] = icmp ule i64 [[CAP]], 268435456
; CHECK-NEXT: [[KEEP:%.*]] = and i1 [[NONE]], [[SMALL]]
; CHECK-NEXT: br i1 [[KEEP]], label %[[KEEPB:[^ ,]+]], label %[[FREEB:[^ ,]+]]
; CHECK: {{^}}[[KEEPB]]:
; CHECK-NEXT: store ptr [[DATA]], ptr [[SPARE]]
; CHECK-NEXT: [[SPARECAP:%.*]] = getelementptr inbounds { ptr, i64 }, ptr [[SPARE]], i32 0, i32 1
; CHECK-NEXT: store i64 [[CAP]], ptr [[SPARECAP]]
; The first spare a thread keeps arms a pthread key destructor that frees the
; spare when the thread ends (test/Exec/tape-spare-thread-exit.c).
; CHECK-NEXT: [[REGP:%.*]] = call ptr @llvm.threadlocal.address.p0(ptr @eddy.tape.spare.registered)
; CHECK-NEXT: [[REG:%.*]] = load i8, ptr [[REGP]]
; CHECK-NEXT: [[UNREG:%.*]] = icmp eq i8 [[REG]], 0
; CHECK-NEXT: br i1 [[UNREG]], label %[[REGB:[^ ,]+]], label
; CHECK: {{^}}[[REGB]]:
; CHECK-NEXT: call void @eddy.tape.spare.register()
; CHECK: {{^}}[[FREEB]]:
; CHECK-NEXT: call void @free(ptr [[DATA]])
; CHECK-LABEL: define linkonce_odr hidden void @eddy.tape.spare.register()
; CHECK-NEXT: entry:
; CHECK-NEXT: call i32 @pthread_once(ptr @eddy.tape.once, ptr @eddy.tape.key.create)
; CHECK-NEXT: [[KEY:%.*]] = load i32, ptr @eddy.tape.key
; CHECK-NEXT: call i32 @pthread_setspecific(i32 [[KEY]], ptr @eddy.tape.key)
; CHECK-LABEL: define linkonce_odr hidden void @eddy.tape.key.create()
; CHECK-NEXT: entry:
; CHECK-NEXT: call i32 @pthread_key_create(ptr @eddy.tape.key, ptr @eddy.tape.spare.free)
