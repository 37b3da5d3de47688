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
//
// The same holds for a heap block the function allocates once per call and
// whose address goes only to loads, stores and free (scratch filled in one
// phase and read in the next, GMM's exp(q)): a load from it is re-read when
// nothing that may write the block can run after the load. Its free moves
// from the augmented sweep to the adjoint of its allocation, so the block
// still holds those values when the adjoint reads them.
//===----------------------------------------------------------------------===//
#include "CallClassifier.h"
#include "ReverseMode.h"
#include "llvm/Analysis/AliasAnalysis.h"
#include "llvm/Analysis/CFG.h"
#include "llvm/Analysis/CaptureTracking.h"
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

/// The heap block \p CB allocates, when it is allocated at most once per
/// call and its address reaches nothing but loads, stores and the frees
/// (also at most once per call) of the function.
static bool isPrivateHeapBlock(const CallBase &CB,
                               const SmallPtrSetImpl<BasicBlock *> &RunsOnce) {
  if (classifyHeapCall(CB) != HeapCall::Allocate ||
      !RunsOnce.contains(CB.getParent()))
    return false;
  SmallVector<const Value *, 8> Work{&CB};
  SmallPtrSet<const Value *, 16> Seen;
  while (!Work.empty()) {
    const Value *V = Work.pop_back_val();
    if (!Seen.insert(V).second)
      continue;
    for (const Use &U : V->uses()) {
      auto *I = cast<Instruction>(U.getUser());
      if (isa<GetElementPtrInst>(I) || isa<BitCastInst>(I)) {
        Work.push_back(I);
        continue;
      }
      if (isa<LoadInst>(I))
        continue;
      if (auto *SI = dyn_cast<StoreInst>(I); SI && SI->getPointerOperand() == V)
        continue;
      auto *Call = dyn_cast<CallBase>(I);
      if (Call && classifyHeapCall(*Call) == HeapCall::Deallocate &&
          V == &CB && RunsOnce.contains(Call->getParent()))
        continue;
      return false; // Escapes (stored, passed on, compared...).
    }
  }
  return true;
}

bool ReverseBuilder::freesDeferred(const CallBase &CB) const {
  return classifyHeapCall(CB) == HeapCall::Deallocate &&
         HeapWriters.count(CB.getArgOperand(0));
}

void ReverseBuilder::findReloadableObjects() {
  if (!Outermost)
    return;
  SmallPtrSet<const Value *, 8> Candidates;
  for (Instruction &I : instructions(Primal)) {
    if (auto *LI = dyn_cast<LoadInst>(&I); LI && LI->isSimple()) {
      SmallVector<const Value *, 4> Objs;
      if (readableObjects(LI->getPointerOperand(), Objs))
        Candidates.insert(Objs.begin(), Objs.end());
    }
    if (auto *CB = dyn_cast<CallBase>(&I); CB && isPrivateHeapBlock(*CB, RunsOnce))
      HeapWriters[CB]; // Its writers are collected below.
  }
  if (Candidates.empty() && HeapWriters.empty())
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
    auto Modifies = [&](const Value *O) {
      MemoryLocation Loc = MemoryLocation::getBeforeOrAfter(O);
      if (auto *SI = dyn_cast<StoreInst>(&I))
        return !AA.isNoAlias(MemoryLocation::get(SI), Loc);
      if (CB)
        return isModSet(AA.getModRefInfo(CB, Loc));
      return true;
    };
    for (const Value *O : Candidates)
      if (!Written.contains(O) && Modifies(O)) {
        Written.insert(O);
        FirstWriter[O] = &I;
      }
    for (auto &[O, Writers] : HeapWriters)
      if (!(CB && freesDeferred(*CB) && CB->getArgOperand(0) == O) && Modifies(O))
        Writers.push_back(&I);
  }
  for (const Value *O : Candidates)
    if (!Written.contains(O))
      Unwritten.insert(O);
}

/// Whether the heap block \p O still holds, when the adjoint runs, what \p LI
/// read from it: no instruction that may write it can run after \p LI (a
/// writer in a loop around \p LI can, through the backedge).
static bool unchangedAfter(const LoadInst &LI, ArrayRef<Instruction *> Writers,
                           DominatorTree &DT, LoopInfo &LoopI) {
  return none_of(Writers, [&](Instruction *W) {
    return isPotentiallyReachable(&LI, W, nullptr, &DT, &LoopI);
  });
}

Value *ReverseBuilder::reload(LoadInst &LI) {
  if ((Unwritten.empty() && HeapWriters.empty()) || !LI.isSimple() ||
      LI.getFunction() != &Primal)
    return nullptr;
  SmallVector<const Value *, 4> Objs;
  getUnderlyingObjects(LI.getPointerOperand(), Objs);
  if (Objs.empty() || !all_of(Objs, [&](const Value *O) {
        if (Unwritten.contains(O))
          return true;
        auto It = HeapWriters.find(O);
        return It != HeapWriters.end() &&
               unchangedAfter(LI, It->second, *DT, *this->LI);
      }))
    return nullptr;
  Instruction *Copy = LI.clone();
  Copy->setOperand(0, primal(LI.getPointerOperand()));
  Copy->setName(LI.getName() + ".reload");
  return RB.Insert(Copy);
}

} // namespace eddy
