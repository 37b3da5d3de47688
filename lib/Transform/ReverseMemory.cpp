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
#include "Eddy/Analysis/FieldLayout.h"
#include "Eddy/Transform/Tape.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;

namespace eddy {


/// The store of zero to \p SP among the last few instructions before \p B's
/// insertion point, if nothing since touches memory: the shadow there is
/// known to be zero.
static StoreInst *recentZeroStore(IRBuilderBase &B, Value *SP) {
  BasicBlock *BB = B.GetInsertBlock();
  if (!BB || B.GetInsertPoint() == BB->begin())
    return nullptr;
  unsigned Budget = 8;
  for (auto It = std::prev(B.GetInsertPoint());; --It) {
    if (auto *SI = dyn_cast<StoreInst>(&*It)) {
      auto *K = dyn_cast<Constant>(SI->getValueOperand());
      return SI->getPointerOperand() == SP && SI->isSimple() && K &&
                     K->isNullValue()
                 ? SI
                 : nullptr;
    }
    if (It->mayReadOrWriteMemory() || --Budget == 0 || It == BB->begin())
      return nullptr;
  }
}

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
  if (Parallel)
    return accumulateIntoShadow(LI, SP, D);
  // `p[k] += v` in shadow memory: the store's adjoint zeroed the shadow just
  // now, which then holds this load's adjoint alone. Often that is what was
  // there before the zeroing (the adjoint of v passed straight through), and
  // neither store is needed. (-O0 keeps what the builder emits until
  // EarlyCSE, whose time grows with it.)
  if (StoreInst *Zeroed = recentZeroStore(RB, SP);
      Zeroed && Zeroed->getValueOperand()->getType() == T) {
    auto *Before = dyn_cast<LoadInst>(D);
    bool Restores = Before && Before->isSimple() &&
                    Before->getPointerOperand() == SP &&
                    Before->getNextNode() == Zeroed;
    Zeroed->eraseFromParent();
    if (!Restores)
      RB.CreateAlignedStore(D, SP, LI.getAlign());
    return;
  }
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

/// The records a copy of mixed data moves (`*b = *a` for a struct of
/// pointers, integers and doubles): a constant length of at most 16 records
/// whose fields the program's accesses to either side tell.
static std::optional<FieldLayout> copiedRecords(CallBase &CB,
                                                const DataLayout &DL) {
  auto *Len = dyn_cast<ConstantInt>(CB.getArgOperand(2));
  if (!Len)
    return std::nullopt;
  uint64_t N = Len->getZExtValue();
  for (Value *P : {CB.getArgOperand(0), CB.getArgOperand(1)})
    if (std::optional<FieldLayout> L = fieldLayoutOf(P, N, DL))
      if (N % L->RecordSize == 0 && N / L->RecordSize <= 16)
        return L;
  return std::nullopt;
}

/// Calls \p Each(byte offset, type) for every field of every record \p L
/// describes in a copy of \p CB's length.
template <typename Fn>
static void forEachCopiedField(CallBase &CB, const FieldLayout &L, Fn Each) {
  uint64_t N = cast<ConstantInt>(CB.getArgOperand(2))->getZExtValue();
  for (uint64_t R = 0; R < N / L.RecordSize; ++R)
    for (const FieldLayout::Field &F : L.Fields)
      Each(R * L.RecordSize + F.Offset, F.Ty);
}

void ReverseBuilder::augmentMemTransfer(CallBase &CB, IRBuilder<> &B) {
  Value *Dst = CB.getArgOperand(0), *Src = CB.getArgOperand(1);
  Type *T = copiedElementType(CB);
  if (!T) {
    std::optional<FieldLayout> L = copiedRecords(CB, DL);
    if (!L) {
      refuse(CB, "cannot tell whether this memcpy/memmove copies "
                 "floating-point data or pointers; copy the elements in a "
                 "loop instead");
      return;
    }
    if (!Act.isActive(Src)) {
      bool HasPointers = false;
      forEachCopiedField(CB, *L, [&](uint64_t, Type *FT) {
        HasPointers |= FT->isPointerTy();
      });
      if (HasPointers)
        shadows(0).checkInactivePointerCopy(CB);
      return;
    }
    // The pointer fields carry their shadows along, field by field; the
    // floating-point fields are handled in the adjoint sweep.
    auto *NewCall = cast<CallBase>(VMap[&CB]);
    B.SetInsertPoint(NewCall);
    for (unsigned K = 0; K < width(); ++K) {
      Value *SD = shadows(K).pointer(Dst, &CB);
      Value *SS = shadows(K).pointer(Src, &CB);
      forEachCopiedField(CB, *L, [&](uint64_t Off, Type *FT) {
        if (!FT->isPointerTy())
          return;
        Value *V = B.CreateLoad(FT, B.CreateConstInBoundsGEP1_64(
                                        B.getInt8Ty(), SS, Off));
        B.CreateStore(V, B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), SD, Off));
      });
    }
    return;
  }
  if (!T->isPointerTy())
    return; // Floating-point data: handled in the adjoint sweep.
  // Copied pointers carry their shadows along.
  if (!Act.isActive(Src))
    shadows(0).checkInactivePointerCopy(CB);
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
  Type *T = copiedElementType(CB);
  if (!T) {
    // Records of mixed fields: each floating-point field's adjoint moves
    // from the destination back to the source.
    if (std::optional<FieldLayout> L = copiedRecords(CB, DL)) {
      Value *SD = primalShadow(Dst, &CB);
      Value *SS = Act.isActive(Src) ? primalShadow(Src, &CB) : nullptr;
      forEachCopiedField(CB, *L, [&](uint64_t Off, Type *FT) {
        if (!FT->isFloatingPointTy())
          return;
        Value *DP = RB.CreateConstInBoundsGEP1_64(RB.getInt8Ty(), SD, Off);
        Value *DV = RB.CreateLoad(FT, DP);
        RB.CreateStore(Constant::getNullValue(FT), DP);
        if (SS) {
          Value *SP = RB.CreateConstInBoundsGEP1_64(RB.getInt8Ty(), SS, Off);
          RB.CreateStore(RB.CreateFAdd(RB.CreateLoad(FT, SP), DV), SP);
        }
      });
    }
    return;
  }
  if (T->isPointerTy())
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
