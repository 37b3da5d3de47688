//===- ShadowMemory.cpp - Shadow pointers mirror the primal's -------------===//
#include "ShadowMemory.h"
#include "CallClassifier.h"
#include "Eddy/Analysis/GlobalShadows.h"
#include "Eddy/Analysis/Registrations.h"
#include "Eddy/Support/LibCalls.h"
#include "Eddy/Support/OutOfMemory.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace eddy {

Value *ShadowMemory::mapped(Value *V) const {
  if (isa<Constant>(V))
    return V;
  auto It = VMap.find(V);
  return It == VMap.end() ? V : (Value *)It->second;
}

Value *ShadowMemory::pointer(Value *P, Instruction *User) {
  if (Value *S = lookup(P))
    return S;
  if (isa<ConstantPointerNull>(P) || isa<UndefValue>(P))
    return ConstantPointerNull::get(cast<PointerType>(P->getType()));
  // An address computed from null (see storePointer): only ever used with
  // nothing to access (a zero-length copy), its shadow is itself.
  if (isa<ConstantPointerNull>(getUnderlyingObject(P)))
    return mapped(P);
  if (Value *S = constantShadow(P))
    return S;
  if (const Registrations *Regs = Act.registrations())
    if (const GlobalShadows *Globals = Regs->globalShadows())
      if (Constant *S = Globals->shadowOf(P, Width, Lane))
        return S;
  // The user declared this memory inactive: no derivative flows into it.
  if (const Registrations *Regs = Act.registrations())
    if (Regs->isInactiveGlobal(getUnderlyingObject(P)))
      return ConstantPointerNull::get(cast<PointerType>(P->getType()));
  // The block an indirect call returns (a malloc wrapper's allocator that
  // cannot be resolved): say so, at that call.
  if (auto *CB = dyn_cast<CallBase>(P->stripPointerCasts());
      CB && !CB->getCalledFunction() && !CB->isInlineAsm() &&
      CB->getFunction() == &Primal) {
    Diags.error(CB, indirectCallRefusal(*CB), &Primal);
    return ConstantPointerNull::get(cast<PointerType>(P->getType()));
  }
  std::string What = isa<GlobalVariable>(P->stripPointerCasts())
                         ? "global variable '" +
                               P->stripPointerCasts()->getName().str() + "'"
                         : std::string("memory that is not differentiated");
  if (StringRef Name = getUnderlyingObject(P)->getName();
      Name.contains(".eddy.shadow.")) {
    Diags.error(User,
                "the derivative of a function that writes global variable '" +
                    Name.split(".eddy.shadow.").first +
                    "' is differentiated again (forward over reverse, or a "
                    "derivative inside a derivative); the global's shadow has "
                    "no shadow of its own: pass that data as an argument "
                    "with enzyme_dup instead",
                &Primal);
    return ConstantPointerNull::get(cast<PointerType>(P->getType()));
  }
  Diags.error(User,
              "a value that depends on the differentiated inputs is stored "
              "into or read from " + What +
                  ", which has no shadow; pass it as an argument with "
                  "enzyme_dup, or keep derivative-carrying data in locals",
              &Primal);
  return ConstantPointerNull::get(cast<PointerType>(P->getType()));
}

Value *ShadowMemory::shadow(Value *V, Instruction *User) {
  if (V->getType()->isPointerTy())
    return pointer(V, User);
  if (Value *S = lookup(V))
    return S;
  if (auto *C = dyn_cast<Constant>(V))
    return constantAggregateShadow(C, User);
  // An aggregate built from values that are not active (members set one by
  // one before an active pointer joins them): its shadow is built the same
  // way, once, next to it, so that it dominates every use.
  if (auto *IV = dyn_cast<InsertValueInst>(V);
      IV && IV->getFunction() == &Primal) {
    auto *NewIV = cast<Instruction>(mapped(IV));
    IRBuilder<> B(NewIV->getParent(), std::next(NewIV->getIterator()));
    Value *S = B.CreateInsertValue(
        memberShadow(IV->getAggregateOperand(), IV),
        memberShadow(IV->getInsertedValueOperand(), IV), IV->getIndices(),
        IV->getName() + ".shadow");
    set(IV, S);
    return S;
  }
  Diags.error(User,
              "a struct or array holding pointers to differentiated data has "
              "no shadow here (it is read from memory that is not "
              "differentiated, or returned by a function whose derivative "
              "does not give one); pass that memory with enzyme_dup, or "
              "return the pointers one by one",
              &Primal);
  return Constant::getNullValue(V->getType());
}

