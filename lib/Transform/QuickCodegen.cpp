//===- QuickCodegen.cpp - Generated code the back end selects fast --------===//
//
// Every tangent and adjoint of an elementary function is a strong zero,
// `select (d == 0), 0, d * partial` (docs/edge-values.md). At -O0 the back
// end's fast instruction selector selects a floating-point select only in one
// form: on x86, a select whose condition is a comparison of the select's own
// type in the same block (compare, and, and-not, or in SSE registers). Any
// other select becomes a pseudo-instruction that expansion turns into a
// branch, splitting the block; on the long blocks of generated straight-line
// code that made a forward request's compile grow quadratically (issue 12:
// 90% in DAG instruction selection and pseudo expansion). Those selects become
// masks, `bits(c ? a : b) = (bits(a) & m) | (bits(b) & ~m)` with m = sext(c):
// integer logic the fast selector handles. Selects of the first form stay:
// one instruction where the mask takes three, besides the shared sext (a
// kinetics gradient's sweep is a third strong zeros). Their comparison must
// stay in their block when long blocks are cut (rematerializeConditions).
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
// The fast register allocator works block by block: a value used in another
// block than its own is spilled after its definition and reloaded at each
// use. Cleaning up generated code merges equal addresses (`&dc[k]`, a tape
// slot) across the whole function, and the cuts of long blocks
// (BlockSplitting.cpp) then leave most of them used blocks away: in a
// 15,000-reaction kinetics gradient, 9 in 10 values used across blocks were
// constant-offset addresses. Recomputed in the block that uses them, they
// fold into the load or store and need no register at all.
//
// From -O1 on, X86's SelectionDAG lowers a floating-point select to a
// compare and masks only when its condition is a comparison of its type used
// by it alone; otherwise it becomes a branch. A reverse sweep's strong zeros
// share their tests (the two adjoints of a product test the same incoming
// adjoint), so each became a diamond: a 10,000-statement kinetics gradient's
// backward sweep had 30,000 machine blocks, and MachineSink, which for each
// load it could sink walks every block reachable from the load's (LLVM 19
// hasStoreBetween), spent 6.7 s of its 8.6 s back end. At the end of the
// optimization pipeline, after the vectorizers and the last InstCombine
// (which would fold them back), those selects become masks too
// (lowerBranchingSelects), which the selector turns into one compare and an
// and per select.
//
// The -O0 lowering runs only at the very end of EddyPass: a derivative that a
// later request differentiates again must keep its selects (a mask is bit
// manipulation of an active value, which Eddy refuses), and at -O1 and up
// InstCombine would fold the mask back into the select anyway.
//===----------------------------------------------------------------------===//
#include "Eddy/Transform/DerivativeCache.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/TargetParser/Triple.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;

namespace eddy {

namespace {
/// The integer masks `sext(c)` and `sext(!c)` of select conditions, one per
/// condition, polarity and width: the two strong zeros of a product's
/// adjoints test the same incoming adjoint.
class SelectMasks {
public:
  /// All ones where \p C is \p When, zero elsewhere, as \p Int.
  Value *get(Value *C, bool When, Type *Int, Instruction &User) {
    Value *&M = Masks[{C, Int, When}];
    if (!M) {
      // Next to the condition, which dominates all its selects.
      auto *CI = dyn_cast<Instruction>(C);
      IRBuilder<> B(&User);
      if (CI && !isa<PHINode>(CI))
        B.SetInsertPoint(CI->getNextNode());
      else if (CI)
        B.SetInsertPoint(CI->getParent()->getFirstInsertionPt());
      M = B.CreateSExt(When ? C : negated(B, C), Int);
    }
    return M;
  }

private:
  /// \p C negated: a comparison becomes the inverse comparison.
  static Value *negated(IRBuilderBase &B, Value *C) {
    if (auto *Cmp = dyn_cast<FCmpInst>(C))
      return B.CreateFCmp(Cmp->getInversePredicate(), Cmp->getOperand(0),
                          Cmp->getOperand(1));
    return B.CreateNot(C);
  }
  DenseMap<std::tuple<Value *, Type *, unsigned>, Value *> Masks;
};
} // namespace

/// The bits of \p Sel as integer logic. A strong zero selects +0.0 on one
/// side, whose bits are zero: `bits(p) & mask`, three instructions besides
/// the shared mask where the general form takes eight (a quarter of a
/// reverse sweep's instructions are strong zeros).
static Value *selectBits(IRBuilderBase &B, SelectInst &Sel, SelectMasks &Masks) {
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
    return B.CreateAnd(B.CreateBitCast(Keep, Int),
                       Masks.get(C, KeepWhenTrue, Int, Sel));
  }
  Value *Mask = Masks.get(C, true, Int, Sel);
  Value *T = B.CreateAnd(B.CreateBitCast(TV, Int), Mask);
  Value *E = B.CreateAnd(B.CreateBitCast(FV, Int), B.CreateNot(Mask));
  return B.CreateOr(T, E);
}

