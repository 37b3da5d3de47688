//===- ShadowForwarding.cpp - Carry a zeroed shadow to the next adjoint step ===//
//
// The adjoint of an in-place update `u[i] = f(u[i-1], u[i], u[i+1])` reads
// and zeroes the shadow of u[i] (the store's adjoint), and one adjoint
// iteration later adds into that same, now zero, shadow (the adjoint of the
// load of u[i] as the previous cell's right neighbour):
//
//   loop:  D = load P(j);  store 0, P(j);  ...;  v = load Q(j);
//          store v + X, Q(j)                        with Q(j) == P(j-1)
//
// The zero travels through memory to the next iteration, which LLVM's loop
// vectorizer refuses (a store feeding a load one iteration later), and the
// accumulation sits before the update of the adjoint it carries to the next
// cell, which it cannot reorder either. This rewrites such a single-block
// loop to
//
//   pre:   init = load Q(0)
//   loop:  D = load P(j);  ...;  (other work);  store X, Q(j)
//   exit:  store 0, P(last);  store load Q(0) + init, Q(0)
//
// which is the same memory after the loop: every P(j) but the last is Q(j+1)
// and is overwritten by the next iteration, which reads no other copy of it.
// It runs on Eddy's generated functions before the normal optimizer (see
// optimizeGenerated), on loops that are one block (and a latch that only
// counts); the conditions are checked on the loop's addresses with
// ScalarEvolution, and any other access that could touch P or Q in between
// keeps the loop as it is. test/IR/rev-shadow-forwarding.ll.
//===----------------------------------------------------------------------===//
#include "ShadowForwarding.h"
#include "llvm/Analysis/AliasAnalysis.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/MemoryLocation.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/Analysis/ScalarEvolutionExpressions.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PatternMatch.h"
#include "llvm/Transforms/Utils/ScalarEvolutionExpander.h"

using namespace llvm;
using namespace llvm::PatternMatch;

namespace eddy {
namespace {

/// One rewrite: the zeroing store, and the accumulation one iteration later.
struct Candidate {
  StoreInst *Zero;
  LoadInst *AccLoad;
  Instruction *AccAdd;
  StoreInst *AccStore;
  Value *Addend; ///< X in `store v + X, Q(j)`.
};

class Forwarder {
public:
  Forwarder(Loop &L, ScalarEvolution &SE, AAResults &AA, const DataLayout &DL)
      : L(L), BB(*L.getHeader()), SE(SE), AA(AA), DL(DL) {}

  bool run();

private:
  std::optional<Candidate> match(StoreInst &Zero);
  /// P's step per iteration, when \p Ptr is {Start,+,Step} on L with a
  /// constant step.
  const SCEVAddRecExpr *affine(Value *Ptr) const;
  bool othersLeaveAlone(const Candidate &C, int64_t Step, const SCEV *P0);
  void rewrite(const Candidate &C);

