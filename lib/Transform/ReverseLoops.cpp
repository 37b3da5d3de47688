//===- ReverseLoops.cpp - Loop-structured reversal ------------------------===//
//
// A natural loop in simplified form (preheader, one latch, dedicated exits)
// is reversed as a counted loop instead of through predecessor ids:
//   - the adjoint keeps the index of the iteration it is reversing in a
//     counter, set where the adjoint enters the loop (the adjoint of an exit
//     block) to the number of backedges the forward sweep took - computed
//     from SCEV's exact backedge-taken count when it can be, otherwise
//     counted by the augmented sweep and pushed once per loop execution - and
//     decremented by the adjoint of the header, which goes back to the latch
//     while it is nonzero and leaves to the preheader when it is zero;
//   - integer induction variables of such loops are rebuilt from the counters
//     (their SCEV at that iteration) instead of being pushed every iteration;
//   - a value computed once per iteration of an outer loop and needed by the
//     adjoint of an inner loop goes to that iteration's frame, a record
//     allocated on the tape when the iteration starts: stored once, read by
//     every inner adjoint iteration. The latch and the exits push the frame's
//     offset so the adjoint finds it; the adjoint of the header drops it.
//===----------------------------------------------------------------------===//
#include "ReverseMode.h"
#include "Eddy/Transform/Tape.h"
#include "llvm/ADT/PostOrderIterator.h"
#include "llvm/Analysis/CFG.h"
#include "llvm/Analysis/ScalarEvolutionExpressions.h"
#include "llvm/IR/CFG.h"

using namespace llvm;

