//===- WrittenRegions.cpp - Bounds of the memory a loop writes ------------===//
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

bool isDeadEnd(const BasicBlock *BB) {
  for (unsigned Depth = 0; BB && Depth < 4; ++Depth) {
    const Instruction *T = BB->getTerminator();
    if (isa<UnreachableInst>(T))
      return true;
    BB = BB->getSingleSuccessor();
  }
  return false;
}

BasicBlock *normalExit(const Loop &L) {
  SmallVector<BasicBlock *, 4> Exits;
  L.getUniqueExitBlocks(Exits);
  BasicBlock *Normal = nullptr;
  for (BasicBlock *BB : Exits) {
    if (isDeadEnd(BB))
      continue;
    if (Normal)
      return nullptr;
    Normal = BB;
  }
  return Normal;
}

BasicBlock *normalExiting(const Loop &L) {
  SmallVector<BasicBlock *, 4> Exiting;
  L.getExitingBlocks(Exiting);
  BasicBlock *Normal = nullptr;
  for (BasicBlock *BB : Exiting)
    for (BasicBlock *Succ : successors(BB))
      if (!L.contains(Succ) && !isDeadEnd(Succ)) {
        if (Normal && Normal != BB)
          return nullptr;
        Normal = BB;
      }
  return Normal;
}

const SCEV *normalTakenCount(const Loop &L, ScalarEvolution &SE) {
  const SCEV *All = SE.getBackedgeTakenCount(&L);
  if (!isa<SCEVCouldNotCompute>(All))
    return All;
  // The one block that leaves the loop other than into a dead end decides.
  BasicBlock *Normal = normalExiting(L);
  return Normal ? SE.getExitCount(&L, Normal) : All;
}

namespace {
/// Lower and upper bounds of an i64 expression over the iterations of the
/// loops inside a loop L; both invariant in L.
struct Bounds {
  const SCEV *Lo;
  const SCEV *Hi;
};

class RangeFinder {
public:
  RangeFinder(const Loop &L, ScalarEvolution &SE, const DominatorTree &DT)
      : L(L), SE(SE), DT(DT) {}
  /// The block of the access being bounded: which iterations reach it.
  void setContext(const BasicBlock *BB) { Context = BB; }

