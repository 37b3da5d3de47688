//===- BlockSplitting.cpp - Bounded blocks for the back end ---------------===//
#include "Eddy/Passes/BlockSplitting.h"
#include "Eddy/Passes/LongRanges.h"
#include "Eddy/Passes/PieceOutlining.h"
#include "Eddy/Support/BlockCuts.h"
#include "Eddy/Transform/DerivativeCache.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace eddy {

/// The flag the split points test: zero, read and written volatile so that
/// no pass folds the test away; the only write (of zero) is never reached.
static constexpr const char *FlagName = "eddy.split.never";

static GlobalVariable &neverSetFlag(Module &M) {
  if (GlobalVariable *G = M.getGlobalVariable(FlagName, /*AllowInternal=*/true))
    return *G;
  Type *I8 = Type::getInt8Ty(M.getContext());
  return *new GlobalVariable(M, I8, /*isConstant=*/false,
                             GlobalValue::InternalLinkage,
                             ConstantInt::get(I8, 0), FlagName);
}

/// Ends \p Cur, whose tail from \p At on becomes a block of its own, with a
/// branch around a block that is never entered: `if (flag) flag = 0;` on a
/// volatile flag. Both paths meet again, so the tail still post-dominates
/// \p Cur (a branch to a trap would not: MachineSink then finds every value
/// used past the cut worth sinking, and re-walks the function round after
/// round -- measured 25x its cost on a plain compile).
static void cutBefore(BasicBlock &Cur, BasicBlock::iterator At,
                      GlobalVariable &Flag) {
  Instruction &First = *At;
  BasicBlock *Tail = Cur.splitBasicBlock(At, Cur.getName() + ".split");
  LLVMContext &Ctx = Cur.getContext();
  BasicBlock *Side =
      BasicBlock::Create(Ctx, "eddy.split.side", Cur.getParent(), Tail);
  IRBuilder<> SB(Side);
  SB.SetCurrentDebugLocation(First.getDebugLoc());
  SB.CreateStore(SB.getInt8(0), &Flag, /*isVolatile=*/true);
  SB.CreateBr(Tail);

  Instruction *Br = Cur.getTerminator();
  IRBuilder<> B(Br);
  B.SetCurrentDebugLocation(First.getDebugLoc());
  Value *Set = B.CreateICmpNE(
      B.CreateLoad(B.getInt8Ty(), &Flag, /*isVolatile=*/true), B.getInt8(0));
  B.CreateCondBr(Set, Side, Tail,
                 MDBuilder(Ctx).createUnlikelyBranchWeights());
  Br->eraseFromParent();
}

/// Cuts \p BB every SplitChunk instructions, with \p Flag's branches or,
/// without it, plain ones. Returns whether it cut.
static bool splitBlock(BasicBlock &BB, GlobalVariable *Flag) {
  SmallVector<Instruction *, 16> Cuts = cutPoints(BB, SplitChunk);
  // Last cut first: a split moves the rest of the block into the new one,
  // so cutting from the front would move most of the block at every cut.
  for (Instruction *At : reverse(Cuts)) {
    if (Flag)
      cutBefore(BB, At->getIterator(), *Flag);
    else
      BB.splitBasicBlock(At, BB.getName() + ".split");
  }
  return !Cuts.empty();
}

/// If \p BB ends in a cut of cutBefore's (`if (flag) flag = 0;`), makes it a
/// loop that is never repeated (BlockSplitting.h): the flag's test moves to
/// a block of its own, which the side block branches back to. Returns
/// whether it did.
static bool loopBackCut(BasicBlock &BB, GlobalVariable &Flag) {
  auto *Br = dyn_cast<BranchInst>(BB.getTerminator());
  if (!Br || !Br->isConditional())
    return false;
  auto *Test = dyn_cast<ICmpInst>(Br->getCondition());
  auto *Load = Test ? dyn_cast<LoadInst>(Test->getOperand(0)) : nullptr;
  if (!Load || Load->getPointerOperand() != &Flag || Test->getPrevNode() != Load ||
      Br->getPrevNode() != Test)
    return false;
  // Which successor is the side block (InstCombine may have inverted the
  // test): the one that stores to the flag and goes on to the other.
  for (unsigned S = 0; S < 2; ++S) {
    BasicBlock *Side = Br->getSuccessor(S), *Tail = Br->getSuccessor(1 - S);
    auto *Store = dyn_cast<StoreInst>(&Side->front());
    if (!Store || Store->getPointerOperand() != &Flag ||
        Side->getSingleSuccessor() != Tail || Side->size() != 2 ||
        !Side->getSinglePredecessor() || !Tail->hasNPredecessors(2) ||
        isa<PHINode>(Tail->front()))
      continue;
    BasicBlock *TestBB = BB.splitBasicBlock(Load, "eddy.split.test");
    Side->getTerminator()->setSuccessor(0, TestBB);
    return true;
  }
  return false;
}

