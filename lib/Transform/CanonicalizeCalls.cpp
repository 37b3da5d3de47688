//===- CanonicalizeCalls.cpp - Calls rewritten before differentiation -----===//
#include "CanonicalizeCalls.h"
#include "Eddy/Analysis/KnownCallees.h"
#include "Eddy/Support/LibCalls.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

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

} // namespace eddy
