//===- MpiRules.cpp - Tangent and adjoint rules of MPI calls, as IR -------===//
//
// For each supported MPI function, two internal functions with the
// signatures of user rules (CallClassifier.h: each pointer parameter followed
// by its shadow): `eddy.mpi.<name>.tangent`, which forward mode calls after
// the primal call (once per lane), and `eddy.mpi.<name>.adjoint`, which the
// adjoint sweep calls where the call is reversed. They communicate over the
// call's own communicator, ranks and tags; the handles are passed through
// untouched, so the rules are the MPI standard's C interface, not any
// implementation's internals. Buffers hold MPI_DOUBLE (MpiCalls.cpp refuses
// anything else). Scratch comes from calloc, so a null shadow (a buffer that
// carries no derivative) sends zeros and receives into memory that is freed.
//
// The adjoints, per call (x̄ the shadow of x):
//   Send(b, dest, tag)       Recv(t, dest, tag); b̄ += t
//   Recv(b, src, tag)        Send(b̄, src, tag); b̄ = 0
//                            (from MPI_PROC_NULL: b was not written, b̄ stays)
//   Sendrecv(s → dest, r ← src)
//                            Sendrecv(r̄ → src, t ← dest); r̄ = 0; s̄ += t
//   Allreduce(s, r, SUM)     t = Allreduce(r̄, SUM); r̄ = 0; s̄ += t
//                            (in place: r̄ = t)
//   Reduce(s, r, SUM, root)  t = Bcast(r̄ at root); r̄ = 0 at root; s̄ += t
//                            (in place at the root: r̄ = t there)
//   Bcast(b, root)           t = Reduce(b̄, SUM, root); b̄ = 0; b̄ += t at root
//   Gather(s, r, root)       t = Scatter(r̄ from root); r̄ = 0 at root; s̄ += t
//   Scatter(s, r, root)      t = Gather(r̄ to root); r̄ = 0; s̄ += t at root
//   Allgather(s, r)          t = Reduce_scatter_block(r̄, SUM); r̄ = 0; s̄ += t
//   (no MPI_IN_PLACE for these three: stopped at run time, refused when
//   constant)
//
//===----------------------------------------------------------------------===//
#include "Eddy/Rules/MpiRules.h"
#include "Eddy/Analysis/Registrations.h"
#include "MpiRuleBuilder.h"

using namespace llvm;

