//===- ScratchRegions.cpp - Written ranges dead when a step starts --------===//
//
// isDeadOnEntry (Eddy/Analysis/WrittenRegions.h): a range R that a loop L
// writes is scratch when every iteration writes all of R before it reads any
// of it. A snapshot of L's state then needs no copy of R.
//
// The writes that can cover what a step reads of R are
//  - stores at constant offsets from R's start (an iteration the optimizer
//    peeled, an inner loop it unrolled), and
//  - at most one store over an inner loop W, one element per iteration,
//    from a constant offset on;
// pieces without gaps from R's start, then W's elements: bytes [0, End).
// Every read of R's base in L must
//  - read within [0, End), and
//  - come after each covering write on every path from the top of the
//    iteration, except on paths where that write is skipped by a branch
//    after which scalar evolution knows the write would not have written
//    anything the read reads (W's trip count is not positive; the read
//    ends before the piece starts).
// Bytes of R that no step reads before writing them need no snapshot: the
// steps recomputed in the backward sweep never see them, and the forward
// sweep leaves their final values where the program after the loop finds
// them.
// The critical edges of L are split first (CheckpointOutlining.cpp), so that
// each skipping edge has a block of its own whose entry condition scalar
// evolution can use.
//===----------------------------------------------------------------------===//
#include "Eddy/Analysis/WrittenRegions.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/Analysis/ScalarEvolutionExpressions.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace eddy {

namespace {

/// One of the writes that together cover R.
struct Cover {
  const StoreInst *Store;
  const Loop *W = nullptr;       ///< The inner loop it runs over, if any.
  const SCEV *Trips = nullptr;   ///< W's trip count.
  int64_t Start = 0;             ///< Its first byte, from R's start.
  const SCEV *End = nullptr;     ///< One past its last byte.
};

class ScratchProof {
public:
  ScratchProof(const Loop &L, const WrittenRegion &R, ScalarEvolution &SE,
               const DominatorTree &DT, const LoopInfo &LI)
      : L(L), R(R), SE(SE), DT(DT), LI(LI),
        DL(L.getHeader()->getModule()->getDataLayout()),
        I64(Type::getInt64Ty(L.getHeader()->getContext())),
        Base(SE.getPtrToIntExpr(R.Base, I64)) {}

  bool run();

private:
  bool reaches(const Value *P) const {
    return P->getType()->isPointerTy() &&
           SE.getPointerBase(SE.getSCEV(const_cast<Value *>(P))) == R.Base;
  }
  /// \p P's address as an offset from R's start.
  const SCEV *offset(const Value *P) const {
    return SE.getMinusSCEV(
        SE.getMinusSCEV(SE.getPtrToIntExpr(SE.getSCEV(const_cast<Value *>(P)), I64),
                        Base),
        R.Lo);
  }
  bool findCovers();
  std::optional<Cover> loopCover(const StoreInst &St);
  /// One past the last byte \p I reads through \p P, if its bytes are all
  /// in [0, End).
  const SCEV *readEnd(const Value *P, const Instruction &I) const;
  bool after(const Instruction &I, const Cover &C, const SCEV *ReadEnd) const;
  bool notPositive(const BasicBlock *At, const SCEV *X) const;

  const Loop &L;
  const WrittenRegion &R;
  ScalarEvolution &SE;
  const DominatorTree &DT;
  const LoopInfo &LI;
  const DataLayout &DL;
  Type *I64;
  const SCEV *Base;
  SmallVector<Cover, 16> Covers;
  const SCEV *End = nullptr; ///< What the covers write: [0, End) of R.
};

} // namespace

