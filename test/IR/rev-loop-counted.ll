; Reverse mode, a counted loop (trip count n, an integer parameter, so the
; signature is "ac"): s_{k+1} = sin(s_k) * x. Each iteration pushes what its
; adjoint needs (sin(s) and s, no predecessor id); the adjoint loop pops them
; in reverse, counting down from the backedge count SCEV knows, smax(n,1) - 1,
; and leaves at iteration 0.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s
; RUN: %opt-eddy -passes=eddy %s | lli | FileCheck %s --check-prefix=NUM

declare double @__enzyme_autodiff(ptr, ...)
declare double @sin(double)
declare i32 @printf(ptr, ...)
@fmt = private constant [6 x i8] c"%.6f\0A\00"

define dso_local double @f(double %x, i32 %n) {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i.next, %loop ]
  %s = phi double [ 1.0, %entry ], [ %s.next, %loop ]
  %sx = call double @sin(double %s)
  %s.next = fmul double %sx, %x
  %i.next = add i32 %i, 1
  %c = icmp slt i32 %i.next, %n
  br i1 %c, label %loop, label %exit
exit:
  ret double %s.next
}

define void @show(double %x, i32 %n) {
  %g = call double (ptr, ...) @__enzyme_autodiff(ptr @f, double %x, i32 %n)
  call i32 (ptr, ...) @printf(ptr @fmt, double %g)
  ret void
}

define i32 @main() {
  call void @show(double 1.3, i32 1)    ; sin(1)
  call void @show(double 1.3, i32 5)
  call void @show(double 1.9, i32 40)
  ret i32 0
}

; NUM: 0.841471
; NUM-NEXT: 1.733104
; NUM-NEXT: 0.645782

; CHECK-LABEL: define internal { double } @f.eddy.grad.ac_r(double %0, i32 %1)
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
; The tape is reserved up front: 16 bytes an iteration, smax(n, 1) iterations.
; CHECK: [[SMAX:%smax[^ ]*]] = call i32 @llvm.smax.i32(i32 %1, i32 1)
; CHECK: %eddy.tape.reserve{{[^ ]*}} = shl nuw nsw i64 %{{.*}}, 4
; CHECK: loop.i:
; CHECK: [[S:%s[^ ]*]] = phi double [ 1.000000e+00, %{{.*}} ], [ %s.next{{[^ ]*}}, %loop.i ]
; Each value is stored as soon as it is known: s (slot 8) at the body's start,
; sin(s) (slot 0) right after the call.
; CHECK: [[REC:%.*]] = getelementptr i8, ptr {{%.*}}, i64 %eddy.tape.size
; CHECK-NEXT: [[REC8:%.*]] = getelementptr i8, ptr [[REC]], i64 8
; CHECK-NEXT: store double [[S]], ptr [[REC8]]
; CHECK-NEXT: [[SX:%sx[^ ]*]] = call double @sin(double [[S]])
; CHECK-NEXT: store double [[SX]], ptr [[REC]]
; CHECK-NOT: store i32
; CHECK: br i1 %c{{.*}}, label %loop.i, label
; The adjoint counter starts at the backedge count, smax(n, 1) - 1.
; CHECK: [[BTC:%.*]] = add nsw i32 [[SMAX]], -1
; CHECK-NEXT: [[BTC64:%.*]] = zext i32 [[BTC]] to i64
; The adjoint loop pops sin(s) and s of each iteration, each loaded where it
; is first used (s only on the way back); x gets adj(s.next) * sin(s) (strong
; zero: exactly 0 when adj(s.next) is 0).
; CHECK: loop.rev.i:
; CHECK: [[ITER:%loop.iter[^ ]*]] = phi i64 [ [[BTC64]], %{{.*}} ], [ [[NEXT:%.*]], %loop.back.i ]
; CHECK-NEXT: [[XADJ:%x.adj[^ ]*]] = phi double [ 0.000000e+00, %{{.*}} ], [ [[XNEW:%.*]], %loop.back.i ]
; CHECK-NEXT: [[DSN:%s.next.adj[^ ]*]] = phi double [ 1.000000e+00, %{{.*}} ], [ [[DS:%.*]], %loop.back.i ]
; CHECK-NEXT: [[BASE:%.*]] = add i64 %eddy.tape.size{{[^ ]*}}, -16
; CHECK-NEXT: [[AT:%.*]] = getelementptr i8, ptr {{%.*}}, i64 [[BASE]]
; CHECK-NEXT: store i64 [[BASE]], ptr
; CHECK-NOT: load i32
; CHECK-NEXT: [[Z:%.*]] = fcmp oeq double [[DSN]], 0.000000e+00
; CHECK-NEXT: [[SXT:%.*]] = load double, ptr [[AT]]
; CHECK-NEXT: [[TP:%.*]] = fmul double [[DSN]], [[SXT]]
; CHECK-NEXT: [[T:%.*]] = select i1 [[Z]], double 0.000000e+00, double [[TP]]
; CHECK-NEXT: [[XNEW]] = fadd reassoc nsz double [[XADJ]], [[T]]
; CHECK-NEXT: [[FIRST:%.*]] = icmp eq i64 [[ITER]], 0
; CHECK-NEXT: br i1 [[FIRST]], label %f.eddy.rev.ac_r.top.exit, label %loop.back.i
; Back to the previous iteration: adj(sin(s)) = adj(s.next) * x, then
; adj(s) = adj(sin(s)) * cos(s) at the taped s, each with its strong zero;
; adj(s) is adj(s.next) of the previous iteration.
; CHECK: loop.back.i:
; CHECK-NEXT: [[DSXP:%.*]] = fmul double [[DSN]], %0
; CHECK-NEXT: [[DSX:%.*]] = select i1 [[Z]], double 0.000000e+00, double [[DSXP]]
; CHECK-NEXT: [[ZX:%.*]] = fcmp oeq double [[DSX]], 0.000000e+00
; CHECK-NEXT: [[STP:%.*]] = getelementptr i8, ptr [[AT]], i64 8
; CHECK-NEXT: [[ST:%.*]] = load double, ptr [[STP]]
; CHECK-NEXT: [[COS:%.*]] = call double @llvm.cos.f64(double [[ST]])
; CHECK-NEXT: [[DSP:%.*]] = fmul double [[DSX]], [[COS]]
; CHECK-NEXT: [[DS]] = select i1 [[ZX]], double 0.000000e+00, double [[DSP]]
; CHECK-NEXT: [[NEXT]] = add i64 [[ITER]], -1
; CHECK-NEXT: br label %loop.rev.i
; CHECK: f.eddy.rev.ac_r.top.exit:
; CHECK-NEXT: insertvalue { double } poison, double [[XNEW]], 0
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