Constant *ShadowMemory::constantAggregateShadow(Constant *C,
                                                Instruction *User) {
  Type *T = C->getType();
  if (isa<ConstantAggregateZero>(C) || isa<UndefValue>(C) ||
      !hasShadowPointers(T) || isa<Function>(C->stripPointerCasts()))
    return Constant::getNullValue(T); // Code and integers have no shadow.
  if (T->isPointerTy())
    return cast<Constant>(pointer(C, User));
  unsigned N = isa<StructType>(T) ? T->getStructNumElements()
                                  : T->getArrayNumElements();
  SmallVector<Constant *, 4> Members;
  for (unsigned K = 0; K < N; ++K)
    Members.push_back(constantAggregateShadow(C->getAggregateElement(K), User));
  if (auto *ST = dyn_cast<StructType>(T))
    return ConstantStruct::get(ST, Members);
  return ConstantArray::get(cast<ArrayType>(T), Members);
}

Value *ShadowMemory::memberShadow(Value *V, Instruction *User) {
  Type *T = V->getType();
  if (!hasShadowPointers(T)) {
    // Forward mode keeps tangents in the same map; the augmented sweep has
    // none (adjoints live in slots), nor do integers.
    Value *S = lookup(V);
    return S ? S : Constant::getNullValue(T);
  }
  if (isa<Constant>(V) || lookup(V) || Act.isActive(V) ||
      isa<InsertValueInst>(V))
    return shadow(V, User);
  // A null shadow would let a derivative be read or written through address
  // zero once the pointer is taken out of the struct again.
  Diags.error(User,
              "a pointer to memory that is not differentiated (an argument "
              "marked enzyme_const, or memory reached through one) is put "
              "into a struct or array together with differentiated data; "
              "give that memory a shadow (enzyme_dup) or keep it out of the "
              "struct",
              &Primal);
  return Constant::getNullValue(T);
}

/// The shadow of a constant global (a lookup table), for when a pointer into
/// it meets differentiated pointers in a phi or select: zeros in forward mode
/// (its data has no tangent), a writable sink in the augmented sweep (the
/// adjoints a load adds there go nowhere). Both are module-level globals.
static GlobalVariable *constantShadowGlobal(GlobalVariable &G, LocalShadows Locals) {
  Module &M = *G.getParent();
  bool Sink = Locals == LocalShadows::Heap;
  std::string Name = (G.getName() + (Sink ? ".eddy.sink" : ".eddy.zero")).str();
  if (GlobalVariable *S = M.getNamedGlobal(Name))
    return S;
  auto *S = new GlobalVariable(M, G.getValueType(), /*isConstant=*/!Sink,
                               GlobalValue::InternalLinkage,
                               Constant::getNullValue(G.getValueType()), Name);
  S->setAlignment(G.getAlign());
  return S;
}

Value *ShadowMemory::constantShadow(Value *P) {
  if (auto *G = dyn_cast<GlobalVariable>(P))
    return G->isConstant() && G->hasDefinitiveInitializer()
               ? constantShadowGlobal(*G, Locals)
               : nullptr;
  if (auto *CE = dyn_cast<ConstantExpr>(P)) {
    if (CE->getOpcode() != Instruction::GetElementPtr)
      return nullptr;
    auto *Base = dyn_cast_or_null<Constant>(constantShadow(CE->getOperand(0)));
    if (!Base)
      return nullptr;
    SmallVector<Constant *, 4> Ops;
    for (Use &U : CE->operands())
      Ops.push_back(cast<Constant>(U.get()));
    Ops[0] = Base;
    return CE->getWithOperands(Ops);
  }
  auto *GEP = dyn_cast<GetElementPtrInst>(P);
  if (!GEP || GEP->getFunction() != &Primal)
    return nullptr;
  Value *Base = constantShadow(GEP->getPointerOperand());
  if (!Base)
    return nullptr;
  // Built once, right after the copy of the GEP, so that it dominates every
  // use of the GEP (phis and selects merging it with active pointers).
  auto *NewGEP = cast<GetElementPtrInst>(mapped(GEP));
  IRBuilder<> B(NewGEP->getParent(), std::next(NewGEP->getIterator()));
  SmallVector<Value *, 4> Idx(NewGEP->indices());
  Value *S = B.CreateGEP(GEP->getSourceElementType(), Base, Idx,
                         GEP->getName() + ".shadow", GEP->isInBounds());
  set(GEP, S);
  return S;
}

