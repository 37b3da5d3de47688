//===- Canonicalize.cpp - Put a primal copy into differentiable form -------===//
//
// At -O0 Clang leaves every local in memory and marks functions optnone; the
// copy Eddy differentiates is first brought to SSA (so loads and stores of
// locals do not become shadow traffic). At -O2 this is nearly a no-op.
//===----------------------------------------------------------------------===//
#include "Eddy/Transform/DerivativeCache.h"
#include "CanonicalizeCalls.h"
#include "ShadowForwarding.h"
#include "Eddy/Analysis/ElementType.h"
#include "Eddy/Rules/ComplexRuntime.h"
#include "Eddy/Rules/ElementaryRules.h"
#include "Eddy/Rules/OpenMpCalls.h"
#include "Eddy/Rules/OutParameters.h"
#include "Eddy/Support/BlockCuts.h"
#include "Eddy/Support/LibCalls.h"
#include "Eddy/Passes/VectorizerGate.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/Analysis/InstructionSimplify.h"
#include "llvm/Analysis/MemoryBuiltins.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/ValueHandle.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Local.h"
#include "llvm/Transforms/Scalar/ADCE.h"
#include "llvm/Transforms/Scalar/DeadStoreElimination.h"
#include "llvm/Transforms/Scalar/EarlyCSE.h"
#include "llvm/Transforms/Scalar/GVN.h"
#include "llvm/Transforms/Scalar/InstSimplifyPass.h"
#include "llvm/Transforms/Scalar/SROA.h"
#include "llvm/Transforms/Scalar/SimplifyCFG.h"
#include "llvm/Transforms/InstCombine/InstCombine.h"
#include "llvm/Transforms/Utils/LoopSimplify.h"
#include "llvm/Transforms/Utils/Mem2Reg.h"

using namespace llvm;

