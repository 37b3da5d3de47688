//===- ValueSlots.cpp - SSA values passed through memory ------------------===//
//
// See Eddy/Passes/ValueSlots.h.
//===----------------------------------------------------------------------===//
#include "Eddy/Passes/ValueSlots.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"

using namespace llvm;

namespace eddy {

BasicBlock *readingBlock(const Use &U) {
  auto *User = cast<Instruction>(U.getUser());
  if (auto *Phi = dyn_cast<PHINode>(User))
    return Phi->getIncomingBlock(U);
  return User->getParent();
}

BasicBlock::iterator afterDefinition(Value &V) {
  auto *I = dyn_cast<Instruction>(&V);
  if (!I)
    return cast<Argument>(V).getParent()->getEntryBlock().getTerminator()
        ->getIterator();
  if (isa<PHINode>(I) || I->isEHPad())
    return I->getParent()->getFirstInsertionPt();
  return std::next(I->getIterator());
}

void reloadAtUses(ArrayRef<Use *> Uses, SlotLoader Load) {
  if (Uses.empty())
    return;
  DenseMap<std::pair<BasicBlock *, Value *>, Value *> Loaded, LoadedAtEnd;
  IRBuilder<> B(Uses.front()->get()->getContext());
  for (Use *U : Uses) {
    auto *User = cast<Instruction>(U->getUser());
    bool ForPhi = isa<PHINode>(User);
    BasicBlock *At = readingBlock(*U);
    Value *&L = (ForPhi ? LoadedAtEnd : Loaded)[{At, U->get()}];
    if (!L) {
      B.SetInsertPoint(ForPhi ? At->getTerminator() : User);
      L = Load(B, *U->get());
    }
    U->set(L);
  }
}

} // namespace eddy
