//===- Tape.cpp - The reverse sweep's LIFO storage ------------------------===//
#include "Eddy/Transform/Tape.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;

namespace eddy {

enum TapeField { DataField = 0, SizeField = 1, CapField = 2 };

TapeScopes TapeScopes::create(LLVMContext &Ctx) {
  MDBuilder MDB(Ctx);
  MDNode *Domain = MDB.createAnonymousAliasScopeDomain("eddy.tape");
  MDNode *Header = MDB.createAnonymousAliasScope(Domain, "eddy.tape.header");
  MDNode *Data = MDB.createAnonymousAliasScope(Domain, "eddy.tape.data");
  TapeScopes S;
  S.HeaderList = MDNode::get(Ctx, {Header});
  S.DataList = MDNode::get(Ctx, {Data});
  S.BothList = MDNode::get(Ctx, {Header, Data});
  return S;
}

void TapeScopes::markNoAlias(Instruction &I) const {
  if (I.getMetadata(LLVMContext::MD_alias_scope) == HeaderList ||
      I.getMetadata(LLVMContext::MD_alias_scope) == DataList)
    return; // A tape access itself.
  I.setMetadata(LLVMContext::MD_noalias,
                MDNode::concatenate(I.getMetadata(LLVMContext::MD_noalias),
                                    BothList));
}

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
  // Out of memory: stop loudly rather than write through null.
  BasicBlock *Fail = BasicBlock::Create(Ctx, "oom", F);
  BasicBlock *Done = BasicBlock::Create(Ctx, "done", F);
  B.CreateCondBr(B.CreateIsNull(Data), Fail, Done);
  B.SetInsertPoint(Fail);
  B.CreateCall(libcall(M, "abort", Type::getVoidTy(Ctx), {}));
  B.CreateUnreachable();
  B.SetInsertPoint(Done);
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

Value *Tape::field(IRBuilderBase &B, unsigned Field) const {
  return B.CreateStructGEP(getType(B.getContext()), Ptr, Field);
}

LoadInst *Tape::loadHeader(IRBuilderBase &B, Type *T, unsigned Field,
                           const Twine &Name) const {
  LoadInst *L = B.CreateLoad(T, field(B, Field), Name);
  L->setMetadata(LLVMContext::MD_alias_scope, Scopes.HeaderList);
  L->setMetadata(LLVMContext::MD_noalias, Scopes.DataList);
  return L;
}

void Tape::storeHeader(IRBuilderBase &B, Value *V, unsigned Field) const {
  StoreInst *S = B.CreateStore(V, field(B, Field));
  S->setMetadata(LLVMContext::MD_alias_scope, Scopes.HeaderList);
  S->setMetadata(LLVMContext::MD_noalias, Scopes.DataList);
}

void Tape::destroy(IRBuilderBase &B) const {
  Module &M = *B.GetInsertBlock()->getModule();
  Type *P = B.getPtrTy();
  B.CreateCall(libcall(M, "free", B.getVoidTy(), {P}),
               {loadHeader(B, P, DataField)});
}

void Tape::ensureRoom(IRBuilderBase &B, Value *NewSize) const {
  LLVMContext &Ctx = B.getContext();
  Module &M = *B.GetInsertBlock()->getModule();
  Value *Cap = loadHeader(B, B.getInt64Ty(), CapField);
  Value *Full = B.CreateICmpUGT(NewSize, Cap, "eddy.tape.full");
  Instruction *Here = &*B.GetInsertPoint();
  MDNode *Unlikely = MDBuilder(Ctx).createBranchWeights(1, 1 << 20);
  Instruction *Then = SplitBlockAndInsertIfThen(Full, Here, false, Unlikely);
  IRBuilder<> GB(Then);
  GB.CreateCall(getGrowFunction(M), {Ptr, NewSize});
  B.SetInsertPoint(Here);
}

void Tape::push(IRBuilderBase &B, ArrayRef<Value *> Vals, bool CheckRoom) const {
  if (Vals.empty())
    return;
  const DataLayout &DL = B.GetInsertBlock()->getModule()->getDataLayout();
  uint64_t Bytes = 0;
  for (Value *V : Vals)
    Bytes += slotBytes(DL, V->getType());
  Value *Size = loadHeader(B, B.getInt64Ty(), SizeField, "eddy.tape.size");
  Value *NewSize = B.CreateAdd(Size, B.getInt64(Bytes));
  if (CheckRoom)
    ensureRoom(B, NewSize);
  Value *Data = loadHeader(B, B.getPtrTy(), DataField);
  uint64_t Off = 0;
  for (Value *V : Vals) {
    Value *Slot = B.CreateGEP(B.getInt8Ty(), Data, B.CreateAdd(Size, B.getInt64(Off)));
    StoreInst *S = B.CreateAlignedStore(V, Slot, Align(8));
    S->setMetadata(LLVMContext::MD_alias_scope, Scopes.DataList);
    S->setMetadata(LLVMContext::MD_noalias, Scopes.HeaderList);
    Off += slotBytes(DL, V->getType());
  }
  storeHeader(B, NewSize, SizeField);
}

SmallVector<Value *, 8> Tape::pop(IRBuilderBase &B, ArrayRef<Type *> Types) const {
  SmallVector<Value *, 8> Out;
  if (Types.empty())
    return Out;
  const DataLayout &DL = B.GetInsertBlock()->getModule()->getDataLayout();
  uint64_t Bytes = 0;
  for (Type *Ty : Types)
    Bytes += slotBytes(DL, Ty);
  Value *Size = loadHeader(B, B.getInt64Ty(), SizeField, "eddy.tape.size");
  Value *Base = B.CreateSub(Size, B.getInt64(Bytes));
  Value *Data = loadHeader(B, B.getPtrTy(), DataField);
  uint64_t Off = 0;
  for (Type *Ty : Types) {
    Value *Slot = B.CreateGEP(B.getInt8Ty(), Data, B.CreateAdd(Base, B.getInt64(Off)));
    LoadInst *L = B.CreateAlignedLoad(Ty, Slot, Align(8));
    L->setMetadata(LLVMContext::MD_alias_scope, Scopes.DataList);
    L->setMetadata(LLVMContext::MD_noalias, Scopes.HeaderList);
    Out.push_back(L);
    Off += slotBytes(DL, Ty);
  }
  storeHeader(B, Base, SizeField);
  return Out;
}

void Tape::reserve(IRBuilderBase &B, Value *Bytes) const {
  Value *Size = loadHeader(B, B.getInt64Ty(), SizeField);
  ensureRoom(B, B.CreateAdd(Size, Bytes));
}

} // namespace eddy