  std::optional<Bounds> of(const SCEV *S, unsigned Depth = 0) {
    if (Depth > 8)
      return std::nullopt;
    if (SE.isLoopInvariant(S, &L))
      return Bounds{S, S};
    if (const auto *AR = dyn_cast<SCEVAddRecExpr>(S))
      return ofRecurrence(AR, Depth);
    if (const auto *Add = dyn_cast<SCEVAddExpr>(S)) {
      // Interval sums are exact only when one term varies: x - (x/6)*6
      // (x mod 6, in [0, 5]) would be bounded by [-5, 6]. A region wider
      // than what the loop touches is not safe: restoring it would write
      // back stale bytes of whatever lies next to it (a shadow array).
      if (count_if(Add->operands(), [&](const SCEV *Op) {
            return !SE.isLoopInvariant(Op, &L);
          }) > 1)
        return std::nullopt;
      const SCEV *Lo = SE.getZero(S->getType()), *Hi = Lo;
      for (const SCEV *Op : Add->operands()) {
        std::optional<Bounds> B = of(Op, Depth + 1);
        if (!B)
          return std::nullopt;
        Lo = SE.getAddExpr(Lo, B->Lo);
        Hi = SE.getAddExpr(Hi, B->Hi);
      }
      return Bounds{Lo, Hi};
    }
    if (const auto *Mul = dyn_cast<SCEVMulExpr>(S);
        Mul && Mul->getNumOperands() == 2 && isa<SCEVConstant>(Mul->getOperand(0))) {
      const SCEV *C = Mul->getOperand(0);
      std::optional<Bounds> B = of(Mul->getOperand(1), Depth + 1);
      if (!B)
        return std::nullopt;
      if (SE.isKnownNonNegative(C))
        return Bounds{SE.getMulExpr(C, B->Lo), SE.getMulExpr(C, B->Hi)};
      return Bounds{SE.getMulExpr(C, B->Hi), SE.getMulExpr(C, B->Lo)};
    }
    if (const auto *MM = dyn_cast<SCEVMinMaxExpr>(S)) {
      // Monotone in each operand: the same min/max of the bounds (exact
      // when one operand varies, as in u[j > 0 ? j - 1 : 0]).
      if (count_if(MM->operands(), [&](const SCEV *Op) {
            return !SE.isLoopInvariant(Op, &L);
          }) > 1)
        return std::nullopt;
      SmallVector<const SCEV *, 4> Los, His;
      for (const SCEV *Op : MM->operands()) {
        std::optional<Bounds> B = of(Op, Depth + 1);
        if (!B)
          return std::nullopt;
        Los.push_back(B->Lo);
        His.push_back(B->Hi);
      }
      return Bounds{SE.getMinMaxExpr(MM->getSCEVType(), Los),
                    SE.getMinMaxExpr(MM->getSCEVType(), His)};
    }
    if (const auto *Cast = dyn_cast<SCEVIntegralCastExpr>(S);
        Cast && !isa<SCEVTruncateExpr>(S) && !isa<SCEVPtrToIntExpr>(S)) {
      std::optional<Bounds> B = of(Cast->getOperand(), Depth + 1);
      if (!B)
        return std::nullopt;
      auto Extend = [&](const SCEV *X) {
        return isa<SCEVSignExtendExpr>(S) ? SE.getSignExtendExpr(X, S->getType())
                                          : SE.getZeroExtendExpr(X, S->getType());
      };
      return Bounds{Extend(B->Lo), Extend(B->Hi)};
    }
    if (const auto *Div = dyn_cast<SCEVUDivExpr>(S);
        Div && SE.isLoopInvariant(Div->getRHS(), &L)) {
      std::optional<Bounds> B = of(Div->getLHS(), Depth + 1);
      if (!B)
        return std::nullopt;
      return Bounds{SE.getUDivExpr(B->Lo, Div->getRHS()),
                    SE.getUDivExpr(B->Hi, Div->getRHS())};
    }
    return std::nullopt;
  }

private:
  /// {start, +, step} over loop M (inside L) spans start .. start + step * t,
  /// t being M's backedge-taken count, itself bounded over the loops around M.
  std::optional<Bounds> ofRecurrence(const SCEVAddRecExpr *AR, unsigned Depth) {
    const Loop *M = AR->getLoop();
    if (!AR->isAffine() || !L.contains(M))
      return std::nullopt;
    const SCEV *Step = AR->getStepRecurrence(SE);
    if (!SE.isLoopInvariant(Step, &L))
      return std::nullopt;
    const SCEV *Taken = normalTakenCount(*M, SE);
    const BasicBlock *Exiting = normalExiting(*M);
    if (isa<SCEVCouldNotCompute>(Taken) || !Exiting)
      return std::nullopt;
    Taken = SE.getTruncateOrZeroExtend(Taken, Step->getType());
    // An access after M's exit test (M not rotated: the test at the top)
    // runs in one iteration fewer than the test; counting that one too
    // would take in the element past the end, someone else's bytes.
    if (Context && Exiting != Context && DT.dominates(Exiting, Context)) {
      const SCEV *One = SE.getOne(Taken->getType());
      Taken = SE.getMinusSCEV(SE.getUMaxExpr(Taken, One), One);
    }
    std::optional<Bounds> Count = of(Taken, Depth + 1);
    std::optional<Bounds> Start = of(AR->getStart(), Depth + 1);
    if (!Count || !Start)
      return std::nullopt;
    const SCEV *Span = SE.getMulExpr(Step, Count->Hi);
    if (SE.isKnownNonNegative(Step))
      return Bounds{Start->Lo, SE.getAddExpr(Start->Hi, Span)};
    if (SE.isKnownNonPositive(Step))
      return Bounds{SE.getAddExpr(Start->Lo, Span), Start->Hi};
    return std::nullopt;
  }