namespace eddy {

void ReverseBuilder::analyzeLoops() {
  FunctionAnalysisManager &FAM = Cache.analyses();
  DT = std::make_unique<DominatorTree>(Primal);
  LI = std::make_unique<LoopInfo>(*DT);
  AC = std::make_unique<AssumptionCache>(Primal);
  TLI.emplace(FAM.getResult<TargetLibraryAnalysis>(Primal));
  SE = std::make_unique<ScalarEvolution>(Primal, *TLI, *AC, *DT, *LI);
  ReversePostOrderTraversal<Function *> RPOT(&Primal);
  Reducible = !containsIrreducibleCFG<const BasicBlock *>(RPOT, *LI);
  for (Loop *L : LI->getLoopsInPreorder()) {
    BasicBlock *Pre = L->getLoopPreheader(), *Latch = L->getLoopLatch();
    if (!Pre || !Latch)
      continue;
    // The header is entered from exactly the preheader and the latch.
    bool Simple = true;
    for (BasicBlock *P : predecessors(L->getHeader()))
      Simple &= P == Pre || P == Latch;
    // Every exit is entered from inside the loop only, so the adjoint of an
    // exit always enters this loop's adjoint.
    SmallVector<BasicBlock *, 4> Exits;
    L->getUniqueExitBlocks(Exits);
    for (BasicBlock *E : Exits)
      for (BasicBlock *P : predecessors(E))
        Simple &= L->contains(P);
    if (!Simple)
      continue;
    auto R = std::make_unique<LoopRev>();
    R->L = L;
    LoopRevs[L] = std::move(R);
  }
  // Exact trip counts, once the set of structured loops (whose counters the
  // count may refer to) is known.
  for (Loop *L : LI->getLoopsInPreorder()) {
    LoopRev *R = structured(L);
    if (!R)
      continue;
    const SCEV *BTC = SE->getBackedgeTakenCount(L);
    if (isa<SCEVCouldNotCompute>(BTC) || !BTC->getType()->isIntegerTy() ||
        BTC->getType()->getIntegerBitWidth() > 64)
      continue;
    SmallVector<BasicBlock *, 4> Exits;
    L->getUniqueExitBlocks(Exits);
    if (all_of(Exits, [&](BasicBlock *E) { return canEmitSCEV(BTC, E); }))
      R->Backedges = BTC;
  }
}

ReverseBuilder::LoopRev *ReverseBuilder::structured(const Loop *L) {
  if (!L)
    return nullptr;
  auto It = LoopRevs.find(L);
  return It == LoopRevs.end() ? nullptr : It->second.get();
}

PHINode *ReverseBuilder::needFromTape(Value *AugValue, const Twine &Name) {
  BasicBlock *Head = RevBlocks[Current];
  IRBuilder<> PB(Head, Head->begin());
  PHINode *Placeholder = PB.CreatePHI(AugValue->getType(), 0, Name);
  Needs[Current].push_back({AugValue, Placeholder});
  return Placeholder;
}

/// A zero-initialized i64 slot in the adjoint's entry block.
static AllocaInst *counterSlot(BasicBlock *Entry, const Twine &Name) {
  IRBuilder<> EB(Entry, Entry->begin());
  AllocaInst *A = EB.CreateAlloca(EB.getInt64Ty(), nullptr, Name);
  if (Instruction *T = Entry->getTerminator())
    EB.SetInsertPoint(T);
  else
    EB.SetInsertPoint(Entry);
  EB.CreateStore(EB.getInt64(0), A);
  return A;
}

void ReverseBuilder::enterBlock(BasicBlock &BB) {
  // The structured loops this block is an exit of: the adjoint enters them
  // here, at the iteration that left.
  SmallPtrSet<Loop *, 4> Seen;
  for (BasicBlock *P : predecessors(&BB))
    for (Loop *L = LI->getLoopFor(P); L && !L->contains(&BB);
         L = L->getParentLoop()) {
      LoopRev *R = structured(L);
      if (!R || !Seen.insert(L).second)
        continue;
      if (!R->Iter)
        R->Iter = counterSlot(RevEntry, L->getHeader()->getName() + ".iter");
      Value *N;
      if (R->Backedges) {
        N = RB.CreateZExtOrTrunc(emitSCEV(R->Backedges), RB.getInt64Ty());
      } else {
        if (!R->AugCounter) {
          // The augmented sweep counts the backedges it takes.
          auto *Header = cast<BasicBlock>(VMap[L->getHeader()]);
          auto *Pre = cast<BasicBlock>(VMap[L->getLoopPreheader()]);
          auto *Latch = cast<BasicBlock>(VMap[L->getLoopLatch()]);
          IRBuilder<> HB(Header, Header->begin());
          R->AugCounter = HB.CreatePHI(HB.getInt64Ty(), 2, "eddy.iter");
          IRBuilder<> LB(Latch->getTerminator());
          Value *Next = LB.CreateAdd(R->AugCounter, LB.getInt64(1));
          R->AugCounter->addIncoming(HB.getInt64(0), Pre);
          R->AugCounter->addIncoming(Next, Latch);
        }
        N = needFromTape(R->AugCounter, "eddy.iter");
      }
      RB.CreateStore(N, R->Iter);
    }
}

bool ReverseBuilder::leaveHeader(BasicBlock &BB,
                                 function_ref<void(BasicBlock *)> EdgeTo) {
  Loop *L = LI->getLoopFor(&BB);
  LoopRev *R = structured(L);
  if (!R || L->getHeader() != &BB)
    return false;
  if (!R->Iter) // Never entered (all exits unreachable): it never runs.
    R->Iter = counterSlot(RevEntry, BB.getName() + ".iter");
  LLVMContext &Ctx = RB.getContext();
  Function &Rev = *Pair.Adjoint;
  BasicBlock *First = BasicBlock::Create(Ctx, BB.getName() + ".first", &Rev);
  BasicBlock *Back = BasicBlock::Create(Ctx, BB.getName() + ".back", &Rev);
  Value *Iter = RB.CreateLoad(RB.getInt64Ty(), R->Iter, BB.getName() + ".i");
  R->HeaderBranch =
      RB.CreateCondBr(RB.CreateICmpEQ(Iter, RB.getInt64(0)), First, Back);
  RB.SetInsertPoint(Back);
  RB.CreateStore(RB.CreateSub(Iter, RB.getInt64(1)), R->Iter);
  EdgeTo(L->getLoopLatch());
  RB.SetInsertPoint(First);
  EdgeTo(L->getLoopPreheader());
  return true;
}

//===-- Induction variables from the counters -----------------------------===//

bool ReverseBuilder::canEmitSCEV(const SCEV *S, const BasicBlock *At,
                                 unsigned Depth) {
  if (Depth > 16 || !S->getType()->isIntegerTy())
    return false;
  switch (S->getSCEVType()) {
  case scConstant:
    return true;
  case scUnknown: {
    Value *V = cast<SCEVUnknown>(S)->getValue();
    return isa<Argument>(V) || isa<ConstantInt>(V) ||
           (isa<Instruction>(V) &&
            cast<Instruction>(V)->getFunction() == &Primal);
  }
  case scUDivExpr: {
    auto *C = dyn_cast<SCEVConstant>(cast<SCEVUDivExpr>(S)->getRHS());
    return C && !C->getValue()->isZero() &&
           canEmitSCEV(cast<SCEVUDivExpr>(S)->getLHS(), At, Depth + 1);
  }
  case scAddRecExpr: {
    auto *AR = cast<SCEVAddRecExpr>(S);
    // The counter of the loop is only meaningful inside its adjoint.
    if (!AR->isAffine() || !structured(AR->getLoop()) ||
        !AR->getLoop()->contains(At))
      return false;
    break;
  }
  case scTruncate:
  case scZeroExtend:
  case scSignExtend:
  case scAddExpr:
  case scMulExpr:
  case scSMaxExpr:
  case scUMaxExpr:
  case scSMinExpr:
  case scUMinExpr:
  case scSequentialUMinExpr:
    break;
  default:
    return false;
  }
  for (const SCEV *Op : S->operands())
    if (!canEmitSCEV(Op, At, Depth + 1))
      return false;
  return true;
}

/// Emits \p S in the current adjoint block; canEmitSCEV said it can. All
/// arithmetic wraps, as SCEV's does.
Value *ReverseBuilder::emitSCEV(const SCEV *S) {
  Type *T = S->getType();
  switch (S->getSCEVType()) {
  case scConstant:
    return cast<SCEVConstant>(S)->getValue();
  case scUnknown:
    return primal(cast<SCEVUnknown>(S)->getValue());
  case scTruncate:
  case scZeroExtend:
  case scSignExtend: {
    Value *Op = emitSCEV(S->operands()[0]);
    if (S->getSCEVType() == scTruncate)
      return RB.CreateTrunc(Op, T);
    return S->getSCEVType() == scZeroExtend ? RB.CreateZExt(Op, T)
                                            : RB.CreateSExt(Op, T);
  }
  case scUDivExpr: {
    auto *D = cast<SCEVUDivExpr>(S);
    return RB.CreateUDiv(emitSCEV(D->getLHS()), emitSCEV(D->getRHS()));
  }
  case scAddRecExpr: {
    auto *AR = cast<SCEVAddRecExpr>(S);
    LoopRev *R = structured(AR->getLoop());
    if (!R->Iter)
      R->Iter = counterSlot(RevEntry,
                            AR->getLoop()->getHeader()->getName() + ".iter");
    Value *Start = emitSCEV(AR->getStart());
    Value *Step = emitSCEV(AR->getStepRecurrence(*SE));
    Value *K = RB.CreateZExtOrTrunc(RB.CreateLoad(RB.getInt64Ty(), R->Iter), T);
    return RB.CreateAdd(Start, RB.CreateMul(K, Step));
  }
  default:
    break;
  }
  // n-ary: add, mul, min/max.
  Value *Acc = nullptr;
  for (const SCEV *OpS : S->operands()) {
    Value *Op = emitSCEV(OpS);
    if (!Acc) {
      Acc = Op;
      continue;
    }
    switch (S->getSCEVType()) {
    case scAddExpr:
      Acc = RB.CreateAdd(Acc, Op);
      break;
    case scMulExpr:
      Acc = RB.CreateMul(Acc, Op);
      break;
    case scSMaxExpr:
      Acc = RB.CreateSelect(RB.CreateICmpSGT(Acc, Op), Acc, Op);
      break;
    case scUMaxExpr:
      Acc = RB.CreateSelect(RB.CreateICmpUGT(Acc, Op), Acc, Op);
      break;
    case scSMinExpr:
      Acc = RB.CreateSelect(RB.CreateICmpSLT(Acc, Op), Acc, Op);
      break;
    default: // umin, umin_seq (the same value when nothing is poison)
      Acc = RB.CreateSelect(RB.CreateICmpULT(Acc, Op), Acc, Op);
      break;
    }
  }
  return Acc;
}

Value *ReverseBuilder::recomputeInduction(PHINode &Phi) {
  if (!Phi.getType()->isIntegerTy() || !SE->isSCEVable(Phi.getType()))
    return nullptr;
  const SCEV *S = SE->getSCEV(&Phi);
  if (!isa<SCEVAddRecExpr>(S) || !canEmitSCEV(S, Current))
    return nullptr;
  if (!InductionsInProgress.insert(&Phi).second)
    return nullptr;
  Value *V = emitSCEV(S);
  InductionsInProgress.erase(&Phi);
  V->setName(Phi.getName() + ".re");
  return V;
}

//===-- Per-iteration frames ----------------------------------------------===//

/// Whether \p BB runs at most once per iteration of its innermost loop \p L:
/// it cannot reach itself inside L without passing L's header.
static bool runsOncePerIteration(BasicBlock *BB, Loop *L) {
  if (BB == L->getHeader())
    return true;
  SmallVector<BasicBlock *, 8> Work(succ_begin(BB), succ_end(BB));
  SmallPtrSet<BasicBlock *, 16> Seen;
  while (!Work.empty()) {
    BasicBlock *X = Work.pop_back_val();
    if (X == BB)
      return false;
    if (X == L->getHeader() || !L->contains(X) || !Seen.insert(X).second)
      continue;
    Work.append(succ_begin(X), succ_end(X));
  }
  return true;
}

Value *ReverseBuilder::fromFrame(Instruction *Def, bool IsShadow,
                                 Value *AugValue) {
  Loop *L = LI->getLoopFor(Def->getParent());
  LoopRev *R = structured(L);
  Loop *Here = LI->getLoopFor(Current);
  // Only reads from the adjoint of an inner loop gain from a frame.
  if (!R || Here == L || !L->contains(Current) ||
      !runsOncePerIteration(Def->getParent(), L))
    return nullptr;
  auto Key = std::make_pair((Value *)Def, entryKind(IsShadow));
  auto [It, New] = FrameSlots.try_emplace(Key, R->FrameBytes);
  if (New) {
    R->Frame.push_back({AugValue, Def->getParent(), R->FrameBytes});
    FrameByAug[AugValue] = {R, R->FrameBytes};
    R->FrameBytes += Tape::slotBytes(DL, AugValue->getType());
  }
  if (!R->FrameBase)
    R->FrameBase =
        counterSlot(RevEntry, L->getHeader()->getName() + ".frame");
  Value *Base = RB.CreateLoad(RB.getInt64Ty(), R->FrameBase);
  Value *V = revTape().loadAt(RB, Base, It->second, AugValue->getType());
  V->setName(Def->getName() + (IsShadow ? ".shadow" : ""));
  return V;
}

/// Whether an iteration of \p L may push anything after its frame: tape
/// entries of its blocks, augmented calls, frames of inner loops.
bool ReverseBuilder::pushesDuringIteration(Loop *L) {
  for (BasicBlock *BB : L->blocks()) {
    auto It = Needs.find(BB);
    if (CallsAugmented.contains(BB) || (It != Needs.end() && !It->second.empty()))
      return true;
  }
  for (Loop *Sub : L->getLoopsInPreorder())
    if (LoopRev *R = structured(Sub); Sub != L && R && !R->Frame.empty())
      return true;
  return false;
}

void ReverseBuilder::finishLoops() {
  DenseMap<BasicBlock *, Instruction *> &Terms = AugTerms;
  for (BasicBlock &BB : Primal)
    Terms[&BB] = cast<BasicBlock>(VMap[&BB])->getTerminator();

  // A value in a frame is read from there by its own loop level's adjoint
  // blocks too, instead of being pushed a second time.
  for (auto &[BB, Entries] : Needs) {
    auto Keep = Entries.begin();
    for (TapeEntry &E : Entries) {
      auto It = FrameByAug.find(E.AugValue);
      if (It == FrameByAug.end() || !It->second.first->L->contains(BB)) {
        *Keep++ = E;
        continue;
      }
      auto [R, Offset] = It->second;
      BasicBlock *Head = RevBlocks[BB];
      IRBuilder<> B(Head, Head->getFirstNonPHIIt());
      Value *Base = B.CreateLoad(B.getInt64Ty(), R->FrameBase);
      Value *V = revTape().loadAt(B, Base, Offset, E.AugValue->getType());
      E.Placeholder->replaceAllUsesWith(V);
      E.Placeholder->eraseFromParent();
    }
    Entries.erase(Keep, Entries.end());
  }

  // In a fixed order, so the output does not depend on pointer values.
  for (Loop *L : LI->getLoopsInPreorder()) {
    LoopRev *R = structured(L);
    if (!R || R->Frame.empty())
      continue;
    // Forward: allocate the frame when the iteration starts, store each
    // value where it is computed.
    auto *AugHeader = cast<BasicBlock>(VMap[L->getHeader()]);
    IRBuilder<> HB(AugHeader, AugHeader->getFirstNonPHIIt());
    Value *Base = augTape().allocRecord(HB, R->FrameBytes);
    storeRecord(Base, R->Frame);
    // The latch and the exits push the frame's offset; their adjoints,
    // where the adjoint enters an iteration, pop it. When nothing else is
    // pushed during an iteration, the frame is the top of the tape where the
    // adjoint enters one from the previous, and the latch pushes nothing.
    SmallVector<BasicBlock *, 4> Enter;
    L->getUniqueExitBlocks(Enter);
    BasicBlock *Latch = L->getLoopLatch();
    if (pushesDuringIteration(L))
      Enter.push_back(Latch);
    else {
      BasicBlock *Head = RevBlocks[Latch];
      IRBuilder<> B(Head, Head->getFirstNonPHIIt());
      B.CreateStore(B.CreateSub(revTape().top(B), B.getInt64(R->FrameBytes)),
                    R->FrameBase);
    }
    for (BasicBlock *BB : Enter) {
      Current = BB;
      PHINode *P = needFromTape(Base, L->getHeader()->getName() + ".frame");
      BasicBlock *Head = RevBlocks[BB];
      IRBuilder<> B(Head, Head->getFirstNonPHIIt());
      B.CreateStore(P, R->FrameBase);
    }
    // The adjoint of the header drops the frame before leaving the
    // iteration (everything pushed above it has been popped).
    IRBuilder<> B(R->HeaderBranch);
    revTape().truncate(B, B.CreateLoad(B.getInt64Ty(), R->FrameBase));
  }
}

} // namespace eddy
