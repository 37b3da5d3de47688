//===- ArgumentWrites.cpp - May a call write through a pointer argument ---===//
#include "Eddy/Analysis/ArgumentWrites.h"
#include "Eddy/Analysis/ActivityAnalysis.h"
#include "Eddy/Rules/OpenMpCalls.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"

using namespace llvm;

namespace eddy {

namespace {
/// Follows a pointer through its uses in one function (and the callees it is
/// passed to, a few levels deep) looking for anything but reads.
class WriteSearch {
public:
  bool callMayWrite(const CallBase &CB, unsigned ArgNo, unsigned Depth);

private:
  bool mayWrite(const Value *P, unsigned Depth);
  bool spillMayWrite(const AllocaInst &Slot, const Value *P, unsigned Depth);

  SmallPtrSet<const Value *, 32> Visited;
  unsigned Loaded = 0; ///< How many pointer loads deep the search is.
};
} // namespace

bool WriteSearch::callMayWrite(const CallBase &CB, unsigned ArgNo,
                               unsigned Depth) {
  if (CB.isLifetimeStartOrEnd() || isa<DbgInfoIntrinsic>(CB))
    return false;
  if (CB.onlyReadsMemory(ArgNo) || CB.onlyReadsMemory())
    return false;
  const Function *Callee = CB.getCalledFunction();
  // A parallel region: the outlined function gets the captured variables
  // after the thread ids (the location and the count are not written).
  if (Callee && classifyOpenMpCall(CB).Kind == OpenMpCallKind::Fork) {
    if (ArgNo < ForkFirstCaptured)
      return false;
    Callee = dyn_cast<Function>(
        CB.getArgOperand(ForkOutlinedArg)->stripPointerCasts());
    ArgNo = ArgNo - ForkFirstCaptured + 2;
  }
  if (!Callee || Callee->isDeclaration() || Callee->isVarArg() || Depth == 0 ||
      ArgNo >= Callee->arg_size())
    return true;
  return mayWrite(Callee->getArg(ArgNo), Depth - 1);
}

/// At -O0 a parameter is first stored into a stack slot, then loaded from it
/// wherever it is used: a slot that only receives \p P and is only read
/// gives copies of \p P.
bool WriteSearch::spillMayWrite(const AllocaInst &Slot, const Value *P,
                                unsigned Depth) {
  for (const User *U : Slot.users()) {
    if (const auto *SI = dyn_cast<StoreInst>(U)) {
      if (SI->getValueOperand() != P || SI->getPointerOperand() != &Slot)
        return true;
    } else if (const auto *LI = dyn_cast<LoadInst>(U)) {
      if (mayWrite(LI, Depth))
        return true;
    } else if (const auto *II = dyn_cast<IntrinsicInst>(U)) {
      if (!II->isLifetimeStartOrEnd() && !isa<DbgInfoIntrinsic>(II))
        return true;
    } else {
      return true;
    }
  }
  return false;
}

bool WriteSearch::mayWrite(const Value *P, unsigned Depth) {
  if (!Visited.insert(P).second)
    return false; // Already being searched.
  for (const Use &U : P->uses()) {
    const auto *I = dyn_cast<Instruction>(U.getUser());
    if (!I)
      return true;
    if (isa<ICmpInst>(I) || isa<PtrToIntInst>(I))
      continue;
    if (isa<LoadInst>(I)) {
      // A pointer read from it may be written through, too.
      ++Loaded;
      bool Writes = hasShadowPointers(I->getType()) && mayWrite(I, Depth);
      --Loaded;
      if (Writes)
        return true;
      continue;
    }
    if (const auto *SI = dyn_cast<StoreInst>(I)) {
      // Integers stored through a pointer read from it (`owner[i] = t`
      // through a captured `int *owner`) carry no derivative: nothing
      // active can enter that way.
      if (Loaded && U.getOperandNo() == 1 &&
          SI->getValueOperand()->getType()->isIntOrIntVectorTy())
        continue;
      const auto *Slot = dyn_cast<AllocaInst>(SI->getPointerOperand());
      if (U.getOperandNo() == 0 && Slot && spillMayWrite(*Slot, P, Depth))
        return true;
      if (U.getOperandNo() != 0 || !Slot)
        return true; // Written, or the pointer escapes into memory.
      continue;
    }
    if (isa<GetElementPtrInst>(I) || isa<BitCastInst>(I)) {
      if (mayWrite(I, Depth))
        return true;
      continue;
    }
    if (const auto *CB = dyn_cast<CallBase>(I)) {
      if (!CB->isArgOperand(&U) ||
          callMayWrite(*CB, CB->getArgOperandNo(&U), Depth))
        return true;
      continue;
    }
    return true; // Returned, merged by a phi or select, ...: followed no further.
  }
  return false;
}

bool mayWriteThroughArgument(const CallBase &CB, unsigned ArgNo) {
  return WriteSearch().callMayWrite(CB, ArgNo, /*Depth=*/4);
}

} // namespace eddy