bool ShadowMemory::visitPointer(Instruction &I, IRBuilder<> &B) {
  if (!hasShadowPointers(I.getType()) || !Act.isActive(&I))
    return false;
  if (auto *AI = dyn_cast<AllocaInst>(&I)) {
    const DataLayout &DL = New.getParent()->getDataLayout();
    Value *Size = B.getInt64(DL.getTypeAllocSize(AI->getAllocatedType()));
    if (AI->isArrayAllocation())
      Size = B.CreateMul(Size, B.CreateZExtOrTrunc(mapped(AI->getArraySize()),
                                                   B.getInt64Ty()));
    Value *S;
    if (Locals == LocalShadows::Stack) {
      S = B.CreateAlloca(AI->getAllocatedType(), AI->getAddressSpace(),
                         AI->isArrayAllocation() ? mapped(AI->getArraySize())
                                                 : nullptr,
                         I.getName() + ".shadow");
      cast<AllocaInst>(S)->setAlignment(AI->getAlign());
      B.CreateMemSet(S, B.getInt8(0), Size, AI->getAlign());
    } else {
      S = heapShadow(B, Size, mapped(AI), I.getName() + ".shadow");
    }
    set(&I, S);
    return true;
  }
  if (auto *GEP = dyn_cast<GetElementPtrInst>(&I)) {
    auto *NewGEP = cast<GetElementPtrInst>(mapped(GEP));
    Value *Base = pointer(GEP->getPointerOperand(), &I);
    SmallVector<Value *, 4> Idx(NewGEP->indices());
    set(&I, B.CreateGEP(GEP->getSourceElementType(), Base, Idx,
                        I.getName() + ".shadow", GEP->isInBounds()));
    return true;
  }
  if (auto *CI = dyn_cast<CastInst>(&I)) {
    if (!CI->getOperand(0)->getType()->isPointerTy())
      return false; // inttoptr: no shadow.
    set(&I, B.CreateCast(CI->getOpcode(), pointer(CI->getOperand(0), &I),
                         CI->getType(), I.getName() + ".shadow"));
    return true;
  }
  if (auto *Fr = dyn_cast<FreezeInst>(&I)) {
    // The same address (or, were it poison, some fixed one): its shadow is
    // the shadow's. LLVM freezes pointers whose comparisons it moves.
    set(&I, B.CreateFreeze(shadow(Fr->getOperand(0), &I),
                           I.getName() + ".shadow"));
    return true;
  }
  if (auto *Sel = dyn_cast<SelectInst>(&I)) {
    set(&I, B.CreateSelect(mapped(Sel->getCondition()),
                           shadow(Sel->getTrueValue(), &I),
                           shadow(Sel->getFalseValue(), &I),
                           I.getName() + ".shadow"));
    return true;
  }
  if (auto *Phi = dyn_cast<PHINode>(&I)) {
    auto *NewPhi = cast<PHINode>(mapped(Phi));
    IRBuilder<> PB(NewPhi->getParent(), NewPhi->getParent()->begin());
    PHINode *S = PB.CreatePHI(Phi->getType(), Phi->getNumIncomingValues(),
                              I.getName() + ".shadow");
    set(&I, S);
    PendingPhis.push_back({Phi, S});
    return true;
  }
  if (auto *LI = dyn_cast<LoadInst>(&I)) {
    Value *SP = pointer(LI->getPointerOperand(), &I);
    set(&I, B.CreateAlignedLoad(LI->getType(), SP, LI->getAlign(),
                                I.getName() + ".shadow"));
    return true;
  }
  if (auto *IV = dyn_cast<InsertValueInst>(&I)) {
    set(&I, B.CreateInsertValue(memberShadow(IV->getAggregateOperand(), &I),
                                memberShadow(IV->getInsertedValueOperand(), &I),
                                IV->getIndices(), I.getName() + ".shadow"));
    return true;
  }
  if (auto *EV = dyn_cast<ExtractValueInst>(&I)) {
    set(&I, B.CreateExtractValue(shadow(EV->getAggregateOperand(), &I),
                                 EV->getIndices(), I.getName() + ".shadow"));
    return true;
  }
  return false;
}

