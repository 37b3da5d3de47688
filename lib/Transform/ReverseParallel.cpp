//===- ReverseParallel.cpp - Reverse mode of OpenMP parallel regions ------===//
//
// The augmented sweep forks the outlined function's augmented sweep on a
// team record of tapes, one per thread number; the record crosses to the
// adjoint sweep on the caller's tape like any value; the adjoint forks the
// outlined function's adjoint sweep with as many threads, each replaying
// its own tape, and frees the record (ParallelRegions.h). Inside the
// region, barriers are their own adjoints and a critical section's adjoint
// is a critical section under the same lock, which the threads enter in the
// reverse of the order they entered the section (tickets taken under the
// lock in the augmented sweep): a reduction's `m = max(m, m_thread)` must
// be undone last-in first-out.
//
// Shadows of shared memory: the loads of several threads may read one
// element (x[i-1] and x[i+1] of a stencil, the weights of a batch loss),
// and their adjoints then add into one shadow element at the same time;
// those additions are atomic. They are plain when the shadow is the
// thread's own (a private variable's, allocated by the region) or when
// every load of shared differentiated memory in the region reads p[i] for
// the same p, with i the worksharing loop's iteration: OpenMP runs each iteration once, on one thread, so no two
// threads ever add into one element (sharedLoadsArePrivate). Loads inside a
// critical section (a reduction's combination) add under the section's
// lock, which their adjoint holds too.
//===----------------------------------------------------------------------===//
#include "CallClassifier.h"
#include "ParallelRegions.h"
#include "ReverseMode.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/PatternMatch.h"

using namespace llvm;
using namespace llvm::PatternMatch;

