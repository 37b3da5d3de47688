//===- SplitLowering.cpp - Split reverse mode's requests ------------------===//
//
//   __enzyme_augmentfwd(f, args...)  -> tape = new split tape (SplitTape.h);
//                                       f.eddy.aug.<sig>.split(args, tape);
//                                       returns the handle and f's value
//   __enzyme_reverse(f, args..., [dret], tape)
//                                    -> check and rewind the tape;
//                                       f.eddy.rev.<sig>.split(args, dret,
//                                       tape); release it (unless
//                                       enzyme_nofree); returns the adjoints
//   __enzyme_augmentsize(f, ...)     -> the handle's size in bytes
//   __eddy_tape_free(tape)           -> release without a backward call
//
// The split pair (PairKind::Split) tapes everything its adjoint needs (it
// never re-reads memory the caller may change in between), owns the shadows
// its forward sweep allocates, and keeps no state outside the tape object, so
// a tape may cross threads. With `enzyme_tape, p` the handle is stored at /
// read from p (unaligned: Enzyme's examples pass char buffers); with
// `enzyme_allocated, N` too, p's N bytes must hold the handle.
//===----------------------------------------------------------------------===//
#include "RequestLowering.h"
#include "Eddy/Support/Diagnostics.h"
#include "Eddy/Support/OutOfMemory.h"
#include "Eddy/Transform/SplitTape.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace eddy {

static const char *splitEntry(const DiffRequest &R) {
  return R.Split.Part == SplitPart::Augment ? "__enzyme_augmentfwd"
                                            : "__enzyme_reverse";
}

ReversePair RequestLowering::splitPair(DiffRequest &R,
                                       const ActivitySignature &S) {
  Type *RT = R.Fn->getReturnType();
  if (!RT->isVoidTy() && !RT->isFloatingPointTy() && !RT->isIntegerTy()) {
    Diags.error(R.Call, Twine(splitEntry(R)) + " cannot differentiate '" +
                            displayName(*R.Fn) + "', which returns " +
                            (RT->isPointerTy() ? "a pointer" : "an aggregate") +
                            ": split mode takes functions returning void, a "
                            "floating-point scalar or an integer; return the "
                            "result through a pointer parameter instead");
    return {};
  }
  ReversePair Pair = Cache.getReverse(R.Fn, S, R.Call, PairKind::Split);
  if (!Pair.Adjoint || Diags.hadError())
    return {};
  return Pair;
}

Value *RequestLowering::splitKey(Function *F, const ActivitySignature &S) {
  Value *&Key = SplitKeys[{F, S}];
  if (!Key) {
    // Not unnamed_addr: each key must keep an address of its own.
    Type *I8 = Type::getInt8Ty(F->getContext());
    Key = new GlobalVariable(*F->getParent(), I8, /*isConstant=*/true,
                             GlobalValue::InternalLinkage,
                             ConstantInt::get(I8, 0),
                             F->getName() + ".eddy.split.key." + S.str());
  }
  return Key;
}

bool RequestLowering::checkAllocated(DiffRequest &R) {
  if (!R.Split.AllocatedBytes || *R.Split.AllocatedBytes >= SplitTape::HandleBytes)
    return true;
  Diags.error(R.Call, Twine(splitEntry(R)) + ": the tape of '" +
                          displayName(*R.Fn) + "' does not fit the storage "
                          "enzyme_allocated gives: need " +
                          Twine(SplitTape::HandleBytes) + " bytes have " +
                          Twine(*R.Split.AllocatedBytes) +
                          " bytes; size it with __enzyme_augmentsize");
  return false;
}

Value *RequestLowering::tapeHandle(DiffRequest &R, IRBuilderBase &B) {
  if (R.Split.TapeAddress)
    return B.CreateAlignedLoad(B.getPtrTy(), R.Split.TapeAddress, Align(1),
                               "eddy.split.tape");
  return R.Split.TapeValue;
}

/// The scalars of \p T in memory order (null if one is neither a pointer, an
/// integer nor a floating-point scalar).
static bool flattenLeaves(Type *T, SmallVectorImpl<Type *> &Out) {
  if (T->isPointerTy() || T->isIntegerTy() || T->isFloatingPointTy()) {
    Out.push_back(T);
    return true;
  }
  if (auto *ST = dyn_cast<StructType>(T)) {
    for (Type *E : ST->elements())
      if (!flattenLeaves(E, Out))
        return false;
    return true;
  }
  if (auto *AT = dyn_cast<ArrayType>(T)) {
    for (uint64_t K = 0; K < AT->getNumElements(); ++K)
      if (!flattenLeaves(AT->getElementType(), Out))
        return false;
    return true;
  }
  return false;
}

static Value *fillAggregate(IRBuilderBase &B, Type *T,
                            ArrayRef<Value *> &Rest) {
  if (!isa<StructType>(T) && !isa<ArrayType>(T)) {
    Value *V = Rest.front();
    Rest = Rest.drop_front();
    if (V->getType() == T)
      return V;
    if (T->isFloatingPointTy())
      return B.CreateFPCast(V, T);
    return B.CreateSExtOrTrunc(V, T);
  }
  Value *Agg = PoisonValue::get(T);
  unsigned N = isa<ArrayType>(T) ? T->getArrayNumElements()
                                 : T->getStructNumElements();
  for (unsigned K = 0; K < N; ++K) {
    Type *E = isa<ArrayType>(T) ? T->getArrayElementType()
                                : T->getStructElementType(K);
    Agg = B.CreateInsertValue(Agg, fillAggregate(B, E, Rest), K);
  }
  return Agg;
}

