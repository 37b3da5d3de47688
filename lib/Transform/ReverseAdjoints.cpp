//===- ReverseAdjoints.cpp - Where the adjoint sweep keeps adjoints -------===//
//
// Each active SSA value's adjoint: an SSA value while it is accumulated and
// taken inside one adjoint block, a zero-initialized stack slot otherwise
// (docs/architecture.md, "Adjoint sweep").
//===----------------------------------------------------------------------===//
#include "ReverseMode.h"
#include "Eddy/Analysis/ActivityAnalysis.h"
#include "Eddy/Rules/MathBuilder.h"
#include "llvm/IR/Instructions.h"

using namespace llvm;

namespace eddy {

//===-- Adjoint slots -----------------------------------------------------===//

bool ReverseBuilder::hasAdjoint(Value *V) const {
  return !isa<Constant>(V) && Act.isActive(V) &&
         isDifferentiableType(V->getType());
}

AllocaInst *ReverseBuilder::slot(Value *V) {
  if (AllocaInst *A = Slots.lookup({V, Lane}))
    return A;
  IRBuilder<> EB(RevEntry, RevEntry->begin());
  AllocaInst *A = EB.CreateAlloca(V->getType(), nullptr,
                                  V->getName() + ".adj" + (Lane ? Twine(Lane) : ""));
  if (Instruction *T = RevEntry->getTerminator())
    EB.SetInsertPoint(T);
  else
    EB.SetInsertPoint(RevEntry);
  EB.CreateStore(Constant::getNullValue(V->getType()), A);
  Slots[{V, Lane}] = A;
  return A;
}

// Compile time: with one stack slot per adjoint, a straight-line function of
// N statements gives mem2reg N slots, each written in the entry (zero) and in
// the adjoint block, and mem2reg scans that block from its start once per
// slot: quadratic (issue 12). Most adjoints are accumulated and taken inside
// one block of the adjoint, though: those are held as SSA values (Pending)
// and only stored to a slot when the code leaves that block before taking
// them.

/// Is \p V's adjoint zero whenever the adjoint of V's block starts? True
/// when every use of V is in V's block (and is not a phi): all its
/// contributions and its take (at V) happen while that block is reversed,
/// and the take leaves it zero for the block's next run.
bool ReverseBuilder::startsAtZero(Value *V) {
  auto *I = dyn_cast<Instruction>(V);
  if (!I || isa<PHINode>(I))
    return false;
  auto [It, New] = BlockLocal.try_emplace(V, true);
  if (New)
    It->second = all_of(I->users(), [&](User *U) {
      auto *UI = dyn_cast<Instruction>(U);
      return UI && !isa<PHINode>(UI) && UI->getParent() == I->getParent();
    });
  return It->second;
}

bool ReverseBuilder::startsOnEdge(Value *V, BasicBlock *Pred, BasicBlock &Join) {
  auto *I = dyn_cast<Instruction>(V);
  if (!I || I->getParent() != Pred || isa<PHINode>(I) || !hasAdjoint(V))
    return false;
  return all_of(I->users(), [&](User *U) {
    auto *UI = dyn_cast<Instruction>(U);
    if (!UI)
      return false;
    if (auto *Phi = dyn_cast<PHINode>(UI))
      return Phi->getParent() == &Join;
    return UI->getParent() == Pred;
  });
}

void ReverseBuilder::setFreshAdjoint(Value *V, Value *D) {
  if (pendingHere(V))
    return addAdjoint(V, D); // Not fresh after all: never drop a sum.
  // Into the slot, whatever block reads it (adjoint blocks are built in the
  // primal's order, so the definition's adjoint may exist already).
  RB.CreateStore(D, slot(V));
}

/// The adjoint of \p V pending as an SSA value that the insertion point
/// sees, or null. One that it cannot see (the code moved on to another
/// block) is stored to V's slot where it became V's adjoint, which is where
/// the slot would have received it.
Value *ReverseBuilder::pendingHere(Value *V) {
  auto It = Pending.find({V, Lane});
  if (It == Pending.end())
    return nullptr;
  PendingAdjoint P = It->second;
  BasicBlock *BB = RB.GetInsertBlock();
  if (P.Block == BB && (RB.GetInsertPoint() == BB->end() || !P.After ||
                        P.After->comesBefore(&*RB.GetInsertPoint())))
    return P.Sum;
  Pending.erase(It);
  AllocaInst *A = slot(V);
  IRBuilder<> SB(P.Block, P.After ? std::next(P.After->getIterator())
                                  : P.Block->getFirstInsertionPt());
  SB.CreateStore(P.Sum, A);
  return nullptr;
}

/// \p Sum, defined before the insertion point, is now V's adjoint.
void ReverseBuilder::keepPending(Value *V, Value *Sum) {
  BasicBlock *BB = RB.GetInsertBlock();
  auto IP = RB.GetInsertPoint();
  Instruction *After = IP == BB->begin() ? nullptr : &*std::prev(IP);
  Pending[{V, Lane}] = {Sum, BB, After};
}

void ReverseBuilder::addAdjoint(Value *V, Value *D) {
  if (!hasAdjoint(V))
    return;
  if (Value *Sum = pendingHere(V))
    return keepPending(V, addAdjointValues(RB, Sum, D));
  if (!Slots.count({V, Lane}) && startsAtZero(V))
    return keepPending(V, D);
  AllocaInst *A = slot(V);
  RB.CreateStore(addAdjointValues(RB, RB.CreateLoad(V->getType(), A), D), A);
}

Value *ReverseBuilder::takeAdjoint(Value *V) {
  if (Value *Sum = pendingHere(V)) {
    Pending.erase({V, Lane});
    if (AllocaInst *A = Slots.lookup({V, Lane}))
      RB.CreateStore(Constant::getNullValue(V->getType()), A);
    return Sum;
  }
  if (!Slots.count({V, Lane}) && startsAtZero(V))
    return Constant::getNullValue(V->getType()); // Nothing was added.
  AllocaInst *A = slot(V);
  Value *D = RB.CreateLoad(V->getType(), A, V->getName() + ".d");
  RB.CreateStore(Constant::getNullValue(V->getType()), A);
  return D;
}

/// D * Factor, but exactly zero when the adjoint D is zero ("strong zero"):
/// a value computed and then not used (a branch of a select, an overwritten
/// store) gets a zero adjoint, and its partial may be infinite (exp of a
/// large argument); 0 * Inf must not turn the whole gradient into NaN.
Value *ReverseBuilder::scaleAdjoint(Value *D, Value *Factor) {
  if (auto *K = dyn_cast<ConstantFP>(Factor); K && K->isExactlyValue(1.0))
    return D; // The addend of an fma, for one.
  return strongZero(RB, RB.CreateFMul(D, Factor), D, Factor,
                    Cache.options().DifferentiableStrongZeros);
}

} // namespace eddy
