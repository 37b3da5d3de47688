//===- MpiNonblocking.cpp - Rules of MPI_Isend/Irecv/Wait/Waitall ---------===//
//
// A non-blocking call starts a transfer that a later MPI_Wait or MPI_Waitall
// completes; the derivative must do the same, in both directions.
//
// Forward mode (tangent rules, the primal call kept): MPI_Isend/MPI_Irecv
// start the same transfer of the tangents, with their request stored in the
// *shadow* of the user's request variable (an MPI_Request the call wrote,
// which activity analysis gives a shadow because the call also received the
// differentiated buffer); MPI_Wait/MPI_Waitall complete the requests in the
// shadows of theirs. Copies of requests copy the shadows along.
//
// Reverse mode (Enzyme's augmented-forward/reverse shape, so that a value
// crosses on Eddy's tape from each call to its adjoint, one per iteration in
// a loop): the augmented MPI_Isend/MPI_Irecv allocates a *record* of the
// transfer {kind, count, shadow buffer, datatype, peer, tag, communicator,
// scratch, adjoint request, posted} and stores it in the request's shadow;
// the augmented MPI_Wait(all) takes the records out of the shadows (clearing
// them) as its tape. The adjoint sweep meets the wait first: it *starts* the
// reversed transfer (for a send, MPI_Irecv of the receiver's adjoint into
// scratch; for a receive, MPI_Isend of the buffer's adjoint); the adjoint of
// the call that started the transfer *completes* it (MPI_Wait) and then adds
// the scratch into the buffer's adjoint, or zeroes the received buffer's
// adjoint, and frees the record. Between the two, the program could only
// read the buffer (MPI forbids writing a buffer in flight, and reading a
// receive's), so the adjoints added into it in between are kept.
//
// Requests are pointers in Open MPI; MPICH's are ints, which cannot hold a
// record, so these calls are refused there (MpiCalls.cpp).
//
//===----------------------------------------------------------------------===//
#include "MpiRuleBuilder.h"

using namespace llvm;

