//===- ArgumentWrites.cpp - May a call write through a pointer argument ---===//
#include "Eddy/Analysis/ArgumentWrites.h"
#include "Eddy/Analysis/ActivityAnalysis.h"
#include "Eddy/Rules/OpenMpCalls.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/Hashing.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"

using namespace llvm;

namespace eddy {

namespace {
/// How many loads away from the memory being searched the pointer asked
/// about may be (a tuple holding a lambda holding it is 2).
constexpr unsigned MaxHeld = 3;
/// How many calls deep the search follows the pointer. eddy.hpp's entry
/// points at -O0 hand a `const F &` down a dozen calls (std::apply,
/// std::invoke, tuple constructors) before the request that reads it.
constexpr unsigned MaxCalls = 24;
/// How many (value, calls) pairs one search may visit: the search is
/// context-sensitive, and must not cost compile time on large code.
constexpr unsigned MaxVisits = 20000;

/// Follows a pointer through its uses looking for anything but reads: into
/// the callees it is passed to, back to their callers when returned, and
/// into the locals it is stored in (a lambda's capture, a tuple's element,
/// written by a constructor through `this`), whose loads give it back.
class WriteSearch {
public:
  WriteSearch(function_ref<bool(const Value *)> IsActive,
              SmallVectorImpl<const AllocaInst *> &Holders)
      : IsActive(IsActive), Holders(Holders) {}
  bool callMayWrite(const CallBase &CB, unsigned ArgNo, unsigned Held);

private:
  /// May code write through \p V? When \p Held is nonzero, \p V is memory
  /// holding the pointer asked about \p Held loads away: writing into \p V
  /// is harmless, what is loaded from it is followed.
  bool mayWrite(const Value *V, unsigned Held);
  bool useMayWrite(const Use &U, unsigned Held);
  bool storedMayWrite(const Value *Into, unsigned Held);
  bool returnedMayWrite(unsigned Held);
  bool mayBeActive(const Value *V);

  /// Activity of the values of the function the search starts in.
  function_ref<bool(const Value *)> IsActive;
  SmallPtrSet<const Value *, 8> Tracing; ///< mayBeActive's recursion guard.
  /// Locals of the starting function found to hold the pointer.
  SmallVectorImpl<const AllocaInst *> &Holders;

