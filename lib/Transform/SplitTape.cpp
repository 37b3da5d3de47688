//===- SplitTape.cpp - Split mode's tape object ---------------------------===//
//
// The layout and the functions are described in Eddy/Transform/SplitTape.h.
// Each function is emitted once per module, hidden linkonce_odr, so every
// translation unit's copy is the same and one survives linking.
//===----------------------------------------------------------------------===//
#include "Eddy/Transform/SplitTape.h"
#include "Eddy/Support/LibCalls.h"
#include "Eddy/Support/OutOfMemory.h"
#include "Eddy/Support/SanitizerAttributes.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace eddy {
namespace {

enum Offset : uint64_t {
  Size = 8, End = 24, Owned = 32, Key = 40, Args = 48, Bytes = 56
};
/// Each owned shadow block starts with the next block's address; 16 bytes
/// keep the shadow as aligned as calloc's result.
constexpr uint64_t OwnedHeader = 16;

Value *at(IRBuilderBase &B, Value *T, uint64_t Off) {
  return B.CreateConstGEP1_64(B.getInt8Ty(), T, Off);
}

/// Stops the program when \p Fail holds: a wrong tape.
void stopIf(IRBuilderBase &B, Value *Fail, StringRef Message) {
  Module &M = *B.GetInsertBlock()->getModule();
  Function *F = B.GetInsertBlock()->getParent();
  LLVMContext &Ctx = M.getContext();
  BasicBlock *Bad = BasicBlock::Create(Ctx, "eddy.split.fail", F);
  BasicBlock *Good = BasicBlock::Create(Ctx, "eddy.split.ok", F);
  B.CreateCondBr(Fail, Bad, Good);
  B.SetInsertPoint(Bad);
  if (!Message.empty()) {
    Constant *Text = B.CreateGlobalStringPtr(Message, "eddy.split.message");
    FunctionCallee Write = getLibFunction(M, "write", B.getInt64Ty(),
                                          {B.getInt32Ty(), B.getPtrTy(),
                                           B.getInt64Ty()});
    B.CreateCall(Write, {B.getInt32(2), Text, B.getInt64(Message.size())});
  }
  B.CreateCall(getLibFunction(M, "abort", B.getVoidTy(), {}));
  B.CreateUnreachable();
  B.SetInsertPoint(Good);
}

/// The module's function \p Name of type \p FT, with the body \p Body
/// builds into its entry block (which must end it) on first use.
template <typename BodyFn>
Function *getFunction(Module &M, StringRef Name, FunctionType *FT,
                      BodyFn Body) {
  if (Function *F = M.getFunction(Name))
    return F;
  auto *F = Function::Create(FT, GlobalValue::LinkOnceODRLinkage, Name, M);
  F->setVisibility(GlobalValue::HiddenVisibility);
  F->addFnAttr(Attribute::NoUnwind);
  inheritModuleSanitizerAttributes(*F, M);
  IRBuilder<> B(BasicBlock::Create(M.getContext(), "entry", F));
  Body(B, F);
  return F;
}

/// calloc(1, Bytes); on failure the runtime's one-line report names
/// \p Function (Eddy/Support/OutOfMemory.h).
Value *callocChecked(IRBuilderBase &B, Value *Bytes, Value *Function,
                     StringRef What) {
  Module &M = *B.GetInsertBlock()->getModule();
  FunctionCallee Calloc = getLibFunction(M, "calloc", B.getPtrTy(),
                                         {B.getInt64Ty(), B.getInt64Ty()});
  Value *P = B.CreateCall(Calloc, {B.getInt64(1), Bytes});
  checkAllocation(B, B.CreateIsNull(P), Function, Bytes, What);
  return P;
}

} // namespace

Value *SplitTape::create(IRBuilderBase &B, Value *KeyV, Value *Function) {
  Module &M = *B.GetInsertBlock()->getModule();
  Type *Ptr = B.getPtrTy();
  llvm::Function *New = getFunction(
      M, "eddy.split.new", FunctionType::get(Ptr, {Ptr, Ptr}, false),
      [](IRBuilderBase &B, llvm::Function *F) {
        Value *T = callocChecked(B, B.getInt64(Bytes), F->getArg(1),
                                 "split-mode tape");
        B.CreateStore(F->getArg(0), at(B, T, Key));
        B.CreateRet(T);
      });
  return B.CreateCall(New, {KeyV, Function}, "eddy.split.tape");
}

Value *SplitTape::fingerprint(IRBuilderBase &B, ArrayRef<Value *> Vals) {
  const DataLayout &DL = B.GetInsertBlock()->getModule()->getDataLayout();
  // FNV-1a over 64-bit words: a different pointer, size or scalar changes it.
  Value *H = B.getInt64(0xcbf29ce484222325ULL);
  for (Value *V : Vals) {
    Type *T = V->getType();
    Value *W;
    if (T->isPointerTy())
      W = B.CreatePtrToInt(V, B.getInt64Ty());
    else if (T->isIntegerTy())
      W = B.CreateZExtOrTrunc(V, B.getInt64Ty());
    else if (T->isFloatingPointTy())
      W = B.CreateZExtOrTrunc(
          B.CreateBitCast(V, B.getIntNTy(DL.getTypeSizeInBits(T))),
          B.getInt64Ty());
    else
      continue; // Nothing else reaches a split request (Request.cpp).
    H = B.CreateMul(B.CreateXor(H, W), B.getInt64(0x100000001b3ULL));
  }
  return H;
}