namespace eddy {

namespace {
enum RecordField : unsigned {
  Kind,       ///< i32: 0 a send, 1 a receive.
  Count,      ///< i32
  DBuf,       ///< ptr: the buffer's shadow (may be null).
  DType,      ///< MPI_Datatype
  Peer,       ///< i32: the destination or source.
  Tag,        ///< i32
  Comm,       ///< MPI_Comm
  ScratchBuf, ///< ptr: the adjoint's scratch buffer.
  AReq,       ///< MPI_Request of the adjoint's transfer.
  Posted,     ///< i32: the adjoint's transfer was started.
  NumFields
};
} // namespace

StructType *MpiRuleBuilder::recordType() {
  Type *I32 = B.getInt32Ty(), *P = B.getPtrTy();
  return StructType::get(M.getContext(),
                         {I32, I32, P, Handle, I32, I32, Handle, P, P, I32});
}

Value *MpiRuleBuilder::recordField(Value *Rec, unsigned Field) {
  return B.CreateStructGEP(recordType(), Rec, Field);
}

static bool isSend(StringRef Name) { return Name == "MPI_Isend"; }

// Tangent rules. MPI_Isend/MPI_Irecv(buf, count, type, peer, tag, comm, req)
// with the user-rule layout: buf, dbuf, count, type, dtype, peer, tag, comm,
// dcomm, req, dreq. MPI_Wait(req, status), MPI_Waitall(n, reqs, statuses).
void MpiRuleBuilder::buildNonblockingTangent() {
  StringRef N = Sig.Name;
  if (N == "MPI_Isend" || N == "MPI_Irecv") {
    if (N == "MPI_Irecv")
      refuseWildcards(arg(3), arg(4));
    Value *DBuf = shadow(0), *DReq = shadow(6);
    ifThen(B.CreateOr(B.CreateIsNull(DBuf), B.CreateIsNull(DReq)), [&] {
      stop("on a buffer or request without a derivative is not supported; "
           "start non-blocking transfers of differentiated data only");
    });
    B.CreateCall(F.getFunctionType(), &F,
                 {DBuf, arg(1), arg(2), arg(3), arg(4), arg(5), DReq});
  } else {
    // The tangents' requests, each completed once and then cleared.
    FunctionCallee Wait = mpi("MPI_Wait", {ptr(), ptr()});
    auto Complete = [&](Value *Slot) {
      Value *Req = B.CreateLoad(ptr(), Slot);
      ifThen(B.CreateIsNotNull(Req), [&] {
        B.CreateCall(Wait, {Slot, statusIgnore()});
        B.CreateStore(ConstantPointerNull::get(B.getPtrTy()), Slot);
      });
    };
    if (N == "MPI_Wait") {
      Value *DReq = shadow(0);
      ifThen(B.CreateIsNotNull(DReq), [&] { Complete(DReq); });
    } else { // MPI_Waitall(n, reqs, statuses)
      Value *DReqs = shadow(1);
      ifThen(B.CreateIsNotNull(DReqs), [&] {
        forEach(arg(0),
                [&](Value *I) { Complete(B.CreateGEP(ptr(), DReqs, I)); });
      });
    }
  }
  finish();
}

// Augmented forwards, with Enzyme's layout (every parameter followed by its
// shadow, integers by themselves): they make the primal call and return
// {record(s), result}.
void MpiRuleBuilder::buildNonblockingAugmented() {
  StringRef N = Sig.Name;
  SmallVector<Value *, 8> Args(Primals.begin(), Primals.end());
  Value *Tape;
  if (N == "MPI_Isend" || N == "MPI_Irecv") {
    if (N == "MPI_Irecv")
      refuseWildcards(arg(3), arg(4));
    Value *DReq = shadow(6);
    ifThen(B.CreateIsNull(DReq), [&] {
      stop("on a request without a derivative is not supported; start "
           "non-blocking transfers of differentiated data only");
    });
    FunctionCallee Calloc =
        M.getOrInsertFunction("calloc", ptr(), B.getInt64Ty(), B.getInt64Ty());
    const DataLayout &DL = M.getDataLayout();
    Tape = B.CreateCall(
        Calloc, {B.getInt64(1), B.getInt64(DL.getTypeAllocSize(recordType()))});
    B.CreateStore(B.getInt32(isSend(N) ? 0 : 1), recordField(Tape, Kind));
    B.CreateStore(arg(1), recordField(Tape, Count));
    B.CreateStore(shadow(0), recordField(Tape, DBuf));
    B.CreateStore(arg(2), recordField(Tape, DType));
    B.CreateStore(arg(3), recordField(Tape, Peer));
    B.CreateStore(arg(4), recordField(Tape, Tag));
    B.CreateStore(arg(5), recordField(Tape, Comm));
    B.CreateStore(Tape, DReq);
  } else if (N == "MPI_Wait") {
    Value *DReq = shadow(0);
    Value *Slot =
        B.CreateSelect(B.CreateIsNull(DReq), B.CreateAlloca(ptr()), DReq);
    ifThen(B.CreateIsNull(DReq), [&] {
      B.CreateStore(ConstantPointerNull::get(B.getPtrTy()), Slot);
    });
    Tape = B.CreateLoad(ptr(), Slot);
    B.CreateStore(ConstantPointerNull::get(B.getPtrTy()), Slot);
  } else { // MPI_Waitall(n, reqs, statuses): one record per request.
    Value *DReqs = shadow(1);
    FunctionCallee Calloc =
        M.getOrInsertFunction("calloc", ptr(), B.getInt64Ty(), B.getInt64Ty());
    Tape = B.CreateCall(Calloc,
                        {B.CreateSExt(arg(0), B.getInt64Ty()), B.getInt64(8)});
    ifThen(B.CreateIsNotNull(DReqs), [&] {
      forEach(arg(0), [&](Value *I) {
        Value *Slot = B.CreateGEP(ptr(), DReqs, I);
        B.CreateStore(B.CreateLoad(ptr(), Slot), B.CreateGEP(ptr(), Tape, I));
        B.CreateStore(ConstantPointerNull::get(B.getPtrTy()), Slot);
      });
    });
  }
  Value *Result = B.CreateCall(F.getFunctionType(), &F, Args);
  Value *Ret = PoisonValue::get(Rule.getReturnType());
  Ret = B.CreateInsertValue(Ret, Tape, 0);
  Ret = B.CreateInsertValue(Ret, Result, 1);
  B.CreateRet(Ret);
}

void MpiRuleBuilder::postAdjoint(Value *Rec) {
  ifThen(B.CreateIsNotNull(Rec), [&] {
    Value *KindV = B.CreateLoad(i32(), recordField(Rec, Kind));
    Value *CountV = B.CreateLoad(i32(), recordField(Rec, Count));
    Value *DBufV = B.CreateLoad(ptr(), recordField(Rec, DBuf));
    Value *Args[] = {nullptr,
                     CountV,
                     B.CreateLoad(Handle, recordField(Rec, DType)),
                     B.CreateLoad(i32(), recordField(Rec, Peer)),
                     B.CreateLoad(i32(), recordField(Rec, Tag)),
                     B.CreateLoad(Handle, recordField(Rec, Comm)),
                     recordField(Rec, AReq)};
    Value *IsSend = B.CreateICmpEQ(KindV, B.getInt32(0));
    // Scratch: where a send's adjoint arrives, or the zeros a receive into
    // a buffer without a shadow sends back.
    Value *NeedScratch = B.CreateOr(IsSend, B.CreateIsNull(DBufV));
    FunctionCallee Calloc =
        M.getOrInsertFunction("calloc", ptr(), B.getInt64Ty(), B.getInt64Ty());
    Value *Tmp = B.CreateCall(
        Calloc,
        {B.CreateSExt(B.CreateSelect(NeedScratch, CountV, B.getInt32(0)),
                      B.getInt64Ty()),
         B.getInt64(8)});
    B.CreateStore(Tmp, recordField(Rec, ScratchBuf));
    FunctionType *StartTy = FunctionType::get(
        i32(), {ptr(), i32(), Handle, i32(), i32(), Handle, ptr()}, false);
    BasicBlock *Recv = BasicBlock::Create(M.getContext(), "adj.irecv", &Rule);
    BasicBlock *Send = BasicBlock::Create(M.getContext(), "adj.isend", &Rule);
    BasicBlock *Done = BasicBlock::Create(M.getContext(), "adj.posted", &Rule);
    B.CreateCondBr(IsSend, Recv, Send);
    B.SetInsertPoint(Recv);
    Args[0] = Tmp;
    B.CreateCall(M.getOrInsertFunction("MPI_Irecv", StartTy), Args);
    B.CreateBr(Done);
    B.SetInsertPoint(Send);
    Args[0] = B.CreateSelect(B.CreateIsNull(DBufV), Tmp, DBufV);
    B.CreateCall(M.getOrInsertFunction("MPI_Isend", StartTy), Args);
    B.CreateBr(Done);
    B.SetInsertPoint(Done);
    B.CreateStore(B.getInt32(1), recordField(Rec, Posted));
  });
}

void MpiRuleBuilder::completeAdjoint(Value *Rec) {
  Value *PostedV = B.CreateLoad(i32(), recordField(Rec, Posted));
  ifThen(B.CreateICmpEQ(PostedV, B.getInt32(0)), [&] {
    stop("is not supported when the request is not completed by MPI_Wait or "
         "MPI_Waitall in the differentiated code; complete it there");
  });
  B.CreateCall(mpi("MPI_Wait", {ptr(), ptr()}),
               {recordField(Rec, AReq), statusIgnore()});
  Value *KindV = B.CreateLoad(i32(), recordField(Rec, Kind));
  Value *CountV = B.CreateLoad(i32(), recordField(Rec, Count));
  Value *DBufV = B.CreateLoad(ptr(), recordField(Rec, DBuf));
  Value *Tmp = B.CreateLoad(ptr(), recordField(Rec, ScratchBuf));
  Value *IsSend = B.CreateICmpEQ(KindV, B.getInt32(0));
  // A send's buffer gets the receiver's adjoint; a receive's buffer was
  // overwritten (unless it came from MPI_PROC_NULL), so its adjoint ends.
  addInto(B.CreateSelect(IsSend, DBufV, ConstantPointerNull::get(B.getPtrTy())),
          Tmp, CountV);
  Value *Source = B.CreateLoad(i32(), recordField(Rec, Peer));
  zero(DBufV, CountV, B.CreateAnd(B.CreateNot(IsSend), isRealSource(Source)));
  FunctionCallee Free = M.getOrInsertFunction("free", B.getVoidTy(), ptr());
  B.CreateCall(Free, {Tmp});
  B.CreateCall(Free, {Rec});
}

// Reverses: the augmented forward's parameters, then its tape.
void MpiRuleBuilder::buildNonblockingReverse() {
  StringRef N = Sig.Name;
  Value *Tape = Rule.getArg(Rule.arg_size() - 1);
  if (N == "MPI_Isend" || N == "MPI_Irecv") {
    completeAdjoint(Tape);
  } else if (N == "MPI_Wait") {
    postAdjoint(Tape);
  } else {
    forEach(arg(0), [&](Value *I) {
      postAdjoint(B.CreateLoad(ptr(), B.CreateGEP(ptr(), Tape, I)));
    });
    B.CreateCall(M.getOrInsertFunction("free", B.getVoidTy(), ptr()), {Tape});
  }
  B.CreateRetVoid();
}

} // namespace eddy
