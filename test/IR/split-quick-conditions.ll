; At -O0 the fast instruction selector selects a floating-point select
; without a branch only when its comparison is in its own block (x86's SSE
; compare-and-mask); Eddy keeps such strong zeros as selects
; (QuickCodegen.cpp). -O0's cuts of long blocks (eddy-split-large-blocks-quick,
; plain branches) may leave the comparison blocks away from its selects: each
; block then gets one copy of the comparison, and the values do not change.
; RUN: %python %S/Inputs/strong-zero-block.py 400 > %t.ll
; RUN: %opt-eddy -passes=eddy-split-large-blocks-quick -S %t.ll | FileCheck %s
; RUN: %opt-eddy -passes=eddy-split-large-blocks-quick %t.ll | lli > %t.out
; RUN: grep WANT %t.ll | sed 's/; WANT //' > %t.want
; RUN: diff %t.out %t.want
; No select became a branch (a comparison left in another block makes the
; fast selector emit a pseudo-instruction that expands to one: 268 here).
; RUN: %opt-eddy -passes=eddy-split-large-blocks-quick %t.ll | llc -O0 -o %t.s
; RUN: not grep -E "^[[:space:]]+j(ne|e|p|np)[[:space:]]" %t.s
;
; (The copies are for x86 only: the input names its target.)
; 1,202 instructions: cut after 400 and 800, plain branches.
; CHECK-LABEL: define double @f.eddy.sz(
; CHECK: %c = fcmp une double %d, 0.000000e+00
; CHECK: br label %[[B1:.*]]
; CHECK: [[B1]]:
; CHECK-NEXT: %[[C1:.*]] = fcmp une double %d, 0.000000e+00
; CHECK: select i1 %[[C1]], double
; CHECK: br label %[[B2:.*]]
; CHECK: [[B2]]:
; CHECK-NEXT: %[[C2:.*]] = fcmp une double %d, 0.000000e+00
; CHECK: select i1 %[[C2]], double
; CHECK: ret double
; CHECK-NOT: eddy.split.never
