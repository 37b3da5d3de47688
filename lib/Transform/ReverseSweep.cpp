//===- ReverseSweep.cpp - The adjoint sweep: control flow, arithmetic, calls ===//
#include "CallClassifier.h"
#include "ReverseMode.h"
#include "TapePlacement.h"
#include "Eddy/Rules/MathBuilder.h"
#include "Eddy/Transform/Checkpointing.h"
#include "Eddy/Analysis/Registrations.h"
#include "Eddy/Rules/ElementaryRules.h"
#include "Eddy/Transform/Tape.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/IntrinsicInst.h"

using namespace llvm;

namespace eddy {
namespace {

/// Reverse mode reloads the primal values a rule needs from the tape.
class ReverseRuleContext : public RuleContext {
public:
  ReverseRuleContext(IRBuilderBase &B, Type *FPType,
                     std::function<Value *(unsigned)> X,
                     std::function<Value *()> Y)
      : RuleContext(B, FPType), X(std::move(X)), Y(std::move(Y)) {}
  Value *x(unsigned I) override { return X(I); }
  Value *y() override { return Y(); }

private:
  std::function<Value *(unsigned)> X;
  std::function<Value *()> Y;
};

} // namespace

Value *addAdjointValues(IRBuilderBase &B, Value *A, Value *D) {
  Type *T = A->getType();
  if (T->isFPOrFPVectorTy()) {
    // The sign of a zero adjoint carries no information: `nsz` lets LLVM
    // fold the accumulation into a zero-initialized slot away. An adjoint is
    // a sum of contributions whose order is an artefact of the reversal (not
    // an order the program asked for), so `reassoc` lets LLVM vectorize an
    // adjoint accumulated over a loop (the adjoint of a loop-invariant value)
    // at the cost of a summation's usual rounding; primal and tangent
    // arithmetic keep their order (docs/architecture.md, "Adjoint sums").
    // A negated contribution (the adjoint of a subtrahend) is subtracted:
    // one instruction where `fadd (fneg x)` takes two until InstCombine,
    // which -O0 does not run; a - x is a + (-x) bit for bit. The fneg may
    // still be held elsewhere (a pending adjoint); clean-up drops it if not.
    auto Negated = [](Value *V) {
      auto *N = dyn_cast<UnaryOperator>(V);
      return N && N->getOpcode() == Instruction::FNeg ? N->getOperand(0) : nullptr;
    };
    Value *Sum;
    if (Value *X = Negated(D))
      Sum = B.CreateFSub(A, X);
    else if (Value *X = Negated(A))
      Sum = B.CreateFSub(D, X);
    else
      Sum = B.CreateFAdd(A, D);
    if (auto *I = dyn_cast<Instruction>(Sum)) {
      I->setHasNoSignedZeros(true);
      I->setHasAllowReassoc(true);
    }
    return Sum;
  }
  unsigned N = 0;
  if (auto *ST = dyn_cast<StructType>(T))
    N = ST->getNumElements();
  else if (auto *AT = dyn_cast<ArrayType>(T))
    N = AT->getNumElements();
  else
    return A;
  Value *R = A;
  for (unsigned K = 0; K < N; ++K) {
    Value *AK = B.CreateExtractValue(A, K);
    Value *DK = B.CreateExtractValue(D, K);
    Value *E = addAdjointValues(B, AK, DK);
    R = B.CreateInsertValue(R, E, K);
  }
  return R;
}

//===-- Values of the forward sweep inside the adjoint --------------------===//

Value *ReverseBuilder::fromTape(Value *Key, bool IsShadow, Value *AugValue) {
  auto CacheKey = std::make_pair(Key, entryKind(IsShadow));
  if (Value *V = BlockCache.lookup(CacheKey))
    return V;
  auto *Def = dyn_cast<Instruction>(Key);
  if (Remarks)
    TapeOrigins.try_emplace(AugValue, Key, IsShadow);
  if (Def && Def->getFunction() == &Primal && RunsOnce.contains(Def->getParent()))
    return BlockCache[CacheKey] =
               fromRecord(CacheKey, AugValue, Def->getParent(),
                          Key->getName() + (IsShadow ? ".shadow" : ""));
  if (Def && Def->getFunction() == &Primal)
    if (Value *V = fromFrame(Def, IsShadow, AugValue))
      return BlockCache[CacheKey] = V;
  return BlockCache[CacheKey] = needFromTape(
             AugValue, Key->getName() + (IsShadow ? ".shadow" : ""));
}

/// Integer and address arithmetic that the adjoint recomputes from its
/// operands instead of taking from the tape: `x[i+1]` costs the tape one `i`.
static bool isCheapToRecompute(const Instruction *I) {
  if (isa<GetElementPtrInst>(I))
    return true;
  if (auto *BO = dyn_cast<BinaryOperator>(I))
    return BO->getType()->isIntOrIntVectorTy() &&
           !BO->isIntDivRem();
  if (auto *CI = dyn_cast<CastInst>(I))
    return !CI->getSrcTy()->isFPOrFPVectorTy() &&
           !CI->getDestTy()->isFPOrFPVectorTy();
  if (isa<ICmpInst>(I))
    return true;
  if (auto *Sel = dyn_cast<SelectInst>(I))
    return !Sel->getType()->isFPOrFPVectorTy();
  return false;
}

/// Floating-point additions, subtractions, multiplications and negations of
/// the function's arguments and constants (\p Depth levels deep): the
/// adjoint recomputes them, a few instructions, instead of the forward sweep
/// storing them on the tape and the adjoint loading them back.
bool ReverseBuilder::recomputableFromArguments(const Value *V,
                                               unsigned Depth) const {
  if (isa<Constant>(V))
    return true;
  if (isa<Argument>(V))
    return RevArgs.count(V);
  const auto *I = dyn_cast<Instruction>(V);
  if (!I || Depth == 0 || !I->getType()->isFPOrFPVectorTy())
    return false;
  switch (I->getOpcode()) {
  case Instruction::FAdd:
  case Instruction::FSub:
  case Instruction::FMul:
  case Instruction::FNeg:
    break;
  default:
    return false;
  }
  return all_of(I->operands(), [&](const Use &Op) {
    return recomputableFromArguments(Op.get(), Depth - 1);
  });
}

Value *ReverseBuilder::recompute(Instruction *I, bool IsShadow) {
  if (!isCheapToRecompute(I) &&
      (IsShadow || !recomputableFromArguments(I, /*Depth=*/3)))
    return nullptr;
  if (RecomputeDepth >= 6)
    return nullptr;
  if (IsShadow && !isa<GetElementPtrInst>(I) && !isa<CastInst>(I))
    return nullptr;
  ++RecomputeDepth;
  Instruction *Copy = I->clone();
  for (Use &U : Copy->operands()) {
    // The pointer operand of a shadow GEP or cast is a shadow too.
    bool ShadowOp = IsShadow && U.getOperandNo() == 0;
    U.set(ShadowOp ? primalShadow(U.get(), I) : primal(U.get()));
  }
  --RecomputeDepth;
  Copy->setName(I->getName() + (IsShadow ? ".shadow.re" : ".re"));
  return RB.Insert(Copy);
}

/// Does a checkpointed loop keep state in \p AI (Checkpointing.h)?
static bool holdsCheckpointState(const AllocaInst &AI) {
  return any_of(AI.users(), [](const User *U) {
    const auto *CB = dyn_cast<CallBase>(U);
    const Function *F = CB ? CB->getCalledFunction() : nullptr;
    return F && isCheckpointedLoop(*F);
  });
}

Value *ReverseBuilder::primal(Value *V) {
  if (isa<Constant>(V) || isa<MetadataAsValue>(V))
    return V;
  if (isa<Argument>(V))
    return RevArgs.lookup(V);
  // The run-time driver restores such a local's bytes itself before any
  // step reads them; the forward sweep's frame (or the scope of its local,
  // once the sweeps are inlined into one function) is over by then.
  if (auto *AI = dyn_cast<AllocaInst>(V);
      AI && AI->isStaticAlloca() && holdsCheckpointState(*AI)) {
    AllocaInst *&Own = AdjointLocals[AI];
    if (!Own) {
      BasicBlock &Entry = Pair.Adjoint->getEntryBlock();
      Own = cast<AllocaInst>(AI->clone());
      Own->insertBefore(Entry.getFirstInsertionPt());
      Own->setName(AI->getName() + ".adjoint.local");
    }
    return Own;
  }
  auto Key = std::make_pair(V, 0u);
  if (Value *Known = BlockCache.lookup(Key))
    return Known;
  if (auto *Phi = dyn_cast<PHINode>(V))
    if (Value *R = recomputeInduction(*Phi)) {
      noteServed(V, NotTaped::Induction);
      return BlockCache[Key] = R;
    }
  if (auto *LI = dyn_cast<LoadInst>(V))
    if (Value *R = reload(*LI)) {
      noteServed(V, NotTaped::Reread);
      return BlockCache[Key] = R;
    }
  if (Value *R = recompute(cast<Instruction>(V), false)) {
    noteServed(V, NotTaped::Recomputed);
    return BlockCache[Key] = R;
  }
  noteServed(V, std::nullopt);
  return fromTape(V, false, VMap[V]);
}

Value *ReverseBuilder::primalShadow(Value *V, Instruction *User) {
  ShadowMemory &Shadows = shadows(Lane);
  if (isa<Argument>(V))
    if (Value *S = RevShadowArgs.lookup({V, Lane}))
      return S;
  if (isa<Constant>(V))
    return Shadows.pointer(V, User); // A constant shadow, or null.
  if (!Shadows.lookup(V)) {
    // A pointer into constant memory gets its shadow in the augmented sweep
    // now; anything else is reported (and is null).
    Value *S = Shadows.pointer(V, User);
    if (!Shadows.lookup(V))
      return S;
  }
  auto Key = std::make_pair(V, entryKind(true));
  if (Value *Known = BlockCache.lookup(Key))
    return Known;
  if (Value *R = recompute(cast<Instruction>(V), true))
    return BlockCache[Key] = R;
  return fromTape(V, true, Shadows.lookup(V));
}

//===-- Blocks and control flow -------------------------------------------===//

void ReverseBuilder::buildAdjoint() {
  Function &Rev = *Pair.Adjoint;
  LLVMContext &Ctx = Rev.getContext();
  auto NewArg = Rev.arg_begin();
  for (auto [Arg, Active] : zip(Primal.args(), S.Args)) {
    NewArg->setName(Arg.getName());
    RevArgs[&Arg] = &*NewArg++;
    if (Active && Arg.getType()->isPointerTy())
      for (unsigned K = 0; K < width(); ++K) {
        NewArg->setName(Arg.getName() + ".shadow" + (K ? Twine(K) : ""));
        RevShadowArgs[{&Arg, K}] = &*NewArg++;
      }
  }
  if (S.Return && isDifferentiableType(Primal.getReturnType()))
    for (unsigned K = 0; K < width(); ++K) {
      DRets.push_back(&*NewArg++);
      DRets.back()->setName("dret" + (K ? Twine(K) : ""));
    }
  if (Outermost) {
    RevRecord = &*NewArg++;
    RevRecord->setName("record");
  }
  RevTape = &*NewArg;
  RevTape->setName("tape");

  RevEntry = BasicBlock::Create(Ctx, "entry", &Rev);
  for (BasicBlock &BB : Primal)
    RevBlocks[&BB] = BasicBlock::Create(Ctx, BB.getName() + ".rev", &Rev);
  RevExit = BasicBlock::Create(Ctx, "exit", &Rev);

  for (BasicBlock &BB : Primal)
    adjointBlock(BB);

  // The exit returns the adjoints of the active scalar parameters.
  RB.SetInsertPoint(RevExit);
  if (Rev.getReturnType()->isVoidTy()) {
    RB.CreateRetVoid();
  } else {
    Value *Agg = PoisonValue::get(Rev.getReturnType());
    unsigned K = 0;
    for (auto [Arg, Active] : zip(Primal.args(), S.Args))
      if (Active && !Arg.getType()->isPointerTy())
        forEachLane([&, A = &Arg] { Agg = RB.CreateInsertValue(Agg, takeAdjoint(A), K++); });
    RB.CreateRet(Agg);
  }

  // The entry takes the record (pushed last by the forward sweep).
  RB.SetInsertPoint(RevEntry);
  enterRecord();

  // The entry jumps to the adjoint of the block the forward sweep returned from.
  SmallVector<BasicBlock *, 4> Exits;
  for (BasicBlock &BB : Primal)
    if (isa<ReturnInst>(BB.getTerminator()))
      Exits.push_back(&BB);
  if (Exits.empty()) {
    RB.CreateUnreachable();
  } else if (Exits.size() == 1) {
    RB.CreateBr(RevBlocks[Exits[0]]);
  } else {
    Value *Which = revTape().pop(RB, {RB.getInt32Ty()})[0];
    SwitchInst *SW = RB.CreateSwitch(Which, RevBlocks[Exits[0]], Exits.size());
    for (auto [K, BB] : enumerate(Exits))
      SW->addCase(RB.getInt32(K), RevBlocks[BB]);
  }
}

void ReverseBuilder::adjointBlock(BasicBlock &BB) {
  Current = &BB;
  BlockCache.clear();
  RB.SetInsertPoint(RevBlocks[&BB]);
  enterBlock(BB);
  Instruction *Term = BB.getTerminator();
  if (isa<UnreachableInst>(Term)) {
    RB.CreateUnreachable();
    return;
  }
  if (auto *Ret = dyn_cast<ReturnInst>(Term))
    if (!DRets.empty() && Ret->getReturnValue())
      forEachLane([&] { addAdjoint(Ret->getReturnValue(), DRets[Lane]); });
  for (Instruction &I : reverse(BB)) {
    if (&I == Term || isa<PHINode>(I))
      continue;
    adjointInstruction(I);
  }
  leaveBlock(BB);
}

/// The conditional branch of BB's immediate dominator G when BB is entered
/// either straight from it or through a predecessor its other successor
/// dominates (a guard around an inner loop, an if without else): which way
/// the branch went last says which edge entered BB. That needs every cycle
/// through BB to pass G, which holds when BB is not a loop header and the CFG
/// is reducible (checked by the caller).
static BranchInst *guardingBranch(BasicBlock &BB, DominatorTree &DT,
                                  LoopInfo &LI) {
  if (LI.isLoopHeader(&BB))
    return nullptr;
  SmallVector<BasicBlock *, 2> Preds;
  for (BasicBlock *P : predecessors(&BB))
    if (!is_contained(Preds, P))
      Preds.push_back(P);
  DomTreeNode *N = DT.getNode(&BB);
  if (Preds.size() != 2 || !N || !N->getIDom())
    return nullptr;
  BasicBlock *G = N->getIDom()->getBlock();
  auto *Br = dyn_cast<BranchInst>(G->getTerminator());
  if (!Br || !Br->isConditional() || !is_contained(Preds, G))
    return nullptr;
  BasicBlock *S = Br->getSuccessor(Br->getSuccessor(0) == &BB ? 1 : 0);
  BasicBlock *P = Preds[0] == G ? Preds[1] : Preds[0];
  return S != &BB && DT.dominates(S, P) ? Br : nullptr;
}

/// Hands the adjoints of BB's phis to the incoming values and jumps to the
/// adjoint of the predecessor the forward sweep came from.
void ReverseBuilder::leaveBlock(BasicBlock &BB) {
  struct PhiAdjoint {
    PHINode *Phi;
    unsigned Lane;
    Value *D;
  };
  SmallVector<PhiAdjoint, 4> PhiAdjoints;
  for (PHINode &Phi : BB.phis())
    if (hasAdjoint(&Phi))
      forEachLane([&] { PhiAdjoints.push_back({&Phi, Lane, takeAdjoint(&Phi)}); });

  if (&BB == &Primal.getEntryBlock()) {
    RB.CreateBr(RevExit);
    return;
  }
  auto EdgeTo = [&](BasicBlock *Pred) {
    SmallPtrSet<Value *, 8> Handed[8];
    for (const PhiAdjoint &P : PhiAdjoints) {
      Lane = P.Lane;
      Value *V = P.Phi->getIncomingValueForBlock(Pred);
      // The phis' edge is the last use of a value of Pred's that only Pred
      // and these phis use: its adjoint starts here, and its slot is zero
      // (the definition's adjoint reset it). Setting instead of adding keeps
      // the slot from being live across the reversed CFG's joins, where
      // mem2reg would give every such slot a phi (issue 12: a switch of n
      // cases made n^2 phi operands).
      if (Lane < 8 && startsOnEdge(V, Pred, BB) && Handed[Lane].insert(V).second)
        setFreshAdjoint(V, P.D);
      else
        addAdjoint(V, P.D);
    }
    Lane = 0;
    RB.CreateBr(RevBlocks[Pred]);
  };
  if (leaveHeader(BB, EdgeTo))
    return;
  auto It = PredIds.find(&BB);
  if (It == PredIds.end()) {
    BasicBlock *Pred = BB.getUniquePredecessor(); // A switch may reach BB twice.
    if (!Pred) { // Unreachable in the primal: its adjoint is too.
      RB.CreateUnreachable();
      return;
    }
    EdgeTo(Pred);
    return;
  }
  LLVMContext &Ctx = RB.getContext();
  Function &Rev = *Pair.Adjoint;
  BranchInst *Guard = Reducible ? guardingBranch(BB, *DT, *LI) : nullptr;
  if (Guard) {
    // The branch's condition, usually recomputed (an index comparison),
    // instead of a taped predecessor id.
    BasicBlock *G = Guard->getParent();
    BasicBlock *P = nullptr;
    for (BasicBlock *Pred : predecessors(&BB))
      if (Pred != G)
        P = Pred;
    BasicBlock *FromG = BasicBlock::Create(Ctx, BB.getName() + ".from." + G->getName(), &Rev);
    BasicBlock *FromP = BasicBlock::Create(Ctx, BB.getName() + ".from." + P->getName(), &Rev);
    bool DirectOnTrue = Guard->getSuccessor(0) == &BB;
    RB.CreateCondBr(primal(Guard->getCondition()), DirectOnTrue ? FromG : FromP,
                    DirectOnTrue ? FromP : FromG);
    RB.SetInsertPoint(FromG);
    EdgeTo(G);
    RB.SetInsertPoint(FromP);
    EdgeTo(P);
    return;
  }
  Value *From = RevRecord && RunsOnce.contains(&BB)
                    ? fromRecord({It->second, 0}, It->second, &BB, "eddy.from")
                    : fromTape(It->second, false, It->second);
  SmallVector<BasicBlock *, 4> Preds;
  for (BasicBlock *P : predecessors(&BB))
    if (!is_contained(Preds, P))
      Preds.push_back(P);
  SmallVector<BasicBlock *, 4> Edges;
  for (BasicBlock *P : Preds)
    Edges.push_back(BasicBlock::Create(Ctx, BB.getName() + ".from." + P->getName(), &Rev));
  SwitchInst *SW = RB.CreateSwitch(From, Edges[0], Preds.size());
  for (auto [K, P] : enumerate(Preds)) {
    SW->addCase(RB.getInt32(K), Edges[K]);
    RB.SetInsertPoint(Edges[K]);
    EdgeTo(P);
  }
}

//===-- Instructions ------------------------------------------------------===//

void ReverseBuilder::adjointInstruction(Instruction &I) {
  if (auto *CB = dyn_cast<CallBase>(&I)) {
    CallInfo Info = classifyCall(*CB, Act);
    if (Info.Kind == CallKind::Defined ||
        enzymeBodyFallback(*CB, Info, /*Reverse=*/true))
      return callAdjoint(*CB);
    if (Info.Kind == CallKind::OpenMp) // Once for all lanes.
      return Info.OpenMp == OpenMpCallKind::Fork
                 ? adjointFork(*CB)
                 : adjointOpenMpSync(*CB, Info.OpenMp);
  }
  forEachLane([&] { adjointInLane(I); });
}

void ReverseBuilder::adjointInLane(Instruction &I) {
  if (auto *SI = dyn_cast<StoreInst>(&I)) {
    if (Act.isActive(SI->getPointerOperand()))
      adjointStore(*SI);
    return;
  }
  if (auto *LI = dyn_cast<LoadInst>(&I)) {
    if (Act.isActive(LI->getPointerOperand()))
      adjointLoad(*LI);
    return;
  }
  if (auto *CB = dyn_cast<CallBase>(&I))
    return adjointCall(*CB);
  if (auto *RMW = dyn_cast<AtomicRMWInst>(&I)) {
    if (Act.isActive(RMW->getPointerOperand()))
      adjointAtomicUpdate(*RMW);
    return;
  }
  if (auto *AI = dyn_cast<AllocaInst>(&I)) {
    if (!Act.isActive(AI))
      return;
    if (AI->getParent() != &Primal.getEntryBlock() || AI->isArrayAllocation())
      return refuse(I, "a variable-length or dynamically placed local array "
                       "holds differentiated data; give it a constant size");
    // The augmented sweep allocated its shadow on the heap: free it now that
    // no adjoint will touch it again (a split tape frees it when released).
    if (Split)
      return;
    Module &M = *Pair.Adjoint->getParent();
    FunctionCallee Free = M.getOrInsertFunction("free", RB.getVoidTy(), RB.getPtrTy());
    RB.CreateCall(Free, {primalShadow(AI, AI)});
    return;
  }
  if (hasAdjoint(&I))
    adjointArithmetic(I);
}

void ReverseBuilder::adjointArithmetic(Instruction &I) {
  Value *D = takeAdjoint(&I);
  auto Op = [&](unsigned K) { return I.getOperand(K); };
  auto Active = [&](unsigned K) { return hasAdjoint(I.getOperand(K)); };
  switch (I.getOpcode()) {
  case Instruction::FAdd:
    addAdjoint(Op(0), D);
    addAdjoint(Op(1), D);
    return;
  case Instruction::FSub:
    addAdjoint(Op(0), D);
    addAdjoint(Op(1), RB.CreateFNeg(D));
    return;
  case Instruction::FMul:
    if (Active(0))
      addAdjoint(Op(0), scaleAdjoint(D, primal(Op(1))));
    if (Active(1))
      addAdjoint(Op(1), scaleAdjoint(D, primal(Op(0))));
    return;
  case Instruction::FDiv: { // a/b: da += d/b, db -= (d/b) * (a/b)
    // Strong zeros on the incoming adjoint D (see scaleAdjoint): 0 wherever
    // D is 0, or, in code that will be differentiated again, only where b is
    // 0 or not finite (and where a/b is not finite, for db).
    const bool Differentiable = Cache.options().DifferentiableStrongZeros;
    Value *B = primal(Op(1));
    Value *Zero = Constant::getNullValue(D->getType());
    Value *DIsZero = RB.CreateFCmpOEQ(D, Zero);
    Value *Q = RB.CreateFDiv(D, B);
    Value *BadB = Differentiable ? RB.CreateOr(RB.CreateFCmpOEQ(B, Zero),
                                               isNonFinite(RB, B))
                                 : nullptr;
    addAdjoint(Op(0), RB.CreateSelect(BadB ? RB.CreateAnd(DIsZero, BadB) : DIsZero,
                                      Zero, Q));
    if (Active(1)) {
      Value *Ratio = primal(&I);
      Value *BadRatio =
          BadB ? RB.CreateAnd(DIsZero, RB.CreateOr(BadB, isNonFinite(RB, Ratio)))
               : DIsZero;
      addAdjoint(Op(1), RB.CreateSelect(BadRatio, Zero,
                                        RB.CreateFNeg(RB.CreateFMul(Q, Ratio))));
    }
    return;
  }
  case Instruction::FRem: { // a - trunc(a/b)*b
    addAdjoint(Op(0), D);
    if (Active(1)) {
      MathBuilder M(RB, I.getType());
      Value *A = primal(Op(0)), *B = primal(Op(1));
      Value *T = M.call("trunc", {RB.CreateFDiv(A, B)});
      addAdjoint(Op(1), RB.CreateFNeg(RB.CreateFMul(D, T)));
    }
    return;
  }
  case Instruction::FNeg:
    addAdjoint(Op(0), RB.CreateFNeg(D));
    return;
  case Instruction::FPExt:
  case Instruction::FPTrunc: {
    auto Back = I.getOpcode() == Instruction::FPExt ? Instruction::FPTrunc
                                                    : Instruction::FPExt;
    addAdjoint(Op(0), RB.CreateCast(Back, D, Op(0)->getType()));
    return;
  }
  case Instruction::Freeze:
    addAdjoint(Op(0), D);
    return;
  case Instruction::Select: {
    Value *C = primal(Op(0));
    Value *Zero = Constant::getNullValue(I.getType());
    addAdjoint(Op(1), RB.CreateSelect(C, D, Zero));
    addAdjoint(Op(2), RB.CreateSelect(C, Zero, D));
    return;
  }
  case Instruction::ExtractValue: {
    auto &EV = cast<ExtractValueInst>(I);
    Value *Zero = Constant::getNullValue(Op(0)->getType());
    addAdjoint(Op(0), RB.CreateInsertValue(Zero, D, EV.getIndices()));
    return;
  }
  case Instruction::InsertValue: {
    auto &IV = cast<InsertValueInst>(I);
    addAdjoint(Op(1), RB.CreateExtractValue(D, IV.getIndices()));
    addAdjoint(Op(0), RB.CreateInsertValue(
                          D, Constant::getNullValue(Op(1)->getType()),
                          IV.getIndices()));
    return;
  }
  case Instruction::ExtractElement: {
    Value *Zero = Constant::getNullValue(Op(0)->getType());
    addAdjoint(Op(0), RB.CreateInsertElement(Zero, D, primal(Op(1))));
    return;
  }
  case Instruction::InsertElement: {
    Value *Idx = primal(Op(2));
    addAdjoint(Op(1), RB.CreateExtractElement(D, Idx));
    addAdjoint(Op(0), RB.CreateInsertElement(
                          D, Constant::getNullValue(Op(1)->getType()), Idx));
    return;
  }
  case Instruction::Load:
  case Instruction::PHI:
    return; // Handled with memory and control flow.
  default:
    refuse(I, Twine("cannot differentiate '") + I.getOpcodeName() +
                  "' on a value that depends on the differentiated inputs");
  }
}

void ReverseBuilder::adjointCall(CallBase &CB) {
  CallInfo Info = classifyCall(CB, Act);
  switch (Info.Kind) {
  case CallKind::NoDerivative:
  case CallKind::Refused: // Reported by the augmented sweep.
    return;
  case CallKind::Deallocation:
    return; // The shadow lives on until the allocation's adjoint.
  case CallKind::CustomRule:
    if (Info.Custom->EnzymeReverse)
      return callEnzymeReverse(CB, *Info.Custom);
    return callAdjointRule(CB, *Info.Custom->Adjoint);
  case CallKind::Allocation: {
    if (Info.Custom) { // The registered deallocator, as registered.
      const AllocationLike &Like = *Info.Custom->Allocation;
      SmallVector<Value *, 4> Args;
      for (int From : Like.FreeArgs)
        Args.push_back(From < 0 ? primalShadow(&CB, &CB)
                                : primal(CB.getArgOperand(From)));
      RB.CreateCall(Like.Free, Args);
      return;
    }
    if (Split) // The shadow belongs to the tape; no free is deferred here.
      return;
    Module &M = *Pair.Adjoint->getParent();
    FunctionCallee Free =
        M.getOrInsertFunction("free", RB.getVoidTy(), RB.getPtrTy());
    RB.CreateCall(Free, {primalShadow(&CB, &CB)});
    if (Lane == 0 && HeapWriters.count(&CB)) { // Its free, deferred.
      // With the deallocator of its allocator's family: operator new's
      // block goes to operator delete (the allocator may tell them apart).
      StringRef Name = CB.getCalledFunction()->getName();
      StringRef Delete = Name.starts_with("_Znw")   ? "_ZdlPv"
                         : Name.starts_with("_Zna") ? "_ZdaPv"
                                                    : "free";
      RB.CreateCall(
          M.getOrInsertFunction(Delete, RB.getVoidTy(), RB.getPtrTy()),
          {primal(&CB)});
    }
    return;
  }
  case CallKind::MemSet:
    return adjointMemSet(CB);
  case CallKind::MemTransfer:
    return adjointMemTransfer(CB);
  case CallKind::Elementary: {
    if (!hasAdjoint(&CB))
      return;
    Value *D = takeAdjoint(&CB);
    ReverseRuleContext Ctx(
        RB, CB.getType(), [&](unsigned K) { return primal(CB.getArgOperand(K)); },
        [&]() { return primal(&CB); });
    for (unsigned K = 0; K < Info.Rule->NumArgs; ++K)
      if (Info.Rule->Partial[K] && hasAdjoint(CB.getArgOperand(K)))
        addAdjoint(CB.getArgOperand(K),
                   scaleAdjoint(D, Info.Rule->Partial[K](Ctx)));
    return;
  }
  case CallKind::Defined:
    llvm_unreachable("handled for all lanes by callAdjoint");
  case CallKind::OpenMp:
    llvm_unreachable("handled for all lanes by adjointFork/adjointOpenMpSync");
  }
}

void ReverseBuilder::callAdjoint(CallBase &CB) {
  ActivitySignature CS = callSignature(CB, Act);
  CS.Width = width();
  ReversePair Callee =
      Cache.getReverse(originalOfStub(CB.getCalledFunction()), CS, &CB,
                       calleeKind());
  if (!Callee.Adjoint)
    return;
  SmallVector<Value *, 8> Args;
  for (auto [K, Active] : enumerate(CS.Args)) {
    Value *A = CB.getArgOperand(K);
    Args.push_back(primal(A));
    if (Active && A->getType()->isPointerTy())
      forEachLane([&] { Args.push_back(primalShadow(A, &CB)); });
  }
  if (CS.Return && isDifferentiableType(CB.getType()))
    forEachLane([&] { Args.push_back(takeAdjoint(&CB)); });
  Args.push_back(RevTape);
  CallInst *Call = RB.CreateCall(Callee.Adjoint, Args);
  unsigned J = 0;
  for (auto [K, Active] : enumerate(CS.Args))
    if (Active && !CB.getArgOperand(K)->getType()->isPointerTy())
      forEachLane([&, Op = CB.getArgOperand(K)] {
        addAdjoint(Op, RB.CreateExtractValue(Call, J++));
      });
}

/// A user's adjoint rule: void bf(a1, [d1], ..., [dret]) adds the adjoints of
/// floating-point arguments into the slots it is handed (fresh zeroed locals
/// here, then accumulated) and those of pointer arguments into their shadows.
void ReverseBuilder::callAdjointRule(CallBase &CB, Function &Rule) {
  SmallVector<Value *, 8> Args;
  SmallVector<std::pair<Value *, AllocaInst *>, 4> Scalars;
  IRBuilder<> EB(RevEntry, RevEntry->begin());
  for (Value *A : CB.args()) {
    Args.push_back(primal(A));
    Type *T = A->getType();
    if (T->isFloatingPointTy()) {
      AllocaInst *Acc = EB.CreateAlloca(T, nullptr, A->getName() + ".rule.adj");
      RB.CreateStore(Constant::getNullValue(T), Acc);
      Args.push_back(Acc);
      Scalars.push_back({A, Acc});
    } else if (T->isPointerTy()) {
      Args.push_back(Act.isActive(A) ? primalShadow(A, &CB)
                                     : ConstantPointerNull::get(
                                           cast<PointerType>(T)));
    }
  }
  if (CB.getType()->isFloatingPointTy())
    Args.push_back(hasAdjoint(&CB) ? takeAdjoint(&CB)
                                   : Constant::getNullValue(CB.getType()));
  RB.CreateCall(&Rule, Args);
  for (auto [A, Acc] : Scalars)
    addAdjoint(A, RB.CreateLoad(A->getType(), Acc));
}

//===-- The tape between the sweeps ---------------------------------------===//

/// The most bytes one iteration of the loop made of \p Blocks (header first)
/// can push: the longest path from the header through its body, the edges
/// back to the header left out. (Summing all blocks over-reserved a loop
/// around a `switch` by the number of its cases.) None if the body has a
/// cycle of its own, which LoopInfo does not count as a loop (irreducible).
static std::optional<uint64_t>
longestPushPath(ArrayRef<BasicBlock *> Blocks,
                const DenseMap<BasicBlock *, uint64_t> &Bytes) {
  BasicBlock *Header = Blocks.front();
  SmallPtrSet<BasicBlock *, 32> InLoop(Blocks.begin(), Blocks.end());
  // Depth-first from the header: post-order, and no edge back into the path.
  SmallVector<BasicBlock *, 32> PostOrder;
  SmallPtrSet<BasicBlock *, 32> Seen, OnPath;
  SmallVector<std::pair<BasicBlock *, succ_iterator>, 16> Stack;
  Seen.insert(Header);
  OnPath.insert(Header);
  Stack.push_back({Header, succ_begin(Header)});
  while (!Stack.empty()) {
    auto &[BB, It] = Stack.back();
    if (It == succ_end(BB)) {
      PostOrder.push_back(BB);
      OnPath.erase(BB);
      Stack.pop_back();
      continue;
    }
    BasicBlock *Succ = *It++;
    if (Succ == Header || !InLoop.contains(Succ))
      continue;
    if (OnPath.contains(Succ))
      return std::nullopt;
    if (Seen.insert(Succ).second) {
      OnPath.insert(Succ);
      Stack.push_back({Succ, succ_begin(Succ)});
    }
  }
  DenseMap<BasicBlock *, uint64_t> Upto; // Most bytes pushed up to BB's end.
  uint64_t Most = 0;
  for (BasicBlock *BB : reverse(PostOrder)) {
    uint64_t Before = 0;
    for (BasicBlock *Pred : predecessors(BB))
      if (BB != Header && InLoop.contains(Pred))
        Before = std::max(Before, Upto.lookup(Pred));
    Most = std::max(Most, Upto[BB] = Before + Bytes.lookup(BB));
  }
  return Most;
}

void ReverseBuilder::finishTape() {
  // Which return block the forward sweep left from, if there are several.
  SmallVector<BasicBlock *, 4> Exits;
  for (BasicBlock &BB : Primal)
    if (isa<ReturnInst>(BB.getTerminator()))
      Exits.push_back(&BB);

  DenseMap<BasicBlock *, Instruction *> &Terms = AugTerms; // finishLoops

  // The record's offset on the tape, or its values (pushed last, so the
  // adjoint sweep finds them first), if the record is on the tape.
  SmallVector<Value *, 8> RecordAtExits = finishRecord();

  // What each block pushes, in order.
  DenseMap<BasicBlock *, SmallVector<Value *, 8>> Pushes;
  DenseMap<BasicBlock *, uint64_t> Bytes;
  for (BasicBlock &BB : Primal) {
    SmallVector<Value *, 8> &Push = Pushes[&BB];
    if (auto It = Needs.find(&BB); It != Needs.end())
      for (TapeEntry &E : It->second)
        Push.push_back(E.AugValue);
    bool IsExit = find(Exits, &BB) != Exits.end();
    if (Exits.size() > 1 && IsExit)
      Push.push_back(ConstantInt::get(Type::getInt32Ty(BB.getContext()),
                                      find(Exits, &BB) - Exits.begin()));
    if (IsExit)
      Push.append(RecordAtExits);
    for (Value *V : Push)
      Bytes[&BB] += Tape::slotBytes(DL, V->getType());
  }

  // Innermost loops with a known trip count reserve their tape up front; their
  // blocks then push without checking (each runs at most once an iteration).
  SmallPtrSet<BasicBlock *, 16> Unchecked;
  SmallVector<std::pair<Instruction *, Value *>, 4> Reserves;
  for (ReservableLoop &L : Reservable) {
    bool CallsOut = any_of(L.Blocks, [&](BasicBlock *BB) {
      return CallsAugmented.contains(BB);
    });
    std::optional<uint64_t> PerIteration = longestPushPath(L.Blocks, Bytes);
    if (CallsOut || !PerIteration || *PerIteration == 0)
      continue;
    Unchecked.insert(L.Blocks.begin(), L.Blocks.end());
    Reserves.push_back({Terms[L.Preheader],
                        ConstantInt::get(L.TripCount->getType(), *PerIteration)});
    Reserves.back().second = BinaryOperator::CreateMul(
        shadows(0).mapped(L.TripCount), Reserves.back().second, "eddy.tape.reserve",
        Reserves.back().first->getIterator());
  }

  for (BasicBlock &BB : Primal) {
    SmallVector<Value *, 8> &Push = Pushes[&BB];
    if (Push.empty())
      continue;
    pushWhereComputed(augTape(), Terms[&BB], Push, !Unchecked.contains(&BB));
    auto It = Needs.find(&BB);
    if (It == Needs.end() || It->second.empty())
      continue;
    SmallVector<Type *, 8> Types;
    for (TapeEntry &E : It->second)
      Types.push_back(E.AugValue->getType());
    BasicBlock *Head = RevBlocks[&BB];
    IRBuilder<> PB(Head, Head->getFirstNonPHIIt());
    SmallVector<Value *, 8> Popped = revTape().pop(PB, Types);
    for (auto [E, V] : zip(It->second, Popped)) {
      E.Placeholder->replaceAllUsesWith(V);
      E.Placeholder->eraseFromParent();
    }
    if (PB.GetInsertPoint() != PB.GetInsertBlock()->end())
      sinkPoppedLoads(Popped, &*PB.GetInsertPoint(), RevTape);
  }

  for (auto [Term, Amount] : Reserves) {
    IRBuilder<> RBld(Term);
    augTape().reserve(RBld, Amount);
  }
  remarkTape(Pushes);
}

} // namespace eddy
