//===- ForwardMode.cpp - Tangents alongside the primal --------------------===//
//
// The forward derivative is a copy of the primal with, after each active
// instruction, the instruction that computes its tangent (one Jacobian-vector
// product per call; Width of them in vector mode, sharing one primal).
// Tangents of floating-point data in memory live in shadow memory at the same
// offsets.
//===----------------------------------------------------------------------===//
#include "CallClassifier.h"
#include "DerivativeRemarks.h"
#include "EnzymeRules.h"
#include "ParallelRegions.h"
#include "ShadowMemory.h"
#include "Eddy/Transform/BodyCloning.h"
#include "Eddy/Analysis/ElementType.h"
#include "Eddy/Analysis/Registrations.h"
#include "Eddy/Rules/ElementaryRules.h"
#include "Eddy/Rules/MathBuilder.h"
#include "Eddy/Transform/Checkpointing.h"
#include "Eddy/Transform/Generators.h"
#include "llvm/ADT/PostOrderIterator.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include <memory>

using namespace llvm;

namespace eddy {
namespace {

/// Forward mode hands rules the primal values themselves.
class ForwardRuleContext : public RuleContext {
public:
  ForwardRuleContext(IRBuilderBase &B, CallBase &NewCall)
      : RuleContext(B, NewCall.getType()), NewCall(NewCall) {}
  Value *x(unsigned I) override { return NewCall.getArgOperand(I); }
  Value *y() override { return &NewCall; }

private:
  CallBase &NewCall;
};

/// Partial * Tangent, but exactly zero when the tangent is zero ("strong
/// zero", the forward twin of reverse mode's scaleAdjoint): an elementary
/// function evaluated where its partial is infinite (sqrt or log at 0) with a
/// zero incoming tangent contributes nothing, so a result that does not
/// depend on it (fmax(sqrt(s), eps) at s = 0) keeps a finite tangent, and
/// forward columns agree with reverse rows there.
Value *scaleTangent(IRBuilderBase &B, Value *Partial, Value *Tangent,
                    bool Differentiable) {
  if (auto *K = dyn_cast<ConstantFP>(Partial); K && K->isExactlyValue(1.0))
    return Tangent; // The addend of an fma, for one.
  return strongZero(B, B.CreateFMul(Partial, Tangent), Tangent, Partial,
                    Differentiable);
}

/// Builds the forward derivative. In vector mode (Width > 1) the primal is
/// computed once and each active value has Width tangents, one per lane; every
/// lane has its own shadow map and shadow memory, and a lane's code is the
/// width-1 code with that lane's tangents (elementary partials are shared).
class TangentBuilder {
public:
  TangentBuilder(DerivativeCache &Cache, Function &Primal,
                 const ActivitySignature &S, Function &Out)
      : Cache(Cache), Primal(Primal), S(S), Out(Out),
        Act(Primal, S.Args, &Cache.registrations()), QuietDiags(/*Quiet=*/true) {
    for (unsigned K = 0; K < S.Width; ++K)
      Lanes.push_back(std::make_unique<ShadowMemory>(
          Primal, Out, Act, VMap, K == 0 ? Cache.diags() : QuietDiags,
          LocalShadows::Stack, K, S.Width));
  }

  bool run();

private:
  ShadowMemory &lane(unsigned K) { return *Lanes[K]; }
  unsigned width() const { return S.Width; }
  Value *tangent(Value *V, unsigned K);
  void visit(Instruction &I);
  void visitLoad(LoadInst &LI, IRBuilder<> &B);
  void visitStore(StoreInst &SI, IRBuilder<> &B);
  void visitCall(CallBase &CB, IRBuilder<> &B);
  void visitMemoryCall(CallBase &CB, const CallInfo &Info, IRBuilder<> &B,
                       unsigned K);
  void callDerivative(CallBase &CB, IRBuilder<> &B);
  void forkDerivative(CallBase &CB, IRBuilder<> &B);
  void callTangentRule(CallBase &CB, const FunctionRules &Rules, IRBuilder<> &B);
  Value *arithmeticTangent(Instruction &I, IRBuilder<> &B, unsigned K);
  void rewriteReturns();
  BasicBlock::iterator normalEntry(InvokeInst &II);
  void refuse(Instruction &I, const Twine &Why) {
    Cache.diags().error(&I, Why, &Primal);
  }
  Value *mapped(Value *V) { return lane(0).mapped(V); }

