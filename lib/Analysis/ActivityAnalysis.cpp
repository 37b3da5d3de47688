//===- ActivityAnalysis.cpp - Which values carry derivatives --------------===//
#include "Eddy/Analysis/ActivityAnalysis.h"
#include "Eddy/Analysis/KnownCallees.h"
#include "Eddy/Analysis/ArgumentWrites.h"
#include "Eddy/Analysis/GlobalShadows.h"
#include "Eddy/Analysis/Registrations.h"
#include "Eddy/Rules/ElementaryRules.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace eddy {

bool isDifferentiableType(Type *T) {
  if (T->isFPOrFPVectorTy())
    return true;
  if (auto *ST = dyn_cast<StructType>(T))
    return any_of(ST->elements(), isDifferentiableType);
  if (auto *AT = dyn_cast<ArrayType>(T))
    return isDifferentiableType(AT->getElementType());
  return false;
}

bool hasShadowPointers(Type *T) {
  if (T->isPointerTy())
    return true;
  if (auto *ST = dyn_cast<StructType>(T))
    return any_of(ST->elements(), hasShadowPointers);
  if (auto *AT = dyn_cast<ArrayType>(T))
    return hasShadowPointers(AT->getElementType());
  return false;
}

bool mayHoldActiveData(Type *T) {
  if (T->isPointerTy() || T->isFPOrFPVectorTy())
    return true;
  if (auto *ST = dyn_cast<StructType>(T))
    return any_of(ST->elements(), mayHoldActiveData);
  if (auto *AT = dyn_cast<ArrayType>(T))
    return mayHoldActiveData(AT->getElementType());
  // i8 arrays are how C++ spells raw storage (and memcpy'd buffers).
  return T->isIntegerTy(8);
}

HeapCall classifyHeapCall(const CallBase &CB) {
  const Function *Callee = CB.getCalledFunction();
  if (!Callee || !Callee->isDeclaration())
    return HeapCall::None;
  return StringSwitch<HeapCall>(Callee->getName())
      .Cases("malloc", "calloc", "_Znwm", "_Znam", HeapCall::Allocate)
      .Cases("aligned_alloc", "memalign", "valloc", HeapCall::Allocate)
      // posix_memalign is rewritten to aligned_alloc (Canonicalize.cpp).
      .Cases("_ZnwmSt11align_val_t", "_ZnamSt11align_val_t", HeapCall::Allocate)
      .Case("realloc", HeapCall::Reallocate)
      .Cases("free", "_ZdlPv", "_ZdlPvm", "_ZdaPv", "_ZdaPvm", HeapCall::Deallocate)
      .Cases("_ZdlPvSt11align_val_t", "_ZdlPvmSt11align_val_t",
             "_ZdaPvSt11align_val_t", "_ZdaPvmSt11align_val_t",
             HeapCall::Deallocate)
      .Default(HeapCall::None);
}

ActivityInfo::ActivityInfo(Function &F, ArrayRef<bool> ActiveArgs,
                           const Registrations *Regs)
    : F(F), Regs(Regs) {
  for (auto [Arg, IsActive] : zip(F.args(), ActiveArgs))
    if (IsActive)
      markActive(&Arg);
  findPointerSlots();
  for (Instruction &I : instructions(F))
    if (auto *CB = dyn_cast<CallBase>(&I)) {
      // Heap memory is typeless: every allocation gets a shadow, also one
      // made by a wrapper of malloc (which then returns it with its shadow).
      if (classifyHeapCall(*CB) == HeapCall::Allocate ||
          classifyHeapCall(*CB) == HeapCall::Reallocate)
        markActive(CB);
      else if (const Function *Callee = knownCallee(*CB);
               Callee && !callsInactive(CB) && returnsFreshHeap(*Callee))
        markActive(CB);
      // So is the memory of a function registered allocation-like.
      else if (const FunctionRules *R =
                   Regs ? Regs->lookup(CB->getCalledFunction()) : nullptr;
               R && R->Allocation)
        markActive(CB);
    }
  // A global with a shadow is differentiated memory, like a local array.
  if (const GlobalShadows *Globals = Regs ? Regs->globalShadows() : nullptr)
    for (Instruction &I : instructions(F)) {
      // A call that reads or writes such a global carries derivatives even
      // with no active argument (it must be differentiated, too: a write of
      // a constant there clears the global's derivative).
      if (auto *CB = dyn_cast<CallBase>(&I))
        if (Globals->touches(CB->getCalledFunction()) && !callsInactive(CB))
          markActive(CB);
      for (Value *Op : I.operands())
        if (auto *C = dyn_cast<Constant>(Op);
            C && C->getType()->isPointerTy() &&
            Globals->has(getUnderlyingObject(C)))
          markActive(C);
    }
  propagate();
}