namespace eddy {

/// Does every path from the landing pad \p LP leave by an exception (resume,
/// rethrow, terminate: anything noreturn or unreachable)? Destructor cleanups,
/// `catch (...) { undo; throw; }` and noexcept guards do; a handler that can
/// fall back into normal code and return does not.
static bool onlyUnwindsFurther(const LandingPadInst &LP) {
  SmallVector<const BasicBlock *, 8> Work{LP.getParent()};
  SmallPtrSet<const BasicBlock *, 8> Seen{LP.getParent()};
  while (!Work.empty()) {
    const BasicBlock *BB = Work.pop_back_val();
    bool Exits = false;
    for (const Instruction &I : *BB)
      if (const auto *CB = dyn_cast<CallBase>(&I); CB && CB->doesNotReturn())
        Exits = true;
    const Instruction *T = BB->getTerminator();
    if (Exits || isa<ResumeInst>(T) || isa<UnreachableInst>(T))
      continue;
    if (isa<ReturnInst>(T))
      return false;
    for (const BasicBlock *Succ : successors(BB))
      if (Seen.insert(Succ).second)
        Work.push_back(Succ);
  }
  return true;
}

/// C++ calls that may throw are invokes whose landing pads run destructors,
/// undo and rethrow, or terminate (in noexcept code). The derivative cannot
/// replay an exceptional exit, so those paths are dropped: if such a call
/// does throw at run time, the exception leaves the derivative (or terminates
/// a noexcept one) and no derivative is returned. Landing pads that may
/// swallow the exception stay, and are refused where they involve
/// differentiated values (CallClassifier).
static void dropCleanupOnlyUnwindEdges(Function &F) {
  SmallVector<InvokeInst *, 8> Invokes;
  for (BasicBlock &BB : F)
    if (auto *II = dyn_cast<InvokeInst>(BB.getTerminator()))
      if (onlyUnwindsFurther(*II->getLandingPadInst()))
        Invokes.push_back(II);
  for (InvokeInst *II : Invokes)
    changeToCall(II);
  if (!Invokes.empty())
    removeUnreachableBlocks(F);
}

/// q = realloc(p, n) becomes q = malloc(n); memcpy(q, p, min(usable(p), n));
/// free(p): the same memory effects, written in the calls Eddy already
/// differentiates. Reverse mode needs it: realloc frees p's memory, while the
/// adjoint of the copy must still add q's adjoints into p's shadow; split up,
/// p's shadow lives until its own allocation's adjoint like any other.
/// (Under glibc, malloc_usable_size(p) >= the size p was given, and the bytes
/// up to it belong to p's block; under ASan it is exactly that size.)
static void expandRealloc(Function &F) {
  SmallVector<CallInst *, 2> Reallocs;
  for (BasicBlock &BB : F)
    for (Instruction &I : BB)
      if (auto *CI = dyn_cast<CallInst>(&I))
        if (Function *Callee = CI->getCalledFunction();
            Callee && Callee->getName() == "realloc" && CI->arg_size() == 2 &&
            CI->getArgOperand(1)->getType()->isIntegerTy(64))
          Reallocs.push_back(CI);
  Module &M = *F.getParent();
  for (CallInst *CI : Reallocs) {
    IRBuilder<> B(CI);
    Type *Ptr = B.getPtrTy(), *I64 = B.getInt64Ty();
    Value *P = CI->getArgOperand(0), *N = CI->getArgOperand(1);
    FunctionCallee Malloc = getLibFunction(M, "malloc", Ptr, {I64});
    FunctionCallee Usable = getLibFunction(M, "malloc_usable_size", I64, {Ptr});
    FunctionCallee Free = getLibFunction(M, "free", B.getVoidTy(), {Ptr});
    Value *Q = B.CreateCall(Malloc, {N}, CI->getName());
    Value *Old = B.CreateCall(Usable, {P}); // 0 for a null p.
    B.CreateMemCpy(Q, MaybeAlign(), P, MaybeAlign(),
                   B.CreateBinaryIntrinsic(Intrinsic::umin, Old, N));
    B.CreateCall(Free, {P});
    CI->replaceAllUsesWith(Q);
    CI->eraseFromParent();
  }
}

/// libm calls may set errno, so LLVM treats them as writing any memory: it
/// reloads user data around them and cannot see that cos(x) and sin(x) take
/// the same x. When nothing else the function calls could read errno (only
/// libm functions with rules, intrinsics and the heap functions), the copy
/// Eddy differentiates marks those calls as writing only memory the function
/// cannot see: they still run, in order, and set errno as the primal's do.
/// Returns whether it did (nothing in the function reads errno).
static bool isElementaryLibmCall(const CallBase &CB) {
  const Function *Callee = CB.getCalledFunction();
  return Callee && Callee->isDeclaration() && !isa<IntrinsicInst>(CB) &&
         lookupRule(CB) &&
         none_of(CB.args(),
                 [](const Use &A) { return A->getType()->isPointerTy(); });
}

static bool narrowLibmEffects(Function &F, FunctionAnalysisManager &FAM) {
  const TargetLibraryInfo &TLI = FAM.getResult<TargetLibraryAnalysis>(F);
  SmallVector<CallBase *, 8> Libm;
  for (Instruction &I : instructions(F)) {
    auto *CB = dyn_cast<CallBase>(&I);
    if (!CB || isa<IntrinsicInst>(CB))
      continue;
    if (isElementaryLibmCall(*CB)) {
      // lgamma also writes the global signgam, which the program may read.
      if (!CB->getCalledFunction()->getName().starts_with("lgamma"))
        Libm.push_back(CB);
      continue;
    }
    if (isAllocationFn(CB, &TLI) || getFreedOperand(CB, &TLI))
      continue;
    return false; // Could read errno.
  }
  for (CallBase *CB : Libm)
    CB->setMemoryEffects(CB->getMemoryEffects() &
                         MemoryEffects::inaccessibleMemOnly(ModRefInfo::Mod));
  return true;
}

/// A libm call whose result nothing uses is there only for errno: at -O2
/// LibCallsShrinkWrap keeps it behind its domain test (`if (x < 0) sqrt(x)`),
/// and generated code is full of them (a third of the benchmark's
/// statements), each a block of its own that the derivative would copy and
/// the back end allocate registers around. When nothing in the function
/// reads errno (narrowLibmEffects), the derivative drops them with the
/// arithmetic only they used: a derivative computes the primal's values but
/// does not promise its errno (docs/user-guide.md).
/// Returns whether a guard block was left empty.
static bool dropErrnoOnlyLibmCalls(Function &F) {
  SmallVector<CallBase *, 16> Dead;
  for (Instruction &I : instructions(F))
    if (auto *CB = dyn_cast<CallBase>(&I);
        CB && CB->use_empty() && isElementaryLibmCall(*CB) &&
        CB->getMemoryEffects().onlyAccessesInaccessibleMem())
      Dead.push_back(CB);
  bool EmptiedBlock = false;
  for (CallBase *CB : Dead) {
    BasicBlock *BB = CB->getParent();
    SmallVector<WeakTrackingVH, 2> Args(CB->args());
    CB->eraseFromParent();
    for (WeakTrackingVH &A : Args)
      if (A)
        RecursivelyDeleteTriviallyDeadInstructions(A);
    // Only the terminator left (size() would walk the block: quadratic on
    // one long block of statements).
    EmptiedBlock |= BB->front().isTerminator();
  }
  return EmptiedBlock;
}

/// __attribute__((annotate("..."))) on a local, a field or an expression
/// becomes llvm.var.annotation (no result), llvm.ptr.annotation (returns its
/// pointer operand) or llvm.annotation (returns its integer operand). They
/// exist for source-level tools; code generation drops them, returning the
/// operand. Dropped here, in the copy Eddy differentiates and never in the
/// user's function, they change nothing the program computes, and they
/// neither hide a local from mem2reg nor stand between a pointer and its
/// shadow: activity analysis, shadow memory and both modes see plain
/// pointers, at every level.
static void stripAnnotations(Function &F) {
  SmallVector<IntrinsicInst *, 4> Annotations;
  for (Instruction &I : instructions(F))
    if (auto *II = dyn_cast<IntrinsicInst>(&I))
      switch (II->getIntrinsicID()) {
      case Intrinsic::var_annotation:
      case Intrinsic::ptr_annotation:
      case Intrinsic::annotation:
        Annotations.push_back(II);
        break;
      default:
        break;
      }
  for (IntrinsicInst *II : Annotations) {
    if (!II->getType()->isVoidTy())
      II->replaceAllUsesWith(II->getArgOperand(0));
    II->eraseFromParent();
  }
}

/// A pointer stored as an integer of its size (`store i64 (ptrtoint p)`:
/// InstCombine writes a std::tuple's reference member so, and the copy is
/// read back as a pointer) is stored as the pointer: the same bits, and the
/// store then carries p's shadow, or is refused when p has none. As an
/// integer, its shadow was lost: the pointer read back had a null shadow,
/// which crashed at -O1 (a nested eddy::derivative reading a captured
/// variable through the outer request's closure).
static void storePointersAsPointers(Function &F) {
  const DataLayout &DL = F.getDataLayout();
  for (Instruction &I : instructions(F))
    if (auto *SI = dyn_cast<StoreInst>(&I))
      if (auto *P2I = dyn_cast<PtrToIntInst>(SI->getValueOperand());
          P2I && DL.getTypeStoreSize(P2I->getType()) ==
                     DL.getTypeStoreSize(P2I->getPointerOperand()->getType()))
        SI->setOperand(0, P2I->getPointerOperand());
}

/// A value loaded as an integer and reinterpreted as floating point
/// (InstCombine merges `double v = *p` and `signbit(*p)` into one
/// `load i64` and a bitcast) is loaded as the floating-point value, and the
/// integer is taken from it: the load then carries a derivative, and the bits
/// are read from an active value, which predicates like signbit may do.
/// Stores of the integer (copies) store the value.
static void loadFloatsAsFloats(Function &F) {
  SmallVector<LoadInst *, 4> Loads;
  for (Instruction &I : instructions(F))
    if (auto *LI = dyn_cast<LoadInst>(&I);
        LI && LI->isSimple() && LI->getType()->isIntegerTy())
      if (any_of(LI->users(), [](const User *U) {
            return isa<BitCastInst>(U) && U->getType()->isFloatingPointTy();
          }))
        Loads.push_back(LI);
  for (LoadInst *LI : Loads) {
    Type *FT = nullptr;
    for (User *U : LI->users())
      if (isa<BitCastInst>(U) && U->getType()->isFloatingPointTy())
        FT = U->getType();
    IRBuilder<> B(LI);
    LoadInst *FL = B.CreateAlignedLoad(FT, LI->getPointerOperand(), LI->getAlign(),
                                       LI->isVolatile(), LI->getName() + ".fp");
    FL->copyMetadata(*LI);
    Value *Bits = B.CreateBitCast(FL, LI->getType());
    for (User *U : make_early_inc_range(LI->users()))
      if (isa<BitCastInst>(U) && U->getType() == FT) {
        U->replaceAllUsesWith(FL);
        cast<Instruction>(U)->eraseFromParent();
      } else if (auto *SI = dyn_cast<StoreInst>(U);
                 SI && SI->getValueOperand() == LI) {
        SI->setOperand(0, FL); // A copy: stored as the value it is.
      }
    LI->replaceAllUsesWith(Bits);
    LI->eraseFromParent();
  }
}

/// Sanitizer checks compare locals' addresses with null
/// (-fsanitize=nonnull-attribute before a memcpy); mem2reg and SROA take
/// such a comparison for an escape. An alloca is never null: folds every
/// comparison of a local's address (or an address inside it) that
/// InstSimplify decides. Only the locals' users are visited, where
/// InstSimplifyPass walked the whole -O0 body (its three runs per copy and
/// clean-up took 0.33-0.44 s on a 100,000-statement function).
static void foldLocalAddressComparisons(Function &F) {
  const SimplifyQuery SQ(F.getDataLayout());
  SmallVector<Value *, 16> Addresses;
  for (Instruction &I : F.getEntryBlock())
    if (isa<AllocaInst>(I))
      Addresses.push_back(&I);
  SmallSetVector<ICmpInst *, 4> Comparisons; // (Both operands may be locals.)
  while (!Addresses.empty()) {
    Value *Address = Addresses.pop_back_val();
    for (User *U : Address->users())
      if (auto *Cmp = dyn_cast<ICmpInst>(U))
        Comparisons.insert(Cmp);
      else if (isa<GetElementPtrInst>(U))
        Addresses.push_back(U);
  }
  for (ICmpInst *Cmp : Comparisons)
    if (Value *Folded = simplifyInstruction(Cmp, SQ)) {
      Cmp->replaceAllUsesWith(Folded);
      Cmp->eraseFromParent();
    }
}

/// The largest function, in instructions, whose canonicalization gives
/// EarlyCSE MemorySSA. MemorySSA lets a load be reused across stores and calls
/// that cannot reach its memory (a libm call's errno, a local array), but
/// EarlyCSE walks it for at most 500 such queries per run
/// (-earlycse-mssa-optimization-cap); beyond them it treats every store or
/// call as a clobber, as it does without MemorySSA, and building MemorySSA is
/// the cost left. On the unrolled kinetics right-hand side at 100,000
/// statements (1.2 million -O0 instructions) MemorySSA cost 0.6 s of the
/// 2.3 s of canonicalization and spared 56 of the derivative's 1.58 million
/// instructions; at 3,000 statements (37,000) 0.02 s and 300 of 47,000.
static constexpr unsigned MaxMemorySSACSEInstructions = 20000;

/// One round of canonicalization; every step is idempotent.
static void canonicalizeOnce(Function &F, FunctionAnalysisManager &FAM) {
  stripAnnotations(F);
  storePointersAsPointers(F);
  loadFloatsAsFloats(F);
  dropCleanupOnlyUnwindEdges(F);
  resolveConstantCallees(F);
  resolveConstantPointers(F);
  expandRealloc(F);
  expandPosixMemalign(F);
  substituteComplexRuntime(F);
  exposeLibmOutParameters(F);
  lowerOpenMpReductions(F);
  bool NoErrnoReader = narrowLibmEffects(F, FAM);
  foldLocalAddressComparisons(F);
  FunctionPassManager FPM;
  FPM.addPass(PromotePass());
  FPM.addPass(SROAPass(SROAOptions::ModifyCFG));
  FPM.addPass(EarlyCSEPass(/*UseMemorySSA=*/F.getInstructionCount() <=
                          MaxMemorySSACSEInstructions));
  // Folds the bitcast round trips SROA leaves for unions and memcpy'd copies,
  // so only real bit manipulation of active values is refused.
  FPM.addPass(InstSimplifyPass());
  FPM.addPass(SimplifyCFGPass());
  FPM.addPass(LoopSimplifyPass()); // Preheaders, where the tape is reserved.
  FPM.run(F, FAM);
  // Promoted, a dead libm result is visibly unused (at -O0 it was stored).
  if (NoErrnoReader && dropErrnoOnlyLibmCalls(F)) {
    FAM.invalidate(F, PreservedAnalyses::none());
    FunctionPassManager Fold;
    Fold.addPass(SimplifyCFGPass());
    Fold.addPass(LoopSimplifyPass());
    Fold.run(F, FAM);
  }
  // Promoted, a function passed on from a parameter is a constant too.
  specializeFunctionArguments(F);
  retypeFloatBitPhis(F);
  retypeIntegerCopies(F);
  FAM.invalidate(F, PreservedAnalyses::none());
}

void canonicalizeForDifferentiation(Function &F, FunctionAnalysisManager &FAM) {
  canonicalizeOnce(F, FAM);
  // Bundles of pointer arguments become visible once locals are promoted;
  // the inlined bodies are then canonicalized with the rest.
  bool Inlined = false;
  auto InlineBoth = [&] { // (Both, whatever the first returns.)
    bool Bundles = inlineArgumentBundles(F);
    return inlineInvokedCallees(F) || Bundles;
  };
  for (unsigned Round = 0; Round < 3 && InlineBoth(); ++Round) {
    FAM.invalidate(F, PreservedAnalyses::none());
    canonicalizeOnce(F, FAM);
    Inlined = true;
  }
  // Once more: SROA ran before SimplifyCFG dropped the blocks that the
  // inlined sanitizer checks leave unreachable, whose uses kept the bundle
  // in memory.
  if (Inlined) {
    FAM.invalidate(F, PreservedAnalyses::none());
    canonicalizeOnce(F, FAM);
  }
}

/// Did a store to \p L's slot (the first of each block in \p FirstStores) run
/// before \p L in its block, or in the blocks that lead straight into it
/// (single predecessor, single successor) below \p Entry?
static bool writtenBefore(LoadInst &L, const BasicBlock &Entry,
                          const DenseMap<BasicBlock *, StoreInst *> &FirstStores) {
  BasicBlock *B = L.getParent();
  if (B == &Entry)
    return false;
  if (auto It = FirstStores.find(B);
      It != FirstStores.end() && It->second->comesBefore(&L))
    return true;
  for (unsigned Steps = 0; Steps < 8; ++Steps) {
    BasicBlock *P = B->getSinglePredecessor();
    if (!P || P == &Entry || P->getSingleSuccessor() != B)
      return false;
    if (FirstStores.count(P))
      return true;
    B = P;
  }
  return false;
}

/// Drops the zeroing of adjoint slots in the entry block (ReverseBuilder::
/// slot) that no read can see: every load of the slot finds it written in
/// its own block first, or in the straight-line blocks before it. A slot
/// carries the adjoint of a phi's incoming value from the edge block that
/// receives it into the reversed predecessor block, one slot per switch case;
/// with a store in the entry block, mem2reg (inside SROA) walks the whole
/// dominator tree for each slot: quadratic in the number of cases.
static void dropUnreadSlotZeroing(Function &F) {
  BasicBlock &Entry = F.getEntryBlock();
  SmallVector<StoreInst *, 64> Dead;
  for (Instruction &I : Entry) {
    auto *AI = dyn_cast<AllocaInst>(&I);
    if (!AI)
      continue;
    StoreInst *Zero = nullptr;
    DenseMap<BasicBlock *, StoreInst *> FirstStores;
    SmallVector<LoadInst *, 4> Loads;
    bool Simple = true;
    for (User *U : AI->users()) {
      if (auto *S = dyn_cast<StoreInst>(U);
          S && S->isSimple() && S->getPointerOperand() == AI) {
        if (S->getParent() != &Entry) {
          StoreInst *&First = FirstStores[S->getParent()];
          if (!First || S->comesBefore(First))
            First = S;
        }
        else if (auto *K = dyn_cast<Constant>(S->getValueOperand());
                 !Zero && K && K->isNullValue())
          Zero = S;
        else
          Simple = false;
      } else if (auto *L = dyn_cast<LoadInst>(U); L && L->isSimple()) {
        Loads.push_back(L);
      } else {
        Simple = false;
      }
    }
    if (Simple && Zero && all_of(Loads, [&](LoadInst *L) {
          return writtenBefore(*L, Entry, FirstStores);
        }))
      Dead.push_back(Zero);
  }
  for (StoreInst *S : Dead)
    S->eraseFromParent();
}

/// mem2reg (inside SROA) decides whether a slot is live into a block that
/// both reads and writes it by walking the block from its start to the
/// slot's first access. A backward sweep of straight-line code is one block
/// of 10^4-10^5 instructions, with a slot for each adjoint that its
/// conditionals' blocks also reach (straight shape of bench/compile, 10,000
/// statements: 1,296 slots, the first access of each near the end of a
/// 22,000-instruction block; SROA took 1.7 s of that reverse sweep's
/// clean-up, against 0.11 s at 3,000). In a chain of blocks of this many
/// instructions the walk stops within one link, and the chain's straight
/// edges place no phis.
static constexpr unsigned PromotionChunk = 1000;

/// Cuts \p F's blocks of more than twice PromotionChunk instructions every
/// PromotionChunk, with plain branches, for SROA alone: mergeCuts joins the
/// pieces again before InstCombine, which would sink each instruction into
/// the next piece that uses it (a forward derivative's tangent arithmetic,
/// down to its end). Returns the blocks the cuts began.
static SmallVector<WeakVH, 0> cutForPromotion(Function &F) {
  SmallVector<Instruction *, 16> Cuts;
  for (BasicBlock &BB : F)
    if (hasNItemsOrMore(BB, 2 * PromotionChunk + 1))
      append_range(Cuts, cutPoints(BB, PromotionChunk));
  // Last cut first: a split moves the rest of the block.
  SmallVector<WeakVH, 0> Begun;
  for (Instruction *At : reverse(Cuts))
    Begun.push_back(
        At->getParent()->splitBasicBlock(At, At->getParent()->getName() + ".cut"));
  return Begun;
}

/// Joins the blocks that cutForPromotion began to their predecessors again,
/// first cut first (each join moves one cut's instructions).
static void mergeCuts(ArrayRef<WeakVH> Begun) {
  for (const WeakVH &V : reverse(Begun))
    if (auto *BB = dyn_cast_or_null<BasicBlock>(V))
      MergeBlockIntoPredecessor(BB);
}

/// The largest generated function, in blocks, that the full clean-up runs
/// GVN on.
static constexpr size_t MaxGVNBlocks = 1000;
/// The largest generated function, in instructions, that the -O0 clean-up
/// runs EarlyCSE on.
static constexpr unsigned MaxQuickCSEInstructions = 20000;

void optimizeGenerated(Function &F, FunctionAnalysisManager &FAM,
                       CleanupKind Kind) {
  dropUnreadSlotZeroing(F);
  {
    SmallVector<WeakVH, 0> Cuts = cutForPromotion(F);
    FunctionPassManager Promote;
    Promote.addPass(SROAPass(SROAOptions::ModifyCFG));
    Promote.run(F, FAM);
    if (!Cuts.empty()) {
      mergeCuts(Cuts);
      FAM.invalidate(F, PreservedAnalyses::none());
    }
  }
  FunctionPassManager FPM;
  if (Kind == CleanupKind::Quick) {
    // No ADCE: EarlyCSE and InstSimplify drop what is trivially dead, and on
    // every shape of bench/compile ADCE then found nothing more, at 1/8 of
    // the clean-up's time on a large reverse sweep. EarlyCSE costs about a
    // fifth of what the -O0 back end spends on an instruction, and on large
    // derivatives it removed 0-7% of them (none of a 160,000-instruction
    // kinetics tangent, in 0.09 s): no faster compile on any shape, 4-7%
    // slower on kinetics. On small functions (a chain of calls: a pair per
    // callee) it removes 10% and keeps memory down.
    if (F.getInstructionCount() <= MaxQuickCSEInstructions)
      FPM.addPass(EarlyCSEPass());
    FPM.addPass(InstSimplifyPass());
    FPM.addPass(SimplifyCFGPass());
    FPM.run(F, FAM);
    FAM.invalidate(F, PreservedAnalyses::none());
    return;
  }
  FPM.addPass(EarlyCSEPass(/*UseMemorySSA=*/true));
  FPM.addPass(InstCombinePass());
  FPM.addPass(SimplifyCFGPass());
  // GVN looks for an expression's leader among every block holding it, a
  // walk that is quadratic when thousands of blocks hold the same one (the
  // tape slot address of each case of a large switch: a 2,000-case sweep
  // spent 4.5 s in GVN, against 0.5 s for the rest of its clean-up, and
  // compiled 18% faster as a whole without it). EarlyCSE above has removed
  // what one block repeats from a block that dominates it; the derivatives
  // of bench/ have at most 200 blocks.
  if (F.size() <= MaxGVNBlocks)
    FPM.addPass(GVNPass());
  // A forward sweep stores what the primal stores (EddyPass runs after the
  // simplification pipeline, whose DSE has seen those) and what goes on the
  // tape, which its adjoint reads: nothing is dead. DSE proved it the hard
  // way, each tape store's scan reaching its limit: 0.15 s, most of the
  // clean-up, on the forward sweep of a 3,000-statement loop body.
  if (Kind != CleanupKind::ForwardSweep)
    FPM.addPass(DSEPass());
  FPM.addPass(ShadowForwardingPass());
  FPM.addPass(ADCEPass());
  FPM.addPass(InstCombinePass());
  FPM.addPass(SimplifyCFGPass());
  FPM.run(F, FAM);
  skipVectorizersIfHuge(F, FAM);
  FAM.invalidate(F, PreservedAnalyses::none());
}

} // namespace eddy
