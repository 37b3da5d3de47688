//===- CheckpointTangent.cpp - Forward mode over a checkpointed loop ------===//
//
// Forward over reverse (a Hessian-vector product) reaches the sweeps L.aug
// and L.rev of a checkpointed loop function L (CheckpointPair.cpp). They hand
// thunks to the run-time driver, through which forward mode cannot see. It
// need not: let Lt be L's tangent loop, (x, ẋ) -> (y, ẏ), whose step is the
// forward derivative of L's step S, and J = ∂y/∂x. Reverse mode over Lt,
// seeded with adj(y) = (tangent of ȳ) and adj(ẏ) = ȳ, gives
//   adj(x) = Jᵀ·(tangent of ȳ) + (∂(J·ẋ)/∂x)ᵀ·ȳ = tangent of x̄,
//   adj(ẋ) = Jᵀ·ȳ                               = x̄,
// which is exactly what the forward derivatives of L.aug and L.rev compute
// (for a scalar argument a, the sums adj(a) and adj(ȧ) likewise). So
//   fwd(L.aug): T = a tape of its own; Lt.aug(..., T); push T
//   fwd(L.rev): pop T; Lt.rev(..., T); free T
// where Lt is a loop function like L (its state: L's regions and their
// tangents; its step: S's forward derivative), whose reverse pair is an
// ordinary checkpointed pair: the driver stores and recomputes the tangents
// with the state. Lt.aug's arguments are L.aug's and their tangents, the
// shadows rearranged: the shadow of x is the tangent of x̄, that of ẋ is x̄.
//
// Lt's pair runs on a tape of its own, not the caller's: its thunks push and
// pop (and may grow) their tape while the driver runs, and forward mode keeps
// the caller's tape and its tangent tape the same size only through pushes
// it differentiated. T crosses on the caller's tape through the forward
// derivative of a one-push function, like any other value on that tape. When
// no tangent enters the loop, L's own pair runs, on a tape of its own too.
//
// Both sweeps' forward derivatives must be used, or neither: a call that
// runs one sweep without the other is forward-differentiated even when
// nothing in it is active (runsUnpairedSweep, ForwardMode.cpp).
//===----------------------------------------------------------------------===//
#include "Eddy/Analysis/ActivityAnalysis.h"
#include "Eddy/Support/Diagnostics.h"
#include "Eddy/Support/OutOfMemory.h"
#include "Eddy/Support/SanitizerAttributes.h"
#include "Eddy/Transform/Checkpointing.h"
#include "Eddy/Transform/Tape.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace eddy {

namespace {

class SweepTangentBuilder {
public:
  SweepTangentBuilder(DerivativeCache &Cache, Function &Sweep,
                      const CheckpointSweep &Info,
                      const CheckpointLoopShape &Shape,
                      const ActivitySignature &FS, Function &Out,
                      Instruction *At)
      : Cache(Cache), M(*Sweep.getParent()), Ctx(M.getContext()), Sweep(Sweep),
        L(*Info.Loop), Info(Info), Shape(Shape), FS(FS), Out(Out), At(At) {}

