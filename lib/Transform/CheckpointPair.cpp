//===- CheckpointPair.cpp - The reverse pair of a checkpointed loop -------===//
//
// A loop function L (Eddy/Transform/Checkpointing.h) runs its step S until S
// says stop. Its reverse pair does not tape the iterations. It hands the
// run-time driver (lib/Runtime/Checkpoint.c) three thunks over a context
// that holds S's arguments, their shadows and the tape:
//   advance(ctx)  runs S as the primal does;
//   record(ctx)   runs S's augmented forward sweep (pushes S's tape) and
//                 returns the bytes it pushed;
//   adjoint(ctx)  runs S's adjoint (pops it) and adds the adjoints of S's
//                 active scalar arguments into the context.
//   L.aug:  h = __eddy_ckpt_begin(kind, param, n, regions, groups, moved);
//           move S's pointers in the context; __eddy_ckpt_run(h, steps);
//           push h
//   L.rev:  pop h; __eddy_ckpt_reverse(h, steps); return the sums
// Both sweeps run the steps on a copy of the loop's memory that the driver
// owns (__eddy_ckpt_begin copies it and says where each pointer group went;
// the sweeps move S's pointers in the context): the code after the loop
// may free the original before the backward sweep.
// The driver decides, following the schedule, when to store or restore the
// state (the regions) and which steps to run again.
//===----------------------------------------------------------------------===//
#include "ReverseMode.h"
#include "Eddy/Support/Diagnostics.h"
#include "Eddy/Transform/Checkpointing.h"
#include "Eddy/Transform/Tape.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace eddy {

namespace {

using LoopShape = CheckpointLoopShape;

class CheckpointPairBuilder {
public:
  CheckpointPairBuilder(DerivativeCache &Cache, Function &L,
                        const ActivitySignature &Sig, ReversePair Out,
                        const LoopShape &Shape)
      : Cache(Cache), M(*L.getParent()), Ctx(M.getContext()), L(L), Sig(Sig),
        Out(Out), Shape(Shape) {}

  bool run(Instruction *At);

private:
  void layContext();
  Function *makeThunk(StringRef Suffix, Type *Ret);
  Function *buildAdvance();
  Function *buildRecord();
  Function *buildAdjoint();
  /// Stores the sweep \p D's arguments (S's part and the tape) into a new
  /// context, and the thunks into a new steps record; returns both.
  std::pair<Value *, Value *> enter(IRBuilder<> &B, Function &D);
  /// The arrays of {ptr, i64 bytes} of D's state, input and scratch
  /// regions, and their lengths.
  struct RegionLists {
    Value *State, *NumState, *Inputs, *NumInputs, *Scratch, *NumScratch;
  };
  RegionLists regions(IRBuilder<> &B, Function &D, bool Moving);
  /// The constant table of L's region groups (eddy.checkpoint.groups), or
  /// null if the loop runs in place: see __eddy_ckpt_begin.
  Value *groupTable(IRBuilder<> &B);
  /// Room for the driver's (from, to) address per group.
  Value *movedArray(IRBuilder<> &B);
  /// Moves S's pointers in \p Context to where the driver put their groups.
  void movePointers(IRBuilder<> &B, Value *Moved, Value *Context);
  /// The parameter of a sweep of L that holds L's argument \p K.
  Argument *param(Function &D, unsigned K) { return D.getArg(ParamOf[K]); }
  /// Loads the context's fields [Begin, End).
  SmallVector<Value *, 8> loadFields(IRBuilder<> &B, Value *Context,
                                     unsigned Begin, unsigned End);
  Value *functionName(IRBuilder<> &B);

  DerivativeCache &Cache;
  Module &M;
  LLVMContext &Ctx;
  Function &L;
  const ActivitySignature &Sig;
  ReversePair Out;
  LoopShape Shape;