  Loop &L;
  BasicBlock &BB;
  ScalarEvolution &SE;
  AAResults &AA;
  const DataLayout &DL;
};

const SCEVAddRecExpr *Forwarder::affine(Value *Ptr) const {
  auto *AR = dyn_cast<SCEVAddRecExpr>(SE.getSCEV(Ptr));
  if (!AR || AR->getLoop() != &L || !AR->isAffine() ||
      !isa<SCEVConstant>(AR->getStepRecurrence(SE)))
    return nullptr;
  return AR;
}

static int64_t stepOf(const SCEVAddRecExpr *AR, ScalarEvolution &SE) {
  return cast<SCEVConstant>(AR->getStepRecurrence(SE))->getAPInt().getSExtValue();
}

static unsigned positionIn(const Instruction *I) {
  unsigned N = 0;
  for (const Instruction &J : *I->getParent()) {
    if (&J == I)
      return N;
    ++N;
  }
  return N;
}

std::optional<Candidate> Forwarder::match(StoreInst &Zero) {
  auto *ZV = dyn_cast<ConstantFP>(Zero.getValueOperand());
  if (!Zero.isSimple() || !ZV || !ZV->isZero() || ZV->isNegative())
    return std::nullopt;
  const SCEVAddRecExpr *P = affine(Zero.getPointerOperand());
  if (!P)
    return std::nullopt;
  int64_t Step = stepOf(P, SE);
  Type *T = ZV->getType();
  if (Step == 0 || (uint64_t)std::abs(Step) < DL.getTypeStoreSize(T))
    return std::nullopt;
  // Q(j) == P(j-1): Q's start is P's start minus one step.
  const SCEV *QStart = SE.getMinusSCEV(P->getStart(), P->getStepRecurrence(SE));
  for (Instruction &I : BB) {
    auto *S = dyn_cast<StoreInst>(&I);
    if (!S || S == &Zero || !S->isSimple() || S->getValueOperand()->getType() != T)
      continue;
    const SCEVAddRecExpr *Q = affine(S->getPointerOperand());
    if (!Q || stepOf(Q, SE) != Step || Q->getStart() != QStart)
      continue;
    // The stored value is `load Q(j) + X`, each used only there.
    Value *A, *B;
    auto *Add = dyn_cast<Instruction>(S->getValueOperand());
    if (!Add || !Add->hasOneUse() || !PatternMatch::match(Add, m_FAdd(m_Value(A), m_Value(B))))
      continue;
    for (auto [LV, X] : {std::pair(A, B), std::pair(B, A)}) {
      auto *Ld = dyn_cast<LoadInst>(LV);
      if (Ld && Ld->isSimple() && Ld->getParent() == &BB && Ld->hasOneUse() &&
          Ld->getPointerOperand() == S->getPointerOperand() &&
          positionIn(Ld) < positionIn(S) && positionIn(&Zero) < positionIn(Ld))
        return Candidate{&Zero, Ld, Add, S, X};
    }
  }
  return std::nullopt;
}

/// Every other memory access of the loop body stays away from P(j) between
/// the zeroing (iteration j) and the accumulation (iteration j+1), from
/// Q(0) (whose first value the rewrite adds after the loop), and nothing
/// after the accumulation touches memory (so its store can move to the end).
bool Forwarder::othersLeaveAlone(const Candidate &C, int64_t Step,
                                 const SCEV *P0) {
  unsigned ZeroAt = positionIn(C.Zero), StoreAt = positionIn(C.AccStore);
  if (getLoadStoreType(C.AccLoad) != C.Zero->getValueOperand()->getType())
    return false;
  const Value *Base = getUnderlyingObject(C.Zero->getPointerOperand());
  // Anywhere in P's array, with the zeroing's alias scopes (the tape's
  // accesses are told apart by those).
  MemoryLocation Whole(C.Zero->getPointerOperand(),
                       LocationSize::beforeOrAfterPointer(),
                       C.Zero->getAAMetadata());
  for (Instruction &I : BB) {
    if (&I == C.Zero || &I == C.AccLoad || &I == C.AccStore || !I.mayReadOrWriteMemory())
      continue;
    if (positionIn(&I) > StoreAt)
      return false;
    Value *Ptr = getLoadStorePointerOperand(&I);
    if (!Ptr) // Calls, fences, atomic read-modify-writes.
      return false;
    if (auto *Ld = dyn_cast<LoadInst>(&I); Ld && !Ld->isSimple())
      return false;
    if (auto *St = dyn_cast<StoreInst>(&I); St && !St->isSimple())
      return false;
    if (AA.isNoAlias(MemoryLocation(Ptr, LocationSize::beforeOrAfterPointer(),
                                    I.getAAMetadata()),
                     Whole))
      continue;
    // The same array: an affine access with the same step, a whole number
    // K of steps away from P, so M(t) == P(t + K). The rewrite changes P(j)
    // between the zeroing (iteration j) and the accumulation (iteration
    // j + 1), and Q(0) == P(-1) until the loop ends: M may touch P(j) only
    // before that (K >= 1, or K == 0 ahead of the zeroing) and never Q(0).
    const SCEVAddRecExpr *M = affine(Ptr);
    if (!M || stepOf(M, SE) != Step || getUnderlyingObject(Ptr) != Base)
      return false;
    auto *D = dyn_cast<SCEVConstant>(SE.getMinusSCEV(M->getStart(), P0));
    if (!D)
      return false;
    int64_t Dist = D->getAPInt().getSExtValue();
    if (Dist % Step != 0)
      return false; // Partly overlapping elements: leave the loop alone.
    int64_t K = Dist / Step;
    if (K < 0 || (K == 0 && positionIn(&I) > ZeroAt))
      return false;
  }
  return true;
}

void Forwarder::rewrite(const Candidate &C) {
  BasicBlock *Pre = L.getLoopPreheader();
  BasicBlock *Exit = L.getExitBlock();
  Value *QPtr = C.AccStore->getPointerOperand();
  Type *T = C.AccLoad->getType();
  Align QAlign = C.AccStore->getAlign();

  // Q(0)'s value before the loop, added back after it.
  SCEVExpander Expander(SE, DL, "eddy.fwdshadow");
  const SCEV *Q0 = cast<SCEVAddRecExpr>(SE.getSCEV(QPtr))->getStart();
  assert(Expander.isSafeToExpandAt(Q0, Pre->getTerminator()) &&
         "checked by run()");
  Value *Q0Ptr = Expander.expandCodeFor(Q0, QPtr->getType(), Pre->getTerminator());
  IRBuilder<> PB(Pre->getTerminator());
  LoadInst *Init = PB.CreateAlignedLoad(T, Q0Ptr, C.AccLoad->getAlign(), "eddy.q0");
  Init->copyMetadata(*C.AccLoad);

  // The last zeroing is the only one no later iteration overwrites.
  IRBuilder<> EB(Exit, Exit->getFirstInsertionPt());
  Value *PLast = C.Zero->getPointerOperand();
  if (auto *PI = dyn_cast<Instruction>(PLast); PI && L.contains(PI)) {
    PHINode *Phi = PHINode::Create(PLast->getType(), 1, "eddy.plast");
    Phi->insertBefore(Exit->begin());
    Phi->addIncoming(PLast, &BB);
    PLast = Phi;
    EB.SetInsertPoint(Exit, Exit->getFirstInsertionPt());
  }
  StoreInst *LastZero = EB.CreateAlignedStore(C.Zero->getValueOperand(), PLast,
                                              C.Zero->getAlign());
  LastZero->copyMetadata(*C.Zero);
  LoadInst *Q0Now = EB.CreateAlignedLoad(T, Q0Ptr, QAlign);
  Q0Now->copyMetadata(*C.AccLoad);
  auto *Sum = cast<Instruction>(EB.CreateFAdd(Q0Now, Init));
  Sum->copyIRFlags(C.AccAdd);
  StoreInst *Fix = EB.CreateAlignedStore(Sum, Q0Ptr, QAlign);
  Fix->copyMetadata(*C.AccStore);

  // In the loop: no zeroing, the accumulation becomes a store of X at the
  // end of the body (after whatever it carries to the next iteration).
  C.AccStore->setOperand(0, C.Addend);
  C.AccStore->moveBefore(BB.getTerminator());
  C.AccAdd->eraseFromParent();
  C.AccLoad->eraseFromParent();
  C.Zero->eraseFromParent();
}

/// The loop is its header, which also leaves it, and perhaps a latch that
/// only counts (the adjoint sweep's shape before LLVM rotates it): the
/// header's instructions are one iteration, in order.
static bool isStraightLoop(Loop &L, BasicBlock &Header) {
  if (L.getExitingBlock() != &Header)
    return false;
  if (L.getNumBlocks() == 1)
    return true;
  BasicBlock *Latch = L.getLoopLatch();
  return L.getNumBlocks() == 2 && Latch && Latch != &Header &&
         Latch->getSinglePredecessor() == &Header &&
         none_of(*Latch, [](Instruction &I) { return I.mayReadOrWriteMemory(); });
}

bool Forwarder::run() {
  BasicBlock *Exit = L.getExitBlock();
  if (!isStraightLoop(L, BB) || !L.getLoopPreheader() || !Exit ||
      Exit->getSinglePredecessor() != &BB || !SE.hasLoopInvariantBackedgeTakenCount(&L))
    return false;
  SmallVector<StoreInst *, 4> Zeros;
  for (Instruction &I : BB)
    if (auto *S = dyn_cast<StoreInst>(&I))
      Zeros.push_back(S);
  bool Changed = false;
  for (StoreInst *Z : Zeros) {
    std::optional<Candidate> C = match(*Z);
    if (!C)
      continue;
    const SCEVAddRecExpr *P = affine(Z->getPointerOperand());
    const SCEV *Q0 = cast<SCEVAddRecExpr>(SE.getSCEV(C->AccStore->getPointerOperand()))
                         ->getStart();
    SCEVExpander Check(SE, DL, "eddy.fwdshadow");
    if (!Check.isSafeToExpandAt(Q0, L.getLoopPreheader()->getTerminator()) ||
        !othersLeaveAlone(*C, stepOf(P, SE), P->getStart()))
      continue;
    rewrite(*C);
    SE.forgetLoop(&L);
    Changed = true;
    break; // One per loop: the addresses above were computed before it.
  }
  return Changed;
}

} // namespace

PreservedAnalyses ShadowForwardingPass::run(Function &F,
                                            FunctionAnalysisManager &FAM) {
  LoopInfo &LI = FAM.getResult<LoopAnalysis>(F);
  ScalarEvolution &SE = FAM.getResult<ScalarEvolutionAnalysis>(F);
  AAResults &AA = FAM.getResult<AAManager>(F);
  bool Changed = false;
  for (Loop *L : LI.getLoopsInPreorder())
    if (L->isInnermost())
      Changed |= Forwarder(*L, SE, AA, F.getParent()->getDataLayout()).run();
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

} // namespace eddy
