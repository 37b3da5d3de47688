//===- CanonicalizeCalls.cpp - Calls rewritten before differentiation -----===//
#include "CanonicalizeCalls.h"
#include "Eddy/Analysis/ActivityAnalysis.h"
#include "Eddy/Analysis/KnownCallees.h"
#include "Eddy/Support/LibCalls.h"
#include "Eddy/Transform/BodyCloning.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Analysis/MemoryBuiltins.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/Support/KnownBits.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Cloning.h"

using namespace llvm;

namespace eddy {

/// posix_memalign writes the block through a pointer, so the activity
/// analysis and shadow memory, which give a shadow to the *result* of an
/// allocation, would not see it. Written with memalign, the block is a
/// result again, and the store puts it (and its shadow) where the caller
/// reads it. glibc implements both with the same allocator (memalign, unlike
/// aligned_alloc under ASan, takes any size); the checks posix_memalign adds
/// are kept: EINVAL unless the alignment is a power of two multiple of
/// sizeof(void *), ENOMEM (and *p untouched) on failure.
void expandPosixMemalign(Function &F) {
  SmallVector<CallInst *, 2> Calls;
  for (Instruction &I : instructions(F))
    if (auto *CI = dyn_cast<CallInst>(&I))
      if (Function *Callee = CI->getCalledFunction();
          Callee && Callee->getName() == "posix_memalign" &&
          CI->arg_size() == 3 && CI->getType()->isIntegerTy() &&
          CI->getArgOperand(0)->getType()->isPointerTy() &&
          CI->getArgOperand(1)->getType()->isIntegerTy(64) &&
          CI->getArgOperand(2)->getType()->isIntegerTy(64))
        Calls.push_back(CI);
  Module &M = *F.getParent();
  const DataLayout &DL = M.getDataLayout();
  for (CallInst *CI : Calls) {
    Value *Slot = CI->getArgOperand(0), *Align = CI->getArgOperand(1),
          *Size = CI->getArgOperand(2);
    auto *RetTy = cast<IntegerType>(CI->getType());
    BasicBlock *Entry = CI->getParent();
    IRBuilder<> B(CI);
    Value *Zero = B.getInt64(0);
    Value *PowerOfTwo = B.CreateICmpEQ(
        B.CreateAnd(Align, B.CreateSub(Align, B.getInt64(1))), Zero);
    Value *PtrMultiple = B.CreateICmpEQ(
        B.CreateURem(Align, B.getInt64(DL.getPointerSize())), Zero);
    Value *Valid = B.CreateAnd(B.CreateAnd(PowerOfTwo, PtrMultiple),
                               B.CreateICmpNE(Align, Zero), "memalign.valid");
    // entry -[valid]-> alloc -[non-null]-> store -> stored -> join; an
    // invalid alignment goes from entry straight to join.
    Instruction *AllocTerm = SplitBlockAndInsertIfThen(Valid, CI, false);
    B.SetInsertPoint(AllocTerm);
    FunctionCallee Memalign = getLibFunction(
        M, "memalign", B.getPtrTy(), {B.getInt64Ty(), B.getInt64Ty()});
    Value *Block = B.CreateCall(Memalign, {Align, Size}, "memalign.block");
    Value *Ok = B.CreateIsNotNull(Block);
    Instruction *StoreTerm = SplitBlockAndInsertIfThen(Ok, AllocTerm, false);
    B.SetInsertPoint(StoreTerm);
    B.CreateStore(Block, Slot);
    constexpr uint64_t EINVALCode = 22, ENOMEMCode = 12; // Linux's.
    B.SetInsertPoint(AllocTerm); // Now in the block after the store.
    Value *Code = B.CreateSelect(Ok, ConstantInt::get(RetTy, 0),
                                 ConstantInt::get(RetTy, ENOMEMCode));
    BasicBlock *Join = CI->getParent();
    B.SetInsertPoint(Join, Join->begin());
    PHINode *Result = B.CreatePHI(RetTy, 2, CI->getName());
    Result->addIncoming(ConstantInt::get(RetTy, EINVALCode), Entry);
    Result->addIncoming(Code, AllocTerm->getParent());
    CI->replaceAllUsesWith(Result);
    CI->eraseFromParent();
  }
}

void resolveConstantCallees(Function &F) {
  for (Instruction &I : instructions(F)) {
    auto *CB = dyn_cast<CallBase>(&I);
    if (!CB || CB->getCalledFunction() || CB->isInlineAsm())
      continue;
    if (Function *Callee = knownCallee(*CB))
      CB->setCalledOperand(Callee);
  }
}

/// Is \p P called in its function: as a call's callee, loaded as one from a
/// local it is stored to (-O0), or passed on to a defined function?
static bool isCalledParameter(Argument &P) {
  auto CalledOrPassed = [](const Use &U) {
    auto *CB = dyn_cast<CallBase>(U.getUser());
    if (!CB)
      return false;
    if (CB->isCallee(&U))
      return true;
    const Function *Callee = CB->getCalledFunction();
    return CB->isArgOperand(&U) && Callee && !Callee->isDeclaration();
  };
  for (const Use &U : P.uses()) {
    if (CalledOrPassed(U))
      return true;
    auto *SI = dyn_cast<StoreInst>(U.getUser());
    auto *Local = SI && SI->getValueOperand() == &P
                      ? dyn_cast<AllocaInst>(SI->getPointerOperand())
                      : nullptr;
    if (Local)
      for (const User *LU : Local->users())
        if (const auto *LI = dyn_cast<LoadInst>(LU))
          if (any_of(LI->uses(), CalledOrPassed))
            return true;
  }
  return false;
}

void specializeFunctionArguments(Function &F) {
  SmallVector<CallBase *, 8> Calls;
  for (Instruction &I : instructions(F))
    if (auto *CB = dyn_cast<CallBase>(&I))
      if (Function *Callee = CB->getCalledFunction();
          Callee && !Callee->isDeclaration() && !Callee->isInterposable() &&
          !Callee->isVarArg() && Callee->getFunctionType() == CB->getFunctionType())
        Calls.push_back(CB);
  Module &M = *F.getParent();
  for (CallBase *CB : Calls)
    for (unsigned K = 0, E = CB->arg_size(); K < E; ++K) {
      auto *Fn = dyn_cast<Function>(CB->getArgOperand(K)->stripPointerCasts());
      Function *Callee = CB->getCalledFunction();
      if (!Fn || !Fn->hasName() || !isCalledParameter(*Callee->getArg(K)))
        continue;
      // One copy per callee, parameter and function, found by its name.
      std::string Name = (Callee->getName() + ".eddy.spec." + Twine(K) + "." +
                          Fn->getName()).str();
      Function *Copy = M.getFunction(Name);
      if (!Copy) {
        Copy = copyFunction(*Callee, Name);
        Copy->addFnAttr(SpecializedAttr);
        Copy->getArg(K)->replaceAllUsesWith(CB->getArgOperand(K));
      }
      CB->setCalledFunction(Copy);
    }
}

void resolveConstantPointers(Function &F) {
  SmallVector<std::pair<LoadInst *, Constant *>, 4> Known;
  for (Instruction &I : instructions(F))
    if (auto *LI = dyn_cast<LoadInst>(&I); LI && LI->getType()->isPointerTy())
      if (Constant *C = knownLoadedValue(*LI);
          C && isa<GlobalVariable>(getUnderlyingObject(C)))
        Known.push_back({LI, C});
  for (auto [LI, C] : Known) {
    LI->replaceAllUsesWith(C);
    LI->eraseFromParent();
  }
}

/// The distinct pointer arguments of F stored (at any offset) into \p AI,
/// and the defined functions \p AI's address is passed to.
static void collectArgumentStores(Instruction &AI,
                                  SmallPtrSetImpl<const Argument *> &Stored,
                                  SmallVectorImpl<CallBase *> &Calls) {
  SmallVector<Value *, 8> Work{&AI};
  SmallPtrSet<Value *, 16> Seen;
  while (!Work.empty()) {
    Value *V = Work.pop_back_val();
    if (!Seen.insert(V).second)
      continue;
    for (Use &U : V->uses()) {
      auto *I = cast<Instruction>(U.getUser());
      if (isa<GetElementPtrInst>(I) || isa<BitCastInst>(I)) {
        Work.push_back(I);
      } else if (auto *SI = dyn_cast<StoreInst>(I);
                 SI && SI->getPointerOperand() == V) {
        if (auto *A = dyn_cast<Argument>(SI->getValueOperand()))
          if (A->getType()->isPointerTy())
            Stored.insert(A);
      } else if (auto *CB = dyn_cast<CallBase>(I);
                 CB && CB->isArgOperand(&U)) {
        Function *Callee = CB->getCalledFunction();
        if (Callee && !Callee->isDeclaration() && !Callee->isVarArg() &&
            Callee != AI.getFunction())
          Calls.push_back(CB);
      }
    }
  }
}

/// UBSan's object-size checks of the inlined accesses ask llvm.objectsize
/// about the bundle, which SROA takes for an escape. Folded now, as
/// LowerConstantIntrinsics folds them later in the pipeline (to the size, or
/// to "unknown", which disables the check), they no longer keep it in memory.
/// Their alignment checks (`ptrtoint p & (align - 1)`) likewise hold the
/// bundle's address as an integer; where the known alignment of p decides
/// them (InstCombine would), they are folded to 0.
static void foldSanitizerChecks(Function &F) {
  const DataLayout &DL = F.getDataLayout();
  SmallVector<IntrinsicInst *, 4> Calls;
  SmallVector<BinaryOperator *, 4> Masks;
  for (Instruction &I : instructions(F)) {
    if (auto *II = dyn_cast<IntrinsicInst>(&I);
        II && II->getIntrinsicID() == Intrinsic::objectsize)
      Calls.push_back(II);
    auto *And = dyn_cast<BinaryOperator>(&I);
    auto *Mask = And && And->getOpcode() == Instruction::And
                     ? dyn_cast<ConstantInt>(And->getOperand(1))
                     : nullptr;
    if (Mask && isa<PtrToIntInst>(And->getOperand(0))) {
      KnownBits Known = computeKnownBits(And->getOperand(0), DL);
      if ((Known.Zero & Mask->getValue()) == Mask->getValue())
        Masks.push_back(And);
    }
  }
  for (IntrinsicInst *II : Calls) {
    Value *Size = lowerObjectSizeCall(II, DL, nullptr, /*MustSucceed=*/true);
    II->replaceAllUsesWith(Size);
    II->eraseFromParent();
  }
  for (BinaryOperator *And : Masks) {
    And->replaceAllUsesWith(Constant::getNullValue(And->getType()));
    And->eraseFromParent();
  }
}

bool inlineArgumentBundles(Function &F) {
  SmallVector<CallBase *, 4> ToInline;
  SmallPtrSet<CallBase *, 4> Queued;
  for (Instruction &I : instructions(F)) {
    // A local, or a heap block (which the optimizer removes at -O1 and
    // above once the callee is inlined).
    auto *CB = dyn_cast<CallBase>(&I);
    if (!isa<AllocaInst>(&I) &&
        !(CB && classifyHeapCall(*CB) == HeapCall::Allocate))
      continue;
    Instruction *AI = &I;
    SmallPtrSet<const Argument *, 4> Stored;
    SmallVector<CallBase *, 4> Calls;
    collectArgumentStores(*AI, Stored, Calls);
    if (Stored.size() < 2)
      continue;
    for (CallBase *Call : Calls)
      if (Queued.insert(Call).second)
        ToInline.push_back(Call);
  }
  bool Changed = false;
  for (CallBase *CB : ToInline) {
    InlineFunctionInfo IFI;
    Changed |= InlineFunction(*CB, IFI).isSuccess();
  }
  if (Changed)
    foldSanitizerChecks(F);
  return Changed;
}

/// Does \p F call itself directly? (Inlining it would not end.)
static bool callsItself(const Function &F) {
  for (const Instruction &I : instructions(F))
    if (auto *CB = dyn_cast<CallBase>(&I); CB && CB->getCalledFunction() == &F)
      return true;
  return false;
}

bool inlineInvokedCallees(Function &F) {
  SmallVector<InvokeInst *, 4> ToInline;
  for (BasicBlock &BB : F) {
    auto *II = dyn_cast<InvokeInst>(BB.getTerminator());
    Function *Callee = II ? II->getCalledFunction() : nullptr;
    if (!Callee || Callee->isDeclaration() || Callee == &F || Callee->isVarArg() ||
        Callee->getInstructionCount() > MaxInlinedInvokeSize || callsItself(*Callee))
      continue;
    // The user's noinline holds (the inliner keeps it at -O1 and above); at
    // -O0 every function is noinline and optnone, and is inlined as the
    // inliner would at -O1.
    if (Callee->hasFnAttribute(Attribute::NoInline) &&
        !Callee->hasFnAttribute(Attribute::OptimizeNone))
      continue;
    // Only calls that could receive a differentiated value.
    if (any_of(II->args(), [](const Use &A) {
          return mayHoldActiveData(A->getType());
        }))
      ToInline.push_back(II);
  }
  bool Changed = false;
  for (InvokeInst *II : ToInline) {
    InlineFunctionInfo IFI;
    Changed |= InlineFunction(*II, IFI).isSuccess();
  }
  return Changed;
}

} // namespace eddy