/// Is \p X <= 0 known on entry to \p At? A positive constant factor (a size
/// in bytes) is divided out first: byte counts of objects do not overflow.
bool ScratchProof::notPositive(const BasicBlock *At, const SCEV *X) const {
  const SCEV *Zero = SE.getZero(I64);
  if (SE.isBasicBlockEntryGuardedByCond(At, ICmpInst::ICMP_SLE, X, Zero))
    return true;
  // d + c * Y (c > 0, dividing d; c = 1 too) as Y <= -d / c: scalar
  // evolution compares a value with a constant more easily.
  const SCEV *D = Zero, *M = X;
  if (const auto *Add = dyn_cast<SCEVAddExpr>(X); Add && Add->getNumOperands() == 2 &&
                                                  isa<SCEVConstant>(Add->getOperand(0))) {
    D = Add->getOperand(0);
    M = Add->getOperand(1);
  }
  APInt C(64, 1);
  const SCEV *Y = M;
  if (const auto *Mul = dyn_cast<SCEVMulExpr>(M);
      Mul && Mul->getNumOperands() == 2 && isa<SCEVConstant>(Mul->getOperand(0))) {
    C = cast<SCEVConstant>(Mul->getOperand(0))->getAPInt();
    Y = Mul->getOperand(1);
  }
  const APInt &DV = cast<SCEVConstant>(D)->getAPInt();
  if (!C.isStrictlyPositive() || DV.srem(C) != 0 || Y == X)
    return false;
  return SE.isBasicBlockEntryGuardedByCond(At, ICmpInst::ICMP_SLE, Y,
                                           SE.getConstant(-DV.sdiv(C)));
}

std::optional<Cover> ScratchProof::loopCover(const StoreInst &St) {
  // One way out of W, which every iteration reaches after the store.
  const Loop *W = LI.getLoopFor(St.getParent());
  if (!W || W->getParentLoop() != &L || !W->getExitingBlock() ||
      !W->getExitBlock() || !DT.dominates(St.getParent(), W->getExitingBlock()))
    return std::nullopt;
  const auto *AR = dyn_cast<SCEVAddRecExpr>(SE.getSCEV(const_cast<Value *>(St.getPointerOperand())));
  const SCEV *Size =
      SE.getConstant(I64, DL.getTypeStoreSize(St.getValueOperand()->getType()));
  const SCEV *Taken = SE.getBackedgeTakenCount(W);
  if (!AR || AR->getLoop() != W || !AR->isAffine() ||
      isa<SCEVCouldNotCompute>(Taken) || AR->getStepRecurrence(SE) != Size)
    return std::nullopt;
  const SCEV *Trips =
      SE.getAddExpr(SE.getTruncateOrSignExtend(Taken, I64), SE.getOne(I64));
  const auto *Start = dyn_cast<SCEVConstant>(SE.getMinusSCEV(
      SE.getMinusSCEV(SE.getPtrToIntExpr(AR->getStart(), I64), Base), R.Lo));
  if (!Start)
    return std::nullopt;
  return Cover{&St, W, Trips, Start->getAPInt().getSExtValue(),
               SE.getAddExpr(Start, SE.getMulExpr(Trips, Size))};
}

bool ScratchProof::findCovers() {
  SmallVector<std::pair<int64_t, int64_t>, 16> Bytes;
  const Cover *Loop = nullptr;
  for (const BasicBlock *BB : L.blocks())
    for (const Instruction &I : *BB) {
      const auto *St = dyn_cast<StoreInst>(&I);
      if (!St || !reaches(St->getPointerOperand()))
        continue;
      int64_t Size = DL.getTypeStoreSize(St->getValueOperand()->getType());
      if (const auto *Off = dyn_cast<SCEVConstant>(offset(St->getPointerOperand()));
          Off && LI.getLoopFor(BB) == &L) {
        int64_t At = Off->getAPInt().getSExtValue();
        Covers.push_back({St, nullptr, nullptr, At, SE.getConstant(I64, At + Size)});
        Bytes.push_back({At, At + Size});
      } else if (std::optional<Cover> C = loopCover(*St)) {
        Covers.push_back(*C);
      } else {
        return false; // Another write: it would have to precede reads too.
      }
    }
  for (const Cover &C : Covers)
    if (C.W) {
      if (Loop)
        return false;
      Loop = &C;
    }
  // The pieces without a gap from R's start, then W's elements.
  llvm::sort(Bytes);
  int64_t Reached = 0;
  for (auto [From, To] : Bytes) {
    if (From > Reached)
      break;
    Reached = std::max(Reached, To);
  }
  End = Loop && Reached >= Loop->Start ? Loop->End : SE.getConstant(I64, Reached);
  return !Covers.empty();
}

