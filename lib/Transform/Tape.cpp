//===- Tape.cpp - The reverse sweep's LIFO storage ------------------------===//
#include "Eddy/Transform/Tape.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;

namespace eddy {

enum TapeField { DataField = 0, SizeField = 1, CapField = 2 };

StructType *Tape::getType(LLVMContext &Ctx) {
  Type *I64 = Type::getInt64Ty(Ctx);
  return StructType::get(PointerType::getUnqual(Ctx), I64, I64);
}

uint64_t Tape::slotBytes(const DataLayout &DL, Type *T) {
  return alignTo(DL.getTypeStoreSize(T).getFixedValue(), 8);
}

static FunctionCallee libcall(Module &M, StringRef Name, Type *Ret,
                              ArrayRef<Type *> Params) {
  return M.getOrInsertFunction(Name, FunctionType::get(Ret, Params, false));
}

/// eddy.tape.grow(tape, need): Capacity = max(need, 2 * Capacity, 4 KiB).
static Function *getGrowFunction(Module &M) {
  LLVMContext &Ctx = M.getContext();
  if (Function *F = M.getFunction("eddy.tape.grow"))
    return F;
  Type *Ptr = PointerType::getUnqual(Ctx), *I64 = Type::getInt64Ty(Ctx);
  auto *F = Function::Create(FunctionType::get(Type::getVoidTy(Ctx), {Ptr, I64}, false),
                             GlobalValue::LinkOnceODRLinkage, "eddy.tape.grow", M);
  F->setVisibility(GlobalValue::HiddenVisibility);
  F->addFnAttr(Attribute::NoInline);
  F->addFnAttr(Attribute::Cold);
  F->addFnAttr(Attribute::NoUnwind);
  IRBuilder<> B(BasicBlock::Create(Ctx, "entry", F));
  StructType *TT = Tape::getType(Ctx);
  Value *T = F->getArg(0), *Need = F->getArg(1);
  Value *CapP = B.CreateStructGEP(TT, T, CapField);
  Value *DataP = B.CreateStructGEP(TT, T, DataField);
  Value *Twice = B.CreateShl(B.CreateLoad(I64, CapP), 1);
  Value *Cap = B.CreateSelect(B.CreateICmpUGT(Twice, Need), Twice, Need);
  Value *Min = B.getInt64(4096);
  Cap = B.CreateSelect(B.CreateICmpUGT(Cap, Min), Cap, Min);
  FunctionCallee Realloc = libcall(M, "realloc", Ptr, {Ptr, I64});
  Value *Data = B.CreateCall(Realloc, {B.CreateLoad(Ptr, DataP), Cap});
  B.CreateStore(Data, DataP);
  B.CreateStore(Cap, CapP);
  B.CreateRetVoid();
  return F;
}

Value *Tape::create(IRBuilderBase &B) {
  Function *F = B.GetInsertBlock()->getParent();
  LLVMContext &Ctx = F->getContext();
  IRBuilder<> EB(&F->getEntryBlock(), F->getEntryBlock().begin());
  Value *T = EB.CreateAlloca(getType(Ctx), nullptr, "eddy.tape");
  B.CreateStore(Constant::getNullValue(getType(Ctx)), T);
  return T;
}

void Tape::destroy(IRBuilderBase &B, Value *T) {
  Module &M = *B.GetInsertBlock()->getModule();
  LLVMContext &Ctx = M.getContext();
  Type *Ptr = PointerType::getUnqual(Ctx);
  Value *Data = B.CreateLoad(Ptr, B.CreateStructGEP(getType(Ctx), T, DataField));
  B.CreateCall(libcall(M, "free", Type::getVoidTy(Ctx), {Ptr}), {Data});
}

/// If Size + Bytes > Capacity, grow; returns the builder after the check.
static void ensureRoom(IRBuilderBase &B, Value *T, Value *NewSize) {
  LLVMContext &Ctx = B.getContext();
  Module &M = *B.GetInsertBlock()->getModule();
  StructType *TT = Tape::getType(Ctx);
  Value *Cap = B.CreateLoad(B.getInt64Ty(), B.CreateStructGEP(TT, T, CapField));
  Value *Full = B.CreateICmpUGT(NewSize, Cap, "eddy.tape.full");
  Instruction *Here = &*B.GetInsertPoint();
  MDNode *Unlikely = MDBuilder(Ctx).createBranchWeights(1, 1 << 20);
  Instruction *Then = SplitBlockAndInsertIfThen(Full, Here, false, Unlikely);
  IRBuilder<> GB(Then);
  GB.CreateCall(getGrowFunction(M), {T, NewSize});
  B.SetInsertPoint(Here);
}

void Tape::push(IRBuilderBase &B, Value *T, ArrayRef<Value *> Vals) {
  if (Vals.empty())
    return;
  LLVMContext &Ctx = B.getContext();
  const DataLayout &DL = B.GetInsertBlock()->getModule()->getDataLayout();
  StructType *TT = getType(Ctx);
  uint64_t Bytes = 0;
  for (Value *V : Vals)
    Bytes += slotBytes(DL, V->getType());
  Value *SizeP = B.CreateStructGEP(TT, T, SizeField);
  Value *Size = B.CreateLoad(B.getInt64Ty(), SizeP, "eddy.tape.size");
  Value *NewSize = B.CreateAdd(Size, B.getInt64(Bytes));
  ensureRoom(B, T, NewSize);
  Value *Data = B.CreateLoad(B.getPtrTy(), B.CreateStructGEP(TT, T, DataField));
  uint64_t Off = 0;
  for (Value *V : Vals) {
    Value *Slot = B.CreateGEP(B.getInt8Ty(), Data, B.CreateAdd(Size, B.getInt64(Off)));
    B.CreateAlignedStore(V, Slot, Align(8));
    Off += slotBytes(DL, V->getType());
  }
  B.CreateStore(NewSize, SizeP);
}

SmallVector<Value *, 8> Tape::pop(IRBuilderBase &B, Value *T,
                                  ArrayRef<Type *> Types) {
  SmallVector<Value *, 8> Out;
  if (Types.empty())
    return Out;
  LLVMContext &Ctx = B.getContext();
  const DataLayout &DL = B.GetInsertBlock()->getModule()->getDataLayout();
  StructType *TT = getType(Ctx);
  uint64_t Bytes = 0;
  for (Type *Ty : Types)
    Bytes += slotBytes(DL, Ty);
  Value *SizeP = B.CreateStructGEP(TT, T, SizeField);
  Value *Size = B.CreateLoad(B.getInt64Ty(), SizeP, "eddy.tape.size");
  Value *Base = B.CreateSub(Size, B.getInt64(Bytes));
  Value *Data = B.CreateLoad(B.getPtrTy(), B.CreateStructGEP(TT, T, DataField));
  uint64_t Off = 0;
  for (Type *Ty : Types) {
    Value *Slot = B.CreateGEP(B.getInt8Ty(), Data, B.CreateAdd(Base, B.getInt64(Off)));
    Out.push_back(B.CreateAlignedLoad(Ty, Slot, Align(8)));
    Off += slotBytes(DL, Ty);
  }
  B.CreateStore(Base, SizeP);
  return Out;
}

void Tape::reserve(IRBuilderBase &B, Value *T, Value *Bytes) {
  StructType *TT = getType(B.getContext());
  Value *Size = B.CreateLoad(B.getInt64Ty(), B.CreateStructGEP(TT, T, SizeField));
  ensureRoom(B, T, B.CreateAdd(Size, Bytes));
}

} // namespace eddy
