//===- DerivativeCache.cpp - One derivative per (function, mode, activity) -===//
#include "Eddy/Transform/DerivativeCache.h"
#include "CanonicalizeCalls.h"
#include "Eddy/Rules/OpenMpCalls.h"
#include "CallClassifier.h"
#include "Eddy/Analysis/ActivityAnalysis.h"
#include "Eddy/Support/Diagnostics.h"
#include "Eddy/Support/SanitizerAttributes.h"
#include "Eddy/Transform/BodyCloning.h"
#include "Eddy/Transform/Checkpointing.h"
#include "Eddy/Transform/Generators.h"
#include "Eddy/Support/OutOfMemory.h"
#include "Eddy/Transform/Tape.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/Metadata.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Transforms/Utils/Cloning.h"

using namespace llvm;

namespace eddy {

std::string ActivitySignature::str() const {
  std::string S;
  for (bool A : Args)
    S += A ? 'a' : 'c';
  if (Return)
    S += "_r";
  if (Width > 1)
    S += "_w" + std::to_string(Width);
  return S;
}

DerivativeCache::DerivativeCache(Module &M, ModuleAnalysisManager &MAM,
                                 const EddyOptions &Opts, DiagnosticSink &Diags,
                                 bool ReportRegistrations)
    : M(M),
      FAM(MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager()),
      Opts(Opts), Diags(Diags),
      Scopes(TapeScopes::create(M.getContext(), !Opts.QuickCleanup)),
      Regs(M, ReportRegistrations), Times(Opts.TimeReport) {}

DerivativeCache::~DerivativeCache() = default;

/// Does \p F call a function marked [[eddy::checkpoint]]?
static bool callsCheckpointed(const Function &F, const Registrations &Regs) {
  for (const BasicBlock &BB : F)
    for (const Instruction &I : BB)
      if (const auto *CB = dyn_cast<CallBase>(&I))
        if (const FunctionRules *R = Regs.lookup(CB->getCalledFunction());
            R && R->Checkpoint)
          return true;
  return false;
}

bool DerivativeCache::checkDifferentiable(Function *F, Instruction *At) {
  if (F->isDeclaration()) {
    Diags.error(At, "cannot differentiate '" + displayName(*F) +
                        "': its body is not visible in this translation unit "
                        "and Eddy has no derivative rule for it; define it in "
                        "this file, or mark it inactive if no derivative flows "
                        "through it");
    return false;
  }
  if (readsVariadicArguments(*F)) {
    Diags.error(At, "cannot differentiate variadic function '" +
                        displayName(*F) + "'");
    return false;
  }
  // An OpenMP construct Eddy does not differentiate (a task, ordered, a
  // target region) is reported alone, at its directive: what its lowering
  // does with the function's data would only add errors about the runtime's
  // internals.
  for (Instruction &I : instructions(*F))
    if (auto *CB = dyn_cast<CallBase>(&I)) {
      OpenMpCallInfo Omp = classifyOpenMpCall(*CB);
      // (Reductions become critical sections in the primal copy.)
      if (Omp.Kind == OpenMpCallKind::Refused &&
          !CB->getCalledFunction()->getName().contains("_reduce")) {
        DiagnosticSink::Frame Note(Diags, F, At);
        Diags.error(CB, Omp.Why, F);
        return false;
      }
    }
  return true;
}

bool DerivativeCache::verifyGenerated(Function &D, Instruction *At) {
  // Every generated body is verified before anything else sees it: the
  // cleanup pipeline, a gradient wrapper's inliner or a caller's derivative.
  // LLVM's passes assume valid IR and crash on anything else (InstCombine
  // did, on a shadow allocation placed after an invoke). Linear in the
  // function's size, so it always runs.
  TimeReport::Scope T = time(Phase::Verify);
  std::string Problem;
  raw_string_ostream OS(Problem);
  if (!verifyFunction(D, &OS)) {
    Verified.insert(&D);
    return true;
  }
  Diags.error(At, "internal error: the generated function '" + D.getName() +
                      "' is invalid IR; please report this with the source "
                      "file:\n" + OS.str());
  return false;
}

Function *DerivativeCache::getPrimalCopy(Function *F, Instruction *At,
                                         bool ForReverse) {
  const bool Outlines =
      ForReverse && (hasCheckpointMarkers(*F) || callsCheckpointed(*F, Regs) ||
                     Opts.TapeBudget);
  auto &Copies = Outlines ? ReverseCopies : PrimalCopies;
  if (auto It = Copies.find(F); It != Copies.end())
    return It->second;
  // The copy is walked by every canonicalization step: in fresh memory too.
  absorbFreeMemoryFor(*F);
  Function *Copy = copyFunction(*F, F->getName() + ".eddy.primal");
  {
    TimeReport::Scope T = time(Phase::Canonicalize);
    canonicalizeForDifferentiation(*Copy, FAM);
  }
  Copies[F] = Copy;
  prepareCheckpointedCalls(*Copy, Regs, Outlines);
  if (!Outlines) {
    stripCheckpointMarkers(*Copy);
    return Copy;
  }
  Copy->setName(F->getName() + ".eddy.primal.ckpt");
  DiagnosticSink::Frame Note(Diags, F, At);
  // A budget is for the outermost loops: a step's loops run inside one.
  if (Opts.TapeBudget && !isOutlined(F) &&
      !F->hasFnAttribute(CheckpointStepTangentAttr))
    markBudgetedLoops(*Copy, *this);
  if (!outlineCheckpointedLoops(*Copy, *this))
    return Copies[F] = nullptr;
  return Copy;
}

/// Declares a derivative with the given type next to its primal.
static Function *declareDerivative(Module &M, Function *F, FunctionType *FT,
                                   StringRef Kind, const ActivitySignature &S,
                                   StringRef Suffix = "") {
  Function *D = Function::Create(
      FT, GlobalValue::InternalLinkage,
      F->getName() + ".eddy." + Kind + "." + S.str() + Suffix, M);
  D->copyAttributesFrom(F);
  D->setAttributes(AttributeList()); // Parameter attributes do not carry over.
  inheritSanitizerAttributes(*D, *F);
  makeLocalDerivative(*D);
  if (F->hasFnAttribute(Attribute::NoUnwind))
    D->addFnAttr(Attribute::NoUnwind);
  return D;
}

void makeLocalDerivative(Function &D) {
  D.setCallingConv(CallingConv::C); // The primal may have become fastcc.
  D.setLinkage(GlobalValue::InternalLinkage);
  D.setVisibility(GlobalValue::DefaultVisibility);
  D.setDSOLocal(true);
  D.setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
}

/// Does \p F (or a function it calls) run a request with a tape budget of
/// its own? Its budget is set around the gradient's call at run time
/// (RequestLowering::enterBudget), which forward mode has no rule for.
static bool setsRequestBudget(const Function &F,
                              SmallPtrSetImpl<const Function *> &Seen) {
  if (!Seen.insert(&F).second)
    return false;
  for (const BasicBlock &BB : F)
    for (const Instruction &I : BB)
      if (const auto *CB = dyn_cast<CallBase>(&I))
        if (const Function *Callee = CB->getCalledFunction()) {
          if (Callee->getName() == "__eddy_request_budget_enter")
            return true;
          if (!Callee->isDeclaration() && setsRequestBudget(*Callee, Seen))
            return true;
        }
  return false;
}

static bool setsRequestBudget(const Function &F) {
  if (!F.getParent()->getFunction("__eddy_request_budget_enter"))
    return false; // (Only modules with such a request pay for the scan.)
  SmallPtrSet<const Function *, 16> Seen;
  return setsRequestBudget(F, Seen);
}

Function *DerivativeCache::getForward(Function *F, const ActivitySignature &S,
                                      Instruction *At) {
  auto Key = std::make_pair(F, S);
  if (auto It = Forward.find(Key); It != Forward.end())
    return It->second;
  if (!checkDifferentiable(F, At))
    return nullptr;
  if (setsRequestBudget(*F)) {
    Diags.error(At, "forward mode over a gradient that has a tape budget of its "
                    "own (eddy::tape_budget, eddy_tape_budget) is not supported "
                    "yet; remove the budget from that request (compiling with "
                    "-fplugin-arg-eddy-tape-budget=<bytes> instead is supported)");
    return nullptr;
  }
  // Loop functions exist in reverse mode's copies only, whose calls become
  // calls of their sweeps (below); forward mode's copies ignore the pragma.
  if (isCheckpointedLoop(*F)) {
    Diags.error(At, "internal error: forward mode reached the loop function "
                    "of a checkpointed loop; remove '#pragma eddy checkpoint' "
                    "from the loop for this request, and please report this "
                    "with the source file");
    return nullptr;
  }
  // A checkpointed loop's sweeps run the driver: forward mode runs the pair
  // of the loop's tangent instead (CheckpointTangent.cpp).
  const bool Sweep = F->hasFnAttribute(CheckpointPairAttr);
  Function *Primal = Sweep ? F : getPrimalCopy(F, At, /*ForReverse=*/false);

  // (a1, [t1 x Width], ..., an, [tn x Width]) -> {R, R x Width}.
  SmallVector<Type *, 8> Params;
  for (auto [Arg, Active] : zip(F->args(), S.Args)) {
    Params.push_back(Arg.getType());
    if (Active)
      Params.append(S.Width, Arg.getType());
  }
  Type *RT = F->getReturnType();
  if (S.Return && !RT->isVoidTy())
    RT = StructType::get(M.getContext(), SmallVector<Type *, 4>(1 + S.Width, RT));
  auto *FT = FunctionType::get(RT, Params, false);
  Function *D = declareDerivative(M, F, FT, "fwd", S);
  Forward[Key] = D;
  Generated.push_back(D);
  recordGenerated(F, "forward", D);
  Job J(F, Primal, S, Sweep, At);
  J.Forward = D;
  return generate(std::move(J)) ? D : nullptr;
}

bool DerivativeCache::generate(Job J) {
  J.Frames = Diags.frames(); // One shared pointer.
  // Split and parallel pairs, the checkpointing functions and whatever their
  // generation asks for (CheckpointPair.cpp, CheckpointTangent.cpp add to the
  // derivatives they get, or differentiate them again) are made at once.
  if (Generating && !GeneratingCheckpoint && !J.Checkpoint &&
      J.Kind == PairKind::Callee) {
    Pending.push_back(std::move(J));
    return true;
  }
  bool Built = generateNow(J);
  if (!Generating)
    while (!Pending.empty()) { // Each may put off more.
      Job Next = std::move(Pending.front());
      Pending.pop_front();
      generateNow(Next);
    }
  return Built;
}

/// Functions from this many instructions on are built in fresh memory.
static constexpr unsigned LargeFunctionInstructions = 10000;

void DerivativeCache::absorbFreeMemoryFor(const Function &F) {
  if (!hasNItemsOrMore(instructions(F), LargeFunctionInstructions))
    return;
  Reservoir.absorb();
  keepLargeBlocksInHeap();
}

bool DerivativeCache::generateNow(const Job &J) {
  DiagnosticSink::ReplacedFrames Chain(Diags, J.Frames);
  DiagnosticSink::Frame Note(Diags, J.F, J.At);
  bool Built;
  ++Generating;
  // Everything a checkpointing function's generation asks for, however
  // deep, is made at once too (a step's forward derivative that a reverse
  // pair then differentiates must have its callees' bodies).
  bool WasCheckpoint =
      std::exchange(GeneratingCheckpoint, GeneratingCheckpoint || J.Checkpoint);
  absorbFreeMemoryFor(J.Primal ? *J.Primal : *J.F);
  if (J.Forward) {
    TimeReport::Scope T = time(Phase::Forward);
    Built = J.Checkpoint
                ? buildCheckpointSweepTangent(*this, *J.F, J.S, *J.Forward, J.At)
                : buildForward(*this, *J.Primal, J.S, *J.Forward);
  } else {
    TimeReport::Scope T = time(Phase::Reverse);
    Built = J.Checkpoint
                ? buildCheckpointPair(*this, *J.F, J.S, J.Pair, J.Kind, J.At)
                : buildReverse(*this, *J.Primal, J.S, J.Pair, J.Kind);
  }
  GeneratingCheckpoint = WasCheckpoint;
  --Generating;
  if (!Built)
    return false;
  if (J.Forward)
    return verifyGenerated(*J.Forward, J.At);
  return verifyGenerated(*J.Pair.Augmented, J.At) &&
         verifyGenerated(*J.Pair.Adjoint, J.At);
}

ReversePair DerivativeCache::getReverse(Function *F, const ActivitySignature &S,
                                        Instruction *At, PairKind Kind) {
  auto Key = std::make_tuple(F, S, Kind);
  const bool Outermost = Kind == PairKind::Outermost;
  if (auto It = Reverse.find(Key); It != Reverse.end())
    return It->second;
  if (!checkDifferentiable(F, At))
    return {};
  // A struct holding pointers passed by value would need both a shadow and
  // an adjoint; Clang passes such small structs member by member, so only
  // hand-written IR gets here.
  for (auto [Arg, Active] : zip(F->args(), S.Args))
    if (Active && hasShadowPointers(Arg.getType()) &&
        !Arg.getType()->isPointerTy()) {
      Diags.error(At, "reverse mode cannot differentiate '" + displayName(*F) +
                          "', which takes a struct or array holding pointers "
                          "by value; pass a pointer to it instead");
      return {};
    }
  const bool Checkpointed = isCheckpointedLoop(*F);
  Function *Primal =
      Checkpointed ? F : getPrimalCopy(F, At, /*ForReverse=*/true);
  if (!Primal)
    return {};
  LLVMContext &Ctx = M.getContext();
  Type *TapePtr = PointerType::getUnqual(Ctx);

  // In vector mode (Width > 1) every shadow, adjoint seed and adjoint result
  // comes Width times, one per lane.
  SmallVector<Type *, 8> Params, Outs;
  for (auto [Arg, Active] : zip(F->args(), S.Args)) {
    Params.push_back(Arg.getType());
    if (!Active)
      continue;
    if (Arg.getType()->isPointerTy())
      Params.append(S.Width, Arg.getType());
    else
      Outs.append(S.Width, Arg.getType());
  }
  SmallVector<Type *, 8> AugParams(Params);
  if (Outermost) // The record (see ReverseRecord.cpp).
    AugParams.push_back(TapePtr);
  AugParams.push_back(TapePtr);
  Type *RT = F->getReturnType();
  SmallVector<Type *, 8> RevParams(Params);
  Type *AugRT = RT;
  // The shadows of a returned pointer, or of a returned struct holding them.
  if (S.Return && hasShadowPointers(RT))
    AugRT = StructType::get(Ctx, SmallVector<Type *, 4>(1 + S.Width, RT));
  // The adjoints of the returned value (of its floating-point members).
  if (S.Return && isDifferentiableType(RT))
    RevParams.append(S.Width, RT);

  if (Outermost)
    RevParams.push_back(TapePtr);
  RevParams.push_back(TapePtr);
  Type *RevRT = Outs.empty() ? Type::getVoidTy(Ctx)
                             : (Type *)StructType::get(Ctx, Outs);

  ReversePair Pair;
  StringRef Top = Outermost                  ? ".top"
                  : Kind == PairKind::Split    ? ".split"
                  : Kind == PairKind::Parallel ? ".par"
                  : Kind == PairKind::ParallelRegion ? ".region"
                                               : "";
  Pair.Augmented = declareDerivative(
      M, F, FunctionType::get(AugRT, AugParams, false), "aug", S, Top);
  Pair.Adjoint = declareDerivative(
      M, F, FunctionType::get(RevRT, RevParams, false), "rev", S, Top);
  Reverse[Key] = Pair;
  recordGenerated(F, "reverse", Pair.Adjoint);
  Generated.push_back(Pair.Augmented);
  Generated.push_back(Pair.Adjoint);
  Job J(F, Primal, S, Checkpointed, At);
  J.Pair = Pair;
  J.Kind = Kind;
  if (!generate(std::move(J)))
    return {};
  return Pair;
}

std::optional<CheckpointSweep>
DerivativeCache::checkpointSweepOf(const Function *Sweep) const {
  for (const auto &[Key, Pair] : Reverse)
    if (Pair.Augmented == Sweep || Pair.Adjoint == Sweep)
      return CheckpointSweep{std::get<0>(Key), std::get<1>(Key),
                             Pair.Adjoint == Sweep,
                             Pair.Adjoint == Sweep ? Pair.Augmented
                                                   : Pair.Adjoint};
  return std::nullopt;
}

void DerivativeCache::recordGenerated(Function *Primal, StringRef Mode,
                                      Function *Derivative) {
  LLVMContext &Ctx = M.getContext();
  NamedMDNode *List = M.getOrInsertNamedMetadata(GeneratedListMDName);
  List->addOperand(MDNode::get(
      Ctx, {MDString::get(Ctx, Primal->getName()), MDString::get(Ctx, Mode),
            MDString::get(Ctx, Derivative->getName())}));
}

void DerivativeCache::cleanup(Function &F) {
  if (Opts.CleanupGenerated && !F.isDeclaration()) {
    TimeReport::Scope T = time(Phase::Cleanup);
    inlineAllocationChecks(F);
    CleanupKind Kind = Opts.QuickCleanup         ? CleanupKind::Quick
                       : ForwardSweeps.count(&F) ? CleanupKind::ForwardSweep
                                                 : CleanupKind::Full;
    // Only where LLVM's optimizing passes would otherwise chew on the header
    // traffic: at -O0 nothing does, and the local only costs SROA a dominator
    // tree per sweep (a 2,500-call chain compiled 6% slower with it).
    if (Kind != CleanupKind::Quick)
      localizeTapeHeader(F, Scopes);
    optimizeGenerated(F, FAM, Kind);
  }
}

void DerivativeCache::neutralize() {
  for (Function *F : Generated) {
    if (F->isDeclaration())
      continue;
    F->deleteBody();
    F->setLinkage(GlobalValue::InternalLinkage);
    new UnreachableInst(F->getContext(),
                        BasicBlock::Create(F->getContext(), "entry", F));
  }
}

void DerivativeCache::eraseDead() {
  // Compile time: a gradient wrapper inlines its pair (F.eddy.*.top) and is
  // cleaned up itself; cleaning the pair again would double the work.
  bool Erased = true;
  while (Erased) {
    Erased = false;
    for (Function *&F : Generated)
      if (F && F->hasLocalLinkage() && F->use_empty()) {
        FAM.clear(*F, F->getName());
        Verified.erase(F);
        F->eraseFromParent();
        F = nullptr;
        Erased = true;
      }
  }
  llvm::erase(Generated, nullptr);
}

void DerivativeCache::finalize() {
  eraseDead();
  for (const auto &[Key, Pair] : Reverse)
    ForwardSweeps.insert(Pair.Augmented);
  if (!Diags.hadError())
    for (Function *F : Generated)
      cleanup(*F);
  ForwardSweeps.clear();
  Reservoir.release();
  for (auto *Copies : {&PrimalCopies, &ReverseCopies}) {
    for (auto &[F, Copy] : *Copies) {
      if (!Copy)
        continue;
      FAM.clear(*Copy, Copy->getName());
      Copy->replaceAllUsesWith(PoisonValue::get(Copy->getType()));
      Copy->eraseFromParent();
    }
    Copies->clear();
  }
  // Specialized callees (CanonicalizeCalls.h) were called from the copies,
  // and from a derivative where the call has nothing to differentiate: the
  // latter stay, without the lines they share with the user's function.
  SmallVector<Function *, 4> Specialized;
  for (Function &G : M)
    if (G.hasFnAttribute(SpecializedAttr))
      Specialized.push_back(&G);
  for (bool Erased = true; Erased;) { // A copy may call another.
    Erased = false;
    for (Function *&G : Specialized)
      if (G && G->use_empty()) {
        FAM.clear(*G, G->getName());
        G->eraseFromParent();
        G = nullptr;
        Erased = true;
      }
  }
  for (Function *G : Specialized)
    if (G) {
      G->removeFnAttr(SpecializedAttr);
      stripDebugInfo(*G);
    }
  // The loop functions were called from the copies only; the steps stay
  // while the generated thunks call them. Their lines, which pointed at the
  // user's function for diagnostics, go: they have no subprogram of their own.
  for (Function *F : reverse(Outlined)) {
    if (F->use_empty()) {
      FAM.clear(*F, F->getName());
      F->eraseFromParent();
      continue;
    }
    stripDebugInfo(*F);
    if (!Diags.hadError())
      cleanup(*F);
  }
  Outlined.clear();
}

} // namespace eddy
