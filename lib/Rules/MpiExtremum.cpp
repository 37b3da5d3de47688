//===- MpiExtremum.cpp - Rules of MPI_MAX/MPI_MIN reductions --------------===//
//
// The maximum (minimum) of the ranks' values is one rank's value: its
// derivative is that rank's, and every other rank's input gets none. Which
// rank wins element i is found at the call: every rank reduces the values
// itself (MPI_Allreduce with the call's operation, so MPI_Reduce's result is
// known everywhere), and the lowest rank whose input equals the extremum
// wins (MPI_Allreduce of the candidates' ranks with MPI_MIN) -- ties go to
// the lowest rank, one subgradient among the valid ones; a NaN result has no
// winner and passes no derivative.
//
//  forward:  ṙ = Σ (the winner's ṡ, 0 elsewhere)      (Allreduce / Reduce)
//  reverse:  t = Σ r̄ over the result's copies (Allreduce: MPI_SUM of r̄;
//            Reduce: the root's r̄, broadcast); r̄ = 0 (at the root, for
//            Reduce); the winner's s̄ += t
//
// The winners cross from the augmented forward to the reverse on the tape
// (Enzyme's rule shape, as for the non-blocking calls). MPI_IN_PLACE would
// overwrite the inputs the winners are found from, so it is refused
// (MpiCalls.cpp; at run time when the buffer is not a constant).
//
//===----------------------------------------------------------------------===//
#include "MpiRuleBuilder.h"

using namespace llvm;

namespace eddy {

/// The winning rank of each of \p Count elements of \p In under \p Op, as an
/// int array the caller frees.
Value *MpiRuleBuilder::winners(Value *In, Value *Count, Value *Type, Value *Op,
                               Value *Comm) {
  Value *E = scratch(Count);
  B.CreateCall(
      mpi("MPI_Allreduce", {ptr(), ptr(), i32(), Handle, Handle, Handle}),
      {In, E, Count, Type, Op, Comm});
  Value *Rank = rank(Comm);
  FunctionCallee Calloc =
      M.getOrInsertFunction("calloc", ptr(), B.getInt64Ty(), B.getInt64Ty());
  Value *W = B.CreateCall(Calloc,
                          {B.CreateSExt(Count, B.getInt64Ty()), B.getInt64(4)});
  forEach(Count, [&](Value *I) {
    Value *Mine =
        B.CreateLoad(B.getDoubleTy(), B.CreateGEP(B.getDoubleTy(), In, I));
    Value *Best =
        B.CreateLoad(B.getDoubleTy(), B.CreateGEP(B.getDoubleTy(), E, I));
    B.CreateStore(B.CreateSelect(B.CreateFCmpOEQ(Mine, Best), Rank,
                                 B.getInt32(INT32_MAX)),
                  B.CreateGEP(i32(), W, I));
  });
  B.CreateCall(
      mpi("MPI_Allreduce", {ptr(), ptr(), i32(), Handle, Handle, Handle}),
      {inPlace(), W, Count, intType(), minOp(), Comm});
  return W;
}

/// Dst[i] += Src[i] where this rank won element i (non-null Dst).
void MpiRuleBuilder::addAtWinners(Value *Dst, Value *Src, Value *W,
                                  Value *Count, Value *Comm) {
  Value *Rank = rank(Comm);
  ifThen(nonNull(Dst), [&] {
    forEach(Count, [&](Value *I) {
      Value *Won =
          B.CreateICmpEQ(B.CreateLoad(i32(), B.CreateGEP(i32(), W, I)), Rank);
      ifThen(Won, [&] {
        Value *DP = B.CreateGEP(B.getDoubleTy(), Dst, I);
        Value *SP = B.CreateGEP(B.getDoubleTy(), Src, I);
        B.CreateStore(B.CreateFAdd(B.CreateLoad(B.getDoubleTy(), DP),
                                   B.CreateLoad(B.getDoubleTy(), SP)),
                      DP);
      });
    });
  });
}

// MPI_Allreduce(s, r, n, type, op, comm)
// MPI_Reduce(s, r, n, type, op, root, comm)
static bool isReduce(StringRef Name) { return Name == "MPI_Reduce"; }

void MpiRuleBuilder::buildExtremumTangent() {
  bool Reduce = isReduce(Sig.Name);
  Value *Comm = arg(Reduce ? 6 : 5);
  refuseInPlaceReduction(arg(0));
  Value *W = winners(arg(0), arg(2), arg(3), arg(4), Comm);
  // The winner's tangents, zeros elsewhere, summed.
  Value *C = scratch(arg(2));
  addAtWinners(C, orScratch(shadow(0), arg(2)), W, arg(2), Comm);
  Value *R = orScratch(shadow(1), arg(2));
  if (Reduce)
    B.CreateCall(F.getFunctionType(), &F,
                 {C, R, arg(2), arg(3), sum(), arg(5), Comm});
  else
    B.CreateCall(F.getFunctionType(), &F, {C, R, arg(2), arg(3), sum(), Comm});
  B.CreateCall(M.getOrInsertFunction("free", B.getVoidTy(), ptr()), {W});
  finish();
}

void MpiRuleBuilder::buildExtremumAugmented() {
  bool Reduce = isReduce(Sig.Name);
  Value *Comm = arg(Reduce ? 6 : 5);
  refuseInPlaceReduction(arg(0));
  Value *Result =
      B.CreateCall(F.getFunctionType(), &F,
                   SmallVector<Value *, 8>(Primals.begin(), Primals.end()));
  Value *W = winners(arg(0), arg(2), arg(3), arg(4), Comm);
  FunctionCallee Free = M.getOrInsertFunction("free", B.getVoidTy(), ptr());
  for (Value *P : Scratch)
    B.CreateCall(Free, {P});
  Value *Ret = PoisonValue::get(Rule.getReturnType());
  Ret = B.CreateInsertValue(Ret, W, 0);
  Ret = B.CreateInsertValue(Ret, Result, 1);
  B.CreateRet(Ret);
}

void MpiRuleBuilder::buildExtremumReverse() {
  bool Reduce = isReduce(Sig.Name);
  Value *Comm = arg(Reduce ? 6 : 5);
  Value *W = Rule.getArg(Rule.arg_size() - 1);
  Value *T = scratch(arg(2));
  if (Reduce) {
    Value *Root = arg(5);
    Value *IsRoot = B.CreateICmpEQ(rank(Comm), Root);
    ifThen(B.CreateAnd(IsRoot, nonNull(shadow(1))),
           [&] { B.CreateMemCpy(T, {}, shadow(1), {}, bytes(arg(2))); });
    B.CreateCall(mpi("MPI_Bcast", {ptr(), i32(), Handle, i32(), Handle}),
                 {T, arg(2), arg(3), Root, Comm});
    zero(shadow(1), arg(2), IsRoot);
  } else {
    B.CreateCall(
        F.getFunctionType(), &F,
        {orScratch(shadow(1), arg(2)), T, arg(2), arg(3), sum(), Comm});
    zero(shadow(1), arg(2));
  }
  addAtWinners(shadow(0), T, W, arg(2), Comm);
  Scratch.push_back(W); // Freed with the scratch.
  finish();
}

} // namespace eddy
