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
//
//===----------------------------------------------------------------------===//
#include "MpiInterface.h"
#include "Eddy/Analysis/Registrations.h"
#include "Eddy/Rules/MpiRules.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace eddy {
namespace {

/// Builds one rule function for MPI function F.
class MpiRuleBuilder {
public:
  MpiRuleBuilder(Function &F, const MpiSignature &Sig, MpiFlavor Flavor,
                 Function &Rule)
      : F(F), M(*F.getParent()), Sig(Sig), Flavor(Flavor), Rule(Rule),
        B(BasicBlock::Create(F.getContext(), "entry", &Rule)) {
    unsigned K = 0;
    for (Argument &A : F.args()) {
      Primals.push_back(Rule.getArg(K++));
      bool HasShadow =
          A.getType()->isPointerTy() || A.getType()->isFloatingPointTy();
      Shadows.push_back(HasShadow ? Rule.getArg(K++) : nullptr);
    }
    Handle = F.getFunctionType()->getParamType(Sig.Type0);
  }

  void buildTangent();
  void buildAdjoint();

private:
  Function &F;
  Module &M;
  const MpiSignature &Sig;
  MpiFlavor Flavor;
  Function &Rule;
  IRBuilder<> B;
  SmallVector<Value *, 12> Primals, Shadows;
  SmallVector<Value *, 4> Scratch; ///< Freed before returning.
  Type *Handle;                    ///< MPI_Datatype, MPI_Op, MPI_Comm.

  Value *arg(unsigned K) { return Primals[K]; }
  Value *shadow(unsigned K) { return Shadows[K]; }
  Type *i32() { return B.getInt32Ty(); }
  Type *ptr() { return B.getPtrTy(); }

  FunctionCallee mpi(StringRef Name, ArrayRef<Type *> Params) {
    return M.getOrInsertFunction(Name,
                                 FunctionType::get(i32(), Params, false));
  }
  Value *sum() {
    if (Flavor == MpiFlavor::MPICH)
      return B.getInt32(mpich::Sum);
    return M.getOrInsertGlobal("ompi_mpi_op_sum", B.getInt8Ty());
  }
  Value *inPlace() {
    int64_t K = Flavor == MpiFlavor::OpenMPI ? ompi::InPlace : mpich::InPlace;
    return ConstantExpr::getIntToPtr(B.getInt64(K), ptr());
  }
  Value *statusIgnore() {
    int64_t K =
        Flavor == MpiFlavor::OpenMPI ? ompi::StatusIgnore : mpich::StatusIgnore;
    return ConstantExpr::getIntToPtr(B.getInt64(K), ptr());
  }
  /// Whether \p Source is a rank: a receive from MPI_PROC_NULL writes
  /// nothing, so its adjoint must leave the buffer's adjoint alone.
  Value *isRealSource(Value *Source) {
    int ProcNull =
        Flavor == MpiFlavor::OpenMPI ? ompi::ProcNull : mpich::ProcNull;
    return B.CreateICmpNE(Source, B.getInt32(ProcNull));
  }
  Value *bytes(Value *Count) {
    return B.CreateMul(B.CreateSExt(Count, B.getInt64Ty()), B.getInt64(8));
  }

  /// Zeroed scratch for \p Count doubles, freed at the end.
  Value *scratch(Value *Count) {
    FunctionCallee Calloc = M.getOrInsertFunction(
        "calloc", ptr(), B.getInt64Ty(), B.getInt64Ty());
    Value *P = B.CreateCall(
        Calloc, {B.CreateSExt(Count, B.getInt64Ty()), B.getInt64(8)});
    Scratch.push_back(P);
    return P;
  }
  /// \p Shadow, or zeroed scratch when it is null (an inactive buffer).
  Value *orScratch(Value *Shadow, Value *Count) {
    Value *IsNull = B.CreateIsNull(Shadow);
    Value *P = scratch(B.CreateSelect(IsNull, Count, B.getInt32(0)));
    return B.CreateSelect(IsNull, P, Shadow);
  }

  /// Emits \p Body under `if (Cond)`, continuing after it.
  template <typename BodyFn> void ifThen(Value *Cond, BodyFn Body) {
    BasicBlock *Then = BasicBlock::Create(M.getContext(), "then", &Rule);
    BasicBlock *Done = BasicBlock::Create(M.getContext(), "done", &Rule);
    B.CreateCondBr(Cond, Then, Done);
    B.SetInsertPoint(Then);
    Body();
    B.CreateBr(Done);
    B.SetInsertPoint(Done);
  }
  Value *nonNull(Value *P) { return B.CreateIsNotNull(P); }