/// The bytes and the alignment (null: malloc's) an allocation call asks for.
static std::pair<Value *, Value *> requestedBlock(CallBase &NewCall,
                                                  StringRef Name,
                                                  IRBuilder<> &B) {
  auto Arg = [&](unsigned K) {
    return B.CreateZExtOrTrunc(NewCall.getArgOperand(K), B.getInt64Ty());
  };
  if (Name == "calloc")
    return {B.CreateMul(Arg(0), Arg(1)), nullptr};
  if (Name == "aligned_alloc" || Name == "memalign")
    return {Arg(1), Arg(0)};
  if (Name == "_ZnwmSt11align_val_t" || Name == "_ZnamSt11align_val_t")
    return {Arg(0), Arg(1)};
  if (Name == "valloc") // Page-aligned; Linux's pages are 4 KiB at least.
    return {Arg(0), B.getInt64(4096)};
  return {Arg(0), nullptr}; // malloc, operator new and new[].
}

/// What to zero of a fresh shadow \p Shadow of \p Size bytes: nothing when
/// its allocation failed along with the primal's (checkShadow lets that
/// pass: the program handles its null block, and its shadow is never used).
static Value *bytesToZero(IRBuilderBase &B, Value *Shadow, Value *Size) {
  return B.CreateSelect(B.CreateIsNull(Shadow),
                        Constant::getNullValue(Size->getType()), Size);
}

void ShadowMemory::allocate(CallBase &CB, IRBuilder<> &B,
                            const AllocationLike *Like) {
  auto *NewCall = cast<CallBase>(mapped(&CB));
  if (Like) { // Enzyme's convention: the allocator again, then zeroed.
    SmallVector<Value *, 4> Args(NewCall->args());
    CallInst *S = B.CreateCall(NewCall->getFunctionType(),
                               NewCall->getCalledOperand(), Args,
                               CB.getName() + ".shadow");
    checkShadow(B, S, NewCall, Args[Like->SizeArg]);
    B.CreateMemSet(S, B.getInt8(0), bytesToZero(B, S, Args[Like->SizeArg]),
                   MaybeAlign());
    set(&CB, S);
    return;
  }
  // realloc never gets here: Canonicalize.cpp splits it up.
  auto [Size, Alignment] =
      requestedBlock(*NewCall, CB.getCalledFunction()->getName(), B);
  // An over-aligned block gets an over-aligned shadow: the derivative
  // accesses the shadow with the alignment the primal's accesses assume.
  auto *Small = dyn_cast_or_null<ConstantInt>(Alignment);
  Value *S = !Alignment || (Small && Small->getZExtValue() <= 16)
                 ? heapShadow(B, Size, NewCall, CB.getName() + ".shadow")
                 : alignedHeapShadow(B, Size, Alignment, NewCall,
                                     CB.getName() + ".shadow");
  set(&CB, S);
}

/// A shadow that could not be allocated while its primal block was (a
/// failed primal allocation is the program's to handle) would be written
/// through null: report it instead (Eddy/Support/OutOfMemory.h).
void ShadowMemory::checkShadow(IRBuilderBase &B, Value *Shadow,
                               Value *PrimalBlock, Value *Size) {
  Module &M = *New.getParent();
  Value *Failed = B.CreateAnd(B.CreateIsNull(Shadow),
                              B.CreateIsNotNull(PrimalBlock));
  checkAllocation(B, Failed, functionNameString(M, Primal), Size,
                  "shadow memory");
}

Value *ShadowMemory::heapShadow(IRBuilder<> &B, Value *Size,
                                Value *PrimalBlock, const Twine &Name) {
  Value *S;
  if (Allocate) {
    S = Allocate(B, Size);
  } else {
    FunctionCallee Calloc = getLibFunction(
        *New.getParent(), "calloc", B.getPtrTy(), {B.getInt64Ty(), B.getInt64Ty()});
    S = B.CreateCall(Calloc, {B.getInt64(1), Size});
    checkShadow(B, S, PrimalBlock, Size);
  }
  S->setName(Name);
  return S;
}

