//===- ReverseMemory.cpp - Adjoints of loads, stores, memset, memcpy ------===//
//
// Shadow memory holds adjoints. A load adds its result's adjoint into the
// shadow of the address it read; a store moves the shadow of the address it
// overwrote into the stored value's adjoint and zeroes it (the old contents
// no longer influence anything). Primal values are never re-read from memory
// in the adjoint sweep: what it needs was pushed on the tape when computed, so
// memory overwritten in place later does not matter.
//===----------------------------------------------------------------------===//
#include "ReverseMode.h"
#include "Eddy/Analysis/ElementType.h"
#include "Eddy/Transform/Tape.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;

namespace eddy {


void ReverseBuilder::adjointLoad(LoadInst &LI) {
  Type *T = LI.getType();
  if (!isDifferentiableType(T)) {
    if (T->isIntegerTy() && T->getIntegerBitWidth() >= 32)
      for (User *U : LI.users())
        if (auto *SI = dyn_cast<StoreInst>(U))
          if (SI->getValueOperand() == &LI &&
              Act.isActive(SI->getPointerOperand()) &&
              !copiesIntegerField(LI, *SI))
            return refuse(LI, "differentiated memory is copied through an "
                              "integer type (type punning); copy it as "
                              "floating-point values instead");
    return;
  }
  if (!hasAdjoint(&LI))
    return;
  Value *D = takeAdjoint(&LI);
  Value *SP = primalShadow(LI.getPointerOperand(), &LI);
  Value *Old = RB.CreateAlignedLoad(T, SP, LI.getAlign());
  Value *New = addAdjointValues(RB, Old, D);
  RB.CreateAlignedStore(New, SP, LI.getAlign());
}

/// \p Old with its floating-point parts zeroed: a store's adjoint clears the
/// adjoints it overwrote, but the shadow pointers (and integers) stored
/// beside them in a struct stay what the forward sweep wrote.
static Value *clearAdjoints(IRBuilderBase &B, Value *Old) {
  Type *T = Old->getType();
  if (T->isFPOrFPVectorTy())
    return Constant::getNullValue(T);
  unsigned N = isa<StructType>(T)  ? T->getStructNumElements()
               : isa<ArrayType>(T) ? T->getArrayNumElements()
                                   : 0;
  Value *R = Old;
  for (unsigned K = 0; K < N; ++K)
    R = B.CreateInsertValue(R, clearAdjoints(B, B.CreateExtractValue(Old, K)), K);
  return R;
}

void ReverseBuilder::adjointStore(StoreInst &SI) {
  Value *V = SI.getValueOperand();
  Type *T = V->getType();
  if (!isDifferentiableType(T)) {
    if (auto *BC = dyn_cast<BitCastInst>(V); BC && Act.isActive(BC->getOperand(0)))
      refuse(SI, "a floating-point value that depends on the differentiated "
                 "inputs is stored through an integer type (type punning); "
                 "store it as a floating-point value");
    return; // Integers and pointers carry no adjoint.
  }
  Value *SP = primalShadow(SI.getPointerOperand(), &SI);
  Value *Old = RB.CreateAlignedLoad(T, SP, SI.getAlign());
  RB.CreateAlignedStore(clearAdjoints(RB, Old), SP, SI.getAlign());
  addAdjoint(V, Old);
}

void ReverseBuilder::adjointMemSet(CallBase &CB) {
  // The overwritten bytes' adjoints are dead.
  Value *Dst = primalShadow(CB.getArgOperand(0), &CB);
  Value *Len = primal(CB.getArgOperand(2));
  RB.CreateMemSet(Dst, RB.getInt8(0), Len, MaybeAlign());
}

void ReverseBuilder::augmentMemTransfer(CallBase &CB, IRBuilder<> &B) {
  Value *Dst = CB.getArgOperand(0), *Src = CB.getArgOperand(1);
  Type *T = elementTypeOf(Dst);
  if (!T)
    T = elementTypeOf(Src);
  if (!T) {
    refuse(CB, "cannot tell whether this memcpy/memmove copies floating-point "
               "data or pointers; copy the elements in a loop instead");
    return;
  }
  if (!T->isPointerTy())
    return; // Floating-point data: handled in the adjoint sweep.
  // Copied pointers carry their shadows along.
  auto *NewCall = cast<CallBase>(VMap[&CB]);
  B.SetInsertPoint(NewCall);
  for (unsigned K = 0; K < width(); ++K) {
    Value *SD = shadows(K).pointer(Dst, &CB);
    Value *SS = Act.isActive(Src) ? shadows(K).pointer(Src, &CB) : nullptr;
    if (SS)
      B.CreateMemMove(SD, MaybeAlign(), SS, MaybeAlign(),
                      NewCall->getArgOperand(2));
  }
}

void ReverseBuilder::adjointMemTransfer(CallBase &CB) {
  Value *Dst = CB.getArgOperand(0), *Src = CB.getArgOperand(1);
  Type *T = elementTypeOf(Dst);
  if (!T)
    T = elementTypeOf(Src);
  if (!T || T->isPointerTy())
    return;
  // For k < len / sizeof(T):  src' [k] += dst'[k];  dst'[k] = 0.
  Value *SD = primalShadow(Dst, &CB);
  Value *SS = Act.isActive(Src) ? primalShadow(Src, &CB) : nullptr;
  Value *Len = primal(CB.getArgOperand(2));
  Value *N = RB.CreateUDiv(RB.CreateZExtOrTrunc(Len, RB.getInt64Ty()),
                           RB.getInt64(DL.getTypeStoreSize(T)));
  Function &Rev = *Pair.Adjoint;
  LLVMContext &Ctx = Rev.getContext();
  BasicBlock *Pre = RB.GetInsertBlock();
  BasicBlock *Loop = BasicBlock::Create(Ctx, "memcpy.adj", &Rev);
  BasicBlock *Done = BasicBlock::Create(Ctx, "memcpy.adj.done", &Rev);
  RB.CreateCondBr(RB.CreateICmpEQ(N, RB.getInt64(0)), Done, Loop);
  RB.SetInsertPoint(Loop);
  PHINode *K = RB.CreatePHI(RB.getInt64Ty(), 2);
  K->addIncoming(RB.getInt64(0), Pre);
  Value *DP = RB.CreateGEP(T, SD, K);
  Value *DV = RB.CreateLoad(T, DP);
  RB.CreateStore(Constant::getNullValue(T), DP);
  if (SS) {
    Value *SPk = RB.CreateGEP(T, SS, K);
    RB.CreateStore(RB.CreateFAdd(RB.CreateLoad(T, SPk), DV), SPk);
  }
  Value *Next = RB.CreateAdd(K, RB.getInt64(1));
  K->addIncoming(Next, Loop);
  RB.CreateCondBr(RB.CreateICmpEQ(Next, N), Done, Loop);
  RB.SetInsertPoint(Done);
}

} // namespace eddy