namespace eddy {

//===-- Forward mode: the same communication, of the tangents ------------===//

// MPI_Send(buf, count, type, dest, tag, comm)
void MpiRuleBuilder::sendTangent() {
  Value *S = orScratch(shadow(0), arg(1));
  B.CreateCall(F.getFunctionType(), &F,
               {S, arg(1), arg(2), arg(3), arg(4), arg(5)});
}

// MPI_Recv(buf, count, type, source, tag, comm, status)
void MpiRuleBuilder::recvTangent() {
  refuseWildcards(arg(3), arg(4));
  Value *R = orScratch(shadow(0), arg(1));
  B.CreateCall(F.getFunctionType(), &F,
               {R, arg(1), arg(2), arg(3), arg(4), arg(5), statusIgnore()});
}

// MPI_Sendrecv(sbuf, scount, stype, dest, stag,
//              rbuf, rcount, rtype, source, rtag, comm, status)
void MpiRuleBuilder::sendrecvTangent() {
  refuseWildcards(arg(8), arg(9));
  Value *S = orScratch(shadow(0), arg(1));
  Value *R = orScratch(shadow(5), arg(6));
  B.CreateCall(F.getFunctionType(), &F,
               {S, arg(1), arg(2), arg(3), arg(4), R, arg(6), arg(7), arg(8),
                arg(9), arg(10), statusIgnore()});
}

// MPI_Allreduce(sbuf, rbuf, count, type, op, comm): the tangent of a sum is
// the sum of the tangents.
void MpiRuleBuilder::allreduceTangent() {
  Value *InPlace = B.CreateICmpEQ(arg(0), inPlace());
  Value *S = B.CreateSelect(InPlace, inPlace(), orScratch(shadow(0), arg(2)));
  Value *R = orScratch(shadow(1), arg(2));
  B.CreateCall(F.getFunctionType(), &F, {S, R, arg(2), arg(3), arg(4), arg(5)});
}

// MPI_Reduce(sbuf, rbuf, count, type, op, root, comm)
void MpiRuleBuilder::reduceTangent() {
  Value *InPlace = B.CreateICmpEQ(arg(0), inPlace());
  Value *S = B.CreateSelect(InPlace, inPlace(), orScratch(shadow(0), arg(2)));
  Value *R = orScratch(shadow(1), arg(2));
  B.CreateCall(F.getFunctionType(), &F,
               {S, R, arg(2), arg(3), arg(4), arg(5), arg(6)});
}

// MPI_Bcast(buf, count, type, root, comm)
void MpiRuleBuilder::bcastTangent() {
  Value *Buf = orScratch(shadow(0), arg(1));
  B.CreateCall(F.getFunctionType(), &F, {Buf, arg(1), arg(2), arg(3), arg(4)});
}

//===-- Reverse mode: the communication reversed --------------------------===//

void MpiRuleBuilder::sendAdjoint() {
  Value *T = scratch(arg(1));
  B.CreateCall(
      mpi("MPI_Recv", {ptr(), i32(), Handle, i32(), i32(), Handle, ptr()}),
      {T, arg(1), arg(2), arg(3), arg(4), arg(5), statusIgnore()});
  addInto(shadow(0), T, arg(1));
}

void MpiRuleBuilder::recvAdjoint() {
  refuseWildcards(arg(3), arg(4));
  Value *S = orScratch(shadow(0), arg(1));
  B.CreateCall(mpi("MPI_Send", {ptr(), i32(), Handle, i32(), i32(), Handle}),
               {S, arg(1), arg(2), arg(3), arg(4), arg(5)});
  zero(shadow(0), arg(1), isRealSource(arg(3)));
}

void MpiRuleBuilder::sendrecvAdjoint() {
  refuseWildcards(arg(8), arg(9));
  Value *S = orScratch(shadow(5), arg(6));
  Value *T = scratch(arg(1));
  // The receive's adjoint goes back to its source with its tag; the send's
  // comes from its destination with its tag.
  B.CreateCall(F.getFunctionType(), &F,
               {S, arg(6), arg(7), arg(8), arg(9), T, arg(1), arg(2), arg(3),
                arg(4), arg(10), statusIgnore()});
  zero(shadow(5), arg(6), isRealSource(arg(8)));
  addInto(shadow(0), T, arg(1));
}

void MpiRuleBuilder::allreduceAdjoint() {
  Value *InPlace = B.CreateICmpEQ(arg(0), inPlace());
  Value *In = orScratch(shadow(1), arg(2));
  Value *T = scratch(arg(2));
  B.CreateCall(F.getFunctionType(), &F, {In, T, arg(2), arg(3), sum(), arg(5)});
  zero(shadow(1), arg(2));
  // In place, the buffer was both the input and the result.
  addInto(B.CreateSelect(InPlace, shadow(1), shadow(0)), T, arg(2));
}

void MpiRuleBuilder::reduceAdjoint() {
  Value *Root = arg(5), *Comm = arg(6);
  Value *IsRoot = B.CreateICmpEQ(rank(Comm), Root);
  Value *InPlace = B.CreateICmpEQ(arg(0), inPlace());
  Value *T = scratch(arg(2));
  // The result exists at the root only; elsewhere its buffer is not written.
  ifThen(B.CreateAnd(IsRoot, nonNull(shadow(1))),
         [&] { B.CreateMemCpy(T, {}, shadow(1), {}, bytes(arg(2))); });
  B.CreateCall(mpi("MPI_Bcast", {ptr(), i32(), Handle, i32(), Handle}),
               {T, arg(2), arg(3), Root, Comm});
  zero(shadow(1), arg(2), IsRoot);
  addInto(B.CreateSelect(InPlace, shadow(1), shadow(0)), T, arg(2));
}

void MpiRuleBuilder::bcastAdjoint() {
  Value *Root = arg(3), *Comm = arg(4);
  Value *IsRoot = B.CreateICmpEQ(rank(Comm), Root);
  Value *S = orScratch(shadow(0), arg(1));
  Value *T = scratch(arg(1));
  B.CreateCall(
      mpi("MPI_Reduce", {ptr(), ptr(), i32(), Handle, Handle, i32(), Handle}),
      {S, T, arg(1), arg(2), sum(), Root, Comm});
  zero(shadow(0), arg(1));
  addInto(
      B.CreateSelect(IsRoot, shadow(0), ConstantPointerNull::get(B.getPtrTy())),
      T, arg(1));
}

// Gather(s, sn, stype, r, rn, rtype, root, comm): the root's r holds every
// rank's s, rank k's at k*rn. Scatter(s, sn, stype, r, rn, rtype, root,
// comm): rank k's r gets the root's s at k*sn. Allgather(s, sn, stype, r, rn,
// rtype, comm): everyone's r holds every rank's s.
void MpiRuleBuilder::refuseInPlace(Value *Buf) {
  ifThen(B.CreateICmpEQ(Buf, inPlace()), [&] {
    stop("with MPI_IN_PLACE is not supported; gather into a separate buffer");
  });
}

void MpiRuleBuilder::gatherTangent() {
  refuseInPlace(arg(0));
  Value *All = B.CreateMul(arg(4), commSize(arg(7)));
  Value *S = orScratch(shadow(0), arg(1));
  Value *R = orScratch(shadow(3), All);
  B.CreateCall(F.getFunctionType(), &F,
               {S, arg(1), arg(2), R, arg(4), arg(5), arg(6), arg(7)});
}

void MpiRuleBuilder::scatterTangent() {
  refuseInPlace(arg(3));
  Value *All = B.CreateMul(arg(1), commSize(arg(7)));
  Value *S = orScratch(shadow(0), All);
  Value *R = orScratch(shadow(3), arg(4));
  B.CreateCall(F.getFunctionType(), &F,
               {S, arg(1), arg(2), R, arg(4), arg(5), arg(6), arg(7)});
}

void MpiRuleBuilder::allgatherTangent() {
  refuseInPlace(arg(0));
  Value *All = B.CreateMul(arg(4), commSize(arg(6)));
  Value *S = orScratch(shadow(0), arg(1));
  Value *R = orScratch(shadow(3), All);
  B.CreateCall(F.getFunctionType(), &F,
               {S, arg(1), arg(2), R, arg(4), arg(5), arg(6)});
}

// The root's r̄ goes back to the ranks its pieces came from (a scatter),
// then r̄ = 0 at the root (elsewhere r was not written); s̄ += the piece.
void MpiRuleBuilder::gatherAdjoint() {
  refuseInPlace(arg(0));
  Value *Root = arg(6), *Comm = arg(7);
  Value *IsRoot = B.CreateICmpEQ(rank(Comm), Root);
  Value *All = B.CreateMul(arg(4), commSize(Comm));
  Value *R = orScratch(shadow(3), All);
  Value *T = scratch(arg(1));
  B.CreateCall(mpi("MPI_Scatter",
                   {ptr(), i32(), Handle, ptr(), i32(), Handle, i32(), Handle}),
               {R, arg(4), arg(5), T, arg(1), arg(2), Root, Comm});
  zero(shadow(3), All, IsRoot);
  addInto(shadow(0), T, arg(1));
}

// Each rank's r̄ goes back to the root (a gather), r̄ = 0; the root's
// s̄ += what came back.
void MpiRuleBuilder::scatterAdjoint() {
  refuseInPlace(arg(3));
  Value *Root = arg(6), *Comm = arg(7);
  Value *IsRoot = B.CreateICmpEQ(rank(Comm), Root);
  Value *All = B.CreateMul(arg(1), commSize(Comm));
  Value *R = orScratch(shadow(3), arg(4));
  Value *T = scratch(All);
  B.CreateCall(mpi("MPI_Gather",
                   {ptr(), i32(), Handle, ptr(), i32(), Handle, i32(), Handle}),
               {R, arg(4), arg(5), T, arg(1), arg(2), Root, Comm});
  zero(shadow(3), arg(4));
  addInto(
      B.CreateSelect(IsRoot, shadow(0), ConstantPointerNull::get(B.getPtrTy())),
      T, All);
}

// Rank k's s reached every rank's r at k*rn: its adjoint is the sum over
// ranks of that piece of r̄ (a reduce-scatter), then r̄ = 0.
void MpiRuleBuilder::allgatherAdjoint() {
  refuseInPlace(arg(0));
  Value *Comm = arg(6);
  Value *All = B.CreateMul(arg(4), commSize(Comm));
  Value *R = orScratch(shadow(3), All);
  Value *T = scratch(arg(1));
  B.CreateCall(mpi("MPI_Reduce_scatter_block",
                   {ptr(), ptr(), i32(), Handle, Handle, Handle}),
               {R, T, arg(1), arg(2), sum(), Comm});
  zero(shadow(3), All);
  addInto(shadow(0), T, arg(1));
}

void MpiRuleBuilder::buildTangent() {
  StringRef N = Sig.Name;
  if (N == "MPI_Send")
    sendTangent();
  else if (N == "MPI_Recv")
    recvTangent();
  else if (N == "MPI_Sendrecv")
    sendrecvTangent();
  else if (N == "MPI_Allreduce")
    allreduceTangent();
  else if (N == "MPI_Reduce")
    reduceTangent();
  else if (N == "MPI_Bcast")
    bcastTangent();
  else if (N == "MPI_Gather")
    gatherTangent();
  else if (N == "MPI_Scatter")
    scatterTangent();
  else if (N == "MPI_Allgather")
    allgatherTangent();
  finish();
}

void MpiRuleBuilder::buildAdjoint() {
  StringRef N = Sig.Name;
  if (N == "MPI_Send")
    sendAdjoint();
  else if (N == "MPI_Recv")
    recvAdjoint();
  else if (N == "MPI_Sendrecv")
    sendrecvAdjoint();
  else if (N == "MPI_Allreduce")
    allreduceAdjoint();
  else if (N == "MPI_Reduce")
    reduceAdjoint();
  else if (N == "MPI_Bcast")
    bcastAdjoint();
  else if (N == "MPI_Gather")
    gatherAdjoint();
  else if (N == "MPI_Scatter")
    scatterAdjoint();
  else if (N == "MPI_Allgather")
    allgatherAdjoint();
  finish();
}

namespace {

/// The user-rule signatures (CallClassifier.cpp's expected*RuleType): each
/// pointer or floating-point parameter followed by its shadow.
FunctionType *ruleType(Function &F, bool Tangent) {
  SmallVector<Type *, 24> Params;
  for (Argument &A : F.args()) {
    Params.push_back(A.getType());
    if (A.getType()->isPointerTy() || A.getType()->isFloatingPointTy())
      Params.push_back(Tangent ? A.getType()
                               : PointerType::getUnqual(F.getContext()));
  }
  Type *Ret = Tangent ? F.getReturnType() : Type::getVoidTy(F.getContext());
  return FunctionType::get(Ret, Params, false);
}

/// Enzyme's layout for the non-blocking calls' augmented forward ({record,
/// result}) and reverse (void, the record last): every parameter followed by
/// its shadow, integers by themselves (EnzymeRules.cpp).
FunctionType *enzymeRuleType(Function &F, bool Augmented) {
  SmallVector<Type *, 24> Params;
  for (Argument &A : F.args()) {
    Params.push_back(A.getType());
    Params.push_back(A.getType());
  }
  LLVMContext &C = F.getContext();
  PointerType *Ptr = PointerType::getUnqual(C);
  if (Augmented)
    return FunctionType::get(StructType::get(C, {Ptr, F.getReturnType()}),
                             Params, false);
  Params.push_back(Ptr);
  return FunctionType::get(Type::getVoidTy(C), Params, false);
}

/// MpiNonblocking.cpp's or MpiExtremum.cpp's three rules: a tangent rule
/// and Enzyme's augmented forward and reverse, which carry a tape.
FunctionRules buildTapedRules(Function &F, const MpiSignature &Sig,
                              MpiFlavor Flavor, StringRef Kind) {
  bool Extremum = Kind == ".max";
  FunctionRules R;
  Module &M = *F.getParent();
  auto Get = [&](StringRef Suffix, FunctionType *Ty, auto Build) {
    std::string Name = ("eddy.mpi." + F.getName() + Kind + Suffix).str();
    if (Function *Rule = M.getFunction(Name))
      return Rule;
    Function *Rule =
        Function::Create(Ty, GlobalValue::InternalLinkage, Name, M);
    MpiRuleBuilder Builder(F, Sig, Flavor, *Rule,
                           /*EnzymeLayout=*/Ty != ruleType(F, true));
    Build(Builder);
    return Rule;
  };
  R.Tangent = Get(".tangent", ruleType(F, true), [&](MpiRuleBuilder &B) {
    Extremum ? B.buildExtremumTangent() : B.buildNonblockingTangent();
  });
  R.EnzymeAugmented =
      Get(".augmented", enzymeRuleType(F, true), [&](MpiRuleBuilder &B) {
        Extremum ? B.buildExtremumAugmented() : B.buildNonblockingAugmented();
      });
  R.EnzymeReverse =
      Get(".reverse", enzymeRuleType(F, false), [&](MpiRuleBuilder &B) {
        Extremum ? B.buildExtremumReverse() : B.buildNonblockingReverse();
      });
  return R;
}

FunctionRules buildNonblockingRules(Function &F, const MpiSignature &Sig) {
  return buildTapedRules(F, Sig, MpiFlavor::OpenMPI, "");
}

FunctionRules buildExtremumRules(Function &F, const MpiSignature &Sig) {
  std::optional<MpiFlavor> Flavor = mpiFlavor(F, Sig.Type0);
  return Flavor ? buildTapedRules(F, Sig, *Flavor, ".max") : FunctionRules();
}

} // namespace

FunctionRules buildMpiRules(Function &F, bool Extremum) {
  FunctionRules R;
  const MpiSignature *Sig = findMpiSignature(F.getName());
  if (Sig && isNonblockingMpi(Sig->Name))
    return buildNonblockingRules(F, *Sig);
  if (Sig && Extremum)
    return buildExtremumRules(F, *Sig);
  std::optional<MpiFlavor> Flavor =
      Sig ? mpiFlavor(F, Sig->Type0) : std::nullopt;
  if (!Sig || !Flavor)
    return R;
  Module &M = *F.getParent();
  for (bool Tangent : {true, false}) {
    std::string Name =
        ("eddy.mpi." + F.getName() + (Tangent ? ".tangent" : ".adjoint")).str();
    Function *Rule = M.getFunction(Name);
    if (!Rule) {
      Rule = Function::Create(ruleType(F, Tangent),
                              GlobalValue::InternalLinkage, Name, M);
      MpiRuleBuilder Builder(F, *Sig, *Flavor, *Rule);
      if (Tangent)
        Builder.buildTangent();
      else
        Builder.buildAdjoint();
    }
    (Tangent ? R.Tangent : R.Adjoint) = Rule;
  }
  return R;
}

} // namespace eddy