Value *ShadowMemory::alignedHeapShadow(IRBuilder<> &B, Value *Size,
                                       Value *Alignment, Value *PrimalBlock,
                                       const Twine &Name) {
  Value *S;
  if (Allocate) {
    // The split tape owns (and frees) the block it hands out; round its
    // address up inside a block that is Alignment bytes larger.
    Value *Block = Allocate(B, B.CreateAdd(Size, Alignment));
    Value *Misfit = B.CreateAnd(
        B.CreateNeg(B.CreatePtrToInt(Block, B.getInt64Ty())),
        B.CreateSub(Alignment, B.getInt64(1)));
    S = B.CreateGEP(B.getInt8Ty(), Block, Misfit);
  } else {
    // Goes back to free like every other heap shadow (glibc allows it).
    FunctionCallee Memalign = getLibFunction(
        *New.getParent(), "memalign", B.getPtrTy(), {B.getInt64Ty(), B.getInt64Ty()});
    S = B.CreateCall(Memalign, {Alignment, Size});
    checkShadow(B, S, PrimalBlock, Size);
    B.CreateMemSet(S, B.getInt8(0), bytesToZero(B, S, Size), MaybeAlign());
  }
  S->setName(Name);
  return S;
}

/// Whether no pointer is ever read back from \p Obj, a local or heap block
/// of this function: its address reaches only stores into it, loads of
/// non-pointer values, lifetime markers and free. A pointer without a
/// shadow stored there gets a null shadow that nothing reads. (A block whose
/// pointers are read back keeps the refusal: a null shadow would be
/// dereferenced, and the derivative through it lost.)
static bool neverReadsPointersBack(const Value *Obj, const Function &Primal) {
  const auto *Call = dyn_cast<CallBase>(Obj);
  if (!(isa<AllocaInst>(Obj) ||
        (Call && classifyHeapCall(*Call) == HeapCall::Allocate)) ||
      cast<Instruction>(Obj)->getFunction() != &Primal)
    return false;
  SmallVector<const Value *, 8> Work{Obj};
  SmallPtrSet<const Value *, 16> Seen;
  while (!Work.empty()) {
    const Value *V = Work.pop_back_val();
    if (!Seen.insert(V).second)
      continue;
    for (const Use &U : V->uses()) {
      const auto *I = cast<Instruction>(U.getUser());
      if (isa<GetElementPtrInst>(I) || isa<BitCastInst>(I)) {
        Work.push_back(I);
        continue;
      }
      if (const auto *SI = dyn_cast<StoreInst>(I);
          SI && SI->getPointerOperand() == V)
        continue;
      if (const auto *LI = dyn_cast<LoadInst>(I);
          LI && !hasShadowPointers(LI->getType()))
        continue;
      if (const auto *CB = dyn_cast<CallBase>(I)) {
        if (CB->isLifetimeStartOrEnd() ||
            classifyHeapCall(*CB) == HeapCall::Deallocate)
          continue;
      }
      return false;
    }
  }
  return true;
}

void ShadowMemory::checkInactivePointerCopy(CallBase &Copy) {
  // Only a source reached through a pointer read from memory (a lambda's
  // capture, read from the outer request's constant closure) or a local
  // typed as holding pointers (one the analysis left without a shadow: an
  // eddy.hpp holder of such a capture, copied into a tuple at -O0) is taken
  // for pointers: other sources with pointer-like destinations are character
  // data (std::string's buffer sits next to its pointer).
  const Value *Src = getUnderlyingObject(Copy.getArgOperand(1));
  const auto *Local = dyn_cast<AllocaInst>(Src);
  if (!(isa<LoadInst>(Src) ||
        (Local && hasShadowPointers(Local->getAllocatedType()))) ||
      neverReadsPointersBack(getUnderlyingObject(Copy.getArgOperand(0)), Primal))
    return;
  Diags.error(&Copy,
              "memory that is not differentiated and holds pointers is copied "
              "into differentiated memory, where the pointers would have no "
              "shadow; give that memory a shadow (enzyme_dup) or keep it out "
              "of the differentiated data; in C++, a lambda inside a "
              "differentiated lambda cannot copy a lambda that captures by "
              "reference: capture the variables it uses by value or pass them "
              "as arguments",
              &Primal);
}

