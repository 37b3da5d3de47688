//===- BlockSplitting.cpp - Bounded blocks for the back end ---------------===//
#include "Eddy/Passes/BlockSplitting.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace eddy {

/// The flag the split points test: zero, never written, read volatile so
/// that no pass folds the test away.
static GlobalVariable &neverSetFlag(Module &M) {
  const char *Name = "eddy.split.never";
  if (GlobalVariable *G = M.getGlobalVariable(Name, /*AllowInternal=*/true))
    return *G;
  Type *I8 = Type::getInt8Ty(M.getContext());
  return *new GlobalVariable(M, I8, /*isConstant=*/false,
                             GlobalValue::InternalLinkage,
                             ConstantInt::get(I8, 0), Name);
}

/// Cuts \p BB every SplitChunk instructions. Returns whether it cut.
static bool splitBlock(BasicBlock &BB, GlobalVariable &Flag,
                       BasicBlock *&Trap) {
  Function &F = *BB.getParent();
  bool Changed = false;
  BasicBlock *Cur = &BB;
  unsigned Count = 0;
  // The entry block's allocas stay in it (moved out, they would become
  // dynamic allocations): no cut before the last of them.
  Instruction *LastAlloca = nullptr;
  if (&BB == &F.getEntryBlock())
    for (Instruction &I : BB)
      if (isa<AllocaInst>(I))
        LastAlloca = &I;
  bool PastAllocas = !LastAlloca;
  for (auto It = Cur->getFirstNonPHIIt(); It != Cur->end(); ++It) {
    Instruction &I = *It;
    if (&I == LastAlloca) {
      PastAllocas = true;
      continue;
    }
    if (I.isTerminator() || I.isEHPad() || isa<DbgInfoIntrinsic>(I) ||
        ++Count < SplitChunk || !PastAllocas)
      continue;
    // A musttail call and its return stay together.
    if (auto *Prev = dyn_cast_or_null<CallInst>(I.getPrevNode());
        Prev && Prev->isMustTailCall())
      continue;
    if (!Trap) {
      Trap = BasicBlock::Create(F.getContext(), "eddy.split.trap", &F);
      IRBuilder<> TB(Trap);
      TB.CreateIntrinsic(Intrinsic::trap, {}, {});
      TB.CreateUnreachable();
    }
    BasicBlock *Tail = Cur->splitBasicBlock(It, Cur->getName() + ".split");
    Instruction *Br = Cur->getTerminator();
    IRBuilder<> B(Br);
    B.SetCurrentDebugLocation(I.getDebugLoc());
    Value *Set = B.CreateICmpNE(
        B.CreateLoad(B.getInt8Ty(), &Flag, /*isVolatile=*/true), B.getInt8(0));
    B.CreateCondBr(Set, Trap, Tail);
    Br->eraseFromParent();
    Changed = true;
    Cur = Tail;
    It = Cur->getFirstNonPHIIt(); // The loop's ++ passes I, now first here.
    Count = 1;
  }
  return Changed;
}

PreservedAnalyses SplitLargeBlocksPass::run(Module &M, ModuleAnalysisManager &) {
  bool Changed = false;
  for (Function &F : M) {
    if (F.isDeclaration() || !F.getName().contains(".eddy."))
      continue;
    SmallVector<BasicBlock *, 4> Large;
    for (BasicBlock &BB : F)
      if (BB.size() > SplitThreshold)
        Large.push_back(&BB);
    BasicBlock *Trap = nullptr;
    for (BasicBlock *BB : Large)
      Changed |= splitBlock(*BB, neverSetFlag(M), Trap);
  }
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

} // namespace eddy