/// Cuts \p BB before its terminator when that is a switch of at least
/// IsolatedSwitchCases cases with anything before it (BlockSplitting.h):
/// the switch then starts a block whose one predecessor is the cut's test.
/// Returns whether it cut.
static bool isolateSwitch(BasicBlock &BB) {
  auto *SI = dyn_cast<SwitchInst>(BB.getTerminator());
  if (!SI || SI->getNumCases() < IsolatedSwitchCases ||
      &*BB.getFirstNonPHIOrDbg() == SI)
    return false;
  cutBefore(BB, SI->getIterator(), neverSetFlag(*BB.getModule()));
  return true;
}

/// Puts \p Ret, in a block Early mode has cut, in a block of its own, and
/// stores what it returns (volatile, to a slot of its own) before the cut.
/// InstCombine sinks an instruction into the block of its users when that
/// block returns, and then its operands, and so on: after the early cuts, a
/// forward derivative's tangent arithmetic, used only further on, all sank
/// into the last piece, away from the primal values it reads, which stayed
/// live across the function (straight shape, 200 statements: the tangent of
/// the first sin computed 1,100 lines after it). With the returned value
/// also used before the cut, nothing is used in the returning block alone.
static void isolateReturn(ReturnInst &Ret, GlobalVariable &Flag) {
  BasicBlock &BB = *Ret.getParent();
  auto *Prev = dyn_cast_or_null<CallInst>(Ret.getPrevNode());
  if (&*BB.getFirstNonPHIOrDbg() == &Ret || (Prev && Prev->isMustTailCall()))
    return;
  if (Value *V = Ret.getReturnValue()) {
    Function &F = *BB.getParent();
    IRBuilder<> EB(&F.getEntryBlock(), F.getEntryBlock().begin());
    AllocaInst *Slot = EB.CreateAlloca(V->getType(), nullptr, "eddy.split.ret");
    IRBuilder<> B(&Ret);
    B.CreateStore(V, Slot, /*isVolatile=*/true);
  }
  cutBefore(BB, Ret.getIterator(), Flag);
}

PreservedAnalyses SplitLargeBlocksPass::run(Module &M, ModuleAnalysisManager &) {
  bool Changed = false;
  SmallVector<Function *, 16> Generated; // (Outlining adds functions.)
  for (Function &F : M)
    if (!F.isDeclaration() && F.getName().contains(".eddy."))
      Generated.push_back(&F);
  for (Function *G : Generated) {
    Function &F = *G;
    SmallVector<BasicBlock *, 4> Large;
    for (BasicBlock &BB : F) // (Not BB.size(): a walk of every block.)
      if (hasNItemsOrMore(BB, SplitThreshold + 1))
        Large.push_back(&BB);
    bool Quick = Mode == SplitMode::Quick;
    bool Cut = false;
    for (BasicBlock *BB : Large)
      Cut |= splitBlock(*BB, Quick ? nullptr : &neverSetFlag(M));
    if (Cut && Mode == SplitMode::Early) {
      SmallVector<ReturnInst *, 2> Rets;
      for (BasicBlock &BB : F)
        if (auto *R = dyn_cast<ReturnInst>(BB.getTerminator()))
          Rets.push_back(R);
      for (ReturnInst *R : Rets)
        isolateReturn(*R, neverSetFlag(M));
    }
    Changed |= Cut;
    if (Mode == SplitMode::Final)
      for (BasicBlock *BB : SmallVector<BasicBlock *, 16>(
               make_pointer_range(F))) // Cutting adds blocks.
        Changed |= isolateSwitch(*BB);
    if (Mode == SplitMode::Final)
      Changed |= lowerBranchingSelects(F);
    if (Quick) {
      Changed |= rematerializeAcrossBlocks(F);
      Changed |= outlinePieces(F, OutlineStage::O0);
    }
    // Above -O0 huge functions go to the optimizer pipeline in pieces
    // (PieceOutlining.h); the final cut outlines what the pipeline made huge.
    if (Mode != SplitMode::Quick)
      Changed |= outlinePieces(F, Mode == SplitMode::Early
                                      ? OutlineStage::BeforeOptimizer
                                      : OutlineStage::AfterOptimizer);
  }
  GlobalVariable *Flag = M.getGlobalVariable(FlagName, /*AllowInternal=*/true);
  if (Mode == SplitMode::Final && Flag) {
    SmallVector<BasicBlock *, 16> Blocks; // (Looping back adds blocks.)
    for (Function &F : M) // The generated functions and their pieces.
      if (!F.isDeclaration() && F.getName().contains(".eddy."))
        for (BasicBlock &BB : F)
          Blocks.push_back(&BB);
    for (BasicBlock *BB : Blocks)
      Changed |= loopBackCut(*BB, *Flag);
  }
  // Last, so that no pass promotes the slots back (LongRanges.h).
  if (Mode == SplitMode::Final)
    for (Function &F : M)
      if (F.getName().contains(".eddy."))
        Changed |= demoteLongRanges(F);
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

} // namespace eddy
