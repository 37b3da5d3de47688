//===- Tape.cpp - The reverse sweep's LIFO storage ------------------------===//
#include "Eddy/Transform/Tape.h"
#include "Eddy/Support/LibCalls.h"
#include "Eddy/Support/OutOfMemory.h"
#include "Eddy/Support/SanitizerAttributes.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Cloning.h"

using namespace llvm;

namespace eddy {

enum TapeField { DataField = 0, SizeField = 1, CapField = 2 };

TapeScopes TapeScopes::create(LLVMContext &Ctx, bool Optimized) {
  if (!Optimized)
    return {};
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
  if (!BothList)
    return;
  if (I.getMetadata(LLVMContext::MD_alias_scope) == HeaderList ||
      I.getMetadata(LLVMContext::MD_alias_scope) == DataList)
    return; // A tape access itself.
  I.setMetadata(LLVMContext::MD_noalias,
                MDNode::concatenate(I.getMetadata(LLVMContext::MD_noalias),
                                    BothList));
}

void TapeScopes::unifyInlined(Function &F) const {
  if (!HeaderList)
    return;
  MDNode *Header = cast<MDNode>(HeaderList->getOperand(0));
  MDNode *Data = cast<MDNode>(DataList->getOperand(0));
  DenseMap<MDNode *, MDNode *> Unified;
  auto Unify = [&](MDNode *List) -> MDNode * {
    auto [It, New] = Unified.try_emplace(List, nullptr);
    if (!New)
      return It->second;
    SmallVector<Metadata *, 4> Scopes;
    for (const MDOperand &Op : List->operands()) {
      auto *Scope = dyn_cast<MDNode>(Op);
      Metadata *M = Op;
      if (Scope) {
        StringRef Name = AliasScopeNode(Scope).getName();
        if (Name == "eddy.tape.header")
          M = Header;
        else if (Name == "eddy.tape.data")
          M = Data;
      }
      if (!is_contained(Scopes, M))
        Scopes.push_back(M);
    }
    return It->second = MDNode::get(F.getContext(), Scopes);
  };
  for (BasicBlock &BB : F)
    for (Instruction &I : BB)
      for (unsigned Kind : {LLVMContext::MD_alias_scope, LLVMContext::MD_noalias})
        if (MDNode *List = I.getMetadata(Kind))
          I.setMetadata(Kind, Unify(List));
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
  return getLibFunction(M, Name, Ret, Params);
}

/// eddy.tape.grow(tape, need, function): Capacity = max(need, 2 * Capacity,
/// 4 KiB). When realloc fails, the runtime's reporter names `function`.
static Function *getGrowFunction(Module &M) {
  LLVMContext &Ctx = M.getContext();
  if (Function *F = M.getFunction("eddy.tape.grow"))
    return F;
  Type *Ptr = PointerType::getUnqual(Ctx), *I64 = Type::getInt64Ty(Ctx);
  auto *F = Function::Create(FunctionType::get(Type::getVoidTy(Ctx), {Ptr, I64, Ptr}, false),
                             GlobalValue::LinkOnceODRLinkage, "eddy.tape.grow", M);
  F->setVisibility(GlobalValue::HiddenVisibility);
  F->addFnAttr(Attribute::NoInline);
  F->addFnAttr(Attribute::Cold);
  F->addFnAttr(Attribute::NoUnwind);
  inheritModuleSanitizerAttributes(*F, M);
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
  // Out of memory: one line naming the function and the remedy, the user's
  // handler, abort (lib/Runtime/OutOfMemory.c) -- never a write through null.
  BasicBlock *Fail = BasicBlock::Create(Ctx, "oom", F);
  BasicBlock *Done = BasicBlock::Create(Ctx, "done", F);
  B.CreateCondBr(B.CreateIsNull(Data), Fail, Done);
  B.SetInsertPoint(Fail);
  B.CreateCall(getOutOfMemoryReporter(M),
               {F->getArg(2), Cap, privateString(M, "tape")})
      ->setDoesNotReturn();
  B.CreateUnreachable();
  B.SetInsertPoint(Done);
  B.CreateStore(Data, DataP);
  B.CreateStore(Cap, CapP);
  B.CreateRetVoid();
  return F;
}

/// The thread's spare tape buffer { ptr, i64 capacity }: a gradient takes it
/// when it starts and gives it back when it ends, so repeated gradients reuse
/// memory that is already mapped instead of faulting in fresh pages each call.
static GlobalVariable *getSpareBuffer(Module &M) {
  if (GlobalVariable *GV = M.getNamedGlobal("eddy.tape.spare"))
    return GV;
  LLVMContext &Ctx = M.getContext();
  auto *T = StructType::get(PointerType::getUnqual(Ctx), Type::getInt64Ty(Ctx));
  auto *GV = new GlobalVariable(M, T, false, GlobalValue::LinkOnceODRLinkage,
                                Constant::getNullValue(T), "eddy.tape.spare",
                                nullptr, GlobalValue::GeneralDynamicTLSModel);
  GV->setVisibility(GlobalValue::HiddenVisibility);
  return GV;
}

/// Buffers larger than this are freed rather than kept for the next call.
constexpr uint64_t MaxSpareBytes = uint64_t(256) << 20;

/// Whether this thread has registered eddy.tape.spare.free to run at its exit.
static GlobalVariable *getSpareRegistered(Module &M) {
  if (GlobalVariable *GV = M.getNamedGlobal("eddy.tape.spare.registered"))
    return GV;
  Type *I8 = Type::getInt8Ty(M.getContext());
  auto *GV = new GlobalVariable(M, I8, false, GlobalValue::LinkOnceODRLinkage,
                                ConstantInt::get(I8, 0),
                                "eddy.tape.spare.registered", nullptr,
                                GlobalValue::GeneralDynamicTLSModel);
  GV->setVisibility(GlobalValue::HiddenVisibility);
  return GV;
}

/// A small function of the tape, `void Name(ptr tape)`, with the body \p Body
/// builds; hidden linkonce_odr, so one copy serves every translation unit.
template <typename BodyFn>
static Function *getTapeFunction(Module &M, StringRef Name, unsigned NumParams,
                                 BodyFn Body) {
  if (Function *F = M.getFunction(Name))
    return F;
  LLVMContext &Ctx = M.getContext();
  SmallVector<Type *, 2> Params(NumParams, PointerType::getUnqual(Ctx));
  auto *F = Function::Create(FunctionType::get(Type::getVoidTy(Ctx), Params, false),
                             GlobalValue::LinkOnceODRLinkage, Name, M);
  F->setVisibility(GlobalValue::HiddenVisibility);
  F->addFnAttr(Attribute::NoUnwind);
  inheritModuleSanitizerAttributes(*F, M);
  IRBuilder<> B(BasicBlock::Create(Ctx, "entry", F));
  B.SetInsertPoint(B.CreateRetVoid()); // Bodies are built before the return.
  Body(B, F);
  return F;
}

/// eddy.tape.spare.free(unused): frees the thread's spare buffer when the
/// thread exits, which would otherwise leak one buffer per thread that ever
/// computed a gradient. A pthread key destructor: those run when a thread
/// ends but not at exit(), so the main thread's spare simply stays reachable
/// (and a JIT that frees its code before exit() is never called back).
static Function *getSpareFree(Module &M) {
  return getTapeFunction(M, "eddy.tape.spare.free", 1, [&](IRBuilder<> &B, Function *) {
    GlobalVariable *Spare = getSpareBuffer(M);
    Value *SpareP = B.CreateThreadLocalAddress(Spare);
    Value *Data = B.CreateLoad(B.getPtrTy(), SpareP);
    B.CreateCall(libcall(M, "free", B.getVoidTy(), {B.getPtrTy()}), {Data});
    B.CreateStore(Constant::getNullValue(Spare->getValueType()), SpareP);
    // A gradient computed by a later key destructor registers again.
    B.CreateStore(B.getInt8(0), B.CreateThreadLocalAddress(getSpareRegistered(M)));
  });
}

/// A process-wide global of type i32 (pthread_key_t and pthread_once_t are
/// both int on Linux), zero-initialized (PTHREAD_ONCE_INIT).
static GlobalVariable *getKeyGlobal(Module &M, StringRef Name) {
  if (GlobalVariable *GV = M.getNamedGlobal(Name))
    return GV;
  Type *I32 = Type::getInt32Ty(M.getContext());
  auto *GV = new GlobalVariable(M, I32, false, GlobalValue::LinkOnceODRLinkage,
                                ConstantInt::get(I32, 0), Name);
  GV->setVisibility(GlobalValue::HiddenVisibility);
  return GV;
}

/// eddy.tape.spare.register(): once per thread, before the thread first keeps
/// a spare buffer, gives the thread a value for the key whose destructor is
/// eddy.tape.spare.free (the key is created once per process).
static Function *getSpareRegister(Module &M) {
  Function *F = getTapeFunction(M, "eddy.tape.spare.register", 0, [&](IRBuilder<> &B, Function *) {
    Type *Ptr = B.getPtrTy(), *I32 = B.getInt32Ty();
    GlobalVariable *Key = getKeyGlobal(M, "eddy.tape.key");
    Function *Create = getTapeFunction(M, "eddy.tape.key.create", 0,
                                       [&](IRBuilder<> &CB, Function *) {
      CB.CreateCall(libcall(M, "pthread_key_create", I32, {Ptr, Ptr}),
                    {Key, getSpareFree(M)});
    });
    B.CreateCall(libcall(M, "pthread_once", I32, {Ptr, Ptr}),
                 {getKeyGlobal(M, "eddy.tape.once"), Create});
    // Any non-null value arms the destructor.
    B.CreateCall(libcall(M, "pthread_setspecific", I32, {I32, Ptr}),
                 {B.CreateLoad(I32, Key), Key});
    B.CreateStore(B.getInt8(1), B.CreateThreadLocalAddress(getSpareRegistered(M)));
  });
  F->addFnAttr(Attribute::NoInline);
  F->addFnAttr(Attribute::Cold);
  return F;
}

/// eddy.tape.acquire(tape): start from the thread's spare buffer.
static Function *getAcquire(Module &M) {
  return getTapeFunction(M, "eddy.tape.acquire", 1, [&](IRBuilder<> &B, Function *F) {
    StructType *TT = Tape::getType(M.getContext());
    GlobalVariable *Spare = getSpareBuffer(M);
    Type *SpareT = Spare->getValueType();
    Value *SpareP = B.CreateThreadLocalAddress(Spare);
    Value *T = F->getArg(0);
    Value *Data = B.CreateLoad(B.getPtrTy(), B.CreateStructGEP(SpareT, SpareP, 0));
    Value *Cap = B.CreateLoad(B.getInt64Ty(), B.CreateStructGEP(SpareT, SpareP, 1));
    B.CreateStore(Data, B.CreateStructGEP(TT, T, DataField));
    B.CreateStore(B.getInt64(0), B.CreateStructGEP(TT, T, SizeField));
    B.CreateStore(Cap, B.CreateStructGEP(TT, T, CapField));
    B.CreateStore(Constant::getNullValue(SpareT), SpareP); // Taken.
  });
}

/// eddy.tape.release(tape): keep the buffer as the thread's spare unless
/// there already is one (a nested gradient finished first) or it is very
/// large; free it otherwise.
static Function *getRelease(Module &M) {
  return getTapeFunction(M, "eddy.tape.release", 1, [&](IRBuilder<> &B, Function *F) {
    StructType *TT = Tape::getType(M.getContext());
    GlobalVariable *Spare = getSpareBuffer(M);
    Type *SpareT = Spare->getValueType();
    Value *SpareP = B.CreateThreadLocalAddress(Spare);
    Value *SpareData = B.CreateStructGEP(SpareT, SpareP, 0);
    Value *T = F->getArg(0);
    Value *Data = B.CreateLoad(B.getPtrTy(), B.CreateStructGEP(TT, T, DataField));
    Value *Cap = B.CreateLoad(B.getInt64Ty(), B.CreateStructGEP(TT, T, CapField));
    Value *NoSpare = B.CreateIsNull(B.CreateLoad(B.getPtrTy(), SpareData));
    Value *Small = B.CreateICmpULE(Cap, B.getInt64(MaxSpareBytes));
    Value *Keep = B.CreateAnd(NoSpare, Small);
    Instruction *KeepT, *FreeT;
    SplitBlockAndInsertIfThenElse(Keep, &*B.GetInsertPoint(), &KeepT, &FreeT);
    IRBuilder<> KB(KeepT);
    KB.CreateStore(Data, SpareData);
    KB.CreateStore(Cap, KB.CreateStructGEP(SpareT, SpareP, 1));
    Value *Registered = KB.CreateLoad(
        KB.getInt8Ty(), KB.CreateThreadLocalAddress(getSpareRegistered(M)));
    MDNode *Unlikely = MDBuilder(M.getContext()).createBranchWeights(1, 1 << 20);
    Instruction *RegT = SplitBlockAndInsertIfThen(
        KB.CreateICmpEQ(Registered, KB.getInt8(0)), KeepT, false, Unlikely);
    IRBuilder<>(RegT).CreateCall(getSpareRegister(M));
    IRBuilder<> FB(FreeT);
    FB.CreateCall(libcall(M, "free", B.getVoidTy(), {B.getPtrTy()}), {Data});
  });
}

/// Tangent rules, for when forward mode differentiates a gradient (forward
/// over reverse): the shadow tape gets a zeroed buffer as large as the primal
/// one it starts from, and gives it up at the end.
static Function *getAcquireTangent(Module &M) {
  return getTapeFunction(M, "eddy.tape.acquire.tangent", 2, [&](IRBuilder<> &B, Function *F) {
    StructType *TT = Tape::getType(M.getContext());
    Value *Cap = B.CreateLoad(B.getInt64Ty(), B.CreateStructGEP(TT, F->getArg(0), CapField));
    FunctionCallee Calloc =
        libcall(M, "calloc", B.getPtrTy(), {B.getInt64Ty(), B.getInt64Ty()});
    Value *Buf = B.CreateCall(Calloc, {B.getInt64(1), Cap});
    Value *D = F->getArg(1);
    B.CreateStore(Buf, B.CreateStructGEP(TT, D, DataField));
    B.CreateStore(B.getInt64(0), B.CreateStructGEP(TT, D, SizeField));
    B.CreateStore(Cap, B.CreateStructGEP(TT, D, CapField));
  });
}

static Function *getReleaseTangent(Module &M) {
  return getTapeFunction(M, "eddy.tape.release.tangent", 2, [&](IRBuilder<> &B, Function *F) {
    StructType *TT = Tape::getType(M.getContext());
    Value *Buf = B.CreateLoad(B.getPtrTy(), B.CreateStructGEP(TT, F->getArg(1), DataField));
    B.CreateCall(libcall(M, "free", B.getVoidTy(), {B.getPtrTy()}), {Buf});
  });
}

SmallVector<std::pair<Function *, Function *>, 2> Tape::tangentRules(Module &M) {
  return {{getAcquire(M), getAcquireTangent(M)},
          {getRelease(M), getReleaseTangent(M)}};
}

void Tape::inlineBufferCalls(Module &M) {
  for (StringRef Name : {"eddy.tape.acquire", "eddy.tape.release"}) {
    Function *F = M.getFunction(Name);
    if (!F)
      continue;
    SmallVector<CallBase *, 8> Calls;
    for (User *U : F->users())
      if (auto *CB = dyn_cast<CallBase>(U); CB && CB->getCalledFunction() == F)
        Calls.push_back(CB);
    for (CallBase *CB : Calls) {
      InlineFunctionInfo IFI;
      InlineFunction(*CB, IFI);
    }
  }
}

Value *Tape::create(IRBuilderBase &B) {
  Function *F = B.GetInsertBlock()->getParent();
  LLVMContext &Ctx = F->getContext();
  IRBuilder<> EB(&F->getEntryBlock(), F->getEntryBlock().begin());
  Value *T = EB.CreateAlloca(getType(Ctx), nullptr, "eddy.tape");
  B.CreateCall(getAcquire(*F->getParent()), {T});
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
  B.CreateCall(getRelease(*B.GetInsertBlock()->getModule()), {Ptr});
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
  Value *Name = Owner ? Owner : privateString(M, "?");
  GB.CreateCall(getGrowFunction(M), {Ptr, NewSize, Name});
  B.SetInsertPoint(Here);
}

void Tape::push(IRBuilderBase &B, ArrayRef<Value *> Vals, bool CheckRoom) const {
  pushAt(B, Vals, {}, CheckRoom);
}

void Tape::pushAt(IRBuilderBase &B, ArrayRef<Value *> Vals,
                  ArrayRef<Instruction *> StoreBefore, bool CheckRoom) const {
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
  Value *At = address(B, Size);
  uint64_t Off = 0;
  IRBuilder<> SB(B.getContext());
  for (auto [K, V] : enumerate(Vals)) {
    Instruction *Before = K < StoreBefore.size() ? StoreBefore[K] : nullptr;
    if (Before)
      SB.SetInsertPoint(Before);
    else
      SB.SetInsertPoint(B.GetInsertBlock(), B.GetInsertPoint());
    Value *Slot = SB.CreateConstGEP1_64(SB.getInt8Ty(), At, Off);
    StoreInst *S = SB.CreateAlignedStore(V, Slot, Align(8));
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
  Value *At = address(B, Base);
  uint64_t Off = 0;
  for (Type *Ty : Types) {
    Out.push_back(loadSlot(B, At, Off, Ty));
    Off += slotBytes(DL, Ty);
  }
  storeHeader(B, Base, SizeField);
  return Out;
}

Value *Tape::allocRecord(IRBuilderBase &B, uint64_t Bytes) const {
  Value *Base = loadHeader(B, B.getInt64Ty(), SizeField, "eddy.record");
  Value *NewSize = B.CreateAdd(Base, B.getInt64(Bytes));
  ensureRoom(B, NewSize);
  storeHeader(B, NewSize, SizeField);
  return Base;
}

void Tape::storeAt(IRBuilderBase &B, Value *Base,
                   ArrayRef<std::pair<uint64_t, Value *>> Slots) const {
  if (Slots.empty())
    return;
  Value *At = address(B, Base);
  for (auto [Offset, V] : Slots) {
    Value *Slot = B.CreateConstGEP1_64(B.getInt8Ty(), At, Offset);
    StoreInst *S = B.CreateAlignedStore(V, Slot, Align(8));
    S->setMetadata(LLVMContext::MD_alias_scope, Scopes.DataList);
    S->setMetadata(LLVMContext::MD_noalias, Scopes.HeaderList);
  }
}

Value *Tape::loadAt(IRBuilderBase &B, Value *Base, uint64_t Offset, Type *T) const {
  return loadSlot(B, address(B, Base), Offset, T);
}

Value *Tape::address(IRBuilderBase &B, Value *Base) const {
  return B.CreateGEP(B.getInt8Ty(), loadHeader(B, B.getPtrTy(), DataField), Base);
}

Value *Tape::loadSlot(IRBuilderBase &B, Value *At, uint64_t Offset, Type *T,
                      const Twine &Name) const {
  Value *Slot = B.CreateConstGEP1_64(B.getInt8Ty(), At, Offset);
  LoadInst *L = B.CreateAlignedLoad(T, Slot, Align(8), Name);
  L->setMetadata(LLVMContext::MD_alias_scope, Scopes.DataList);
  L->setMetadata(LLVMContext::MD_noalias, Scopes.HeaderList);
  return L;
}

Value *Tape::top(IRBuilderBase &B) const {
  return loadHeader(B, B.getInt64Ty(), SizeField, "eddy.tape.size");
}

void Tape::truncate(IRBuilderBase &B, Value *Base) const {
  storeHeader(B, Base, SizeField);
}

void Tape::reserve(IRBuilderBase &B, Value *Bytes) const {
  Value *Size = loadHeader(B, B.getInt64Ty(), SizeField);
  ensureRoom(B, B.CreateAdd(Size, Bytes));
}

} // namespace eddy