const SCEV *ScratchProof::readEnd(const Value *P, const Instruction &I) const {
  const SCEV *Size = SE.getOne(I64);
  if (const auto *Ld = dyn_cast<LoadInst>(&I))
    Size = SE.getConstant(I64, DL.getTypeStoreSize(Ld->getType()));
  else if (const auto *MT = dyn_cast<AnyMemTransferInst>(&I))
    Size = SE.getTruncateOrZeroExtend(SE.getSCEV(MT->getLength()), I64);
  if (!SE.isLoopInvariant(Size, &L))
    return nullptr;
  // At a constant offset, or over an inner loop from a start to an end.
  const SCEV *First = offset(P), *Last = First;
  if (const auto *AR = dyn_cast<SCEVAddRecExpr>(First)) {
    const SCEV *Taken = SE.getBackedgeTakenCount(AR->getLoop());
    if (!AR->isAffine() || isa<SCEVCouldNotCompute>(Taken) ||
        !L.contains(AR->getLoop()) || AR->getLoop() == &L ||
        !SE.isKnownNonNegative(AR->getStepRecurrence(SE)))
      return nullptr;
    First = AR->getStart();
    Last = AR->evaluateAtIteration(SE.getTruncateOrZeroExtend(Taken, I64), SE);
  }
  const SCEV *ReadEnd = SE.getAddExpr(Last, Size);
  if (!SE.isLoopInvariant(First, &L) || !SE.isLoopInvariant(Last, &L) ||
      !SE.isKnownNonNegative(First) ||
      !SE.isKnownPredicate(ICmpInst::ICMP_SLE, ReadEnd, End))
    return nullptr;
  return ReadEnd;
}

/// Does every path from the top of the iteration to \p I run \p C's write
/// before it, or skip it where it would not write what \p I reads?
bool ScratchProof::after(const Instruction &I, const Cover &C,
                         const SCEV *ReadEnd) const {
  const SCEV *Needed =
      C.W ? C.Trips : SE.getMinusSCEV(ReadEnd, SE.getConstant(I64, C.Start));
  auto Harmless = [&](const BasicBlock *Skip) {
    return Skip->getSinglePredecessor() && notPositive(Skip, Needed);
  };
  const BasicBlock *Target = I.getParent();
  const BasicBlock *Writer = C.Store->getParent();
  if (C.W ? C.W->contains(Target) : Target == Writer)
    return !C.W && C.Store->comesBefore(&I);
  auto Writes = [&](const BasicBlock *BB) {
    return C.W ? C.W->contains(BB) : BB == Writer;
  };
  SmallVector<const BasicBlock *, 16> Work{L.getHeader()};
  SmallPtrSet<const BasicBlock *, 32> Seen{L.getHeader()};
  while (!Work.empty()) {
    const BasicBlock *BB = Work.pop_back_val();
    if (BB == Target)
      return false; // Reached without the write.
    if (Writes(BB))
      continue;
    for (const BasicBlock *Succ : successors(BB))
      if (L.contains(Succ) && Succ != L.getHeader() && !Harmless(Succ) &&
          Seen.insert(Succ).second)
        Work.push_back(Succ);
  }
  return true;
}

bool ScratchProof::run() {
  if (!findCovers())
    return false;
  for (const BasicBlock *BB : L.blocks())
    for (const Instruction &I : *BB) {
      const Value *Read = nullptr;
      if (const auto *Ld = dyn_cast<LoadInst>(&I))
        Read = Ld->getPointerOperand();
      else if (const auto *MT = dyn_cast<AnyMemTransferInst>(&I))
        Read = MT->getRawSource();
      else if (const auto *CB = dyn_cast<CallBase>(&I);
               CB && !isa<AnyMemIntrinsic>(CB) &&
               any_of(CB->args(), [&](const Use &A) { return reaches(A.get()); }))
        return false; // A callee may read it.
      if (!Read || !reaches(Read))
        continue;
      const SCEV *ReadEnd = readEnd(Read, I);
      if (!ReadEnd ||
          !all_of(Covers, [&](const Cover &C) { return after(I, C, ReadEnd); }))
        return false;
    }
  return true;
}

bool isDeadOnEntry(const Loop &L, const WrittenRegion &R, ScalarEvolution &SE,
                   const DominatorTree &DT, const LoopInfo &LI) {
  return ScratchProof(L, R, SE, DT, LI).run();
}

} // namespace eddy
