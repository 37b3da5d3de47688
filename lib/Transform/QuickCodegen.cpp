//===- QuickCodegen.cpp - Generated code the -O0 back end handles fast ----===//
//
// Every tangent and adjoint of an elementary function is a strong zero,
// `select (d == 0), 0, d * partial` (docs/edge-values.md). At -O0 the back
// end's fast instruction selector cannot select a floating-point select: it
// hands the rest of the block to SelectionDAG, and on the long blocks of
// generated straight-line code that made a forward request's compile grow
// quadratically (issue 12: 90% in DAG instruction selection and pseudo
// expansion, which turns each select into a branch and splits the block).
// As a mask, `bits(c ? a : b) = (bits(a) & m) | (bits(b) & ~m)` with
// m = sext(c), the same values are integer logic the fast selector handles.
// Likewise `llvm.fmuladd` (Clang's `a * b + c` under -ffp-contract=on, which
// the derivatives copy and extend), which the fast selector hands to
// SelectionDAG one call at a time: it becomes the fmul and fadd that
// SelectionDAG makes of it at -O0 unless the target fuses them (fmuladd allows
// either).
//
// A return of an aggregate (a forward derivative returns {value, tangent})
// is another such instruction, and the selector works bottom-up: failing on
// the block's last instruction, it gave the whole block to SelectionDAG. The
// return and the insertvalues that build its operand get a block of their
// own.
//
// Only at -O0, and only at the very end of EddyPass: a derivative that a
// later request differentiates again must keep its selects (a mask is bit
// manipulation of an active value, which Eddy refuses), and at -O1 and up
// InstCombine would fold the mask back into the select anyway.
//===----------------------------------------------------------------------===//
#include "Eddy/Transform/DerivativeCache.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;

namespace eddy {

/// \p C negated: a comparison with one use becomes the inverse comparison.
static Value *negated(IRBuilderBase &B, Value *C) {
  if (auto *Cmp = dyn_cast<FCmpInst>(C); Cmp && Cmp->hasOneUse())
    return B.CreateFCmp(Cmp->getInversePredicate(), Cmp->getOperand(0),
                        Cmp->getOperand(1));
  return B.CreateNot(C);
}

/// The bits of \p Sel as integer logic. A strong zero selects +0.0 on one
/// side, whose bits are zero: `bits(p) & sext(keep)`, five instructions with
/// the comparison where the general form takes eight (a quarter of a
/// reverse sweep's instructions are strong zeros).
static Value *selectBits(IRBuilderBase &B, SelectInst &Sel) {
  Type *Int = B.getIntNTy(Sel.getType()->getPrimitiveSizeInBits());
  Value *C = Sel.getCondition(), *TV = Sel.getTrueValue(),
        *FV = Sel.getFalseValue();
  auto IsZeroBits = [](Value *V) {
    auto *K = dyn_cast<Constant>(V);
    return K && K->isNullValue(); // +0.0; -0.0 has its sign bit set.
  };
  if (IsZeroBits(TV) || IsZeroBits(FV)) {
    bool KeepWhenTrue = IsZeroBits(FV);
    Value *Keep = KeepWhenTrue ? TV : FV;
    Value *Mask = B.CreateSExt(KeepWhenTrue ? C : negated(B, C), Int);
    return B.CreateAnd(B.CreateBitCast(Keep, Int), Mask);
  }
  Value *Mask = B.CreateSExt(C, Int);
  Value *T = B.CreateAnd(B.CreateBitCast(TV, Int), Mask);
  Value *E = B.CreateAnd(B.CreateBitCast(FV, Int), B.CreateNot(Mask));
  return B.CreateOr(T, E);
}

/// Moves a return of an aggregate, with the chain of insertvalues building
/// it, into a block of its own. Returns whether it did.
static bool isolateAggregateReturn(ReturnInst &Ret) {
  Value *V = Ret.getReturnValue();
  if (!V || !V->getType()->isAggregateType())
    return false;
  BasicBlock &BB = *Ret.getParent();
  SmallVector<InsertValueInst *, 4> Chain;
  for (auto *IV = dyn_cast<InsertValueInst>(V);
       IV && IV->getParent() == &BB && IV->hasOneUse();
       IV = dyn_cast<InsertValueInst>(IV->getAggregateOperand()))
    Chain.push_back(IV);
  for (InsertValueInst *IV : reverse(Chain)) // Innermost first.
    IV->moveBefore(&Ret);
  Instruction *First = Chain.empty() ? static_cast<Instruction *>(&Ret)
                                     : Chain.back();
  if (First == &*BB.getFirstNonPHIOrDbg())
    return false; // Alone already.
  SplitBlock(&BB, First);
  return true;
}

bool lowerForFastSelection(Function &F) {
  SmallVector<SelectInst *, 64> Selects;
  SmallVector<IntrinsicInst *, 64> MulAdds;
  for (Instruction &I : instructions(F))
    if (auto *II = dyn_cast<IntrinsicInst>(&I);
        II && II->getIntrinsicID() == Intrinsic::fmuladd)
      MulAdds.push_back(II);
    else if (auto *Sel = dyn_cast<SelectInst>(&I);
        Sel && Sel->getType()->isFloatingPointTy() &&
        Sel->getCondition()->getType()->isIntegerTy(1) &&
        (Sel->getType()->isFloatTy() || Sel->getType()->isDoubleTy()))
      Selects.push_back(Sel);
  for (SelectInst *Sel : Selects) {
    IRBuilder<> B(Sel);
    Value *Bits = B.CreateBitCast(selectBits(B, *Sel), Sel->getType(),
                                  Sel->getName());
    Sel->replaceAllUsesWith(Bits);
    auto *Cond = dyn_cast<Instruction>(Sel->getCondition());
    Sel->eraseFromParent();
    if (Cond && Cond->use_empty())
      Cond->eraseFromParent();
  }
  for (IntrinsicInst *II : MulAdds) {
    IRBuilder<> B(II);
    B.setFastMathFlags(II->getFastMathFlags());
    Value *Sum = B.CreateFAdd(
        B.CreateFMul(II->getArgOperand(0), II->getArgOperand(1)),
        II->getArgOperand(2), II->getName());
    II->replaceAllUsesWith(Sum);
    II->eraseFromParent();
  }
  bool Split = false;
  SmallVector<ReturnInst *, 2> Returns;
  for (BasicBlock &BB : F)
    if (auto *Ret = dyn_cast<ReturnInst>(BB.getTerminator()))
      Returns.push_back(Ret);
  for (ReturnInst *Ret : Returns)
    Split |= isolateAggregateReturn(*Ret);
  return !Selects.empty() || !MulAdds.empty() || Split;
}

} // namespace eddy
