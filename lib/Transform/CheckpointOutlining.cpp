//===- CheckpointOutlining.cpp - A marked loop becomes a step function ----===//
//
// See Eddy/Transform/Checkpointing.h. In the primal copy that reverse mode
// differentiates, each loop whose body starts with a `__eddy_checkpoint`
// marker is rewritten, in this order:
//   1. the functions its body calls are inlined (so that what the body writes
//      is visible, and the verdict is the same at -O0 as after the
//      optimizer's inlining), and the loop is rotated (one step = one
//      iteration, whatever the level);
//   2. the trip count and the regions the body writes are computed by scalar
//      evolution and expanded in the preheader;
//   3. the values flowing around the back edge or out of the loop are demoted
//      to stack slots, which become regions of the state too;
//   4. the blocks become the step function S and the loop a call of L.
//===----------------------------------------------------------------------===//
#include "CallClassifier.h"
#include "Eddy/Analysis/Registrations.h"
#include "Eddy/Analysis/WrittenRegions.h"
#include "Eddy/Rules/ElementaryRules.h"
#include "Eddy/Support/Diagnostics.h"
#include "Eddy/Transform/Checkpointing.h"
#include "llvm/Analysis/AssumptionCache.h"
#include "llvm/Analysis/CFG.h"
#include "llvm/Analysis/Loads.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/MemoryBuiltins.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/Analysis/ScalarEvolutionExpressions.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/Analysis/TargetTransformInfo.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Transforms/Scalar/EarlyCSE.h"
#include "llvm/Transforms/Scalar/InstSimplifyPass.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/Local.h"
#include "llvm/Transforms/Utils/LoopRotationUtils.h"
#include "llvm/Transforms/Utils/LoopSimplify.h"
#include "llvm/Transforms/Utils/ScalarEvolutionExpander.h"

using namespace llvm;

namespace eddy {

namespace {

/// The schedule a marker asks for.
struct Schedule {
  CheckpointKind Kind;
  int64_t Param;
  static Schedule of(const CallInst &Marker) {
    auto Int = [&](unsigned K) {
      auto *C = dyn_cast<ConstantInt>(Marker.getArgOperand(K));
      return C ? C->getSExtValue() : int64_t(0);
    };
    return {CheckpointKind(Int(0)), Int(1)};
  }
  const char *name() const {
    switch (Kind) {
    case CheckpointKind::Binomial:
      return "binomial";
    case CheckpointKind::Periodic:
      return "periodic";
    case CheckpointKind::Online:
      return "online";
    case CheckpointKind::Budget:
      return "budget";
    }
    return "?";
  }
};

/// The analyses of F, rebuilt after each change of its CFG.
struct Analyses {
  Analyses(Function &F, FunctionAnalysisManager &FAM)
      : DT(F), LI(DT), AC(F), TLI(FAM.getResult<TargetLibraryAnalysis>(F)),
        TTI(FAM.getResult<TargetIRAnalysis>(F)), SE(F, TLI, AC, DT, LI) {}
  DominatorTree DT;
  LoopInfo LI;
  AssumptionCache AC;
  TargetLibraryInfo &TLI;
  TargetTransformInfo &TTI;
  ScalarEvolution SE;
};

/// How many regions of each kind a loop function takes.
struct LoopRegions {
  unsigned State;  ///< Written by the body: stored at every snapshot.
  unsigned Inputs; ///< Only read: stored once.
  unsigned Scratch; ///< Written before read in every step: not stored.
  unsigned numLeadingArgs() const { return 1 + 3 * (State + Inputs + Scratch); }
};

class LoopOutliner {
public:
  LoopOutliner(Function &F, CallInst &Marker, DerivativeCache &Cache,
               unsigned Index)
      : F(F), Marker(&Marker), Cache(Cache), Diags(Cache.diags()),
        Sched(Schedule::of(Marker)), Index(Index), Where(Marker.getDebugLoc()) {}

  bool run();
  /// A budget's loop that cannot be put under the driver stays taped.
  bool skipped() const { return Skipped; }

private:
  bool refuse(const Instruction *At, const Twine &Why) {
    if (Sched.Kind == CheckpointKind::Budget) {
      Marker->eraseFromParent();
      Marker = nullptr;
      Skipped = true;
      return false;
    }
    Diags.error(At ? At : Marker,
                Twine("cannot checkpoint this loop ('#pragma eddy checkpoint(") +
                    Sched.name() + ", ...)'): " + Why);
    return false;
  }
  void inlineBody();
  bool hoistInvariantLoads(Loop &L, Analyses &A);
  /// Can the trip count (if needed) and the accesses of \p L be bounded?
  bool boundable(Loop &L, Analyses &A);
  bool checkShape(Loop &L);
  CallWrites classify(const CallBase &CB);
  SmallVector<AllocaInst *, 8> demote(Loop &L);
  void recomputeOutside(Loop &L);
  /// Refuses a loop whose state would hold pointers (their shadows are not
  /// part of a snapshot).
  bool checkNoPointerState(Loop &L);
  Function *outlineStep(Loop &L, SmallVectorImpl<Value *> &Inputs);
  Function *makeLoopFunction(Function &Step, ArrayRef<Value *> LoopArgs,
                             LoopRegions Counts);