void ActivityInfo::markActive(Value *V) {
  if (!Active.insert(V).second)
    return;
  Worklist.push_back(V);
  if (auto *AI = dyn_cast<AllocaInst>(V); AI && SlotPeers.count(AI))
    for (AllocaInst *Peer : SlotPeers.find(AI)->second)
      markActive(Peer);
}

/// Does \p U, having the active operand \p Op, produce an active result?
static bool resultBecomesActive(const Instruction *U, const Value *Op) {
  Type *T = U->getType();
  // A struct of pointers carries their shadows: built from an active pointer
  // (insertvalue), returned by a callee, loaded from active memory.
  bool Carries = isDifferentiableType(T) || hasShadowPointers(T);
  if (!Carries)
    return false;
  switch (U->getOpcode()) {
  case Instruction::Load:
    return true; // Loaded through an active pointer.
  case Instruction::GetElementPtr:
    return cast<GetElementPtrInst>(U)->getPointerOperand() == Op;
  case Instruction::Select:
    return cast<SelectInst>(U)->getCondition() != Op;
  case Instruction::Store:
    return false;
  case Instruction::Call:
    // A libm call whose result is unused is kept only for errno (-O2's
    // LibCallsShrinkWrap guards it with a domain test): nothing flows out
    // of it, so it needs no derivative and nothing taped for one. Only
    // elementary functions, whose one effect is errno; a call of anything
    // else may write differentiated memory (through a pointer argument or
    // a global).
    if (U->use_empty() && lookupRule(*cast<CallBase>(U)) &&
        none_of(cast<CallBase>(U)->args(),
                [](const Use &A) { return A->getType()->isPointerTy(); }))
      return false;
    return true; // Callee results depend on active arguments.
  case Instruction::PtrToInt:
  case Instruction::FPToSI:
  case Instruction::FPToUI:
    return false;
  default:
    return true;
  }
}

bool ActivityInfo::callsInactive(const Instruction *I) const {
  auto *CB = dyn_cast<CallBase>(I);
  const FunctionRules *Rules =
      CB && Regs ? Regs->lookup(CB->getCalledFunction()) : nullptr;
  return Rules && Rules->Inactive;
}

/// Locals holding pointers (or raw bytes) start inactive when their uses can
/// be followed; the others that may hold active data are active from the
/// start. A slot whose address is stored into another slot (a lambda object
/// held by the closure of a request: `[&]` capturing what an enclosing
/// request's constant closure points to) shares that slot's fate: either
/// both get a shadow or neither does.
void ActivityInfo::findPointerSlots() {
  SmallVector<AllocaInst *, 16> Candidates;
  DenseMap<AllocaInst *, SmallVector<AllocaInst *, 2>> Holders;
  for (Instruction &I : instructions(F))
    if (auto *AI = dyn_cast<AllocaInst>(&I)) {
      Type *T = AI->getAllocatedType();
      SmallVector<AllocaInst *, 2> Into;
      if (!isDifferentiableType(T) && mayHoldActiveData(T) &&
          staysLocal(*AI, Into)) {
        PointerSlots.insert(AI); // Active once an active value may enter.
        Candidates.push_back(AI);
        Holders[AI] = std::move(Into);
      } else if (mayHoldActiveData(T)) {
        markActive(AI);
      }
    }
  // A slot stored into a local that is not itself a slot escapes with it.
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (AllocaInst *AI : Candidates)
      if (PointerSlots.contains(AI) &&
          any_of(Holders[AI],
                 [&](AllocaInst *H) { return !PointerSlots.contains(H); })) {
        PointerSlots.erase(AI);
        markActive(AI);
        Changed = true;
      }
  }
  for (AllocaInst *AI : Candidates)
    if (PointerSlots.contains(AI))
      for (AllocaInst *H : Holders[AI])
        linkSlots(AI, H);
}

/// Slot \p A's address is held by local \p H: neither gets a shadow
/// without the other.
void ActivityInfo::linkSlots(AllocaInst *A, AllocaInst *H) {
  if (A == H)
    return;
  SlotPeers[A].push_back(H);
  SlotPeers[H].push_back(A);
  if (isActive(A) != isActive(H)) {
    markActive(A);
    markActive(H);
  }
}