  ActivitySignature StepSig;
  ReversePair StepPair;
  /// {S's augmented-sweep arguments..., tape, adjoint sums...}
  StructType *ContextTy = nullptr;
  unsigned NumSweepArgs = 0; ///< S's sweep arguments, without the tape.
  SmallVector<unsigned, 8> PrimalFields; ///< S's own arguments in the context.
  SmallVector<Type *, 4> SumTypes;
  SmallVector<unsigned, 16> ParamOf; ///< Per argument of L.
  Function *Advance = nullptr, *Record = nullptr, *Adjoint = nullptr;
  int NumGroups = 0;
  SmallVector<int, 8> MovedGroup; ///< Per argument of S: its group, or -1.
};

void CheckpointPairBuilder::layContext() {
  SmallVector<Type *, 16> Fields;
  for (auto [Arg, Active] : zip(Shape.Step->args(), StepSig.Args)) {
    PrimalFields.push_back(Fields.size());
    Fields.push_back(Arg.getType());
    if (!Active)
      continue;
    if (Arg.getType()->isPointerTy())
      Fields.append(StepSig.Width, Arg.getType());
    else
      SumTypes.append(StepSig.Width, Arg.getType());
  }
  NumSweepArgs = Fields.size();
  Fields.push_back(PointerType::getUnqual(Ctx)); // The tape.
  Fields.append(SumTypes.begin(), SumTypes.end());
  ContextTy = StructType::get(Ctx, Fields);
}

Function *CheckpointPairBuilder::makeThunk(StringRef Suffix, Type *Ret) {
  Type *Ptr = PointerType::getUnqual(Ctx);
  Function *F = Function::Create(FunctionType::get(Ret, {Ptr}, false),
                                 GlobalValue::InternalLinkage,
                                 L.getName() + "." + Suffix + "." + Sig.str(), M);
  makeLocalDerivative(*F);
  F->addFnAttr(Attribute::NoUnwind);
  BasicBlock::Create(Ctx, "entry", F);
  Cache.recordGenerated(&L, "checkpoint", F);
  return F;
}

SmallVector<Value *, 8> CheckpointPairBuilder::loadFields(IRBuilder<> &B,
                                                          Value *Context,
                                                          unsigned Begin,
                                                          unsigned End) {
  SmallVector<Value *, 8> Vals;
  for (unsigned K = Begin; K < End; ++K)
    Vals.push_back(B.CreateLoad(ContextTy->getElementType(K),
                                B.CreateStructGEP(ContextTy, Context, K)));
  return Vals;
}

Function *CheckpointPairBuilder::buildAdvance() {
  Function *F = makeThunk("advance", Type::getInt32Ty(Ctx));
  IRBuilder<> B(&F->getEntryBlock());
  SmallVector<Value *, 8> Args;
  for (unsigned Field : PrimalFields)
    Args.push_back(B.CreateLoad(ContextTy->getElementType(Field),
                                B.CreateStructGEP(ContextTy, F->getArg(0), Field)));
  CallInst *Again = B.CreateCall(Shape.Step, Args);
  // In the step's own convention (C, CheckpointOutlining.cpp): a call in
  // another is undefined, and InstCombine made the whole thunk `unreachable`
  // when the step inherited fastcc from a primal copy.
  Again->setCallingConv(Shape.Step->getCallingConv());
  B.CreateRet(B.CreateZExt(Again, B.getInt32Ty()));
  return F;
}

Function *CheckpointPairBuilder::buildRecord() {
  // Returns the bytes the step pushed: the driver decides from the first
  // step's whether the whole loop's tape fits a budget.
  Function *F = makeThunk("record", Type::getInt64Ty(Ctx));
  IRBuilder<> B(&F->getEntryBlock());
  SmallVector<Value *, 8> Args = loadFields(B, F->getArg(0), 0, NumSweepArgs + 1);
  Tape T(Args.back(), Cache.tapeScopes());
  Value *Before = T.top(B);
  B.CreateCall(StepPair.Augmented, Args);
  B.CreateRet(B.CreateSub(T.top(B), Before));
  return F;
}

Function *CheckpointPairBuilder::buildAdjoint() {
  Function *F = makeThunk("adjoint", Type::getVoidTy(Ctx));
  IRBuilder<> B(&F->getEntryBlock());
  Value *Context = F->getArg(0);
  Value *Sums = B.CreateCall(StepPair.Adjoint,
                             loadFields(B, Context, 0, NumSweepArgs + 1));
  for (unsigned K = 0; K < SumTypes.size(); ++K) {
    Value *P = B.CreateStructGEP(ContextTy, Context, NumSweepArgs + 1 + K);
    Value *Sum = addAdjointValues(B, B.CreateLoad(SumTypes[K], P),
                                  B.CreateExtractValue(Sums, K));
    B.CreateStore(Sum, P);
  }
  B.CreateRetVoid();
  return F;
}

std::pair<Value *, Value *> CheckpointPairBuilder::enter(IRBuilder<> &B,
                                                         Function &D) {
  Value *Context = B.CreateAlloca(ContextTy, nullptr, "ckpt.context");
  // D's arguments: L's leading ones, then S's part, then the tape.
  unsigned First = ParamOf[Shape.numLeadingArgs()];
  for (unsigned K = 0; K <= NumSweepArgs; ++K)
    B.CreateStore(D.getArg(First + K), B.CreateStructGEP(ContextTy, Context, K));
  for (unsigned K = 0; K < SumTypes.size(); ++K)
    B.CreateStore(Constant::getNullValue(SumTypes[K]),
                  B.CreateStructGEP(ContextTy, Context, NumSweepArgs + 1 + K));
  Type *Ptr = B.getPtrTy();
  auto *StepsTy = StructType::get(Ctx, {Ptr, Ptr, Ptr, Ptr});
  Value *Steps = B.CreateAlloca(StepsTy, nullptr, "ckpt.steps");
  Value *Fields[] = {Context, Advance, Record, Adjoint};
  for (unsigned K = 0; K < 4; ++K)
    B.CreateStore(Fields[K], B.CreateStructGEP(StepsTy, Steps, K));
  return {Context, Steps};
}

CheckpointPairBuilder::RegionLists
CheckpointPairBuilder::regions(IRBuilder<> &B, Function &D, bool Moving) {
  Type *Ptr = B.getPtrTy(), *I64 = B.getInt64Ty();
  auto *RegionTy = StructType::get(Ctx, {Ptr, I64});
  // {base + lo, hi - lo} for L's regions Indices.
  auto Array = [&](ArrayRef<unsigned> Indices) -> Value * {
    unsigned Count = Indices.size();
    Value *A = B.CreateAlloca(RegionTy, B.getInt64(std::max(Count, 1u)), "ckpt.regions");
    for (auto [R, Index] : enumerate(Indices)) {
      unsigned K = 1 + 3 * Index;
      Value *Lo = param(D, K + 1), *Hi = param(D, K + 2);
      Value *Slot = B.CreateGEP(RegionTy, A, B.getInt64(R));
      B.CreateStore(B.CreateGEP(B.getInt8Ty(), param(D, K), Lo),
                    B.CreateStructGEP(RegionTy, Slot, 0));
      B.CreateStore(B.CreateSub(Hi, Lo), B.CreateStructGEP(RegionTy, Slot, 1));
    }
    return A;
  };
  SmallVector<unsigned, 8> State, Inputs, Scratch;
  unsigned K = 0;
  for (; K < Shape.NumState; ++K)
    State.push_back(K);
  for (; K < Shape.NumState + Shape.NumInputs; ++K)
    Inputs.push_back(K);
  // In place (__eddy_ckpt_forward), scratch is stored like the state.
  for (; K < Shape.NumState + Shape.NumInputs + Shape.NumScratch; ++K)
    (Moving ? Scratch : State).push_back(K);
  return {Array(State),   B.getInt64(State.size()),  Array(Inputs),
          B.getInt64(Inputs.size()), Array(Scratch), B.getInt64(Scratch.size())};
}

/// The i32 operands of L's metadata \p Kind.
static SmallVector<int, 8> intsOf(const Function &L, StringRef Kind) {
  SmallVector<int, 8> Ints;
  if (MDNode *MD = L.getMetadata(Kind))
    for (const MDOperand &Op : MD->operands())
      Ints.push_back(mdconst::extract<ConstantInt>(Op)->getSExtValue());
  return Ints;
}

Value *CheckpointPairBuilder::groupTable(IRBuilder<> &B) {
  SmallVector<int, 8> Groups = intsOf(L, "eddy.checkpoint.groups");
  SmallVector<int, 8> Moves = intsOf(L, "eddy.checkpoint.moves");
  if (Groups.empty() || Moves.size() != Shape.Step->arg_size())
    return nullptr;
  NumGroups = 0;
  for (int G : Groups)
    NumGroups = std::max(NumGroups, G + 1);
  MovedGroup.assign(Moves.begin(), Moves.end());
  Type *I32 = B.getInt32Ty();
  auto *GroupsTy = ArrayType::get(I32, Groups.size());
  SmallVector<Constant *, 8> Elts;
  for (int G : Groups)
    Elts.push_back(ConstantInt::getSigned(I32, G));
  return new GlobalVariable(M, GroupsTy, /*isConstant=*/true,
                            GlobalValue::PrivateLinkage,
                            ConstantArray::get(GroupsTy, Elts), "eddy.ckpt.groups");
}

Value *CheckpointPairBuilder::movedArray(IRBuilder<> &B) {
  return B.CreateAlloca(B.getPtrTy(), B.getInt32(2 * std::max(NumGroups, 1)),
                        "ckpt.moved");
}

void CheckpointPairBuilder::movePointers(IRBuilder<> &B, Value *Moved,
                                         Value *Context) {
  // p' = to + (p - from): the pointer keeps its place in its group's span.
  Type *Ptr = B.getPtrTy(), *I64 = B.getInt64Ty();
  for (auto [K, G] : enumerate(MovedGroup)) {
    if (G < 0)
      continue;
    Value *Field = B.CreateStructGEP(ContextTy, Context, PrimalFields[K]);
    Value *P = B.CreateLoad(Ptr, Field);
    Value *From = B.CreateLoad(Ptr, B.CreateConstGEP1_32(Ptr, Moved, 2 * G));
    Value *To = B.CreateLoad(Ptr, B.CreateConstGEP1_32(Ptr, Moved, 2 * G + 1));
    Value *Offset =
        B.CreateSub(B.CreatePtrToInt(P, I64), B.CreatePtrToInt(From, I64));
    B.CreateStore(B.CreateGEP(B.getInt8Ty(), To, Offset), Field);
  }
}

Value *CheckpointPairBuilder::functionName(IRBuilder<> &B) {
  return B.CreateGlobalStringPtr(displayName(L), "eddy.ckpt.name");
}

bool CheckpointPairBuilder::run(Instruction *At) {
  DiagnosticSink &Diags = Cache.diags();
  StepSig.Args.assign(Sig.Args.begin() + Shape.numLeadingArgs(), Sig.Args.end());
  StepSig.Width = Sig.Width;
  unsigned Next = 0;
  for (auto [Arg, Active] : zip(L.args(), Sig.Args)) {
    ParamOf.push_back(Next);
    Next += 1 + (Active && Arg.getType()->isPointerTy() ? Sig.Width : 0);
    if (Active && !Arg.getType()->isPointerTy() &&
        Arg.getArgNo() < Shape.numLeadingArgs()) {
      Diags.error(At, "internal error: a checkpointed loop's bounds are active");
      return false;
    }
  }
  ParamOf.push_back(Next); // The tape.
  StepPair = Cache.getReverse(Shape.Step, StepSig, At, PairKind::Callee);
  if (!StepPair.Augmented)
    return false;
  layContext();
  Advance = buildAdvance();
  Record = buildRecord();
  Adjoint = buildAdjoint();

  Type *Ptr = PointerType::getUnqual(Ctx), *I64 = Type::getInt64Ty(Ctx);
  Type *I32 = Type::getInt32Ty(Ctx);
  FunctionCallee Forward = M.getOrInsertFunction(
      "__eddy_ckpt_forward",
      FunctionType::get(Ptr, {I32, I64, I64, Ptr, I64, Ptr, I64, Ptr, Ptr}, false));
  FunctionCallee Begin = M.getOrInsertFunction(
      "__eddy_ckpt_begin",
      FunctionType::get(
          Ptr, {I32, I64, I64, Ptr, I64, Ptr, I64, Ptr, I64, Ptr, I64, Ptr, Ptr},
          false));
  FunctionCallee Run = M.getOrInsertFunction(
      "__eddy_ckpt_run", FunctionType::get(Type::getVoidTy(Ctx), {Ptr, Ptr}, false));
  FunctionCallee MovedFn = M.getOrInsertFunction(
      "__eddy_ckpt_moved",
      FunctionType::get(Type::getVoidTy(Ctx),
                        {Ptr, Ptr, I64, Ptr, I64, Ptr, I64, Ptr, Ptr}, false));
  FunctionCallee Reverse = M.getOrInsertFunction(
      "__eddy_ckpt_reverse",
      FunctionType::get(Type::getVoidTy(Ctx), {Ptr, Ptr, I64, Ptr, I64, Ptr}, false));
  FunctionCallee ReverseMoved = M.getOrInsertFunction(
      "__eddy_ckpt_reverse_moved",
      FunctionType::get(Type::getVoidTy(Ctx),
                        {Ptr, Ptr, I64, Ptr, I64, Ptr, I64, Ptr}, false));

  // The augmented forward sweep: the whole loop, under the driver.
  {
    Function &D = *Out.Augmented;
    D.addFnAttr(CheckpointPairAttr);
    IRBuilder<> B(BasicBlock::Create(Ctx, "entry", &D));
    auto [Context, Steps] = enter(B, D);
    Value *Groups = groupTable(B);
    RegionLists R = regions(B, D, Groups);
    Value *H;
    if (Groups) {
      Value *Moved = movedArray(B);
      H = B.CreateCall(Begin, {B.getInt32(unsigned(Shape.Kind)),
                               B.getInt64(Shape.Param), param(D, 0), R.State,
                               R.NumState, R.Inputs, R.NumInputs, R.Scratch,
                               R.NumScratch, Groups, B.getInt64(NumGroups),
                               Moved, functionName(B)});
      movePointers(B, Moved, Context);
      B.CreateCall(Run, {H, Steps});
    } else {
      H = B.CreateCall(Forward, {B.getInt32(unsigned(Shape.Kind)),
                                 B.getInt64(Shape.Param), param(D, 0), R.State,
                                 R.NumState, R.Inputs, R.NumInputs, Steps,
                                 functionName(B)});
    }
    // push may split the block for its grow path: it wants a terminator.
    B.SetInsertPoint(B.CreateRetVoid());
    Tape(D.getArg(D.arg_size() - 1), Cache.tapeScopes()).push(B, {H});
  }
  // The adjoint sweep: every step's adjoint, last to first.
  {
    Function &D = *Out.Adjoint;
    D.addFnAttr(CheckpointPairAttr);
    IRBuilder<> B(BasicBlock::Create(Ctx, "entry", &D));
    Value *H = Tape(D.getArg(D.arg_size() - 1), Cache.tapeScopes()).pop(B, {Ptr})[0];
    auto [Context, Steps] = enter(B, D);
    // The regions again: this sweep's frame may not be the forward sweep's.
    Value *Groups = groupTable(B);
    RegionLists R = regions(B, D, Groups);
    if (Groups) {
      Value *Moved = movedArray(B);
      B.CreateCall(MovedFn, {H, R.State, R.NumState, R.Inputs, R.NumInputs,
                             R.Scratch, R.NumScratch, Groups, Moved});
      movePointers(B, Moved, Context);
      B.CreateCall(ReverseMoved, {H, R.State, R.NumState, R.Inputs, R.NumInputs,
                                  R.Scratch, R.NumScratch, Steps});
    } else {
      B.CreateCall(Reverse, {H, R.State, R.NumState, R.Inputs, R.NumInputs, Steps});
    }
    if (SumTypes.empty()) {
      B.CreateRetVoid();
    } else {
      Value *Ret = PoisonValue::get(D.getReturnType());
      SmallVector<Value *, 4> Sums =
          loadFields(B, Context, NumSweepArgs + 1, ContextTy->getNumElements());
      for (auto [K, V] : enumerate(Sums))
        Ret = B.CreateInsertValue(Ret, V, unsigned(K));
      B.CreateRet(Ret);
    }
  }
  return true;
}

} // namespace

