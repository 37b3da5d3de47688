//===- KnownCallees.cpp - Callees Eddy can name ----------------------------===//
#include "Eddy/Analysis/KnownCallees.h"
#include "Eddy/Analysis/ActivityAnalysis.h"
#include "llvm/Analysis/ConstantFolding.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/GlobalStatus.h"

using namespace llvm;

namespace eddy {

/// Whether \p G holds, whenever code runs, the value its initializer gives
/// it. An external global may be written by another translation unit.
static bool holdsInitializer(const GlobalVariable &G) {
  if (!G.hasDefinitiveInitializer())
    return false;
  if (G.isConstant())
    return true;
  if (!G.hasLocalLinkage())
    return false;
  GlobalStatus GS;
  if (GlobalStatus::analyzeGlobal(&G, GS))
    return false; // Its address escapes: anything may write it.
  return GS.StoredType == GlobalStatus::NotStored ||
         GS.StoredType == GlobalStatus::InitializerStored;
}

Constant *knownLoadedValue(const LoadInst &LI) {
  if (!LI.isSimple())
    return nullptr;
  const DataLayout &DL = LI.getModule()->getDataLayout();
  APInt Offset(DL.getIndexTypeSizeInBits(LI.getPointerOperandType()), 0);
  const auto *G = dyn_cast<GlobalVariable>(
      LI.getPointerOperand()->stripAndAccumulateConstantOffsets(
          DL, Offset, /*AllowNonInbounds=*/true));
  if (!G || !holdsInitializer(*G))
    return nullptr;
  return ConstantFoldLoadFromConst(const_cast<Constant *>(G->getInitializer()),
                                   LI.getType(), Offset, DL);
}

Function *knownCallee(const CallBase &CB) {
  if (Function *F = CB.getCalledFunction())
    return F;
  const auto *LI =
      dyn_cast<LoadInst>(CB.getCalledOperand()->stripPointerCasts());
  Constant *C = LI ? knownLoadedValue(*LI) : nullptr;
  auto *F = C ? dyn_cast<Function>(C->stripPointerCasts()) : nullptr;
  // Calling a function through another type is undefined; leave it alone.
  return F && F->getFunctionType() == CB.getFunctionType() ? F : nullptr;
}

static bool returnsFreshHeap(const Function &F, unsigned Depth) {
  if (F.isDeclaration() || !F.getReturnType()->isPointerTy() || Depth > 3)
    return false;
  for (const BasicBlock &BB : F) {
    const auto *Ret = dyn_cast<ReturnInst>(BB.getTerminator());
    if (!Ret || !Ret->getReturnValue())
      continue;
    SmallVector<const Value *, 4> Objects;
    getUnderlyingObjects(Ret->getReturnValue(), Objects);
    for (const Value *O : Objects) {
      const auto *Call = dyn_cast<CallBase>(O);
      if (!Call)
        continue;
      if (classifyHeapCall(*Call) == HeapCall::Allocate ||
          classifyHeapCall(*Call) == HeapCall::Reallocate)
        return true;
      const Function *Callee = knownCallee(*Call);
      // A pointer from a call Eddy cannot name may be a heap block too:
      // giving it a shadow makes the differentiation of F reach that call,
      // which is then refused, there, for what it is.
      if (!Callee && !Call->isInlineAsm())
        return true;
      if (Callee && Callee->isDeclaration()) {
        // An allocator reached through a global table: classify it by name
        // the same way (classifyHeapCall looks at direct callees only).
        StringRef N = Callee->getName();
        if (N == "malloc" || N == "calloc" || N == "aligned_alloc" ||
            N == "memalign" || N == "valloc" || N == "realloc")
          return true;
      }
      if (Callee && returnsFreshHeap(*Callee, Depth + 1))
        return true;
    }
  }
  return false;
}

bool returnsFreshHeap(const Function &F) { return returnsFreshHeap(F, 0); }

} // namespace eddy