/// Is the address of local \p AI only used where its uses can be followed:
/// loads, stores into it, calls, address arithmetic, stores into other locals
/// (collected in \p Into)? (Stored elsewhere, merged with other pointers or
/// returned, it could receive active pointers behind the analysis's back.)
bool ActivityInfo::staysLocal(const AllocaInst &AI,
                              SmallVectorImpl<AllocaInst *> &Into) {
  SmallVector<const Value *, 8> Work{&AI};
  SmallPtrSet<const Value *, 8> Seen;
  while (!Work.empty()) {
    const Value *V = Work.pop_back_val();
    if (!Seen.insert(V).second)
      continue;
    for (const Use &U : V->uses()) {
      const auto *I = cast<Instruction>(U.getUser());
      if (isa<GetElementPtrInst>(I) || isa<BitCastInst>(I))
        Work.push_back(I);
      else if (auto *SI = dyn_cast<StoreInst>(I); SI && U.getOperandNo() == 0) {
        auto *Holder = dyn_cast<AllocaInst>(
            getUnderlyingObject(const_cast<Value *>(SI->getPointerOperand())));
        if (!Holder || Holder == &AI)
          return false;
        Into.push_back(Holder);
      } else if (isa<StoreInst>(I) ? U.getOperandNo() != 1
                                 : !isa<LoadInst>(I) && !isa<CallBase>(I) &&
                                       !isa<ICmpInst>(I))
        return false;
    }
  }
  return true;
}

/// The still inactive local holding only pointers (or raw bytes) that \p Ptr
/// points into, or that \p Ptr was loaded from (a write through it needs the
/// shadow the local would hold: a vector's data pointer, the tape's buffer).
AllocaInst *ActivityInfo::inactiveSlot(Value *Ptr) const {
  for (unsigned Depth = 0; Depth < 4; ++Depth) {
    Value *Obj = getUnderlyingObject(Ptr);
    if (auto *AI = dyn_cast<AllocaInst>(Obj))
      return PointerSlots.contains(AI) && !isActive(AI) ? AI : nullptr;
    auto *LI = dyn_cast<LoadInst>(Obj);
    if (!LI)
      return nullptr;
    Ptr = LI->getPointerOperand();
  }
  return nullptr;
}

/// Active value \p V is used by \p I: locals holding pointers that \p I
/// may store it into (or lets a callee store it into) become active.
void ActivityInfo::activateSlots(Instruction &I, Value *V) {
  if (auto *SI = dyn_cast<StoreInst>(&I)) {
    if (SI->getValueOperand() == V)
      if (AllocaInst *AI = inactiveSlot(SI->getPointerOperand()))
        markActive(AI);
    return;
  }
  auto *CB = dyn_cast<CallBase>(&I);
  if (!CB || callsInactive(CB))
    return;
  for (unsigned K = 0; K < CB->arg_size(); ++K)
    if (AllocaInst *AI = inactiveSlot(CB->getArgOperand(K))) {
      SmallVector<const AllocaInst *, 2> Holders;
      if (mayWriteActiveThroughArgument(
              *CB, K, [this](const Value *V) { return isActive(V); },
              Holders)) {
        markActive(AI);
        continue;
      }
      // The callee stores its address into locals here (an sret closure):
      // they get a shadow together.
      for (const AllocaInst *H : Holders)
        linkSlots(AI, const_cast<AllocaInst *>(H));
    }
}

void ActivityInfo::propagate() {
  while (!Worklist.empty()) {
    Value *V = Worklist.pop_back_val();
    for (User *U : V->users()) {
      auto *I = dyn_cast<Instruction>(U);
      if (!I || I->getFunction() != &F)
        continue;
      if (resultBecomesActive(I, V) && !callsInactive(I))
        markActive(I);
      activateSlots(*I, V);
    }
  }
}

void ActivityInfo::print(raw_ostream &OS) const {
  OS << "Activity of '" << F.getName() << "':\n";
  for (Argument &A : F.args())
    OS << "  " << (isActive(&A) ? "active   " : "inactive ") << A << "\n";
  for (Instruction &I : instructions(F)) {
    if (I.getType()->isVoidTy())
      continue;
    OS << "  " << (isActive(&I) ? "active   " : "inactive ") << I << "\n";
  }
}

} // namespace eddy