namespace eddy {

static FunctionCallee runtimeFn(Module &M, StringRef Name, Type *Ret,
                                ArrayRef<Type *> Params) {
  return M.getOrInsertFunction(Name, FunctionType::get(Ret, Params, false));
}

void ReverseBuilder::augmentFork(CallBase &CB, IRBuilder<> &B) {
  if (Split)
    return refuse(CB, "split reverse mode (__enzyme_augmentfwd / "
                      "__enzyme_reverse) does not differentiate a parallel "
                      "region; ask for the gradient with __enzyme_autodiff");
  std::optional<ForkShape> Shape = forkShape(CB, Act);
  if (!Shape)
    return refuse(CB, forkRefusal(CB, Act));
  Shape->Sig.Width = width();
  ReversePair P = Cache.getReverse(forkedFunction(Cache, CB, *Shape),
                                   Shape->Sig, &CB, PairKind::Parallel);
  if (!P.Augmented)
    return;
  Module &M = *Pair.Augmented->getParent();
  auto *NewCall = cast<CallBase>(VMap[&CB]);
  B.SetInsertPoint(NewCall);
  Value *Team = B.CreateCall(
      runtimeFn(M, "__eddy_omp_tapes_new", B.getPtrTy(), {}), {}, "team");
  SmallVector<Value *, 12> Args;
  for (unsigned Op = ForkFirstCaptured; Op < CB.arg_size(); ++Op) {
    Args.push_back(NewCall->getArgOperand(Op));
    if (Shape->Sig.Args[Op - 1] && !Shape->ByValue[Op - ForkFirstCaptured])
      for (unsigned L = 0; L < width(); ++L)
        Args.push_back(shadows(L).pointer(CB.getArgOperand(Op), &CB));
  }
  Args.push_back(Team);
  CallInst *Fork = forkCall(B, *NewCall,
                            forkMicrotask(*P.Augmented, TaskKind::Augmented), Args);
  ForkTeams[&CB] = Team;
  VMap[&CB] = Fork;
  NewCall->eraseFromParent();
}

void ReverseBuilder::adjointFork(CallBase &CB) {
  auto It = ForkTeams.find(&CB);
  if (It == ForkTeams.end())
    return; // Refused by the augmented sweep.
  std::optional<ForkShape> Shape = forkShape(CB, Act);
  Shape->Sig.Width = width();
  ReversePair P = Cache.getReverse(forkedFunction(Cache, CB, *Shape),
                                   Shape->Sig, &CB, PairKind::Parallel);
  if (!P.Adjoint)
    return;
  Module &M = *Pair.Adjoint->getParent();
  Type *Ptr = RB.getPtrTy(), *I32 = RB.getInt32Ty();
  Value *Team = fromTape(It->second, false, It->second);
  Value *Loc = CB.getArgOperand(0);
  // As many threads as the forward team had: thread k replays tape k.
  Value *Threads = RB.CreateCall(
      runtimeFn(M, "__eddy_omp_team_size", I32, {Ptr}), {Team});
  Value *Gtid = RB.CreateCall(
      runtimeFn(M, "__kmpc_global_thread_num", I32, {Loc->getType()}), {Loc});
  RB.CreateCall(runtimeFn(M, "__kmpc_push_num_threads", RB.getVoidTy(),
                          {Loc->getType(), I32, I32}),
                {Loc, Gtid, Threads});
  SmallVector<Value *, 12> Args;
  for (unsigned Op = ForkFirstCaptured; Op < CB.arg_size(); ++Op) {
    Value *A = CB.getArgOperand(Op);
    Args.push_back(primal(A));
    if (Shape->Sig.Args[Op - 1] && !Shape->ByValue[Op - ForkFirstCaptured])
      forEachLane([&] { Args.push_back(primalShadow(A, &CB)); });
  }
  // The threads add the adjoints of by-value captures into one record.
  auto *Results = dyn_cast<StructType>(P.Adjoint->getReturnType());
  AllocaInst *Sums = nullptr;
  if (Results) {
    IRBuilder<> EB(RevEntry, RevEntry->begin());
    Sums = EB.CreateAlloca(Results, nullptr, "fork.adjoints");
    RB.CreateStore(Constant::getNullValue(Results), Sums);
    Args.push_back(Sums);
  }
  Args.push_back(Team);
  forkCall(RB, CB, forkMicrotask(*P.Adjoint, TaskKind::Adjoint), Args);
  RB.CreateCall(runtimeFn(M, "__eddy_omp_tapes_free", RB.getVoidTy(), {Ptr}),
                {Team});
  if (!Sums)
    return;
  Value *Adjoints = RB.CreateLoad(Results, Sums);
  unsigned J = 0;
  for (unsigned Op = ForkFirstCaptured; Op < CB.arg_size(); ++Op)
    if (Shape->ByValue[Op - ForkFirstCaptured])
      forEachLane([&] {
        Value *Src = byValueSource(CB.getArgOperand(Op));
        addAdjoint(Src, RB.CreateExtractValue(Adjoints, J++));
      });
}

/// The counter of a critical section's lock by which the adjoint sweep's
/// threads take their turns: forward sweeps take tickets 0, 1, ..., n-1 in
/// the order they enter; the adjoint of ticket t waits for the counter to
/// be t + 1 and leaves it at t (lib/Runtime/Parallel.c). Common, like the
/// lock, so that units naming the same section share it.
static GlobalVariable *turnCounter(Value *Lock) {
  auto *G = dyn_cast<GlobalVariable>(Lock->stripPointerCasts());
  if (!G)
    return nullptr;
  Module &M = *G->getParent();
  std::string Name = (G->getName() + ".eddy.turn").str();
  if (GlobalVariable *T = M.getGlobalVariable(Name, /*AllowInternal=*/true))
    return T;
  Type *I64 = Type::getInt64Ty(M.getContext());
  auto *T = new GlobalVariable(M, I64, false, GlobalValue::CommonLinkage,
                               ConstantInt::get(I64, 0), Name);
  T->setAlignment(Align(8));
  return T;
}

void ReverseBuilder::augmentCriticalEntry(CallBase &CB) {
  GlobalVariable *Turn = turnCounter(CB.getArgOperand(2));
  if (!Turn)
    return refuse(CB, "a critical section whose lock Eddy cannot name");
  auto *NewCall = cast<Instruction>(VMap[&CB]);
  IRBuilder<> B(NewCall->getNextNode());
  Module &M = *Pair.Augmented->getParent();
  Tickets[&CB] = B.CreateCall(
      runtimeFn(M, "__eddy_omp_ticket", B.getInt64Ty(), {B.getPtrTy()}),
      {Turn}, "ticket");
}

CallBase *ReverseBuilder::enclosingCriticalEntry(CallBase &Exit) {
  Value *Lock = Exit.getArgOperand(2);
  Instruction *From = Exit.getPrevNode();
  for (DomTreeNode *N = DT->getNode(Exit.getParent()); N; N = N->getIDom()) {
    for (Instruction *I = From; I; I = I->getPrevNode())
      if (auto *CB = dyn_cast<CallBase>(I);
          CB && CB->getCalledFunction() &&
          classifyOpenMpCall(*CB).Kind == OpenMpCallKind::Lock &&
          CB->getArgOperand(2) == Lock)
        return CB;
    if (!N->getIDom())
      break;
    From = &N->getIDom()->getBlock()->back();
  }
  return nullptr;
}

void ReverseBuilder::adjointOpenMpSync(CallBase &CB, OpenMpCallKind Kind) {
  Module &M = *Pair.Adjoint->getParent();
  Type *I32 = RB.getInt32Ty(), *I64 = RB.getInt64Ty(), *Ptr = RB.getPtrTy();
  // The adjoint runs on another team: ask for this thread's id again.
  Value *Loc = CB.getArgOperand(0);
  Value *Gtid = RB.CreateCall(
      runtimeFn(M, "__kmpc_global_thread_num", I32, {Loc->getType()}), {Loc});
  if (Kind == OpenMpCallKind::Barrier) {
    RB.CreateCall(runtimeFn(M, "__kmpc_barrier", RB.getVoidTy(),
                            {Loc->getType(), I32}),
                  {Loc, Gtid});
    return;
  }
  CallBase *Entry = Kind == OpenMpCallKind::Lock ? &CB
                                                 : enclosingCriticalEntry(CB);
  Value *Ticket = Entry ? Tickets.lookup(Entry) : nullptr;
  if (!Ticket) {
    if (!Entry)
      refuse(CB, "the end of a critical section whose start Eddy cannot find "
                 "on every path to it");
    return;
  }
  Ticket = fromTape(Ticket, false, Ticket);
  GlobalVariable *Turn = turnCounter(CB.getArgOperand(2));
  Value *Lock = primal(CB.getArgOperand(2));
  if (Kind == OpenMpCallKind::Unlock) { // The section's adjoint starts.
    RB.CreateCall(runtimeFn(M, "__eddy_omp_turn_wait", RB.getVoidTy(),
                            {Ptr, I64}),
                  {Turn, Ticket});
    RB.CreateCall(openMpLockPartner(CB), {Loc, Gtid, Lock});
    return;
  }
  RB.CreateCall(openMpLockPartner(CB), {Loc, Gtid, Lock});
  RB.CreateCall(runtimeFn(M, "__eddy_omp_turn_done", RB.getVoidTy(),
                          {Ptr, I64}),
                {Turn, Ticket});
}

void ReverseBuilder::adjointAtomicUpdate(AtomicRMWInst &RMW) {
  Value *V = RMW.getValOperand();
  if (!hasAdjoint(V))
    return;
  // s += v leaves s's adjoint as it is and gives v the same.
  LoadInst *D = RB.CreateAlignedLoad(
      V->getType(), primalShadow(RMW.getPointerOperand(), &RMW), RMW.getAlign());
  D->setAtomic(AtomicOrdering::Monotonic);
  addAdjoint(V, RMW.getOperation() == AtomicRMWInst::FSub
                    ? RB.CreateFNeg(D)
                    : static_cast<Value *>(D));
}

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
  if (isThreadPrivate(LI.getPointerOperand()) || isInCriticalSection(LI) ||
      sharedLoadsArePrivate()) {
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
