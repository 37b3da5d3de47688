; Above -O0, with locations that only Eddy reads, the inliner copies them as
; they are (InliningLocations.h): a body inlined into a body inlined into a
; caller keeps each instruction's own line and column, under one inlined-at
; level (line 0 of the caller) instead of a chain rebuilt at every inlining;
; a call that stays a call keeps its own location; and the IR verifies at
; every step of the way.
; RUN: %opt-eddy -verify-each -S -passes='eddy-hide-inlining-locations,cgscc(inline,function(eddy-restore-call-locations)),eddy-restore-inlining-locations' %s | FileCheck %s
; Without the pair around it, the inliner builds a two-level chain for @leaf's
; multiplication in @top (the cost this avoids).
; RUN: %opt-eddy -S -passes='cgscc(inline)' %s | FileCheck %s --check-prefix=CHAIN

; CHECK: define double @top(double %x) !dbg [[TOP:![0-9]+]] {
; CHECK: fmul double %x, %x, !dbg [[LEAF:![0-9]+]]
; CHECK: fadd double {{.*}}, !dbg [[MID:![0-9]+]]
; CHECK: call double @opaque(double {{.*}}), !dbg [[CALL:![0-9]+]]
; CHECK: ret double {{.*}}, !dbg [[RET:![0-9]+]]
; CHECK-DAG: [[LEAF]] = !DILocation(line: 3, column: 7, scope: [[LEAFSP:![0-9]+]], inlinedAt: [[AT:![0-9]+]])
; CHECK-DAG: [[AT]] = !DILocation(line: 0, scope: [[TOP]])
; CHECK-DAG: [[MID]] = !DILocation(line: 13, column: 9, scope: [[MIDSP:![0-9]+]], inlinedAt: [[AT]])
; CHECK-DAG: [[CALL]] = !DILocation(line: 14, column: 5, scope: [[MIDSP]], inlinedAt: [[AT]])
; CHECK-DAG: [[RET]] = !DILocation(line: 23, column: 3, scope: [[TOP]])
; CHECK-DAG: [[LEAFSP]] = distinct !DISubprogram(name: "leaf"
; CHECK-DAG: [[MIDSP]] = distinct !DISubprogram(name: "mid"
; CHECK-NOT: eddy.call.loc
; CHECK-NOT: eddy.subprogram

; CHAIN: define double @top(
; CHAIN: fmul double %x, %x, !dbg [[LEAF:![0-9]+]]
; CHAIN: [[LEAF]] = !DILocation(line: 3, column: 7, scope: {{.*}}, inlinedAt: [[AT1:![0-9]+]])
; CHAIN: [[AT1]] = distinct !DILocation(line: 12, column: 11, scope: {{.*}}, inlinedAt: {{![0-9]+}})

define internal double @leaf(double %x) !dbg !10 {
  %m = fmul double %x, %x, !dbg !11
  ret double %m, !dbg !12
}

define internal double @mid(double %x) !dbg !20 {
  %l = call double @leaf(double %x), !dbg !21
  %a = fadd double %l, 1.0, !dbg !22
  %o = call double @opaque(double %a), !dbg !23
  ret double %o, !dbg !24
}

define double @top(double %x) !dbg !30 {
  %r = call double @mid(double %x), !dbg !31
  ret double %r, !dbg !32
}

declare double @opaque(double)

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3}
!0 = distinct !DICompileUnit(language: DW_LANG_C11, file: !1, producer: "test", isOptimized: true, runtimeVersion: 0, emissionKind: NoDebug)
!1 = !DIFile(filename: "inlining.c", directory: "/tmp")
!3 = !{i32 2, !"Debug Info Version", i32 3}
!5 = !DISubroutineType(types: !{})
!10 = distinct !DISubprogram(name: "leaf", scope: !1, file: !1, line: 2, type: !5, scopeLine: 2, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0)
!11 = !DILocation(line: 3, column: 7, scope: !10)
!12 = !DILocation(line: 4, column: 3, scope: !10)
!20 = distinct !DISubprogram(name: "mid", scope: !1, file: !1, line: 11, type: !5, scopeLine: 11, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0)
!21 = !DILocation(line: 12, column: 11, scope: !20)
!22 = !DILocation(line: 13, column: 9, scope: !20)
!23 = !DILocation(line: 14, column: 5, scope: !20)
!24 = !DILocation(line: 15, column: 3, scope: !20)
!30 = distinct !DISubprogram(name: "top", scope: !1, file: !1, line: 21, type: !5, scopeLine: 21, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0)
!31 = !DILocation(line: 22, column: 10, scope: !30)
!32 = !DILocation(line: 23, column: 3, scope: !30)