  const Loop &L;
  ScalarEvolution &SE;
  const DominatorTree &DT;
  const BasicBlock *Context = nullptr;
};

/// Merges ranges that share a base pointer.
class RegionSet {
public:
  RegionSet(ScalarEvolution &SE) : SE(SE) {}
  void add(const SCEV *Base, Bounds B) {
    for (auto &[Key, R] : Regions)
      if (Key == Base) {
        R.Lo = lower(R.Lo, B.Lo);
        R.Hi = upper(R.Hi, B.Hi);
        return;
      }
    Regions.push_back({Base, WrittenRegion{Base, B.Lo, B.Hi}});
  }
  bool contains(const SCEV *Base) const {
    return any_of(Regions, [&](auto &KR) { return KR.first == Base; });
  }
  /// The ranges as offsets from their base pointers.
  void take(SmallVectorImpl<WrittenRegion> &Out, Type *I64) {
    for (auto &[Key, R] : Regions) {
      const SCEV *Base = SE.getPtrToIntExpr(R.Base, I64);
      Out.push_back({R.Base, SE.getMinusSCEV(R.Lo, Base),
                     SE.getMinusSCEV(R.Hi, Base)});
    }
  }

private:
  // Addresses in one object do not wrap: two that differ by a constant
  // (an unrolled loop's accesses) give the lower or higher one itself.
  const SCEV *lower(const SCEV *A, const SCEV *B) {
    if (const auto *D = dyn_cast<SCEVConstant>(SE.getMinusSCEV(A, B)))
      return D->getAPInt().isNegative() ? A : B;
    return SE.getUMinExpr(A, B);
  }
  const SCEV *upper(const SCEV *A, const SCEV *B) {
    if (const auto *D = dyn_cast<SCEVConstant>(SE.getMinusSCEV(A, B)))
      return D->getAPInt().isNegative() ? B : A;
    return SE.getUMaxExpr(A, B);
  }

  ScalarEvolution &SE;
  SmallVector<std::pair<const SCEV *, WrittenRegion>, 4> Regions;
};
} // namespace

