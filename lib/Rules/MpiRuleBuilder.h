//===- MpiRuleBuilder.h - Emitting the IR of one MPI rule -------*- C++ -*-===//
//
// Shared by MpiRules.cpp (blocking calls and collectives, user-rule
// signatures) and MpiNonblocking.cpp (MPI_Isend/MPI_Irecv/MPI_Wait/MPI_Waitall,
// whose reverse mode needs Enzyme's augmented-forward/reverse shape, to carry
// a request's record from the call to its completion).
//
//===----------------------------------------------------------------------===//
#ifndef EDDY_LIB_RULES_MPIRULEBUILDER_H
#define EDDY_LIB_RULES_MPIRULEBUILDER_H

#include "MpiInterface.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"

namespace eddy {

/// Builds one rule function for MPI function F.
class MpiRuleBuilder {
public:
  /// \p EnzymeLayout: every parameter that is not floating-point is
  /// followed by its shadow (integers by their value again), the layout of
  /// Enzyme's augmented forward and reverse; otherwise the user rules' (only
  /// pointers and floating-point parameters have one).
  MpiRuleBuilder(llvm::Function &F, const MpiSignature &Sig, MpiFlavor Flavor,
                 llvm::Function &Rule, bool EnzymeLayout = false)
      : F(F), M(*F.getParent()), Sig(Sig), Flavor(Flavor), Rule(Rule),
        B(llvm::BasicBlock::Create(F.getContext(), "entry", &Rule)) {
    unsigned K = 0;
    for (llvm::Argument &A : F.args()) {
      Primals.push_back(Rule.getArg(K++));
      bool HasShadow = EnzymeLayout ? !A.getType()->isFloatingPointTy()
                                    : A.getType()->isPointerTy() ||
                                          A.getType()->isFloatingPointTy();
      Shadows.push_back(HasShadow ? Rule.getArg(K++) : nullptr);
    }
    Handle = Sig.Type0 >= 0 ? F.getFunctionType()->getParamType(Sig.Type0)
                            : B.getPtrTy(); // Non-blocking: Open MPI only.
  }

  void buildTangent();
  void buildAdjoint();
  /// MpiNonblocking.cpp: the forward-mode tangent rule, the augmented
  /// forward (returns {record, result}) and the reverse (takes the record).
  void buildNonblockingTangent();
  void buildNonblockingAugmented();
  void buildNonblockingReverse();
  /// MpiExtremum.cpp: MPI_Allreduce/MPI_Reduce with MPI_MAX or MPI_MIN.
  void buildExtremumTangent();
  void buildExtremumAugmented();
  void buildExtremumReverse();

private:
  llvm::Function &F;
  llvm::Module &M;
  const MpiSignature &Sig;
  MpiFlavor Flavor;
  llvm::Function &Rule;
  llvm::IRBuilder<> B;
  llvm::SmallVector<llvm::Value *, 12> Primals, Shadows;
  llvm::SmallVector<llvm::Value *, 4> Scratch; ///< Freed before returning.
  llvm::Type *Handle; ///< MPI_Datatype, MPI_Op, MPI_Comm.

  llvm::Value *arg(unsigned K) { return Primals[K]; }
  llvm::Value *shadow(unsigned K) { return Shadows[K]; }
  llvm::Type *i32() { return B.getInt32Ty(); }
  llvm::Type *ptr() { return B.getPtrTy(); }

  llvm::FunctionCallee mpi(llvm::StringRef Name,
                           llvm::ArrayRef<llvm::Type *> Params) {
    return M.getOrInsertFunction(Name,
                                 llvm::FunctionType::get(i32(), Params, false));
  }
  llvm::Value *sum() {
    if (Flavor == MpiFlavor::MPICH)
      return B.getInt32(mpich::Sum);
    return M.getOrInsertGlobal("ompi_mpi_op_sum", B.getInt8Ty());
  }
  /// MPI_INT and MPI_MIN, for the winners' ranks.
  llvm::Value *intType() {
    if (Flavor == MpiFlavor::MPICH)
      return B.getInt32(mpich::Int);
    return M.getOrInsertGlobal("ompi_mpi_int", B.getInt8Ty());
  }
  llvm::Value *minOp() {
    if (Flavor == MpiFlavor::MPICH)
      return B.getInt32(mpich::Min);
    return M.getOrInsertGlobal("ompi_mpi_op_min", B.getInt8Ty());
  }
  llvm::Value *inPlace() {
    int64_t K = Flavor == MpiFlavor::OpenMPI ? ompi::InPlace : mpich::InPlace;
    return llvm::ConstantExpr::getIntToPtr(B.getInt64(K), ptr());
  }
  llvm::Value *statusIgnore() {
    int64_t K =
        Flavor == MpiFlavor::OpenMPI ? ompi::StatusIgnore : mpich::StatusIgnore;
    return llvm::ConstantExpr::getIntToPtr(B.getInt64(K), ptr());
  }
  /// Whether \p Source is a rank: a receive from MPI_PROC_NULL writes
  /// nothing, so its adjoint must leave the buffer's adjoint alone.
  llvm::Value *isRealSource(llvm::Value *Source) {
    int ProcNull =
        Flavor == MpiFlavor::OpenMPI ? ompi::ProcNull : mpich::ProcNull;
    return B.CreateICmpNE(Source, B.getInt32(ProcNull));
  }
  llvm::Value *bytes(llvm::Value *Count) {
    return B.CreateMul(B.CreateSExt(Count, B.getInt64Ty()), B.getInt64(8));
  }