  DerivativeCache &Cache;
  Function &Primal;
  const ActivitySignature &S;
  Function &Out;
  ActivityInfo Act;
  ValueToValueMapTy VMap;
  DiagnosticSink QuietDiags;
  SmallVector<std::unique_ptr<ShadowMemory>, 1> Lanes;
  /// Shadow bits of integer loads from active memory (type-punned copies).
  DenseMap<std::pair<Value *, unsigned>, Value *> PunnedBits;
  struct PendingPhi {
    PHINode *Phi, *Tangent;
    unsigned Lane;
  };
  SmallVector<PendingPhi, 8> TangentPhis;
};

Value *TangentBuilder::tangent(Value *V, unsigned K) {
  if (Value *T = lane(K).lookup(V))
    return T;
  return Constant::getNullValue(V->getType()); // Constants, inactive values.
}

bool TangentBuilder::run() {
  auto NewArg = Out.arg_begin();
  for (auto [Arg, Active] : zip(Primal.args(), S.Args)) {
    NewArg->setName(Arg.getName());
    VMap[&Arg] = &*NewArg++;
    if (!Active)
      continue;
    for (unsigned K = 0; K < width(); ++K) {
      NewArg->setName(Arg.getName() + ".tangent" + (width() > 1 ? Twine(K) : ""));
      lane(K).set(&Arg, &*NewArg++);
    }
  }
  cloneBodyInto(Primal, Out, VMap);

  ReversePostOrderTraversal<Function *> RPO(&Primal);
  for (BasicBlock *BB : RPO)
    for (Instruction &I : make_early_inc_range(*BB))
      visit(I);
  for (unsigned K = 0; K < width(); ++K)
    lane(K).finishPhis();
  for (PendingPhi &P : TangentPhis) {
    auto *NewPhi = cast<PHINode>(mapped(P.Phi));
    for (unsigned I = 0, E = P.Phi->getNumIncomingValues(); I != E; ++I)
      P.Tangent->addIncoming(tangent(P.Phi->getIncomingValue(I), P.Lane),
                             NewPhi->getIncomingBlock(I));
  }
  rewriteReturns();
  return !Cache.diags().hadError();
}

/// Where the tangent of an invoke goes: the start of its normal destination,
/// which the invoke must dominate. (Clang keeps an invoke whose landing pad
/// may resume normal code, `catch (...) { return false; }` in
/// std::vector::shrink_to_fit; the tangents follow both paths like any
/// other branch's.)
BasicBlock::iterator TangentBuilder::normalEntry(InvokeInst &II) {
  BasicBlock *Normal = II.getNormalDest();
  if (!Normal->getSinglePredecessor())
    Normal = SplitCriticalEdge(&II, 0);
  return Normal->getFirstInsertionPt();
}

void TangentBuilder::visit(Instruction &I) {
  auto *NI = dyn_cast_or_null<Instruction>(mapped(&I));
  if (!NI || NI == &I)
    return;
  IRBuilder<> B(NI->getParent(), std::next(NI->getIterator()));
  if (isa<PHINode>(NI))
    B.SetInsertPoint(NI->getParent()->getFirstNonPHIIt());
  if (auto *II = dyn_cast<InvokeInst>(NI))
    B.SetInsertPoint(normalEntry(*II));

  if (auto *SI = dyn_cast<StoreInst>(&I))
    return visitStore(*SI, B);
  if (auto *CB = dyn_cast<CallBase>(&I))
    return visitCall(*CB, B);
  // Pointers and aggregates holding them (a struct of pointers returned by a
  // callee) get shadows that mirror them.
  if (hasShadowPointers(I.getType())) {
    bool Handled = false; // The same answer in every lane.
    for (unsigned K = 0; K < width(); ++K)
      Handled = lane(K).visitPointer(I, B);
    if (Handled)
      return;
  }
  if (auto *LI = dyn_cast<LoadInst>(&I))
    return visitLoad(*LI, B);
  if (isa<AtomicRMWInst>(I) || isa<AtomicCmpXchgInst>(I)) {
    if (!Act.isActive(I.getOperand(0)))
      return;
    if (auto Why = refusesAtomic(I, Act))
      return refuse(I, *Why);
    // `#pragma omp atomic` s += v: the tangent of s gets v's, atomically too.
    auto &RMW = cast<AtomicRMWInst>(I);
    for (unsigned K = 0; K < width(); ++K) {
      Value *T = tangent(RMW.getValOperand(), K);
      if (RMW.getOperation() == AtomicRMWInst::FSub)
        T = B.CreateFNeg(T);
      B.CreateAtomicRMW(AtomicRMWInst::FAdd,
                        lane(K).pointer(RMW.getPointerOperand(), &I), T,
                        RMW.getAlign(), AtomicOrdering::Monotonic);
    }
    return;
  }
  if (auto Why = refusesConstruct(I, Act))
    return refuse(I, *Why);
  if (!Act.isActive(&I) || !isDifferentiableType(I.getType()))
    return;
  for (unsigned K = 0; K < width(); ++K) {
    if (auto *Phi = dyn_cast<PHINode>(&I)) {
      PHINode *T = B.CreatePHI(Phi->getType(), Phi->getNumIncomingValues(),
                               I.getName() + ".tangent");
      lane(K).set(&I, T);
      TangentPhis.push_back({Phi, T, K});
    } else if (Value *T = arithmeticTangent(I, B, K)) {
      lane(K).set(&I, T);
    } else {
      return; // Refused.
    }
  }
}

void TangentBuilder::visitLoad(LoadInst &LI, IRBuilder<> &B) {
  if (!Act.isActive(LI.getPointerOperand()))
    return;
  if (isPartOfCompareAndSwapLoop(&LI))
    return; // The cmpxchg is refused.
  if (LI.isVolatile() || LI.isAtomic())
    return refuse(LI, "volatile or atomic load of differentiated memory; differentiate a plain (non-volatile, non-atomic) copy of the data");
  for (unsigned K = 0; K < width(); ++K) {
    Value *SP = lane(K).pointer(LI.getPointerOperand(), &LI);
    Value *T = B.CreateAlignedLoad(LI.getType(), SP, LI.getAlign(),
                                   LI.getName() + ".tangent");
    if (isDifferentiableType(LI.getType()))
      lane(K).set(&LI, T);
    else
      PunnedBits[{&LI, K}] = T;
  }
}

/// The tangent of an arithmetic instruction in lane \p K, or nullptr after
/// refusing it.
Value *TangentBuilder::arithmeticTangent(Instruction &I, IRBuilder<> &B, unsigned K) {
  auto T = [&](unsigned Op) { return tangent(I.getOperand(Op), K); };
  auto P = [&](unsigned Op) { return mapped(I.getOperand(Op)); };
  auto NoTangent = [&](unsigned Op) { return !lane(K).lookup(I.getOperand(Op)); };
  Value *NI = mapped(&I);
  switch (I.getOpcode()) {
  // A constant term adds nothing: `da + 0.0` is no instruction LLVM may drop
  // (it turns -0.0 into +0.0), so none is made.
  case Instruction::FAdd:
    if (NoTangent(1))
      return T(0);
    return NoTangent(0) ? T(1) : B.CreateFAdd(T(0), T(1));
  case Instruction::FSub:
    if (NoTangent(1))
      return T(0);
    return NoTangent(0) ? B.CreateFNeg(T(1)) : B.CreateFSub(T(0), T(1));
  // Terms of operands without a tangent are left out, not multiplied by a
  // zero tangent: 0 * Inf would make the tangent NaN at infinite primals.
  case Instruction::FMul: { // da*b + a*db
    Value *L = NoTangent(0) ? nullptr : B.CreateFMul(T(0), P(1));
    Value *R = NoTangent(1) ? nullptr : B.CreateFMul(P(0), T(1));
    return L && R ? B.CreateFAdd(L, R) : (L ? L : R ? R : T(0));
  }
  case Instruction::FDiv: // (da - q*db) / b, q = a/b
    if (NoTangent(1))
      return B.CreateFDiv(T(0), P(1));
    return B.CreateFDiv(B.CreateFSub(T(0), B.CreateFMul(NI, T(1))), P(1));
  case Instruction::FRem: { // da - trunc(a/b)*db
    if (NoTangent(1))
      return T(0);
    MathBuilder M(B, I.getType());
    Value *Q = M.call("trunc", {B.CreateFDiv(P(0), P(1))});
    return B.CreateFSub(T(0), B.CreateFMul(Q, T(1)));
  }
  case Instruction::FNeg:
    return B.CreateFNeg(T(0));
  case Instruction::FPExt:
  case Instruction::FPTrunc:
    return B.CreateCast(cast<CastInst>(I).getOpcode(), T(0), I.getType());
  case Instruction::Freeze:
    return T(0);
  case Instruction::Select:
    return B.CreateSelect(P(0), T(1), T(2));
  case Instruction::ExtractValue:
    return B.CreateExtractValue(T(0), cast<ExtractValueInst>(I).getIndices());
  case Instruction::InsertValue:
    return B.CreateInsertValue(T(0), T(1), cast<InsertValueInst>(I).getIndices());
  case Instruction::ExtractElement:
    return B.CreateExtractElement(T(0), P(1));
  case Instruction::InsertElement:
    return B.CreateInsertElement(T(0), T(1), P(2));
  case Instruction::ShuffleVector:
    return B.CreateShuffleVector(T(0), T(1),
                                 cast<ShuffleVectorInst>(I).getShuffleMask());
  case Instruction::BitCast:
    if (I.getType()->isFPOrFPVectorTy() &&
        I.getOperand(0)->getType()->isFPOrFPVectorTy())
      return B.CreateBitCast(T(0), I.getType());
    [[fallthrough]];
  default:
    refuse(I, Twine("cannot differentiate '") + I.getOpcodeName() +
                  "' on a value that depends on the differentiated inputs");
    return nullptr;
  }
}

void TangentBuilder::visitStore(StoreInst &SI, IRBuilder<> &B) {
  Value *Ptr = SI.getPointerOperand(), *V = SI.getValueOperand();
  if (!Act.isActive(Ptr)) {
    if (Act.isActive(V))
      lane(0).pointer(Ptr, &SI); // Reports the lost derivative.
    return;
  }
  if (SI.isVolatile() || SI.isAtomic())
    return refuse(SI, "volatile or atomic store to differentiated memory; compute into plain memory and publish the result outside the differentiated function");
  auto *NewStore = cast<Instruction>(mapped(&SI));
  B.SetInsertPoint(NewStore);
  for (unsigned K = 0; K < width(); ++K) {
    if (hasShadowPointers(V->getType())) {
      lane(K).storePointer(SI, B);
      continue;
    }
    Value *SP = lane(K).pointer(Ptr, &SI);
    Value *T;
    if (isDifferentiableType(V->getType()))
      T = tangent(V, K);
    else if (Value *Bits = PunnedBits.lookup({V, K}))
      T = Bits; // An integer copy of differentiated memory copies its tangent.
    else if (auto *BC = dyn_cast<BitCastInst>(V);
             BC && Act.isActive(BC->getOperand(0)))
      T = B.CreateBitCast(tangent(BC->getOperand(0), K), V->getType()); // Likewise.
    else
      T = Constant::getNullValue(V->getType());
    B.CreateAlignedStore(T, SP, SI.getAlign());
  }
}

void TangentBuilder::visitCall(CallBase &CB, IRBuilder<> &B) {
  CallInfo Info = classifyCall(CB, Act, InvokeHandling::Follow);
  remarkCallDerivative(CB, Info, Primal, /*Reverse=*/false,
                       enzymeBodyFallback(CB, Info, /*Reverse=*/false));
  auto *NewCall = cast<CallBase>(mapped(&CB));
  switch (Info.Kind) {
  case CallKind::NoDerivative:
    // A checkpointed loop's two sweeps hand each other a handle on the tape,
    // which their forward derivatives replace (CheckpointTangent.cpp): a
    // call that runs one but not the other is differentiated even without
    // tangents, so that both or neither are.
    if (runsUnpairedSweep(CB, Cache))
      return callDerivative(CB, B);
    return;
  case CallKind::Refused:
    return refuse(CB, Info.Why);
  case CallKind::CustomRule:
    if (enzymeBodyFallback(CB, Info, /*Reverse=*/false))
      return callDerivative(CB, B);
    return callTangentRule(CB, *Info.Custom, B);
  case CallKind::Allocation:
  case CallKind::Deallocation:
  case CallKind::MemSet:
  case CallKind::MemTransfer:
    for (unsigned K = 0; K < width(); ++K)
      visitMemoryCall(CB, Info, B, K);
    return;
  case CallKind::Elementary: {
    if (!isDifferentiableType(CB.getType()))
      return;
    // The partials are the same for every lane: computed once.
    ForwardRuleContext Ctx(B, *NewCall);
    SmallVector<std::pair<Value *, Value *>, 2> Partials; // (partial, operand)
    for (unsigned Op = 0; Op < Info.Rule->NumArgs; ++Op)
      if (Info.Rule->Partial[Op] && Act.isActive(CB.getArgOperand(Op)))
        Partials.push_back({Info.Rule->Partial[Op](Ctx), CB.getArgOperand(Op)});
    for (unsigned K = 0; K < width(); ++K) {
      Value *Sum = nullptr;
      for (auto [Partial, Operand] : Partials) {
        Value *Term = scaleTangent(
            B, Partial, tangent(Operand, K),
            Cache.options().DifferentiableStrongZeros);
        Sum = Sum ? B.CreateFAdd(Sum, Term) : Term;
      }
      lane(K).set(&CB, Sum ? Sum : Constant::getNullValue(CB.getType()));
    }
    return;
  }
  case CallKind::Defined:
    return callDerivative(CB, B);
  case CallKind::OpenMp:
    // Barriers and locks keep ordering the tangents' code with the primal's.
    if (Info.OpenMp == OpenMpCallKind::Fork)
      return forkDerivative(CB, B);
    return;
  }
}

/// A parallel region: the same fork, of the outlined function's forward
/// derivative (gtid and btid inactive, each captured variable's tangents
/// after it), so every thread runs its share of the region's tangents.
void TangentBuilder::forkDerivative(CallBase &CB, IRBuilder<> &B) {
  auto *NewCall = cast<CallBase>(mapped(&CB));
  std::optional<ForkShape> Shape = forkShape(CB, Act);
  if (!Shape)
    return refuse(CB, forkRefusal(CB, Act));
  Shape->Sig.Width = width();
  Function *D = Cache.getForward(forkedFunction(Cache, CB, *Shape), Shape->Sig, &CB);
  if (!D)
    return;
  SmallVector<Value *, 8> Args;
  B.SetInsertPoint(NewCall);
  for (unsigned Op = ForkFirstCaptured; Op < CB.arg_size(); ++Op) {
    Value *A = CB.getArgOperand(Op);
    Args.push_back(NewCall->getArgOperand(Op));
    if (!Shape->Sig.Args[Op - 1])
      continue;
    for (unsigned K = 0; K < width(); ++K)
      Args.push_back(Shape->ByValue[Op - ForkFirstCaptured]
                         ? B.CreateBitCast(tangent(byValueSource(A), K),
                                           A->getType())
                         : lane(K).shadow(A, &CB));
  }
  CallInst *Fork = forkCall(B, *NewCall, forkMicrotask(*D, TaskKind::Forward), Args);
  VMap[&CB] = Fork;
  NewCall->eraseFromParent();
}

/// Heap and memory intrinsics, for lane \p K: each lane has its own shadow.
void TangentBuilder::visitMemoryCall(CallBase &CB, const CallInfo &Info,
                                     IRBuilder<> &B, unsigned K) {
  auto *NewCall = cast<CallBase>(mapped(&CB));
  ShadowMemory &L = lane(K);
  const FunctionRules *Custom = Info.Custom;
  switch (Info.Kind) {
  case CallKind::Allocation:
    return L.allocate(CB, B, Custom ? &*Custom->Allocation : nullptr);
  case CallKind::Deallocation: {
    if (Custom) { // A registered deallocator releases the shadow block too.
      SmallVector<Value *, 4> Args(NewCall->args());
      unsigned Block = Custom->DeallocatorBlockArg;
      Args[Block] = L.pointer(CB.getArgOperand(Block), &CB);
      B.CreateCall(NewCall->getFunctionType(), NewCall->getCalledOperand(), Args);
      return;
    }
    // Shadows come from calloc whatever allocated the primal (malloc, new,
    // new[]), so they go back to free, never to operator delete.
    Module &M = *NewCall->getModule();
    FunctionCallee Free =
        M.getOrInsertFunction("free", B.getVoidTy(), B.getPtrTy());
    B.CreateCall(Free, {L.pointer(CB.getArgOperand(0), &CB)});
    return;
  }
  case CallKind::MemSet: // The tangent of a constant fill is zero.
    B.CreateMemSet(L.pointer(CB.getArgOperand(0), &CB), B.getInt8(0),
                   NewCall->getArgOperand(2), MaybeAlign());
    return;
  case CallKind::MemTransfer: {
    Value *Dst = L.pointer(CB.getArgOperand(0), &CB);
    Value *Src = Act.isActive(CB.getArgOperand(1))
                     ? L.pointer(CB.getArgOperand(1), &CB)
                     : nullptr;
    Value *Len = NewCall->getArgOperand(2);
    if (!Src) {
      // Floating-point data from memory that is not differentiated has a
      // zero tangent; pointers would get a null shadow.
      Type *T = copiedElementType(CB);
      if (T && hasShadowPointers(T) && K == 0)
        L.checkInactivePointerCopy(CB);
      B.CreateMemSet(Dst, B.getInt8(0), Len, MaybeAlign());
    }
    else if (cast<Function>(CB.getCalledOperand())->getIntrinsicID() ==
             Intrinsic::memmove)
      B.CreateMemMove(Dst, MaybeAlign(), Src, MaybeAlign(), Len);
    else
      B.CreateMemCpy(Dst, MaybeAlign(), Src, MaybeAlign(), Len);
    return;
  }
  default:
    llvm_unreachable("not a memory call");
  }
}

/// A call of a function defined in this module: one call of its forward
/// derivative of the same width, which computes the primal once.
void TangentBuilder::callDerivative(CallBase &CB, IRBuilder<> &B) {
  auto *NewCall = cast<CallBase>(mapped(&CB));
  ActivitySignature CS = callSignature(CB, Act);
  CS.Width = width();
  // A protection stub stands for its body here (enzymeBodyFallback).
  Function *Callee = originalOfStub(CB.getCalledFunction());
  Function *D = Cache.getForward(Callee, CS, &CB);
  if (!D) {
    // Refused and reported: a null shadow keeps the uses of the result from
    // reporting the same cause again.
    if (hasShadowPointers(CB.getType()))
      for (unsigned K = 0; K < width(); ++K)
        lane(K).set(&CB, Constant::getNullValue(CB.getType()));
    return;
  }
  SmallVector<Value *, 8> Args;
  for (auto [Op, Active] : enumerate(CS.Args)) {
    Value *A = CB.getArgOperand(Op);
    Args.push_back(NewCall->getArgOperand(Op));
    if (Active)
      for (unsigned K = 0; K < width(); ++K)
        Args.push_back(hasShadowPointers(A->getType()) ? lane(K).shadow(A, &CB)
                                                       : tangent(A, K));
  }
  B.SetInsertPoint(NewCall);
  CallBase *Call;
  if (auto *II = dyn_cast<InvokeInst>(NewCall)) {
    // The derivative unwinds where the primal did; its results are used on
    // the normal path.
    // (visit() made the normal destination the invoke's alone.)
    Call = B.CreateInvoke(D, II->getNormalDest(), II->getUnwindDest(), Args);
    B.SetInsertPoint(II->getNormalDest()->getFirstInsertionPt());
  } else {
    Call = B.CreateCall(D, Args);
  }
  Call->setDebugLoc(NewCall->getDebugLoc());
  if (CS.Return) {
    Value *PrimalResult = B.CreateExtractValue(Call, 0);
    for (unsigned K = 0; K < width(); ++K)
      lane(K).set(&CB, B.CreateExtractValue(Call, 1 + K, CB.getName() + ".tangent"));
    NewCall->replaceAllUsesWith(PrimalResult);
    VMap[&CB] = PrimalResult;
  } else {
    NewCall->replaceAllUsesWith(Call);
    VMap[&CB] = Call;
  }
  NewCall->eraseFromParent();
}

/// A user's tangent rule: R df(a1, [d1], ...) gives the tangent of the call
/// (once per lane); the primal call stays as it is. Enzyme's derivative
/// (__enzyme_register_derivative) of a void function, or one that returns
/// {result, tangent}, computes the call's effects too and replaces it.
void TangentBuilder::callTangentRule(CallBase &CB, const FunctionRules &Rules,
                                     IRBuilder<> &B) {
  Function &F = *CB.getCalledFunction();
  if (!Rules.Tangent)
    return refuse(CB, "'" + displayName(F) + "' has a registered adjoint rule "
                      "but no tangent rule, which forward mode needs; "
                      "register one with EDDY_TANGENT_RULE (or Enzyme's "
                      "__enzyme_register_derivative)");
  std::optional<TangentRuleLayout> Layout = matchTangentRule(*Rules.Tangent, F);
  if (!Layout)
    return refuse(CB, *checkRuleSignature(*Rules.Tangent,
                                          expectedTangentRuleType(F), F));
  bool Replaces = Rules.EnzymeTangent &&
                  (CB.getType()->isVoidTy() || Layout->PairReturn);
  if (Replaces && width() > 1)
    return refuse(CB, "vector forward mode (enzyme_width) cannot call the "
                      "derivative registered for '" + displayName(F) +
                      "' with __enzyme_register_derivative: it also computes "
                      "the call's own effects, which would run once per "
                      "tangent; request one tangent at a time, or register "
                      "an Eddy tangent rule (EDDY_TANGENT_RULE), which only "
                      "computes the tangent");
  auto *NewCall = cast<CallBase>(mapped(&CB));
  Value *Replacement = nullptr;
  for (unsigned K = 0; K < width(); ++K) {
    SmallVector<Value *, 8> Args;
    for (unsigned Op = 0; Op < CB.arg_size(); ++Op) {
      Value *A = CB.getArgOperand(Op);
      Args.push_back(NewCall->getArgOperand(Op));
      if (A->getType()->isFloatingPointTy())
        Args.push_back(tangent(A, K));
      else if (A->getType()->isPointerTy())
        Args.push_back(Act.isActive(A) ? lane(K).pointer(A, &CB)
                                       : ConstantPointerNull::get(
                                             cast<PointerType>(A->getType())));
      else if (A->getType()->isIntegerTy() && Layout->IntShadows)
        Args.push_back(NewCall->getArgOperand(Op));
    }
    if (Replaces)
      B.SetInsertPoint(NewCall);
    CallInst *T = B.CreateCall(Rules.Tangent, Args);
    // A void rule's call must stay unnamed: where Clang keeps value names
    // (-fno-discard-value-names, the sanitizers) a named void call is invalid
    // IR.
    if (!T->getType()->isVoidTy())
      T->setName(CB.getName() + ".tangent");
    Value *Tangent = T;
    Replacement = T;
    if (Layout->PairReturn) {
      Tangent = B.CreateExtractValue(T, 1);
      Replacement = B.CreateExtractValue(T, 0);
    }
    if (!CB.getType()->isVoidTy() && isDifferentiableType(CB.getType()))
      lane(K).set(&CB, Tangent);
  }
  if (Replaces) {
    if (!CB.getType()->isVoidTy())
      NewCall->replaceAllUsesWith(Replacement);
    VMap[&CB] = Replacement;
    NewCall->eraseFromParent();
  }
}

void TangentBuilder::rewriteReturns() {
  if (!S.Return || Out.getReturnType()->isVoidTy() ||
      Primal.getReturnType()->isVoidTy())
    return;
  for (BasicBlock &BB : Primal) {
    auto *Ret = dyn_cast<ReturnInst>(BB.getTerminator());
    if (!Ret)
      continue;
    auto *NewRet = cast<ReturnInst>(mapped(Ret));
    IRBuilder<> B(NewRet);
    Value *V = Ret->getReturnValue();
    Value *Result = PoisonValue::get(Out.getReturnType());
    Result = B.CreateInsertValue(Result, mapped(V), 0);
    for (unsigned K = 0; K < width(); ++K) {
      Value *T = hasShadowPointers(V->getType()) ? lane(K).shadow(V, Ret)
                                                 : tangent(V, K);
      Result = B.CreateInsertValue(Result, T, 1 + K);
    }
    B.CreateRet(Result);
    NewRet->eraseFromParent();
  }
}

} // namespace

bool buildForward(DerivativeCache &Cache, Function &Primal,
                  const ActivitySignature &S, Function &Out) {
  return TangentBuilder(Cache, Primal, S, Out).run();
}

} // namespace eddy