  bool run();

private:
  /// Reports \p Why once for both sweeps: the other's forward derivative
  /// would say the same.
  bool refuse(const Twine &Why) {
    std::string &Entry = Cache.checkpointTangentMasks()[{&L, Info.Sig}];
    if (Entry != "refused")
      Cache.diags().error(At, Why.str());
    Entry = "refused";
    return false;
  }
  static constexpr const char *Partial =
      "forward mode over the gradient of this checkpointed loop is not "
      "supported: some of the memory the loop reaches through one pointer "
      "has tangents and some has not; remove '#pragma eddy checkpoint' from "
      "the loop for this request";
  static constexpr const char *Mismatch =
      "forward mode over the gradient of this checkpointed loop is not "
      "supported: values that enter the loop have tangents in the "
      "gradient's forward sweep that they lack in its backward sweep, or "
      "the other way round; remove '#pragma eddy checkpoint' from the loop "
      "for this request";
  bool layOut();
  bool runPrimal();
  /// The tape the sweeps of Lt (or L) run on: a new one in the forward
  /// sweep, popped from the caller's in the backward sweep.
  Value *enterPrivateTape(IRBuilder<> &B);
  /// Pushes it on the caller's tape (forward sweep) or frees it.
  bool leavePrivateTape(IRBuilder<> &B, Value *T);
  bool decideTangents();
  Function *tangentLoop();
  /// Lt's regions, in order: per kind (state, inputs, scratch), L's, then
  /// the tangents of those whose base has one.
  struct TangentRegion {
    unsigned Region; ///< L's.
    unsigned Kind;   ///< 0 state, 1 inputs, 2 scratch.
    bool IsTangent;
  };
  SmallVector<TangentRegion, 16> tangentRegions() const;
  /// Lt's eddy.checkpoint.groups and .moves, from L's (CheckpointPair.cpp:
  /// the driver runs the loop on a copy of its memory, tangents included).
  bool relocate(Function &Tangent);
  /// Sig2: which of Lt's arguments its reverse pair differentiates.
  void tangentActivity(llvm::Function &Tangent);
  /// Lt.aug's (or Lt.rev's) arguments, T the pair's own tape.
  SmallVector<Value *, 16> pairArgs(Value *T);
  Function *handleFunction(bool Push);
  bool pushHandle(IRBuilder<> &B, Value *H);
  Value *popHandle(IRBuilder<> &B);

  /// The value of the sweep's parameter \p P, and its tangent (or null).
  Value *arg(unsigned P) { return Out.getArg(FwdIndex[P]); }
  Value *tangent(unsigned P) {
    return FS.Args[P] ? Out.getArg(FwdIndex[P] + 1) : nullptr;
  }
  bool active(unsigned I) const { return Info.Sig.Args[I]; }
  unsigned lead() const { return Shape.numLeadingArgs(); }

  DerivativeCache &Cache;
  Module &M;
  LLVMContext &Ctx;
  Function &Sweep;
  Function &L;
  const CheckpointSweep &Info;
  CheckpointLoopShape Shape;
  const ActivitySignature &FS;
  Function &Out;
  Instruction *At;

