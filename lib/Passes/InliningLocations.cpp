//===- InliningLocations.cpp - Inlining without new locations -------------===//
#include "Eddy/Passes/InliningLocations.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace eddy {

static constexpr const char *CallLocKind = "eddy.call.loc";
static constexpr const char *SubprogramKind = "eddy.subprogram";

/// Would the inliner look at \p I's location? (Calls of intrinsics are never
/// inlined.)
static bool isInlinableCall(const Instruction &I) {
  return isa<CallBase>(I) && !isa<IntrinsicInst>(I);
}

PreservedAnalyses HideInliningLocationsPass::run(Module &M,
                                                 ModuleAnalysisManager &) {
  LLVMContext &Ctx = M.getContext();
  const unsigned CallLoc = Ctx.getMDKindID(CallLocKind);
  const unsigned Subprogram = Ctx.getMDKindID(SubprogramKind);
  Type *I32 = Type::getInt32Ty(Ctx);
  for (Function &F : M) {
    DISubprogram *SP = F.getSubprogram();
    if (!SP)
      continue;
    F.setSubprogram(nullptr);
    F.setMetadata(Subprogram, SP);
    for (Instruction &I : instructions(F)) {
      const DILocation *Loc = I.getDebugLoc().get();
      if (!Loc || !isInlinableCall(I))
        continue;
      // !{scope, line, column}: a DILocation may be attached as !dbg only.
      // Nothing is inlined yet, so a call's location has no inlined-at part.
      Metadata *Ops[] = {
          Loc->getScope(),
          ConstantAsMetadata::get(ConstantInt::get(I32, Loc->getLine())),
          ConstantAsMetadata::get(ConstantInt::get(I32, Loc->getColumn()))};
      I.setMetadata(CallLoc, MDTuple::get(Ctx, Ops));
      I.setDebugLoc(DebugLoc());
    }
  }
  return PreservedAnalyses::all(); // Locations and attachments only.
}

static void restoreCalls(Function &F) {
  LLVMContext &Ctx = F.getContext();
  const unsigned CallLoc = Ctx.getMDKindID(CallLocKind);
  for (Instruction &I : instructions(F)) {
    MDNode *Saved = I.getMetadata(CallLoc);
    if (!Saved)
      continue;
    I.setMetadata(CallLoc, nullptr);
    auto *Scope = dyn_cast<DIScope>(Saved->getOperand(0));
    auto *Line = mdconst::dyn_extract<ConstantInt>(Saved->getOperand(1));
    auto *Column = mdconst::dyn_extract<ConstantInt>(Saved->getOperand(2));
    if (Scope && Line && Column && !I.getDebugLoc())
      I.setDebugLoc(DILocation::get(Ctx, Line->getZExtValue(),
                                    Column->getZExtValue(), Scope));
  }
}

PreservedAnalyses RestoreCallLocationsPass::run(Function &F,
                                                FunctionAnalysisManager &) {
  restoreCalls(F);
  return PreservedAnalyses::all();
}

/// Makes \p F's locations valid for its subprogram \p SP again: a location
/// from another function's body (copied by the inliner as it was) gets one
/// inlined-at level, line 0 of F; a call without a location (rebuilt while
/// its location was hidden) takes its neighbour's.
static void anchorLocations(Function &F, DISubprogram &SP) {
  LLVMContext &Ctx = F.getContext();
  DILocation *Outer = nullptr; // Made on first need.
  DenseMap<const DILocation *, DILocation *> Anchored;
  auto Anchor = [&](DILocation *Loc) -> DILocation * {
    if (!Loc || Loc->getInlinedAtScope()->getSubprogram() == &SP)
      return Loc;
    DILocation *&New = Anchored[Loc];
    if (!New) {
      if (!Outer)
        Outer = DILocation::get(Ctx, 0, 0, &SP);
      New = DILocation::get(Ctx, Loc->getLine(), Loc->getColumn(),
                            Loc->getScope(), Outer, Loc->isImplicitCode());
    }
    return New;
  };
  // A loop's metadata holds the locations of its start and end; a loop with
  // several latches has one node on each, which must stay one node.
  DenseMap<MDNode *, MDNode *> LoopIDs;
  auto AnchorLoop = [&](MDNode *ID) -> MDNode * {
    auto [It, New] = LoopIDs.try_emplace(ID, ID);
    if (!New)
      return It->second;
    SmallVector<Metadata *, 4> Ops = {nullptr}; // Itself, set below.
    bool Changed = false;
    for (const MDOperand &Op : drop_begin(ID->operands())) {
      auto *Loc = dyn_cast_or_null<DILocation>(Op.get());
      Ops.push_back(Loc ? Anchor(Loc) : Op.get());
      Changed |= Ops.back() != Op.get();
    }
    if (!Changed)
      return ID;
    MDNode *Anchored = MDNode::getDistinct(Ctx, Ops);
    Anchored->replaceOperandWith(0, Anchored);
    return LoopIDs[ID] = Anchored;
  };
  for (BasicBlock &BB : F) {
    const DILocation *Last = nullptr;
    // Calls without one before the block's first location take that one.
    SmallVector<Instruction *, 4> Waiting;
    for (Instruction &I : BB) {
      if (!I.getDebugLoc() && isInlinableCall(I)) {
        if (Last)
          I.setDebugLoc(Last);
        else
          Waiting.push_back(&I);
      }
      if (DILocation *Loc = I.getDebugLoc().get()) {
        if (DILocation *New = Anchor(Loc); New != Loc)
          I.setDebugLoc(New);
        Last = I.getDebugLoc().get();
        for (Instruction *Call : Waiting)
          Call->setDebugLoc(Last);
        Waiting.clear();
      }
      if (MDNode *ID = I.getMetadata(LLVMContext::MD_loop))
        if (ID->getNumOperands() && ID->getOperand(0) == ID)
          if (MDNode *New = AnchorLoop(ID); New != ID)
            I.setMetadata(LLVMContext::MD_loop, New);
    }
    for (Instruction *Call : Waiting) // A block without any location.
      Call->setDebugLoc(DILocation::get(Ctx, 0, 0, &SP));
  }
}

PreservedAnalyses RestoreInliningLocationsPass::run(Module &M,
                                                    ModuleAnalysisManager &) {
  const unsigned Subprogram = M.getContext().getMDKindID(SubprogramKind);
  // A function cloned while its subprogram was hidden (function
  // specialization) carries the attachment too; a subprogram describes one
  // function, the first.
  SmallPtrSet<DISubprogram *, 32> Attached;
  for (Function &F : M)
    if (DISubprogram *SP = F.getSubprogram())
      Attached.insert(SP);
  for (Function &F : M) {
    restoreCalls(F);
    auto *SP = dyn_cast_or_null<DISubprogram>(F.getMetadata(Subprogram));
    if (!SP)
      continue;
    F.setMetadata(Subprogram, nullptr);
    if (F.getSubprogram() || !Attached.insert(SP).second)
      continue;
    F.setSubprogram(SP);
    anchorLocations(F, *SP);
  }
  return PreservedAnalyses::all();
}

} // namespace eddy
