//===- ReverseSharedShadows.cpp - Adjoints into shared shadows ------------===//
//
// In a parallel pair (PairKind::Parallel: the outlined function of an OpenMP
// region, and its callees, run by every thread of a team), the loads of
// several threads may read one element of shared memory (x[i-1] and x[i+1]
// of a stencil, the weights of a batch loss), and their adjoints would add
// into one shadow element at the same time. A load's adjoint therefore adds
//  - plainly, when the shadow is the thread's own (a private variable's, a
//    block the region allocates), or when every load of shared
//    differentiated memory in the region outside critical sections reads
//    p[i] for one p and the worksharing loop's iteration i: OpenMP runs each
//    iteration once, on one thread, so no two threads ever add into one
//    element (sharedLoadsArePrivate; the loads in critical sections, a
//    reduction's combination, add atomically);
//  - into a private buffer of the thread, in the outlined function itself
//    (PairKind::ParallelRegion, run once per thread), when the shared
//    pointer it reads through is only read in the region and no callee gets
//    shared memory: the augmented sweep records the lowest and highest
//    shadow address the thread's loads of that pointer touch, and those its
//    stores to shared memory touch (which the team gathers); the adjoint
//    adds into a zeroed buffer over the loads' range -- unless some thread's
//    stores overlap it (two captured pointers into one array), whose
//    adjoints must see every addition at once -- and, once every thread of
//    the team has finished its adjoint, the threads add their buffers into
//    the shared shadows plainly, one after another (lib/Runtime/Parallel.c):
//    no atomics at all for a stencil's neighbours or a batch's weights;
//  - atomically otherwise (atomicrmw fadd).
//===----------------------------------------------------------------------===//
#include "ReverseMode.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/PatternMatch.h"

using namespace llvm;
using namespace llvm::PatternMatch;