void SplitTape::seal(IRBuilderBase &B, Value *T, Value *Fingerprint) {
  B.CreateStore(B.CreateLoad(B.getInt64Ty(), at(B, T, Size)), at(B, T, End));
  B.CreateStore(Fingerprint, at(B, T, Args));
}

void SplitTape::rewind(IRBuilderBase &B, Value *T, Value *KeyV,
                       Value *Fingerprint) {
  Module &M = *B.GetInsertBlock()->getModule();
  Type *Ptr = B.getPtrTy();
  Function *Rewind = getFunction(
      M, "eddy.split.rewind",
      FunctionType::get(B.getVoidTy(), {Ptr, Ptr, B.getInt64Ty()}, false),
      [](IRBuilderBase &B, Function *F) {
        Value *T = F->getArg(0);
        Function *Fn = B.GetInsertBlock()->getParent();
        BasicBlock *Check = BasicBlock::Create(B.getContext(), "check", Fn);
        BasicBlock *Null = BasicBlock::Create(B.getContext(), "null", Fn);
        B.CreateCondBr(B.CreateIsNull(T), Null, Check);
        B.SetInsertPoint(Null);
        stopIf(B, B.getTrue(),
               "eddy: __enzyme_reverse was given a null tape\n");
        B.CreateRetVoid(); // Not reached.
        B.SetInsertPoint(Check);
        Value *Stored = B.CreateLoad(B.getPtrTy(), at(B, T, Key));
        stopIf(B, B.CreateICmpNE(Stored, F->getArg(1)),
               "eddy: __enzyme_reverse was given a tape that "
               "__enzyme_augmentfwd of another function, activity or "
               "translation unit made\n");
        Value *Given = B.CreateLoad(B.getInt64Ty(), at(B, T, Args));
        stopIf(B, B.CreateICmpNE(Given, F->getArg(2)),
               "eddy: __enzyme_reverse was given other arguments or shadows "
               "than __enzyme_augmentfwd; pass the same ones (the memory they "
               "point to may change)\n");
        B.CreateStore(B.CreateLoad(B.getInt64Ty(), at(B, T, End)),
                      at(B, T, Size));
        B.CreateRetVoid();
      });
  B.CreateCall(Rewind, {T, KeyV, Fingerprint});
}

void SplitTape::release(IRBuilderBase &B, Value *T) {
  Module &M = *B.GetInsertBlock()->getModule();
  Type *Ptr = B.getPtrTy();
  Function *Release = getFunction(
      M, "eddy.split.release", FunctionType::get(B.getVoidTy(), {Ptr}, false),
      [&M](IRBuilderBase &B, Function *F) {
        LLVMContext &Ctx = M.getContext();
        FunctionCallee Free = getLibFunction(M, "free", B.getVoidTy(),
                                             {B.getPtrTy()});
        Value *T = F->getArg(0);
        BasicBlock *Loop = BasicBlock::Create(Ctx, "owned", F);
        BasicBlock *Done = BasicBlock::Create(Ctx, "done", F);
        BasicBlock *Exit = BasicBlock::Create(Ctx, "exit", F);
        BasicBlock *Start = BasicBlock::Create(Ctx, "start", F);
        B.CreateCondBr(B.CreateIsNull(T), Exit, Start);
        B.SetInsertPoint(Start);
        Value *First = B.CreateLoad(B.getPtrTy(), at(B, T, Owned));
        B.CreateCondBr(B.CreateIsNull(First), Done, Loop);
        B.SetInsertPoint(Loop);
        PHINode *Block = B.CreatePHI(B.getPtrTy(), 2);
        Block->addIncoming(First, Start);
        Value *Next = B.CreateLoad(B.getPtrTy(), Block);
        B.CreateCall(Free, {Block});
        Block->addIncoming(Next, Loop);
        B.CreateCondBr(B.CreateIsNull(Next), Done, Loop);
        B.SetInsertPoint(Done);
        B.CreateCall(Free, {B.CreateLoad(B.getPtrTy(), T)}); // Data.
        B.CreateCall(Free, {T});
        B.CreateBr(Exit);
        B.SetInsertPoint(Exit);
        B.CreateRetVoid();
      });
  B.CreateCall(Release, {T});
}

Value *SplitTape::allocateShadow(IRBuilderBase &B, Value *T, Value *Bytes,
                                 Value *Function) {
  Module &M = *B.GetInsertBlock()->getModule();
  Type *Ptr = B.getPtrTy();
  llvm::Function *Alloc = getFunction(
      M, "eddy.split.shadow",
      FunctionType::get(Ptr, {Ptr, B.getInt64Ty(), Ptr}, false),
      [](IRBuilderBase &B, llvm::Function *F) {
        Value *T = F->getArg(0);
        Value *Block = callocChecked(
            B, B.CreateAdd(F->getArg(1), B.getInt64(OwnedHeader)),
            F->getArg(2), "shadow memory");
        B.CreateStore(B.CreateLoad(B.getPtrTy(), at(B, T, Owned)), Block);
        B.CreateStore(Block, at(B, T, Owned));
        B.CreateRet(at(B, Block, OwnedHeader));
      });
  // calloc's result is fresh memory; so is this (for alias analysis).
  CallInst *CI = B.CreateCall(Alloc, {T, Bytes, Function});
  CI->addRetAttr(Attribute::NoAlias);
  return CI;
}

} // namespace eddy