  /// Per argument of L: the sweep's parameter holding it, and its shadow's
  /// (~0u without one).
  SmallVector<unsigned, 16> PrimalParam, ShadowParam;
  unsigned TapeParam = 0;
  SmallVector<unsigned, 16> FwdIndex; ///< Per sweep parameter, in Out.
  /// Per argument of L: does Lt take a tangent of it?
  SmallVector<bool, 16> Mask;
  std::string MaskStr;
  ActivitySignature Sig2; ///< Lt's, for its reverse pair.
};

bool SweepTangentBuilder::layOut() {
  unsigned Next = 0;
  for (Argument &A : L.args()) {
    PrimalParam.push_back(Next++);
    ShadowParam.push_back(~0u);
    if (active(A.getArgNo()) && A.getType()->isPointerTy())
      ShadowParam.back() = Next++;
  }
  TapeParam = Next;
  if (Sweep.arg_size() != TapeParam + 1 || FS.Args.size() != Sweep.arg_size())
    return refuse("internal error: unexpected parameters of the checkpointed "
                  "sweep '" + Sweep.getName() + "'");
  unsigned K = 0;
  for (bool Active : FS.Args) {
    FwdIndex.push_back(K);
    K += 1 + (Active ? FS.Width : 0);
  }
  return true;
}

bool SweepTangentBuilder::decideTangents() {
  for (Argument &A : L.args()) {
    unsigned I = A.getArgNo();
    Type *T = A.getType();
    Value *Tan = tangent(PrimalParam[I]);
    bool Has = false;
    if (I < lead()) {
      Has = T->isPointerTy() && Tan; // A region's base: its tangent region.
    } else if (T->isPointerTy()) {
      // x̄ and its tangent are Lt.rev's shadows of ẋ and x: both must exist.
      if (active(I) && (!Tan || !tangent(ShadowParam[I])))
        return refuse("forward mode over the gradient of this checkpointed "
                      "loop needs a tangent for every array whose derivative "
                      "the loop computes, and for that derivative; give the "
                      "forward request a tangent (enzyme_dup) for each of "
                      "them, or remove '#pragma eddy checkpoint' from the "
                      "loop for this request");
      Has = Tan != nullptr;
    } else if (hasShadowPointers(T)) {
      if (Tan || active(I))
        return refuse("forward mode over the gradient of a checkpointed loop "
                      "whose step takes a struct holding pointers is not "
                      "supported yet; remove '#pragma eddy checkpoint' from "
                      "the loop for this request");
    } else if (isDifferentiableType(T)) {
      // Always, so that both sweeps agree whatever their activity (one may
      // load a constant from memory the other's forward mode calls active);
      // a scalar without a tangent gets zero, which is exact. An active
      // scalar needs ẋ anyway: adj(ẋ) is x̄.
      Has = true;
    }
    Mask.push_back(Has);
    MaskStr += Has ? 't' : 'c';
  }
  // The two sweeps' forward derivatives must run the same Lt: the handle
  // one pushes is the other's.
  auto [It, New] =
      Cache.checkpointTangentMasks().try_emplace({&L, Info.Sig}, MaskStr);
  if (!New && It->second != MaskStr)
    return refuse(Mismatch);
  return true;
}

Function *SweepTangentBuilder::tangentLoop() {
  std::string Name = (L.getName() + ".tangent." + MaskStr).str();
  if (Function *F = M.getFunction(Name))
    return F;
  ActivitySignature StepSig;
  StepSig.Args.assign(Mask.begin() + lead(), Mask.end());
  Function *Step = Cache.getForward(Shape.Step, StepSig, At);
  if (!Step)
    return nullptr;
  // Its loops run inside Lt's steps: a tape budget is for outermost loops.
  Step->addFnAttr(CheckpointStepTangentAttr);

  SmallVector<Type *, 16> Types{L.getArg(0)->getType()};
  unsigned Counts[3] = {0, 0, 0};
  for (auto [R, Kind, IsTangent] : tangentRegions()) {
    for (unsigned J = 0; J < 3; ++J)
      Types.push_back(L.getArg(1 + 3 * R + J)->getType());
    ++Counts[Kind];
  }
  unsigned NumLeading = Types.size();
  for (Argument &A : Step->args())
    Types.push_back(A.getType());

  Function *F = Function::Create(
      FunctionType::get(Type::getVoidTy(Ctx), Types, false),
      GlobalValue::InternalLinkage, Name, M);
  F->setAttributes(AttributeList::get(Ctx, L.getAttributes().getFnAttrs(), {}, {}));
  F->addFnAttr(CheckpointLoopAttr, std::to_string(int(Shape.Kind)) + "," +
                                       std::to_string(Shape.Param) + "," +
                                       std::to_string(Counts[0]) + "," +
                                       std::to_string(Counts[1]) + "," +
                                       std::to_string(Counts[2]));
  F->setMetadata("eddy.checkpoint.step",
                 MDNode::get(Ctx, ValueAsMetadata::get(Step)));
  Cache.adoptOutlined(F);
  if (!relocate(*F))
    return nullptr;
  // The body is L's with the tangent step; only its pair is ever called.
  BasicBlock *Entry = BasicBlock::Create(Ctx, "entry", F);
  BasicBlock *Body = BasicBlock::Create(Ctx, "step", F);
  BasicBlock *Done = BasicBlock::Create(Ctx, "done", F);
  BranchInst::Create(Body, Entry);
  IRBuilder<> B(Body);
  SmallVector<Value *, 16> StepArgs;
  for (Argument &A : F->args())
    if (A.getArgNo() >= NumLeading)
      StepArgs.push_back(&A);
  B.CreateCondBr(B.CreateCall(Step, StepArgs), Body, Done);
  ReturnInst::Create(Ctx, Done);
  return F;
}

SmallVector<SweepTangentBuilder::TangentRegion, 16>
SweepTangentBuilder::tangentRegions() const {
  SmallVector<TangentRegion, 16> Regions;
  unsigned Begin = 0;
  for (auto [Kind, Count] :
       enumerate(ArrayRef<unsigned>{Shape.NumState, Shape.NumInputs,
                                    Shape.NumScratch})) {
    for (unsigned R = Begin; R < Begin + Count; ++R)
      Regions.push_back({R, unsigned(Kind), false});
    for (unsigned R = Begin; R < Begin + Count; ++R)
      if (Mask[1 + 3 * R])
        Regions.push_back({R, unsigned(Kind), true});
    Begin += Count;
  }
  return Regions;
}

/// The i32 operands of L's metadata \p Kind.
static SmallVector<int, 8> intsOf(const Function &L, StringRef Kind) {
  SmallVector<int, 8> Ints;
  if (MDNode *MD = L.getMetadata(Kind))
    for (const MDOperand &Op : MD->operands())
      Ints.push_back(mdconst::extract<ConstantInt>(Op)->getSExtValue());
  return Ints;
}

bool SweepTangentBuilder::relocate(Function &Tangent) {
  SmallVector<int, 8> Groups = intsOf(L, "eddy.checkpoint.groups");
  SmallVector<int, 8> Moves = intsOf(L, "eddy.checkpoint.moves");
  if (Groups.empty())
    return true; // L runs in its memory as it is: so does Lt.
  if (Groups.size() != Shape.NumState + Shape.NumInputs + Shape.NumScratch ||
      Moves.size() != Shape.Step->arg_size())
    return refuse("internal error: malformed relocation of the checkpointed "
                  "loop '" + L.getName() + "'");
  int NumGroups = 0;
  for (int G : Groups)
    NumGroups = std::max(NumGroups, G + 1);
  // A group's tangents are a group of their own (shadow memory mirrors the
  // addresses). All regions of a group have tangents, or none: Lt moves
  // a pointer's tangent with its group's.
  SmallVector<int, 8> Has(NumGroups, -1), TangentGroup(NumGroups, -1);
  for (auto [R, G] : enumerate(Groups)) {
    if (G < 0)
      continue; // A global: named directly, its shadow too; stays in place.
    int H = Mask[1 + 3 * R];
    if (Has[G] >= 0 && Has[G] != H)
      return refuse(Partial);
    Has[G] = H;
  }
  int Next = NumGroups;
  for (int G = 0; G < NumGroups; ++G)
    if (Has[G] == 1)
      TangentGroup[G] = Next++;
  SmallVector<Metadata *, 16> Groups2, Moves2;
  auto Int = [&](int V) {
    return ConstantAsMetadata::get(ConstantInt::getSigned(Type::getInt32Ty(Ctx), V));
  };
  for (auto [R, Kind, IsTangent] : tangentRegions()) {
    int G = Groups[R];
    Groups2.push_back(Int(IsTangent && G >= 0 ? TangentGroup[G] : G));
  }
  for (auto [J, G] : enumerate(Moves)) {
    Moves2.push_back(Int(G));
    if (!Mask[lead() + J])
      continue;
    if (G >= 0 && TangentGroup[G] < 0)
      return refuse(Partial);
    Moves2.push_back(Int(G >= 0 ? TangentGroup[G] : -1));
  }
  Tangent.setMetadata("eddy.checkpoint.groups", MDNode::get(Ctx, Groups2));
  Tangent.setMetadata("eddy.checkpoint.moves", MDNode::get(Ctx, Moves2));
  return true;
}

void SweepTangentBuilder::tangentActivity(Function &Tangent) {
  // x̄ and ȳ are the adjoints of ẋ and ẏ, their tangents those of x and y;
  // the regions' bases are only read for their addresses.
  Sig2.Args.assign(CheckpointLoopShape::of(Tangent)->numLeadingArgs(), false);
  for (unsigned I = lead(); I < L.arg_size(); ++I) {
    Sig2.Args.push_back(active(I));
    if (Mask[I])
      Sig2.Args.push_back(active(I));
  }
}

SmallVector<Value *, 16> SweepTangentBuilder::pairArgs(Value *T) {
  SmallVector<Value *, 16> Args{arg(PrimalParam[0])};
  for (auto [R, Kind, IsTangent] : tangentRegions()) {
    unsigned K = 1 + 3 * R;
    Args.push_back(IsTangent ? tangent(PrimalParam[K]) : arg(PrimalParam[K]));
    Args.push_back(arg(PrimalParam[K + 1]));
    Args.push_back(arg(PrimalParam[K + 2]));
  }
  for (unsigned I = lead(); I < L.arg_size(); ++I) {
    Type *Ty = L.getArg(I)->getType();
    const bool Shadowed = active(I) && Ty->isPointerTy();
    Args.push_back(arg(PrimalParam[I]));
    if (Shadowed)
      Args.push_back(tangent(ShadowParam[I])); // adj(x): the tangent of x̄.
    if (!Mask[I])
      continue;
    Value *Tan = tangent(PrimalParam[I]);
    Args.push_back(Tan ? Tan : Constant::getNullValue(Ty));
    if (Shadowed)
      Args.push_back(arg(ShadowParam[I])); // adj(ẋ): x̄.
  }
  Args.push_back(T);
  return Args;
}

/// eddy.ckpt.handle.push(tape, i64) / eddy.ckpt.handle.pop(tape) -> i64:
/// one value on the caller's tape, as a sweep pushes it.
Function *SweepTangentBuilder::handleFunction(bool Push) {
  StringRef Name = Push ? "eddy.ckpt.handle.push" : "eddy.ckpt.handle.pop";
  if (Function *F = M.getFunction(Name))
    return F;
  Type *Ptr = PointerType::getUnqual(Ctx), *I64 = Type::getInt64Ty(Ctx);
  FunctionType *FT = Push ? FunctionType::get(Type::getVoidTy(Ctx), {Ptr, I64}, false)
                          : FunctionType::get(I64, {Ptr}, false);
  Function *F = Function::Create(FT, GlobalValue::InternalLinkage, Name, M);
  F->addFnAttr(Attribute::NoUnwind);
  inheritModuleSanitizerAttributes(*F, M);
  IRBuilder<> B(BasicBlock::Create(Ctx, "entry", F));
  Tape T(F->getArg(0), Cache.tapeScopes());
  if (Push) {
    B.SetInsertPoint(B.CreateRetVoid()); // push may split the block.
    T.push(B, {F->getArg(1)});
  } else {
    B.CreateRet(T.pop(B, {I64})[0]);
  }
  return F;
}

bool SweepTangentBuilder::pushHandle(IRBuilder<> &B, Value *H) {
  Function *Push = handleFunction(true);
  Value *Caller = arg(TapeParam), *CallerTangent = tangent(TapeParam);
  if (!CallerTangent) {
    B.CreateCall(Push, {Caller, H});
    return true;
  }
  // The caller's tangent tape grows with its tape.
  ActivitySignature S;
  S.Args = {true, false};
  Function *D = Cache.getForward(Push, S, At);
  if (!D)
    return false;
  B.CreateCall(D, {Caller, CallerTangent, H});
  return true;
}

Value *SweepTangentBuilder::popHandle(IRBuilder<> &B) {
  Function *Pop = handleFunction(false);
  Value *Caller = arg(TapeParam), *CallerTangent = tangent(TapeParam);
  if (!CallerTangent)
    return B.CreateCall(Pop, {Caller});
  ActivitySignature S;
  S.Args = {true};
  Function *D = Cache.getForward(Pop, S, At);
  if (!D)
    return nullptr;
  return B.CreateCall(D, {Caller, CallerTangent});
}

Value *SweepTangentBuilder::enterPrivateTape(IRBuilder<> &B) {
  Type *Ptr = PointerType::getUnqual(Ctx), *I64 = Type::getInt64Ty(Ctx);
  if (Info.Adjoint) {
    Value *H = popHandle(B);
    return H ? B.CreateIntToPtr(H, Ptr) : nullptr;
  }
  // A zeroed header {null, 0, 0}: the first push allocates.
  Value *Bytes = B.getInt64(M.getDataLayout().getTypeAllocSize(Tape::getType(Ctx)));
  FunctionCallee Calloc = M.getOrInsertFunction("calloc", Ptr, I64, I64);
  Value *T = B.CreateCall(Calloc, {B.getInt64(1), Bytes});
  checkAllocation(B, B.CreateIsNull(T), functionNameString(M, L), Bytes, "tape");
  return T;
}

bool SweepTangentBuilder::leavePrivateTape(IRBuilder<> &B, Value *T) {
  if (!Info.Adjoint)
    return pushHandle(B, B.CreatePtrToInt(T, Type::getInt64Ty(Ctx)));
  // Empty again: the backward sweep popped what the forward sweep pushed.
  Type *Ptr = PointerType::getUnqual(Ctx);
  FunctionCallee Free = M.getOrInsertFunction("free", Type::getVoidTy(Ctx), Ptr);
  B.CreateCall(Free, {B.CreateLoad(Ptr, B.CreateStructGEP(Tape::getType(Ctx), T, 0))});
  B.CreateCall(Free, {T});
  return true;
}

/// No tangent enters or leaves: the sweep itself (on a tape of its own, see
/// the file comment), decided so for both sweeps (see decideTangents).
bool SweepTangentBuilder::runPrimal() {
  auto [It, New] =
      Cache.checkpointTangentMasks().try_emplace({&L, Info.Sig}, "primal");
  if (!New && It->second != "primal")
    return refuse(Mismatch);
  IRBuilder<> B(BasicBlock::Create(Ctx, "entry", &Out));
  Value *T = enterPrivateTape(B);
  if (!T)
    return false;
  SmallVector<Value *, 16> Args;
  for (unsigned P = 0; P < TapeParam; ++P)
    Args.push_back(arg(P));
  Args.push_back(T);
  Value *R = B.CreateCall(&Sweep, Args);
  ReturnInst *Ret;
  if (Out.getReturnType()->isVoidTy())
    Ret = B.CreateRetVoid();
  else if (!FS.Return)
    Ret = B.CreateRet(R);
  else
    Ret = B.CreateRet(B.CreateInsertValue(
        B.CreateInsertValue(PoisonValue::get(Out.getReturnType()), R, 0),
        Constant::getNullValue(R->getType()), 1));
  B.SetInsertPoint(Ret); // A push may split the block.
  return leavePrivateTape(B, T);
}

bool SweepTangentBuilder::run() {
  if (FS.Width != 1 || Info.Sig.Width != 1)
    return refuse("vector mode (enzyme_width) in forward mode over the "
                  "gradient of a checkpointed loop is not supported yet; ask "
                  "for one direction per request, or remove '#pragma eddy "
                  "checkpoint' from the loop for this request");
  if (!layOut())
    return false;
  if (none_of(ArrayRef(FS.Args).drop_back(), [](bool A) { return A; }))
    return runPrimal();
  if (!decideTangents())
    return false;
  Function *Tangent = tangentLoop();
  if (!Tangent)
    return false;
  tangentActivity(*Tangent);
  ReversePair Pair = Cache.getReverse(Tangent, Sig2, At, PairKind::Callee);
  if (!Pair.Augmented)
    return false;

  IRBuilder<> B(BasicBlock::Create(Ctx, "entry", &Out));
  Value *T = enterPrivateTape(B);
  if (!T)
    return false;
  Function *Callee = Info.Adjoint ? Pair.Adjoint : Pair.Augmented;
  SmallVector<Value *, 16> Args = pairArgs(T);
  if (Args.size() != Callee->arg_size())
    return refuse("internal error: the tangent loop's sweeps take other "
                  "arguments than expected");
  Value *Sums = B.CreateCall(Callee, Args);
  Type *RT = Sweep.getReturnType();
  ReturnInst *Ret;
  if (RT->isVoidTy()) {
    Ret = B.CreateRetVoid();
  } else {
    // L.rev returns adj(a) per active scalar a; Lt.rev returns adj(a),
    // adj(ȧ) side by side: the tangent of ā, and ā.
    Value *Primal = PoisonValue::get(RT), *Tan = PoisonValue::get(RT);
    unsigned K = 0;
    for (unsigned I = lead(); I < L.arg_size(); ++I) {
      if (!active(I) || L.getArg(I)->getType()->isPointerTy())
        continue;
      Tan = B.CreateInsertValue(Tan, B.CreateExtractValue(Sums, 2 * K), K);
      Primal = B.CreateInsertValue(Primal, B.CreateExtractValue(Sums, 2 * K + 1), K);
      ++K;
    }
    Value *V = Primal;
    if (FS.Return)
      V = B.CreateInsertValue(
          B.CreateInsertValue(PoisonValue::get(Out.getReturnType()), Primal, 0),
          Tan, 1);
    Ret = B.CreateRet(V);
  }
  B.SetInsertPoint(Ret); // A push may split the block.
  return leavePrivateTape(B, T);
}

} // namespace

