//===- RequestLowering.cpp - Requests become calls of derivatives ---------===//
//
// For each request: parse it (Request.cpp), get the derivative from the cache,
// and replace the call. A reverse request calls a gradient wrapper,
//   F.eddy.grad.<sig>(args, shadows): tape; augmented sweep; adjoint sweep
//                                     seeded with 1.0; free tape; adjoints
// with both sweeps inlined into it; a forward request calls F.eddy.fwd.<sig>
// and keeps the tangent of its return value.
//===----------------------------------------------------------------------===//
#include "Eddy/Transform/RequestLowering.h"
#include "DerivativeRemarks.h"
#include "RequestLowering.h"
#include "Eddy/Analysis/ActivityAnalysis.h"
#include "Eddy/Analysis/GlobalShadows.h"
#include "Eddy/Analysis/Registrations.h"
#include "Eddy/Request/NamedDerivatives.h"
#include "Eddy/Request/Request.h"
#include "Eddy/Support/Diagnostics.h"
#include "Eddy/Support/SanitizerAttributes.h"
#include "Eddy/Transform/BatchLowering.h"
#include "Eddy/Transform/DerivativeCache.h"
#include "Eddy/Transform/Tape.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/Local.h"
#include <cstdint>
#include <memory>

using namespace llvm;