  /// Zeroed scratch for \p Count doubles, freed at the end.
  llvm::Value *scratch(llvm::Value *Count) {
    llvm::FunctionCallee Calloc =
        M.getOrInsertFunction("calloc", ptr(), B.getInt64Ty(), B.getInt64Ty());
    llvm::Value *P = B.CreateCall(
        Calloc, {B.CreateSExt(Count, B.getInt64Ty()), B.getInt64(8)});
    Scratch.push_back(P);
    return P;
  }
  /// \p Shadow, or zeroed scratch when it is null (an inactive buffer).
  llvm::Value *orScratch(llvm::Value *Shadow, llvm::Value *Count) {
    llvm::Value *IsNull = B.CreateIsNull(Shadow);
    llvm::Value *P = scratch(B.CreateSelect(IsNull, Count, B.getInt32(0)));
    return B.CreateSelect(IsNull, P, Shadow);
  }

  /// Emits \p Body under `if (Cond)`, continuing after it.
  template <typename BodyFn> void ifThen(llvm::Value *Cond, BodyFn Body) {
    llvm::BasicBlock *Then =
        llvm::BasicBlock::Create(M.getContext(), "then", &Rule);
    llvm::BasicBlock *Done =
        llvm::BasicBlock::Create(M.getContext(), "done", &Rule);
    B.CreateCondBr(Cond, Then, Done);
    B.SetInsertPoint(Then);
    Body();
    B.CreateBr(Done);
    B.SetInsertPoint(Done);
  }
  llvm::Value *nonNull(llvm::Value *P) { return B.CreateIsNotNull(P); }

  /// Emits \p Body(i) for i = 0 .. Count-1 (an i64), continuing after.
  template <typename BodyFn> void forEach(llvm::Value *Count, BodyFn Body) {
    llvm::Value *N = B.CreateSExt(Count, B.getInt64Ty());
    llvm::BasicBlock *Pre = B.GetInsertBlock();
    auto *Loop = llvm::BasicBlock::Create(M.getContext(), "each", &Rule);
    auto *Exit = llvm::BasicBlock::Create(M.getContext(), "each.end", &Rule);
    B.CreateCondBr(B.CreateICmpSGT(N, B.getInt64(0)), Loop, Exit);
    B.SetInsertPoint(Loop);
    llvm::PHINode *I = B.CreatePHI(B.getInt64Ty(), 2);
    I->addIncoming(B.getInt64(0), Pre);
    Body(static_cast<llvm::Value *>(I));
    llvm::Value *Next = B.CreateAdd(I, B.getInt64(1));
    I->addIncoming(Next, B.GetInsertBlock()); // Body may have made blocks.
    B.CreateCondBr(B.CreateICmpSLT(Next, N), Loop, Exit);
    B.SetInsertPoint(Exit);
  }

  /// Dst[0..Count) += Src[0..Count), for non-null Dst.
  void addInto(llvm::Value *Dst, llvm::Value *Src, llvm::Value *Count) {
    ifThen(nonNull(Dst), [&] {
      forEach(Count, [&](llvm::Value *I) {
        llvm::Value *DP = B.CreateGEP(B.getDoubleTy(), Dst, I);
        llvm::Value *SP = B.CreateGEP(B.getDoubleTy(), Src, I);
        B.CreateStore(B.CreateFAdd(B.CreateLoad(B.getDoubleTy(), DP),
                                   B.CreateLoad(B.getDoubleTy(), SP)),
                      DP);
      });
    });
  }
  /// Dst[0..Count) = 0, for non-null Dst (and \p Cond, if given).
  void zero(llvm::Value *Dst, llvm::Value *Count, llvm::Value *Cond = nullptr) {
    llvm::Value *Do = nonNull(Dst);
    if (Cond)
      Do = B.CreateAnd(Do, Cond);
    ifThen(Do, [&] { B.CreateMemSet(Dst, B.getInt8(0), bytes(Count), {}); });
  }
  llvm::Value *commSize(llvm::Value *Comm) {
    llvm::Value *Slot = B.CreateAlloca(i32());
    B.CreateCall(mpi("MPI_Comm_size", {Handle, ptr()}), {Comm, Slot});
    return B.CreateLoad(i32(), Slot);
  }
  llvm::Value *rank(llvm::Value *Comm) {
    llvm::Value *Slot = B.CreateAlloca(i32());
    B.CreateCall(mpi("MPI_Comm_rank", {Handle, ptr()}), {Comm, Slot});
    return B.CreateLoad(i32(), Slot);
  }