bool RequestLowering::lowerAugment(DiffRequest &R) {
  ActivitySignature S = requestSignature(R);
  ReversePair Pair = splitPair(R, S);
  if (!Pair.Augmented || !checkAllocated(R))
    return false;
  CallBase &CB = *R.Call;
  IRBuilder<> B(&CB);
  Value *T = SplitTape::create(B, splitKey(R.Fn, S),
                               functionNameString(*R.Fn->getParent(), *R.Fn));
  SmallVector<Value *, 8> Args = callArguments(R, B);
  Value *Fingerprint = SplitTape::fingerprint(B, Args);
  Args.push_back(T);
  CallInst *Aug = B.CreateCall(Pair.Augmented, Args);
  Aug->setDebugLoc(CB.getDebugLoc());
  SplitTape::seal(B, T, Fingerprint);
  SmallVector<Value *, 2> Results;
  if (R.Split.TapeAddress)
    B.CreateAlignedStore(T, R.Split.TapeAddress, Align(1));
  else
    Results.push_back(T);
  Type *FnRT = R.Fn->getReturnType();
  if (!FnRT->isVoidTy())
    Results.push_back(Aug);

  // The declared result: the handle and f's value, as many as are returned.
  Type *RT = R.SRet ? CB.getParamStructRetType(0) : CB.getType();
  std::string FnName = displayName(*R.Fn);
  std::string Want =
      R.Split.TapeAddress
          ? (FnRT->isVoidTy() ? "nothing (void)" : "the value of '" + FnName + "'")
          : (FnRT->isVoidTy() ? "the tape handle (void *)"
                              : "the tape handle and the value of '" + FnName +
                                    "' (a struct { void *tape; value; })");
  // A void entry point may drop f's value, never the handle.
  SmallVector<Type *, 4> Leaves;
  bool Fits = RT->isVoidTy() || Results.empty() ||
              (flattenLeaves(RT, Leaves) && Leaves.size() == Results.size());
  if (RT->isVoidTy() && !R.Split.TapeAddress) {
    Diags.error(&CB, "__enzyme_augmentfwd for '" + FnName + "' is declared to "
                     "return void, which loses the tape: declare it to return " +
                     Want + ", or pass enzyme_tape and the address to store "
                     "the tape at");
    return false;
  }
  for (unsigned K = 0; Fits && K < Leaves.size(); ++K) {
    Type *Have = Results[K]->getType();
    Fits = Have->isPointerTy() ? Leaves[K]->isPointerTy()
           : Have->isFloatingPointTy() ? Leaves[K]->isFloatingPointTy()
                                       : Leaves[K]->isIntegerTy();
  }
  if (!Fits) {
    Diags.error(&CB, "__enzyme_augmentfwd for '" + FnName + "' returns " +
                         Want + "; declare the entry point's return type so");
    return false;
  }
  if (RT->isVoidTy())
    return true;
  if (Results.empty()) { // eddy.h's `void *` entry point, for a void f.
    CB.replaceAllUsesWith(Constant::getNullValue(RT));
    return true;
  }
  ArrayRef<Value *> Rest = Results;
  Value *V = fillAggregate(B, RT, Rest);
  if (R.SRet)
    B.CreateStore(V, R.SRet);
  else
    CB.replaceAllUsesWith(V);
  return true;
}

bool RequestLowering::lowerBackward(DiffRequest &R) {
  ActivitySignature S = requestSignature(R);
  ReversePair Pair = splitPair(R, S);
  if (!Pair.Adjoint || !checkAllocated(R))
    return false;
  IRBuilder<> B(R.Call);
  Value *T = tapeHandle(R, B);
  SmallVector<Value *, 8> Args = callArguments(R, B);
  SplitTape::rewind(B, T, splitKey(R.Fn, S), SplitTape::fingerprint(B, Args));
  if (S.Return) {
    Type *RT = R.Fn->getReturnType();
    Value *D = R.Split.ReturnAdjoint ? coerce(B, R.Split.ReturnAdjoint, RT)
                                     : ConstantFP::get(RT, 1.0);
    Args.push_back(D);
  }
  Args.push_back(T);
  CallInst *Rev = B.CreateCall(Pair.Adjoint, Args);
  Rev->setDebugLoc(R.Call->getDebugLoc());
  if (!R.Split.NoFree)
    SplitTape::release(B, T);
  SmallVector<Value *, 4> Results;
  if (auto *ST = dyn_cast<StructType>(Rev->getType()))
    for (unsigned K = 0; K < ST->getNumElements(); ++K)
      Results.push_back(B.CreateExtractValue(Rev, K));
  return deliver(R, B, Results, "active scalar argument(s)");
}

bool RequestLowering::lowerAugmentSize(DiffRequest &R) {
  CallBase &CB = *R.Call;
  if (!CB.getType()->isIntegerTy()) {
    Diags.error(&CB, "__enzyme_augmentsize returns the tape's size in bytes: "
                     "declare it to return an integer (size_t)");
    return false;
  }
  CB.replaceAllUsesWith(ConstantInt::get(CB.getType(), SplitTape::HandleBytes));
  return true;
}

void RequestLowering::lowerTapeFree(CallBase &CB) {
  if (CB.arg_size() != 1 || !CB.getArgOperand(0)->getType()->isPointerTy()) {
    Diags.error(&CB, "__eddy_tape_free takes one argument: the tape handle "
                     "__enzyme_augmentfwd returned");
    return;
  }
  IRBuilder<> B(&CB);
  SplitTape::release(B, CB.getArgOperand(0));
}

} // namespace eddy
