//===- BatchLowering.cpp - Batch requests become calls of lane loops ------===//
//
// `__enzyme_batch(f, enzyme_width, N, args...)` becomes a call of
//   f.eddy.batch.wN.<sig>(lane arguments) -> [N x R]
// which calls f once per lane (each lane with its own return slot when f
// returns through memory). When f's body is visible and may be inlined, the
// N calls are inlined and the function is cleaned up like a derivative, so
// work that does not depend on the vector arguments and has no side effect
// (arithmetic on a scalar argument, a load of shared data with no store in
// between, libm under -fno-math-errno) is done once for all lanes. The lanes run in order, lane 0 first: a function that
// writes through a shared (scalar) pointer sees the lanes' writes in that
// order. The request's result is assembled from the lanes' results in the
// shape the entry point declares (a struct or array of N results, however
// the ABI passes it).
//===----------------------------------------------------------------------===//
#include "Eddy/Transform/BatchLowering.h"
#include "Eddy/Request/Batch.h"
#include "Eddy/Request/Request.h"
#include "Eddy/Support/Diagnostics.h"
#include "Eddy/Support/SanitizerAttributes.h"
#include "Eddy/Transform/DerivativeCache.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/Local.h"
#include <map>

using namespace llvm;

namespace eddy {
namespace {

/// The scalar members of \p T in memory order.
void collectLeaves(Type *T, SmallVectorImpl<Type *> &Out) {
  if (auto *ST = dyn_cast<StructType>(T)) {
    for (Type *E : ST->elements())
      collectLeaves(E, Out);
  } else if (auto *AT = dyn_cast<ArrayType>(T)) {
    for (uint64_t K = 0; K < AT->getNumElements(); ++K)
      collectLeaves(AT->getElementType(), Out);
  } else if (auto *VT = dyn_cast<FixedVectorType>(T)) {
    for (unsigned K = 0; K < VT->getNumElements(); ++K)
      Out.push_back(VT->getElementType());
  } else {
    Out.push_back(T);
  }
}

/// The scalar members of \p V, extracted in memory order.
void extractLeaves(IRBuilderBase &B, Value *V, SmallVectorImpl<Value *> &Out) {
  Type *T = V->getType();
  if (isa<StructType, ArrayType>(T)) {
    unsigned N = isa<StructType>(T) ? T->getStructNumElements()
                                    : T->getArrayNumElements();
    for (unsigned K = 0; K < N; ++K)
      extractLeaves(B, B.CreateExtractValue(V, K), Out);
  } else if (auto *VT = dyn_cast<FixedVectorType>(T)) {
    for (unsigned K = 0; K < VT->getNumElements(); ++K)
      Out.push_back(B.CreateExtractElement(V, K));
  } else {
    Out.push_back(V);
  }
}

/// \p T built from the next leaves of \p Rest (same leaf types).
Value *buildFromLeaves(IRBuilderBase &B, Type *T, ArrayRef<Value *> &Rest) {
  if (auto *VT = dyn_cast<FixedVectorType>(T)) {
    Value *Agg = PoisonValue::get(T);
    for (unsigned K = 0; K < VT->getNumElements(); ++K) {
      Agg = B.CreateInsertElement(Agg, Rest.front(), K);
      Rest = Rest.drop_front();
    }
    return Agg;
  }
  if (!isa<StructType, ArrayType>(T)) {
    Value *V = Rest.front();
    Rest = Rest.drop_front();
    return V;
  }
  Value *Agg = PoisonValue::get(T);
  unsigned N =
      isa<StructType>(T) ? T->getStructNumElements() : T->getArrayNumElements();
  for (unsigned K = 0; K < N; ++K) {
    Type *E = isa<StructType>(T) ? T->getStructElementType(K)
                                 : T->getArrayElementType();
    Agg = B.CreateInsertValue(Agg, buildFromLeaves(B, E, Rest), K);
  }
  return Agg;
}

/// Converts a variadic argument back to its parameter's type (C promotes
/// float to double and small integers to int).
Value *coerce(IRBuilderBase &B, Value *V, Type *To) {
  Type *From = V->getType();
  if (From == To || (From->isPointerTy() && To->isPointerTy()))
    return V;
  if (From->isFloatingPointTy() && To->isFloatingPointTy())
    return B.CreateFPCast(V, To);
  return B.CreateSExtOrTrunc(V, To);
}

/// What one lane of \p F returns: its return value, or what it writes
/// through its own sret parameter (null for void).
Type *laneResultType(const Function &F) {
  if (F.hasParamAttribute(0, Attribute::StructRet))
    return F.getParamStructRetType(0);
  Type *RT = F.getReturnType();
  return RT->isVoidTy() ? nullptr : RT;
}

/// Does \p F contain a batch request or call itself? Then its lane calls
/// stay calls: inlining would copy a request the lowering has already
/// collected, or unroll a recursion.
bool keepsLaneCalls(Function &F) {
  if (F.isDeclaration() || F.hasFnAttribute(Attribute::NoInline))
    return true;
  for (Instruction &I : instructions(F))
    if (auto *CB = dyn_cast<CallBase>(&I))
      if (isBatchRequest(*CB) ||
          CB->getCalledOperand()->stripPointerCasts() == &F)
        return true;
  return false;
}

class BatchLowering {
public:
  BatchLowering(Module &M, FunctionAnalysisManager &FAM,
                const EddyOptions &Opts, DiagnosticSink &Diags)
      : M(M), FAM(FAM), Opts(Opts), Diags(Diags) {}
  bool lower(BatchRequest &R);
  /// Was \p CB (an invoke) replaced by an invoke of the lanes?
  bool reinvoked(CallBase *CB) const { return Reinvoked.contains(CB); }

private:
  Function *lanesFunction(const BatchRequest &R);
  /// Gives the lanes' results to the request in its declared shape.
  bool deliver(const BatchRequest &R, IRBuilderBase &B, Value *Lanes);
  /// Where the request's result is built: before the request, or for an
  /// invoke (C++ at -O0) in a new block on its normal edge.
  CallBase *emitCall(CallBase &CB, Function *W, ArrayRef<Value *> Args,
                     IRBuilder<> &B);

