//===- CheckpointMarkers.cpp - Which loops and calls are checkpointed -----===//
//
// The `__eddy_checkpoint(kind, param)` markers the front end puts at the top
// of a checkpointed loop's body (Eddy/Transform/Checkpointing.h): found,
// dropped (forward mode, primal code), or added by Eddy itself around calls
// of [[eddy::checkpoint]] functions and on the loops of a tape budget.
//===----------------------------------------------------------------------===//
#include "Eddy/Analysis/Registrations.h"
#include "Eddy/Transform/Checkpointing.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;

namespace eddy {

bool isCheckpointMarker(const Instruction &I) {
  const auto *CI = dyn_cast<CallInst>(&I);
  const Function *Callee = CI ? CI->getCalledFunction() : nullptr;
  return Callee && Callee->getName() == CheckpointMarkerName;
}

bool hasCheckpointMarkers(const Function &F) {
  for (const Instruction &I : instructions(F))
    if (isCheckpointMarker(I))
      return true;
  return false;
}

void stripCheckpointMarkers(Function &F) {
  SmallVector<Instruction *, 2> Markers;
  for (Instruction &I : instructions(F))
    if (isCheckpointMarker(I))
      Markers.push_back(&I);
  for (Instruction *I : Markers)
    I->eraseFromParent();
}

void stripCheckpointMarkers(Module &M) {
  Function *Marker = M.getFunction(CheckpointMarkerName);
  if (!Marker)
    return;
  for (User *U : make_early_inc_range(Marker->users()))
    if (auto *I = dyn_cast<Instruction>(U))
      I->eraseFromParent();
  if (Marker->use_empty())
    Marker->eraseFromParent();
}

/// A one-trip loop around \p CB, marked like a loop with
/// `#pragma eddy checkpoint(periodic, every(1))`: the call's state is stored
/// before it, and it runs again, taped, when its adjoint is needed.
static void wrapInCheckpointedLoop(CallBase &CB) {
  LLVMContext &Ctx = CB.getContext();
  Module &M = *CB.getModule();
  BasicBlock *Pre = CB.getParent();
  BasicBlock *Body = SplitBlock(Pre, &CB);
  BasicBlock *Post = SplitBlock(Body, CB.getNextNode());
  Type *I64 = Type::getInt64Ty(Ctx);
  IRBuilder<> B(&Body->front());
  PHINode *I = B.CreatePHI(I64, 2, "eddy.ckpt.call");
  FunctionCallee Marker = M.getOrInsertFunction(
      CheckpointMarkerName,
      FunctionType::get(Type::getVoidTy(Ctx), {Type::getInt32Ty(Ctx), I64}, false));
  B.CreateCall(Marker, {B.getInt32(unsigned(CheckpointKind::Periodic)),
                        B.getInt64(1)})
      ->setDebugLoc(CB.getDebugLoc());
  Body->getTerminator()->eraseFromParent();
  B.SetInsertPoint(Body);
  Value *Next = B.CreateAdd(I, B.getInt64(1));
  B.CreateCondBr(B.CreateICmpULT(Next, B.getInt64(1)), Body, Post);
  I->addIncoming(B.getInt64(0), Pre);
  I->addIncoming(Next, Body);
}

void prepareCheckpointedCalls(Function &F, const Registrations &Regs,
                              bool ForReverse) {
  SmallVector<CallBase *, 4> Calls;
  for (Instruction &I : instructions(F))
    if (auto *CB = dyn_cast<CallBase>(&I))
      if (Function *Callee = CB->getCalledFunction())
        if (const FunctionRules *R = Regs.lookup(Callee);
            R && R->Checkpoint && !R->Inactive && !R->hasRule())
          Calls.push_back(CB);
  for (CallBase *CB : Calls) {
    // The body, which the stub (Passes/AnnotationGuard.h) hid from the
    // optimizer so that the call would still be here.
    CB->setCalledFunction(originalOfStub(CB->getCalledFunction()));
    if (ForReverse && isa<CallInst>(CB) && !CB->getCalledFunction()->isDeclaration())
      wrapInCheckpointedLoop(*CB);
  }
}

bool isCheckpointedLoop(const Function &F) {
  return F.hasFnAttribute(CheckpointLoopAttr);
}

bool markBudgetedLoops(Function &F, DerivativeCache &Cache) {
  DominatorTree DT(F);
  LoopInfo LI(DT);
  Module &M = *F.getParent();
  LLVMContext &Ctx = F.getContext();
  FunctionCallee Marker = M.getOrInsertFunction(
      CheckpointMarkerName,
      FunctionType::get(Type::getVoidTy(Ctx),
                        {Type::getInt32Ty(Ctx), Type::getInt64Ty(Ctx)}, false));
  bool Marked = false;
  for (Loop *L : LI) {
    if (any_of(L->blocks(), [](BasicBlock *BB) {
          return any_of(*BB, [](Instruction &I) { return isCheckpointMarker(I); });
        }))
      continue; // The user chose for this loop.
    IRBuilder<> B(&*L->getHeader()->getFirstInsertionPt());
    CallInst *CI = B.CreateCall(
        Marker, {B.getInt32(unsigned(CheckpointKind::Budget)),
                 B.getInt64(int64_t(Cache.options().TapeBudget))});
    CI->setDebugLoc(L->getStartLoc());
    Marked = true;
  }
  return Marked;
}

} // namespace eddy
