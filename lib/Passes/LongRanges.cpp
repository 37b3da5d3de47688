//===- LongRanges.cpp - Values used across a huge CFG ---------------------===//
//
// LongRanges.h says why. One walk of the function's operands counts, for
// each value, the blocks other than its own that use it (a phi's use counts
// for its incoming block); use lists are not walked.
//===----------------------------------------------------------------------===//
#include "Eddy/Passes/LongRanges.h"
#include "Eddy/Passes/ValueSlots.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"

using namespace llvm;

static cl::opt<unsigned> MinBlocks(
    "eddy-demote-min-blocks", cl::Hidden, cl::init(500),
    cl::desc("Move the values that generated functions of at least this many "
             "blocks use across many blocks to stack slots"));
static cl::opt<unsigned> MinUseBlocks(
    "eddy-demote-min-use-blocks", cl::Hidden, cl::init(64),
    cl::desc("How many other blocks must use a value (or feed a phi) for it "
             "to move to a stack slot"));

namespace eddy {

namespace {

/// Whether \p V can live in a slot of its own: a first-class value of a
/// fixed size, not an address of the frame, and followed by an instruction
/// in its block to store it (a terminator's result is not).
bool isMovable(const Value &V) {
  Type *T = V.getType();
  if (T->isTokenTy() || T->isVoidTy() || T->isLabelTy() ||
      T->isMetadataTy() || !T->isSized() || T->isScalableTy())
    return false;
  if (const auto *A = dyn_cast<Argument>(&V))
    return !A->hasSwiftErrorAttr();
  const auto *I = dyn_cast<Instruction>(&V);
  return I && !I->isTerminator() && !isa<AllocaInst>(I);
}

BasicBlock *definingBlock(Value &V) {
  if (auto *I = dyn_cast<Instruction>(&V))
    return I->getParent();
  return &cast<Argument>(V).getParent()->getEntryBlock();
}

class RangeDemoter {
public:
  explicit RangeDemoter(Function &F) : F(F), Entry(F.getEntryBlock()) {}

  bool run() {
    bool Changed = demoteWidePhis();
    SmallVector<Value *, 16> Long = findLongValues();
    for (Value *V : Long)
      storeAtDefinition(*V);
    rewriteUses(Long);
    return Changed || !Long.empty();
  }

private:
  AllocaInst *newSlot(Value &V) {
    IRBuilder<> B(&Entry, Entry.begin());
    return B.CreateAlloca(V.getType(), nullptr, V.getName() + ".slot");
  }

  /// Whether a store at the end of each of \p Phi's incoming blocks is a
  /// store on the edge into its block: each leads there and nowhere else
  /// (a store before a latch that may also leave the loop would be read,
  /// past the exit, as the phi's value of the next trip), and no incoming
  /// value is the result of that block's terminator.
  static bool isFedOnItsEdges(PHINode &Phi) {
    for (unsigned K = 0, E = Phi.getNumIncomingValues(); K != E; ++K) {
      auto *I = dyn_cast<Instruction>(Phi.getIncomingValue(K));
      if (Phi.getIncomingBlock(K)->getUniqueSuccessor() != Phi.getParent() ||
          (I && I->isTerminator()))
        return false;
    }
    return true;
  }

  /// Phis fed by many blocks: a store at the end of each, a load in place
  /// of the phi, which shares the phi's slot.
  bool demoteWidePhis() {
    SmallVector<PHINode *, 8> Wide;
    for (BasicBlock &BB : F)
      if (!BB.isEHPad())
        for (PHINode &Phi : BB.phis())
          if (Phi.getNumIncomingValues() >= MinUseBlocks && isMovable(Phi) &&
              isFedOnItsEdges(Phi))
            Wide.push_back(&Phi);
    for (PHINode *Phi : Wide) {
      AllocaInst *Slot = newSlot(*Phi);
      SmallPtrSet<BasicBlock *, 32> Stored;
      for (unsigned K = 0, E = Phi->getNumIncomingValues(); K != E; ++K) {
        BasicBlock *Pred = Phi->getIncomingBlock(K);
        if (Stored.insert(Pred).second)
          new StoreInst(Phi->getIncomingValue(K), Slot,
                        Pred->getTerminator()->getIterator());
      }
      IRBuilder<> B(Phi->getParent(), Phi->getParent()->getFirstInsertionPt());
      LoadInst *L = B.CreateLoad(Phi->getType(), Slot, Phi->getName() + ".merged");
      L->takeName(Phi);
      Phi->replaceAllUsesWith(L);
      Phi->eraseFromParent();
      SlotOf[L] = Slot;
      InSlot.insert(L);
    }
    return !Wide.empty();
  }

  /// The values that at least MinUseBlocks other blocks use, in the order
  /// of their first use; records their uses in program order.
  SmallVector<Value *, 16> findLongValues() {
    DenseMap<Value *, unsigned> Blocks;
    DenseSet<std::pair<Value *, BasicBlock *>> Seen;
    for (BasicBlock &BB : F)
      for (Instruction &I : BB) {
        if (I.isEHPad())
          continue;
        for (Use &U : I.operands()) {
          Value *V = U.get();
          if (!isa<Instruction>(V) && !isa<Argument>(V))
            continue;
          BasicBlock *At = readingBlock(U);
          if (At == definingBlock(*V) || !isMovable(*V))
            continue;
          Uses.push_back(&U);
          if (Seen.insert({V, At}).second)
            ++Blocks[V];
        }
      }
    SmallVector<Value *, 16> Long;
    SmallPtrSet<Value *, 16> Added;
    for (Use *U : Uses)
      if (Blocks[U->get()] >= MinUseBlocks && Added.insert(U->get()).second)
        Long.push_back(U->get());
    return Long;
  }

  void storeAtDefinition(Value &V) {
    if (InSlot.contains(&V))
      return;
    AllocaInst *Slot = SlotOf[&V] = newSlot(V);
    new StoreInst(&V, Slot, afterDefinition(V));
  }

  /// Each block that reads a long value loads it once (ValueSlots.h).
  void rewriteUses(ArrayRef<Value *> Long) {
    SmallPtrSet<Value *, 16> IsLong(Long.begin(), Long.end());
    SmallVector<Use *, 0> LongUses;
    for (Use *U : Uses)
      if (IsLong.contains(U->get()))
        LongUses.push_back(U);
    reloadAtUses(LongUses, [&](IRBuilderBase &B, Value &V) {
      return B.CreateLoad(V.getType(), SlotOf[&V], V.getName() + ".reloaded");
    });
  }

  Function &F;
  BasicBlock &Entry;
  DenseMap<Value *, AllocaInst *> SlotOf;
  SmallPtrSet<Value *, 8> InSlot; // Loads of demoted phis.
  SmallVector<Use *, 0> Uses;     // Reads from another block, in order.
};

} // namespace

bool demoteLongRanges(Function &F) {
  if (F.isDeclaration() || F.size() < MinBlocks)
    return false;
  return RangeDemoter(F).run();
}

} // namespace eddy