  Module &M;
  FunctionAnalysisManager &FAM;
  const EddyOptions &Opts;
  DiagnosticSink &Diags;
  std::map<std::pair<Function *, std::string>, Function *> Generated;
  SmallPtrSet<CallBase *, 2> Reinvoked;
};

Function *BatchLowering::lanesFunction(const BatchRequest &R) {
  Function *F = R.Fn;
  bool OwnSRet = F->hasParamAttribute(0, Attribute::StructRet);
  std::string Sig = "w" + std::to_string(R.Width) + ".";
  for (const BatchArg &A : R.Args)
    Sig += A.Kind == BatchKind::Scalar ? 's' : 'v';
  if (Function *W = Generated[{F, Sig}])
    return W;

  SmallVector<Type *, 8> Params;
  for (auto [A, K] : zip(R.Args, seq<unsigned>(OwnSRet, F->arg_size())))
    Params.append(A.Kind == BatchKind::Scalar ? 1 : R.Width,
                  F->getArg(K)->getType());
  Type *Lane = laneResultType(*F);
  Type *RT =
      Lane ? ArrayType::get(Lane, R.Width) : Type::getVoidTy(M.getContext());
  Function *W = Function::Create(FunctionType::get(RT, Params, false),
                                 GlobalValue::InternalLinkage,
                                 F->getName() + ".eddy.batch." + Sig, M);
  if (F->doesNotThrow())
    W->addFnAttr(Attribute::NoUnwind);
  inheritSanitizerAttributes(*W, *F);
  Generated[{F, Sig}] = W;

  IRBuilder<> B(BasicBlock::Create(M.getContext(), "entry", W));
  SmallVector<AllocaInst *, 4> Slots; // Each lane's own return slot.
  for (unsigned L = 0; OwnSRet && L < R.Width; ++L)
    Slots.push_back(B.CreateAlloca(Lane, nullptr, "lane.ret"));
  SmallVector<CallInst *, 8> Calls;
  Value *Result = Lane ? PoisonValue::get(RT) : nullptr;
  for (unsigned L = 0; L < R.Width; ++L) {
    SmallVector<Value *, 8> Args;
    if (OwnSRet)
      Args.push_back(Slots[L]);
    unsigned Param = 0;
    for (const BatchArg &A : R.Args) {
      bool Shared = A.Kind == BatchKind::Scalar;
      Args.push_back(W->getArg(Param + (Shared ? 0 : L)));
      Param += Shared ? 1 : R.Width;
    }
    CallInst *C = B.CreateCall(F->getFunctionType(), F, Args);
    C->setCallingConv(F->getCallingConv());
    C->setAttributes(F->getAttributes());
    Calls.push_back(C);
    if (Lane)
      Result = B.CreateInsertValue(
          Result, OwnSRet ? B.CreateLoad(Lane, Slots[L]) : (Value *)C, L);
  }
  if (Lane)
    B.CreateRet(Result);
  else
    B.CreateRetVoid();
  if (!keepsLaneCalls(*F)) {
    for (CallInst *C : Calls) {
      InlineFunctionInfo IFI;
      InlineFunction(*C, IFI);
    }
    if (Opts.CleanupGenerated)
      optimizeGenerated(*W, FAM,
                        Opts.QuickCleanup ? CleanupKind::Quick : CleanupKind::Full);
  }
  return W;
}

bool BatchLowering::deliver(const BatchRequest &R, IRBuilderBase &B,
                            Value *Lanes) {
  CallBase &CB = *R.Call;
  Type *RT = R.SRet ? CB.getParamStructRetType(0) : CB.getType();
  if (RT->isVoidTy() || (!R.SRet && CB.use_empty()))
    return true;
  std::string FnName = displayName(*R.Fn);
  if (!Lanes) {
    Diags.error(&CB,
                "'" + FnName +
                    "' returns void, so this batch request "
                    "has no result; declare the entry point void (results "
                    "written through vector pointer arguments stay there)");
    return false;
  }
  SmallVector<Type *, 8> Want, Lane;
  collectLeaves(RT, Want);
  collectLeaves(laneResultType(*R.Fn), Lane);
  bool Fits = Want.size() == Lane.size() * R.Width;
  for (unsigned K = 0; Fits && K < Want.size(); ++K)
    Fits = Want[K] == Lane[K % Lane.size()] ||
           (Want[K]->isPointerTy() && Lane[K % Lane.size()]->isPointerTy());
  if (!Fits) {
    Diags.error(&CB, "the batch request's return type does not match '" +
                         FnName + "': it must hold " + Twine(R.Width) +
                         " results of '" + FnName +
                         "', one per lane, in "
                         "order (e.g. a struct of " +
                         Twine(R.Width) + " members of its return type)");
    return false;
  }
  SmallVector<Value *, 16> Leaves;
  extractLeaves(B, Lanes, Leaves);
  ArrayRef<Value *> Rest = Leaves;
  Value *Result = buildFromLeaves(B, RT, Rest);
  if (R.SRet)
    B.CreateStore(Result, R.SRet);
  else
    CB.replaceAllUsesWith(Result);
  return true;
}

CallBase *BatchLowering::emitCall(CallBase &CB, Function *W,
                                  ArrayRef<Value *> Args, IRBuilder<> &B) {
  auto *II = dyn_cast<InvokeInst>(&CB);
  if (!II || W->doesNotThrow())
    return B.CreateCall(W, Args); // The invoke's block is fixed up later.
  // The lanes may throw: invoke them with the request's handler, and build
  // the result on a new block of the normal edge.
  BasicBlock *Normal = II->getNormalDest();
  BasicBlock *Cont = BasicBlock::Create(M.getContext(), "batch.cont",
                                        II->getFunction(), Normal);
  BranchInst::Create(Normal, Cont);
  Normal->replacePhiUsesWith(II->getParent(), Cont);
  InvokeInst *Inv = B.CreateInvoke(W, Cont, II->getUnwindDest(), Args);
  Reinvoked.insert(II);
  B.SetInsertPoint(Cont->getTerminator());
  return Inv;
}

bool BatchLowering::lower(BatchRequest &R) {
  Function *W = lanesFunction(R);
  CallBase &CB = *R.Call;
  IRBuilder<> B(&CB);
  SmallVector<Value *, 8> Args;
  unsigned Param = R.Fn->hasParamAttribute(0, Attribute::StructRet);
  for (const BatchArg &A : R.Args) {
    Type *PT = R.Fn->getArg(Param++)->getType();
    if (A.Kind == BatchKind::Buffer) {
      for (unsigned L = 0; L < R.Width; ++L)
        Args.push_back(B.CreateGEP(
            B.getInt8Ty(), A.Values[0],
            B.CreateMul(A.Stride, ConstantInt::get(A.Stride->getType(), L))));
      continue;
    }
    for (Value *V : A.Values)
      Args.push_back(coerce(B, V, PT));
  }
  CallBase *C = emitCall(CB, W, Args, B);
  C->setDebugLoc(CB.getDebugLoc());
  return deliver(R, B, W->getReturnType()->isVoidTy() ? nullptr : C);
}

} // namespace

bool lowerBatchRequests(Module &M, FunctionAnalysisManager &FAM,
                        const EddyOptions &Opts, DiagnosticSink &Diags) {
  SmallVector<CallBase *, 4> Calls;
  for (Function &F : M)
    for (Instruction &I : instructions(F))
      if (auto *CB = dyn_cast<CallBase>(&I); CB && isBatchRequest(*CB))
        Calls.push_back(CB);
  if (Calls.empty())
    return false;
  BatchLowering Lowering(M, FAM, Opts, Diags);
  SmallPtrSet<Function *, 2> Entries;
  for (CallBase *CB : Calls) {
    Entries.insert(cast<Function>(CB->getCalledOperand()->stripPointerCasts()));
    if (std::optional<BatchRequest> R = parseBatchRequest(*CB, Diags))
      Lowering.lower(*R);
    if (!CB->use_empty())
      CB->replaceAllUsesWith(PoisonValue::get(CB->getType()));
    if (auto *II = dyn_cast<InvokeInst>(CB); II && !Lowering.reinvoked(II)) {
      // C++ at -O0 invokes the entry point; the lanes' call cannot throw.
      II->getUnwindDest()->removePredecessor(II->getParent());
      BranchInst::Create(II->getNormalDest(), II->getIterator());
    }
    // The markers are loads of globals nothing defines (see RequestLowering).
    SmallVector<WeakTrackingVH, 8> Args(CB->arg_begin(), CB->arg_end());
    CB->eraseFromParent();
    RecursivelyDeleteTriviallyDeadInstructionsPermissive(Args);
  }
  for (Function *E : Entries)
    if (E->use_empty())
      E->eraseFromParent();
  return true;
}

} // namespace eddy