  /// The calls the search went through to reach the current function.
  SmallVector<const CallBase *, 8> Sites;
  /// (value, call site it was reached through), one set per Held.
  /// (value, the calls it was reached through, hashed), one set per Held:
  /// a value reached through other calls returns to other callers.
  DenseSet<std::pair<const Value *, size_t>> Visited[MaxHeld + 1];
  unsigned Budget = MaxVisits; ///< Values left to visit before giving up.
};
} // namespace

bool WriteSearch::callMayWrite(const CallBase &CB, unsigned ArgNo,
                               unsigned Held) {
  if (CB.isLifetimeStartOrEnd() || isa<DbgInfoIntrinsic>(CB))
    return false;
  const Function *Callee = CB.getCalledFunction();
  if (isa<MemSetInst>(CB))
    return false; // Bytes are never active.
  // memcpy out of memory holding the pointer (or out of the pointer's own
  // memory: the pointers read from it are followed like it): the copy holds
  // it too. Into it: whatever the source held, maybe active values.
  if (const auto *MT = dyn_cast<MemTransferInst>(&CB))
    return ArgNo == 0 || storedMayWrite(MT->getDest(), Held ? Held - 1 : 0);
  if (Held == 0 && (CB.onlyReadsMemory(ArgNo) || CB.onlyReadsMemory()))
    return false;
  // A parallel region: the outlined function gets the captured variables
  // after the thread ids (the location and the count are not written).
  if (Callee && classifyOpenMpCall(CB).Kind == OpenMpCallKind::Fork) {
    if (ArgNo < ForkFirstCaptured)
      return false;
    Callee = dyn_cast<Function>(
        CB.getArgOperand(ForkOutlinedArg)->stripPointerCasts());
    ArgNo = ArgNo - ForkFirstCaptured + 2;
  }
  if (!Callee || Callee->isDeclaration() || Callee->isVarArg() ||
      Sites.size() == MaxCalls || ArgNo >= Callee->arg_size())
    return true;
  Sites.push_back(&CB);
  bool Writes = mayWrite(Callee->getArg(ArgNo), Held);
  Sites.pop_back();
  return Writes;
}

/// The pointer (or memory holding it, when \p Held) is stored at \p Into.
bool WriteSearch::storedMayWrite(const Value *Into, unsigned Held) {
  if (Held == MaxHeld)
    return true;
  const Value *Obj = getUnderlyingObject(const_cast<Value *>(Into));
  if (const auto *Local = dyn_cast<AllocaInst>(Obj)) {
    // A local of the function the search started in holds it: activity
    // analysis keeps the two alike (a shadow for both or neither).
    if (Sites.empty() && Held == 0)
      Holders.push_back(Local);
    return mayWrite(Obj, Held + 1);
  }
  // Memory the caller passed in (a constructor's `this`, an sret result):
  // followed in the caller, where it may be a local.
  const auto *A = dyn_cast<Argument>(Obj);
  if (!A || Sites.empty() ||
      Sites.back()->getCalledFunction() != A->getParent() ||
      A->getArgNo() >= Sites.back()->arg_size())
    return true;
  const CallBase *Site = Sites.pop_back_val();
  bool Writes = storedMayWrite(Site->getArgOperand(A->getArgNo()), Held);
  Sites.push_back(Site);
  return Writes;
}

/// Returned by the current function: followed from its call.
bool WriteSearch::returnedMayWrite(unsigned Held) {
  if (Sites.empty())
    return true;
  const CallBase *Site = Sites.pop_back_val();
  bool Writes = mayWrite(Site, Held);
  Sites.push_back(Site);
  return Writes;
}

/// May \p V, a value of the current function, carry a derivative? Traced
/// back through -O0's parameter spill slots and address arithmetic to the
/// caller's operands, and from the starting function's on by its activity.
bool WriteSearch::mayBeActive(const Value *V) {
  Type *T = V->getType();
  if (!isDifferentiableType(T) && !hasShadowPointers(T))
    return false;
  if (isa<ConstantData>(V))
    return false; // null, undef, a number
  if (Sites.empty())
    return isa<Constant>(V) || IsActive(V);
  if (!Tracing.insert(V).second)
    return false; // Its other sources decide.
  bool Active = true;
  const CallBase *Site = Sites.back();
  if (const auto *A = dyn_cast<Argument>(V)) {
    if (A->getParent() == Site->getCalledFunction() &&
        A->getArgNo() < Site->arg_size()) {
      Sites.pop_back();
      Active = mayBeActive(Site->getArgOperand(A->getArgNo()));
      Sites.push_back(Site);
    }
  } else if (isa<GetElementPtrInst>(V) || isa<BitCastInst>(V)) {
    Active = mayBeActive(cast<Instruction>(V)->getOperand(0));
  } else if (const auto *LI = dyn_cast<LoadInst>(V)) {
    // A local only stored into and loaded from: whatever was stored.
    const auto *Slot = dyn_cast<AllocaInst>(LI->getPointerOperand());
    Active = !Slot || any_of(Slot->users(), [&](const User *U) {
      if (isa<LoadInst>(U))
        return false;
      if (const auto *II = dyn_cast<IntrinsicInst>(U))
        return !II->isLifetimeStartOrEnd();
      const auto *SI = dyn_cast<StoreInst>(U);
      return !SI || SI->getValueOperand() == Slot ||
             mayBeActive(SI->getValueOperand());
    });
  }
  Tracing.erase(V);
  return Active;
}

bool WriteSearch::useMayWrite(const Use &U, unsigned Held) {
  const auto *I = dyn_cast<Instruction>(U.getUser());
  if (!I)
    return true;
  if (isa<ICmpInst>(I) || isa<PtrToIntInst>(I))
    return false;
  if (isa<LoadInst>(I)) {
    if (!hasShadowPointers(I->getType()))
      return false;
    if (Held)
      return mayWrite(I, Held - 1);
    // A pointer read through it may be written through, too.
    return mayWrite(I, 0);
  }
  if (const auto *SI = dyn_cast<StoreInst>(I)) {
    if (U.getOperandNo() == 0) // The pointer itself is stored.
      return storedMayWrite(SI->getPointerOperand(), Held);
    // Written into: harmless for memory that only holds the pointer, and
    // when what is written cannot be active (integers, null, the caller's
    // inactive values): a constructor filling a closure with a constant
    // callable and null slots.
    return !Held && mayBeActive(SI->getValueOperand());
  }
  if (isa<GetElementPtrInst>(I) || isa<BitCastInst>(I) || isa<PHINode>(I) ||
      (isa<SelectInst>(I) && U.getOperandNo() != 0))
    return mayWrite(I, Held);
  if (isa<ReturnInst>(I))
    return returnedMayWrite(Held);
  if (const auto *CB = dyn_cast<CallBase>(I))
    return !CB->isArgOperand(&U) ||
           callMayWrite(*CB, CB->getArgOperandNo(&U), Held);
  return true;
}

bool WriteSearch::mayWrite(const Value *V, unsigned Held) {
  if (!Visited[Held].insert({V, size_t(hash_combine_range(Sites.begin(), Sites.end()))}).second)
    return false; // Already being searched.
  if (Budget-- == 0)
    return true; // Too much code to follow: assume the worst.
  for (const Use &U : V->uses())
    if (useMayWrite(U, Held))
      return true;
  return false;
}

bool mayWriteActiveThroughArgument(
    const CallBase &CB, unsigned ArgNo,
    function_ref<bool(const Value *)> IsActive,
    SmallVectorImpl<const AllocaInst *> &Holders) {
  return WriteSearch(IsActive, Holders).callMayWrite(CB, ArgNo, /*Held=*/0);
}

} // namespace eddy
