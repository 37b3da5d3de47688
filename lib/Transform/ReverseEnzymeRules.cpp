//===- ReverseEnzymeRules.cpp - Calling Enzyme's registered reverse rules -===//
//
// __enzyme_register_gradient_f = {f, aug, rev}: in the augmented sweep the
// call of f becomes a call of aug (which computes f's effects and result and
// may return a tape of its own); aug's tape crosses to the adjoint sweep on
// Eddy's tape like any other value, so a call in a loop keeps one tape per
// iteration; the adjoint of the call is one call of rev, which gets the tape
// back and returns the adjoints of f's floating-point arguments. Shapes and
// signature checks: EnzymeRules.cpp.
//===----------------------------------------------------------------------===//
#include "CallClassifier.h"
#include "ReverseMode.h"

using namespace llvm;

namespace eddy {

/// What an Enzyme rule gets after a non-floating-point argument: the shadow
/// of an active pointer, null for an inactive one (Eddy's rules get the same;
/// Enzyme would pass the primal itself, which a rule would then overwrite),
/// the value again for anything else (Enzyme's layout for integers).
static Value *enzymeShadowArg(Value *A, Value *PrimalValue, bool Active,
                              function_ref<Value *()> Shadow) {
  if (!A->getType()->isPointerTy())
    return PrimalValue;
  return Active ? Shadow()
                : ConstantPointerNull::get(cast<PointerType>(A->getType()));
}

void ReverseBuilder::augmentEnzymeRule(CallBase &CB, const FunctionRules &Rules,
                                       IRBuilder<> &B) {
  Function &F = *CB.getCalledFunction();
  auto Match = matchEnzymeGradient(F, *Rules.EnzymeAugmented, *Rules.EnzymeReverse);
  if (auto *Why = std::get_if<std::string>(&Match))
    return refuse(CB, *Why);
  // Eddy's own rules of this shape (Rules/MpiRules.h) are not the user's.
  if (width() > 1 && F.getName().starts_with("MPI_"))
    return refuse(CB, "vector reverse mode (enzyme_width) does not "
                      "differentiate '" + displayName(F) + "' (non-blocking "
                      "calls and MPI_MAX/MPI_MIN reductions); request one "
                      "cotangent at a time");
  if (width() > 1)
    return refuse(CB, "vector reverse mode (enzyme_width) cannot call the "
                      "rule registered for '" + displayName(F) +
                      "' with __enzyme_register_gradient: its augmented "
                      "forward and reverse take one shadow per argument; "
                      "request one cotangent at a time, or register an "
                      "Eddy adjoint rule (EDDY_ADJOINT_RULE), which vector "
                      "mode calls once per cotangent");
  for (Value *A : CB.args())
    if (!A->getType()->isFPOrFPVectorTy() && !A->getType()->isPointerTy() &&
        !A->getType()->isIntegerTy())
      return refuse(CB, "the rule registered for '" + displayName(F) +
                            "' with __enzyme_register_gradient takes an "
                            "argument passed as a struct or array; pass it "
                            "by pointer");
  EnzymeGradientShape &S = EnzymeShapes[&CB] = std::get<EnzymeGradientShape>(Match);
  auto *NewCall = cast<CallBase>(VMap[&CB]);
  SmallVector<Value *, 8> Args;
  for (unsigned K = 0; K < CB.arg_size(); ++K) {
    Value *A = CB.getArgOperand(K), *P = NewCall->getArgOperand(K);
    Args.push_back(P);
    if (!A->getType()->isFPOrFPVectorTy())
      Args.push_back(enzymeShadowArg(A, P, Act.isActive(A), [&] {
        return shadows(0).pointer(A, &CB);
      }));
  }
  B.SetInsertPoint(NewCall);
  AllocaInst *Out = nullptr;
  if (S.AugSRet) {
    IRBuilder<> EB(&Pair.Augmented->getEntryBlock(),
                   Pair.Augmented->getEntryBlock().begin());
    Out = EB.CreateAlloca(S.AugStruct, nullptr, CB.getName() + ".aug.ret");
    Args.insert(Args.begin(), Out);
  }
  CallInst *Call = B.CreateCall(Rules.EnzymeAugmented, Args);
  Value *Ret = Call;
  if (Out)
    Ret = B.CreateLoad(S.AugStruct, Out);
  Value *Result = S.AugReturnsResult ? Ret : nullptr;
  if (S.AugReturnsTape)
    EnzymeTapes[&CB] = Ret;
  if (S.TapeField >= 0)
    EnzymeTapes[&CB] = B.CreateExtractValue(Ret, S.TapeField, CB.getName() + ".tape");
  if (S.ResultField >= 0)
    Result = B.CreateExtractValue(Ret, S.ResultField);
  if (S.ShadowField >= 0 && CB.getType()->isPointerTy() && Act.isActive(&CB))
    shadows(0).set(&CB, B.CreateExtractValue(Ret, S.ShadowField,
                                             CB.getName() + ".shadow"));
  if (!Result)
    Result = CB.getType()->isVoidTy() ? static_cast<Value *>(Call)
                                      : PoisonValue::get(CB.getType());
  NewCall->replaceAllUsesWith(Result);
  VMap[&CB] = Result;
  NewCall->eraseFromParent();
}

void ReverseBuilder::callEnzymeReverse(CallBase &CB, const FunctionRules &Rules) {
  auto It = EnzymeShapes.find(&CB);
  if (It == EnzymeShapes.end())
    return; // Refused by the augmented sweep.
  const EnzymeGradientShape &S = It->second;
  SmallVector<Value *, 8> Args;
  for (Value *A : CB.args()) {
    Value *P = primal(A);
    Args.push_back(P);
    if (!A->getType()->isFPOrFPVectorTy())
      Args.push_back(enzymeShadowArg(A, P, Act.isActive(A),
                                     [&] { return primalShadow(A, &CB); }));
  }
  Type *R = CB.getType();
  if (R->isFPOrFPVectorTy())
    Args.push_back(hasAdjoint(&CB) ? takeAdjoint(&CB) : Constant::getNullValue(R));
  if (S.RevTakesTape) {
    Value *Tape = EnzymeTapes.lookup(&CB);
    Args.push_back(fromTape(Tape, false, Tape));
  }
  AllocaInst *Out = nullptr;
  if (S.RevSRet) {
    IRBuilder<> EB(RevEntry, RevEntry->begin());
    Out = EB.CreateAlloca(S.RevResult, nullptr, CB.getName() + ".rev.ret");
    Args.insert(Args.begin(), Out);
  }
  CallInst *Call = RB.CreateCall(Rules.EnzymeReverse, Args);
  Value *Ret = Call;
  if (Out)
    Ret = RB.CreateLoad(S.RevResult, Out);
  // The adjoints of the floating-point arguments, in order.
  unsigned J = 0;
  for (Value *A : CB.args()) {
    if (!A->getType()->isFPOrFPVectorTy())
      continue;
    Value *D = Ret;
    if (Ret->getType()->isStructTy())
      D = RB.CreateExtractValue(Ret, J);
    else if (isa<FixedVectorType>(Ret->getType()))
      D = RB.CreateExtractElement(Ret, RB.getInt32(J));
    ++J;
    if (hasAdjoint(A))
      addAdjoint(A, D);
  }
}

} // namespace eddy
