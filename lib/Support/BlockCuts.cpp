//===- BlockCuts.cpp - Where a long block may be cut -----------------------===//
//
// See Eddy/Support/BlockCuts.h.
//===----------------------------------------------------------------------===//
#include "Eddy/Support/BlockCuts.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"

using namespace llvm;

namespace eddy {

SmallVector<Instruction *, 16> cutPoints(BasicBlock &BB, unsigned Chunk) {
  Instruction *LastAlloca = nullptr;
  if (BB.isEntryBlock())
    for (Instruction &I : BB)
      if (isa<AllocaInst>(I))
        LastAlloca = &I;
  bool PastAllocas = !LastAlloca;
  SmallVector<Instruction *, 16> Cuts;
  unsigned Count = 0;
  for (Instruction &I : make_range(BB.getFirstNonPHIIt(), BB.end())) {
    if (&I == LastAlloca) {
      PastAllocas = true;
      continue;
    }
    if (I.isTerminator() || I.isEHPad() || isa<DbgInfoIntrinsic>(I) ||
        ++Count < Chunk || !PastAllocas)
      continue;
    if (auto *Prev = dyn_cast_or_null<CallInst>(I.getPrevNode());
        Prev && Prev->isMustTailCall())
      continue;
    Cuts.push_back(&I);
    Count = 0;
  }
  return Cuts;
}

} // namespace eddy
