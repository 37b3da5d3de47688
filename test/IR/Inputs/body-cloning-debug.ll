; body-cloning.ll's program with debug info (a variable location per
; iteration): its copies go through LLVM's cloner.
target triple = "x86_64-pc-linux-gnu"

declare double @__enzyme_fwddiff(ptr, ...)
declare double @__enzyme_autodiff(ptr, ...)
declare i32 @printf(ptr, ...)
declare void @llvm.dbg.value(metadata, metadata, metadata)

define double @f(double %x, i32 %n) !dbg !5 {
entry:
  br label %loop, !dbg !9
loop:
  %i = phi i32 [ 0, %entry ], [ %i.next, %latch ]
  %acc = phi double [ %x, %entry ], [ %acc.next, %latch ]
  call void @llvm.dbg.value(metadata double %acc, metadata !10, metadata !DIExpression()), !dbg !9
  %k = urem i32 %i, 3, !dbg !9
  switch i32 %k, label %c2 [
    i32 0, label %c0
    i32 1, label %c1
  ], !dbg !9
c0:
  %a0 = fmul double %acc, %x, !dbg !9
  br label %latch, !dbg !9
c1:
  %a1 = fadd double %acc, %x, !dbg !9
  br label %latch, !dbg !9
c2:
  %a2 = fmul double %acc, 1.5, !dbg !9
  br label %latch, !dbg !9
latch:
  %acc.next = phi double [ %a0, %c0 ], [ %a1, %c1 ], [ %a2, %c2 ]
  %i.next = add i32 %i, 1, !dbg !9
  %done = icmp eq i32 %i.next, %n, !dbg !9
  br i1 %done, label %exit, label %loop, !dbg !9
exit:
  ret double %acc.next, !dbg !9
}

@fmt = private constant [21 x i8] c"fwd %.12f rev %.12f\0A\00"

define i32 @main() {
  %t = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double 0.7, double 1.0, i32 5)
  %g = call double (ptr, ...) @__enzyme_autodiff(ptr @f, double 0.7, i32 5)
  call i32 (ptr, ...) @printf(ptr @fmt, double %t, double %g)
  ret i32 0
}

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3, !4}
!0 = distinct !DICompileUnit(language: DW_LANG_C11, file: !1, producer: "hand", isOptimized: false, runtimeVersion: 0, emissionKind: FullDebug)
!1 = !DIFile(filename: "body-cloning.c", directory: "/")
!3 = !{i32 2, !"Debug Info Version", i32 3}
!4 = !{i32 7, !"Dwarf Version", i32 5}
!5 = distinct !DISubprogram(name: "f", scope: !1, file: !1, line: 1, type: !6, scopeLine: 1, spFlags: DISPFlagDefinition, unit: !0, retainedNodes: !8)
!6 = !DISubroutineType(types: !7)
!7 = !{null}
!8 = !{}
!9 = !DILocation(line: 2, column: 3, scope: !5)
!10 = !DILocalVariable(name: "acc", scope: !5, file: !1, line: 2, type: !11)
!11 = !DIBasicType(name: "double", size: 64, encoding: DW_ATE_float)