namespace eddy {

/// Is the memory \p Ptr points into the calling thread's own: a local or a
/// heap block of the function itself?
static bool isThreadPrivate(const Value *Ptr) {
  const Value *Obj = getUnderlyingObject(Ptr, 12);
  if (isa<AllocaInst>(Obj))
    return true;
  if (auto *CB = dyn_cast<CallBase>(Obj))
    return classifyHeapCall(*CB) == HeapCall::Allocate;
  return false;
}

/// The lower-bound slot a worksharing loop's bounds are written to:
/// __kmpc_for_static_init_*(loc, gtid, sched, &last, &lb, &ub, ...),
/// __kmpc_dispatch_next_*(loc, gtid, &last, &lb, &ub, &stride).
static bool isLowerBoundSlot(const Value *Slot) {
  for (const User *U : Slot->users())
    if (auto *CB = dyn_cast<CallBase>(U))
      if (const Function *F = CB->getCalledFunction()) {
        StringRef N = F->getName();
        if ((N.starts_with("__kmpc_for_static_init_") &&
             CB->getArgOperand(4) == Slot) ||
            (N.starts_with("__kmpc_dispatch_next_") &&
             CB->getArgOperand(3) == Slot))
          return true;
      }
  return false;
}

/// The OpenMP lock call \p Want (Lock or Unlock) met walking from \p I
/// backwards (or forwards) through single-predecessor (single-successor)
/// blocks before its opposite.
static bool findsLockCall(const Instruction &I, OpenMpCallKind Want,
                          bool Backwards) {
  OpenMpCallKind Other = Want == OpenMpCallKind::Lock ? OpenMpCallKind::Unlock
                                                      : OpenMpCallKind::Lock;
  const BasicBlock *BB = I.getParent();
  const Instruction *At = Backwards ? I.getPrevNode() : I.getNextNode();
  for (unsigned Blocks = 0; Blocks < 8; ++Blocks) {
    for (; At; At = Backwards ? At->getPrevNode() : At->getNextNode())
      if (auto *CB = dyn_cast<CallBase>(At)) {
        OpenMpCallKind K = classifyOpenMpCall(*CB).Kind;
        if (K == Want)
          return true;
        if (K == Other)
          return false;
      }
    BB = Backwards ? BB->getSinglePredecessor() : BB->getSingleSuccessor();
    if (!BB)
      return false;
    At = Backwards ? &BB->back() : &BB->front();
  }
  return false;
}

/// Inside a critical section, whose adjoint holds the same lock.
static bool isInCriticalSection(const Instruction &I) {
  return findsLockCall(I, OpenMpCallKind::Lock, /*Backwards=*/true) &&
         findsLockCall(I, OpenMpCallKind::Unlock, /*Backwards=*/false);
}

/// Is \p V the iteration variable of a worksharing loop: a header phi
/// that starts at the chunk's lower bound and steps by one?
static bool isWorksharingIteration(const Value *V) {
  auto *Phi = dyn_cast<PHINode>(V);
  if (!Phi || Phi->getNumIncomingValues() != 2)
    return false;
  bool Starts = false, Steps = false;
  for (const Value *In : Phi->incoming_values()) {
    const Value *S = In->stripPointerCasts();
    if (auto *Cast = dyn_cast<CastInst>(S); Cast && Cast->isIntegerCast())
      S = Cast->getOperand(0);
    if (auto *LI = dyn_cast<LoadInst>(S))
      Starts |= isLowerBoundSlot(LI->getPointerOperand());
    if (auto *Add = dyn_cast<BinaryOperator>(In))
      Steps |= Add->getOpcode() == Instruction::Add &&
               Add->getOperand(0) == Phi &&
               match(Add->getOperand(1), m_One());
  }
  return Starts && Steps;
}

/// Where shared pointer \p P comes from: an argument or global, or the one
/// such slot it is loaded from (maybe in several places, which LLVM's load
/// PRE joins with a phi).
static const Value *sharedPointerSlot(const Value *P, unsigned Depth = 0) {
  if (isa<Argument>(P) || isa<GlobalVariable>(P))
    return P;
  if (auto *LI = dyn_cast<LoadInst>(P)) {
    const Value *Slot = LI->getPointerOperand();
    return isa<Argument>(Slot) || isa<GlobalVariable>(Slot) ? Slot : nullptr;
  }
  auto *Phi = dyn_cast<PHINode>(P);
  if (!Phi || Depth > 2)
    return nullptr;
  const Value *Common = nullptr;
  for (const Value *In : Phi->incoming_values()) {
    if (In == Phi)
      continue;
    const Value *Slot = sharedPointerSlot(In, Depth + 1);
    if (!Slot || (Common && Slot != Common))
      return nullptr;
    Common = Slot;
  }
  return Common;
}

/// For `p[i]`, with p a shared pointer (an argument, or loaded from one: a
/// captured variable) and i a worksharing loop's iteration: (where p comes
/// from, i, the element type).
static std::optional<std::tuple<const Value *, const Value *, Type *>>
iterationElement(const Value *Ptr) {
  auto *GEP = dyn_cast<GEPOperator>(Ptr);
  if (!GEP || GEP->getNumIndices() != 1)
    return std::nullopt;
  const Value *Root = sharedPointerSlot(GEP->getPointerOperand());
  if (!Root)
    return std::nullopt;
  const Value *Index = GEP->getOperand(1);
  if (auto *Cast = dyn_cast<CastInst>(Index); Cast && Cast->isIntegerCast())
    Index = Cast->getOperand(0);
  if (!isWorksharingIteration(Index))
    return std::nullopt;
  return std::make_tuple(Root, Index, GEP->getSourceElementType());
}

/// The shared pointer variable (or argument) \p P reads through, if any.
static const Value *sharedRoot(const Value *P) {
  return sharedPointerSlot(getUnderlyingObject(P, 12));
}

void ReverseBuilder::planPrivateShadows() {
  if (!Region || width() != 1 || sharedLoadsArePrivate())
    return;
  BasicBlock *Exit = nullptr;
  for (BasicBlock &BB : Primal)
    if (isa<ReturnInst>(BB.getTerminator())) {
      if (Exit)
        return; // The setup must dominate the whole adjoint.
      Exit = &BB;
    }
  if (!Exit || !RunsOnce.contains(Exit))
    return;
  // Pointers written through or handed on: a store's adjoint reads the
  // shared shadow, which must then already hold the thread's additions.
  SmallPtrSet<const Value *, 4> Excluded;
  for (Instruction &I : instructions(Primal)) {
    if (auto *SI = dyn_cast<StoreInst>(&I)) {
      if (const Value *R = sharedRoot(SI->getPointerOperand()))
        Excluded.insert(R);
    } else if (auto *CB = dyn_cast<CallBase>(&I)) {
      // A callee's stores are not tracked (trackSharedStore): one that gets
      // shared memory turns privatization off.
      if (CB->isLifetimeStartOrEnd() || isa<DbgInfoIntrinsic>(CB))
        continue;
      for (const Value *A : CB->args())
        if (A->getType()->isPointerTy() && Act.isActive(A) &&
            !isThreadPrivate(A))
          return;
    } else if (isa<AtomicRMWInst>(I) || isa<AtomicCmpXchgInst>(I)) {
      if (!isThreadPrivate(I.getOperand(0)))
        return;
    }
  }
  MapVector<const Value *, SmallVector<LoadInst *, 8>> Groups;
  for (Instruction &I : instructions(Primal)) {
    auto *LI = dyn_cast<LoadInst>(&I);
    if (!LI || !(LI->getType()->isDoubleTy() || LI->getType()->isFloatTy()) ||
        !Act.isActive(LI->getPointerOperand()) ||
        isThreadPrivate(LI->getPointerOperand()) || isInCriticalSection(*LI))
      continue;
    const Value *R = sharedRoot(LI->getPointerOperand());
    if (!R || Excluded.contains(R))
      continue;
    // The flush adds whole elements from the lowest address up.
    auto &G = Groups[R];
    if ((!G.empty() && G.front()->getType() != LI->getType()) ||
        LI->getAlign().value() < DL.getTypeStoreSize(LI->getType())) {
      Excluded.insert(R);
      continue;
    }
    G.push_back(LI);
  }
  for (auto &[R, Loads] : Groups) {
    if (Excluded.contains(R))
      continue;
    PrivateShadows[R].Elem = Loads.front()->getType();
    for (LoadInst *LI : Loads)
      PrivateLoadRoot[LI] = R;
  }
  if (!PrivateShadows.empty())
    PrivateExit = Exit;
}

void ReverseBuilder::trackPrivateShadow(LoadInst &LI, IRBuilder<> &B) {
  PrivateShadow &G = PrivateShadows[PrivateLoadRoot.lookup(&LI)];
  Type *I64 = B.getInt64Ty();
  if (!G.Lo) {
    BasicBlock &Entry = Pair.Augmented->getEntryBlock();
    IRBuilder<> EB(&Entry, Entry.getFirstInsertionPt());
    G.Lo = EB.CreateAlloca(I64, nullptr, "shadow.lo");
    G.Hi = EB.CreateAlloca(I64, nullptr, "shadow.hi");
    EB.CreateStore(ConstantInt::getAllOnesValue(I64), G.Lo);
    EB.CreateStore(ConstantInt::get(I64, 0), G.Hi);
  }
  Value *A = B.CreatePtrToInt(shadows(0).pointer(LI.getPointerOperand(), &LI), I64);
  B.CreateStore(B.CreateBinaryIntrinsic(Intrinsic::umin, B.CreateLoad(I64, G.Lo), A), G.Lo);
  B.CreateStore(B.CreateBinaryIntrinsic(Intrinsic::umax, B.CreateLoad(I64, G.Hi), A), G.Hi);
}

void ReverseBuilder::trackSharedStore(StoreInst &SI, IRBuilder<> &B) {
  if (!PrivateExit || isThreadPrivate(SI.getPointerOperand()))
    return;
  Type *I64 = B.getInt64Ty();
  if (!StoreLo) {
    BasicBlock &Entry = Pair.Augmented->getEntryBlock();
    IRBuilder<> EB(&Entry, Entry.getFirstInsertionPt());
    StoreLo = EB.CreateAlloca(I64, nullptr, "stores.lo");
    StoreHi = EB.CreateAlloca(I64, nullptr, "stores.hi");
    EB.CreateStore(ConstantInt::getAllOnesValue(I64), StoreLo);
    EB.CreateStore(ConstantInt::get(I64, 0), StoreHi);
  }
  Value *A = B.CreatePtrToInt(shadows(0).pointer(SI.getPointerOperand(), &SI), I64);
  B.CreateStore(B.CreateBinaryIntrinsic(Intrinsic::umin, B.CreateLoad(I64, StoreLo), A), StoreLo);
  B.CreateStore(B.CreateBinaryIntrinsic(Intrinsic::umax, B.CreateLoad(I64, StoreHi), A), StoreHi);
}

void ReverseBuilder::finishPrivateShadowsForward() {
  if (!PrivateExit)
    return;
  auto *AugExit = cast<BasicBlock>(VMap[PrivateExit]);
  IRBuilder<> B(AugExit->getTerminator());
  // The team learns which shared shadows its threads' stores touch: a
  // private buffer that overlaps them is not used (the stores' adjoints
  // read the shared shadow, which must then hold every addition at once).
  if (StoreLo) {
    Module &M = *Pair.Augmented->getParent();
    Type *I64 = B.getInt64Ty();
    B.CreateCall(M.getOrInsertFunction(
                     "__eddy_omp_note_stores",
                     FunctionType::get(B.getVoidTy(), {B.getPtrTy(), I64, I64},
                                       false)),
                 {AugTape, B.CreateLoad(I64, StoreLo), B.CreateLoad(I64, StoreHi)});
  }
  for (auto &[R, G] : PrivateShadows)
    if (G.Lo) {
      G.AugLo = B.CreateLoad(B.getInt64Ty(), G.Lo, "shadow.lo");
      G.AugHi = B.CreateLoad(B.getInt64Ty(), G.Hi, "shadow.hi");
    }
}

void ReverseBuilder::startPrivateShadows() {
  Module &M = *Pair.Adjoint->getParent();
  Type *I64 = RB.getInt64Ty();
  IRBuilderBase::InsertPointGuard Guard(RB);
  PrivateSetup = BasicBlock::Create(M.getContext(), "private.shadows",
                                    Pair.Adjoint);
  RB.SetInsertPoint(PrivateSetup);
  FunctionCallee Alloc = M.getOrInsertFunction(
      "__eddy_omp_private_shadow",
      FunctionType::get(RB.getPtrTy(), {RB.getPtrTy(), I64, I64, I64}, false));
  for (auto &[R, G] : PrivateShadows) {
    if (!G.AugLo)
      continue;
    G.RevLo = fromRecord({G.Lo, 0}, G.AugLo, PrivateExit, "shadow.lo");
    Value *Hi = fromRecord({G.Hi, 0}, G.AugHi, PrivateExit, "shadow.hi");
    G.RevHi = Hi;
    G.RevBuf = RB.CreateCall(
        Alloc, {RevTape, G.RevLo, Hi, RB.getInt64(DL.getTypeStoreSize(G.Elem))},
        "shadow.private");
  }
}

void ReverseBuilder::flushPrivateShadows() {
  if (!PrivateSetup)
    return;
  // The entry (which took the record) -> the buffers -> the adjoint of the
  // exit, where the adjoint starts.
  BasicBlock *First = RevBlocks[PrivateExit];
  RevEntry->getTerminator()->replaceSuccessorWith(First, PrivateSetup);
  BranchInst::Create(First, PrivateSetup);
  First->replacePhiUsesWith(RevEntry, PrivateSetup);
  Module &M = *Pair.Adjoint->getParent();
  IRBuilder<> B(RevExit->getTerminator());
  Type *I64 = B.getInt64Ty();
  for (auto &[R, G] : PrivateShadows) {
    if (!G.RevBuf)
      continue;
    StringRef Name = G.Elem->isDoubleTy() ? "__eddy_omp_flush_shadow_f64"
                                          : "__eddy_omp_flush_shadow_f32";
    B.CreateCall(M.getOrInsertFunction(
                     Name, FunctionType::get(B.getVoidTy(),
                                             {B.getPtrTy(), B.getPtrTy(), I64, I64},
                                             false)),
                 {RevTape, G.RevBuf, G.RevLo, G.RevHi});
  }
}

bool ReverseBuilder::sharedLoadsArePrivate() {
  if (SharedLoadsPrivate)
    return *SharedLoadsPrivate;
  // Every load of shared differentiated memory reads p[i], for one p and one
  // i (two pointers might overlap at an offset: x[i] and w[i] with
  // w == x + 1 would collide).
  auto Check = [&]() -> bool {
    std::optional<std::tuple<const Value *, const Value *, Type *>> Common;
    for (Instruction &I : instructions(Primal)) {
      auto *LI = dyn_cast<LoadInst>(&I);
      if (!LI || !isDifferentiableType(LI->getType()) ||
          !Act.isActive(LI->getPointerOperand()) ||
          isThreadPrivate(LI->getPointerOperand()) ||
          isInCriticalSection(*LI))
        continue;
      auto Element = iterationElement(LI->getPointerOperand());
      if (!Element || (Common && *Element != *Common) ||
          DL.getTypeAllocSize(std::get<2>(*Element)) <
              DL.getTypeStoreSize(LI->getType()))
        return false;
      Common = Element;
    }
    return true;
  };
  SharedLoadsPrivate = Check();
  return *SharedLoadsPrivate;
}

void ReverseBuilder::accumulateIntoShadow(LoadInst &LI, Value *SP, Value *D) {
  Type *T = LI.getType();
  if (auto It = PrivateLoadRoot.find(&LI); It != PrivateLoadRoot.end()) {
    if (!PrivateSetup)
      startPrivateShadows();
    PrivateShadow &G = PrivateShadows[It->second];
    // No buffer (the team's stores overlap it): atomically, as below.
    LLVMContext &Ctx = RB.getContext();
    Function *F = RB.GetInsertBlock()->getParent();
    auto *Private = BasicBlock::Create(Ctx, "add.private", F);
    auto *Shared = BasicBlock::Create(Ctx, "add.shared", F);
    auto *Done = BasicBlock::Create(Ctx, "add.done", F);
    RB.CreateCondBr(RB.CreateIsNull(G.RevBuf), Shared, Private);
    RB.SetInsertPoint(Private);
    Value *Off = RB.CreateSub(RB.CreatePtrToInt(SP, RB.getInt64Ty()), G.RevLo);
    Value *P = RB.CreateGEP(RB.getInt8Ty(), G.RevBuf, Off);
    Value *Old = RB.CreateAlignedLoad(T, P, LI.getAlign());
    RB.CreateAlignedStore(addAdjointValues(RB, Old, D), P, LI.getAlign());
    RB.CreateBr(Done);
    RB.SetInsertPoint(Shared);
    RB.CreateAtomicRMW(AtomicRMWInst::FAdd, SP, D, LI.getAlign(),
                       AtomicOrdering::Monotonic);
    RB.CreateBr(Done);
    RB.SetInsertPoint(Done);
    return;
  }
  // (A load in a critical section adds atomically too: another thread may
  // add into the same element outside the section.)
  if (isThreadPrivate(LI.getPointerOperand()) ||
      (sharedLoadsArePrivate() && !isInCriticalSection(LI))) {
    Value *Old = RB.CreateAlignedLoad(T, SP, LI.getAlign());
    RB.CreateAlignedStore(addAdjointValues(RB, Old, D), SP, LI.getAlign());
    return;
  }
  if (T->isFloatingPointTy()) {
    RB.CreateAtomicRMW(AtomicRMWInst::FAdd, SP, D, LI.getAlign(),
                       AtomicOrdering::Monotonic);
    return;
  }
  if (auto *VT = dyn_cast<FixedVectorType>(T)) {
    Type *E = VT->getElementType();
    uint64_t Bytes = DL.getTypeStoreSize(E);
    for (unsigned K = 0; K < VT->getNumElements(); ++K)
      RB.CreateAtomicRMW(AtomicRMWInst::FAdd,
                         RB.CreateConstInBoundsGEP1_64(RB.getInt8Ty(), SP, K * Bytes),
                         RB.CreateExtractElement(D, K),
                         commonAlignment(LI.getAlign(), K * Bytes),
                         AtomicOrdering::Monotonic);
    return;
  }
  refuse(LI, "a parallel region loads a struct or array of floating-point "
             "values from shared memory in one piece; its adjoint would be "
             "added into shared memory non-atomically — load the members "
             "one by one");
}

} // namespace eddy