/// The sweeps of checkpointed pairs that \p F runs, itself or in callees.
static void collectSweeps(const Function &F,
                          SmallPtrSetImpl<const Function *> &Seen,
                          SmallPtrSetImpl<const Function *> &Sweeps) {
  if (!Seen.insert(&F).second)
    return;
  if (F.hasFnAttribute(CheckpointPairAttr)) {
    Sweeps.insert(&F);
    return;
  }
  for (const BasicBlock &BB : F)
    for (const Instruction &I : BB)
      if (const auto *CB = dyn_cast<CallBase>(&I))
        if (const Function *Callee = CB->getCalledFunction())
          collectSweeps(*Callee, Seen, Sweeps);
}

bool runsUnpairedSweep(const CallBase &CB, const DerivativeCache &Cache) {
  const Function *Callee = CB.getCalledFunction();
  // (Only modules with a checkpointed gradient pay for the scan.)
  if (!Callee || !CB.getModule()->getFunction("__eddy_ckpt_forward"))
    return false;
  SmallPtrSet<const Function *, 16> Seen, Sweeps;
  collectSweeps(*Callee, Seen, Sweeps);
  // A call that runs both (a gradient wrapper) hands the handle to itself.
  return any_of(Sweeps, [&](const Function *S) {
    std::optional<CheckpointSweep> Info = Cache.checkpointSweepOf(S);
    return !Info || !Sweeps.contains(Info->Partner);
  });
}

bool buildCheckpointSweepTangent(DerivativeCache &Cache, Function &Sweep,
                                 const ActivitySignature &FS, Function &Out,
                                 Instruction *At) {
  std::optional<CheckpointSweep> Info = Cache.checkpointSweepOf(&Sweep);
  std::optional<CheckpointLoopShape> Shape;
  if (Info)
    Shape = CheckpointLoopShape::of(*Info->Loop);
  if (!Shape) {
    Cache.diags().error(At, "internal error: '" + Sweep.getName().str() +
                                "' is not a checkpointed loop's sweep");
    return false;
  }
  return SweepTangentBuilder(Cache, Sweep, *Info, *Shape, FS, Out, At).run();
}

} // namespace eddy
