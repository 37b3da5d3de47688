; Errors printed by opt (no Clang to map locations) say where they are
; instead of "<unknown>:0:0": at the instruction's own line when it has one,
; else at the request's line, else naming the function and the instruction.
;
; RUN: split-file %s %t
; RUN: not %opt-eddy -passes=eddy -disable-output %t/no-debug-info.ll 2>&1 | FileCheck %s --check-prefix=NODBG --implicit-check-not="<unknown>" --implicit-check-not="PLEASE submit"
; RUN: not %opt-eddy -passes=eddy -disable-output %t/request-line.ll 2>&1 | FileCheck %s --check-prefix=REQ --implicit-check-not="<unknown>" --implicit-check-not="PLEASE submit"
; RUN: not %opt-eddy -passes=eddy -disable-output %t/own-line.ll 2>&1 | FileCheck %s --check-prefix=OWN --implicit-check-not="<unknown>" --implicit-check-not="PLEASE submit"

; NODBG: error: in function f at instruction '%c = call double @ext(double %m)': eddy: call to 'ext', whose body is not visible and for which Eddy has no derivative rule; {{.*}} (while differentiating 'f')
; REQ: error: model.c:12:10: in function f: eddy: call to 'ext', whose body is not visible {{.*}} (while differentiating 'f')
; OWN: error: model.c:3:12: in function f: eddy: call to 'ext', whose body is not visible {{.*}} (while differentiating 'f')

;--- no-debug-info.ll
declare double @__enzyme_autodiff(ptr, ...)
declare double @ext(double)

define double @f(double %x) {
  %m = fmul double %x, %x
  %c = call double @ext(double %m)
  ret double %c
}

define double @test(double %x) {
  %r = call double (ptr, ...) @__enzyme_autodiff(ptr @f, double %x)
  ret double %r
}

;--- request-line.ll
declare double @__enzyme_autodiff(ptr, ...)
declare double @ext(double)

define double @f(double %x) {
  %m = fmul double %x, %x
  %c = call double @ext(double %m)
  ret double %c
}

define double @test(double %x) !dbg !4 {
  %r = call double (ptr, ...) @__enzyme_autodiff(ptr @f, double %x), !dbg !7
  ret double %r
}

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3}
!0 = distinct !DICompileUnit(language: DW_LANG_C11, file: !1, emissionKind: LineTablesOnly)
!1 = !DIFile(filename: "model.c", directory: "/nonexistent")
!3 = !{i32 2, !"Debug Info Version", i32 3}
!4 = distinct !DISubprogram(name: "test", scope: !1, file: !1, line: 11, type: !5, unit: !0, spFlags: DISPFlagDefinition)
!5 = !DISubroutineType(types: !6)
!6 = !{}
!7 = !DILocation(line: 12, column: 10, scope: !4)

;--- own-line.ll
declare double @__enzyme_autodiff(ptr, ...)
declare double @ext(double)

define double @f(double %x) !dbg !8 {
  %m = fmul double %x, %x, !dbg !9
  %c = call double @ext(double %m), !dbg !10
  ret double %c, !dbg !10
}

define double @test(double %x) !dbg !4 {
  %r = call double (ptr, ...) @__enzyme_autodiff(ptr @f, double %x), !dbg !7
  ret double %r
}

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3}
!0 = distinct !DICompileUnit(language: DW_LANG_C11, file: !1, emissionKind: LineTablesOnly)
!1 = !DIFile(filename: "model.c", directory: "/nonexistent")
!3 = !{i32 2, !"Debug Info Version", i32 3}
!4 = distinct !DISubprogram(name: "test", scope: !1, file: !1, line: 11, type: !5, unit: !0, spFlags: DISPFlagDefinition)
!5 = !DISubroutineType(types: !6)
!6 = !{}
!7 = !DILocation(line: 12, column: 10, scope: !4)
!8 = distinct !DISubprogram(name: "f", scope: !1, file: !1, line: 1, type: !5, unit: !0, spFlags: DISPFlagDefinition)
!9 = !DILocation(line: 3, column: 14, scope: !8)
!10 = !DILocation(line: 3, column: 12, scope: !8)
