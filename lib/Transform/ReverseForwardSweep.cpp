//===- ReverseForwardSweep.cpp - The augmented forward sweep --------------===//
//
// A copy of the primal that also builds shadow pointers, calls the augmented
// sweeps of the functions it calls, and records on the tape which predecessor
// each join block was entered from. What each block pushes for its adjoint is
// decided by the adjoint sweep and inserted by finishTape().
//===----------------------------------------------------------------------===//
#include "CallClassifier.h"
#include "ParallelRegions.h"
#include "DerivativeRemarks.h"
#include "ReverseMode.h"
#include "Eddy/Transform/BodyCloning.h"
#include "Eddy/Support/Remarks.h"
#include "Eddy/Transform/Generators.h"
#include "Eddy/Transform/Tape.h"
#include "llvm/ADT/PostOrderIterator.h"
#include "llvm/ADT/SCCIterator.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Transforms/Utils/ScalarEvolutionExpander.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/DebugInfo.h"
#include "Eddy/Transform/SplitTape.h"
#include "llvm/Transforms/Utils/Cloning.h"

using namespace llvm;

namespace eddy {

ReverseBuilder::ReverseBuilder(DerivativeCache &Cache, Function &Primal,
                               const ActivitySignature &S, ReversePair Pair,
                               PairKind Kind)
    : Cache(Cache), Primal(Primal), S(S), Pair(Pair),
      Outermost(Kind == PairKind::Outermost), Split(Kind == PairKind::Split),
      Parallel(Kind == PairKind::Parallel || Kind == PairKind::ParallelRegion),
      Region(Kind == PairKind::ParallelRegion),
      Act(Primal, S.Args, &Cache.registrations()),
      DL(Primal.getParent()->getDataLayout()), RB(Primal.getContext()) {
  Remarks = remarksEnabled(Primal.getContext());
  for (unsigned K = 0; K < width(); ++K)
    Lanes.push_back(std::make_unique<ShadowMemory>(
        Primal, *Pair.Augmented, Act, VMap,
        K == 0 ? Cache.diags() : QuietDiags, LocalShadows::Heap, K, width()));
}

bool ReverseBuilder::run() {
  findReservableLoops();
  analyzeLoops();
  placeRecord();
  findReloadableObjects();
  planPrivateShadows();
  buildAugmented();
  if (Cache.diags().hadError())
    return false;
  buildAdjoint();
  if (Cache.diags().hadError())
    return false;
  flushPrivateShadows();
  finishLoops();
  finishTape();
  markTapeNoAlias();
  return !Cache.diags().hadError();
}

/// The backedge-taken count of \p L from its one exit that lets the program
/// go on, if the others lead only into blocks that end in `unreachable` (the
/// default of a `switch` LLVM proved exhaustive, a call to abort): those
/// never make the loop run longer, so reserving for the count is enough.
static const SCEV *countIgnoringDeadEnds(Loop &L, ScalarEvolution &SE) {
  SmallVector<BasicBlock *, 4> Exiting;
  L.getExitingBlocks(Exiting);
  const SCEV *Count = SE.getCouldNotCompute();
  bool Found = false;
  for (BasicBlock *E : Exiting) {
    if (all_of(successors(E), [&](BasicBlock *S) {
          return L.contains(S) || isa<UnreachableInst>(S->getTerminator());
        }))
      continue;
    if (Found)
      return SE.getCouldNotCompute(); // Two ways out.
    Found = true;
    Count = SE.getExitCount(&L, E);
  }
  return Count;
}

void ReverseBuilder::findReservableLoops() {
  FunctionAnalysisManager &FAM = Cache.analyses();
  LoopInfo &LI = FAM.getResult<LoopAnalysis>(Primal);
  // A block runs at most once per call when it lies on no cycle of the CFG.
  // (LoopInfo alone would miss irreducible cycles, entered in two places.)
  for (scc_iterator<Function *> SCC = scc_begin(&Primal); !SCC.isAtEnd(); ++SCC)
    if (!SCC.hasCycle())
      RunsOnce.insert((*SCC).front());
  if (LI.empty()) { // No trip counts, and no scalar evolution to build.
    FAM.invalidate(Primal, PreservedAnalyses::none());
    return;
  }
  ScalarEvolution &SE = FAM.getResult<ScalarEvolutionAnalysis>(Primal);
  // No LCSSA upkeep: the copy is not in LCSSA form, and the phis the
  // expander would add for values used past a loop (a vector's data pointer
  // after the loop that fills it, -O2) would be pointers the activity
  // analysis never saw, left without shadows.
  SCEVExpander Expander(SE, DL, "eddy.tripcount", /*PreserveLCSSA=*/false);
  Type *I64 = Type::getInt64Ty(Primal.getContext());
  for (Loop *L : LI.getLoopsInPreorder()) {
    BasicBlock *Pre = L->getLoopPreheader();
    if (!L->isInnermost() || !Pre)
      continue;
    const SCEV *BTC = SE.getBackedgeTakenCount(L); // Exact, or unknown.
    if (isa<SCEVCouldNotCompute>(BTC))
      BTC = countIgnoringDeadEnds(*L, SE);
    if (isa<SCEVCouldNotCompute>(BTC) || !BTC->getType()->isIntegerTy() ||
        BTC->getType()->getIntegerBitWidth() > 64)
      continue;
    const SCEV *Trips =
        SE.getAddExpr(SE.getZeroExtendExpr(BTC, I64), SE.getOne(I64));
    Instruction *At = Pre->getTerminator();
    if (!Expander.isSafeToExpandAt(Trips, At))
      continue;
    Value *TC = Expander.expandCodeFor(Trips, I64, At);
    Reservable.push_back({SmallVector<BasicBlock *, 8>(L->blocks()), Pre, TC});
  }
  Expander.clear();
  FAM.invalidate(Primal, PreservedAnalyses::none());
}

/// Only Eddy's own functions (the sweeps of callees, the tape's growth) can
/// reach the tape: every other memory access and call is marked as not
/// aliasing it, so LLVM keeps the tape's size and data pointer in registers
/// across user stores and libm calls.
void ReverseBuilder::markTapeNoAlias() {
  auto TouchesTape = [](const CallBase &CB) {
    const Function *F = CB.getCalledFunction();
    // The checkpointing driver calls back steps that push and pop the tape.
    return !F || F->getName().contains(".eddy.") ||
           F->getName().starts_with("eddy.") ||
           F->getName().starts_with("__eddy_ckpt_");
  };
  for (Function *F : {Pair.Augmented, Pair.Adjoint})
    for (BasicBlock &BB : *F)
      for (Instruction &I : BB) {
        auto *CB = dyn_cast<CallBase>(&I);
        if (isa<LoadInst>(I) || isa<StoreInst>(I) || (CB && !TouchesTape(*CB)))
          Cache.tapeScopes().markNoAlias(I);
      }
}

void ReverseBuilder::buildAugmented() {
  Function &Aug = *Pair.Augmented;
  auto NewArg = Aug.arg_begin();
  for (auto [Arg, Active] : zip(Primal.args(), S.Args)) {
    NewArg->setName(Arg.getName());
    VMap[&Arg] = &*NewArg++;
    if (Active && Arg.getType()->isPointerTy())
      for (unsigned K = 0; K < width(); ++K) {
        NewArg->setName(Arg.getName() + ".shadow" + (K ? Twine(K) : ""));
        shadows(K).set(&Arg, &*NewArg++);
      }
  }
  if (Outermost) {
    AugRecord = &*NewArg++;
    AugRecord->setName("record");
  }
  AugTape = &*NewArg;
  AugTape->setName("tape");
  if (Split) // Shadows belong to the tape, which frees them when released.
    for (unsigned K = 0; K < width(); ++K)
      shadows(K).setHeapAllocator(
          [this](IRBuilderBase &B, Value *Size) -> Value * {
            return SplitTape::allocateShadow(
                B, AugTape, Size,
                functionNameString(*Primal.getParent(), Primal));
          });

  cloneBodyInto(Primal, Aug, VMap);

  recordPredecessors();
  ReversePostOrderTraversal<Function *> RPO(&Primal);
  for (BasicBlock *BB : RPO)
    for (Instruction &I : make_early_inc_range(*BB))
      augmentInstruction(I);
  for (unsigned K = 0; K < width(); ++K)
    shadows(K).finishPhis();
  augmentReturns();
  finishPrivateShadowsForward();
}

/// A join block's adjoint must know where the forward sweep came from: a phi
/// numbering the predecessors, pushed with the block's other tape entries.
void ReverseBuilder::recordPredecessors() {
  for (BasicBlock &BB : Primal) {
    SmallVector<BasicBlock *, 4> Preds;
    for (BasicBlock *P : predecessors(&BB))
      if (!is_contained(Preds, P))
        Preds.push_back(P);
    if (Preds.size() < 2)
      continue;
    auto *AugBB = cast<BasicBlock>(VMap[&BB]);
    IRBuilder<> B(AugBB, AugBB->begin());
    PHINode *Id = B.CreatePHI(B.getInt32Ty(), Preds.size(), "eddy.from");
    for (BasicBlock *P : predecessors(&BB))
      Id->addIncoming(B.getInt32(find(Preds, P) - Preds.begin()),
                      cast<BasicBlock>(VMap[P]));
    PredIds[&BB] = Id;
  }
}

void ReverseBuilder::augmentInstruction(Instruction &I) {
  auto *NI = dyn_cast_or_null<Instruction>(shadows(0).mapped(&I));
  if (!NI || NI == &I)
    return;
  IRBuilder<> B(NI->getParent(), std::next(NI->getIterator()));
  if (isa<PHINode>(NI))
    B.SetInsertPoint(NI->getParent()->getFirstNonPHIIt());
  // An active invoke is refused before its result gets a shadow (which would
  // go after the invoke, a terminator).
  if (auto *II = dyn_cast<InvokeInst>(&I)) {
    CallInfo Info = classifyCall(*II, Act);
    if (Info.Kind == CallKind::Refused)
      return refuse(I, Info.Why);
  }
  bool Handled = false;
  for (unsigned K = 0; K < width(); ++K)
    Handled = shadows(K).visitPointer(I, B);
  if (Handled)
    return;
  if (auto Why = refusesConstruct(I, Act))
    return refuse(I, *Why);
  if (auto *SI = dyn_cast<StoreInst>(&I)) {
    if (!Act.isActive(SI->getPointerOperand())) {
      if (Act.isActive(SI->getValueOperand()))
        shadows(0).pointer(SI->getPointerOperand(), SI); // Reports it.
      return;
    }
    if (SI->isVolatile() || SI->isAtomic())
      return refuse(I, "volatile or atomic store to differentiated memory; compute into plain memory and publish the result outside the differentiated function");
    trackSharedStore(*SI, B);
    if (hasShadowPointers(SI->getValueOperand()->getType())) {
      B.SetInsertPoint(NI);
      for (unsigned K = 0; K < width(); ++K)
        shadows(K).storePointer(*SI, B);
    }
    return;
  }
  if (auto *LI = dyn_cast<LoadInst>(&I)) {
    if (PrivateLoadRoot.count(LI))
      trackPrivateShadow(*LI, B);
    if (Act.isActive(LI->getPointerOperand()) &&
        (LI->isVolatile() || LI->isAtomic()) &&
        !isPartOfCompareAndSwapLoop(LI)) // Its cmpxchg is refused.
      refuse(I, "volatile or atomic load of differentiated memory; differentiate a plain (non-volatile, non-atomic) copy of the data");
    return;
  }
  if (isa<AtomicRMWInst>(I) || isa<AtomicCmpXchgInst>(I)) {
    // `#pragma omp atomic` s += v stays; its adjoint reads s's shadow.
    if (Act.isActive(I.getOperand(0)))
      if (auto Why = refusesAtomic(I, Act))
        refuse(I, *Why);
    return;
  }
  if (auto *CB = dyn_cast<CallBase>(&I))
    return augmentCall(*CB, B);
}

void ReverseBuilder::augmentCall(CallBase &CB, IRBuilder<> &B) {
  if (freesDeferred(CB)) { // The adjoint re-reads the block: it frees it.
    cast<Instruction>(VMap[&CB])->eraseFromParent();
    return;
  }
  CallInfo Info = classifyCall(CB, Act);
  bool BodyFallback = enzymeBodyFallback(CB, Info, /*Reverse=*/true);
  remarkCallDerivative(CB, Info, Primal, /*Reverse=*/true, BodyFallback);
  if (BodyFallback)
    Info.Kind = CallKind::Defined;
  switch (Info.Kind) {
  case CallKind::Refused:
    return refuse(CB, Info.Why);
  case CallKind::MemTransfer:
    return augmentMemTransfer(CB, B);
  case CallKind::CustomRule: { // The primal call stays; check the rule now.
    Function &F = *CB.getCalledFunction();
    if (Info.Custom->EnzymeReverse)
      return augmentEnzymeRule(CB, *Info.Custom, B);
    if (!Info.Custom->Adjoint)
      return refuse(CB, "'" + displayName(F) + "' has a registered tangent "
                        "rule but no adjoint rule, which reverse mode needs; "
                        "register one with EDDY_ADJOINT_RULE (or Enzyme's "
                        "__enzyme_register_gradient)");
    if (auto Why = checkRuleSignature(*Info.Custom->Adjoint,
                                      expectedAdjointRuleType(F), F))
      return refuse(CB, *Why);
    return;
  }
  case CallKind::Allocation:
    // The shadow outlives the primal: the adjoint of the allocation frees it.
    // (realloc was split into malloc, memcpy and free by Canonicalize.cpp.)
    for (unsigned K = 0; K < width(); ++K)
      shadows(K).allocate(CB, B, Info.Custom ? &*Info.Custom->Allocation
                                             : nullptr);
    return;
  case CallKind::Defined:
    break;
  case CallKind::OpenMp:
    if (Info.OpenMp == OpenMpCallKind::Fork)
      return augmentFork(CB, B);
    if (Info.OpenMp == OpenMpCallKind::Lock)
      return augmentCriticalEntry(CB);
    return; // Barriers and the ends of critical sections stay.
  default:
    return;
  }
  ActivitySignature CS = callSignature(CB, Act);
  CS.Width = width();
  // A protection stub stands for its body here (enzymeBodyFallback).
  ReversePair Callee = Cache.getReverse(originalOfStub(CB.getCalledFunction()),
                                        CS, &CB, calleeKind());
  if (!Callee.Augmented) {
    if (hasShadowPointers(CB.getType())) // Reported once, at the callee.
      for (unsigned L = 0; L < width(); ++L)
        shadows(L).set(&CB, Constant::getNullValue(CB.getType()));
    return;
  }
  CallsAugmented.insert(CB.getParent());
  auto *NewCall = cast<CallBase>(VMap[&CB]);
  SmallVector<Value *, 8> Args;
  for (auto [K, Active] : enumerate(CS.Args)) {
    Value *A = CB.getArgOperand(K);
    Args.push_back(NewCall->getArgOperand(K));
    if (Active && A->getType()->isPointerTy())
      for (unsigned L = 0; L < width(); ++L)
        Args.push_back(shadows(L).pointer(A, &CB));
  }
  Args.push_back(AugTape);
  B.SetInsertPoint(NewCall);
  CallInst *Call = B.CreateCall(Callee.Augmented, Args);
  Value *Result = Call;
  if (CS.Return && hasShadowPointers(CB.getType())) {
    Result = B.CreateExtractValue(Call, 0);
    for (unsigned L = 0; L < width(); ++L)
      shadows(L).set(&CB, B.CreateExtractValue(Call, 1 + L, CB.getName() + ".shadow"));
  }
  NewCall->replaceAllUsesWith(Result);
  VMap[&CB] = Result;
  NewCall->eraseFromParent();
}

void ReverseBuilder::augmentReturns() {
  Function &Aug = *Pair.Augmented;
  if (!S.Return || !hasShadowPointers(Primal.getReturnType()))
    return;
  for (BasicBlock &BB : Primal) {
    auto *Ret = dyn_cast<ReturnInst>(BB.getTerminator());
    if (!Ret)
      continue;
    auto *NewRet = cast<ReturnInst>(VMap[Ret]);
    IRBuilder<> B(NewRet);
    Value *V = Ret->getReturnValue();
    Value *Pair2 = PoisonValue::get(Aug.getReturnType());
    Pair2 = B.CreateInsertValue(Pair2, shadows(0).mapped(V), 0);
    for (unsigned L = 0; L < width(); ++L)
      Pair2 = B.CreateInsertValue(Pair2, shadows(L).shadow(V, Ret), 1 + L);
    ReturnInst *R = B.CreateRet(Pair2);
    VMap[Ret] = R;
    NewRet->eraseFromParent();
  }
}

bool buildReverse(DerivativeCache &Cache, Function &Primal,
                  const ActivitySignature &S, ReversePair Out, PairKind Kind) {
  return ReverseBuilder(Cache, Primal, S, Out, Kind).run();
}

} // namespace eddy
