//===- ReverseReload.cpp - Re-reading memory the function never writes ----===//
//
// A load's value normally crosses from the forward sweep to the adjoint on
// the tape, because the memory may be overwritten before the adjoint runs.
// When nothing in the function writes the object the load reads from (an
// argument or a constant global that every store, memory intrinsic and call
// of the function provably leaves alone), the adjoint reads it again instead:
// no tape traffic, and the adjoint reads memory the forward sweep has just
// brought into the cache. Only the outermost pair may do this: a callee's
// adjoint runs after its caller's remaining forward code, which may write
// the object.
//===----------------------------------------------------------------------===//
#include "CallClassifier.h"
#include "ReverseMode.h"
#include "llvm/Analysis/AliasAnalysis.h"
#include "llvm/Analysis/MemoryLocation.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"

using namespace llvm;

namespace eddy {

/// The objects \p Ptr may point into, when each is one the adjoint could
/// re-read (an argument, a constant global).
static bool readableObjects(Value *Ptr, SmallVectorImpl<const Value *> &Objs) {
  getUnderlyingObjects(Ptr, Objs);
  return !Objs.empty() && all_of(Objs, [](const Value *O) {
    if (auto *GV = dyn_cast<GlobalVariable>(O))
      return GV->isConstant();
    return isa<Argument>(O);
  });
}

void ReverseBuilder::findReloadableObjects() {
  if (!Outermost)
    return;
  SmallPtrSet<const Value *, 8> Candidates;
  for (Instruction &I : instructions(Primal))
    if (auto *LI = dyn_cast<LoadInst>(&I); LI && LI->isSimple()) {
      SmallVector<const Value *, 4> Objs;
      if (readableObjects(LI->getPointerOperand(), Objs))
        Candidates.insert(Objs.begin(), Objs.end());
    }
  if (Candidates.empty())
    return;
  AAResults &AA = Cache.analyses().getResult<AAManager>(Primal);
  SmallPtrSet<const Value *, 8> Written;
  for (Instruction &I : instructions(Primal)) {
    if (!I.mayWriteToMemory())
      continue;
    auto *CB = dyn_cast<CallBase>(&I);
    // libm functions write errno at most, unless they take pointers
    // (frexp, modf, sincos...).
    if (CB && classifyCall(*CB, Act).Kind == CallKind::Elementary &&
        none_of(CB->args(),
                [](const Use &A) { return A->getType()->isPointerTy(); }))
      continue;
    if (isa<DbgInfoIntrinsic>(I) || isa<LifetimeIntrinsic>(I) ||
        isa<AssumeInst>(I))
      continue;
    for (const Value *O : Candidates) {
      if (Written.contains(O))
        continue;
      MemoryLocation Loc = MemoryLocation::getBeforeOrAfter(O);
      bool Mod = true;
      if (auto *SI = dyn_cast<StoreInst>(&I))
        Mod = !AA.isNoAlias(MemoryLocation::get(SI), Loc);
      else if (CB)
        Mod = isModSet(AA.getModRefInfo(CB, Loc));
      if (Mod)
        Written.insert(O);
    }
  }
  for (const Value *O : Candidates)
    if (!Written.contains(O))
      Unwritten.insert(O);
}

Value *ReverseBuilder::reload(LoadInst &LI) {
  if (Unwritten.empty() || !LI.isSimple() || LI.getFunction() != &Primal)
    return nullptr;
  SmallVector<const Value *, 4> Objs;
  if (!readableObjects(LI.getPointerOperand(), Objs) ||
      !all_of(Objs, [&](const Value *O) { return Unwritten.contains(O); }))
    return nullptr;
  Instruction *Copy = LI.clone();
  Copy->setOperand(0, primal(LI.getPointerOperand()));
  Copy->setName(LI.getName() + ".reload");
  return RB.Insert(Copy);
}

} // namespace eddy