namespace eddy {

Value *RequestLowering::coerce(IRBuilderBase &B, Value *V, Type *To) {
  Type *From = V->getType();
  if (From == To)
    return V;
  if (From->isFloatingPointTy() && To->isFloatingPointTy())
    return B.CreateFPCast(V, To);
  if (From->isIntegerTy() && To->isIntegerTy())
    return B.CreateSExtOrTrunc(V, To);
  return nullptr;
}

bool RequestLowering::deliver(DiffRequest &R, IRBuilderBase &B,
                              ArrayRef<Value *> Results, StringRef What) {
  CallBase &CB = *R.Call;
  Type *RT = R.SRet ? CB.getParamStructRetType(0) : CB.getType();
  std::string FnName = displayName(*R.Fn);
  if (RT->isVoidTy())
    return true;
  if (RT->isFloatingPointTy()) {
    if (Results.size() != 1) {
      if (Results.empty() && CB.use_empty())
        return true;
      Diags.error(&CB, "this request returns one value, but '" + FnName +
                           "' has " + Twine(Results.size()) + " " + What +
                           "; declare an entry point that returns a struct "
                           "with one member each, or void");
      return false;
    }
    Value *V = coerce(B, Results[0], RT);
    CB.replaceAllUsesWith(V);
    return true;
  }
  // Structs of floating-point members, however the ABI shapes them: a
  // struct, an array inside a struct (several tangents), <2 x float> for two
  // floats on x86-64, or memory behind `sret`.
  unsigned Leaves = countLeaves(RT);
  if (Leaves != Results.size()) {
    Diags.error(&CB, "the request's return type does not match '" + FnName +
                         "': it has " + Twine(Results.size()) + " " + What +
                         (Leaves ? "" : ", and the return type has no "
                                        "floating-point members"));
    return false;
  }
  ArrayRef<Value *> Rest = Results;
  Value *Agg = buildAggregate(B, RT, Rest);
  if (R.SRet)
    B.CreateStore(Agg, R.SRet);
  else
    CB.replaceAllUsesWith(Agg);
  return true;
}

unsigned RequestLowering::countLeaves(Type *T) {
  if (T->isFloatingPointTy())
    return 1;
  if (auto *VT = dyn_cast<FixedVectorType>(T))
    return VT->getElementType()->isFloatingPointTy() ? VT->getNumElements() : 0;
  if (auto *AT = dyn_cast<ArrayType>(T))
    return AT->getNumElements() * countLeaves(AT->getElementType());
  unsigned N = 0;
  if (auto *ST = dyn_cast<StructType>(T))
    for (Type *E : ST->elements()) {
      unsigned EN = countLeaves(E);
      if (!EN)
        return 0; // A member that cannot hold a derivative.
      N += EN;
    }
  return N;
}

Value *RequestLowering::buildAggregate(IRBuilderBase &B, Type *T,
                                       ArrayRef<Value *> &Rest) {
  if (T->isFloatingPointTy()) {
    Value *V = coerce(B, Rest.front(), T);
    Rest = Rest.drop_front();
    return V;
  }
  Value *Agg = PoisonValue::get(T);
  if (auto *VT = dyn_cast<FixedVectorType>(T)) {
    for (unsigned K = 0; K < VT->getNumElements(); ++K)
      Agg = B.CreateInsertElement(Agg, buildAggregate(B, VT->getElementType(), Rest), K);
    return Agg;
  }
  unsigned N = isa<ArrayType>(T) ? T->getArrayNumElements() : T->getStructNumElements();
  for (unsigned K = 0; K < N; ++K) {
    Type *E = isa<ArrayType>(T) ? T->getArrayElementType() : T->getStructElementType(K);
    Agg = B.CreateInsertValue(Agg, buildAggregate(B, E, Rest), K);
  }
  return Agg;
}

ActivitySignature requestSignature(const DiffRequest &R) {
  ActivitySignature S;
  for (const RequestArg &A : R.Args)
    S.Args.push_back(A.Activity != ArgActivity::Const);
  Type *RT = R.Fn->getReturnType();
  S.Return = R.Mode == DiffMode::Reverse ? RT->isFloatingPointTy()
                                         : isDifferentiableType(RT);
  S.Width = R.Width;
  return S;
}

/// A gradient whose sweeps, once inlined and optimized, no longer push or pop
/// (a function without loops keeps its record in registers) does not need
/// to take the thread's tape buffer and give it back.
static void dropUnusedTape(AllocaInst *T) {
  SmallVector<CallInst *, 2> Calls;
  for (User *U : T->users()) {
    auto *CI = dyn_cast<CallInst>(U);
    Function *F = CI ? CI->getCalledFunction() : nullptr;
    if (!F || (F->getName() != "eddy.tape.acquire" &&
               F->getName() != "eddy.tape.release"))
      return;
    Calls.push_back(CI);
  }
  for (CallInst *CI : Calls)
    CI->eraseFromParent();
  T->eraseFromParent();
}

/// The largest record (values of the forward sweep that run once per call)
/// for which a gradient wrapper inlines its pair: 512 doubles.
static constexpr uint64_t MaxInlinedRecordBytes = 4096;
/// The largest pair (both sweeps, in instructions) a gradient wrapper
/// inlines. Inlined, the wrapper is cleaned up once more as a whole, and the
/// back end allocates registers over both sweeps at once; past this size a
/// call costs nothing measurable and the two halves compile faster apart
/// (issue 12: a 10,000-statement switch at -O0 spent a quarter of its
/// compile inlining and re-cleaning its pair).
static constexpr unsigned MaxInlinedPairInstructions = 20000;

Function *RequestLowering::gradientWrapper(Function *F,
                                           const ActivitySignature &S,
                                           ReversePair Pair, Instruction *At) {
  auto Key = std::make_pair(F, S);
  if (Function *W = Wrappers[Key])
    return W;
  Module &M = *F->getParent();
  SmallVector<Type *, 8> Params;
  for (auto [Arg, Active] : zip(F->args(), S.Args)) {
    Params.push_back(Arg.getType());
    if (Active && Arg.getType()->isPointerTy())
      Params.append(S.Width, Arg.getType()); // One shadow per lane.
  }
  Type *RT = Pair.Adjoint->getReturnType();
  Function *W = Function::Create(FunctionType::get(RT, Params, false),
                                 GlobalValue::InternalLinkage,
                                 F->getName() + ".eddy.grad." + S.str(), M);
  if (F->doesNotThrow())
    W->addFnAttr(Attribute::NoUnwind);
  inheritSanitizerAttributes(*W, *F);
  Cache.recordGenerated(F, "reverse", W);
  IRBuilder<> B(BasicBlock::Create(M.getContext(), "entry", W));
  // Globals written by the computation start with no derivative.
  Cache.registrations().globalShadows()->zeroIntermediates(B, S.Width);
  Value *T = Tape::create(B);
  for (auto [Fn, Rule] : Tape::tangentRules(M))
    Cache.registrations().addTangentRule(Fn, Rule);
  // The pair's record of once-per-call values, a local here.
  Value *Record = ConstantPointerNull::get(B.getPtrTy());
  uint64_t RecordBytes = 0;
  Pair.Augmented->getFnAttribute("eddy-record-bytes")
      .getValueAsString()
      .getAsInteger(10, RecordBytes);
  if (RecordBytes)
    Record = B.CreateAlloca(ArrayType::get(B.getInt64Ty(), (RecordBytes + 7) / 8),
                            nullptr, "eddy.record");
  SmallVector<Value *, 8> Args;
  for (Argument &A : W->args())
    Args.push_back(&A);
  Args.push_back(Record);
  Args.push_back(T);
  CallInst *Aug = B.CreateCall(Pair.Augmented, Args);
  Args.pop_back();
  Args.pop_back();
  if (S.Return) // Every lane's seed is 1.0.
    Args.append(S.Width, ConstantFP::get(F->getReturnType(), 1.0));
  Args.push_back(Record);
  Args.push_back(T);
  CallInst *Rev = B.CreateCall(Pair.Adjoint, Args);
  ReturnInst *Ret = RT->isVoidTy() ? B.CreateRetVoid() : B.CreateRet(Rev);
  B.SetInsertPoint(Ret);
  Tape(T, Cache.tapeScopes()).destroy(B);
  // Verified before the inliner (LLVM's) makes it as large as its pair.
  if (!Cache.verifyGenerated(*W, At)) { // Reported; the module stays valid.
    W->deleteBody();
    W->setLinkage(GlobalValue::InternalLinkage);
    new UnreachableInst(M.getContext(), BasicBlock::Create(M.getContext(), "entry", W));
    return Wrappers[Key] = W;
  }
  unsigned PairSize = Pair.Augmented->getInstructionCount() +
                      Pair.Adjoint->getInstructionCount();
  if (RecordBytes <= MaxInlinedRecordBytes &&
      PairSize <= MaxInlinedPairInstructions) {
    InlineFunctionInfo IFI;
    InlineFunction(*Aug, IFI);
    InlineFunction(*Rev, IFI);
    Cache.tapeScopes().unifyInlined(*W);
  } else {
    // Compile time (issue 12): a large pair compiles faster apart (above),
    // and inlined, the record's values would become
    // SSA values live from the forward sweep to their use in the backward
    // one; thousands of them make the register allocator's work quadratic,
    // and it would spill them to the stack anyway. Called, the sweeps read
    // and write the record in memory, as a callee's pair does.
    Aug->getCalledFunction()->addFnAttr(Attribute::NoInline);
    Rev->getCalledFunction()->addFnAttr(Attribute::NoInline);
  }
  Cache.cleanup(*W);
  dropUnusedTape(cast<AllocaInst>(T));
  Wrappers[Key] = W;
  return W;
}

SmallVector<Value *, 8> RequestLowering::callArguments(DiffRequest &R,
                                                       IRBuilderBase &B) {
  SmallVector<Value *, 8> Args;
  for (auto [A, Param] : zip(R.Args, R.Fn->args())) {
    Value *V = coerce(B, A.Primal, Param.getType());
    if (!V)
      V = A.Primal; // Pointers of another type: opaque pointers agree.
    Args.push_back(V);
    if (A.Activity != ArgActivity::Const && Param.getType()->isPointerTy())
      Args.append(A.Shadows.begin(), A.Shadows.end());
  }
  return Args;
}

/// The run-time half of a request's own tape budget (`eddy_tape_budget, B`):
/// the budgeted loops' driver takes the thread's budget over the compiled
/// one, so B is made the thread's budget while the gradient runs
/// (lib/Runtime/RequestBudget.c), and the thread's setting is put back after.
Value *RequestLowering::enterBudget(DiffRequest &R, IRBuilderBase &B) {
  Module &M = *R.Call->getModule();
  FunctionCallee Enter = M.getOrInsertFunction(
      "__eddy_request_budget_enter",
      FunctionType::get(B.getInt64Ty(), {B.getInt64Ty(), B.getPtrTy()}, false));
  if (auto *F = dyn_cast<Function>(Enter.getCallee()))
    F->addFnAttr(Attribute::NoUnwind);
  Value *Bytes = B.CreateSExtOrTrunc(R.TapeBudget, B.getInt64Ty());
  Value *Name = B.CreateGlobalString(displayName(*R.Fn), "eddy.budget.fn");
  CallInst *Saved = B.CreateCall(Enter, {Bytes, Name});
  Saved->setDebugLoc(R.Call->getDebugLoc());
  return Saved;
}

void RequestLowering::leaveBudget(DiffRequest &R, IRBuilderBase &B,
                                  Value *Saved) {
  Module &M = *R.Call->getModule();
  FunctionCallee Leave = M.getOrInsertFunction(
      "__eddy_request_budget_leave",
      FunctionType::get(B.getVoidTy(), {B.getInt64Ty()}, false));
  if (auto *F = dyn_cast<Function>(Leave.getCallee()))
    F->addFnAttr(Attribute::NoUnwind);
  B.CreateCall(Leave, {Saved})->setDebugLoc(R.Call->getDebugLoc());
}

bool RequestLowering::lowerReverse(DiffRequest &R) {
  ActivitySignature S = requestSignature(R);
  ReversePair Pair = Cache.getReverse(R.Fn, S, R.Call, PairKind::Outermost);
  if (!Pair.Adjoint || Diags.hadError())
    return false;
  Function *W = gradientWrapper(R.Fn, S, Pair, R.Call);
  remarkGeneratedSize(*R.Call, *W, *R.Fn, "reverse mode");
  IRBuilder<> B(R.Call);
  SmallVector<Value *, 8> Args = callArguments(R, B);
  Value *Saved = R.TapeBudget ? enterBudget(R, B) : nullptr;
  CallInst *Call = B.CreateCall(W, Args);
  Call->setDebugLoc(R.Call->getDebugLoc());
  if (Saved)
    leaveBudget(R, B, Saved);
  SmallVector<Value *, 4> Results;
  if (!W->getReturnType()->isVoidTy())
    for (unsigned K = 0, E = cast<StructType>(W->getReturnType())->getNumElements();
         K != E; ++K)
      Results.push_back(B.CreateExtractValue(Call, K));
  return deliver(R, B, Results, "active scalar argument(s)");
}

bool RequestLowering::lowerForward(DiffRequest &R) {
  ActivitySignature S = requestSignature(R);
  Function *D = Cache.getForward(R.Fn, S, R.Call);
  if (!D || Diags.hadError())
    return false;
  remarkGeneratedSize(*R.Call, *D, *R.Fn, "forward mode");
  IRBuilder<> B(R.Call);
  // Globals written by the computation start with no tangent.
  Cache.registrations().globalShadows()->zeroIntermediates(B, S.Width);
  SmallVector<Value *, 8> Args;
  for (auto [A, Param] : zip(R.Args, R.Fn->args())) {
    Type *PT = Param.getType();
    Value *V = coerce(B, A.Primal, PT);
    Args.push_back(V ? V : A.Primal);
    if (A.Activity == ArgActivity::Const)
      continue;
    for (Value *Shadow : A.Shadows) {
      Value *Sh = PT->isPointerTy() ? Shadow : coerce(B, Shadow, PT);
      if (!Sh) {
        Diags.error(R.Call, "the tangent given for parameter " +
                                Twine(Param.getArgNo() + 1) + " of '" +
                                displayName(*R.Fn) + "' has the wrong type");
        return false;
      }
      Args.push_back(Sh);
    }
  }
  CallInst *Call = B.CreateCall(D, Args);
  Call->setDebugLoc(R.Call->getDebugLoc());
  // One tangent per lane; a function returning a struct of floats has that
  // struct as its tangent, delivered member by member.
  SmallVector<Value *, 4> Results;
  bool Members = false;
  for (unsigned K = 0; S.Return && K < S.Width; ++K) {
    Value *T = B.CreateExtractValue(Call, 1 + K);
    auto *ST = dyn_cast<StructType>(T->getType());
    if (!ST || R.Call->getType()->isFloatingPointTy()) {
      Results.push_back(T);
      continue;
    }
    Members = true;
    for (unsigned M = 0; M < ST->getNumElements(); ++M)
      Results.push_back(B.CreateExtractValue(T, M));
  }
  return deliver(R, B, Results,
                 Members ? "tangent member(s)" : "differentiable return value(s)");
}

bool RequestLowering::lower(DiffRequest &R) {
  switch (R.Split.Part) {
  case SplitPart::Augment:
    return lowerAugment(R);
  case SplitPart::Backward:
    return lowerBackward(R);
  case SplitPart::AugmentSize:
    return lowerAugmentSize(R);
  case SplitPart::None:
    break;
  }
  return R.Mode == DiffMode::Reverse ? lowerReverse(R) : lowerForward(R);
}

namespace {

/// Does \p F, or a function it calls, still contain a request of \p Pending?
bool reachesPendingRequest(Function *F, const SetVector<CallBase *> &Pending) {
  SmallVector<Function *, 8> Work = {F};
  SmallPtrSet<Function *, 8> Seen;
  while (!Work.empty()) {
    Function *G = Work.pop_back_val();
    if (G->isDeclaration() || !Seen.insert(G).second)
      continue;
    for (Instruction &I : instructions(*G))
      if (auto *CB = dyn_cast<CallBase>(&I)) {
        if (Pending.contains(CB))
          return true;
        if (Function *Callee = CB->getCalledFunction())
          Work.push_back(Callee);
      }
  }
  return false;
}

/// Does one of the requests \p Calls lie in code reachable from the function
/// another (or the same) request differentiates?
bool hasNestedRequests(ArrayRef<std::pair<CallBase *, DiffMode>> Calls) {
  SmallPtrSet<const Function *, 8> Callers;
  SmallVector<Function *, 8> Work;
  for (auto [CB, Mode] : Calls) {
    Callers.insert(CB->getFunction());
    Work.push_back(dyn_cast<Function>(
        CB->getArgOperand(CB->paramHasAttr(0, Attribute::StructRet))
            ->stripPointerCasts()));
  }
  SmallPtrSet<Function *, 16> Seen;
  while (!Work.empty()) {
    Function *G = Work.pop_back_val();
    if (!G || G->isDeclaration() || !Seen.insert(G).second)
      continue;
    if (Callers.contains(G))
      return true;
    for (Instruction &I : instructions(*G))
      if (auto *CB = dyn_cast<CallBase>(&I))
        Work.push_back(CB->getCalledFunction());
  }
  return false;
}

/// The user's bodies that Eddy's lowering leaves as they are: defined before
/// it runs and calling none of Eddy's or Enzyme's entry points (requests,
/// queries, batches, tape frees, named derivatives, the C++ API), directly
/// or through a pointer (a request the optimizer merged into a select).
/// Clang produced them valid, so the final check need not verify them again.
DenseSet<const Function *> untouchedBodies(Module &M) {
  DenseSet<const Function *> Untouched;
  for (Function &F : M) {
    if (F.isDeclaration())
      continue;
    bool CallsEddy = false;
    for (Instruction &I : instructions(F))
      if (auto *CB = dyn_cast<CallBase>(&I)) {
        auto *Callee = dyn_cast<Function>(CB->getCalledOperand()->stripPointerCasts());
        StringRef Name = Callee ? Callee->getName() : "";
        if (!Callee || Name.contains("eddy") || Name.contains("enzyme")) {
          CallsEddy = true;
          break;
        }
      }
    if (!CallsEddy)
      Untouched.insert(&F);
  }
  return Untouched;
}

/// Never hand Clang a broken module: an internal error must become an
/// error, not a crash in the back end. With Clang's verifier on
/// (-fverify-intermediate-code, an LLVM with assertions) the whole module is
/// verified; otherwise every body but those Clang made and Eddy kept as is
/// (\p Untouched) and those verified where Eddy built them (\p Caches:
/// DerivativeCache::wasVerified says what changed them since). Verifying
/// them again was 5% of a -O0 compile of a 7,500-function chain (issue 12).
void checkModule(Module &M, const DenseSet<const Function *> &Untouched,
                 ArrayRef<const DerivativeCache *> Caches, bool Whole,
                 DiagnosticSink &Diags, Function *FirstCaller) {
  std::string Broken;
  raw_string_ostream OS(Broken);
  auto Skip = [&](const Function &F) {
    return F.isDeclaration() || Untouched.contains(&F) ||
           any_of(Caches, [&](const DerivativeCache *C) { return C && C->wasVerified(&F); });
  };
  bool Invalid = Whole ? verifyModule(M, &OS)
                       : any_of(M, [&](Function &F) {
                           return !Skip(F) && verifyFunction(F, &OS);
                         });
  if (Invalid)
    Diags.error(&FirstCaller->getEntryBlock().front(),
                "internal error: generated invalid IR; please report this "
                "with the source file:\n" + OS.str());
}

/// Drops list entries of derivatives that were inlined and deleted.
void pruneGeneratedList(Module &M) {
  NamedMDNode *List = M.getNamedMetadata(GeneratedListMDName);
  if (!List)
    return;
  SmallVector<MDNode *, 8> Keep;
  for (MDNode *N : List->operands())
    if (M.getFunction(cast<MDString>(N->getOperand(2))->getString()))
      Keep.push_back(N);
  List->clearOperands();
  for (MDNode *N : Keep)
    List->addOperand(N);
}

/// Removes a served call of an entry point (or __eddy_tape_free).
void eraseEntryCall(CallBase *CB) {
  // The request is gone either way; after an error the module only needs
  // to stay valid until Clang stops.
  if (!CB->use_empty())
    CB->replaceAllUsesWith(PoisonValue::get(CB->getType()));
  if (auto *II = dyn_cast<InvokeInst>(CB)) {
    // C++ at -O0 invokes the entry point; it cannot throw any more.
    II->getUnwindDest()->removePredecessor(II->getParent());
    BranchInst::Create(II->getNormalDest(), II->getIterator());
  }
  // The marker arguments are loads of globals that eddy.h declares and
  // nothing defines. At -O0 nothing removes them once they are dead, and
  // an instrumentation pass after Eddy's (ASan checks every load) would
  // make them undefined references at link time.
  SmallVector<WeakTrackingVH, 8> Args(CB->arg_begin(), CB->arg_end());
  CB->eraseFromParent();
  RecursivelyDeleteTriviallyDeadInstructionsPermissive(Args);
}

} // namespace

bool lowerAllRequests(Module &M, ModuleAnalysisManager &MAM,
                      const EddyOptions &Opts) {
  const DenseSet<const Function *> Untouched = untouchedBodies(M);
  // Declared derivatives get bodies that are ordinary requests.
  bool Defined = defineNamedDerivatives(M);
  // Shadow queries and batch requests first: a query makes its global's
  // shadow user-managed for every request; a batch needs no derivative, and
  // a derivative of a function that batches differentiates the lanes' calls.
  DiagnosticSink EarlyDiags;
  SetVector<GlobalVariable *> UserManaged;
  Defined |= GlobalShadows::lowerQueries(M, EarlyDiags, UserManaged);
  FunctionAnalysisManager &FAM =
      MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager();
  Defined |= lowerBatchRequests(M, FAM, Opts, EarlyDiags);
  SmallVector<std::pair<CallBase *, DiffMode>, 8> Calls;
  SmallVector<CallBase *, 4> TapeFrees;
  for (Function &F : M)
    for (Instruction &I : instructions(F))
      if (auto *CB = dyn_cast<CallBase>(&I)) {
        if (auto Mode = classifyRequest(*CB))
          Calls.push_back({CB, *Mode});
        else if (isTapeFree(*CB))
          TapeFrees.push_back(CB);
      }
  if (Calls.empty() && TapeFrees.empty())
    return Defined;
  // Requests the optimizer merged into one call of a selected function.
  {
    SmallVector<std::pair<CallBase *, DiffMode>, 8> Split;
    for (auto [CB, Mode] : Calls)
      for (CallBase *Each : splitMergedRequest(*CB))
        Split.push_back({Each, Mode});
    Calls = std::move(Split);
  }

  DiagnosticSink Diags;
  // A module with requests inside code that another request differentiates
  // (the gradient in a Hessian, an inner eddy::derivative) gets derivatives
  // whose strong zeros keep their own derivative (EddyOptions::
  // DifferentiableStrongZeros); the others keep the cheaper guard.
  EddyOptions CacheOpts = Opts;
  CacheOpts.DifferentiableStrongZeros |= hasNestedRequests(Calls);
  DerivativeCache Cache(M, MAM, CacheOpts, Diags);
  Function *FirstCaller = (Calls.empty() ? TapeFrees.front()
                                         : Calls.front().first)->getFunction();
  RequestLowering Lowering(Cache, Diags);
  // A request with a tape budget of its own (eddy_tape_budget) needs its
  // outermost counted loops under the budget schedule even when the
  // compilation has no budget: such requests are served by a second cache
  // whose options have one. Its derivatives differ from the first cache's
  // (the loops run under the driver), so they cannot share entries. The
  // budget in the markers is a placeholder: the request sets its own at run
  // time (RequestLowering::enterBudget). With a compiled budget every
  // request's loops are budgeted already, and the first cache serves all.
  EddyOptions BudgetOpts = CacheOpts;
  BudgetOpts.TapeBudget = uint64_t(INT64_MAX);
  std::unique_ptr<DerivativeCache> BudgetCache;
  std::unique_ptr<RequestLowering> BudgetLowering;
  SmallPtrSet<Function *, 4> Entries;
  for (CallBase *CB : TapeFrees) {
    Entries.insert(cast<Function>(CB->getCalledOperand()->stripPointerCasts()));
    Lowering.lowerTapeFree(*CB);
    eraseEntryCall(CB);
  }
  SetVector<CallBase *> Pending;
  SmallVector<Function *, 8> Targets;
  SmallVector<std::pair<CallBase *, Function *>, 8> Requests;
  for (auto [CB, Mode] : Calls) {
    Entries.insert(cast<Function>(CB->getCalledOperand()->stripPointerCasts()));
    Pending.insert(CB);
    Targets.push_back(originalOfStub(resolveFunction(
        CB->getArgOperand(CB->paramHasAttr(0, Attribute::StructRet)))));
    Requests.push_back({CB, Targets.back()});
  }
  // Fixed before any derivative exists: the cache keys derivatives by
  // function and activity only, so which globals are differentiated memory
  // must not change from one request to the next.
  GlobalShadows Globals(std::move(UserManaged), Targets, Cache.registrations());
  Cache.registrations().setGlobalShadows(&Globals);
  Globals.refuseNested(Requests, Diags);
  // Nested requests (a Hessian-vector product is the forward derivative of a
  // function that asks for a gradient) are served inner first, so that the
  // outer derivative differentiates the generated gradient.
  while (!Pending.empty()) {
    SmallVector<CallBase *, 8> Ready;
    for (CallBase *CB : Pending) {
      Function *Target = dyn_cast<Function>(
          CB->getArgOperand(CB->paramHasAttr(0, Attribute::StructRet))
              ->stripPointerCasts());
      if (!Target || !reachesPendingRequest(Target, Pending))
        Ready.push_back(CB);
    }
    if (Ready.empty()) {
      for (CallBase *CB : Pending)
        Diags.error(CB, "this request differentiates a function that "
                        "(through its calls) contains this same request; "
                        "break the cycle");
      Ready.assign(Pending.begin(), Pending.end());
    }
    for (CallBase *CB : Ready) {
      Pending.remove(CB);
      std::optional<DiffRequest> R =
          parseRequest(*CB, *classifyRequest(*CB), Diags);
      if (R && !Diags.hadError()) {
        RequestLowering *L = &Lowering;
        if (R->TapeBudget && !Opts.TapeBudget) {
          if (!BudgetCache) {
            BudgetCache = std::make_unique<DerivativeCache>(
                M, MAM, BudgetOpts, Diags, /*ReportRegistrations=*/false);
            BudgetCache->registrations().setGlobalShadows(&Globals);
            BudgetLowering =
                std::make_unique<RequestLowering>(*BudgetCache, Diags);
          }
          L = BudgetLowering.get();
        }
        L->lower(*R);
      }
      eraseEntryCall(CB);
    }
  }
  Cache.finalize();
  if (BudgetCache)
    BudgetCache->finalize();
  if (!Diags.hadError())
    checkModule(M, Untouched, {&Cache, BudgetCache.get()}, Opts.VerifyModule,
                Diags, FirstCaller);
  if (Diags.hadError()) {
    Cache.neutralize();
    if (BudgetCache)
      BudgetCache->neutralize();
  }
  for (Function *E : Entries)
    if (E->use_empty())
      E->eraseFromParent();
  // Derivatives used only through the (inlined) gradient wrappers.
  bool Erased = true;
  while (Erased) {
    Erased = false;
    for (Function &F : make_early_inc_range(M))
      if (F.getName().contains(".eddy.") && F.hasLocalLinkage() && F.use_empty()) {
        F.eraseFromParent();
        Erased = true;
      }
  }
  Tape::inlineBufferCalls(M);
  if (Opts.QuickCleanup && !Diags.hadError())
    for (Function &F : M)
      if (F.getName().contains(".eddy.") && !F.isDeclaration())
        lowerForFastSelection(F);
  pruneGeneratedList(M);
  if (Opts.TimeReport)
    Cache.times().print(errs(), M);
  return true;
}

} // namespace eddy