void ShadowMemory::storePointer(StoreInst &SI, IRBuilder<> &B) {
  Value *V = SI.getValueOperand();
  Value *SP = pointer(SI.getPointerOperand(), &SI);
  if (!V->getType()->isPointerTy()) { // An aggregate holding pointers.
    Value *SV = memberShadow(V, &SI);
    if (Locals == LocalShadows::Stack) { // Forward mode: tangents included.
      B.CreateAlignedStore(SV, SP, SI.getAlign());
      return;
    }
    SmallVector<unsigned, 4> Path;
    storePointerMembers(SV, SP, V->getType(), SI.getAlign(), B, Path);
    return;
  }
  Value *SV = lookup(V);
  // An address computed from null (`_M_start + n` on the path where a
  // vector allocated nothing, which -O2's jump threading makes its own
  // `gep null, n`): its shadow is the same computation from a null shadow,
  // the value itself, never dereferenced.
  if (!SV && isa<ConstantPointerNull>(getUnderlyingObject(V)))
    SV = mapped(V);
  // A local that can never hold a derivative (an integer count captured by
  // reference next to an array, `[&]` in C++): nothing is read through its
  // shadow but integers, which carry none, so the shadow is the local itself.
  if (auto *AI = dyn_cast<AllocaInst>(getUnderlyingObject(V));
      !SV && AI && !mayHoldActiveData(AI->getAllocatedType()))
    SV = mapped(V);
  if (!SV) {
    // A pointer read out of constant memory (or a constant argument): in
    // C++ typically a lambda that captures by reference what an enclosing
    // differentiated lambda captured, since that lambda is reached through
    // the request's constant closure (by value: through its `this`).
    const Value *Base = getUnderlyingObject(V);
    const bool ReadFromConstant = isa<LoadInst>(Base) || isa<Argument>(Base);
    if (!isa<ConstantPointerNull>(V) && !isa<UndefValue>(V) &&
        !neverReadsPointersBack(getUnderlyingObject(SI.getPointerOperand()),
                                Primal))
      Diags.error(&SI,
                  Twine("a pointer to memory that is not differentiated is "
                        "stored into differentiated memory; give that memory "
                        "a shadow (enzyme_dup) or keep it out of the "
                        "differentiated data") +
                      (ReadFromConstant
                           ? "; in C++, a lambda inside a differentiated "
                             "lambda cannot capture by reference both a "
                             "variable that the outer lambda captured and one "
                             "that the outer request differentiates: capture "
                             "the former by value ([=] or [name]) or pass it "
                             "as an argument"
                           : ""),
                  &Primal);
    SV = ConstantPointerNull::get(cast<PointerType>(V->getType()));
  }
  B.CreateAlignedStore(SV, SP, SI.getAlign());
}

void ShadowMemory::storePointerMembers(Value *Shadow, Value *Address, Type *T,
                                       Align A, IRBuilder<> &B,
                                       SmallVectorImpl<unsigned> &Path) {
  Type *MemberT = ExtractValueInst::getIndexedType(T, Path);
  if (MemberT->isPointerTy()) {
    SmallVector<Value *, 4> Idx{B.getInt32(0)};
    for (unsigned K : Path)
      Idx.push_back(B.getInt32(K));
    const DataLayout &DL = New.getParent()->getDataLayout();
    uint64_t Offset = DL.getIndexedOffsetInType(T, Idx);
    Value *At = B.CreateInBoundsGEP(T, Address, Idx);
    B.CreateAlignedStore(B.CreateExtractValue(Shadow, Path), At,
                         commonAlignment(A, Offset));
    return;
  }
  if (!hasShadowPointers(MemberT))
    return;
  unsigned N = isa<StructType>(MemberT) ? MemberT->getStructNumElements()
                                        : MemberT->getArrayNumElements();
  for (unsigned K = 0; K < N; ++K) {
    Path.push_back(K);
    storePointerMembers(Shadow, Address, T, A, B, Path);
    Path.pop_back();
  }
}

void ShadowMemory::finishPhis() {
  for (auto [Phi, S] : PendingPhis) {
    auto *NewPhi = cast<PHINode>(mapped(Phi));
    for (unsigned K = 0, E = Phi->getNumIncomingValues(); K != E; ++K)
      S->addIncoming(shadow(Phi->getIncomingValue(K), Phi),
                     NewPhi->getIncomingBlock(K));
  }
  PendingPhis.clear();
}

} // namespace eddy