std::optional<CheckpointLoopShape> CheckpointLoopShape::of(const Function &L) {
  CheckpointLoopShape Shape;
  SmallVector<StringRef, 4> Parts;
  L.getFnAttribute(CheckpointLoopAttr).getValueAsString().split(Parts, ',');
  int64_t Kind = 0;
  auto *MD = L.getMetadata("eddy.checkpoint.step");
  if (Parts.size() != 5 || Parts[0].getAsInteger(10, Kind) ||
      Parts[1].getAsInteger(10, Shape.Param) ||
      Parts[2].getAsInteger(10, Shape.NumState) ||
      Parts[3].getAsInteger(10, Shape.NumInputs) ||
      Parts[4].getAsInteger(10, Shape.NumScratch) || !MD)
    return std::nullopt;
  Shape.Kind = CheckpointKind(Kind);
  Shape.Step = mdconst::dyn_extract_or_null<Function>(MD->getOperand(0));
  if (!Shape.Step)
    return std::nullopt;
  return Shape;
}

bool buildCheckpointPair(DerivativeCache &Cache, Function &L,
                         const ActivitySignature &S, ReversePair Out,
                         PairKind Kind, Instruction *At) {
  DiagnosticSink &Diags = Cache.diags();
  if (Kind != PairKind::Callee) {
    Diags.error(At, "a checkpointed loop ('#pragma eddy checkpoint') in split "
                    "reverse mode (__enzyme_augmentfwd / __enzyme_reverse) is "
                    "not supported yet; remove the pragma, or ask for the "
                    "gradient in one call");
    return false;
  }
  std::optional<LoopShape> Shape = LoopShape::of(L);
  if (!Shape) {
    Diags.error(At, "internal error: malformed checkpointed loop function '" +
                        L.getName() + "'");
    return false;
  }
  return CheckpointPairBuilder(Cache, L, S, Out, *Shape).run(At);
}

} // namespace eddy
