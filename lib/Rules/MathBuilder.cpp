//===- MathBuilder.cpp - Emit libm calls and intrinsics -------------------===//
#include "Eddy/Rules/MathBuilder.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace eddy {

static Intrinsic::ID intrinsicFor(StringRef Base) {
  return StringSwitch<Intrinsic::ID>(Base)
      .Case("sqrt", Intrinsic::sqrt)
      .Case("sin", Intrinsic::sin)
      .Case("cos", Intrinsic::cos)
      .Case("exp", Intrinsic::exp)
      .Case("exp2", Intrinsic::exp2)
      .Case("log", Intrinsic::log)
      .Case("log2", Intrinsic::log2)
      .Case("log10", Intrinsic::log10)
      .Case("fabs", Intrinsic::fabs)
      .Case("pow", Intrinsic::pow)
      .Case("trunc", Intrinsic::trunc)
      .Case("round", Intrinsic::round)
      .Case("floor", Intrinsic::floor)
      .Case("copysign", Intrinsic::copysign)
      .Default(Intrinsic::not_intrinsic);
}

/// Whether \p CB, later in its block than \p At, can move up to just before
/// \p At: it touches no memory the function can see, always returns, and no
/// call between the two could observe the move.
static bool canHoistTo(CallInst *CB, BasicBlock::iterator At) {
  MemoryEffects ME = CB->getMemoryEffects();
  if (!(ME.doesNotAccessMemory() || ME.onlyAccessesInaccessibleMem()) ||
      !CB->willReturn() || !CB->doesNotThrow())
    return false;
  for (auto It = At; &*It != CB; ++It)
    if (auto *Other = dyn_cast<CallBase>(&*It);
        Other && !Other->doesNotAccessMemory())
      return false;
  return true;
}

/// Where an instruction lies relative to an insertion point in its block.
enum class Place { Before, At, After, Far };

/// How far placeOf looks either way. A rule's call and the primal's are
/// neighbours: the derivative of an instruction is built right after it.
static constexpr unsigned PlaceReach = 256;

/// Where \p I lies relative to \p At, looking at most PlaceReach
/// instructions either way; Far beyond. Not Instruction::comesBefore: each
/// instruction the derivative inserts invalidates the block's numbering,
/// and renumbering a long block at every rule made a straight-line forward
/// derivative quadratic to build (issue 12: 30,000 statements, 9.8 s).
static Place placeOf(Instruction &I, BasicBlock::iterator At) {
  BasicBlock *BB = I.getParent();
  if (At == BB->end())
    return Place::Before;
  if (&I == &*At)
    return Place::At;
  auto Back = At, Fwd = At;
  for (unsigned K = 0; K != PlaceReach; ++K) {
    if (Back != BB->begin() && &*--Back == &I)
      return Place::Before;
    if (Fwd != BB->end() && ++Fwd != BB->end() && &*Fwd == &I)
      return Place::After;
  }
  return Place::Far;
}

/// A user of \p V gets this many looks through V's use list before the search
/// scans the insertion point's neighbourhood instead.
static constexpr unsigned UserScanLimit = 16;

/// Calls \p Visit(I, Place) on instructions using \p V within placeOf's reach
/// of the insertion point of \p B, until Visit returns true. A value with
/// few users is found through its use list; one with many is looked for in
/// the neighbourhood itself: a value read all over a large function (the
/// loop-carried value of a 2,000-case switch, read in every case) made a
/// walk of its use list at every rule quadratic (issue 12: switch 10,000,
/// a quarter of the forward compile).
static void visitNearUsers(IRBuilderBase &B, Value *V,
                           function_ref<bool(Instruction &, Place)> Visit) {
  BasicBlock *BB = B.GetInsertBlock();
  BasicBlock::iterator At = B.GetInsertPoint();
  if (!V->hasNUsesOrMore(UserScanLimit)) {
    for (User *U : V->users())
      if (auto *I = dyn_cast<Instruction>(U); I && I->getParent() == BB)
        if (Place P = placeOf(*I, At); P != Place::Far && Visit(*I, P))
          return;
    return;
  }
  auto Uses = [V](Instruction &I) { return is_contained(I.operands(), V); };
  if (At != BB->end() && Uses(*At) && Visit(*At, Place::At))
    return;
  auto Back = At, Fwd = At;
  for (unsigned K = 0; K != PlaceReach; ++K) {
    if (Back != BB->begin() && Uses(*--Back) && Visit(*Back, Place::Before))
      return;
    if (Fwd != BB->end() && ++Fwd != BB->end() && Uses(*Fwd) &&
        Visit(*Fwd, Place::After))
      return;
  }
}