/// Replaces each of \p Selects by its bits as integer logic, and drops the
/// comparisons no select needs any more (a negated mask tests anew).
static void replaceByMasks(ArrayRef<SelectInst *> Selects) {
  SelectMasks Masks;
  SmallPtrSet<Instruction *, 32> Conditions;
  for (SelectInst *Sel : Selects) {
    IRBuilder<> B(Sel);
    Value *Bits = B.CreateBitCast(selectBits(B, *Sel, Masks), Sel->getType(),
                                  Sel->getName());
    Sel->replaceAllUsesWith(Bits);
    if (auto *Cond = dyn_cast<Instruction>(Sel->getCondition()))
      Conditions.insert(Cond);
    Sel->eraseFromParent();
  }
  for (Instruction *Cond : Conditions)
    if (Cond->use_empty())
      Cond->eraseFromParent();
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

/// Is \p P a predicate SSE's scalar compare encodes without AVX (all but
/// `one` and `ueq`, and the constant ones)?
static bool isSSEPredicate(CmpInst::Predicate P) {
  return P != CmpInst::FCMP_ONE && P != CmpInst::FCMP_UEQ &&
         P != CmpInst::FCMP_FALSE && P != CmpInst::FCMP_TRUE;
}

/// The comparison of \p Sel when it has X86FastISel's SSE-select form: it
/// compares values of the select's type with an SSE-encodable predicate.
static const FCmpInst *sseComparison(const SelectInst &Sel) {
  auto *Cmp = dyn_cast<FCmpInst>(Sel.getCondition());
  return Cmp && Cmp->getOperand(0)->getType() == Sel.getType() &&
                 isSSEPredicate(Cmp->getPredicate())
             ? Cmp
             : nullptr;
}

/// Does the fast instruction selector select \p Sel itself, without a branch:
/// x86, and the SSE form with its comparison in the select's block.
static bool selectsFast(const SelectInst &Sel, bool X86) {
  const FCmpInst *Cmp = X86 ? sseComparison(Sel) : nullptr;
  return Cmp && Cmp->getParent() == Sel.getParent();
}

static bool isX86(const Function &F) {
  return Triple(F.getParent()->getTargetTriple()).isX86();
}

bool lowerForFastSelection(Function &F) {
  const bool X86 = isX86(F);
  SmallVector<SelectInst *, 64> Selects;
  SmallVector<IntrinsicInst *, 64> MulAdds;
  for (Instruction &I : instructions(F))
    if (auto *II = dyn_cast<IntrinsicInst>(&I);
        II && II->getIntrinsicID() == Intrinsic::fmuladd)
      MulAdds.push_back(II);
    else if (auto *Sel = dyn_cast<SelectInst>(&I);
        Sel && Sel->getType()->isFloatingPointTy() &&
        Sel->getCondition()->getType()->isIntegerTy(1) &&
        (Sel->getType()->isFloatTy() || Sel->getType()->isDoubleTy()) &&
        !selectsFast(*Sel, X86))
      Selects.push_back(Sel);
  replaceByMasks(Selects);
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

bool lowerBranchingSelects(Function &F) {
  if (!isX86(F))
    return false;
  // The one form X86's SelectionDAG lowering turns into a compare and masks
  // by itself: a comparison of the select's type, in its block, used by it
  // alone. (Two equal comparisons in one block are one DAG node again.)
  // The -O0 selector's own form, with one use more to ask for.
  auto Blends = [](const SelectInst &Sel) {
    return selectsFast(Sel, /*X86=*/true) && Sel.getCondition()->hasOneUse();
  };
  SmallVector<SelectInst *, 64> Selects;
  for (Instruction &I : instructions(F))
    if (auto *Sel = dyn_cast<SelectInst>(&I);
        Sel && (Sel->getType()->isFloatTy() || Sel->getType()->isDoubleTy()) &&
        Sel->getCondition()->getType()->isIntegerTy(1) && !Blends(*Sel))
      Selects.push_back(Sel);
  replaceByMasks(Selects);
  return !Selects.empty();
}

/// Recomputes each of \p Addresses (constant-offset GEPs) in every other
/// block that uses it.
static bool rematerializeAddresses(ArrayRef<GetElementPtrInst *> Addresses) {
  bool Changed = false;
  for (GetElementPtrInst *G : Addresses) {
    SmallDenseMap<BasicBlock *, Instruction *, 4> Copies;
    for (Use &U : make_early_inc_range(G->uses())) {
      auto *User = dyn_cast<Instruction>(U.getUser());
      // A phi uses its operand at the end of the incoming block: leave it.
      if (!User || isa<PHINode>(User) || User->getParent() == G->getParent())
        continue;
      // G dominates User from another block, so it dominates all of User's
      // block: the copy may go at its start.
      Instruction *&Copy = Copies[User->getParent()];
      if (!Copy) {
        Copy = G->clone();
        Copy->insertBefore(User->getParent()->getFirstInsertionPt());
      }
      U.set(Copy);
      Changed = true;
    }
    if (G->use_empty())
      G->eraseFromParent();
  }
  return Changed;
}

/// Gives each of \p Moved (selects whose comparison is in another block) a
/// copy of its comparison in its own block.
static bool rematerializeConditions(ArrayRef<SelectInst *> Moved) {
  // One copy per comparison and block, at the block's start: the comparison
  // dominates the select from another block, so it dominates all of it.
  DenseMap<std::pair<Instruction *, BasicBlock *>, Instruction *> Copies;
  for (SelectInst *Sel : Moved) {
    auto *Cmp = cast<FCmpInst>(Sel->getCondition());
    Instruction *&Copy = Copies[{Cmp, Sel->getParent()}];
    if (!Copy) {
      Copy = Cmp->clone();
      Copy->insertBefore(Sel->getParent()->getFirstInsertionPt());
    }
    Sel->setCondition(Copy);
  }
  SmallPtrSet<Instruction *, 32> Originals;
  for (auto &[Key, Copy] : Copies)
    Originals.insert(Key.first);
  for (Instruction *Cmp : Originals)
    if (Cmp->use_empty())
      Cmp->eraseFromParent();
  return !Moved.empty();
}

bool rematerializeAcrossBlocks(Function &F) {
  // One walk for both: on a generated function of a million instructions
  // each walk costs a tenth of a second (its instructions are scattered).
  bool X86 = isX86(F);
  SmallVector<GetElementPtrInst *, 256> Addresses;
  SmallVector<SelectInst *, 256> Moved;
  for (Instruction &I : instructions(F)) {
    if (auto *G = dyn_cast<GetElementPtrInst>(&I)) {
      if (G->hasAllConstantIndices())
        Addresses.push_back(G);
    } else if (auto *Sel = dyn_cast<SelectInst>(&I);
               X86 && Sel && Sel->getType()->isFloatingPointTy()) {
      if (const FCmpInst *Cmp = sseComparison(*Sel);
          Cmp && Cmp->getParent() != Sel->getParent())
        Moved.push_back(Sel);
    }
  }
  bool Changed = rematerializeAddresses(Addresses);
  return rematerializeConditions(Moved) || Changed;
}

} // namespace eddy