  /// A receive whose source or tag is a wildcard only at run time cannot be
  /// paired with its derivative's message: stop with a message.
  void refuseWildcards(llvm::Value *Source, llvm::Value *Tag) {
    int AnySource =
        Flavor == MpiFlavor::OpenMPI ? ompi::AnySource : mpich::AnySource;
    int AnyTag = Flavor == MpiFlavor::OpenMPI ? ompi::AnyTag : mpich::AnyTag;
    llvm::Value *Wild =
        B.CreateOr(B.CreateICmpEQ(Source, B.getInt32(AnySource)),
                   B.CreateICmpEQ(Tag, B.getInt32(AnyTag)));
    ifThen(Wild, [&] {
      stop("with MPI_ANY_SOURCE or MPI_ANY_TAG is not supported; name the "
           "source rank and the tag");
    });
  }

  /// Stops the program with "eddy: the derivative of <F> <Why>" on stderr:
  /// a condition only the run time shows, which would otherwise give a
  /// wrong derivative or a hang.
  void stop(llvm::StringRef Why) {
    std::string Msg =
        "eddy: the derivative of " + F.getName().str() + " " + Why.str() + "\n";
    llvm::Value *Text = B.CreateGlobalString(Msg, "eddy.mpi.stop");
    B.CreateCall(M.getOrInsertFunction("write", B.getInt64Ty(), i32(), ptr(),
                                       B.getInt64Ty()),
                 {B.getInt32(2), Text, B.getInt64(Msg.size())});
    B.CreateCall(M.getOrInsertFunction("abort", B.getVoidTy()));
    B.CreateUnreachable();
    B.SetInsertPoint(llvm::BasicBlock::Create(M.getContext(), "dead", &Rule));
  }

  void finish() {
    llvm::FunctionCallee Free =
        M.getOrInsertFunction("free", B.getVoidTy(), ptr());
    for (llvm::Value *P : Scratch)
      B.CreateCall(Free, {P});
    if (Rule.getReturnType()->isVoidTy())
      B.CreateRetVoid();
    else
      B.CreateRet(B.getInt32(0)); // MPI_SUCCESS; a tangent of an int is unused.
  }

  // Non-blocking (MpiNonblocking.cpp).
  llvm::StructType *recordType();
  llvm::Value *recordField(llvm::Value *Rec, unsigned Field);
  llvm::Value *winners(llvm::Value *In, llvm::Value *Count, llvm::Value *Type,
                       llvm::Value *Op, llvm::Value *Comm);
  void addAtWinners(llvm::Value *Dst, llvm::Value *Src, llvm::Value *Winners,
                    llvm::Value *Count, llvm::Value *Comm);
  void postAdjoint(llvm::Value *Rec);
  void completeAdjoint(llvm::Value *Rec);

  void sendTangent();
  void recvTangent();
  void sendrecvTangent();
  void allreduceTangent();
  void reduceTangent();
  void bcastTangent();
  void gatherTangent();
  void scatterTangent();
  void allgatherTangent();
  void sendAdjoint();
  void recvAdjoint();
  void sendrecvAdjoint();
  void allreduceAdjoint();
  void reduceAdjoint();
  void bcastAdjoint();
  void gatherAdjoint();
  void scatterAdjoint();
  void allgatherAdjoint();
  /// Gather, Scatter and Allgather: no MPI_IN_PLACE (stops at run time).
  void refuseInPlace(llvm::Value *Buf);
  /// MPI_MAX/MPI_MIN reductions: no MPI_IN_PLACE either.
  void refuseInPlaceReduction(llvm::Value *Buf) {
    ifThen(B.CreateICmpEQ(Buf, inPlace()), [&] {
      stop("with MPI_MAX or MPI_MIN and MPI_IN_PLACE is not supported; "
           "reduce into a separate buffer");
    });
  }
};

} // namespace eddy

#endif // EDDY_LIB_RULES_MPIRULEBUILDER_H