/// A call of the intrinsic \p ID or of the libm function \p Name on exactly
/// \p Args near the insertion point: a rule asking for sin(x) next to the
/// primal's sin(x) reuses it, hoisting it if it comes later (see
/// canHoistTo); a call further away than PlaceReach is not looked for. LLVM
/// cannot merge the two itself when the primal calls libm (which may set
/// errno) and the rule an intrinsic.
static Value *findCall(IRBuilderBase &B, Intrinsic::ID ID, StringRef Name,
                       ArrayRef<Value *> Args) {
  if (!B.GetInsertBlock() || isa<Constant>(Args[0]))
    return nullptr;
  CallInst *Found = nullptr;
  visitNearUsers(B, Args[0], [&](Instruction &I, Place P) {
    auto *CB = dyn_cast<CallInst>(&I);
    if (!CB || CB->arg_size() != Args.size() || !equal(CB->args(), Args))
      return false;
    Function *Callee = CB->getCalledFunction();
    bool Same = Callee && (ID != Intrinsic::not_intrinsic
                               ? Callee->getIntrinsicID() == ID ||
                                     (Callee->isDeclaration() &&
                                      Callee->getName() == Name)
                               : Callee->isDeclaration() &&
                                     Callee->getName() == Name);
    if (!Same || CB->getType() != Args[0]->getType())
      return false;
    BasicBlock::iterator At = B.GetInsertPoint();
    switch (P) {
    case Place::Before:
      break;
    case Place::At: // Right at the insertion point: build after it.
      B.SetInsertPoint(std::next(At));
      break;
    case Place::After:
      if (!canHoistTo(CB, At))
        return false;
      CB->moveBefore(&*At);
      break;
    case Place::Far:
      return false;
    }
    Found = CB;
    return true;
  });
  return Found;
}

Value *MathBuilder::call(StringRef Base, ArrayRef<Value *> Args) {
  Type *T = Args[0]->getType();
  Module *M = B.GetInsertBlock()->getModule();
  Intrinsic::ID ID = intrinsicFor(Base);
  std::string Name = Base.str();
  if (T->isFloatTy())
    Name += "f";
  else if (!T->isDoubleTy())
    Name += "l";
  if (Value *Existing = findCall(B, ID, Name, Args))
    return Existing;
  if (ID != Intrinsic::not_intrinsic) {
    Function *F = Intrinsic::getDeclaration(M, ID, {T});
    return B.CreateCall(F, Args);
  }
  SmallVector<Type *, 2> ParamTys;
  for (Value *A : Args)
    ParamTys.push_back(A->getType());
  FunctionCallee FC =
      M->getOrInsertFunction(Name, FunctionType::get(T, ParamTys, false));
  if (auto *F = dyn_cast<Function>(FC.getCallee())) {
    F->setDoesNotThrow();
    F->setWillReturn();
  }
  return B.CreateCall(FC, Args);
}

Value *MathBuilder::c(double V) { return ConstantFP::get(FPType, V); }

Value *isNonFinite(IRBuilderBase &B, Value *V) {
  // |V| == Inf, unordered: also true for NaN.
  return B.CreateFCmpUEQ(B.CreateUnaryIntrinsic(Intrinsic::fabs, V),
                         ConstantFP::getInfinity(V->getType()));
}

/// `Zeroable == 0`, reusing the same test earlier in the insertion block
/// (within placeOf's reach): both partials of a product test one incoming
/// adjoint, one after the other.
static Value *isZero(IRBuilderBase &B, Value *Zeroable) {
  Constant *Zero = Constant::getNullValue(Zeroable->getType());
  Value *Found = nullptr;
  if (B.GetInsertBlock() && !isa<Constant>(Zeroable))
    visitNearUsers(B, Zeroable, [&](Instruction &I, Place P) {
      auto *Cmp = dyn_cast<FCmpInst>(&I);
      if (!Cmp || P != Place::Before ||
          Cmp->getPredicate() != FCmpInst::FCMP_OEQ ||
          Cmp->getOperand(0) != Zeroable || Cmp->getOperand(1) != Zero)
        return false;
      Found = Cmp;
      return true;
    });
  return Found ? Found : B.CreateFCmpOEQ(Zeroable, Zero);
}

Value *strongZero(IRBuilderBase &B, Value *Product, Value *Zeroable,
                  Value *Factor, bool Differentiable) {
  if (isa<Constant>(Factor))
    return Product; // A finite constant: 0 * c is already 0.
  Value *Zero = Constant::getNullValue(Product->getType());
  Value *IsZero = isZero(B, Zeroable);
  if (!Differentiable)
    return B.CreateSelect(IsZero, Zero, Product);
  return B.CreateSelect(B.CreateAnd(IsZero, isNonFinite(B, Factor)), Zero,
                        Product);
}

} // namespace eddy
