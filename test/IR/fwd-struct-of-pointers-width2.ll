; Vector forward mode (enzyme_width 2) over structs of pointers: each lane
; has its own shadow struct. The callee picks its struct in a branch (a phi
; of { ptr, ptr }) and a select, and stores it into memory that has a shadow
; (each lane's shadow struct goes to that lane's shadow memory); its width-2
; derivative returns the struct and both lanes' shadow structs.
; RUN: %opt-eddy -passes=eddy-raw -S %s | FileCheck %s

@enzyme_width = external global i32
declare { double, double } @__enzyme_fwddiff(ptr, ...)

define internal { ptr, ptr } @pick(ptr %x, ptr %y, i32 %n, ptr %out) noinline {
entry:
  %s0 = insertvalue { ptr, ptr } poison, ptr %x, 0
  %s1 = insertvalue { ptr, ptr } %s0, ptr %y, 1
  br label %loop
loop:                                   ; swaps the two pointers n times
  %p = phi { ptr, ptr } [ %s1, %entry ], [ %w1, %loop ]
  %i = phi i32 [ 0, %entry ], [ %i1, %loop ]
  %a = extractvalue { ptr, ptr } %p, 0
  %b = extractvalue { ptr, ptr } %p, 1
  %w0 = insertvalue { ptr, ptr } poison, ptr %b, 0
  %w1 = insertvalue { ptr, ptr } %w0, ptr %a, 1
  %i1 = add i32 %i, 1
  %more = icmp slt i32 %i1, %n
  br i1 %more, label %loop, label %done
done:
  %c = icmp sgt i32 %n, 5
  %q = select i1 %c, { ptr, ptr } %w1, { ptr, ptr } %s1
  store { ptr, ptr } %q, ptr %out
  ret { ptr, ptr } %q
}

define double @f(ptr %x, ptr %y, i32 %n, ptr %out) {
  %p = call { ptr, ptr } @pick(ptr %x, ptr %y, i32 %n, ptr %out)
  %b = extractvalue { ptr, ptr } %p, 1
  %v = load double, ptr %b
  %m = fmul double %v, %v
  ret double %m
}

define { double, double } @test(ptr %x, ptr %dx0, ptr %dx1, ptr %y, ptr %dy0, ptr %dy1, i32 %n, ptr %out, ptr %do0, ptr %do1) {
  %r = call { double, double } (ptr, ...) @__enzyme_fwddiff(ptr @f, ptr @enzyme_width, i32 2, ptr %x, ptr %dx0, ptr %dx1, ptr %y, ptr %dy0, ptr %dy1, i32 %n, ptr %out, ptr %do0, ptr %do1)
  ret { double, double } %r
}

; CHECK-LABEL: define internal { double, double, double } @f.eddy.fwd.aaca_r_w2(
; CHECK: [[C:%.*]] = call { { ptr, ptr }, { ptr, ptr }, { ptr, ptr } } @pick.eddy.fwd.aaca_r_w2(ptr %x, ptr %x.tangent0, ptr %x.tangent1, ptr %y, ptr %y.tangent0, ptr %y.tangent1, i32 %n, ptr %out, ptr %out.tangent0, ptr %out.tangent1)
; CHECK-DAG: [[S0:%.*]] = extractvalue { { ptr, ptr }, { ptr, ptr }, { ptr, ptr } } [[C]], 1
; CHECK-DAG: [[S1:%.*]] = extractvalue { { ptr, ptr }, { ptr, ptr }, { ptr, ptr } } [[C]], 2
; CHECK-DAG: [[B0:%.*]] = extractvalue { ptr, ptr } [[S0]], 1
; CHECK-DAG: [[B1:%.*]] = extractvalue { ptr, ptr } [[S1]], 1
; CHECK-DAG: load double, ptr [[B0]]
; CHECK-DAG: load double, ptr [[B1]]

; CHECK-LABEL: define internal { { ptr, ptr }, { ptr, ptr }, { ptr, ptr } } @pick.eddy.fwd.aaca_r_w2(
; CHECK: %s1.shadow = insertvalue { ptr, ptr } %s0.shadow, ptr %y.tangent0, 1
; CHECK: %s1.shadow[[L1:[0-9]+]] = insertvalue { ptr, ptr } %s0.shadow{{[0-9]+}}, ptr %y.tangent1, 1
; CHECK: loop:
; CHECK-DAG: %p.shadow[[P1:[0-9]+]] = phi { ptr, ptr } [ %s1.shadow[[L1]], %entry ], [ %w1.shadow[[W1:[0-9]+]], %loop ]
; CHECK-DAG: %p.shadow = phi { ptr, ptr } [ %s1.shadow, %entry ], [ %w1.shadow, %loop ]
; CHECK-DAG: %a.shadow = extractvalue { ptr, ptr } %p.shadow, 0
; CHECK-DAG: %b.shadow = extractvalue { ptr, ptr } %p.shadow, 1
; CHECK-DAG: %w0.shadow = insertvalue { ptr, ptr } zeroinitializer, ptr %b.shadow, 0
; CHECK-DAG: %w1.shadow = insertvalue { ptr, ptr } %w0.shadow, ptr %a.shadow, 1
; CHECK-DAG: %w1.shadow[[W1]] = insertvalue { ptr, ptr }
; CHECK: done:
; CHECK: %q.shadow = select i1 %c, { ptr, ptr } %w1.shadow, { ptr, ptr } %s1.shadow
; CHECK-NEXT: %q.shadow[[Q1:[0-9]+]] = select i1 %c, { ptr, ptr } %w1.shadow[[W1]], { ptr, ptr } %s1.shadow[[L1]]
; CHECK-NEXT: store { ptr, ptr } %q.shadow, ptr %out.tangent0
; CHECK-NEXT: store { ptr, ptr } %q.shadow[[Q1]], ptr %out.tangent1
; CHECK-NEXT: store { ptr, ptr } %q, ptr %out
; CHECK: insertvalue { { ptr, ptr }, { ptr, ptr }, { ptr, ptr } } {{%.*}}, { ptr, ptr } %q.shadow, 1
; CHECK-NEXT: insertvalue { { ptr, ptr }, { ptr, ptr }, { ptr, ptr } } {{%.*}}, { ptr, ptr } %q.shadow[[Q1]], 2