  Function &F;
  CallInst *Marker;
  DerivativeCache &Cache;
  DiagnosticSink &Diags;
  Schedule Sched;
  unsigned Index;
  DebugLoc Where;
  bool Skipped = false;
  /// Blocks outside the loop that its checks branch to and that end in
  /// `unreachable` (a sanitizer's report): they go into the step with it.
  SmallSetVector<BasicBlock *, 8> Traps;
  void findTraps(Loop &L);
  /// Is \p BB neither in \p L nor one of its traps?
  bool outside(const Loop &L, const BasicBlock *BB) const {
    return !L.contains(BB) && !Traps.contains(const_cast<BasicBlock *>(BB));
  }
};

void LoopOutliner::findTraps(Loop &L) {
  Traps.clear();
  SmallVector<BasicBlock *, 4> Exits;
  L.getUniqueExitBlocks(Exits);
  for (BasicBlock *BB : Exits)
    if (isDeadEnd(BB))
      for (; BB && !Traps.contains(BB); BB = BB->getSingleSuccessor())
        Traps.insert(BB);
}

/// The loop whose body starts with \p Marker, or null if the optimizer
/// unrolled it completely (nothing is left to checkpoint).
Loop *markedLoop(LoopInfo &LI, CallInst *Marker) {
  return LI.getLoopFor(Marker->getParent());
}

void LoopOutliner::inlineBody() {
  // Inline until no defined, unannotated, non-recursive callee is left in
  // the loop, then bring the inlined locals to SSA as the copy's own were.
  for (unsigned Round = 0; Round < 8; ++Round) {
    Analyses A(F, Cache.analyses());
    Loop *L = markedLoop(A.LI, Marker);
    if (!L)
      return;
    SmallVector<CallBase *, 8> Calls;
    for (BasicBlock *BB : L->blocks())
      for (Instruction &I : *BB)
        if (auto *CB = dyn_cast<CallBase>(&I)) {
          Function *Callee = CB->getCalledFunction();
          if (Callee && !Callee->isDeclaration() && Callee != &F &&
              !Callee->isVarArg() &&
              !Cache.registrations().lookup(Callee) &&
              !isCheckpointedLoop(*Callee))
            Calls.push_back(CB);
        }
    if (Calls.empty())
      return;
    for (CallBase *CB : Calls) {
      InlineFunctionInfo IFI;
      InlineFunction(*CB, IFI);
    }
    Cache.analyses().invalidate(F, PreservedAnalyses::none());
    canonicalizeForDifferentiation(F, Cache.analyses());
  }
}

/// Does \p V feed an address or a branch (a bound of an inner loop)?
static bool shapesAccesses(const Value *V, unsigned Depth = 0) {
  if (Depth > 4)
    return false;
  for (const User *U : V->users()) {
    if (isa<GetElementPtrInst>(U) || isa<BranchInst>(U) || isa<SwitchInst>(U) ||
        isa<LoadInst>(U) || (isa<StoreInst>(U) && U->getOperand(1) == V))
      return true;
    if ((isa<CastInst>(U) || isa<BinaryOperator>(U) || isa<CmpInst>(U) ||
         isa<SelectInst>(U) || isa<PHINode>(U)) &&
        shapesAccesses(U, Depth + 1))
      return true;
  }
  return false;
}

bool LoopOutliner::hoistInvariantLoads(Loop &L, Analyses &A) {
  // At -O0, and wherever the optimizer could not prove it, `s->n` and
  // `s->u` are loaded again in every iteration: the addresses the loop
  // writes then depend on values it loads. Such a load (from an address the
  // loop does not change, executed in every iteration, of an integer or a
  // pointer that shapes addresses or bounds) is read once before the loop;
  // where it stood, a check stops the program with a message if the memory
  // changed after all, so the derivative is never computed from a stale
  // value.
  BasicBlock *Latch = L.getLoopLatch(), *Preheader = L.getLoopPreheader();
  SmallVector<LoadInst *, 8> Loads;
  SmallPtrSet<const SCEV *, 8> Stored;
  // Objects every iteration reads: reading another field of one of them
  // before the loop is as safe as reading it in the first iteration.
  SmallPtrSet<const Value *, 8> Touched;
  for (BasicBlock *BB : L.blocks())
    for (Instruction &I : *BB) {
      if (auto *St = dyn_cast<StoreInst>(&I))
        Stored.insert(A.SE.getSCEV(St->getPointerOperand()));
      if (auto *LD = dyn_cast<LoadInst>(&I); LD && A.DT.dominates(BB, Latch) &&
          L.isLoopInvariant(getUnderlyingObject(LD->getPointerOperand())))
        Touched.insert(getUnderlyingObject(LD->getPointerOperand()));
    }
  // And what runs before the loop whenever it runs.
  for (DomTreeNode *N = A.DT[Preheader]; N; N = N->getIDom())
    for (Instruction &I : *N->getBlock())
      if (auto *LD = dyn_cast<LoadInst>(&I))
        Touched.insert(getUnderlyingObject(LD->getPointerOperand()));
  for (BasicBlock *BB : L.blocks()) {
    for (Instruction &I : *BB)
      if (auto *LD = dyn_cast<LoadInst>(&I))
        if (LD->isSimple() &&
            (A.DT.dominates(BB, Latch) ||
             Touched.contains(getUnderlyingObject(LD->getPointerOperand())) ||
             // A field of a local object (a std::vector's data pointer at
             // -O0, read only in an inner loop's body): always readable.
             isSafeToLoadUnconditionally(LD->getPointerOperand(), LD->getType(),
                                         LD->getAlign(), F.getDataLayout(),
                                         Preheader->getTerminator(), &A.AC,
                                         &A.DT, &A.TLI)) &&
            (LD->getType()->isPointerTy() || LD->getType()->isIntegerTy()) &&
            A.SE.isLoopInvariant(A.SE.getSCEV(LD->getPointerOperand()), &L) &&
            !Stored.contains(A.SE.getSCEV(LD->getPointerOperand())) &&
            shapesAccesses(LD))
          Loads.push_back(LD);
  }
  Module &M = *F.getParent();
  LLVMContext &Ctx = F.getContext();
  // A call, not a branch: the loop keeps its one exit.
  FunctionCallee Check = M.getOrInsertFunction(
      "__eddy_ckpt_check_invariant",
      FunctionType::get(Type::getVoidTy(Ctx),
                        {Type::getInt64Ty(Ctx), Type::getInt64Ty(Ctx),
                         PointerType::getUnqual(Ctx), Type::getInt32Ty(Ctx)},
                        false));
  if (auto *Decl = dyn_cast<Function>(Check.getCallee())) {
    Decl->setMemoryEffects(MemoryEffects::inaccessibleMemOnly());
    Decl->addFnAttr(Attribute::NoUnwind);
  }
  // One read before the loop per address and type: the regions' bases
  // must be the same values wherever the loop reads the pointer.
  DenseMap<std::pair<const SCEV *, Type *>, LoadInst *> Hoisted;
  for (LoadInst *LD : Loads) {
    bool MadeInvariant = false;
    if (!L.makeLoopInvariant(LD->getPointerOperand(), MadeInvariant,
                             Preheader->getTerminator()))
      continue;
    LoadInst *&Once =
        Hoisted[{A.SE.getSCEV(LD->getPointerOperand()), LD->getType()}];
    if (!Once) {
      Once = cast<LoadInst>(LD->clone());
      Once->insertBefore(Preheader->getTerminator());
      Once->setName(LD->getName() + ".once");
    }
    LD->replaceAllUsesWith(Once);
    IRBuilder<> B(LD->getNextNode());
    unsigned Line = LD->getDebugLoc() ? LD->getDebugLoc().getLine() : 0;
    // Pointers as addresses: the step may run on a relocated copy of the
    // memory (__eddy_ckpt_begin), where the pointer read once has moved.
    Value *Loaded, *Before;
    if (LD->getType()->isPointerTy()) {
      Loaded = B.CreatePtrToInt(LD, B.getInt64Ty());
      Before = B.CreatePtrToInt(Once, B.getInt64Ty());
    } else {
      Loaded = B.CreateZExt(B.CreateICmpNE(LD, Once), B.getInt64Ty());
      Before = B.getInt64(0);
    }
    B.CreateCall(Check, {Loaded, Before,
                         B.CreateGlobalStringPtr(displayName(F), "eddy.ckpt.name"),
                         B.getInt32(Line)})
        ->setDebugLoc(LD->getDebugLoc());
  }
  return !Hoisted.empty();
}

bool LoopOutliner::boundable(Loop &L, Analyses &A) {
  const bool NeedsCount = Sched.Kind == CheckpointKind::Binomial ||
                          Sched.Kind == CheckpointKind::Budget;
  if (NeedsCount && isa<SCEVCouldNotCompute>(normalTakenCount(L, A.SE)))
    return false;
  SmallVector<WrittenRegion, 4> Writes, Reads;
  SmallVector<const CallBase *, 2> Repeats;
  UnboundedWrite Problem;
  return findWrittenRegions(
      L, A.SE, A.DT, A.LI, [&](const CallBase &CB) { return classify(CB); }, Writes, Reads,
      Repeats, Problem);
}

bool LoopOutliner::checkNoPointerState(Loop &L) {
  auto HoldsPointers = [](Type *T) {
    return T->isPointerTy() || (T->isAggregateType() && hasShadowPointers(T)) ||
           (T->isVectorTy() && T->getScalarType()->isPointerTy());
  };
  BasicBlock *Exit = normalExit(L);
  for (BasicBlock *BB : L.blocks())
    for (Instruction &I : *BB) {
      if (auto *St = dyn_cast<StoreInst>(&I);
          St && HoldsPointers(St->getValueOperand()->getType()))
        return refuse(&I, "the loop stores a pointer into memory; a snapshot "
                          "would not hold the pointer's shadow");
      if (!HoldsPointers(I.getType()))
        continue;
      bool CarriedOrLiveOut =
          any_of(I.users(), [&](User *U) {
            auto *UI = cast<Instruction>(U);
            return outside(L, UI->getParent()) ||
                   (isa<PHINode>(UI) && UI->getParent() == L.getHeader());
          });
      if (CarriedOrLiveOut)
        return refuse(&I, "a pointer the loop computes is used after the loop "
                          "or in its next iteration (a pointer that advances, "
                          "or buffers swapped by pointer); a snapshot would "
                          "not hold the pointer's shadow");
    }
  for (PHINode &PN : L.getHeader()->phis())
    if (HoldsPointers(PN.getType()))
      return refuse(&PN, "a pointer changes from one iteration of the loop to "
                         "the next (a pointer that advances, or buffers "
                         "swapped by pointer); index an array instead");
  (void)Exit;
  return true;
}

bool LoopOutliner::checkShape(Loop &L) {
  if (!L.getLoopPreheader() || !L.getLoopLatch())
    return refuse(nullptr, "the loop has no single entry and back edge");
  if (!normalExit(L))
    return refuse(nullptr, "the loop has several exits (a 'break', 'return' or "
                           "'goto' that leaves it for different places); "
                           "checkpointed loops must continue in one place");
  for (BasicBlock *BB : L.blocks())
    for (Instruction &I : *BB) {
      if (auto *AI = dyn_cast<AllocaInst>(&I); AI && !AI->isStaticAlloca())
        return refuse(&I, "variable-length arrays in a checkpointed loop's "
                          "body are not supported");
      if (isa<InvokeInst>(I) || I.isEHPad())
        return refuse(&I, "exceptions in a checkpointed loop's body are not "
                          "supported");
    }
  return true;
}

/// Whether \p V is a local of \p F (its address, at an offset).
static bool isOwnLocal(const Value *V, const Function &F) {
  const auto *AI = dyn_cast<AllocaInst>(getUnderlyingObject(V));
  return AI && AI->getFunction() == &F;
}

/// Whether calling \p F touches no memory but its own locals (and calls only
/// functions that do the same, or libm): a function of its arguments. At -O0
/// such a function keeps its variables in memory; from -O1 on they are
/// registers and it is `memory(none)`, which the caller checks first. A
/// recursion is assumed pure where it re-enters; any other path decides.
static bool touchesOnlyOwnLocals(const Function &F,
                                 SmallPtrSetImpl<const Function *> &Seen) {
  if (F.isDeclaration())
    return false;
  if (!Seen.insert(&F).second)
    return true;
  for (const Instruction &I : instructions(F)) {
    if (const auto *Ld = dyn_cast<LoadInst>(&I)) {
      if (!isOwnLocal(Ld->getPointerOperand(), F))
        return false;
    } else if (const auto *St = dyn_cast<StoreInst>(&I)) {
      if (!isOwnLocal(St->getPointerOperand(), F))
        return false;
    } else if (const auto *CB = dyn_cast<CallBase>(&I)) {
      if (CB->isLifetimeStartOrEnd() || isa<DbgInfoIntrinsic>(CB) ||
          CB->doesNotAccessMemory())
        continue;
      const Function *G = CB->getCalledFunction();
      if (!G || !(lookupRule(*CB) || touchesOnlyOwnLocals(*G, Seen)))
        return false;
    } else if (I.mayReadOrWriteMemory()) {
      return false; // Atomics, fences, memory intrinsics: not worth the case.
    }
  }
  return true;
}

CallWrites LoopOutliner::classify(const CallBase &CB) {
  const Function *Callee = CB.getCalledFunction();
  if (!Callee)
    return CallWrites::Unknown;
  if (isCheckpointMarker(CB) || Callee->getName() == "__eddy_ckpt_check_invariant")
    return CallWrites::None; // A nested loop's marker; a hoisted load's check.
  if (const FunctionRules *Rules = Cache.registrations().lookup(Callee))
    return Rules->Inactive && !Rules->hasRule() ? CallWrites::Repeat
                                                : CallWrites::Unknown;
  if (isCheckpointedLoop(*Callee))
    return CallWrites::Unknown; // Nested loops are outlined inside the step.
  // libm: writes errno at most, which is nobody's state.
  if (lookupRule(CB))
    return CallWrites::None;
  static const char *const SideEffects[] = {
      "printf", "fprintf", "puts", "fputs", "putchar", "fputc", "fwrite",
      "fflush", "rand", "srand", "random", "srandom", "drand48", "time",
      "clock", "clock_gettime", "gettimeofday", "perror"};
  for (const char *Name : SideEffects)
    if (Callee->getName() == Name)
      return CallWrites::Repeat;
  SmallPtrSet<const Function *, 8> Seen;
  if (touchesOnlyOwnLocals(*Callee, Seen))
    return CallWrites::None; // What -O1 would have called memory(none).
  return CallWrites::Unknown;
}

/// Is \p I a computation from values outside \p L only (the optimizer may
/// have reused, after the loop, an address computed inside it)?
static bool recomputable(const Instruction &I, const Loop &L) {
  if (!isa<GetElementPtrInst>(I) && !isa<CastInst>(I) &&
      !isa<BinaryOperator>(I) && !isa<CmpInst>(I) && !isa<SelectInst>(I))
    return false;
  return all_of(I.operands(), [&](const Value *Op) { return L.isLoopInvariant(Op); });
}

void LoopOutliner::recomputeOutside(Loop &L) {
  BasicBlock *Exit = normalExit(L);
  auto CloneAtExit = [&](Instruction &I) {
    Instruction *C = I.clone();
    C->insertBefore(Exit->getFirstInsertionPt());
    C->setName(I.getName() + ".after");
    return C;
  };
  // x.lcssa = phi [x, ...] with x recomputable: x after the loop.
  for (PHINode &PN : make_early_inc_range(Exit->phis())) {
    auto *V = dyn_cast<Instruction>(PN.getIncomingValue(0));
    if (!V || !L.contains(V->getParent()) || !recomputable(*V, L) ||
        !all_of(PN.blocks(), [&](BasicBlock *BB) { return L.contains(BB); }) ||
        !all_of(PN.incoming_values(), [&](Value *X) { return X == V; }))
      continue;
    PN.replaceAllUsesWith(CloneAtExit(*V));
    PN.eraseFromParent();
  }
  for (BasicBlock *BB : L.blocks())
    for (Instruction &I : *BB) {
      if (!recomputable(I, L))
        continue;
      Instruction *After = nullptr;
      for (Use &U : make_early_inc_range(I.uses())) {
        auto *User = cast<Instruction>(U.getUser());
        if (!outside(L, User->getParent()) || isa<PHINode>(User))
          continue;
        if (!After)
          After = CloneAtExit(I);
        U.set(After);
      }
    }
}

SmallVector<AllocaInst *, 8> LoopOutliner::demote(Loop &L) {
  SmallVector<AllocaInst *, 8> Slots;
  BasicBlock *Exit = normalExit(L);
  SmallVector<PHINode *, 8> Phis;
  for (PHINode &PN : Exit->phis())
    Phis.push_back(&PN);
  for (PHINode &PN : L.getHeader()->phis())
    Phis.push_back(&PN);
  for (PHINode *PN : Phis)
    Slots.push_back(DemotePHIToStack(PN));
  SmallVector<Instruction *, 8> LiveOut;
  for (BasicBlock *BB : L.blocks())
    for (Instruction &I : *BB)
      if (any_of(I.users(), [&](User *U) {
            return outside(L, cast<Instruction>(U)->getParent());
          }))
        LiveOut.push_back(&I);
  for (Instruction *I : LiveOut)
    Slots.push_back(DemoteRegToStack(*I));
  return Slots;
}

Function *LoopOutliner::outlineStep(Loop &L, SmallVectorImpl<Value *> &Inputs) {
  // The step's parameters: what the loop uses from outside it.
  SmallVector<BasicBlock *, 16> Blocks{L.getHeader()};
  for (BasicBlock *BB : L.blocks())
    if (BB != L.getHeader())
      Blocks.push_back(BB);
  Blocks.append(Traps.begin(), Traps.end());
  SetVector<Value *> Used;
  for (BasicBlock *BB : Blocks)
    for (Instruction &I : *BB)
      for (Value *Op : I.operands())
        if (isa<Argument>(Op) ||
            (isa<Instruction>(Op) &&
             outside(L, cast<Instruction>(Op)->getParent())))
          Used.insert(Op);
  Inputs.assign(Used.begin(), Used.end());
  SmallVector<Type *, 8> Types;
  for (Value *V : Inputs)
    Types.push_back(V->getType());
  LLVMContext &Ctx = F.getContext();
  std::string Base =
      F.getName().substr(0, F.getName().find(".eddy")).str() + ".eddy.ckpt" +
      std::to_string(Index);
  Function *S = Function::Create(FunctionType::get(Type::getInt1Ty(Ctx), Types, false),
                                 GlobalValue::InternalLinkage, Base + ".step",
                                 F.getParent());
  S->copyAttributesFrom(&F);
  S->setAttributes(AttributeList::get(Ctx, F.getAttributes().getFnAttrs(), {}, {}));
  S->setLinkage(GlobalValue::InternalLinkage);
  // F is a primal copy, fastcc when GlobalOpt made the user's function so;
  // the step and the loop function (which copies the step's attributes) are
  // called as C by the calls made here and by the driver's thunks.
  S->setCallingConv(CallingConv::C);
  S->removeFnAttr(Attribute::OptimizeNone);
  S->addFnAttr(Attribute::NoInline);

  ValueToValueMapTy VMap;
  for (auto [V, Arg] : zip(Inputs, S->args()))
    VMap[V] = &Arg;
  SmallVector<BasicBlock *, 16> Clones;
  for (BasicBlock *BB : Blocks) {
    BasicBlock *C = CloneBasicBlock(BB, VMap, "", S);
    VMap[BB] = C;
    Clones.push_back(C);
  }
  // The back edge ends the step saying "go on", an exit saying "stop".
  BasicBlock *Again = BasicBlock::Create(Ctx, "step.again", S);
  ReturnInst::Create(Ctx, ConstantInt::getTrue(Ctx), Again);
  BasicBlock *Stop = BasicBlock::Create(Ctx, "step.stop", S);
  ReturnInst::Create(Ctx, ConstantInt::getFalse(Ctx), Stop);
  for (BasicBlock *BB : L.getBlocks())
    for (BasicBlock *Succ : successors(BB))
      if (outside(L, Succ))
        VMap[Succ] = Stop;
  // A trap block other code branches to as well keeps only the step's edges.
  for (BasicBlock *T : Traps)
    for (PHINode &PN : cast<BasicBlock>(VMap[T])->phis())
      for (unsigned K = PN.getNumIncomingValues(); K-- > 0;)
        if (outside(L, PN.getIncomingBlock(K)))
          PN.removeIncomingValue(K, /*DeletePHIIfEmpty=*/false);
  remapInstructionsInBlocks(Clones, VMap);
  BasicBlock *HeaderClone = Clones.front();
  for (BasicBlock *C : Clones)
    C->getTerminator()->replaceSuccessorWith(HeaderClone, Again);
  if (Stop->hasNPredecessors(0))
    Stop->eraseFromParent();
  return S;
}

Function *LoopOutliner::makeLoopFunction(Function &Step, ArrayRef<Value *> LoopArgs,
                                         LoopRegions Counts) {
  LLVMContext &Ctx = F.getContext();
  SmallVector<Type *, 8> Types;
  for (Value *V : LoopArgs)
    Types.push_back(V->getType());
  std::string Name = Step.getName().drop_back(strlen(".step")).str() + ".loop";
  Function *Loop = Function::Create(
      FunctionType::get(Type::getVoidTy(Ctx), Types, false),
      GlobalValue::InternalLinkage, Name, F.getParent());
  Loop->copyAttributesFrom(&Step);
  Loop->setLinkage(GlobalValue::InternalLinkage);
  Loop->addFnAttr(CheckpointLoopAttr,
                  std::to_string(int(Sched.Kind)) + "," +
                      std::to_string(Sched.Param) + "," +
                      std::to_string(Counts.State) + "," +
                      std::to_string(Counts.Inputs) + "," +
                      std::to_string(Counts.Scratch));
  Loop->setMetadata("eddy.checkpoint.step",
                    MDNode::get(Ctx, ValueAsMetadata::get(&Step)));
  BasicBlock *Entry = BasicBlock::Create(Ctx, "entry", Loop);
  BasicBlock *Body = BasicBlock::Create(Ctx, "step", Loop);
  BasicBlock *Done = BasicBlock::Create(Ctx, "done", Loop);
  BranchInst::Create(Body, Entry);
  IRBuilder<> B(Body);
  SmallVector<Value *, 8> StepArgs;
  for (Argument &A : Loop->args())
    if (A.getArgNo() >= Counts.numLeadingArgs())
      StepArgs.push_back(&A);
  Value *Again = B.CreateCall(&Step, StepArgs);
  B.CreateCondBr(Again, Body, Done);
  ReturnInst::Create(Ctx, Done);
  return Loop;
}

bool LoopOutliner::run() {
  if (Sched.Param < 1)
    return refuse(nullptr, "the schedule's parameter must be at least 1");
  inlineBody();
  // Outlining moves the body's allocas into the step, away from their
  // assignment-tracking records (-g at -O1 and -O2, also in inlined
  // callees), which the verifier rejects; the copy's debug info serves only
  // to locate diagnostics.
  at::deleteAll(&F);
  {
    Analyses A(F, Cache.analyses());
    Loop *L = markedLoop(A.LI, Marker);
    if (!L) {
      // Unrolled before Eddy saw it: nothing is taped per iteration.
      Marker->eraseFromParent();
      return true;
    }
    // One step is one iteration at every level: -O0 leaves loops with the
    // test at the top, the optimizer rotates them.
    // Inner loops too: a body that runs in every iteration (a constant trip
    // count) then dominates the latch, and what it reads can be read once
    // before the loop (hoistInvariantLoads).
    SimplifyQuery SQ(F.getDataLayout(), &A.TLI, &A.DT, &A.AC);
    SmallVector<BasicBlock *, 8> Headers;
    for (Loop *Sub : L->getLoopsInPreorder())
      Headers.push_back(Sub->getHeader());
    for (BasicBlock *Header : reverse(Headers)) {
      Loop *Sub = A.LI.getLoopFor(Header);
      if (!Sub || Sub->getHeader() != Header)
        continue;
      simplifyLoop(Sub, &A.DT, &A.LI, &A.SE, &A.AC, nullptr, false);
      LoopRotation(Sub, &A.LI, &A.TTI, &A.AC, &A.DT, &A.SE, nullptr, SQ,
                   /*RotationOnly=*/true, /*Threshold=*/~0u,
                   /*IsUtilMode=*/true);
    }
  }
  Cache.analyses().invalidate(F, PreservedAnalyses::none());
  std::optional<Analyses> Fresh;
  Fresh.emplace(F, Cache.analyses());
  Loop *L = markedLoop(Fresh->LI, Marker);
  if (!L)
    return false;
  // A block of its own where an inner loop's guard skips it: there scalar
  // evolution knows the guard failed (isDeadOnEntry).
  {
    SmallVector<std::pair<Instruction *, unsigned>, 8> Critical;
    for (BasicBlock *BB : L->blocks())
      for (unsigned K = 0, E = BB->getTerminator()->getNumSuccessors(); K < E; ++K)
        if (isa<BranchInst>(BB->getTerminator()) &&
            isCriticalEdge(BB->getTerminator(), K) &&
            L->contains(BB->getTerminator()->getSuccessor(K)) &&
            !Fresh->LI.isLoopHeader(BB->getTerminator()->getSuccessor(K)))
          Critical.push_back({BB->getTerminator(), K});
    for (auto [TI, K] : Critical)
      SplitCriticalEdge(TI, K, CriticalEdgeSplittingOptions(&Fresh->DT, &Fresh->LI));
    if (!Critical.empty()) {
      Cache.analyses().invalidate(F, PreservedAnalyses::none());
      Fresh.emplace(F, Cache.analyses());
      L = markedLoop(Fresh->LI, Marker);
    }
  }
  findTraps(*L);
  if (!Traps.empty())
    return refuse(&*Traps.front()->getFirstInsertionPt(),
                  "the loop's body can stop the program here (an assert, a "
                  "-fsanitize check, a call that does not return); such "
                  "loops cannot be checkpointed yet");
  if (!checkShape(*L))
    return false;
  if (!boundable(*L, *Fresh) && hoistInvariantLoads(*L, *Fresh)) {
    // The value read before the loop replaces the loads; reads of the same
    // field there already (the optimizer's) are merged with it, and the
    // phis that carried it from one iteration to the next fold away.
    Cache.analyses().invalidate(F, PreservedAnalyses::none());
    FunctionPassManager FPM;
    FPM.addPass(EarlyCSEPass());
    FPM.addPass(InstSimplifyPass());
    FPM.run(F, Cache.analyses());
    Fresh.emplace(F, Cache.analyses());
    L = markedLoop(Fresh->LI, Marker);
    findTraps(*L);
  }
  Analyses &A = *Fresh;

  LLVMContext &Ctx = F.getContext();
  Type *I64 = Type::getInt64Ty(Ctx);
  BasicBlock *Preheader = L->getLoopPreheader();
  Instruction *Before = Preheader->getTerminator();
  SCEVExpander Exp(A.SE, F.getDataLayout(), "eddy.ckpt");
  auto Expand = [&](const SCEV *S) -> Value * {
    if (!Exp.isSafeToExpandAt(S, Before))
      return nullptr;
    return Exp.expandCodeFor(S, I64, Before);
  };

  // The trip count, which binomial checkpointing needs when the loop starts.
  Value *N = nullptr;
  const SCEV *Taken = normalTakenCount(*L, A.SE);
  if (!isa<SCEVCouldNotCompute>(Taken))
    N = Expand(A.SE.getAddExpr(A.SE.getTruncateOrZeroExtend(Taken, I64),
                               A.SE.getOne(I64)));
  const bool NeedsCount = Sched.Kind == CheckpointKind::Binomial ||
                          Sched.Kind == CheckpointKind::Budget;
  if (!N && !NeedsCount)
    N = ConstantInt::get(I64, -1); // Counted by the driver as it runs.
  if (!N)
    return refuse(nullptr, "binomial checkpointing needs the loop's trip "
                           "count when the loop starts, and Eddy cannot "
                           "compute it; use '#pragma eddy checkpoint(online, "
                           "snapshots(S))' for a loop that runs until a "
                           "condition holds");

  // The state: the memory the body writes. And what it only reads, which
  // must be the same when steps run again in the backward sweep: code after
  // the loop may change it, and the backward sweep of a callee runs in a
  // frame of its own, whose locals are not the forward sweep's.
  SmallVector<WrittenRegion, 4> Regions, Reads;
  SmallVector<const CallBase *, 2> Repeats;
  UnboundedWrite Problem;
  if (!findWrittenRegions(*L, A.SE, A.DT, A.LI,
                          [&](const CallBase &CB) { return classify(CB); },
                          Regions, Reads, Repeats, Problem))
    return refuse(Problem.At, Problem.Why +
                                  "; only loops whose memory accesses are "
                                  "bounded before they start can be "
                                  "checkpointed");
  // Scratch (a buffer every step fills before it reads it) is dead when a
  // step starts: no snapshot needs it.
  // Its reads stay within what each step writes of it (isDeadOnEntry), so
  // they need no input region of their own.
  SmallVector<WrittenRegion, 4> Scratch;
  llvm::erase_if(Regions, [&](const WrittenRegion &R) {
    if (!isDeadOnEntry(*L, R, A.SE, A.DT, A.LI))
      return false;
    erase_if(Reads, [&](const WrittenRegion &X) { return X.Base == R.Base; });
    Scratch.push_back(R);
    return true;
  });
  SmallVector<Value *, 8> StateArgs, InputArgs, ScratchArgs;
  auto AddRegions = [&](ArrayRef<WrittenRegion> Rs,
                        SmallVectorImpl<Value *> &Args) {
    for (const WrittenRegion &R : Rs) {
      Value *Lo = Expand(R.Lo), *Hi = Expand(R.Hi);
      if (!Lo || !Hi)
        return false;
      Args.append({cast<SCEVUnknown>(R.Base)->getValue(), Lo, Hi});
    }
    return true;
  };
  if (!AddRegions(Regions, StateArgs) || !AddRegions(Reads, InputArgs) ||
      !AddRegions(Scratch, ScratchArgs))
    return refuse(nullptr, "the bounds of the memory the loop accesses "
                           "cannot be computed before it starts");
  for (const CallBase *CB : Repeats)
    Diags.warning(CB, "'" + displayName(*CB->getCalledFunction()) +
                          "' runs again each time a step of this checkpointed "
                          "loop is recomputed in the backward sweep");

  // What flows around the back edge or out of the loop becomes memory, and
  // part of the state; addresses are recomputed after the loop instead.
  recomputeOutside(*L);
  if (!checkNoPointerState(*L))
    return false;
  SmallVector<AllocaInst *, 8> Slots = demote(*L);
  for (AllocaInst *Slot : Slots) {
    uint64_t Bytes = Slot->getAllocationSize(F.getDataLayout())->getFixedValue();
    StateArgs.append({Slot, ConstantInt::get(I64, 0), ConstantInt::get(I64, Bytes)});
  }
  SmallVector<Value *, 8> LoopArgs{N};
  LoopArgs.append(StateArgs.begin(), StateArgs.end());
  LoopArgs.append(InputArgs.begin(), InputArgs.end());
  LoopArgs.append(ScratchArgs.begin(), ScratchArgs.end());
  LoopRegions Counts{unsigned(StateArgs.size() / 3), unsigned(InputArgs.size() / 3),
                     unsigned(ScratchArgs.size() / 3)};

  Marker->eraseFromParent();
  Marker = nullptr;
  SmallVector<Value *, 8> Inputs;
  Function *Step = outlineStep(*L, Inputs);
  LoopArgs.append(Inputs.begin(), Inputs.end());
  Function *LoopFn = makeLoopFunction(*Step, LoopArgs, Counts);
  recordCheckpointGroups(*LoopFn, ArrayRef<Value *>(LoopArgs).slice(1, Counts.numLeadingArgs() - 1),
                   Inputs);
  Cache.adoptOutlined(Step);
  Cache.adoptOutlined(LoopFn);

  // The loop becomes one call.
  BasicBlock *Exit = normalExit(*L);
  BasicBlock *CallBB =
      BasicBlock::Create(Ctx, "eddy.ckpt.loop", &F, L->getHeader());
  CallInst *Call = CallInst::Create(LoopFn, LoopArgs, "", CallBB);
  Call->setDebugLoc(Where);
  BranchInst::Create(Exit, CallBB);
  Before->replaceSuccessorWith(L->getHeader(), CallBB);
  SmallVector<BasicBlock *, 16> Dead(L->blocks());
  for (BasicBlock *T : Traps)
    if (all_of(predecessors(T), [&](BasicBlock *P) { return !outside(*L, P); }))
      Dead.push_back(T);
  DeleteDeadBlocks(Dead);
  Cache.analyses().invalidate(F, PreservedAnalyses::none());
  // What the reverse builder gets next must be valid IR: say so rather than
  // let it crash.
  for (Function *G : {&F, Step, LoopFn})
    if (verifyFunction(*G)) {
      Diags.error(Call, "internal error: checkpointing this loop produced "
                        "invalid IR in '" + G->getName() + "'; please report "
                        "this with the source file");
      return false;
    }
  return true;
}

} // namespace

bool outlineCheckpointedLoops(Function &F, DerivativeCache &Cache) {
  unsigned Index = 0;
  while (true) {
    CallInst *Marker = nullptr;
    for (Instruction &I : instructions(F))
      if (isCheckpointMarker(I)) {
        Marker = cast<CallInst>(&I);
        break;
      }
    if (!Marker)
      return true;
    LoopOutliner Outliner(F, *Marker, Cache, ++Index);
    if (!Outliner.run() && !Outliner.skipped())
      return false;
  }
}

} // namespace eddy
