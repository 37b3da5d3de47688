//===- TapePlacement.cpp - Where tape stores and loads go -----------------===//
//
// See TapePlacement.h: stores right after the values they save, loads right
// before the code that reads them, wherever nothing in between can move the
// tape.
//===----------------------------------------------------------------------===//
#include "TapePlacement.h"
#include "Eddy/Transform/Tape.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/IntrinsicInst.h"

using namespace llvm;

namespace eddy {

bool mayMoveTape(const Instruction &I, const Value *Header) {
  auto OnHeader = [&](const Value *Ptr) {
    return getUnderlyingObject(Ptr) == Header;
  };
  if (const auto *L = dyn_cast<LoadInst>(&I))
    // The data pointer is the header's first field: reading it is harmless.
    return OnHeader(L->getPointerOperand()) &&
           L->getPointerOperand()->stripPointerCasts() != Header;
  if (const auto *S = dyn_cast<StoreInst>(&I))
    return OnHeader(S->getPointerOperand());
  if (const auto *A = dyn_cast<AtomicRMWInst>(&I))
    return OnHeader(A->getPointerOperand());
  if (const auto *X = dyn_cast<AtomicCmpXchgInst>(&I))
    return OnHeader(X->getPointerOperand());
  const auto *CB = dyn_cast<CallBase>(&I);
  if (!CB)
    return false;
  if (const auto *II = dyn_cast<IntrinsicInst>(CB))
    return II->mayWriteToMemory() && !II->isLifetimeStartOrEnd() &&
           !II->onlyAccessesInaccessibleMemory();
  // The tape lives in the gradient's frame and is only ever handed on as an
  // argument: a direct call to a function given no pointer (a libm
  // function, an inactive helper) cannot reach it.
  if (CB->isInlineAsm() || !CB->getCalledFunction())
    return true;
  return any_of(CB->args(), [](const Use &A) {
    return A->getType()->isPtrOrPtrVectorTy();
  });
}

void pushWhereComputed(const Tape &T, Instruction *End, ArrayRef<Value *> Vals,
                       bool CheckRoom) {
  if (Vals.empty())
    return;
  BasicBlock *BB = End->getParent();
  Instruction *First = &*BB->getFirstInsertionPt();
  Instruction *Start = End;
  while (Start != First && !mayMoveTape(*Start->getPrevNode(), T.header()))
    Start = Start->getPrevNode();

  // Decided before anything is inserted: comesBefore() renumbers the block
  // after each insertion, which would make this quadratic.
  SmallVector<Instruction *, 16> StoreBefore;
  for (Value *V : Vals) {
    auto *I = dyn_cast<Instruction>(V);
    bool InStretch = I && I->getParent() == BB && !isa<PHINode>(I) &&
                     (I == Start || Start->comesBefore(I));
    StoreBefore.push_back(InStretch ? I->getNextNode() : nullptr);
  }
  IRBuilder<> B(Start);
  T.pushAt(B, Vals, StoreBefore, CheckRoom);
}

void sinkPoppedLoads(ArrayRef<Value *> Popped, Instruction *AfterPop,
                     const Value *Header) {
  if (!AfterPop)
    return;
  BasicBlock *BB = AfterPop->getParent();
  Instruction *Limit = nullptr;
  for (Instruction *I = AfterPop; I && !Limit; I = I->getNextNode())
    if (mayMoveTape(*I, Header))
      Limit = I;

  SmallVector<std::pair<LoadInst *, Instruction *>, 16> Moves;
  for (Value *V : Popped) {
    auto *L = dyn_cast<LoadInst>(V);
    if (!L || L->getParent() != BB || L->use_empty())
      continue;
    Instruction *FirstUser = nullptr;
    for (User *U : L->users()) {
      auto *UI = dyn_cast<Instruction>(U);
      if (!UI || UI->getParent() != BB || isa<PHINode>(UI)) {
        FirstUser = nullptr;
        break;
      }
      if (!FirstUser || UI->comesBefore(FirstUser))
        FirstUser = UI;
    }
    if (FirstUser && (!Limit || FirstUser->comesBefore(Limit)))
      Moves.push_back({L, FirstUser});
  }
  for (auto [L, User] : Moves) {
    auto *Slot = dyn_cast<GetElementPtrInst>(L->getPointerOperand());
    if (Slot && Slot->hasOneUse() && Slot->getParent() == BB)
      Slot->moveBefore(User);
    L->moveBefore(User);
  }
}

} // namespace eddy