  /// Dst[0..Count) += Src[0..Count), for non-null Dst.
  void addInto(Value *Dst, Value *Src, Value *Count) {
    ifThen(nonNull(Dst), [&] {
      Value *N = B.CreateSExt(Count, B.getInt64Ty());
      BasicBlock *Pre = B.GetInsertBlock();
      BasicBlock *Loop = BasicBlock::Create(M.getContext(), "add", &Rule);
      BasicBlock *Exit = BasicBlock::Create(M.getContext(), "add.end", &Rule);
      B.CreateCondBr(B.CreateICmpSGT(N, B.getInt64(0)), Loop, Exit);
      B.SetInsertPoint(Loop);
      PHINode *I = B.CreatePHI(B.getInt64Ty(), 2);
      I->addIncoming(B.getInt64(0), Pre);
      Value *DP = B.CreateGEP(B.getDoubleTy(), Dst, I);
      Value *SP = B.CreateGEP(B.getDoubleTy(), Src, I);
      B.CreateStore(B.CreateFAdd(B.CreateLoad(B.getDoubleTy(), DP),
                                 B.CreateLoad(B.getDoubleTy(), SP)),
                    DP);
      Value *Next = B.CreateAdd(I, B.getInt64(1));
      I->addIncoming(Next, Loop);
      B.CreateCondBr(B.CreateICmpSLT(Next, N), Loop, Exit);
      B.SetInsertPoint(Exit);
    });
  }
  /// Dst[0..Count) = 0, for non-null Dst (and \p Cond, if given).
  void zero(Value *Dst, Value *Count, Value *Cond = nullptr) {
    Value *Do = nonNull(Dst);
    if (Cond)
      Do = B.CreateAnd(Do, Cond);
    ifThen(Do, [&] { B.CreateMemSet(Dst, B.getInt8(0), bytes(Count), {}); });
  }
  Value *rank(Value *Comm) {
    Value *Slot = B.CreateAlloca(i32());
    B.CreateCall(mpi("MPI_Comm_rank", {Handle, ptr()}), {Comm, Slot});
    return B.CreateLoad(i32(), Slot);
  }

  /// A receive whose source or tag is a wildcard only at run time cannot be
  /// paired with its derivative's message: stop with a message.
  void refuseWildcards(Value *Source, Value *Tag) {
    int AnySource =
        Flavor == MpiFlavor::OpenMPI ? ompi::AnySource : mpich::AnySource;
    int AnyTag = Flavor == MpiFlavor::OpenMPI ? ompi::AnyTag : mpich::AnyTag;
    Value *Wild = B.CreateOr(B.CreateICmpEQ(Source, B.getInt32(AnySource)),
                             B.CreateICmpEQ(Tag, B.getInt32(AnyTag)));
    ifThen(Wild, [&] {
      std::string Msg = "eddy: the derivative of " + F.getName().str() +
                        " with MPI_ANY_SOURCE or MPI_ANY_TAG is not "
                        "supported; name the source rank and the tag\n";
      Value *Text = B.CreateGlobalString(Msg, "eddy.mpi.wildcard");
      B.CreateCall(M.getOrInsertFunction("write", B.getInt64Ty(), i32(), ptr(),
                                         B.getInt64Ty()),
                   {B.getInt32(2), Text, B.getInt64(Msg.size())});
      B.CreateCall(M.getOrInsertFunction("abort", B.getVoidTy()));
      B.CreateUnreachable();
      B.SetInsertPoint(BasicBlock::Create(M.getContext(), "dead", &Rule));
    });
  }

  void finish() {
    FunctionCallee Free =
        M.getOrInsertFunction("free", B.getVoidTy(), ptr());
    for (Value *P : Scratch)
      B.CreateCall(Free, {P});
    if (Rule.getReturnType()->isVoidTy())
      B.CreateRetVoid();
    else
      B.CreateRet(B.getInt32(0)); // MPI_SUCCESS; a tangent of an int is unused.
  }

  void sendTangent();
  void recvTangent();
  void sendrecvTangent();
  void allreduceTangent();
  void reduceTangent();
  void bcastTangent();
  void sendAdjoint();
  void recvAdjoint();
  void sendrecvAdjoint();
  void allreduceAdjoint();
  void reduceAdjoint();
  void bcastAdjoint();
};

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
  B.CreateCall(F.getFunctionType(), &F,
               {S, R, arg(2), arg(3), arg(4), arg(5)});
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
  B.CreateCall(mpi("MPI_Recv", {ptr(), i32(), Handle, i32(), i32(), Handle,
                                ptr()}),
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
  B.CreateCall(F.getFunctionType(), &F,
               {In, T, arg(2), arg(3), sum(), arg(5)});
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
  ifThen(B.CreateAnd(IsRoot, nonNull(shadow(1))), [&] {
    B.CreateMemCpy(T, {}, shadow(1), {}, bytes(arg(2)));
  });
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
  B.CreateCall(mpi("MPI_Reduce", {ptr(), ptr(), i32(), Handle, Handle, i32(),
                                  Handle}),
               {S, T, arg(1), arg(2), sum(), Root, Comm});
  zero(shadow(0), arg(1));
  addInto(B.CreateSelect(IsRoot, shadow(0),
                         ConstantPointerNull::get(B.getPtrTy())),
          T, arg(1));
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
  finish();
}

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

} // namespace

FunctionRules buildMpiRules(Function &F) {
  FunctionRules R;
  const MpiSignature *Sig = findMpiSignature(F.getName());
  std::optional<MpiFlavor> Flavor =
      Sig ? mpiFlavor(F, Sig->Type0) : std::nullopt;
  if (!Sig || !Flavor)
    return R;
  Module &M = *F.getParent();
  for (bool Tangent : {true, false}) {
    std::string Name = ("eddy.mpi." + F.getName() +
                        (Tangent ? ".tangent" : ".adjoint"))
                           .str();
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