bool findWrittenRegions(const Loop &L, ScalarEvolution &SE,
                        const DominatorTree &DT, const LoopInfo &LI,
                        function_ref<CallWrites(const CallBase &)> Classify,
                        SmallVectorImpl<WrittenRegion> &Regions,
                        SmallVectorImpl<WrittenRegion> &Reads,
                        SmallVectorImpl<const CallBase *> &Repeats,
                        UnboundedWrite &Problem) {
  const DataLayout &DL = L.getHeader()->getModule()->getDataLayout();
  Type *I64 = Type::getInt64Ty(L.getHeader()->getContext());
  RangeFinder Range(L, SE, DT);
  RegionSet Set(SE), ReadSet(SE);
  SmallVector<std::pair<const SCEV *, const Instruction *>, 4> UnboundedReads;

  // Adds the bytes [P, P + Size) for every value P and Size take in L.
  // An access under a condition within its iteration (`i > 0 ? s[i-1] : 0`
  // at -O0) does not run in every iteration its address ranges over: its
  // bounds could take in bytes before or after the object.
  auto Conditional = [&](const BasicBlock *BB) {
    const Loop *M = LI.getLoopFor(BB);
    return M && M->getLoopLatch() && !DT.dominates(BB, M->getLoopLatch());
  };
  SmallVector<std::pair<const SCEV *, Bounds>, 4> ConditionalWrites;
  // Guarded reads of one address every time (a field, `s->n`), and the
  // bases some access reaches in every iteration (their fields are there).
  SmallVector<std::tuple<const SCEV *, Bounds, const Instruction *>, 4> GuardedFields;
  SmallPtrSet<const SCEV *, 8> AlwaysReached;
  auto Add = [&](RegionSet &Set, const Instruction &I, const Value *P,
                 const SCEV *Size, bool Write) {
    const SCEV *Address = SE.getSCEV(const_cast<Value *>(P));
    const SCEV *Base = SE.getPointerBase(Address);
    Range.setContext(I.getParent());
    std::optional<Bounds> At = Range.of(SE.getPtrToIntExpr(Address, I64));
    std::optional<Bounds> Bytes = Range.of(SE.getTruncateOrZeroExtend(Size, I64));
    const bool Guarded = Conditional(I.getParent());
    if (!Guarded)
      AlwaysReached.insert(Base);
    if (!Write && Guarded && At && Bytes && At->Lo == At->Hi &&
        isa<SCEVUnknown>(Base)) {
      GuardedFields.push_back({Base, Bounds{At->Lo, SE.getAddExpr(At->Hi, Bytes->Hi)}, &I});
      return true;
    }
    if (!Write && isa<SCEVUnknown>(Base) && (!At || !Bytes || Guarded)) {
      // Resolved once the writes are known (below).
      UnboundedReads.push_back({Base, &I});
      return true;
    }
    if (!At || !Bytes || !isa<SCEVUnknown>(Base)) {
      Problem = {&I, (Twine("the loop ") + (Write ? "writes" : "reads") +
                         " memory at an address that Eddy cannot bound "
                         "before the loop starts (it depends on values the "
                         "loop computes, or on a loop whose trip count is "
                         "unknown)").str()};
      return false;
    }
    Bounds B{At->Lo, SE.getAddExpr(At->Hi, Bytes->Hi)};
    // A guarded write to one address every time (the iteration the
    // optimizer peeled off an inner loop: `tmp[0] = ...` under `n > 0`) is
    // part of the state like any other.
    if (Write && Guarded && At->Lo != At->Hi)
      ConditionalWrites.push_back({Base, B}); // Below: only if needed.
    else
      Set.add(Base, B);
    return true;
  };

  for (const BasicBlock *BB : L.blocks())
    for (const Instruction &I : *BB) {
      if (const auto *St = dyn_cast<StoreInst>(&I)) {
        uint64_t Size = DL.getTypeStoreSize(St->getValueOperand()->getType());
        if (!Add(Set, I, St->getPointerOperand(), SE.getConstant(I64, Size), true))
          return false;
        continue;
      }
      if (const auto *Ld = dyn_cast<LoadInst>(&I)) {
        uint64_t Size = DL.getTypeStoreSize(Ld->getType());
        if (!Add(ReadSet, I, Ld->getPointerOperand(), SE.getConstant(I64, Size), false))
          return false;
        continue;
      }
      if (const auto *MI = dyn_cast<AnyMemIntrinsic>(&I)) {
        const SCEV *Length = SE.getSCEV(MI->getLength());
        if (!Add(Set, I, MI->getRawDest(), Length, true))
          return false;
        if (const auto *MT = dyn_cast<AnyMemTransferInst>(MI))
          if (!Add(ReadSet, I, MT->getRawSource(), Length, false))
            return false;
        continue;
      }
      if (isa<AtomicRMWInst>(I) || isa<AtomicCmpXchgInst>(I)) {
        Problem = {&I, "atomic updates in a checkpointed loop are not supported"};
        return false;
      }
      const auto *CB = dyn_cast<CallBase>(&I);
      if (!CB || CB->onlyReadsMemory() || isa<DbgInfoIntrinsic>(CB) ||
          CB->isLifetimeStartOrEnd() || isa<AssumeInst>(CB))
        continue;
      switch (Classify(*CB)) {
      case CallWrites::None:
        break;
      case CallWrites::Repeat:
        Repeats.push_back(CB);
        break;
      case CallWrites::Unknown:
        Problem = {&I, "the loop calls a function that writes memory Eddy "
                       "cannot bound"};
        return false;
      }
    }
  for (auto [Base, B, At] : GuardedFields) {
    if (AlwaysReached.contains(Base))
      ReadSet.add(Base, B);
    else
      UnboundedReads.push_back({Base, At});
  }
  // A guarded write into an object other writes bound is assumed inside
  // them; alone, its range is all there is.
  for (auto [Base, B] : ConditionalWrites)
    if (!Set.contains(Base))
      Set.add(Base, B);
  // A read Eddy cannot bound is of a whole local or global object, or of an
  // object the loop writes, whose written range is assumed to cover it.
  for (auto [Base, At] : UnboundedReads) {
    const Value *Object = cast<SCEVUnknown>(Base)->getValue();
    if (Set.contains(Base))
      continue;
    std::optional<uint64_t> Size;
    if (const auto *AI = dyn_cast<AllocaInst>(Object))
      if (std::optional<TypeSize> TS = AI->getAllocationSize(DL))
        Size = TS->getFixedValue();
    if (const auto *GV = dyn_cast<GlobalVariable>(Object))
      Size = DL.getTypeAllocSize(GV->getValueType());
    if (!Size) {
      Problem = {At, "the loop reads memory at an address that Eddy cannot "
                     "bound before the loop starts, in an object it does not "
                     "write"};
      return false;
    }
    const SCEV *Lo = SE.getPtrToIntExpr(Base, I64);
    ReadSet.add(Base, Bounds{Lo, SE.getAddExpr(Lo, SE.getConstant(I64, *Size))});
  }
  Set.take(Regions, I64);
  ReadSet.take(Reads, I64);
  return true;
}

} // namespace eddy
