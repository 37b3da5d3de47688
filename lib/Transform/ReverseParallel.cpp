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
// How the adjoints add into shadows of shared memory: ReverseSharedShadows.cpp.
//===----------------------------------------------------------------------===//
#include "CallClassifier.h"
#include "ParallelRegions.h"
#include "ReverseMode.h"

using namespace llvm;

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
                                   Shape->Sig, &CB, PairKind::ParallelRegion);
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
                                   Shape->Sig, &CB, PairKind::ParallelRegion);
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

} // namespace eddy
